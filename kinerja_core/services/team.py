"""The team view's read model: one page of the people below the viewer, in a few statements.

The subtree is kept in SQL (a recursive CTE): it is counted and paged there, never sent back
as thousands of bind parameters. Each part of a member's line comes from one statement for
the whole page, as plain rows (:mod:`kinerja_core.services.rows`):

1. the page of employees with the total and whether each is a direct report;
2. their running definitive position with its unit;
3. their open SKP of the year (the newest that is not closed);
4. its progress (``dashboard.plan_progress``, three grouped statements);
5. its latest final evaluation.

Everyone on the page is below the viewer, so the viewer may read them and their SKP; the SKP
and evaluation rows still go through the reader (``Reader.keep``) like any other list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

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


def _members(roots: str, day: dt.date, direct_only: bool) -> tuple[str, list[Any]]:
    """CTEs ``members(id)`` (the team) and ``direct(id)`` (the direct reports), their params."""
    direct = (
        "direct(id) AS (SELECT DISTINCT a.employee_id FROM assignment a"
        f" JOIN position p ON p.id = a.position_id WHERE p.reports_to_id IN {roots} AND {RUNNING})"
    )
    if direct_only:
        return f"WITH {direct}, members(id) AS (SELECT id FROM direct)", [day, day]
    below = (
        "WITH RECURSIVE below(id) AS ("
        f" SELECT id FROM position WHERE reports_to_id IN {roots}"
        " UNION SELECT p.id FROM position p JOIN below b ON p.reports_to_id = b.id),"
        # CROSS JOIN: from the subtree to its assignments (position_id), where SQLite
        # otherwise scanned every assignment of the city for DISTINCT employee_id (20k:
        # 270-480 ms -> 67-134 ms under load 20; issue 14)
        " members(id) AS (SELECT DISTINCT a.employee_id FROM below b CROSS JOIN assignment a"
        f" WHERE a.position_id = b.id AND {RUNNING})"
    )
    return f"{below}, {direct}", [day, day, day, day]


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
    roots = int_list(sorted(viewer.position_ids))
    ctes, day_params = _members(roots, viewer.day, direct_only)
    page = await fetch_all(
        f"{ctes} SELECT {columns(models.Employee, 'e')},"
        " (SELECT COUNT(*) FROM members) AS team_total,"
        " CASE WHEN e.id IN (SELECT id FROM direct) THEN 1 ELSE 0 END AS team_direct"
        " FROM employee e WHERE e.id IN (SELECT id FROM members) AND e.id > ?"
        " ORDER BY e.id LIMIT ?",
        [*day_params, after_id or 0, size + 1],
    )
    if page:
        total = page[0]["team_total"]
    elif after_id:
        rows = await fetch_all(f"{ctes} SELECT COUNT(*) AS n FROM members", day_params)
        total = rows[0]["n"]
    else:
        total = 0
    has_next = len(page) > size
    entries = [TeamEntry(to_row(models.Employee, r), bool(r["team_direct"])) for r in page[:size]]
    if entries:
        await _fill(ctx, reader, entries, year, parts)
    return TeamPage(entries, total, has_next)


async def _fill(
    ctx: ServiceContext, reader: Reader, entries: list[TeamEntry], year: int, parts: Parts
) -> None:
    by_employee = {e.employee.id: e for e in entries}
    ids = int_list(sorted(by_employee))
    if parts.position:
        await _positions(ctx, reader, by_employee, ids)
    if parts.plan:
        await _plans(reader, by_employee, ids, year, parts)


async def _positions(
    ctx: ServiceContext, reader: Reader, by_employee: dict[int, TeamEntry], ids: str
) -> None:
    today: dt.date = ctx.today()
    units: dict[int, Row] = {}
    for r in await fetch_all(
        f"SELECT a.employee_id AS team_employee, {columns(models.Position, 'p', 'p_')},"
        f" {columns(models.Unit, 'u', 'u_')} FROM assignment a"
        " JOIN position p ON p.id = a.position_id JOIN unit u ON u.id = p.unit_id"
        f" WHERE a.employee_id IN {ids} AND a.kind = ? AND {RUNNING}"
        " ORDER BY a.start_date DESC, a.id DESC",
        [AssignmentKind.DEFINITIF.value, today, today],
    ):
        entry = by_employee[r["team_employee"]]
        if entry.position is None:
            entry.position = to_row(models.Position, r, "p_")
            units.setdefault(r["u_id"], to_row(models.Unit, r, "u_"))
    # Position.unit reads through the reader's loader: hand it the units already here
    unit_loader = reader.loaders.by_id(models.Unit)
    for unit_id, unit in units.items():
        unit_loader.prime(unit_id, unit)


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
