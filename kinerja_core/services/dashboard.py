"""Read models for heads and supervisors: the agency dashboard, team progress.

Every figure comes from a handful of grouped statements whose number does not depend on how
many employees, plans or realisasi there are (a test holds this).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kinerja_core.domain.enums import (
    AssignmentKind,
    EvaluationKind,
    EvaluationStatus,
    OrgPredikat,
    Predikat,
)
from kinerja_core.domain.kurva import KurvaFinding, check_distribution
from kinerja_core.errors import NotAllowed, ValidationFailed
from kinerja_core.i18n import register_messages
from kinerja_core.models import (
    Agency,
    Assignment,
    OrganizationRating,
    Period,
    Unit,
)
from kinerja_core.services.common import get_or_404
from kinerja_core.services.context import ServiceContext
from kinerja_core.sql import fetch_all, int_list


@dataclass
class UnitFigures:
    """What a head sees per unit for a year (and a period, when one is chosen)."""

    unit: Unit
    employees: int = 0
    plans_by_status: Counter = field(default_factory=Counter)
    plans_with_realization: int = 0
    evaluations_done: int = 0
    predikat: Counter = field(default_factory=Counter)
    organization_rating: OrgPredikat | None = None
    kurva_findings: list[KurvaFinding] = field(default_factory=list)


@dataclass
class AgencyFigures:
    agency: Agency
    year: int
    period: Period | None
    units: list[UnitFigures]

    def total(self, attr: str) -> int:
        return sum(getattr(u, attr) for u in self.units)


async def agency_dashboard(
    ctx: ServiceContext, agency_id: Any, year: int, period_id: Any = None
) -> AgencyFigures:
    """Per unit: employees, SKP by status, realisasi filled, evaluations and the kurva.

    For heads and admins of the agency and central admins. Without a period the figures are
    for the year (annual evaluations; realisasi in any period).
    """
    viewer = ctx.require_viewer()
    agency = await get_or_404(Agency, agency_id, "agencyId")
    if not viewer.sees_agency(agency.id):
        raise NotAllowed("access.agency")
    period = None
    if period_id is not None:
        period = await get_or_404(Period, period_id, "periodId")
        if period.agency_id != agency.id or period.year != year:
            raise ValidationFailed("dashboard.period_mismatch", field="periodId")
    units = await Unit.filter(agency_id=agency.id).order_by("id")
    figures = {u.id: UnitFigures(unit=u) for u in units}

    today = ctx.today()
    for row in await fetch_all(
        "SELECT p.unit_id AS unit_id, COUNT(DISTINCT a.employee_id) AS n FROM assignment a"
        " JOIN position p ON p.id = a.position_id WHERE p.agency_id = ? AND a.kind = ?"
        " AND a.start_date <= ? AND (a.end_date IS NULL OR a.end_date >= ?) GROUP BY p.unit_id",
        [agency.id, AssignmentKind.DEFINITIF.value, today, today],
    ):
        if row["unit_id"] in figures:
            figures[row["unit_id"]].employees = row["n"]

    for row in await fetch_all(
        "SELECT unit_id, status, COUNT(*) AS n FROM performance_plan"
        " WHERE agency_id = ? AND year = ? GROUP BY unit_id, status",
        [agency.id, year],
    ):
        if row["unit_id"] in figures:
            figures[row["unit_id"]].plans_by_status[row["status"]] = row["n"]

    for row in await _plans_with_realization(agency.id, year, period):
        if row["unit_id"] in figures:
            figures[row["unit_id"]].plans_with_realization = row["n"]

    if period:
        eval_clause, eval_params = "AND e.period_id = ?", [period.id]
    else:
        eval_clause, eval_params = "AND e.kind = ?", [EvaluationKind.ANNUAL.value]
    for row in await fetch_all(
        "SELECT p.unit_id AS unit_id, e.predikat AS predikat, COUNT(*) AS n FROM evaluation e"
        " JOIN performance_plan p ON p.id = e.plan_id"
        f" WHERE p.agency_id = ? AND e.year = ? AND e.status = ? {eval_clause}"
        " GROUP BY p.unit_id, e.predikat",
        [agency.id, year, EvaluationStatus.FINAL.value, *eval_params],
    ):
        unit = figures.get(row["unit_id"])
        if unit:
            unit.predikat[Predikat(row["predikat"])] = row["n"]
            unit.evaluations_done += row["n"]

    ratings = OrganizationRating.filter(unit__agency_id=agency.id, year=year)
    ratings = ratings.filter(period_id=period.id) if period else ratings.filter(period_id=None)
    for rating in await ratings:
        unit = figures.get(rating.unit_id)
        if unit:
            unit.organization_rating = OrgPredikat(rating.rating)

    for unit in figures.values():
        if unit.organization_rating and unit.predikat:
            unit.kurva_findings = check_distribution(
                unit.organization_rating,
                list(unit.predikat.elements()),
                ctx.settings.kurva_rounding,
            )
    return AgencyFigures(agency=agency, year=year, period=period, units=list(figures.values()))


async def _plans_with_realization(agency_id: int, year: int, period: Any) -> list[dict]:
    """Per unit, the agency's SKP of the year with a realisasi (in the period, if one).

    EXISTS per plan (indexed down plan -> RHK -> IKI -> realisasi) instead of joining every
    realisasi of the agency and counting distinct plans: the same answer, reading only
    up to the first realisasi of each plan (issue 14).
    """
    period_clause, params = ("AND r.period_id = ?", [period.id]) if period else ("", [])
    return await fetch_all(
        "SELECT p.unit_id AS unit_id, COUNT(*) AS n FROM performance_plan p"
        " WHERE p.agency_id = ? AND p.year = ? AND EXISTS (SELECT 1 FROM work_result w"
        " JOIN indicator i ON i.work_result_id = w.id JOIN realization r ON r.indicator_id = i.id"
        f" WHERE w.plan_id = p.id {period_clause}) GROUP BY p.unit_id",
        [agency_id, year, *params],
    )


@dataclass(frozen=True)
class PlanProgress:
    """How far a plan's realisasi got: indicators, those with any realisasi, feedback."""

    indicators: int = 0
    indicators_realized: int = 0
    realizations: int = 0
    feedback: int = 0


async def plan_progress(plan_ids: Sequence[int]) -> list[PlanProgress]:
    """Progress of many plans in three grouped statements (a DataLoader batch function)."""
    if not plan_ids:
        return []
    ids = int_list(plan_ids)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in await fetch_all(
        "SELECT w.plan_id AS plan_id, COUNT(i.id) AS n FROM indicator i"
        f" JOIN work_result w ON w.id = i.work_result_id WHERE w.plan_id IN {ids}"
        " GROUP BY w.plan_id"
    ):
        counts[row["plan_id"]]["indicators"] = row["n"]
    for row in await fetch_all(
        "SELECT w.plan_id AS plan_id, COUNT(DISTINCT r.indicator_id) AS done, COUNT(r.id) AS n"
        " FROM realization r JOIN indicator i ON i.id = r.indicator_id"
        f" JOIN work_result w ON w.id = i.work_result_id WHERE w.plan_id IN {ids}"
        " GROUP BY w.plan_id"
    ):
        counts[row["plan_id"]]["indicators_realized"] = row["done"]
        counts[row["plan_id"]]["realizations"] = row["n"]
    for row in await fetch_all(
        f"SELECT plan_id, COUNT(*) AS n FROM feedback WHERE plan_id IN {ids} GROUP BY plan_id"
    ):
        counts[row["plan_id"]]["feedback"] = row["n"]
    return [PlanProgress(**counts.get(pid, {})) for pid in plan_ids]


def current_definitive(assignments: Sequence[Assignment], day: dt.date) -> Assignment | None:
    """The running definitive assignment among an employee's assignments."""
    for a in assignments:
        running = a.start_date <= day and (a.end_date is None or a.end_date >= day)
        if running and a.kind == AssignmentKind.DEFINITIF:
            return a
    return None


register_messages(
    {
        "dashboard.period_mismatch": (
            "Periode ini bukan milik OPD dan tahun yang dipilih.",
            "This period does not belong to the chosen agency and year.",
        ),
    }
)
