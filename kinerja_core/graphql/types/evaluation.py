"""Evaluation types: Evaluation with its frozen snapshot, OrganizationRating, Appeal, kurva."""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from kinerja_core import models
from kinerja_core.domain.enums import (
    AppealDecision,
    AppealStatus,
    EvaluationKind,
    EvaluationStatus,
    OrgPredikat,
    Predikat,
    Rating,
)
from kinerja_core.graphql.execution import reads_context
from kinerja_core.graphql.types.base import from_model, read_children, read_one
from kinerja_core.graphql.types.org import Employee, Unit
from kinerja_core.graphql.types.org import employee_of as _employee
from kinerja_core.i18n import translate
from kinerja_core.services.evaluation import deadline_for
from kinerja_core.services.loaders import NOT_READY
from kinerja_core.services.organization_rating import KurvaReport as KurvaReportData
from kinerja_core.services.organization_rating import finding_json
from kinerja_core.services.plan_reads import chronological

if TYPE_CHECKING:  # resolved lazily by strawberry, owned by the plans and monitoring parts
    from kinerja_core.graphql.types.monitoring import Period
    from kinerja_core.graphql.types.plans import PerformancePlan

RatingEnum = strawberry.enum(
    Rating, description="The rater's judgement of results (hasil kerja) or behaviour (perilaku)."
)
PredikatEnum = strawberry.enum(
    Predikat, description="An employee's performance verdict, best first; derived by the matrix."
)
OrgPredikatEnum = strawberry.enum(
    OrgPredikat, description="A unit's organisation predikat; bounds its staff distribution."
)
EvaluationKindEnum = strawberry.enum(
    EvaluationKind, description="PERIODIC during the year or the ANNUAL evaluation."
)
EvaluationStatusEnum = strawberry.enum(
    EvaluationStatus, description="DRAFT while the rater works on it; FINAL is frozen."
)
AppealStatusEnum = strawberry.enum(AppealStatus, description="FILED, then DECIDED (final).")
AppealDecisionEnum = strawberry.enum(
    AppealDecision, description="KEEP the ratings, or CHANGE them."
)

PeriodRef = Annotated["Period", strawberry.lazy("kinerja_core.graphql.types.monitoring")]
PlanRef = Annotated["PerformancePlan", strawberry.lazy("kinerja_core.graphql.types.plans")]


def _period(info: Info, period_id: int | None) -> Any:
    if period_id is None:
        return None
    return _period_of()(info, period_id)


@functools.cache
def _period_of() -> Any:
    from kinerja_core.graphql.types.monitoring import _period as period_of  # imports this one

    return period_of


# ---------------------------------------------------------------- snapshot


@strawberry.type(description="The evaluated employee as they were when the evaluation froze.")
class SnapshotEmployee:
    id: strawberry.ID = strawberry.field(description="The employee's id.")
    nip: str = strawberry.field(description="NIP at the time.")
    name: str = strawberry.field(description="Name at the time.")
    golongan: str = strawberry.field(description="Golongan at the time.")


@strawberry.type(description="The position (jabatan) the SKP was for, as it was.")
class SnapshotPosition:
    id: strawberry.ID = strawberry.field(description="The position's id.")
    name: str = strawberry.field(description="Name of the position at the time.")
    type: str = strawberry.field(description="JPT, ADMINISTRATOR, PENGAWAS, FUNGSIONAL, ...")
    level: str = strawberry.field(description="Level, e.g. AHLI_PERTAMA.")


@strawberry.type(description="A unit or agency as it was named at the time.")
class SnapshotOrg:
    id: strawberry.ID = strawberry.field(description="The unit's or agency's id.")
    code: str = strawberry.field(description="Its code at the time.")
    name: str = strawberry.field(description="Its name at the time.")


@strawberry.type(description="The pejabat penilai as they were when the evaluation froze.")
class SnapshotRater:
    id: strawberry.ID = strawberry.field(description="The rater's employee id.")
    nip: str = strawberry.field(description="NIP of the rater.")
    name: str = strawberry.field(description="Name of the rater.")
    position: str = strawberry.field(description="The rater's position name.")


@strawberry.type(description="The period an evaluation covers, as it was defined.")
class SnapshotPeriod:
    id: strawberry.ID = strawberry.field(description="The period's id.")
    kind: str = strawberry.field(description="MONTHLY, QUARTERLY or SEMESTER.")
    number: int = strawberry.field(description="Its number in the year, from 1.")
    start_date: dt.date = strawberry.field(description="First day.")
    end_date: dt.date = strawberry.field(description="Last day.")
    label_id: strawberry.Private[str]
    label_en: strawberry.Private[str]

    @strawberry.field(description="E.g. 'Januari 2026' / 'January 2026', in the request language.")
    @reads_context
    def label(self, info: Info) -> str:
        return self.label_en if info.context.lang == "en" else self.label_id


@strawberry.type(description="What the evaluation document shows, frozen when it was finalised.")
class EvaluationSnapshot:
    kind: EvaluationKind = strawberry.field(description="PERIODIC or ANNUAL.")
    year: int = strawberry.field(description="The SKP year.")
    employee: SnapshotEmployee = strawberry.field(description="The evaluated employee.")
    position: SnapshotPosition = strawberry.field(description="The position of the SKP.")
    unit: SnapshotOrg = strawberry.field(description="The unit of the SKP.")
    agency: SnapshotOrg = strawberry.field(description="The agency (OPD).")
    rater: SnapshotRater = strawberry.field(description="The pejabat penilai.")
    period: SnapshotPeriod | None = strawberry.field(description="The period; none if annual.")
    result_rating: Rating = strawberry.field(description="Hasil kerja rating (after appeal).")
    behavior_rating: Rating = strawberry.field(description="Perilaku rating (after appeal).")
    predikat: Predikat = strawberry.field(description="The predikat (after appeal).")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EvaluationSnapshot:
        period = data.get("period")
        return cls(
            kind=EvaluationKind(data["kind"]),
            year=data["year"],
            employee=SnapshotEmployee(**data["employee"]),
            position=SnapshotPosition(**data["position"]),
            unit=SnapshotOrg(**data["unit"]),
            agency=SnapshotOrg(**data["agency"]),
            rater=SnapshotRater(**data["rater"]),
            period=None
            if period is None
            else SnapshotPeriod(
                id=period["id"],
                kind=period["kind"],
                number=period["number"],
                start_date=dt.date.fromisoformat(period["start_date"]),
                end_date=dt.date.fromisoformat(period["end_date"]),
                label_id=period["label"],
                label_en=period["label_en"],
            ),
            result_rating=Rating(data["result_rating"]),
            behavior_rating=Rating(data["behavior_rating"]),
            predikat=Predikat(data["predikat"]),
        )


# ---------------------------------------------------------------- kurva


@strawberry.type(description="One kurva rule the unit's predikat distribution breaks.")
class KurvaFinding:
    code: str = strawberry.field(description="Stable code, e.g. `kurva.at_most_share`.")
    organization_rating: OrgPredikat = strawberry.field(description="The unit's predikat.")
    predikats: list[Predikat] = strawberry.field(description="The predikat the rule counts.")
    at_most: bool = strawberry.field(description="True for an upper bound, false for a lower.")
    percent: int | None = strawberry.field(description="The rule's share in percent, if any.")
    actual: int = strawberry.field(description="Employees holding those predikat.")
    limit: int = strawberry.field(description="Most allowed (upper) or fewest required (lower).")
    total: int = strawberry.field(description="Employees of the unit counted.")
    pending: int | None = strawberry.field(
        default=None,
        description="Of `total`, employees whose evaluation was still a draft (predikat may "
        "change) when this was found; 0: the final distribution; none: not recorded.",
    )
    missing: int | None = strawberry.field(
        default=None,
        description="Employees with an approved SKP but no evaluation yet, not in `total`; "
        "none: not recorded.",
    )
    params: strawberry.Private[dict[str, Any]]

    @strawberry.field(description="The finding as a sentence, in the request language.")
    @reads_context
    def message(self, info: Info) -> str:
        return translate(self.code, self.params, info.context.lang)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KurvaFinding:
        return cls(
            code=data["code"],
            organization_rating=OrgPredikat(data["org"]),
            predikats=[Predikat(p) for p in data["predikats"]],
            at_most=data["bound"] == "at_most",
            percent=data["percent"],
            actual=data["actual"],
            limit=data["limit"],
            total=data["total"],
            pending=data.get("pending"),
            missing=data.get("missing"),
            params=data["params"],
        )

    @classmethod
    def from_finding(cls, finding: Any) -> KurvaFinding:
        return cls.from_json(finding_json(finding))


@strawberry.type(description="How many employees of a unit hold one predikat.")
class PredikatCount:
    predikat: Predikat = strawberry.field(description="The predikat.")
    count: int = strawberry.field(description="Employees with a FINAL evaluation of it.")


@strawberry.type(description="A unit's organisation predikat for a period, or for the year.")
class OrganizationRating:
    id: strawberry.ID
    year: int = strawberry.field(description="The year.")
    rating: OrgPredikat = strawberry.field(description="ISTIMEWA, BAIK, ... SANGAT_KURANG.")
    updated_at: dt.datetime = strawberry.field(description="When it was last set.")
    version: int = strawberry.field(description="Pass back on update to avoid lost changes.")
    row: strawberry.Private[Any]

    @strawberry.field(description="The unit rated.")
    @reads_context
    def unit(self, info: Info) -> Unit:
        return read_one(info, models.Unit, self.row.unit_id, lambda row: from_model(Unit, row))

    @strawberry.field(description="The period; none for the annual organisation predikat.")
    @reads_context
    def period(self, info: Info) -> PeriodRef | None:
        return _period(info, self.row.period_id)

    @strawberry.field(description="The leader who set it.")
    @reads_context
    def set_by(self, info: Info) -> Employee | None:
        return _employee(info, self.row.set_by_id)


@strawberry.type(description="A unit's predikat distribution against the kurva.")
class KurvaReport:
    year: int = strawberry.field(description="The year.")
    kind: EvaluationKind = strawberry.field(description="PERIODIC for a period, else ANNUAL.")
    total: int = strawberry.field(description="Employees with a FINAL evaluation counted.")
    counts: list[PredikatCount] = strawberry.field(description="Employees per predikat.")
    findings: list[KurvaFinding] = strawberry.field(
        description="Rules broken; empty when none or when no organisation predikat is set."
    )
    data: strawberry.Private[KurvaReportData]

    @strawberry.field(description="The unit.")
    def unit(self) -> Unit:
        return from_model(Unit, self.data.unit)

    @strawberry.field(description="The period; none for the annual report.")
    @reads_context
    def period(self, info: Info) -> PeriodRef | None:
        return _period(info, self.data.period.id if self.data.period else None)

    @strawberry.field(description="The unit's organisation predikat, if set.")
    def organization_rating(self) -> OrganizationRating | None:
        org = self.data.organization_rating
        return from_model(OrganizationRating, org) if org else None

    @classmethod
    def from_data(cls, data: KurvaReportData) -> KurvaReport:
        return cls(
            year=data.year,
            kind=data.kind,
            total=data.total,
            counts=[PredikatCount(predikat=p, count=n) for p, n in data.counts.items()],
            findings=[KurvaFinding.from_finding(f) for f in data.findings],
            data=data,
        )


# ---------------------------------------------------------------- evaluation and appeal


@strawberry.type(
    description="A keberatan against a final evaluation, decided by the rater's superior."
)
class Appeal:
    id: strawberry.ID
    reason: str = strawberry.field(description="Why the employee disagrees.")
    status: AppealStatus = strawberry.field(description="FILED or DECIDED.")
    decision: AppealDecision | None = strawberry.field(description="KEEP or CHANGE, once decided.")
    decision_note: str = strawberry.field(description="The reasons given with the decision.")
    decided_at: dt.datetime | None = strawberry.field(description="When it was decided.")
    original_result_rating: Rating = strawberry.field(description="Result rating appealed.")
    original_behavior_rating: Rating = strawberry.field(description="Behaviour rating appealed.")
    version: int = strawberry.field(description="Changes each time the appeal changes.")
    row: strawberry.Private[Any]

    @strawberry.field(description="When the appeal was filed.")
    def filed_at(self) -> dt.datetime:
        return self.row.created_at

    @strawberry.field(description="The atasan pejabat penilai who decided it.")
    @reads_context
    def decided_by(self, info: Info) -> Employee | None:
        return _employee(info, self.row.decided_by_id)

    @strawberry.field(description="The evaluation appealed against.")
    @reads_context
    def evaluation(self, info: Info) -> Evaluation:
        return read_one(
            info, models.Evaluation, self.row.evaluation_id, lambda row: from_model(Evaluation, row)
        )


@strawberry.type(description="A periodic or annual evaluation (penilaian) of an SKP.")
class Evaluation:
    id: strawberry.ID
    kind: EvaluationKind = strawberry.field(description="PERIODIC or ANNUAL.")
    year: int = strawberry.field(description="The SKP year.")
    result_rating: Rating = strawberry.field(description="Hasil kerja rating.")
    behavior_rating: Rating = strawberry.field(description="Perilaku kerja rating.")
    predikat: Predikat = strawberry.field(description="Derived from the two ratings by the matrix.")
    note: str = strawberry.field(description="The rater's note.")
    status: EvaluationStatus = strawberry.field(description="DRAFT or FINAL.")
    finalized_at: dt.datetime | None = strawberry.field(description="When it was finalised.")
    credit_points: Decimal | None = strawberry.field(
        description="Angka kredit earned (functional positions only), 3 decimals."
    )
    version: int = strawberry.field(description="Pass back on update to avoid lost changes.")
    row: strawberry.Private[Any]

    @strawberry.field(description="Identity and ratings frozen at finalisation; none while DRAFT.")
    def snapshot(self) -> EvaluationSnapshot | None:
        return EvaluationSnapshot.from_json(self.row.snapshot) if self.row.snapshot else None

    @strawberry.field(description="The period evaluated; none for the annual evaluation.")
    @reads_context
    def period(self, info: Info) -> PeriodRef | None:
        return _period(info, self.row.period_id)

    @strawberry.field(description="The SKP evaluated.")
    @reads_context
    def plan(self, info: Info) -> PlanRef:
        from kinerja_core.graphql.types.plans import PerformancePlan

        return read_one(
            info,
            models.PerformancePlan,
            self.row.plan_id,
            lambda row: from_model(PerformancePlan, row),
        )

    @strawberry.field(description="The pejabat penilai who rated.")
    @reads_context
    def rater(self, info: Info) -> Employee | None:
        return _employee(info, self.row.rater_id)

    @strawberry.field(description="The keberatan against it, if one was filed.")
    @reads_context
    def appeal(self, info: Info) -> Appeal | None:
        return read_children(info, models.Appeal, "evaluation_id", self.row, _first_appeal)

    @strawberry.field(description="Last moment to file a keberatan (WIB); none while DRAFT.")
    @reads_context
    def appeal_deadline(self, info: Info) -> dt.datetime | None:
        return deadline_for(self.row, info.context.settings.appeal_days)

    @strawberry.field(description="Kurva findings of its unit recorded when it was finalised.")
    def kurva_findings(self) -> list[KurvaFinding]:
        return [KurvaFinding.from_json(f) for f in self.row.kurva_findings or []]


def _first_appeal(rows: list[Any]) -> Appeal | None:
    return from_model(Appeal, rows[0]) if rows else None


@strawberry.type(description="An evaluation just finalised, with its unit's kurva findings.")
class EvaluationPayload:
    evaluation: Evaluation = strawberry.field(description="The finalised evaluation.")
    kurva_findings: list[KurvaFinding] = strawberry.field(
        description="Kurva rules the unit breaks with this evaluation counted (WARN mode)."
    )


def evaluations_of_plan_now(info: Info, plan: Any) -> Any:
    """:func:`evaluations_of_plan` at once when the request holds the plan's evaluations and
    their periods (my dashboard's read model primes them); else the awaitable."""
    reader = info.context.reader
    rows = reader.children_now(models.Evaluation, plan)
    if rows is not NOT_READY:
        periods = {}
        for period_id in {r.period_id for r in rows if r.period_id is not None}:
            period = reader.one_now(models.Period, period_id)
            if period is NOT_READY:
                break
            if period is not None:
                periods[period_id] = period
        else:
            return _in_order(rows, periods)
    return evaluations_of_plan(info, plan)


async def evaluations_of_plan(info: Info, plan: Any) -> list[Evaluation]:
    """A plan's evaluations for ``PerformancePlan.evaluations``: periodic in order, then annual.

    Two batched statements whatever the number of plans (evaluations, then their periods).
    """
    rows = await info.context.reader.children(models.Evaluation, "plan_id", plan)
    period_ids = sorted({r.period_id for r in rows if r.period_id is not None})
    loaded = await info.context.reader.many(models.Period, period_ids)
    return _in_order(rows, {p.id: p for p in loaded if p is not None})


def _in_order(rows: Any, periods: dict[int, Any]) -> list[Evaluation]:
    """A plan's evaluation rows as GraphQL objects: periodic by period start, then annual."""
    return [
        from_model(Evaluation, r) for r in sorted(rows, key=lambda r: chronological(r, periods))
    ]
