"""Import the RHK and IKI (with targets) of one DRAFT SKP from a ``Target`` sheet.

An SKP has tens of rows, not thousands, so each row goes through the one-by-one use cases
themselves (:func:`~kinerja_core.services.plan_contents.add_work_result`,
``add_indicator``, ``update_indicator``): the cascade rule, target shapes, units and plugin
links are checked by exactly the code the mutations run. Each row runs in a savepoint; a
bad row is rolled back and reported, and the whole import is rolled back unless every row
is good (and always for a dry run). RHK are matched by their text within the SKP, IKI by
their text within the RHK, so the same sheet twice changes nothing.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from tortoise.transactions import in_transaction

from kinerja_core.auth import access
from kinerja_core.domain.enums import Aspect, Intervention, PlanStatus, WorkResultKind
from kinerja_core.domain.errors import RuleViolation
from kinerja_core.errors import KinerjaError, ValidationFailed
from kinerja_core.models import ImportJob, Indicator, PerformancePlan, WorkResult
from kinerja_core.services import audit, plan_contents
from kinerja_core.services.bulk_import.plan import RowError, _choice
from kinerja_core.services.bulk_import.state import name_key
from kinerja_core.services.bulk_import.workbook import Problem, Row, header_of
from kinerja_core.services.common import get_or_404
from kinerja_core.services.context import ServiceContext

MAX_TARGET_ROWS = 500
SHEET = "Target"
# service field names -> the sheet's column keys
_FIELD_COLUMNS = {
    "description": "work_result",
    "parentWorkResultId": "parent",
    "intervention": "intervention",
    "targetValue": "target",
    "targetMin": "target_min",
    "targetMax": "target_max",
    "narrativeTarget": "narrative",
    "unit": "unit",
}


class _Rollback(Exception):
    """Raised at the end of a dry run or of a file with bad rows: undo every row."""


def _number(row: Row, key: str) -> Decimal | None:
    text = row.text(key).replace(",", ".")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise RowError(key, "import.number", value=row.text(key)) from None


class TargetImport:
    def __init__(self, ctx: ServiceContext, plan: PerformancePlan) -> None:
        self.ctx, self.plan = ctx, plan
        self.counts = {"created": 0, "updated": 0, "unchanged": 0}
        self.problems: list[Problem] = []
        self.work_results: dict[str, WorkResult] = {}
        self.parents: dict[str, Any] = {}

    async def load(self) -> None:
        for row in await WorkResult.filter(plan_id=self.plan.id):
            self.work_results.setdefault(name_key(row.description), row)
        if self.plan.rater_id is not None:
            candidates = await WorkResult.filter(
                plan__employee_id=self.plan.rater_id, plan__year=self.plan.year
            ).exclude(plan__status=PlanStatus.CLOSED)
            for row in candidates:
                self.parents.setdefault(name_key(row.description), row.id)

    async def row(self, row: Row) -> None:
        kind = _choice(row.text("kind"), WorkResultKind, "kind", WorkResultKind.UTAMA)
        text = row.text("work_result")
        parent_id = None
        if row.text("parent"):
            parent_id = self.parents.get(name_key(row.text("parent")))
            if parent_id is None:
                raise RowError("parent", "import.unknown_parent_rhk", text=row.text("parent"))
        intervention = (
            _choice(row.text("intervention"), Intervention, "intervention")
            if row.text("intervention")
            else None
        )
        work_result = self.work_results.get(name_key(text))
        created_rhk = False
        if work_result is None:
            work_result = await plan_contents.add_work_result(
                self.ctx, self.plan.id, text, kind,
                parent_work_result_id=parent_id, intervention=intervention,
            )  # fmt: skip
            self.work_results[name_key(text)] = work_result
            created_rhk = True
        if not row.text("indicator"):
            self.counts["created" if created_rhk else "unchanged"] += 1
            return
        aspect = _choice(row.text("aspect"), Aspect, "aspect", Aspect.KUANTITAS)
        values = {
            "target_value": _number(row, "target"),
            "target_min": _number(row, "target_min"),
            "target_max": _number(row, "target_max"),
            "narrative_target": row.text("narrative") or None,
        }
        description = row.text("indicator")
        existing = next(
            (
                i
                for i in await Indicator.filter(work_result_id=work_result.id)
                if name_key(i.description) == name_key(description)
            ),
            None,
        )
        if existing is None:
            await plan_contents.add_indicator(
                self.ctx, work_result.id, description, aspect=aspect, unit=row.text("unit"),
                **values,
            )  # fmt: skip
            self.counts["created"] += 1
            return
        stored = {
            "target_value": existing.target_value,
            "target_min": existing.target_min,
            "target_max": existing.target_max,
            "narrative_target": existing.narrative_target or None,
        }
        same = all(
            (stored[k] is None and v is None)
            or (stored[k] is not None and v is not None and Decimal(str(stored[k])) == v)
            or (k == "narrative_target" and stored[k] == v)
            for k, v in values.items()
        )
        if same and existing.aspect == aspect and existing.unit == row.text("unit"):
            self.counts["unchanged"] += 1
            return
        await plan_contents.update_indicator(
            self.ctx, existing.id, aspect=aspect, unit=row.text("unit"), **values
        )
        self.counts["updated"] += 1


def _problem(row: Row, exc: RowError | KinerjaError | RuleViolation) -> Problem:
    """Where a refused row went wrong: the sheet's column for the service's field."""
    if isinstance(exc, RowError):
        key = exc.column
    else:
        key = _FIELD_COLUMNS.get(exc.field or "")
        if exc.field == "description" and row.text("indicator"):
            key = "indicator"  # add_indicator's description is the Indikator column
    column = header_of(SHEET, key) if key else None
    params = dict(getattr(exc, "params", {}) or {})
    return Problem(SHEET, row.line, column, exc.code, params)


async def import_targets(
    ctx: ServiceContext, plan_id: Any, files: list[tuple[str, bytes]], *, dry_run: bool
) -> ImportJob:
    """The owner loads RHK and IKI into their DRAFT SKP; returns the finished job."""
    from kinerja_core.services.bulk_import.jobs import DONE, REJECTED, _read

    viewer = ctx.require_viewer()
    plan = await get_or_404(PerformancePlan, plan_id, "planId")
    access.require_plan_owner(viewer, plan)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationFailed("import.plan_not_draft", field="planId")
    book = _read(files, only=(SHEET,))
    rows = book.sheets.get(SHEET, [])
    if len(rows) > MAX_TARGET_ROWS:
        raise ValidationFailed("import.too_many_rows", field="file", max=MAX_TARGET_ROWS)
    job = await ImportJob.create(
        kind="targets",
        filename=", ".join(name for name, _ in files)[:200],
        dry_run=dry_run,
        actor_account_id=viewer.account_id,
        actor_nip=viewer.nip,
        total_rows=len(rows),
        request_id=ctx.request_id,
    )
    work = TargetImport(ctx, plan)
    work.problems.extend(book.problems)
    try:
        async with ctx.transaction():
            await work.load()
            for row in rows:
                known = dict(work.work_results)  # a rolled-back row's RHK must be forgotten
                try:
                    async with in_transaction():  # a savepoint: a bad row leaves nothing
                        await work.row(row)
                except (RowError, KinerjaError, RuleViolation) as exc:
                    work.work_results = known
                    work.problems.append(_problem(row, exc))
            if work.problems or dry_run:
                raise _Rollback
            await audit.record(
                ctx, "import.targets", "PerformancePlan", plan.id,
                after={"job": job.id, "counts": work.counts},
            )  # fmt: skip
    except _Rollback:
        pass
    job.processed_rows = len(rows)
    job.counts = {SHEET: work.counts}
    job.status = REJECTED if work.problems else DONE
    job.problem_count = len(work.problems)
    job.problems = [p.as_json() for p in work.problems]
    job.finished_at = ctx.now()
    await job.save()
    return job
