"""Evaluation queries and mutations: organisation predikat, ratings, finalising, keberatan."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from kinerja_core.domain.enums import AppealDecision, OrgPredikat, Rating
from kinerja_core.graphql.errors import mutate, query, result_union
from kinerja_core.graphql.types.base import from_model, selected_names
from kinerja_core.graphql.types.evaluation import (
    Appeal,
    Evaluation,
    EvaluationPayload,
    KurvaFinding,
    KurvaReport,
    OrganizationRating,
)
from kinerja_core.services import appeals, kurva, organization_rating, plan_reads
from kinerja_core.services import evaluation as service
from kinerja_core.services.plan_reads import PlanParts

SetOrganizationRatingResult = result_union("SetOrganizationRatingResult", OrganizationRating)
EvaluateResult = result_union("EvaluateResult", Evaluation)
FinalizeEvaluationResult = result_union("FinalizeEvaluationResult", EvaluationPayload)
FileAppealResult = result_union("FileAppealResult", Appeal)
DecideAppealResult = result_union("DecideAppealResult", Appeal)


@strawberry.input(description="A unit's organisation predikat for a period or the year.")
class SetOrganizationRatingInput:
    unit_id: strawberry.ID = strawberry.field(description="The unit rated.")
    period_id: strawberry.ID | None = strawberry.field(
        default=None, description="The period; omit for the annual organisation predikat."
    )
    year: int = strawberry.field(description="The year.")
    rating: OrgPredikat = strawberry.field(description="ISTIMEWA, BAIK, ... SANGAT_KURANG.")
    version: int | None = strawberry.field(
        default=None, description="The version you read, when changing an existing one."
    )


@strawberry.input(description="The rater's ratings of an SKP; the predikat is derived.")
class EvaluateInput:
    plan_id: strawberry.ID = strawberry.field(description="The approved SKP.")
    period_id: strawberry.ID | None = strawberry.field(
        default=None, description="The period; omit for the annual evaluation."
    )
    result_rating: Rating | None = strawberry.field(
        default=None,
        description="Hasil kerja; a unit head's defaults to the unit's organisation predikat.",
    )
    behavior_rating: Rating = strawberry.field(description="Perilaku kerja.")
    note: str | None = strawberry.field(default=None, description="Note; omit to keep it.")
    version: int | None = strawberry.field(
        default=None, description="The version you read, when changing a draft."
    )


@strawberry.input(description="A keberatan against a final evaluation.")
class FileAppealInput:
    evaluation_id: strawberry.ID = strawberry.field(description="The final evaluation.")
    reason: str = strawberry.field(description="Why the employee disagrees.")


@strawberry.input(description="The atasan pejabat penilai's final decision on a keberatan.")
class DecideAppealInput:
    appeal_id: strawberry.ID = strawberry.field(description="The appeal.")
    decision: AppealDecision = strawberry.field(description="KEEP or CHANGE the ratings.")
    result_rating: Rating | None = strawberry.field(
        default=None, description="CHANGE: the new hasil kerja rating; omit to keep it."
    )
    behavior_rating: Rating | None = strawberry.field(
        default=None, description="CHANGE: the new perilaku rating; omit to keep it."
    )
    note: str = strawberry.field(description="The reasons for the decision.")


@strawberry.type
class Query:
    @strawberry.field(description="One evaluation; readable by whoever may read its SKP.")
    async def evaluation(self, info: Info, id: strawberry.ID) -> Evaluation:
        reader, parts = info.context.reader, PlanParts.of(selected_names(info))
        row = await query(info, lambda: plan_reads.evaluation_detail(reader, id, parts))
        return from_model(Evaluation, row)

    @strawberry.field(description="The evaluations of one SKP: periodic in order, then annual.")
    async def evaluations(self, info: Info, plan_id: strawberry.ID) -> list[Evaluation]:
        reader, parts = info.context.reader, PlanParts.of(selected_names(info))
        rows = await query(info, lambda: plan_reads.plan_evaluations(reader, plan_id, parts))
        return [from_model(Evaluation, r) for r in rows]

    @strawberry.field(description="A unit's predikat distribution against its kurva.")
    async def kurva_report(
        self,
        info: Info,
        unit_id: strawberry.ID,
        year: int,
        period_id: strawberry.ID | None = None,
    ) -> KurvaReport:
        ctx = info.context.service
        data = await query(
            info, lambda: organization_rating.kurva_report(ctx, unit_id, year, period_id)
        )
        await organization_rating.prime_report(info.context.reader, data)
        return KurvaReport.from_data(data)


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Head of the parent unit (BKPSDM for a top unit): set a unit's predikat."
    )
    async def set_organization_rating(
        self, info: Info, input: SetOrganizationRatingInput
    ) -> SetOrganizationRatingResult:
        ctx = info.context.service

        async def run() -> OrganizationRating:
            row = await kurva.set_organization_rating(
                ctx, input.unit_id, input.year, input.rating, input.period_id, input.version
            )
            return from_model(OrganizationRating, row)

        return await mutate(info, run)

    @strawberry.mutation(description="Rater: save the draft evaluation of an approved SKP.")
    async def evaluate(self, info: Info, input: EvaluateInput) -> EvaluateResult:
        ctx = info.context.service

        async def run() -> Evaluation:
            row = await service.evaluate(
                ctx,
                input.plan_id,
                input.behavior_rating,
                result_rating=input.result_rating,
                period_id=input.period_id,
                note=input.note,
                version=input.version,
            )
            return from_model(Evaluation, row)

        return await mutate(info, run)

    @strawberry.mutation(description="Rater: finalise an evaluation (kurva check, angka kredit).")
    async def finalize_evaluation(
        self, info: Info, id: strawberry.ID, version: int | None = None
    ) -> FinalizeEvaluationResult:
        ctx = info.context.service

        async def run() -> EvaluationPayload:
            done = await service.finalize_evaluation(ctx, id, version)
            return EvaluationPayload(
                evaluation=from_model(Evaluation, done.evaluation),
                kurva_findings=[KurvaFinding.from_json(f) for f in done.evaluation.kurva_findings],
            )

        return await mutate(info, run)

    @strawberry.mutation(description="Evaluated employee: file a keberatan within the deadline.")
    async def file_appeal(self, info: Info, input: FileAppealInput) -> FileAppealResult:
        ctx = info.context.service

        async def run() -> Appeal:
            row = await appeals.file_appeal(ctx, input.evaluation_id, input.reason)
            return from_model(Appeal, row)

        return await mutate(info, run)

    @strawberry.mutation(description="Atasan pejabat penilai: decide a keberatan, finally.")
    async def decide_appeal(self, info: Info, input: DecideAppealInput) -> DecideAppealResult:
        ctx = info.context.service

        async def run() -> Appeal:
            row = await appeals.decide_appeal(
                ctx,
                input.appeal_id,
                input.decision,
                input.note,
                result_rating=input.result_rating,
                behavior_rating=input.behavior_rating,
            )
            return from_model(Appeal, row)

        return await mutate(info, run)
