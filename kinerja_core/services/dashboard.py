"""Read models for heads and supervisors: the agency dashboard, team progress.

Every figure comes from a handful of grouped statements whose number does not depend on how
many employees, plans or realisasi there are (a test holds this).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kinerja_core.domain.enums import (
    AssignmentKind,
    EvaluationKind,
    EvaluationStatus,
    OrgPredikat,
    PeriodStatus,
    PlanStatus,
    Predikat,
)
from kinerja_core.domain.errors import RuleViolation
from kinerja_core.domain.kurva import KurvaFinding, check_distribution
from kinerja_core.domain.targets import achievement
from kinerja_core.errors import NotAllowed, ValidationFailed
from kinerja_core.i18n import register_messages
from kinerja_core.models import (
    Agency,
    Assignment,
    OrganizationRating,
    Period,
    Unit,
)
from kinerja_core.services import figures as figures_store
from kinerja_core.services.common import get_or_404
from kinerja_core.services.context import ServiceContext
from kinerja_core.services.rows import columns, fetch_rows
from kinerja_core.sql import fetch_all, fetch_each, int_list


@dataclass
class UnitFigures:
    """What a head sees per unit for a year (and a period, when one is chosen)."""

    unit: Any  # a plain Unit row (services/rows.py)
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
    kept: dict[str, Any] = field(default_factory=dict)  # services/figures.py, as stored

    def total(self, attr: str) -> int:
        return sum(getattr(u, attr) for u in self.units)


async def agency_scope(
    ctx: ServiceContext, agency_id: Any, year: int, period_id: Any = None
) -> tuple[Agency, Period | None]:
    """The agency and period of a dashboard (or recap) if the viewer may see them: heads and
    admins of the agency, central admins; the period must be the agency's, in ``year``."""
    viewer = ctx.require_viewer()
    agency = await get_or_404(Agency, agency_id, "agencyId")
    if not viewer.sees_agency(agency.id):
        raise NotAllowed("access.agency")
    period = None
    if period_id is not None:
        period = await get_or_404(Period, period_id, "periodId")
        if period.agency_id != agency.id or period.year != year:
            raise ValidationFailed("dashboard.period_mismatch", field="periodId")
    return agency, period


async def agency_dashboard(
    ctx: ServiceContext, agency_id: Any, year: int, period_id: Any = None
) -> AgencyFigures:
    """Per unit: employees, SKP by status, realisasi filled, evaluations and the kurva.

    For heads and admins of the agency and central admins. Without a period the figures are
    for the year (annual evaluations; realisasi in any period). The counts are kept between
    writes (services/figures.py): a request reads them in one statement.
    """
    agency, period = await agency_scope(ctx, agency_id, year, period_id)
    # plain rows (services/rows.py): a tortoise model per unit (its dates through iso8601)
    # was most of what a unit row of the dashboard cost outside GraphQL (issue 14)
    units = await fetch_rows(
        Unit,
        f"SELECT {columns(Unit, 'u')} FROM unit u WHERE u.agency_id = ? ORDER BY u.id",
        [agency.id],
    )
    today = ctx.today()
    kept = await figures_store.kept(
        agency.id,
        f"dashboard:{year}:{period.id if period else 0}",
        today,
        lambda: _computed(agency.id, year, period, today),
    )
    figures = {u.id: UnitFigures(unit=u) for u in units}
    ratings = kept["ratings"]
    for unit_key, row in kept["units"].items():
        unit = figures.get(int(unit_key))
        if unit is None:
            continue
        unit.employees = row["employees"]
        unit.plans_by_status.update(
            {_PLAN_STATUSES[k]: n for k, n in row["status"].items() if k in _PLAN_STATUSES}
        )
        unit.plans_with_realization = row["with_realization"]
        for predikat, n in row["predikat"].items():
            unit.predikat[_PREDIKATS[predikat]] = n
            unit.evaluations_done += n
    for unit_key, rating in ratings.items():
        unit = figures.get(int(unit_key))
        if unit is not None:
            unit.organization_rating = OrgPredikat(rating)
    for unit in figures.values():
        if unit.organization_rating and unit.predikat:
            unit.kurva_findings = check_distribution(
                unit.organization_rating,
                list(unit.predikat.elements()),
                ctx.settings.kurva_rounding,
            )
    return AgencyFigures(
        agency=agency, year=year, period=period, units=list(figures.values()), kept=kept
    )


# the members by their kept values (a dict lookup, not the enum's call, per unit and figure)
_PLAN_STATUSES = {s.value: s for s in PlanStatus}
_PREDIKATS = {p.value: p for p in Predikat}


async def _computed(
    agency_id: int, year: int, period: Period | None, today: dt.date
) -> dict[str, Any]:
    """Every figure of the agency's dashboard and its action figures, as JSON-safe values:
    the grouped statements whose cost grows with the agency, run when no kept figures are
    valid (services/figures.py)."""
    units: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"employees": 0, "status": {}, "with_realization": 0, "predikat": {}}
    )
    for row in await fetch_all(
        "SELECT p.unit_id AS unit_id, COUNT(DISTINCT a.employee_id) AS n FROM assignment a"
        " JOIN position p ON p.id = a.position_id WHERE p.agency_id = ? AND a.kind = ?"
        " AND a.start_date <= ? AND (a.end_date IS NULL OR a.end_date >= ?) GROUP BY p.unit_id",
        [agency_id, AssignmentKind.DEFINITIF.value, today, today],
    ):
        units[row["unit_id"]]["employees"] = row["n"]

    for row in await fetch_all(
        "SELECT unit_id, status, COUNT(*) AS n FROM performance_plan"
        " WHERE agency_id = ? AND year = ? GROUP BY unit_id, status",
        [agency_id, year],
    ):
        units[row["unit_id"]]["status"][row["status"]] = row["n"]

    for row in await _plans_with_realization(agency_id, year, period):
        units[row["unit_id"]]["with_realization"] = row["n"]

    if period:
        eval_clause, eval_params = "AND e.period_id = ?", [period.id]
    else:
        eval_clause, eval_params = "AND e.kind = ?", [EvaluationKind.ANNUAL.value]
    for row in await fetch_all(
        "SELECT p.unit_id AS unit_id, e.predikat AS predikat, COUNT(*) AS n FROM evaluation e"
        " JOIN performance_plan p ON p.id = e.plan_id"
        f" WHERE p.agency_id = ? AND e.year = ? AND e.status = ? {eval_clause}"
        " GROUP BY p.unit_id, e.predikat",
        [agency_id, year, EvaluationStatus.FINAL.value, *eval_params],
    ):
        units[row["unit_id"]]["predikat"][row["predikat"]] = row["n"]

    ratings = OrganizationRating.filter(unit__agency_id=agency_id, year=year)
    ratings = ratings.filter(period_id=period.id) if period else ratings.filter(period_id=None)
    rated = {
        str(r["unit_id"]): OrgPredikat(r["rating"]).value
        for r in await ratings.values("unit_id", "rating")
    }
    return {
        "units": {str(k): v for k, v in units.items()},
        "ratings": rated,
        "actions": await _computed_actions(agency_id, year, period, today),
    }


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
        "dashboard.unit_mismatch": (
            "Unit ini bukan bagian dari OPD yang dipilih.",
            "This unit is not part of the chosen agency.",
        ),
    }
)


# ---------------------------------------------------------------- what a head acts on
# (issue 10 point 3). Read after ``agency_dashboard`` granted access to the agency; five
# grouped statements whatever the size of the agency.


@dataclass
class UnitActions:
    """Per unit: evaluations by kind, IKI achievement year to date, who needs a nudge."""

    periodic_evaluations: int = 0
    annual_evaluations: int = 0
    indicators_with_target: int = 0
    indicators_measured: int = 0
    achievement_sum: Decimal = field(default_factory=Decimal)
    plans_without_realization: int = 0
    employees_without_plan: int = 0

    @property
    def achievement(self) -> Decimal | None:
        """Mean achievement (percent, 2 decimals) of the unit's measured IKI."""
        if not self.indicators_measured:
            return None
        return (self.achievement_sum / self.indicators_measured).quantize(Decimal("0.01"))

    def add(self, other: UnitActions) -> None:
        # spelt out (no getattr/setattr per name): once per unit for the agency's totals
        self.periodic_evaluations += other.periodic_evaluations
        self.annual_evaluations += other.annual_evaluations
        self.indicators_with_target += other.indicators_with_target
        self.indicators_measured += other.indicators_measured
        self.achievement_sum += other.achievement_sum
        self.plans_without_realization += other.plans_without_realization
        self.employees_without_plan += other.employees_without_plan


@dataclass
class AgencyActions:
    last_closed_period: Period | None
    units: dict[int, UnitActions]


# Approved SKP covering a period with no realisasi in it (p: the plan). The subquery walks
# down plan -> RHK -> IKI -> realisasi (indicator_id, period_id) in that order: given
# "r.period_id = ?" the planners started from every realisasi of the period instead and
# joined up, once per plan (SQLite 1k: 180-350 ms; issue 14).
_WITHOUT_REALIZATION = (
    "FROM performance_plan p WHERE p.agency_id = ? AND p.year = ? AND p.status = ?"
    " AND p.period_start <= ? AND p.period_end >= ?"
    " AND NOT EXISTS (SELECT 1 FROM work_result w"
    "   JOIN indicator i ON i.work_result_id = w.id"
    "   WHERE w.plan_id = p.id AND EXISTS (SELECT 1 FROM realization r"
    "     WHERE r.indicator_id = i.id AND r.period_id = ?))"
)
# People in a definitive post of the agency today with no SKP of the year that is not closed
# (a: the assignment, p: its position).
_WITHOUT_PLAN = (
    "FROM assignment a JOIN position p ON p.id = a.position_id WHERE p.agency_id = ?"
    " AND a.kind = ? AND a.start_date <= ? AND (a.end_date IS NULL OR a.end_date >= ?)"
    " AND NOT EXISTS (SELECT 1 FROM performance_plan pp WHERE pp.employee_id = a.employee_id"
    "   AND pp.year = ? AND pp.status <> ?)"
)


def _without_realization_params(agency_id: int, year: int, period: Period) -> list[Any]:
    status = PlanStatus.APPROVED.value
    return [agency_id, year, status, period.end_date, period.start_date, period.id]


def _without_plan_params(agency_id: int, year: int, today: dt.date) -> list[Any]:
    kind, closed = AssignmentKind.DEFINITIF.value, PlanStatus.CLOSED.value
    return [agency_id, kind, today, today, year, closed]


def plans_without_realization(
    figures: AgencyFigures, period: Period | None, unit_id: int | None = None
) -> list[int] | None:
    """The ids (sorted) of the SKP counted by ``plans_without_realization`` (of ``unit_id``
    or the agency); None without a closed period."""
    if period is None:
        return None
    return _kept_ids(figures, "without_realization", unit_id)


async def rows_by_id(model: type, ids: Sequence[int]) -> dict[int, Any]:
    """The rows of ``model`` with ``ids`` as plain rows (services/rows.py), by id: a page of
    a follow-up list (no tortoise model, no iso8601 per row)."""
    if not ids:
        return {}
    table = model._meta.db_table
    rows = await fetch_rows(
        model, f"SELECT {columns(model, 't')} FROM {table} t WHERE t.id IN {int_list(ids)}"
    )
    return {r.id: r for r in rows}


def employees_without_plan(figures: AgencyFigures, unit_id: int | None = None) -> list[int]:
    """The ids (sorted) of the people counted by ``employees_without_plan``."""
    return _kept_ids(figures, "without_plan", unit_id)


def _kept_ids(figures: AgencyFigures, name: str, unit_id: int | None) -> list[int]:
    per_unit = figures.kept["actions"][name]
    if unit_id is not None:
        return sorted(per_unit.get(str(unit_id), []))
    return sorted({i for ids in per_unit.values() for i in ids})


def latest_achievement(row: dict[str, Any]) -> Decimal | None:
    """The figure the IKI's latest realisasi shows (computed: its provenance's)."""
    provenance = row.get("provenance")
    if isinstance(provenance, str):
        provenance = json.loads(provenance) if provenance else None
    if isinstance(provenance, dict) and "achievement" in provenance:
        value = provenance.get("achievement")
        return None if value is None else Decimal(str(value))
    try:
        return achievement(
            row["target_value"], row["value"], minimum=row["target_min"], maximum=row["target_max"]
        )
    except RuleViolation:
        return None


async def agency_actions(ctx: ServiceContext, figures: AgencyFigures) -> AgencyActions:
    """Evaluations periodic and annual apart, IKI achievement year to date, SKP without
    realisasi in the last closed period, people with no SKP, for every unit of ``figures``
    (from the kept figures: no statement but the last closed period's row)."""
    kept = figures.kept["actions"]
    units = {u.unit.id: UnitActions() for u in figures.units}
    for unit_key, row in kept["units"].items():
        unit = units.get(int(unit_key))
        if unit is None:
            continue
        unit.periodic_evaluations = row["periodic"]
        unit.annual_evaluations = row["annual"]
        unit.indicators_with_target = row["with_target"]
        unit.indicators_measured = row["measured"]
        unit.achievement_sum = Decimal(row["achievement_sum"])
    for name, attr in (
        ("without_realization", "plans_without_realization"),
        ("without_plan", "employees_without_plan"),
    ):
        for unit_key, ids in kept[name].items():
            unit = units.get(int(unit_key))
            if unit is not None:
                setattr(unit, attr, len(ids))
    last = None
    if kept["last_closed_period"] is not None:
        last = await Period.filter(id=kept["last_closed_period"]).first()
    return AgencyActions(last_closed_period=last, units=units)


async def _computed_actions(
    agency_id: int, year: int, period: Period | None, today: dt.date
) -> dict[str, Any]:
    """The action figures per unit as JSON-safe values (see ``agency_actions``)."""
    units: dict[int, dict[str, Any]] = defaultdict(
        lambda: {
            "periodic": 0,
            "annual": 0,
            "with_target": 0,
            "measured": 0,
            "achievement_sum": Decimal(0),
        }
    )
    kinds = "" if period is None else "AND (e.kind = ? OR e.period_id = ?)"
    kind_params = [] if period is None else [EvaluationKind.ANNUAL.value, period.id]
    for row in await fetch_all(
        "SELECT p.unit_id AS unit_id, e.kind AS kind, COUNT(*) AS n FROM evaluation e"
        " JOIN performance_plan p ON p.id = e.plan_id"
        f" WHERE p.agency_id = ? AND e.year = ? AND e.status = ? {kinds}"
        " GROUP BY p.unit_id, e.kind",
        [agency_id, year, EvaluationStatus.FINAL.value, *kind_params],
    ):
        key = "annual" if row["kind"] == EvaluationKind.ANNUAL.value else "periodic"
        units[row["unit_id"]][key] += row["n"]

    # each IKI of the year's SKP with its latest realisasi up to today (one row per IKI):
    # looked up per IKI through realisasi (indicator_id, period_id), a few rows each, instead
    # of numbering every realisasi of the agency's year with a window (SQLite 1k: 140-420 ms
    # -> 4-30 ms). CROSS JOIN keeps SQLite from starting at the agency's periods. One row per
    # IKI (41,000 for Dinas Kesehatan at 100k): made into dicts one at a time (fetch_each).
    for row in await fetch_each(
        "SELECT p.unit_id AS unit_id, i.target_value AS target_value,"
        " i.target_min AS target_min, i.target_max AS target_max,"
        " r.value AS value, r.provenance AS provenance"
        " FROM performance_plan p JOIN work_result w ON w.plan_id = p.id"
        " JOIN indicator i ON i.work_result_id = w.id"
        " LEFT JOIN realization r ON r.id = (SELECT x.id FROM realization x"
        "   CROSS JOIN period pe WHERE pe.id = x.period_id AND x.indicator_id = i.id"
        "   AND pe.agency_id = ? AND pe.year = ? AND pe.start_date <= ?"
        "   ORDER BY pe.end_date DESC, x.id DESC LIMIT 1)"
        " WHERE p.agency_id = ? AND p.year = ? AND p.status IN (?, ?)"
        " AND (i.target_value IS NOT NULL OR i.target_min IS NOT NULL)",
        [
            agency_id,
            year,
            today,
            agency_id,
            year,
            PlanStatus.APPROVED.value,
            PlanStatus.CLOSED.value,
        ],
    ):
        unit = units[row["unit_id"]]
        unit["with_target"] += 1
        percent = latest_achievement(row) if row["value"] is not None else None
        if percent is not None:
            unit["measured"] += 1
            unit["achievement_sum"] += percent

    last = (
        await Period.filter(agency_id=agency_id, year=year, status=PeriodStatus.CLOSED)
        .order_by("-end_date")
        .first()
    )
    without_realization: dict[str, list[int]] = defaultdict(list)
    if last is not None:
        for row in await fetch_each(
            f"SELECT p.unit_id AS unit_id, p.id AS id {_WITHOUT_REALIZATION} ORDER BY p.id",
            _without_realization_params(agency_id, year, last),
        ):
            without_realization[str(row["unit_id"])].append(row["id"])
    without_plan: dict[str, list[int]] = defaultdict(list)
    for row in await fetch_each(
        f"SELECT DISTINCT p.unit_id AS unit_id, a.employee_id AS id {_WITHOUT_PLAN}"
        " ORDER BY a.employee_id",
        _without_plan_params(agency_id, year, today),
    ):
        without_plan[str(row["unit_id"])].append(row["id"])
    return {
        "units": {
            str(k): {**v, "achievement_sum": str(v["achievement_sum"])} for k, v in units.items()
        },
        "last_closed_period": last.id if last is not None else None,
        "without_realization": without_realization,
        "without_plan": without_plan,
    }
