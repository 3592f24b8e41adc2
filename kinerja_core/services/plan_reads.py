"""Read models of one SKP and of evaluations: SKP detail, one evaluation, an SKP's evaluations.

The general edges read these through the per-request DataLoaders, one ORM statement per edge
and depth, each row built as a tortoise model, and each edge waited for as an awaitable.
Here each part is one statement as plain rows (:mod:`kinerja_core.services.rows`), the rows
a part names joined in (an SKP's people and org, a realisasi's period, an evaluation's period
and rater, an appeal's decider), and only the parts the query selects:

- the SKP with its employee, position, unit, agency, rater and rater's superior;
- its RHK with the RHK each cites, the RHK citing them with their SKPs and employees;
- the RHK's IKI, their realisasi with the periods, the realisasi's bukti dukung;
- its behaviour expectations, its feedback with the authors;
- its evaluations with periods (and raters), their appeals with who decided them.

The rows are held by the request's reader (``Reader.hold`` / ``hold_children``: plain dicts,
no DataLoader future per row) under the keys the resolvers ask (``Reader.one`` by id,
``Reader.children`` by parent and order), so the edges answer at once (``Reader.one_now`` /
``children_now`` / ``cited_parent_now``: the same rows, the same rule). Access is judged by the
reader as for any edge: the SKP through ``Reader.keep`` (``access.plan_named``, the agency's
overseers, else the viewer's scope), the SKPs of citing RHK likewise; every other row is of a
judged SKP or of the org chart and people named on it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from kinerja_core import models
from kinerja_core.errors import NotAllowed, NotFound
from kinerja_core.services.inputs import parse_id
from kinerja_core.services.reader import Reader
from kinerja_core.services.rows import (
    Row,
    column_count,
    column_index,
    columns,
    fetch_rows,
    maker_at,
)
from kinerja_core.sql import fetch_tuples, int_list


@dataclass(frozen=True)
class PlanParts:
    """Which parts the query asked for (the others are left to the general edges)."""

    people: bool = True  # the SKP's employee, rater, superior, position, unit, agency
    work_results: bool = True
    parents: bool = True  # the RHK each RHK cites
    children: bool = True  # the RHK citing them, with their SKPs and employees
    indicators: bool = True
    realizations: bool = True  # with their periods
    evidence: bool = True
    expectations: bool = True
    feedback: bool = True  # with the authors
    evaluations: bool = True  # with their periods
    raters: bool = True  # the evaluations' raters
    appeals: bool = True  # with who decided them

    @classmethod
    def of(cls, names: set[str]) -> PlanParts:
        """The parts named by the field names a query selects (fragments flattened)."""
        return cls(
            people=bool(
                names & {"employee", "position", "unit", "agency", "rater", "raterSuperior"}
            ),
            work_results="workResults" in names,
            parents="parent" in names,
            children="children" in names,
            indicators="indicators" in names,
            realizations="realizations" in names,
            evidence="evidence" in names,
            expectations="behaviorExpectations" in names,
            feedback="feedback" in names,
            evaluations="evaluations" in names,
            raters="rater" in names,
            appeals="appeal" in names,
        )


# the rows joined to a part: (model, alias, prefix, join condition)
_PLAN_PEOPLE = (
    (models.Employee, "e", "e_", "e.id = pp.employee_id"),
    (models.Position, "po", "po_", "po.id = pp.position_id"),
    (models.Unit, "u", "u_", "u.id = pp.unit_id"),
    (models.Agency, "ag", "ag_", "ag.id = pp.agency_id"),
    (models.Employee, "r", "r_", "r.id = pp.rater_id"),
    (models.Employee, "s", "s_", "s.id = pp.rater_superior_id"),
)


async def _joined(
    model: type,
    alias: str,
    joins: Iterable[tuple[type, str, str, str]],
    where: str,
    params: list[Any] | None = None,
    order: str = "",
) -> list[tuple[Row, list[tuple[type, Row]]]]:
    """Rows of ``model`` with the rows of ``joins`` (LEFT JOIN, missing ones left out).

    Read by position (no dict per result row), and a joined row named by several rows (the
    period of 78 realisasi, the employee of several citing RHK) is built once and shared."""
    joins = tuple(joins)
    select, makers = _select(model, alias, joins)
    sql = f"{select} WHERE {where}" + (f" ORDER BY {order}" if order else "")
    make = makers[0][1]
    out = []
    built: dict[tuple[type, Any], Row] = {}
    for values in await fetch_tuples(sql, params or []):
        others = []
        for joined, make_joined, at_id in makers[1:]:
            joined_id = values[at_id]
            if joined_id is None:
                continue
            row = built.get((joined, joined_id))
            if row is None:
                row = built[(joined, joined_id)] = make_joined(values)
            others.append((joined, row))
        out.append((make(values), others))
    return out


@cache
def _select(
    model: type, alias: str, joins: tuple[tuple[type, str, str, str], ...]
) -> tuple[str, tuple[tuple[type, Any, int], ...]]:
    """``SELECT ... FROM ... LEFT JOIN ...`` of :func:`_joined` and, for ``model`` then each
    joined model, its row maker by position and where its id is (built once per shape)."""
    select = [columns(model, alias)] + [columns(m, a, p) for m, a, p, _ in joins]
    sql = f"SELECT {', '.join(select)} FROM {model._meta.db_table} {alias}" + "".join(
        f" LEFT JOIN {m._meta.db_table} {a} ON {on}" for m, a, _, on in joins
    )
    makers = []
    offset = 0
    for m in (model, *(m for m, _, _, _ in joins)):
        makers.append((m, maker_at(m, offset), offset + column_index(m, "id")))
        offset += column_count(m)
    return sql, tuple(makers)


def _hold(reader: Reader, rows: Iterable[tuple[type, Row]]) -> None:
    """Hold each ``(model, row)`` for ``Reader.one`` by id."""
    for model, row in rows:
        reader.hold(model, (row,))


def _hold_children(
    reader: Reader,
    model: type,
    fk: str,
    parent_ids: Iterable[int],
    rows: list[Row],
    order_by: tuple[str, ...] = ("id",),
) -> None:
    """``Reader.children(model, fk, parent, order_by=...)`` of each parent: ``rows`` (in that
    order) grouped by ``fk``, held; every row by id too."""
    grouped: dict[int, list[Row]] = {parent_id: [] for parent_id in parent_ids}
    for row in rows:
        grouped[getattr(row, fk)].append(row)
    reader.hold(model, rows)
    reader.hold_children(model, fk, order_by, grouped)


async def _children(
    reader: Reader,
    model: type,
    alias: str,
    joins: list[tuple[type, str, str, str]],
    fk: str,
    parent_ids: list[int],
    order_by: tuple[str, ...] = ("id",),
    order: str = "",
) -> tuple[list[Row], list[tuple[type, Row]]]:
    """The ``model`` rows whose ``fk`` is one of ``parent_ids`` with their joined rows (one
    statement, in ``order_by``: ``order`` in SQL), held as ``Reader.children`` asks them;
    the rows and the joined rows (not held: the caller knows whose they are), each once."""
    found = await _joined(
        model,
        alias,
        joins,
        f"{alias}.{fk} IN {int_list(parent_ids)}",
        order=order or ", ".join(f'{alias}."{c}"' for c in order_by),
    )
    rows = [row for row, _ in found]
    _hold_children(reader, model, fk, parent_ids, rows, order_by)
    joined = {id(row): (m, row) for _, others in found for m, row in others}  # each once
    return rows, list(joined.values())


async def _readable_plan(reader: Reader, plan: Row | None, plan_id: Any, field: str) -> Row:
    """``plan`` if the viewer may read it; NotFound / NotAllowed as ``get_plan`` raises."""
    if plan is None:
        raise NotFound("not_found", field=field, entity="PerformancePlan", id=plan_id)
    if not await reader.keep(models.PerformancePlan, [plan]):
        raise NotAllowed("access.denied")
    reader.hold(models.PerformancePlan, [plan])
    return plan


async def plan_detail(reader: Reader, plan_id: Any, parts: PlanParts = PlanParts()) -> Row:
    """The SKP ``plan_id`` (``Query.plan``) with the parts asked held for its edges."""
    reader.ctx.require_viewer()
    key = parse_id(plan_id, "id")
    found = await _joined(
        models.PerformancePlan, "pp", _PLAN_PEOPLE if parts.people else (), "pp.id = ?", [key]
    )
    plan = await _readable_plan(reader, found[0][0] if found else None, plan_id, "id")
    _hold(reader, found[0][1])
    if parts.work_results:
        await _work_results(reader, plan, parts)
    if parts.expectations:
        _hold_children(
            reader,
            models.BehaviorExpectation,
            "plan_id",
            [plan.id],
            await fetch_rows(
                models.BehaviorExpectation,
                f"SELECT {columns(models.BehaviorExpectation, 'b')} FROM behavior_expectation b"
                " WHERE b.plan_id = ? ORDER BY b.id",
                [plan.id],
            ),
        )
    if parts.feedback:
        authors = [(models.Employee, "a", "a_", "a.id = f.author_id")]
        _, joined = await _children(reader, models.Feedback, "f", authors, "plan_id", [plan.id])
        _hold(reader, joined)
    if parts.evaluations:
        await _evaluations(reader, [plan.id], parts)
    return plan


async def _work_results(reader: Reader, plan: Row, parts: PlanParts) -> None:
    """The SKP's RHK (with the RHK they cite), those citing them, IKI, realisasi, evidence."""
    joins = [(models.WorkResult, "pw", "pw_", "pw.id = w.parent_id")] if parts.parents else []
    found = await _joined(
        models.WorkResult, "w", joins, "w.plan_id = ?", [plan.id], 'w."order", w.id'
    )
    results = [w for w, _ in found]
    order = ("order", "id")
    _hold_children(reader, models.WorkResult, "plan_id", [plan.id], results, order)
    _hold(reader, {id(row): (m, row) for _, others in found for m, row in others}.values())
    ids = [w.id for w in results]
    if not ids:
        return
    if parts.children:
        await _citing(reader, ids)
    if not parts.indicators:
        return
    indicators = await fetch_rows(
        models.Indicator,
        f"SELECT {columns(models.Indicator, 'i')} FROM indicator i"
        f' WHERE i.work_result_id IN {int_list(ids)} ORDER BY i."order", i.id',
    )
    _hold_children(reader, models.Indicator, "work_result_id", ids, indicators, order)
    if not parts.realizations or not indicators:
        return
    realizations, periods = await _children(
        reader,
        models.Realization,
        "r",
        [(models.Period, "pe", "pe_", "pe.id = r.period_id")],
        "indicator_id",
        [i.id for i in indicators],
        ("period_id",),
        "r.period_id, r.id",  # one per IKI and period
    )
    _hold(reader, periods)
    if parts.evidence and realizations:
        realization_ids = [r.id for r in realizations]
        evidence = await fetch_rows(
            models.Evidence,
            f"SELECT {columns(models.Evidence, 'x')} FROM evidence x"
            f" WHERE x.realization_id IN {int_list(realization_ids)} ORDER BY x.id",
        )
        _hold_children(reader, models.Evidence, "realization_id", realization_ids, evidence)


async def _citing(reader: Reader, ids: list[int]) -> None:
    """The RHK citing the RHK ``ids`` (other SKPs), their SKPs judged, their employees."""
    _, joined = await _children(
        reader,
        models.WorkResult,
        "c",
        [
            (models.PerformancePlan, "cp", "cp_", "cp.id = c.plan_id"),
            (models.Employee, "ce", "ce_", "ce.id = cp.employee_id"),
        ],
        "parent_id",
        ids,
        ("plan_id", "order", "id"),
    )
    plans = {row.id: row for m, row in joined if m is models.PerformancePlan}
    # judged now, so that the edges answer at once (the same rule as Reader.children)
    await reader.keep(models.PerformancePlan, list(plans.values()))
    _hold(reader, joined)


async def _evaluations(
    reader: Reader, plan_ids: list[int], parts: PlanParts
) -> tuple[list[Row], dict[int, Row]]:
    """The evaluations of readable SKPs ``plan_ids`` with their periods (and raters) and
    appeals (with who decided them), held; the rows in id order and their periods."""
    joins = [(models.Period, "pe", "pe_", "pe.id = ev.period_id")]
    if parts.raters:
        joins.append((models.Employee, "r", "r_", "r.id = ev.rater_id"))
    rows, joined = await _children(reader, models.Evaluation, "ev", joins, "plan_id", plan_ids)
    _hold(reader, joined)
    if parts.appeals and rows:
        await _appeals(reader, [e.id for e in rows])
    return rows, {r.id: r for m, r in joined if m is models.Period}


async def _appeals(reader: Reader, evaluation_ids: list[int]) -> None:
    deciders = [(models.Employee, "d", "d_", "d.id = ap.decided_by_id")]
    _, joined = await _children(
        reader, models.Appeal, "ap", deciders, "evaluation_id", evaluation_ids
    )
    _hold(reader, joined)


def chronological(row: Any, periods: dict[int, Any]) -> tuple:
    """The order of an SKP's evaluations: periodic by period start, then the annual one."""
    if row.period_id is None:
        return (1, dt.date.max, row.id)
    return (0, periods[row.period_id].start_date, row.id)


async def plan_evaluations(
    reader: Reader, plan_id: Any, parts: PlanParts = PlanParts()
) -> list[Row]:
    """``Query.evaluations``: the evaluations of the SKP ``plan_id``, periodic in period
    order, then annual; NotFound / NotAllowed as ``services.evaluation.plan_evaluations``."""
    reader.ctx.require_viewer()
    key = parse_id(plan_id, "planId")
    plans = await fetch_rows(
        models.PerformancePlan,
        f"SELECT {columns(models.PerformancePlan, 'pp')} FROM performance_plan pp WHERE pp.id = ?",
        [key],
    )
    plan = await _readable_plan(reader, plans[0] if plans else None, plan_id, "planId")
    rows, periods = await _evaluations(reader, [plan.id], parts)
    return sorted(rows, key=lambda r: chronological(r, periods))


async def evaluation_detail(
    reader: Reader, evaluation_id: Any, parts: PlanParts = PlanParts()
) -> Row:
    """``Query.evaluation``: one evaluation with its SKP, period, rater (and appeal) held;
    NotFound / NotAllowed as ``services.evaluation.get_evaluation``."""
    reader.ctx.require_viewer()
    key = parse_id(evaluation_id, "id")
    joins = [
        (models.PerformancePlan, "pp", "pp_", "pp.id = ev.plan_id"),
        (models.Period, "pe", "pe_", "pe.id = ev.period_id"),
        (models.Employee, "r", "r_", "r.id = ev.rater_id"),
    ]
    found = await _joined(models.Evaluation, "ev", joins, "ev.id = ?", [key])
    if not found:
        raise NotFound("not_found", field="id", entity="Evaluation", id=evaluation_id)
    row, others = found[0]
    plan = next((r for m, r in others if m is models.PerformancePlan), None)
    await _readable_plan(reader, plan, row.plan_id, "id")
    _hold(reader, [(m, r) for m, r in others if m is not models.PerformancePlan])
    reader.hold(models.Evaluation, [row])
    if parts.appeals:
        await _appeals(reader, [row.id])
    return row
