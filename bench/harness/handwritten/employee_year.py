"""Hand-written ``EmployeeYear``: an employee's year over all their SKP (yearly predikat, angka
kredit). The counting rules (which SKP count, months covered, which figure, which SKP gives
the predikat) are the service's, not SQL: they come from ``kinerja_core.services.yearly``."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from bench.harness.handwritten.base import (
    answer,
    date_of,
    db,
    endpoint,
    forbidden,
    iso,
    may_read_employee,
)
from kinerja_core.services import yearly
from kinerja_core.settings import load_settings

THOUSANDTHS = Decimal("0.001")
HISTORY_PLAN_FIELDS = (
    "planId",
    "periodStart",
    "periodEnd",
    "months",
    "creditPoints",
    "creditSource",
)
RULE = yearly.YearlyPredikatRule(str(load_settings().yearly_predikat_rule).upper())


def _ns(row: Any, **dates: Any) -> SimpleNamespace:
    return SimpleNamespace(**{**dict(row), **dates})


async def plan_years(employee_id: int, year: int | None) -> list[Any]:
    """The counted SKP of the employee (of ``year``, or all), oldest first, as the service's
    PlanYear: 2 statements."""
    of_year = "AND pp.year = ?" if year is not None else ""
    plans = await db.rows(
        "SELECT pp.id, pp.year, pp.status, pp.approved_at, pp.period_start, pp.period_end,"
        " pp.employee_id, pp.rater_id, pp.rater_superior_id, pp.agency_id,"
        " p.name AS position_name, u.name AS unit_name FROM performance_plan pp"
        " JOIN position p ON p.id = pp.position_id JOIN unit u ON u.id = pp.unit_id"
        f" WHERE pp.employee_id = ? {of_year} ORDER BY pp.year, pp.period_start, pp.id",
        employee_id,
        *(() if year is None else (year,)),
    )
    plans = [
        _ns(p, period_start=date_of(p["period_start"]), period_end=date_of(p["period_end"]))
        for p in plans
    ]
    plans = [p for p in plans if yearly._counted(p)]
    evaluations: dict[int, list[Any]] = {p.id: [] for p in plans}
    if plans:
        marks = ",".join("?" * len(plans))
        for e in await db.rows(
            "SELECT id, plan_id, kind, status, predikat, credit_points, finalized_at"
            f" FROM evaluation WHERE plan_id IN ({marks})",
            *[p.id for p in plans],
        ):
            points = e["credit_points"]
            if points is not None:
                points = Decimal(str(points)).quantize(THOUSANDTHS)
            evaluations[e["plan_id"]].append(_ns(e, credit_points=points))
    return [yearly._plan_year(p, evaluations[p.id]) for p in plans]


async def _readable(viewer: Any, variables: dict[str, Any]) -> Any | Response:
    """The employee of ``employeeId`` when the viewer may read them, else the refusal."""
    employee_id = int(variables["employeeId"])
    found = await db.rows("SELECT id, nip, name, agency_id FROM employee WHERE id = ?", employee_id)
    if not found or not await may_read_employee(viewer, employee_id, found[0]["agency_id"]):
        return forbidden()
    return found[0]


@endpoint()
async def credit_point_history(viewer: Any, variables: dict[str, Any]) -> Response:
    """``CreditPointHistory``: angka kredit per year and cumulative, oldest year first."""
    employee = await _readable(viewer, variables)
    if isinstance(employee, Response):
        return employee
    years: dict[int, list[Any]] = {}
    for item in await plan_years(employee["id"], None):
        years.setdefault(item.plan.year, []).append(item)
    history, running = [], yearly.ZERO
    for year in sorted(years)[:60]:
        total = sum((p.credit_points or yearly.ZERO for p in years[year]), yearly.ZERO)
        running += total
        history.append(
            {
                "year": year,
                "creditPoints": _points(total),
                "cumulative": _points(running),
                "plans": [
                    {k: v for k, v in _plan(p).items() if k in HISTORY_PLAN_FIELDS}
                    for p in years[year][:20]
                ],
            }
        )
    return answer({"creditPointHistory": history})


@endpoint()
async def employee_year(viewer: Any, variables: dict[str, Any]) -> Response:
    employee = await _readable(viewer, variables)
    if isinstance(employee, Response):
        return employee
    year = int(variables["year"])
    items = await plan_years(employee["id"], year)
    chosen = yearly.choose(items, RULE)
    # the viewer reads the year because they may read the employee: their SKP too
    return answer(
        {
            "employeeYear": {
                "year": year,
                "rule": RULE.value,
                "predikat": chosen.annual.predikat if chosen and chosen.annual else None,
                "months": min(12, sum(i.months for i in items)),
                "creditPoints": _points(
                    sum((i.credit_points or yearly.ZERO for i in items), yearly.ZERO)
                ),
                "chosenPlanId": str(chosen.plan.id) if chosen else None,
                "employee": {
                    "id": str(employee["id"]),
                    "nip": employee["nip"],
                    "name": employee["name"],
                },
                "plans": [_plan(i) for i in items[:20]],
            }
        }
    )


def _points(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _plan(item: Any) -> dict[str, Any]:
    plan, annual = item.plan, item.annual
    return {
        "planId": str(plan.id),
        "periodStart": plan.period_start.isoformat(),
        "periodEnd": plan.period_end.isoformat(),
        "months": item.months,
        "predikat": annual.predikat if annual else None,
        "creditPoints": _points(item.credit_points),
        "creditSource": item.credit_source.value,
        "plan": {
            "id": str(plan.id),
            "status": plan.status,
            "position": {"name": plan.position_name},
            "unit": {"name": plan.unit_name},
        },
        "annualEvaluation": (
            {
                "id": str(annual.id),
                "predikat": annual.predikat,
                "finalizedAt": iso(annual.finalized_at),
            }
            if annual
            else None
        ),
    }


routes = [
    Route("/employee-year", employee_year, methods=["POST"]),
    Route("/credit-point-history", credit_point_history, methods=["POST"]),
]
