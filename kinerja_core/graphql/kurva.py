"""The kurva as a unit-level step: review a unit's draft distribution, what-if, finalise it.

See docs/kurva.md for the rule and why it is checked on the unit's whole distribution.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from kinerja_core import models
from kinerja_core.domain.enums import EvaluationKind, EvaluationStatus, KurvaMode, Predikat
from kinerja_core.domain.predikat import PREDIKAT_ORDER
from kinerja_core.graphql.errors import mutate, query, result_union
from kinerja_core.graphql.execution import reads_context
from kinerja_core.graphql.list_caps import max_items
from kinerja_core.graphql.types.base import from_model
from kinerja_core.graphql.types.evaluation import (
    Evaluation,
    KurvaFinding,
    OrganizationRating,
    PeriodRef,
    PlanRef,
    PredikatCount,
    _employee,
    _period,
)
from kinerja_core.graphql.types.org import Employee, Unit
from kinerja_core.i18n import translate
from kinerja_core.services import kurva as service
from kinerja_core.services import unit_evaluations
from kinerja_core.services.kurva import Readable, UnitDistributionData
from kinerja_core.services.organization_rating import finding_json

# A unit's evaluations for one period: above the largest unit of the city by SKP unit (a
# school or puskesmas of some 80), so one response holds the whole distribution.
UNIT_EVALUATIONS_CAP = 300

KurvaModeEnum = strawberry.enum(
    KurvaMode, description="Whether a kurva breach only WARNs or BLOCKs finalising."
)


@strawberry.type(description="One kurva rule as it applies to the unit now: its bound and count.")
class KurvaBound:
    code: str = strawberry.field(description="Stable code, e.g. `kurva.at_most_share`.")
    predikats: list[Predikat] = strawberry.field(
        description="The predikat the rule counts.", metadata=max_items(10)
    )
    at_most: bool = strawberry.field(description="True for an upper bound, false for a lower.")
    percent: int | None = strawberry.field(description="The rule's share in percent, if any.")
    limit: int = strawberry.field(description="Most allowed (upper) or fewest required (lower).")
    actual: int = strawberry.field(description="Employees holding those predikat.")
    total: int = strawberry.field(description="Employees of the unit counted.")
    met: bool = strawberry.field(description="Whether the distribution keeps this rule.")
    params: strawberry.Private[dict[str, Any]]

    @strawberry.field(description="The rule with its numbers, in the request language.")
    @reads_context
    def message(self, info: Info) -> str:
        return translate(self.code, self.params, info.context.lang)


@strawberry.type(description="One evaluation of the unit in its distribution.")
class UnitDistributionEntry:
    predikat: Predikat = strawberry.field(
        description="The predikat counted: final, proposed in the draft, or the what-if change."
    )
    changed: bool = strawberry.field(description="True when `predikat` is a what-if change.")
    final: bool = strawberry.field(description="True when the evaluation is already FINAL.")
    row: strawberry.Private[Any]

    @strawberry.field(description="The evaluation (DRAFT or FINAL).")
    def evaluation(self) -> Evaluation:
        return from_model(Evaluation, self.row)

    @strawberry.field(description="The employee evaluated.")
    @reads_context
    def employee(self, info: Info) -> Employee | None:
        return _employee(info, self.row.plan.employee_id)


@strawberry.type(description="Why finalising the whole unit now would be refused (BLOCK mode).")
class UnitFinalizeRefusal:
    code: str = strawberry.field(
        description="`evaluation.unit_nothing_open`, `evaluation.kurva_breach` or "
        "`evaluation.kurva_unit_incomplete`."
    )
    message: str = strawberry.field(description="What to do, in the request language.")


@strawberry.type(
    description="A unit's whole predikat distribution for a period (or the year): final and "
    "draft evaluations, against the kurva of its organisation predikat."
)
class UnitDistribution:
    year: int = strawberry.field(description="The year.")
    kind: EvaluationKind = strawberry.field(description="PERIODIC for a period, else ANNUAL.")
    kurva_mode: KurvaMode = strawberry.field(description="WARN or BLOCK, per configuration.")
    total: int = strawberry.field(description="Employees with an evaluation (final or draft).")
    final_count: int = strawberry.field(description="Of them, employees whose evaluation is FINAL.")
    draft_count: int = strawberry.field(description="Of them, employees still in DRAFT.")
    missing_count: int = strawberry.field(
        description="Employees with an approved SKP for the period but no evaluation yet."
    )
    counts: list[PredikatCount] = strawberry.field(
        description="Employees per predikat (final, proposed or what-if).", metadata=max_items(10)
    )
    bounds: list[KurvaBound] = strawberry.field(
        description="Every rule of the organisation predikat, with its limit and the count; "
        "empty when no organisation predikat is set.",
        metadata=max_items(20),
    )
    findings: list[KurvaFinding] = strawberry.field(
        description="Rules the distribution breaks; empty when none or when no organisation "
        "predikat is set.",
        metadata=max_items(20),
    )
    finalize_refusal: UnitFinalizeRefusal | None = strawberry.field(
        description="Why `finalizeUnitEvaluations` would be refused now: nothing open, or in "
        "BLOCK mode a breach or someone unrated; none when it would go through."
    )
    data: strawberry.Private[UnitDistributionData]

    @strawberry.field(description="The unit.")
    def unit(self) -> Unit:
        return from_model(Unit, self.data.unit)

    @strawberry.field(description="The period; none for the annual distribution.")
    @reads_context
    def period(self, info: Info) -> PeriodRef | None:
        return _period(info, self.data.period.id if self.data.period else None)

    @strawberry.field(description="The unit's organisation predikat, if set.")
    def organization_rating(self) -> OrganizationRating | None:
        org = self.data.organization_rating
        return from_model(OrganizationRating, org) if org else None

    readable: strawberry.Private[Readable]

    @strawberry.field(
        description="The evaluations of the unit and period, by employee; those of SKP the "
        "viewer may not read are counted above but not listed.",
        metadata=max_items(UNIT_EVALUATIONS_CAP),
    )
    def entries(self) -> list[UnitDistributionEntry]:
        data = self.data
        return [
            UnitDistributionEntry(
                predikat=data.proposed[row.id],
                changed=row.id in data.changed,
                final=row.status == EvaluationStatus.FINAL,
                row=row,
            )
            for row in self.readable.evaluations
        ]

    @strawberry.field(
        description="Approved SKP of the unit for the period without an evaluation yet (those "
        "the viewer may read; all are counted in `missingCount`).",
        metadata=max_items(UNIT_EVALUATIONS_CAP),
    )
    def unrated(self) -> list[PlanRef]:
        from kinerja_core.graphql.types.plans import PerformancePlan

        return [from_model(PerformancePlan, p) for p in self.readable.unrated]

    @classmethod
    async def build(cls, data: UnitDistributionData, info: Info) -> UnitDistribution:
        lang = info.context.lang
        dist = data.distribution
        refused = await service.refusal(data)
        readable = await service.readable(info.context.reader, data, UNIT_EVALUATIONS_CAP)
        return cls(
            year=data.year,
            kind=data.kind,
            kurva_mode=data.mode,
            total=dist.total,
            final_count=len(dist.final),
            draft_count=len(dist.open),
            missing_count=dist.missing,
            counts=[PredikatCount(predikat=p, count=dist.counts[p]) for p in PREDIKAT_ORDER],
            bounds=[
                KurvaBound(
                    code=b.code,
                    predikats=list(b.predikats),
                    at_most=b.bound == "at_most",
                    percent=b.percent,
                    limit=b.limit,
                    actual=b.actual,
                    total=b.total,
                    met=b.met,
                    params=_bound_params(data, b),
                )
                for b in dist.bounds
            ],
            findings=[
                KurvaFinding.from_json(
                    {**finding_json(f), "pending": len(dist.open), "missing": dist.missing}
                )
                for f in dist.findings
            ],
            finalize_refusal=None
            if refused is None
            else UnitFinalizeRefusal(
                code=refused.code,
                message=translate(refused.code, refused.params, lang, field=refused.field),
            ),
            data=data,
            readable=readable,
        )


def _bound_params(data: UnitDistributionData, bound: Any) -> dict[str, Any]:
    from kinerja_core.domain.kurva import KurvaFinding as Finding

    return Finding(
        code=bound.code,
        org=data.distribution.org,
        predikats=bound.predikats,
        bound=bound.bound,
        percent=bound.percent,
        actual=bound.actual,
        limit=bound.limit,
        total=bound.total,
    ).params


@strawberry.type(description="A unit finalised at once: the evaluations and the distribution.")
class UnitFinalization:
    evaluations: list[Evaluation] = strawberry.field(
        description="The evaluations finalised by this step.",
        metadata=max_items(UNIT_EVALUATIONS_CAP),
    )
    kurva_findings: list[KurvaFinding] = strawberry.field(
        description="Kurva rules the final distribution breaks (WARN mode), as stored on each "
        "evaluation.",
        metadata=max_items(20),
    )
    distribution: UnitDistribution = strawberry.field(
        description="The unit's distribution the step was judged on."
    )


FinalizeUnitEvaluationsResult = result_union("FinalizeUnitEvaluationsResult", UnitFinalization)


@strawberry.input(description="A what-if predikat for one DRAFT evaluation of the unit.")
class PredikatChangeInput:
    evaluation_id: strawberry.ID = strawberry.field(description="A DRAFT evaluation of the unit.")
    predikat: Predikat = strawberry.field(description="The predikat to count it with.")


@strawberry.input(description="The unit and period to finalise at once.")
class FinalizeUnitEvaluationsInput:
    unit_id: strawberry.ID = strawberry.field(description="The unit (by SKP unit).")
    year: int = strawberry.field(description="The year.")
    period_id: strawberry.ID | None = strawberry.field(
        default=None, description="The period; omit for the annual evaluations."
    )


@strawberry.type
class Query:
    @strawberry.field(
        description="Head, heads above, agency head/admin, BKPSDM: a unit's whole draft and "
        "final predikat distribution for a period (or the year) against its kurva."
    )
    async def unit_distribution(
        self,
        info: Info,
        unit_id: strawberry.ID,
        year: int,
        period_id: strawberry.ID | None = None,
    ) -> UnitDistribution:
        ctx = info.context.service
        data = await query(
            info, lambda: service.get_unit_distribution(ctx, unit_id, year, period_id)
        )
        return await UnitDistribution.build(data, info)

    @strawberry.field(
        description="What if: the unit's distribution with changed predikat of DRAFT "
        "evaluations; nothing is written."
    )
    async def preview_unit_distribution(
        self,
        info: Info,
        unit_id: strawberry.ID,
        year: int,
        changes: list[PredikatChangeInput],
        period_id: strawberry.ID | None = None,
    ) -> UnitDistribution:
        ctx = info.context.service
        pairs = [(c.evaluation_id, c.predikat) for c in changes]
        data = await query(
            info,
            lambda: service.preview_unit_distribution(ctx, unit_id, year, period_id, pairs),
        )
        return await UnitDistribution.build(data, info)


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Finalise every DRAFT evaluation of a unit for a period (or the year) at "
        "once, the kurva checked on the final distribution (BLOCK: refused on a breach)."
    )
    async def finalize_unit_evaluations(
        self, info: Info, input: FinalizeUnitEvaluationsInput
    ) -> FinalizeUnitEvaluationsResult:
        ctx = info.context.service

        async def run() -> UnitFinalization:
            done = await unit_evaluations.finalize_unit_evaluations(
                ctx, input.unit_id, input.year, input.period_id
            )
            rows = done.evaluations
            readable = await info.context.reader.keep(models.Evaluation, rows)
            return UnitFinalization(
                evaluations=[from_model(Evaluation, r) for r in readable],
                kurva_findings=[KurvaFinding.from_json(f) for f in rows[0].kurva_findings]
                if rows
                else [],
                distribution=await UnitDistribution.build(done.data, info),
            )

        return await mutate(info, run)
