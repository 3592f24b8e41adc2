"""An employee's year across all their SKP: the yearly predikat and the angka kredit.

A mutasi or a promotion mid-year closes one SKP and starts another, so a year can hold
several SKP, each with its own annual evaluation. This module reads them together:

- the yearly predikat: one SKP's annual predikat, chosen by ``yearly_predikat_rule``
  (MOST_MONTHS: the SKP covering most months of the year, a tie going to the later one;
  LATEST: the SKP in force last), with the SKP and the rule shown;
- the angka kredit of a year: the sum over its SKP, each earning for the months it covers
  (the FINAL annual evaluation's figure, or else the sum of its FINAL periodic ones, year to
  date), and the running total over the years.

The rules and their sources are in docs/evaluation-rules.md. Who may read: whoever may read
the employee (the employee, their superiors, agency head/admin, central admin).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from kinerja_core.auth import access
from kinerja_core.domain.enums import EvaluationKind, EvaluationStatus, PlanStatus, Predikat
from kinerja_core.domain.periods import months_in_span
from kinerja_core.errors import ValidationFailed
from kinerja_core.i18n import register_messages
from kinerja_core.models import Employee, Evaluation, PerformancePlan, Position, Unit
from kinerja_core.services.common import row_or_404
from kinerja_core.services.context import ServiceContext
from kinerja_core.services.reader import Reader
from kinerja_core.services.rows import columns, fetch_rows, to_row
from kinerja_core.sql import fetch_all, int_list

ZERO = Decimal("0.000")


class YearlyPredikatRule(StrEnum):
    """Which SKP of a year gives the yearly predikat."""

    MOST_MONTHS = "MOST_MONTHS"
    LATEST = "LATEST"


class CreditSource(StrEnum):
    """Where an SKP's angka kredit of the year comes from."""

    ANNUAL = "ANNUAL"  # its FINAL annual evaluation
    PERIODIC = "PERIODIC"  # the sum of its FINAL periodic evaluations so far
    NONE = "NONE"  # nothing final yet, or not a functional position


@dataclass
class PlanYear:
    """One SKP of the year with what it contributes (plain rows of the SKP and evaluation)."""

    plan: Any
    months: int
    annual: Any  # the FINAL annual evaluation, if any
    credit_points: Decimal | None
    credit_source: CreditSource


@dataclass
class EmployeeYear:
    employee: Employee
    year: int
    rule: YearlyPredikatRule
    plans: list[PlanYear] = field(default_factory=list)
    chosen: PlanYear | None = None  # the SKP the rule picks (its predikat may be pending)

    @property
    def predikat(self) -> Predikat | None:
        if self.chosen is None or self.chosen.annual is None:
            return None
        return Predikat(self.chosen.annual.predikat)

    @property
    def months(self) -> int:
        return min(12, sum(p.months for p in self.plans))

    @property
    def credit_points(self) -> Decimal:
        return sum((p.credit_points or ZERO for p in self.plans), ZERO)


@dataclass
class CreditYear:
    year: int
    credit_points: Decimal
    cumulative: Decimal
    plans: list[PlanYear]


def _counted(plan: PerformancePlan) -> bool:
    """SKP that were in force: approved, or approved and then closed by a mutasi."""
    if plan.status == PlanStatus.APPROVED:
        return True
    return plan.status == PlanStatus.CLOSED and plan.approved_at is not None


def _plan_year(plan: PerformancePlan, evaluations: list[Evaluation]) -> PlanYear:
    final = [e for e in evaluations if e.status == EvaluationStatus.FINAL]
    annual = next((e for e in final if e.kind == EvaluationKind.ANNUAL), None)
    months = months_in_span(
        max(plan.period_start, dt.date(plan.year, 1, 1)),
        min(plan.period_end, dt.date(plan.year, 12, 31)),
    )
    if annual is not None and annual.credit_points is not None:
        credit, source = Decimal(annual.credit_points), CreditSource.ANNUAL
    else:
        periodic = [e.credit_points for e in final if e.credit_points is not None]
        if annual is None and periodic:
            credit, source = sum((Decimal(c) for c in periodic), ZERO), CreditSource.PERIODIC
        else:
            credit, source = None, CreditSource.NONE
    return PlanYear(plan, months, annual, credit, source)


def choose(plans: list[PlanYear], rule: YearlyPredikatRule) -> PlanYear | None:
    """The SKP whose annual predikat is the year's, by ``rule`` (None without SKP)."""
    if not plans:
        return None
    if rule == YearlyPredikatRule.LATEST:
        return max(plans, key=lambda p: (p.plan.period_end, p.plan.period_start, p.plan.id))
    return max(plans, key=lambda p: (p.months, p.plan.period_end, p.plan.id))


def _rule(ctx: ServiceContext) -> YearlyPredikatRule:
    return YearlyPredikatRule(str(ctx.settings.yearly_predikat_rule).upper())


async def _employee(ctx: ServiceContext, employee_id: Any) -> Employee:
    viewer = ctx.require_viewer()
    employee = await row_or_404(Employee, employee_id, "employeeId")
    await access.require_read_employee(viewer, employee.id, employee.agency_id)
    return employee


async def _plan_years(employee: Employee, year: int | None = None) -> list[PlanYear]:
    """The counted SKP of ``employee`` (of ``year``, or all), oldest first: 2 statements,
    plain rows (:mod:`kinerja_core.services.rows`), not ORM objects."""
    of_year = " AND pp.year = ?" if year is not None else ""
    plans = await fetch_rows(
        PerformancePlan,
        f"SELECT {columns(PerformancePlan, 'pp')} FROM performance_plan pp"
        f" WHERE pp.employee_id = ?{of_year} ORDER BY pp.year, pp.period_start, pp.id",
        [employee.id, *([] if year is None else [year])],
    )
    rows = [p for p in plans if _counted(p)]
    by_plan: dict[int, list[Any]] = {p.id: [] for p in rows}
    if rows:
        for e in await fetch_rows(
            Evaluation,
            f"SELECT {columns(Evaluation, 'ev')} FROM evaluation ev"
            f" WHERE ev.plan_id IN {int_list(list(by_plan))} ORDER BY ev.id",
        ):
            by_plan[e.plan_id].append(e)
    return [_plan_year(p, by_plan[p.id]) for p in rows]


async def readable(reader: Reader, plans: list[PlanYear]) -> None:
    """Before the fields run: judge the year's SKP and annual evaluations with the reader
    (``Reader.keep``, the same rule as ``Reader.one``), and hand them to the request's
    loaders with their positions and units (one statement), so that ``YearPlan.plan``,
    ``.annualEvaluation`` and the SKP's ``position``/``unit`` answer at once."""
    if not plans:
        return
    loaders = reader.loaders
    by_id = loaders.by_id(PerformancePlan)
    evaluations = loaders.by_id(Evaluation)
    for item in plans:
        by_id.prime(item.plan.id, item.plan)
        if item.annual is not None:
            evaluations.prime(item.annual.id, item.annual)
    await reader.keep(PerformancePlan, [p.plan for p in plans])
    await reader.keep(Evaluation, [p.annual for p in plans if p.annual is not None])
    position_ids = sorted({p.plan.position_id for p in plans})
    rows = await fetch_all(
        f"SELECT {columns(Position, 'p', 'p_')}, {columns(Unit, 'u', 'u_')} FROM position p"
        f" JOIN unit u ON u.id = p.unit_id WHERE p.id IN {int_list(position_ids)}"
    )
    positions, units = loaders.by_id(Position), loaders.by_id(Unit)
    for r in rows:
        positions.prime(r["p_id"], to_row(Position, r, "p_"))
        units.prime(r["u_id"], to_row(Unit, r, "u_"))
    # an SKP's unit is its position's at the time it was made: read those not at hand
    missing = sorted({p.plan.unit_id for p in plans} - {r["u_id"] for r in rows})
    if missing:
        for unit in await fetch_rows(
            Unit, f"SELECT {columns(Unit, 'u')} FROM unit u WHERE u.id IN {int_list(missing)}"
        ):
            units.prime(unit.id, unit)


async def employee_year(ctx: ServiceContext, employee_id: Any, year: int) -> EmployeeYear:
    """The employee's ``year`` over all their SKP: yearly predikat, which SKP and rule gave
    it, and the year's angka kredit."""
    if not 1900 <= year <= 9999:
        raise ValidationFailed("yearly.year", field="year")
    employee = await _employee(ctx, employee_id)
    rule = _rule(ctx)
    plans = await _plan_years(employee, year)
    return EmployeeYear(employee, year, rule, plans, choose(plans, rule))


async def credit_history(ctx: ServiceContext, employee_id: Any) -> list[CreditYear]:
    """Angka kredit per year (the sum over the year's SKP) and the running total, oldest
    year first; years without a counted SKP are left out."""
    employee = await _employee(ctx, employee_id)
    years: dict[int, list[PlanYear]] = {}
    for item in await _plan_years(employee):
        years.setdefault(item.plan.year, []).append(item)
    history, running = [], ZERO
    for year in sorted(years):
        total = sum((p.credit_points or ZERO for p in years[year]), ZERO)
        running += total
        history.append(CreditYear(year, total, running, years[year]))
    return history


register_messages(
    {
        "yearly.year": (
            "Tahun harus antara 1900 dan 9999.",
            "The year must be between 1900 and 9999.",
        ),
    }
)
