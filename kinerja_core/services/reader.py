"""The reader: the one way the GraphQL layer reads rows, handing out only what the viewer may read.

Every edge of the graph (``WorkResult.plan``, ``Realization.evidence``, ``Employee.plans``...)
asks the reader, never a table. The reader decides with the rules of
:mod:`kinerja_core.auth.access`, grouped by what a row belongs to:

- **org chart** (agencies, units, positions, monitoring periods, organisation ratings):
  every signed-in user;
- **SKP family** (the plan, its RHK, IKI, realisasi, evidence, feedback, rencana aksi,
  behaviour expectations, evaluations and appeals): readable exactly when the SKP is
  (:func:`kinerja_core.auth.access.plan_readable`);
- **an agency's own data** (plugin tables registered with :func:`register_agency_data`):
  the agency's employees, head and admins, central admins;
- **people** named on something the viewer may read (an SKP's employee, rater and rater's
  superior; who gave feedback, recorded a realisasi, uploaded evidence, decided an appeal, set
  an organisation rating) and their assignments: shown with it. What reaches further from a
  person (``Employee.plans``) goes through the SKP rule again.

The viewer's scope (agencies and people they may read) is computed once per request and kept
here; each check is then a set look-up over rows the DataLoaders fetched in batches, so an
access check costs no statement of its own. Which SKP a row belongs to is remembered as rows
are handed out, so a child's check never needs its parents loaded again.

The interface is ``one`` / ``many`` / ``children`` returning rows (today ORM objects); a
read model returning plain rows can replace the loaders without changing a caller.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from kinerja_core import models
from kinerja_core.auth import access
from kinerja_core.auth.viewer import Viewer
from kinerja_core.services.context import ServiceContext
from kinerja_core.services.loaders import NOT_READY, Loaders, loaded

ORG_CHART: frozenset[type] = frozenset(
    {models.Agency, models.Unit, models.Position, models.Period, models.OrganizationRating}
)
PEOPLE: frozenset[type] = frozenset({models.Employee, models.Assignment})
# SKP-family rows that carry their plan id themselves
OWN_PLAN: frozenset[type] = frozenset(
    {models.WorkResult, models.Feedback, models.Evaluation, models.BehaviorExpectation}
)
# the others: (foreign key, parent model) up to a row that knows its plan
PLAN_PARENT: dict[type, tuple[str, type]] = {
    models.Indicator: ("work_result_id", models.WorkResult),
    models.ActionPlan: ("work_result_id", models.WorkResult),
    models.Realization: ("indicator_id", models.Indicator),
    models.Evidence: ("realization_id", models.Realization),
    models.Appeal: ("evaluation_id", models.Evaluation),
}
PLAN_FAMILY: frozenset[type] = OWN_PLAN | frozenset(PLAN_PARENT) | {models.PerformancePlan}
# an agency's own data (plugin tables): model -> its agency id, or None for rows that belong
# to the row they are listed under (e.g. a report's lines)
AGENCY_DATA: dict[type, Callable[[Any], int] | None] = {}


def register_agency_data(model: type, agency_of: Callable[[Any], int] | None = None) -> None:
    """Make ``model`` an agency's own data for the reader (a plugin's tables).

    Its rows are read by the agency's employees, head and admins and by central admins
    (``access.may_read_agency_data``); ``agency_of`` gives a row's agency (default: its
    ``agency_id``). Rows reached only under a registered parent: :func:`register_agency_rows`.
    """
    AGENCY_DATA[model] = agency_of or (lambda row: row.agency_id)


def register_agency_rows(model: type) -> None:
    """``model``'s rows are read only as children of a registered row (they share its agency)."""
    AGENCY_DATA[model] = None


def model_of(row: Any) -> type:
    """The model of a row: an ORM object's class, or a plain row's ``__model__`` (rows.py)."""
    return getattr(row, "__model__", None) or type(row)


class Reader:
    """Per request (and per subscription event): rows the viewer may read, in batches."""

    def __init__(self, ctx: ServiceContext, loaders: Loaders | None = None) -> None:
        self.ctx = ctx
        self.loaders = loaders if loaders is not None else Loaders()
        self.viewer: Viewer | None = ctx.viewer
        self._scope: asyncio.Future | None = None
        self._plan_ok: dict[int, bool] = {}
        self._plan_of: dict[tuple[type, int], int] = {}
        # rows a read put at hand (plugin_reads): (model, id) -> row, and
        # (model, fk, order_by, parent id) -> rows; plain dicts, no future per row
        self._held: dict[tuple, Any] = {}
        # (convert, model, id) -> what a resolver made of a held row (graphql.types.base)
        self.converted: dict[tuple, Any] = {}
        # (sql, params) -> the pending or done read of plain rows (services.plugin_reads)
        self.statements: dict[tuple, Any] = {}

    def hold(self, model: type, rows: Iterable[Any]) -> None:
        """Keep ``rows`` of ``model`` at hand for :meth:`one` and :meth:`one_now` (their rule
        is still applied when they are handed out)."""
        held = self._held
        for row in rows:
            held[(model, row.id)] = row

    def hold_children(
        self, model: type, fk: str, order_by: tuple[str, ...], groups: dict[int, list[Any]]
    ) -> None:
        """Keep ``{parent id: rows}`` at hand for :meth:`children` (no extra filters),
        :meth:`children_now` and :meth:`agency_children_now` of ``model`` by ``fk`` in
        ``order_by`` order."""
        held = self._held
        for parent_id, rows in groups.items():
            held[(model, fk, order_by, parent_id)] = rows

    # -- the viewer's scope, once -----------------------------------------------------------

    async def scope(self) -> access.ReadScope:
        """Agencies and people the viewer may read (one statement, shared by the request)."""
        viewer = self.ctx.require_viewer()
        if self._scope is None:
            self._scope = asyncio.ensure_future(access.read_scope(viewer))
        return await self._scope

    # -- SKP family ----------------------------------------------------------------------

    async def readable_plan_ids(self, plan_ids: Iterable[int]) -> set[int]:
        """Which of these SKP ids the viewer may read (one batched load of unknown plans)."""
        ids = set(plan_ids)
        unknown = sorted(i for i in ids if i not in self._plan_ok)
        if unknown:
            rows = await self.loaders.by_id(models.PerformancePlan).load_many(unknown)
            await self._judge_plans([r for r in rows if r is not None])
            for plan_id in unknown:
                self._plan_ok.setdefault(plan_id, False)  # gone: nobody reads it
        return {i for i in ids if self._plan_ok[i]}

    async def _judge_plans(self, plans: Sequence[Any]) -> None:
        fresh = [p for p in plans if p.id not in self._plan_ok]
        if not fresh:
            return
        viewer = self.ctx.require_viewer()
        # the viewer's own SKP and those they rate need no scope (my dashboard: no subtree
        # read at all); the others are judged with it
        others = []
        for plan in fresh:
            # named on it, or overseeing its agency (head, admin, BKPSDM): no scope read
            if access.plan_named(viewer, plan) or viewer.sees_agency(plan.agency_id):
                self._plan_ok[plan.id] = True
            else:
                others.append(plan)
        if others:
            scope = await self.scope()
            for plan in others:
                self._plan_ok[plan.id] = access.plan_readable(viewer, scope, plan)

    async def _plan_ids(self, model: type, rows: Sequence[Any]) -> list[int]:
        if model is models.PerformancePlan:
            await self._judge_plans(rows)
            return [r.id for r in rows]
        if model in OWN_PLAN:
            return [r.plan_id for r in rows]
        fk, parent_model = PLAN_PARENT[model]
        result: list[int | None] = [self._plan_of.get((model, r.id)) for r in rows]
        missing = [r for r, p in zip(rows, result, strict=True) if p is None]
        if missing:
            parent_ids = sorted({getattr(r, fk) for r in missing})
            known = {
                pid: self._plan_of[(parent_model, pid)]
                for pid in parent_ids
                if (parent_model, pid) in self._plan_of
            }
            to_load = [pid for pid in parent_ids if pid not in known]
            if to_load:
                parents = await self._rows(parent_model, to_load)
                present = [p for p in parents if p is not None]
                for parent, plan_id in zip(
                    present, await self._plan_ids(parent_model, present), strict=True
                ):
                    known[parent.id] = plan_id
                    self._plan_of[(parent_model, parent.id)] = plan_id
            for i, row in enumerate(rows):
                if result[i] is None:
                    result[i] = known.get(getattr(row, fk), 0)
        return [p or 0 for p in result]

    async def _keep(self, model: type, rows: Sequence[Any]) -> list[Any]:
        """The rows among ``rows`` the viewer may read, in order."""
        rows = [r for r in rows if r is not None]
        if not rows:
            return []
        if model in ORG_CHART or model in PEOPLE:
            self.ctx.require_viewer()
            return list(rows)
        if model in AGENCY_DATA:
            agency_of = AGENCY_DATA[model]
            if agency_of is None:
                raise LookupError(f"{model.__name__} rows are read under their parent only")
            viewer = self.ctx.require_viewer()
            return [r for r in rows if access.may_read_agency_data(viewer, agency_of(r))]
        if model not in PLAN_FAMILY:
            raise LookupError(f"the reader has no rule for {model.__name__}")
        plan_ids = await self._plan_ids(model, rows)
        allowed = await self.readable_plan_ids(plan_ids)
        kept = []
        for row, plan_id in zip(rows, plan_ids, strict=True):
            self._plan_of[(model, row.id)] = plan_id
            if plan_id in allowed:
                kept.append(row)
        return kept

    # -- the edges ------------------------------------------------------------------------

    async def one(self, model: type, row_id: int | None) -> Any | None:
        """The row ``row_id`` of ``model`` if the viewer may read it, else None."""
        if row_id is None:
            return None
        row = self._held.get((model, row_id), NOT_READY)
        if row is NOT_READY:
            row = await self.loaders.by_id(model).load(row_id)
        kept = await self._keep(model, [row])
        return kept[0] if kept else None

    def one_now(self, model: type, row_id: int | None) -> Any:
        """What :meth:`one` answers, without waiting, when that needs neither a statement nor
        a pending check: the row is held (``read_rows``) or in the request's loader, and
        either its rule is the org chart's or people's (every signed-in viewer) or an agency's
        own data (a set look-up), or it is of the SKP family and its SKP is already judged (a
        read model loaded it, or an earlier edge did). Else :data:`NOT_READY` (then await
        ``one``)."""
        if row_id is None:
            return None
        family = model in PLAN_FAMILY
        agency_of = None if family else AGENCY_DATA.get(model)
        if not family and agency_of is None and model not in ORG_CHART and model not in PEOPLE:
            return NOT_READY
        row = self._held.get((model, row_id), NOT_READY)
        if row is NOT_READY:
            row = loaded(self.loaders.by_id(model), row_id)
        if row is NOT_READY or row is None:
            return row
        if family:
            # an SKP, or a row carrying its SKP's id, whose SKP is already judged: the same
            # answer as ``_keep`` would give, from what is at hand
            plan_id = self._plan_now(model, row)
            if plan_id is None:
                return NOT_READY
            ok = self._plan_ok.get(plan_id)
            if ok is None:
                return NOT_READY
            self.ctx.require_viewer()
            self._plan_of[(model, row.id)] = plan_id
            return row if ok else None
        viewer = self.ctx.require_viewer()
        if agency_of is not None and not access.may_read_agency_data(viewer, agency_of(row)):
            return None
        return row

    def _plan_now(self, model: type, row: Any) -> int | None:
        """The SKP of an SKP-family row from the row or what the request already knows (no
        statement), else None."""
        if model is models.PerformancePlan:
            return row.id
        if model in OWN_PLAN:
            return row.plan_id
        known = self._plan_of.get((model, row.id))
        if known is not None:
            return known
        fk, parent_model = PLAN_PARENT[model]
        return self._plan_of.get((parent_model, getattr(row, fk)))

    def agency_children_now(
        self, model: type, fk: str, parent: Any, order_by: tuple[str, ...] = ("id",)
    ) -> Any:
        """What :meth:`children` of an agency's own data (``model`` registered with
        ``register_agency_data`` or ``register_agency_rows``, no extra filters) answers,
        without waiting, when the request's loader holds them and the parent's rule needs no
        statement (an agency's own data, the org chart). Else :data:`NOT_READY`."""
        if model not in AGENCY_DATA:
            return NOT_READY
        rows = self._held.get((model, fk, order_by, parent.id), NOT_READY)
        if rows is NOT_READY:
            rows = loaded(self.loaders.children(model, fk, order_by=order_by), parent.id)
        if rows is NOT_READY:
            return rows
        viewer = self.ctx.require_viewer()
        agency_of = AGENCY_DATA[model]
        if agency_of is not None:
            return [r for r in rows if access.may_read_agency_data(viewer, agency_of(r))]
        parent_model = model_of(parent)
        if parent_model in ORG_CHART or parent_model in PEOPLE:
            return list(rows)
        parent_agency = AGENCY_DATA.get(parent_model)
        if parent_agency is None:
            return NOT_READY  # the parent's rule needs a check of its own: await children()
        return list(rows) if access.may_read_agency_data(viewer, parent_agency(parent)) else []

    async def many(self, model: type, row_ids: Sequence[int]) -> list[Any]:
        """The readable rows among ``row_ids``, in that order (missing ones left out)."""
        return await self._keep(model, await self._rows(model, row_ids))

    async def _rows(self, model: type, row_ids: Sequence[int]) -> list[Any]:
        """The rows ``row_ids`` of ``model`` (None for missing ones): held ones at hand, the
        others in one batched load."""
        held = self._held
        rows = [held.get((model, i), NOT_READY) for i in row_ids]
        missing = [i for i, row in zip(row_ids, rows, strict=True) if row is NOT_READY]
        if missing:
            loaded_rows = iter(await self.loaders.by_id(model).load_many(missing))
            rows = [next(loaded_rows) if row is NOT_READY else row for row in rows]
        return rows

    async def children(
        self,
        model: type,
        fk: str,
        parent: Any,
        *,
        order_by: tuple[str, ...] = ("id",),
        **filters: Any,
    ) -> list[Any]:
        """Rows of ``model`` whose ``fk`` is ``parent`` (a row or an id), the readable ones.

        Batched per request. Given the parent row, its SKP is known without a statement.
        """
        parent_id = parent if isinstance(parent, int) else parent.id
        if not isinstance(parent, int):
            await self._note(parent)
        rows = NOT_READY if filters else self._held.get((model, fk, order_by, parent_id), NOT_READY)
        if rows is NOT_READY:
            rows = await self.loaders.children(model, fk, order_by=order_by, **filters).load(
                parent_id
            )
        if model in AGENCY_DATA and AGENCY_DATA[model] is None:
            # rows of their parent: readable with it
            return list(rows) if await self._keep(model_of(parent), [parent]) else []
        up = PLAN_PARENT.get(model)
        if up is not None and up[0] == fk:
            # the parent's SKP is the children's
            plan_id = self._plan_of.get((up[1], parent_id))
            if plan_id is not None:
                for row in rows:
                    self._plan_of.setdefault((model, row.id), plan_id)
        return await self._keep(model, rows)

    def children_now(
        self, model: type, parent: Any, fk: str = "plan_id", order_by: tuple[str, ...] = ("id",)
    ) -> Any:
        """What :meth:`children` (``model`` rows whose ``fk`` is the row ``parent``, in
        ``order_by``, no filters) answers, without waiting, when the request holds them (a
        read model's :meth:`hold_children`, or the loader) and the SKP of every row is already
        judged: the SKP's own rows of a judged SKP
        (``plan_id``), the rows below a row whose SKP is known (an RHK's IKI, an IKI's
        realisasi, a realisasi's evidence, an evaluation's appeal), or rows of several SKPs
        each judged (the RHK citing an RHK). Else :data:`NOT_READY` (then await
        ``children``)."""
        if model not in PLAN_FAMILY:
            return NOT_READY
        rows = self._held.get((model, fk, order_by, parent.id), NOT_READY)
        if rows is NOT_READY:
            rows = loaded(self.loaders.children(model, fk, order_by=order_by), parent.id)
            if rows is NOT_READY:
                return rows
        up = PLAN_PARENT.get(model)
        if up is not None and up[0] == fk:
            # the parent's SKP is the children's: one judgement for all of them
            parent_model = model_of(parent)
            if parent_model is not up[1]:
                return NOT_READY
            plan_id = self._plan_now(parent_model, parent)
            if plan_id is None:
                return NOT_READY
            ok = self._plan_ok.get(plan_id)
            if ok is None:
                return NOT_READY
            self.ctx.require_viewer()
            plan_of = self._plan_of
            for row in rows:
                plan_of[(model, row.id)] = plan_id
            return list(rows) if ok else []
        if model in OWN_PLAN:
            plan_ids = [row.plan_id for row in rows]
        else:
            return NOT_READY
        plan_ok = self._plan_ok
        if any(plan_ok.get(plan_id) is None for plan_id in plan_ids):
            return NOT_READY
        self.ctx.require_viewer()
        kept = []
        for row, plan_id in zip(rows, plan_ids, strict=True):
            self._plan_of[(model, row.id)] = plan_id
            if plan_ok[plan_id]:
                kept.append(row)
        return kept

    def cited_parent_now(self, work_result: Any) -> Any:
        """What :meth:`cited_parent` answers, without waiting, when the citing RHK's SKP is
        judged and the cited RHK is in the request's loader. Else :data:`NOT_READY`."""
        if work_result.parent_id is None:
            return None
        ok = self._plan_ok.get(work_result.plan_id)
        if ok is None:
            return NOT_READY
        if not ok:
            return None
        parent = self._held.get((models.WorkResult, work_result.parent_id), NOT_READY)
        if parent is NOT_READY:
            parent = loaded(self.loaders.by_id(models.WorkResult), work_result.parent_id)
            if parent is NOT_READY:
                return parent
        self.ctx.require_viewer()
        self._plan_of[(models.WorkResult, work_result.id)] = work_result.plan_id
        if parent is not None:
            self._plan_of[(models.WorkResult, parent.id)] = parent.plan_id
        return parent

    async def _note(self, row: Any) -> None:
        """Remember which SKP a row at hand belongs to (judging a plan row in memory)."""
        model = model_of(row)
        if model is models.PerformancePlan:
            await self._judge_plans([row])
            self._plan_of[(model, row.id)] = row.id
        elif model in OWN_PLAN:
            self._plan_of[(model, row.id)] = row.plan_id

    async def keep(self, model: type, rows: Sequence[Any]) -> list[Any]:
        """Filter rows a service fetched (top-level lists, subscription payloads)."""
        return await self._keep(model, rows)

    async def cited_parent(self, work_result: Any) -> Any | None:
        """The RHK ``work_result`` intervenes (cascade upwards).

        Shown when its SKP is readable, and also when the citing RHK is (an employee sees the
        rater's RHK their own cites); what lies beyond it (its SKP, IKI, rencana aksi) still
        goes through the SKP rule, so a cited RHK shows only its own fields.
        """
        if work_result.parent_id is None:
            return None
        if not await self._keep(models.WorkResult, [work_result]):
            return None
        parent = self._held.get((models.WorkResult, work_result.parent_id), NOT_READY)
        if parent is NOT_READY:
            parent = await self.loaders.by_id(models.WorkResult).load(work_result.parent_id)
        if parent is not None:
            self._plan_of[(models.WorkResult, parent.id)] = parent.plan_id
        return parent


def reader_for(ctx: ServiceContext, loaders: Loaders | None = None) -> Reader:
    """The request's reader (a new one when the viewer or the loaders changed)."""
    current: Reader | None = getattr(ctx, "_reader", None)
    if (
        current is None
        or current.viewer is not ctx.viewer
        or (loaders is not None and current.loaders is not loaders)
    ):
        current = Reader(ctx, loaders)
        ctx._reader = current  # type: ignore[attr-defined]
    return current
