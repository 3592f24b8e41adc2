"""Monitoring queries and mutations: periods, rencana aksi, realisasi, bukti dukung, umpan balik.

Files are uploaded with the GraphQL multipart request spec (``uploadEvidence``) and
downloaded from ``GET /evidence/{id}`` (see :mod:`kinerja_core.evidence_http`).
"""

from __future__ import annotations

import decimal

import strawberry
from strawberry.file_uploads import Upload
from strawberry.types import Info

from kinerja_core.domain.enums import BehaviorValue, FeedbackTarget
from kinerja_core.graphql.accounts import Done, DoneResult
from kinerja_core.graphql.errors import mutate, query, result_union
from kinerja_core.graphql.pagination import Connection, paginate_query
from kinerja_core.graphql.types.base import converter, from_model
from kinerja_core.graphql.types.monitoring import (
    ActionPlan,
    Evidence,
    Feedback,
    Period,
    Realization,
)
from kinerja_core.services import computed, monitoring


@strawberry.type(description="The periods of an agency's year after set-up.")
class PeriodSetup:
    periods: list[Period] = strawberry.field(description="All periods of the year, in order.")


PeriodResult = result_union("PeriodResult", Period)
PeriodSetupResult = result_union("PeriodSetupResult", PeriodSetup)
ActionPlanResult = result_union("ActionPlanResult", ActionPlan)
RealizationResult = result_union("RealizationResult", Realization)
EvidenceResult = result_union("EvidenceResult", Evidence)
FeedbackResult = result_union("FeedbackResult", Feedback)


@strawberry.input(description="A new rencana aksi for one RHK in one period.")
class AddActionPlanInput:
    work_result_id: strawberry.ID = strawberry.field(description="The RHK.")
    period_id: strawberry.ID = strawberry.field(description="A period of the plan's year.")
    description: str = strawberry.field(description="What will be done.")


@strawberry.input(description="A rewritten rencana aksi.")
class UpdateActionPlanInput:
    id: strawberry.ID = strawberry.field(description="The rencana aksi.")
    description: str = strawberry.field(description="What will be done.")
    version: int | None = strawberry.field(default=None, description="The version you read.")


@strawberry.input(description="The realisasi of one IKI in one open period (created or corrected).")
class RecordRealizationInput:
    indicator_id: strawberry.ID = strawberry.field(description="The IKI.")
    period_id: strawberry.ID = strawberry.field(description="An OPEN period of the plan's year.")
    value: decimal.Decimal | None = strawberry.field(
        default=None, description="Achieved value, required for KUANTITATIF indicators."
    )
    narrative: str | None = strawberry.field(
        default=None, description="What was achieved, required for KUALITATIF indicators."
    )
    version: int | None = strawberry.field(
        default=None, description="When correcting: the version you read."
    )


@strawberry.input(description="A link (http or https) as bukti dukung.")
class AddEvidenceLinkInput:
    realization_id: strawberry.ID = strawberry.field(description="The realisasi it supports.")
    url: str = strawberry.field(description="Full address, e.g. https://drive.example/doc.")
    title: str | None = strawberry.field(default=None, description="What it shows.")


@strawberry.input(description="An umpan balik; give the reference that matches `target`.")
class GiveFeedbackInput:
    plan_id: strawberry.ID = strawberry.field(description="The SKP.")
    target: FeedbackTarget = strawberry.field(description="What the feedback is about.")
    text: str = strawberry.field(description="The feedback.")
    work_result_id: strawberry.ID | None = strawberry.field(
        default=None, description="The RHK (target WORK_RESULT)."
    )
    realization_id: strawberry.ID | None = strawberry.field(
        default=None, description="The realisasi (target REALIZATION)."
    )
    behavior_value: BehaviorValue | None = strawberry.field(
        default=None, description="The BerAKHLAK value (target BEHAVIOR)."
    )
    period_id: strawberry.ID | None = strawberry.field(
        default=None, description="The period it concerns (optional)."
    )


@strawberry.type
class Query:
    @strawberry.field(description="The monitoring periods of an agency in a year.")
    async def periods(self, info: Info, agency_id: strawberry.ID, year: int) -> list[Period]:
        rows = await query(
            info, lambda: monitoring.list_periods(info.context.service, agency_id, year)
        )
        return [from_model(Period, r) for r in rows]

    @strawberry.field(description="Realisasi of a plan, optionally of one period.")
    async def realizations(
        self, info: Info, plan_id: strawberry.ID, period_id: strawberry.ID | None = None
    ) -> list[Realization]:
        rows = await query(
            info,
            lambda: monitoring.list_realizations(info.context.service, plan_id, period_id),
        )
        return [from_model(Realization, r) for r in rows]

    @strawberry.field(description="Rencana aksi of a plan, optionally of one period.")
    async def action_plans(
        self, info: Info, plan_id: strawberry.ID, period_id: strawberry.ID | None = None
    ) -> list[ActionPlan]:
        rows = await query(
            info,
            lambda: monitoring.list_action_plans(info.context.service, plan_id, period_id),
        )
        return [from_model(ActionPlan, r) for r in rows]

    @strawberry.field(description="Umpan balik on a plan, oldest first.")
    async def feedback(
        self,
        info: Info,
        plan_id: strawberry.ID,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Feedback]:
        async def run() -> Connection[Feedback]:
            rows = await monitoring.feedback_of_plan(info.context.service, plan_id)
            return await paginate_query(info, rows, converter(Feedback), first, after)

        return await query(info, run)


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Agency admin: create the year's periods of the agency's period kind."
    )
    async def setup_periods(
        self, info: Info, agency_id: strawberry.ID, year: int
    ) -> PeriodSetupResult:
        async def run() -> PeriodSetup:
            rows = await monitoring.setup_periods(info.context.service, agency_id, year)
            return PeriodSetup(periods=[from_model(Period, r) for r in rows])

        return await mutate(info, run)

    @strawberry.mutation(
        description="Agency admin: open a period for realisasi (reopening: central admin)."
    )
    async def open_period(
        self, info: Info, id: strawberry.ID, version: int | None = None
    ) -> PeriodResult:
        async def run() -> Period:
            row = await monitoring.open_period(info.context.service, id, version)
            return from_model(Period, row)

        return await mutate(info, run)

    @strawberry.mutation(description="Agency admin: close a period; realisasi then stays.")
    async def close_period(
        self, info: Info, id: strawberry.ID, version: int | None = None
    ) -> PeriodResult:
        async def run() -> Period:
            row = await monitoring.close_period(info.context.service, id, version)
            return from_model(Period, row)

        return await mutate(info, run)

    @strawberry.mutation(description="Write a rencana aksi for one RHK of an approved SKP.")
    async def add_action_plan(self, info: Info, input: AddActionPlanInput) -> ActionPlanResult:
        async def run() -> ActionPlan:
            row = await monitoring.add_action_plan(
                info.context.service, input.work_result_id, input.period_id, input.description
            )
            return from_model(ActionPlan, row)

        return await mutate(info, run)

    @strawberry.mutation(description="Rewrite a rencana aksi.")
    async def update_action_plan(
        self, info: Info, input: UpdateActionPlanInput
    ) -> ActionPlanResult:
        async def run() -> ActionPlan:
            row = await monitoring.update_action_plan(
                info.context.service, input.id, input.description, input.version
            )
            return from_model(ActionPlan, row)

        return await mutate(info, run)

    @strawberry.mutation(description="Delete a rencana aksi.")
    async def remove_action_plan(self, info: Info, id: strawberry.ID) -> DoneResult:
        async def run() -> Done:
            await monitoring.remove_action_plan(info.context.service, id)
            return Done()

        return await mutate(info, run)

    @strawberry.mutation(description="Record or correct the realisasi of an IKI in a period.")
    async def record_realization(
        self, info: Info, input: RecordRealizationInput
    ) -> RealizationResult:
        async def run() -> Realization:
            row = await monitoring.record_realization(
                info.context.service,
                input.indicator_id,
                input.period_id,
                value=input.value,
                narrative=input.narrative,
                version=input.version,
            )
            return from_model(Realization, row)

        return await mutate(info, run)

    @strawberry.mutation(
        description="Recompute the realisasi of an IKI linked to a plugin's indicator type for"
        " an open period, from the plugin's data (whoever may read the SKP)."
    )
    async def refresh_realization(
        self, info: Info, indicator_id: strawberry.ID, period_id: strawberry.ID
    ) -> RealizationResult:
        async def run() -> Realization:
            row = await computed.refresh_realization(info.context.service, indicator_id, period_id)
            return from_model(Realization, row)

        return await mutate(info, run)

    @strawberry.mutation(description="Attach a link as bukti dukung of a realisasi.")
    async def add_evidence_link(self, info: Info, input: AddEvidenceLinkInput) -> EvidenceResult:
        async def run() -> Evidence:
            row = await monitoring.add_evidence_link(
                info.context.service, input.realization_id, input.url, input.title
            )
            return from_model(Evidence, row)

        return await mutate(info, run)

    @strawberry.mutation(
        description="Upload a file (PDF, image, office document) as bukti dukung, "
        "sent as a GraphQL multipart request."
    )
    async def upload_evidence(
        self, info: Info, realization_id: strawberry.ID, file: Upload
    ) -> EvidenceResult:
        async def run() -> Evidence:
            row = await monitoring.upload_evidence(info.context.service, realization_id, file)
            return from_model(Evidence, row)

        return await mutate(info, run)

    @strawberry.mutation(description="Remove a bukti dukung.")
    async def remove_evidence(self, info: Info, id: strawberry.ID) -> DoneResult:
        async def run() -> Done:
            await monitoring.remove_evidence(info.context.service, id)
            return Done()

        return await mutate(info, run)

    @strawberry.mutation(description="Rater: give umpan balik on an RHK, a realisasi or a value.")
    async def give_feedback(self, info: Info, input: GiveFeedbackInput) -> FeedbackResult:
        async def run() -> Feedback:
            row = await monitoring.give_feedback(
                info.context.service,
                input.plan_id,
                input.target,
                input.text,
                work_result_id=input.work_result_id,
                realization_id=input.realization_id,
                behavior_value=input.behavior_value,
                period_id=input.period_id,
            )
            return from_model(Feedback, row)

        return await mutate(info, run)
