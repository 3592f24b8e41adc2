"""My dashboard's read model: the viewer's SKPs, open periods and SKPs to review, in a few
statements whatever the number of SKPs and evaluations.

Each part comes from one statement for all the viewer's SKPs, as plain rows
(:mod:`kinerja_core.services.rows`), and only when the query selects it:

1. the viewer's SKPs of the year (newest first) and the SKPs they rate waiting for them;
2. the people named on those (raters, employees to review);
3. the SKPs' progress (``dashboard.plan_progress``, three grouped statements);
4. their evaluations and the evaluations' periods;
5. the agency's open periods of the year;
6. the viewer's assignments with their positions and units (``Employee.currentPosition``).

The rows are handed to the request's loaders under the keys the resolvers ask
(``PerformancePlan.rater``, ``.progress``, ``.evaluations``, ``Evaluation.period``,
``Employee.currentPosition``, ``Position.unit``), so those read them at once. The SKP rows go
through the reader (``Reader.keep``): the viewer's own SKPs and those they rate are readable
by ``access.plan_named``, with no scope read.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from kinerja_core import models
from kinerja_core.domain.enums import PeriodStatus, PlanStatus
from kinerja_core.services.dashboard import plan_progress
from kinerja_core.services.loaders import NOT_READY, loaded
from kinerja_core.services.reader import Reader
from kinerja_core.services.rows import Row, columns, fetch_rows, to_row
from kinerja_core.sql import fetch_all, int_list


@dataclass(frozen=True)
class Parts:
    """Which parts the query asked for (the others are not loaded)."""

    plans: bool = True
    plans_to_review: bool = True
    open_periods: bool = True
    people: bool = True  # raters of my SKPs, employees of the SKPs to review
    progress: bool = True
    evaluations: bool = True
    current_position: bool = True


@dataclass
class MyDashboardData:
    plans: list[Row] = field(default_factory=list)
    plans_to_review: list[Row] = field(default_factory=list)
    open_periods: list[Row] = field(default_factory=list)


async def my_dashboard(
    reader: Reader, employee: Any, year: int, parts: Parts = Parts()
) -> MyDashboardData:
    """The dashboard of ``employee`` (the viewer's employee row) for ``year``."""
    data = MyDashboardData()
    plan_columns = columns(models.PerformancePlan, "pp")
    if parts.plans:
        data.plans = await reader.keep(
            models.PerformancePlan,
            await fetch_rows(
                models.PerformancePlan,
                f"SELECT {plan_columns} FROM performance_plan pp"
                " WHERE pp.employee_id = ? AND pp.year = ? ORDER BY pp.id DESC",
                [employee.id, year],
            ),
        )
    if parts.plans_to_review:
        data.plans_to_review = await reader.keep(
            models.PerformancePlan,
            await fetch_rows(
                models.PerformancePlan,
                f"SELECT {plan_columns} FROM performance_plan pp WHERE pp.rater_id = ?"
                " AND pp.year = ? AND pp.status = ? ORDER BY pp.id",
                [employee.id, year, PlanStatus.SUBMITTED.value],
            ),
        )
    if parts.open_periods:
        data.open_periods = await fetch_rows(
            models.Period,
            f"SELECT {columns(models.Period, 'pe')} FROM period pe WHERE pe.agency_id = ?"
            " AND pe.year = ? AND pe.status = ? ORDER BY pe.number",
            [employee.agency_id, year, PeriodStatus.OPEN.value],
        )
        _prime_by_id(reader, models.Period, data.open_periods)
    if parts.people:
        await _people(reader, data)
    plan_ids = sorted(p.id for p in data.plans)
    if plan_ids and parts.progress:
        progress = reader.loaders.custom("plan_progress", plan_progress)
        for plan_id, figures in zip(plan_ids, await plan_progress(plan_ids), strict=True):
            progress.prime(plan_id, figures)
    if plan_ids and parts.evaluations:
        await _evaluations(reader, plan_ids)
    if parts.current_position:
        await _assignments(reader, employee)
    return data


def _prime_by_id(reader: Reader, model: type, rows: list[Row]) -> None:
    loader = reader.loaders.by_id(model)
    for row in rows:
        loader.prime(row.id, row)


async def _people(reader: Reader, data: MyDashboardData) -> None:
    """The raters of my SKPs and the employees of the SKPs to review (one statement)."""
    ids = {p.rater_id for p in data.plans} | {p.employee_id for p in data.plans_to_review}
    ids.discard(None)
    if not ids:
        return
    people = await fetch_rows(
        models.Employee,
        f"SELECT {columns(models.Employee, 'e')} FROM employee e"
        f" WHERE e.id IN {int_list(sorted(ids))}",
    )
    _prime_by_id(reader, models.Employee, people)


async def _evaluations(reader: Reader, plan_ids: list[int]) -> None:
    """Every evaluation of my SKPs, and their periods (two statements), in the loaders
    ``PerformancePlan.evaluations`` reads (``Reader.children`` of the plan, by id)."""
    rows = await fetch_rows(
        models.Evaluation,
        f"SELECT {columns(models.Evaluation, 'ev')} FROM evaluation ev"
        f" WHERE ev.plan_id IN {int_list(plan_ids)} ORDER BY ev.id",
    )
    by_plan: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        by_plan[row.plan_id].append(row)
    children = reader.loaders.children(models.Evaluation, "plan_id")
    for plan_id in plan_ids:
        children.prime(plan_id, by_plan.get(plan_id, []))
    period_ids = sorted({r.period_id for r in rows if r.period_id is not None})
    periods = reader.loaders.by_id(models.Period)
    wanted = [i for i in period_ids if loaded(periods, i) is NOT_READY]
    if wanted:
        _prime_by_id(
            reader,
            models.Period,
            await fetch_rows(
                models.Period,
                f"SELECT {columns(models.Period, 'pe')} FROM period pe"
                f" WHERE pe.id IN {int_list(wanted)}",
            ),
        )


async def _assignments(reader: Reader, employee: Any) -> None:
    """The viewer's assignments with position and unit (one statement), where
    ``Employee.currentPosition`` and ``Position.unit`` read them."""
    rows = await fetch_all(
        f"SELECT {columns(models.Assignment, 'a')}, {columns(models.Position, 'p', 'p_')},"
        f" {columns(models.Unit, 'u', 'u_')} FROM assignment a"
        " JOIN position p ON p.id = a.position_id JOIN unit u ON u.id = p.unit_id"
        " WHERE a.employee_id = ? ORDER BY a.start_date DESC, a.id DESC",
        [employee.id],
    )
    assignments = [to_row(models.Assignment, r) for r in rows]
    reader.loaders.children(
        models.Assignment, "employee_id", order_by=("-start_date", "-id")
    ).prime(employee.id, assignments)
    positions = reader.loaders.by_id(models.Position)
    units = reader.loaders.by_id(models.Unit)
    for r in rows:
        positions.prime(r["p_id"], to_row(models.Position, r, "p_"))
        units.prime(r["u_id"], to_row(models.Unit, r, "u_"))
