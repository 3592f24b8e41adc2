"""Monitoring types: Period, ActionPlan, Realization, Evidence, Feedback.

Relations resolve through the per-request DataLoaders; plan types (PerformancePlan,
WorkResult, Indicator) are referenced lazily to keep the modules free of import cycles.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from kinerja_core import models
from kinerja_core.domain.enums import (
    BehaviorValue,
    EvidenceKind,
    FeedbackTarget,
    PeriodKind,
    PeriodStatus,
)
from kinerja_core.domain.errors import RuleViolation
from kinerja_core.domain.numbers import trim
from kinerja_core.domain.periods import build_period
from kinerja_core.domain.targets import achievement
from kinerja_core.graphql.execution import reads_context
from kinerja_core.graphql.types import plans as plan_types  # also registers BehaviorValue
from kinerja_core.graphql.types.base import from_model, read_children, read_one
from kinerja_core.graphql.types.org import Agency, Employee
from kinerja_core.graphql.types.org import employee_of as _employee

if TYPE_CHECKING:
    from kinerja_core.graphql.types.plans import Indicator, PerformancePlan, WorkResult

PLANS = "kinerja_core.graphql.types.plans"

PeriodStatusEnum = strawberry.enum(
    PeriodStatus, description="UPCOMING, then OPEN for realisasi, then CLOSED."
)
FeedbackTargetEnum = strawberry.enum(FeedbackTarget, description="What an umpan balik is about.")
EvidenceKindEnum = strawberry.enum(EvidenceKind, description="A stored file or a link.")


@functools.lru_cache(maxsize=4096)
def _labels(year: int, kind: PeriodKind, number: int) -> tuple[str, str]:
    """The Indonesian and English label of a period (the same for every agency's period)."""
    spec = build_period(year, kind, number)
    return spec.label, spec.label_en


@strawberry.type(description="A monitoring period of an agency: a month, quarter or semester.")
class Period:
    id: strawberry.ID
    year: int = strawberry.field(description="The year.")
    kind: PeriodKind = strawberry.field(description="MONTHLY, QUARTERLY or SEMESTER.")
    number: int = strawberry.field(description="Place in the year, from 1.")
    start_date: dt.date = strawberry.field(description="First day.")
    end_date: dt.date = strawberry.field(description="Last day.")
    status: PeriodStatus = strawberry.field(description="Realisasi can be recorded while OPEN.")
    version: int = strawberry.field(description="Pass back on open/close to avoid lost changes.")
    row: strawberry.Private[Any]

    @strawberry.field(description="Name people use, e.g. 'Triwulan I 2026' or 'Q1 2026'.")
    @reads_context
    def label(self, info: Info) -> str:
        label_id, label_en = _labels(self.row.year, self.row.kind, self.row.number)
        return label_en if info.context.lang == "en" else label_id

    @strawberry.field(description="The agency whose period this is.")
    @reads_context
    def agency(self, info: Info) -> Agency:
        return read_one(
            info, models.Agency, self.row.agency_id, lambda row: from_model(Agency, row)
        )


def _period(info: Info, period_id: int | None) -> Any:
    """The period ``period_id`` (none for none), at once when already loaded: one object per
    period and request (the same period under each of an SKP's 78 realisasi)."""
    if period_id is None:
        return None
    reader = info.context.reader
    key = (Period, period_id)
    made = reader.converted.get(key)
    if made is not None:
        return made
    found = read_one(info, models.Period, period_id, _period_object)
    if found.__class__ is Period:
        reader.converted[key] = found
    return found


def _period_object(row: Any) -> Period:
    return from_model(Period, row)


@strawberry.type(description="A rencana aksi: what the employee will do for one RHK in a period.")
class ActionPlan:
    id: strawberry.ID
    description: str = strawberry.field(description="The planned actions.")
    created_at: dt.datetime = strawberry.field(description="When it was written.")
    updated_at: dt.datetime = strawberry.field(description="Last change.")
    version: int = strawberry.field(description="Pass back on update to avoid lost changes.")
    row: strawberry.Private[Any]

    @strawberry.field(description="The period it plans for.")
    @reads_context
    def period(self, info: Info) -> Period:
        return _period(info, self.row.period_id)

    @strawberry.field(description="The RHK it serves.")
    @reads_context
    def work_result(self, info: Info) -> Annotated[WorkResult, strawberry.lazy(PLANS)]:
        return read_one(info, models.WorkResult, self.row.work_result_id, _work_result)


@strawberry.type(description="A bukti dukung: an uploaded file or a link.")
class Evidence:
    id: strawberry.ID
    kind: EvidenceKind = strawberry.field(description="FILE or LINK.")
    url: str = strawberry.field(description="The link (LINK only).")
    title: str = strawberry.field(description="What it shows.")
    filename: str = strawberry.field(description="Name of the uploaded file (FILE only).")
    content_type: str = strawberry.field(description="Checked media type (FILE only).")
    size: int = strawberry.field(description="Size in bytes (FILE only).")
    sha256: str = strawberry.field(description="SHA-256 of the content, hex (FILE only).")
    created_at: dt.datetime = strawberry.field(description="When it was attached.")
    row: strawberry.Private[Any]

    @strawberry.field(
        description="Where to GET the file with the bearer token (FILE only), e.g. /evidence/7."
    )
    def download_url(self) -> str | None:
        return f"/evidence/{self.row.id}" if self.row.kind == EvidenceKind.FILE else None

    @strawberry.field(description="Who attached it.")
    @reads_context
    def uploaded_by(self, info: Info) -> Employee:
        return _employee(info, self.row.uploaded_by_id)


@strawberry.type(description="An umpan balik of the pejabat penilai.")
class Feedback:
    id: strawberry.ID
    target: FeedbackTarget = strawberry.field(description="What it is about.")
    text: str = strawberry.field(description="The feedback.")
    behavior_value: BehaviorValue | None = strawberry.field(
        description="The BerAKHLAK value (target BEHAVIOR)."
    )
    created_at: dt.datetime = strawberry.field(description="When it was given.")
    row: strawberry.Private[Any]

    @strawberry.field(description="Who gave it (the rater).")
    @reads_context
    def author(self, info: Info) -> Employee:
        return _employee(info, self.row.author_id)

    @strawberry.field(description="The period it concerns, if any.")
    @reads_context
    def period(self, info: Info) -> Period | None:
        return _period(info, self.row.period_id)

    @strawberry.field(description="The RHK (target WORK_RESULT).")
    @reads_context
    def work_result(self, info: Info) -> Annotated[WorkResult, strawberry.lazy(PLANS)] | None:
        return read_one(info, models.WorkResult, self.row.work_result_id, _work_result)

    @strawberry.field(description="The realisasi (target REALIZATION).")
    @reads_context
    def realization(self, info: Info) -> Realization | None:
        return read_one(
            info,
            models.Realization,
            self.row.realization_id,
            lambda row: from_model(Realization, row),
        )

    @strawberry.field(description="The SKP it is given on.")
    @reads_context
    def plan(self, info: Info) -> Annotated[PerformancePlan, strawberry.lazy(PLANS)]:
        return read_one(
            info,
            models.PerformancePlan,
            self.row.plan_id,
            lambda row: from_model(plan_types.PerformancePlan, row),
        )


def _work_result(row: Any) -> Any:
    return from_model(plan_types.WorkResult, row)


def feedback_list(rows: list[Any]) -> list[Feedback]:
    return [from_model(Feedback, r) for r in rows]


def _computed(row: Any) -> bool:
    provenance = row.provenance
    return isinstance(provenance, dict) and "annualTarget" in provenance


def _number(text: Any) -> decimal.Decimal | None:
    return None if text in (None, "") else decimal.Decimal(str(text))


@strawberry.type(description="The realisasi of one IKI in one period.")
class Realization:
    id: strawberry.ID
    narrative: str = strawberry.field(description="What was achieved, in words.")
    provenance: JSON | None = strawberry.field(
        description="Where the value comes from: manual entry or a plugin's computation."
    )
    updated_at: dt.datetime = strawberry.field(description="Last change.")
    version: int = strawberry.field(description="Pass back when correcting it.")
    row: strawberry.Private[Any]

    @strawberry.field(description="Achieved value (KUANTITATIF), without trailing zeros.")
    def value(self) -> decimal.Decimal | None:
        number = self.row.value
        if number is None:
            return None
        if number == number.to_integral_value():
            return number.quantize(decimal.Decimal(1))
        return number.normalize()

    @strawberry.field(
        description="The target this value is measured against: the IKI's target, or for a"
        " cumulative plugin indicator the year-to-date target (annual x month / 12)."
    )
    @reads_context
    def target(self, info: Info) -> decimal.Decimal | None:
        if _computed(self.row):
            return trim(_number(self.row.provenance.get("target")))
        return read_one(
            info,
            models.Indicator,
            self.row.indicator_id,
            lambda indicator: trim(indicator.target_value),
        )

    @strawberry.field(
        description="Percent of the target reached (lower-is-better indicators count a value"
        " under the target above 100); none without a numeric target or value."
    )
    @reads_context
    def achievement(self, info: Info) -> decimal.Decimal | None:
        if _computed(self.row):
            return _number(self.row.provenance.get("achievement"))
        return read_one(info, models.Indicator, self.row.indicator_id, self._achievement)

    def _achievement(self, indicator: Any) -> decimal.Decimal | None:
        try:
            return achievement(
                indicator.target_value,
                self.row.value,
                minimum=indicator.target_min,
                maximum=indicator.target_max,
            )
        except RuleViolation:  # a target the rules cannot compare with (e.g. narrative)
            return None

    @strawberry.field(description="Computed from a plugin's data (see provenance), not typed in.")
    def computed(self) -> bool:
        return _computed(self.row)

    @strawberry.field(description="When it was first recorded.")
    def recorded_at(self) -> dt.datetime:
        return self.row.created_at

    @strawberry.field(description="Who recorded it last.")
    @reads_context
    def recorded_by(self, info: Info) -> Employee:
        return _employee(info, self.row.recorded_by_id)

    @strawberry.field(description="The period.")
    @reads_context
    def period(self, info: Info) -> Period:
        return _period(info, self.row.period_id)

    @strawberry.field(description="The IKI.")
    @reads_context
    def indicator(self, info: Info) -> Annotated[Indicator, strawberry.lazy(PLANS)]:
        return read_one(
            info,
            models.Indicator,
            self.row.indicator_id,
            lambda row: from_model(plan_types.Indicator, row),
        )

    @strawberry.field(description="Bukti dukung, oldest first.")
    @reads_context
    def evidence(self, info: Info) -> list[Evidence]:
        return read_children(
            info,
            models.Evidence,
            "realization_id",
            self.row,
            lambda rows: [from_model(Evidence, r) for r in rows],
        )

    @strawberry.field(description="Umpan balik on this realisasi, oldest first.")
    @reads_context
    def feedback(self, info: Info) -> list[Feedback]:
        return read_children(info, models.Feedback, "realization_id", self.row, feedback_list)
