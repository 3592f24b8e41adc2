"""The team view's read model: one page of the people below the viewer, in a few statements.

The people below the viewer are kept between org writes (:mod:`kinerja_core.auth.subtree`,
shared with the reader's access scope): the total is the kept list's length and a page is a
slice of it (issue 14: flat as the city grows). Each part of a member's line comes from one
statement for the whole page, as plain rows (:mod:`kinerja_core.services.rows`):

1. the page of employees by id with their running definitive position and its unit;
2. their open SKP of the year (the newest that is not closed);
3. its progress (``dashboard.plan_progress``, three grouped statements);
4. its latest final evaluation, with its period when asked (one statement).

The rows are read by position (:func:`kinerja_core.services.rows.maker_at`): no dict per row.

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
from kinerja_core.services.rows import (
    Row,
    column_count,
    column_index,
    columns,
    fetch_rows,
    maker_at,
)
from kinerja_core.sql import fetch_tuples, int_list

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
    period: bool = True  # the latest evaluation's period


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
    make_employee = maker_at(models.Employee)
    if not parts.position:
        rows = await fetch_tuples(
            f"SELECT {employee} FROM employee e WHERE e.id IN {int_list(ids)} ORDER BY e.id"
        )
        return [TeamEntry(e, e.id in direct) for e in map(make_employee, rows)]
    today: dt.date = ctx.today()
    rows = await fetch_tuples(
        f"SELECT {employee}, {columns(models.Position, 'p')},"
        f" {columns(models.Unit, 'u')} FROM employee e"
        f" LEFT JOIN assignment a ON a.employee_id = e.id AND a.kind = ? AND {RUNNING}"
        " LEFT JOIN position p ON p.id = a.position_id LEFT JOIN unit u ON u.id = p.unit_id"
        f" WHERE e.id IN {int_list(ids)} ORDER BY e.id, a.start_date DESC, a.id DESC",
        [AssignmentKind.DEFINITIF.value, today, today],
    )
    at_position = column_count(models.Employee)
    at_unit = at_position + column_count(models.Position)
    make_position = maker_at(models.Position, at_position)
    make_unit = maker_at(models.Unit, at_unit)
    employee_id, position_id, unit_id = (
        column_index(models.Employee, "id"),
        at_position + column_index(models.Position, "id"),
        at_unit + column_index(models.Unit, "id"),
    )
    entries: list[TeamEntry] = []
    units: dict[int, Row] = {}
    last = None
    for r in rows:
        if r[employee_id] == last:
            continue  # an older running definitive assignment of the same employee
        last = r[employee_id]
        entry = TeamEntry(make_employee(r), last in direct)
        if r[position_id] is not None:
            entry.position = make_position(r)
            if r[unit_id] not in units:
                units[r[unit_id]] = make_unit(r)
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
        latest_ids = (
            "(SELECT MAX(id) FROM evaluation WHERE plan_id IN"
            f" {int_list(plan_ids)} AND status = ? GROUP BY plan_id)"
        )
        if parts.period:
            evaluations = await _evaluations_with_periods(reader, latest_ids)
        else:
            evaluations = await fetch_rows(
                models.Evaluation,
                f"SELECT {columns(models.Evaluation, 'ev')} FROM evaluation ev"
                f" WHERE ev.id IN {latest_ids}",
                [EvaluationStatus.FINAL.value],
            )
        latest = {ev.plan_id: ev for ev in await reader.keep(models.Evaluation, evaluations)}
        for plan in current.values():
            by_employee[plan.employee_id].latest_evaluation = latest.get(plan.id)


async def _evaluations_with_periods(reader: Reader, latest_ids: str) -> list[Row]:
    """The latest evaluations with their periods in one statement; the periods are handed
    to the request's loader, where ``Evaluation.period`` reads them (the statement it would
    make is saved, and its ~100 fields answer at once: ``Reader.one_now``, the same rule)."""
    rows = await fetch_tuples(
        f"SELECT {columns(models.Evaluation, 'ev')}, {columns(models.Period, 'pe')}"
        " FROM evaluation ev LEFT JOIN period pe ON pe.id = ev.period_id"
        f" WHERE ev.id IN {latest_ids}",
        [EvaluationStatus.FINAL.value],
    )
    at_period = column_count(models.Evaluation)
    make_evaluation = maker_at(models.Evaluation)
    make_period = maker_at(models.Period, at_period)
    period_id = at_period + column_index(models.Period, "id")
    evaluations = []
    periods: dict[int, Row] = {}
    for r in rows:
        evaluations.append(make_evaluation(r))
        key = r[period_id]
        if key is not None and key not in periods:
            periods[key] = make_period(r)
    if periods:
        reader.loaders.by_id(models.Period).prime_many(periods)
    return evaluations
