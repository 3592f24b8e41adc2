"""The team view's read model: one page of the people below the viewer, in a few statements.

The people below the viewer are kept between org writes (:mod:`kinerja_core.auth.subtree`,
shared with the reader's access scope): the total is the kept list's length and a page is a
slice of it (issue 14: flat as the city grows). Each part of a member's line comes from one
statement for the whole page, as plain rows (:mod:`kinerja_core.services.rows`):

1. the page of employees by id with their running definitive position and its unit;
2. their open SKP of the year (the newest that is not closed);
3. its progress (``dashboard.plan_progress``, three grouped statements);
4. its latest final evaluation.

Everyone on the page is below the viewer, so the viewer may read them and their SKP; the SKP
and evaluation rows still go through the reader (``Reader.keep``) like any other list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kinerja_core import models
from kinerja_core.domain.enums import AssignmentKind, EvaluationStatus, PlanStatus
from kinerja_core.services.context import ServiceContext
from kinerja_core.services.dashboard import plan_progress
from kinerja_core.services.reader import Reader
from kinerja_core.services.rows import Row, columns, fetch_rows, to_row
from kinerja_core.sql import fetch_all, int_list

RUNNING = "a.start_date <= ? AND (a.end_date IS NULL OR a.end_date >= ?)"


@dataclass
class TeamEntry:
    employee: Row
    is_direct_report: bool
    position: Row | None = None
    plan: Row | None = None
    latest_evaluation: Row | None = None


@dataclass(frozen=True)
class Parts:
    """Which parts of a line the query asked for (the others are not loaded)."""

    position: bool = True
    plan: bool = True
    progress: bool = True
    latest_evaluation: bool = True


@dataclass
class TeamPage:
    entries: list[TeamEntry]
    total: int
    has_next_page: bool


async def team_page(
    ctx: ServiceContext,
    reader: Reader,
    *,
    year: int,
    direct_only: bool,
    size: int,
    after_id: int | None,
    parts: Parts = Parts(),
) -> TeamPage:
    """The viewer's team, ``size`` members after ``after_id`` by employee id."""
    viewer = ctx.require_viewer()
    if not viewer.position_ids:
        return TeamPage([], 0, False)
    team = await viewer.subtree()  # kept between org writes: one statement, not a walk
    ids, total, has_next = team.page(after_id, size, direct_only=direct_only)
    if not ids:
        return TeamPage([], total, has_next)
    entries = await _page(ctx, reader, ids, team.direct, parts)
    if parts.plan:
        await _plans(reader, {e.employee.id: e for e in entries}, int_list(ids), year, parts)
    return TeamPage(entries, total, has_next)


async def _page(
    ctx: ServiceContext, reader: Reader, ids: list[int], direct: frozenset[int], parts: Parts
) -> list[TeamEntry]:
    """The page's employees by id, with their running definitive position and its unit
    when asked (one statement: an employee's newest running definitive assignment wins)."""
    employee = columns(models.Employee, "e")
    if not parts.position:
        rows = await fetch_all(
            f"SELECT {employee} FROM employee e WHERE e.id IN {int_list(ids)} ORDER BY e.id"
        )
        return [TeamEntry(to_row(models.Employee, r), r["id"] in direct) for r in rows]
    today: dt.date = ctx.today()
    rows = await fetch_all(
        f"SELECT {employee}, {columns(models.Position, 'p', 'p_')},"
        f" {columns(models.Unit, 'u', 'u_')} FROM employee e"
        f" LEFT JOIN assignment a ON a.employee_id = e.id AND a.kind = ? AND {RUNNING}"
        " LEFT JOIN position p ON p.id = a.position_id LEFT JOIN unit u ON u.id = p.unit_id"
        f" WHERE e.id IN {int_list(ids)} ORDER BY e.id, a.start_date DESC, a.id DESC",
        [AssignmentKind.DEFINITIF.value, today, today],
    )
    entries: list[TeamEntry] = []
    units: dict[int, Row] = {}
    for r in rows:
        if entries and entries[-1].employee.id == r["id"]:
            continue  # an older running definitive assignment of the same employee
        entry = TeamEntry(to_row(models.Employee, r), r["id"] in direct)
        if r["p_id"] is not None:
            entry.position = to_row(models.Position, r, "p_")
            units.setdefault(r["u_id"], to_row(models.Unit, r, "u_"))
        entries.append(entry)
    # Position.unit reads through the reader's loader: hand it the units already here
    unit_loader = reader.loaders.by_id(models.Unit)
    for unit_id, unit in units.items():
        unit_loader.prime(unit_id, unit)
    return entries


async def _plans(
    reader: Reader, by_employee: dict[int, TeamEntry], ids: str, year: int, parts: Parts
) -> None:
    plans = await fetch_rows(
        models.PerformancePlan,
        f"SELECT {columns(models.PerformancePlan, 'pp')} FROM performance_plan pp"
        f" WHERE pp.employee_id IN {ids} AND pp.year = ? AND pp.status <> ? ORDER BY pp.id DESC",
        [year, PlanStatus.CLOSED.value],
    )
    current: dict[int, Row] = {}
    for plan in await reader.keep(models.PerformancePlan, plans):
        current.setdefault(plan.employee_id, plan)
    for employee_id, plan in current.items():
        by_employee[employee_id].plan = plan
    if not current:
        return
    plan_ids = sorted(p.id for p in current.values())
    if parts.progress:
        # PerformancePlan.progress loads through this loader: hand it the figures
        progress_loader = reader.loaders.custom("plan_progress", plan_progress)
        for plan_id, figures in zip(plan_ids, await plan_progress(plan_ids), strict=True):
            progress_loader.prime(plan_id, figures)
    if parts.latest_evaluation:
        evaluations = await fetch_rows(
            models.Evaluation,
            f"SELECT {columns(models.Evaluation, 'ev')} FROM evaluation ev WHERE ev.id IN"
            " (SELECT MAX(id) FROM evaluation WHERE plan_id IN"
            f" {int_list(plan_ids)} AND status = ? GROUP BY plan_id)",
            [EvaluationStatus.FINAL.value],
        )
        latest = {ev.plan_id: ev for ev in await reader.keep(models.Evaluation, evaluations)}
        for plan in current.values():
            by_employee[plan.employee_id].latest_evaluation = latest.get(plan.id)
