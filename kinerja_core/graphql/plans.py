"""SKP planning queries and mutations: draft, RHK, IKI, submit, return, approve."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from kinerja_core.domain.enums import (
    Aspect,
    BehaviorValue,
    Intervention,
    Perspective,
    PlanApproach,
    PlanStatus,
    WorkResultKind,
)
from kinerja_core.graphql.errors import mutate, query, result_union
from kinerja_core.graphql.pagination import Connection, paginate_query
from kinerja_core.graphql.types.base import converter, from_model, selected_names
from kinerja_core.graphql.types.plans import Indicator, PerformancePlan, WorkResult
from kinerja_core.services import plan_contents, plan_reads, plans

PlanResult = result_union("PlanResult", PerformancePlan)
WorkResultResult = result_union("WorkResultResult", WorkResult)
IndicatorResult = result_union("IndicatorResult", Indicator)


def _given(**values: Any) -> dict[str, Any]:
    """Only the inputs the client sent (``null`` included), for partial updates."""
    return {name: value for name, value in values.items() if value is not strawberry.UNSET}


@strawberry.input(description="A new SKP for the signed-in employee.")
class CreatePlanInput:
    year: int = strawberry.field(description="The year the SKP covers.")
    position_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="A position you hold (e.g. as Plt/Plh); default: your definitive one.",
    )
    approach: PlanApproach = strawberry.field(
        default=PlanApproach.KUANTITATIF, description="KUANTITATIF or KUALITATIF."
    )


@strawberry.input(description="Changes to an SKP's approach or lampiran; omitted fields stay.")
class UpdatePlanInput:
    id: strawberry.ID = strawberry.field(description="The SKP.")
    approach: PlanApproach | None = strawberry.field(default=None, description="New approach.")
    resource_support: str | None = strawberry.field(
        default=None, description="Lampiran: dukungan sumber daya."
    )
    accountability_scheme: str | None = strawberry.field(
        default=None, description="Lampiran: skema pertanggungjawaban."
    )
    consequences: str | None = strawberry.field(default=None, description="Lampiran: konsekuensi.")
    version: int | None = strawberry.field(default=None, description="The version you read.")


@strawberry.input(description="A new RHK in an SKP.")
class AddWorkResultInput:
    plan_id: strawberry.ID = strawberry.field(description="The SKP.")
    kind: WorkResultKind = strawberry.field(
        default=WorkResultKind.UTAMA, description="UTAMA or TAMBAHAN."
    )
    description: str = strawberry.field(description="The work result.")
    parent_work_result_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The rater's RHK this one intervenes; required for RHK utama of JA/JF.",
    )
    intervention: Intervention | None = strawberry.field(
        default=None, description="LANGSUNG or TIDAK_LANGSUNG; required with a parent."
    )
    perspective: Perspective | None = strawberry.field(
        default=None, description="JPT only: the perspective of the result."
    )


@strawberry.input(description="Changes to an RHK; omitted fields stay, null clears.")
class UpdateWorkResultInput:
    id: strawberry.ID = strawberry.field(description="The RHK.")
    kind: WorkResultKind | None = strawberry.field(default=None, description="UTAMA or TAMBAHAN.")
    description: str | None = strawberry.field(default=None, description="The work result.")
    parent_work_result_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="The rater's RHK it intervenes; null clears."
    )
    intervention: Intervention | None = strawberry.field(
        default=strawberry.UNSET, description="LANGSUNG or TIDAK_LANGSUNG; null clears."
    )
    perspective: Perspective | None = strawberry.field(
        default=strawberry.UNSET, description="JPT perspective; null clears."
    )
    indicator_type: str | None = strawberry.field(
        default=None, description="Link to another indicator type (`core.manual` unlinks)."
    )
    parameters: JSON | None = strawberry.field(
        default=None, description="New parameters for the indicator type."
    )
    version: int | None = strawberry.field(default=None, description="The version you read.")


@strawberry.input(description="A new IKI for an RHK: one target value, a range, or a narrative.")
class AddIndicatorInput:
    work_result_id: strawberry.ID = strawberry.field(description="The RHK it measures.")
    aspect: Aspect = strawberry.field(default=Aspect.KUANTITAS, description="What it measures.")
    description: str = strawberry.field(description="The indicator.")
    target_value: Decimal | None = strawberry.field(default=None, description="Single target.")
    target_min: Decimal | None = strawberry.field(default=None, description="Range: lower end.")
    target_max: Decimal | None = strawberry.field(default=None, description="Range: upper end.")
    unit: str = strawberry.field(
        default="", description="Target unit (dokumen, %, bulan...); required for KUANTITATIF."
    )
    narrative_target: str | None = strawberry.field(
        default=None, description="Written target; required for a KUALITATIF SKP."
    )
    perspective: Perspective | None = strawberry.field(
        default=None, description="JPT only: the perspective."
    )
    indicator_type: str | None = strawberry.field(
        default=None,
        description="A plugin's indicator type (see `indicatorTypes`) computing the realisasi;"
        " omitted: `core.manual`, typed in by the employee.",
    )
    parameters: JSON | None = strawberry.field(
        default=None, description='The indicator type\'s parameters, e.g. {"kelurahan": "X"}.'
    )


@strawberry.input(description="Changes to an IKI; omitted fields stay, null clears a target.")
class UpdateIndicatorInput:
    id: strawberry.ID = strawberry.field(description="The IKI.")
    aspect: Aspect | None = strawberry.field(default=None, description="What it measures.")
    description: str | None = strawberry.field(default=None, description="The indicator.")
    target_value: Decimal | None = strawberry.field(
        default=strawberry.UNSET, description="Single target; null clears."
    )
    target_min: Decimal | None = strawberry.field(
        default=strawberry.UNSET, description="Range: lower end; null clears."
    )
    target_max: Decimal | None = strawberry.field(
        default=strawberry.UNSET, description="Range: upper end; null clears."
    )
    unit: str | None = strawberry.field(default=None, description="Target unit.")
    narrative_target: str | None = strawberry.field(
        default=strawberry.UNSET, description="Written target; null clears."
    )
    perspective: Perspective | None = strawberry.field(
        default=strawberry.UNSET, description="JPT perspective; null clears."
    )
    indicator_type: str | None = strawberry.field(
        default=None, description="Link to another indicator type (`core.manual` unlinks)."
    )
    parameters: JSON | None = strawberry.field(
        default=None, description="New parameters for the indicator type."
    )
    version: int | None = strawberry.field(default=None, description="The version you read.")


@strawberry.input(description="The rater's ekspektasi khusus pimpinan for one BerAKHLAK value.")
class BehaviorExpectationInput:
    value: BehaviorValue = strawberry.field(description="The BerAKHLAK value.")
    expectation: str | None = strawberry.field(
        default=None, description="What the rater expects; may be left empty."
    )


@strawberry.input(description="Approve a submitted SKP, with the rater's expectations.")
class ApprovePlanInput:
    id: strawberry.ID = strawberry.field(description="The SKP.")
    expectations: list[BehaviorExpectationInput] = strawberry.field(
        default_factory=list,
        description="Expectations per value; values left out get an empty expectation.",
    )


@strawberry.type
class Query:
    @strawberry.field(description="One SKP the viewer may read.")
    async def plan(self, info: Info, id: strawberry.ID) -> PerformancePlan:
        # the read model (services/plan_reads.py) primes the parts selected for their edges
        parts = plan_reads.PlanParts.of(selected_names(info))
        row = await query(info, lambda: plan_reads.plan_detail(info.context.reader, id, parts))
        return from_model(PerformancePlan, row)

    @strawberry.field(description="The viewer's own SKPs, newest year first.")
    async def my_plans(self, info: Info, year: int | None = None) -> list[PerformancePlan]:
        rows = await query(info, lambda: plans.my_plans(info.context.service, year))
        return [from_model(PerformancePlan, r) for r in rows]

    @strawberry.field(description="SKPs naming the viewer as pejabat penilai, oldest first.")
    async def rated_plans(
        self,
        info: Info,
        year: int | None = None,
        status: PlanStatus | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[PerformancePlan]:
        async def run() -> Connection[PerformancePlan]:
            qs = plans.rated_plans(info.context.service, year, status)
            return await paginate_query(info, qs, converter(PerformancePlan), first, after)

        return await query(info, run)

    @strawberry.field(
        description="The rater's RHK of the same year that an RHK of this SKP may intervene."
    )
    async def parent_work_result_candidates(
        self, info: Info, plan_id: strawberry.ID
    ) -> list[WorkResult]:
        rows = await query(info, lambda: plans.parent_candidates(info.context.service, plan_id))
        return [from_model(WorkResult, r) for r in rows]


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Draft your own SKP for a year.")
    async def create_plan(self, info: Info, input: CreatePlanInput) -> PlanResult:
        ctx = info.context.service

        async def run() -> PerformancePlan:
            row = await plans.create_plan(ctx, input.year, input.position_id, input.approach)
            return from_model(PerformancePlan, row)

        return await mutate(info, run)

    @strawberry.mutation(description="Change your SKP's approach or lampiran (DRAFT/RETURNED).")
    async def update_plan(self, info: Info, input: UpdatePlanInput) -> PlanResult:
        ctx = info.context.service

        async def run() -> PerformancePlan:
            row = await plans.update_plan(
                ctx,
                input.id,
                approach=input.approach,
                resource_support=input.resource_support,
                accountability_scheme=input.accountability_scheme,
                consequences=input.consequences,
                version=input.version,
            )
            return from_model(PerformancePlan, row)

        return await mutate(info, run)

    @strawberry.mutation(description="Send your SKP to the rater for approval.")
    async def submit_plan(self, info: Info, id: strawberry.ID) -> PlanResult:
        ctx = info.context.service

        async def run() -> PerformancePlan:
            return from_model(PerformancePlan, await plans.submit_plan(ctx, id))

        return await mutate(info, run)

    @strawberry.mutation(description="Rater: approve a submitted SKP; freezes its identity.")
    async def approve_plan(self, info: Info, input: ApprovePlanInput) -> PlanResult:
        ctx = info.context.service
        expectations = [(e.value, e.expectation) for e in input.expectations]

        async def run() -> PerformancePlan:
            row = await plans.approve_plan(ctx, input.id, expectations)
            return from_model(PerformancePlan, row)

        return await mutate(info, run)

    @strawberry.mutation(description="Rater: send a submitted SKP back with a note.")
    async def return_plan(self, info: Info, id: strawberry.ID, note: str) -> PlanResult:
        ctx = info.context.service

        async def run() -> PerformancePlan:
            return from_model(PerformancePlan, await plans.return_plan(ctx, id, note))

        return await mutate(info, run)

    @strawberry.mutation(description="Add an RHK to your SKP.")
    async def add_work_result(self, info: Info, input: AddWorkResultInput) -> WorkResultResult:
        ctx = info.context.service

        async def run() -> WorkResult:
            row = await plan_contents.add_work_result(
                ctx,
                input.plan_id,
                input.description,
                input.kind,
                parent_work_result_id=input.parent_work_result_id,
                intervention=input.intervention,
                perspective=input.perspective,
            )
            return from_model(WorkResult, row)

        return await mutate(info, run)

    @strawberry.mutation(description="Change an RHK of your SKP.")
    async def update_work_result(
        self, info: Info, input: UpdateWorkResultInput
    ) -> WorkResultResult:
        ctx = info.context.service
        optional = _given(
            parent_work_result_id=input.parent_work_result_id,
            intervention=input.intervention,
            perspective=input.perspective,
        )

        async def run() -> WorkResult:
            row = await plan_contents.update_work_result(
                ctx,
                input.id,
                kind=input.kind,
                description=input.description,
                version=input.version,
                **optional,
            )
            return from_model(WorkResult, row)

        return await mutate(info, run)

    @strawberry.mutation(description="Remove an RHK and its IKI; returns the SKP.")
    async def remove_work_result(self, info: Info, id: strawberry.ID) -> PlanResult:
        ctx = info.context.service

        async def run() -> PerformancePlan:
            return from_model(PerformancePlan, await plan_contents.remove_work_result(ctx, id))

        return await mutate(info, run)

    @strawberry.mutation(description="Add an IKI to an RHK of your SKP.")
    async def add_indicator(self, info: Info, input: AddIndicatorInput) -> IndicatorResult:
        ctx = info.context.service

        async def run() -> Indicator:
            row = await plan_contents.add_indicator(
                ctx,
                input.work_result_id,
                input.description,
                aspect=input.aspect,
                unit=input.unit,
                target_value=input.target_value,
                target_min=input.target_min,
                target_max=input.target_max,
                narrative_target=input.narrative_target,
                perspective=input.perspective,
                indicator_type=input.indicator_type,
                parameters=input.parameters,
            )
            return from_model(Indicator, row)

        return await mutate(info, run)

    @strawberry.mutation(description="Change an IKI of your SKP.")
    async def update_indicator(self, info: Info, input: UpdateIndicatorInput) -> IndicatorResult:
        ctx = info.context.service
        optional = _given(
            target_value=input.target_value,
            target_min=input.target_min,
            target_max=input.target_max,
            narrative_target=input.narrative_target,
            perspective=input.perspective,
        )

        async def run() -> Indicator:
            row = await plan_contents.update_indicator(
                ctx,
                input.id,
                aspect=input.aspect,
                description=input.description,
                unit=input.unit,
                indicator_type=input.indicator_type,
                parameters=input.parameters,
                version=input.version,
                **optional,
            )
            return from_model(Indicator, row)

        return await mutate(info, run)

    @strawberry.mutation(description="Remove an IKI; returns its RHK.")
    async def remove_indicator(self, info: Info, id: strawberry.ID) -> WorkResultResult:
        ctx = info.context.service

        async def run() -> WorkResult:
            return from_model(WorkResult, await plan_contents.remove_indicator(ctx, id))

        return await mutate(info, run)
