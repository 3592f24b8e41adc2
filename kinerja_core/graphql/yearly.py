"""An employee's year across all their SKP: yearly predikat and angka kredit (issue 10)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from kinerja_core import models
from kinerja_core.domain.enums import Predikat
from kinerja_core.graphql.errors import query
from kinerja_core.graphql.execution import reads_context
from kinerja_core.graphql.list_caps import max_items
from kinerja_core.graphql.types.base import from_model, read_one
from kinerja_core.graphql.types.evaluation import Evaluation
from kinerja_core.graphql.types.org import Employee
from kinerja_core.services import yearly
from kinerja_core.services.yearly import CreditSource, YearlyPredikatRule

if TYPE_CHECKING:  # resolved lazily by strawberry, owned by the plans part
    from kinerja_core.graphql.types.plans import PerformancePlan

PlanRef = Annotated["PerformancePlan", strawberry.lazy("kinerja_core.graphql.types.plans")]

YearlyPredikatRuleEnum = strawberry.enum(
    YearlyPredikatRule,
    description="Which SKP of a year gives the yearly predikat (setting yearly_predikat_rule): "
    "MOST_MONTHS the one covering most months (a tie: the later), LATEST the one in force last.",
)
CreditSourceEnum = strawberry.enum(
    CreditSource,
    description="ANNUAL: the SKP's final annual evaluation; PERIODIC: the sum of its final "
    "periodic evaluations so far (no final annual one yet); NONE: nothing to count.",
)


def _plan_object(row: Any) -> Any:
    from kinerja_core.graphql.types.plans import PerformancePlan

    return None if row is None else from_model(PerformancePlan, row)


def _evaluation_object(row: Any) -> Evaluation | None:
    return None if row is None else from_model(Evaluation, row)


@strawberry.type(description="One SKP of a year and what it contributes to the year.")
class YearPlan:
    plan_id: strawberry.ID = strawberry.field(description="The SKP's id.")
    period_start: dt.date = strawberry.field(description="First day the SKP covers.")
    period_end: dt.date = strawberry.field(description="Last day the SKP covers.")
    months: int = strawberry.field(
        description="Months of the year it covers (a month counts when its 15th is covered)."
    )
    credit_points: Decimal | None = strawberry.field(
        description="Angka kredit it earned for those months; null if none (not functional, "
        "or nothing final yet)."
    )
    credit_source: CreditSource = strawberry.field(description="Where the figure comes from.")
    item: strawberry.Private[Any]

    @strawberry.field(description="The SKP's annual predikat, if its annual evaluation is final.")
    def predikat(self) -> Predikat | None:
        annual = self.item.annual
        return None if annual is None else Predikat(annual.predikat)

    @strawberry.field(description="The SKP, if you may read it.")
    @reads_context
    def plan(self, info: Info) -> PlanRef | None:
        return read_one(info, models.PerformancePlan, self.item.plan.id, _plan_object)

    @strawberry.field(description="Its final annual evaluation, if any and if you may read it.")
    @reads_context
    def annual_evaluation(self, info: Info) -> Evaluation | None:
        annual = self.item.annual
        if annual is None:
            return None
        return read_one(info, models.Evaluation, annual.id, _evaluation_object)

    @classmethod
    def of(cls, item: yearly.PlanYear) -> YearPlan:
        return cls(
            plan_id=strawberry.ID(str(item.plan.id)),
            period_start=item.plan.period_start,
            period_end=item.plan.period_end,
            months=item.months,
            credit_points=item.credit_points,
            credit_source=item.credit_source,
            item=item,
        )


@strawberry.type(description="An employee's year over all their SKP (mutasi, promotion).")
class EmployeeYear:
    year: int = strawberry.field(description="The year.")
    rule: YearlyPredikatRule = strawberry.field(description="The rule that chose the SKP.")
    predikat: Predikat | None = strawberry.field(
        description="The yearly predikat: the annual predikat of the chosen SKP; null while "
        "that SKP has no final annual evaluation (or the year has no SKP)."
    )
    months: int = strawberry.field(description="Months of the year its SKP cover together.")
    credit_points: Decimal = strawberry.field(
        description="Angka kredit of the year: the sum over its SKP, 3 decimals."
    )
    plans: list[YearPlan] = strawberry.field(
        description="The year's approved SKP, oldest first (at most 20).", metadata=max_items(20)
    )
    chosen_plan_id: strawberry.ID | None = strawberry.field(
        description="The SKP whose annual predikat is the year's (by `rule`)."
    )
    data: strawberry.Private[Any]

    @strawberry.field(description="The employee.")
    def employee(self) -> Employee:
        return from_model(Employee, self.data.employee)


@strawberry.type(description="Angka kredit of one year and the running total so far.")
class CreditYear:
    year: int = strawberry.field(description="The year.")
    credit_points: Decimal = strawberry.field(description="The year's sum over its SKP.")
    cumulative: Decimal = strawberry.field(description="Sum of this and every earlier year.")
    plans: list[YearPlan] = strawberry.field(
        description="The year's SKP and what each earned (at most 20).", metadata=max_items(20)
    )


@strawberry.type
class Query:
    @strawberry.field(
        description="An employee's year over all their SKP: the yearly predikat with the SKP "
        "and rule that gave it, and the year's angka kredit."
    )
    async def employee_year(
        self, info: Info, employee_id: strawberry.ID, year: int
    ) -> EmployeeYear:
        ctx = info.context.service
        data = await query(info, lambda: yearly.employee_year(ctx, employee_id, year))
        await yearly.readable(info.context.reader, data.plans)
        return EmployeeYear(
            year=data.year,
            rule=data.rule,
            predikat=data.predikat,
            months=data.months,
            credit_points=data.credit_points,
            plans=[YearPlan.of(p) for p in data.plans],
            chosen_plan_id=strawberry.ID(str(data.chosen.plan.id)) if data.chosen else None,
            data=data,
        )

    @strawberry.field(
        description="An employee's angka kredit per year and cumulative, oldest year first "
        "(the figure a functional-position holder needs for promotion; at most 60 years).",
        metadata=max_items(60),
    )
    async def credit_point_history(
        self, info: Info, employee_id: strawberry.ID
    ) -> list[CreditYear]:
        ctx = info.context.service
        rows = await query(info, lambda: yearly.credit_history(ctx, employee_id))
        return [
            CreditYear(
                year=r.year,
                credit_points=r.credit_points,
                cumulative=r.cumulative,
                plans=[YearPlan.of(p) for p in r.plans],
            )
            for r in rows
        ]
