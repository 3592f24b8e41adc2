"""Pelaksanaan, pemantauan, pembinaan: periods, rencana aksi, realisasi, bukti dukung, umpan balik.

- Agency admins (or central admins) set up an agency's periods for a year and open and close
  them; only a central admin reopens a closed period.
- The owner of an approved SKP writes rencana aksi per RHK and period, records realisasi per
  IKI and period while the period is open, and attaches bukti dukung (links or files).
- The plan's pejabat penilai gives umpan balik on an RHK, a realisasi or a behaviour value.
- Whoever may read the plan reads all of it.
"""

from __future__ import annotations

import decimal
from typing import Any
from urllib.parse import urlsplit

from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet

from kinerja_core.auth import access
from kinerja_core.auth.viewer import Viewer
from kinerja_core.domain import limits, records
from kinerja_core.domain.enums import (
    BehaviorValue,
    EvidenceKind,
    FeedbackTarget,
    PeriodStatus,
    PlanApproach,
    PlanStatus,
)
from kinerja_core.domain.periods import build_period, build_periods
from kinerja_core.domain.workflow import STATUS_LABEL
from kinerja_core.errors import Conflict, NotFound, ValidationFailed
from kinerja_core.i18n import register_messages
from kinerja_core.models import (
    ActionPlan,
    Agency,
    Evaluation,
    Evidence,
    Feedback,
    Indicator,
    OrganizationRating,
    PerformancePlan,
    Period,
    Realization,
    WorkResult,
)
from kinerja_core.services import audit, evidence
from kinerja_core.services.common import bump, check_version, clean_text, get_or_404
from kinerja_core.services.context import ServiceContext
from kinerja_core.services.inputs import check_decimal, check_year
from kinerja_core.services.limits import require_room
from kinerja_core.services.upload_quotas import check_upload_quota

MANUAL_INDICATOR = records.MANUAL_SOURCE
# Realization.value is DECIMAL(18, 4): 14 integer digits.
MAX_VALUE = decimal.Decimal(10) ** 14
FOUR_PLACES = decimal.Decimal("0.0001")
PERIOD_STATUS_LABEL: dict[str, tuple[str, str]] = {
    "UPCOMING": ("Belum dibuka", "Upcoming"),
    "OPEN": ("Dibuka", "Open"),
    "CLOSED": ("Ditutup", "Closed"),
}
ACTION_LABEL: dict[PeriodStatus, tuple[str, str]] = {
    PeriodStatus.OPEN: ("dibuka", "opened"),
    PeriodStatus.CLOSED: ("ditutup", "closed"),
}


def _plan_status(plan: PerformancePlan) -> dict[str, str]:
    label_id, label_en = STATUS_LABEL.get(str(plan.status), (str(plan.status),) * 2)
    return {"status_id": label_id, "status_en": label_en}


def period_params(period: Period) -> dict[str, str]:
    spec = build_period(period.year, period.kind, period.number)
    label_id, label_en = PERIOD_STATUS_LABEL[str(period.status)]
    return {
        "period_id": spec.label,
        "period_en": spec.label_en,
        "status_id": label_id,
        "status_en": label_en,
    }


# --- periods ---------------------------------------------------------------------------------


async def list_periods(ctx: ServiceContext, agency_id: Any, year: int) -> list[Period]:
    """The periods of an agency in a year, in calendar order; any signed-in user may read."""
    ctx.require_viewer()
    agency = await get_or_404(Agency, agency_id, "agencyId")
    return await Period.filter(agency_id=agency.id, year=year).order_by("start_date", "number")


async def _periods_in_use(ids: list[int]) -> bool:
    for model in (Realization, ActionPlan, Feedback, Evaluation, OrganizationRating):
        if await model.filter(period_id__in=ids).exists():
            return True
    return False


async def setup_periods(ctx: ServiceContext, agency_id: Any, year: int) -> list[Period]:
    """Create the year's periods of the agency's period kind (agency admin or central admin).

    Idempotent: periods that exist are kept. Unused periods of another kind (the agency
    changed its period length) are replaced; if any of them is already in use, refused.
    """
    viewer = ctx.require_viewer()
    check_year(year)
    async with ctx.transaction():
        agency = await get_or_404(Agency, agency_id, "agencyId")
        access.require_manage_agency(viewer, agency.id)
        kind = agency.period_kind
        specs = build_periods(year, kind)
        others = await Period.filter(agency_id=agency.id, year=year).exclude(kind=kind)
        if others:
            ids = [p.id for p in others]
            if await _periods_in_use(ids):
                raise ValidationFailed(
                    "period.kind_in_use", field="agencyId", year=year, kind=str(others[0].kind)
                )
            for old in others:
                await audit.record(
                    ctx, "period.delete", "Period", old.id, before=audit.snapshot(old)
                )
            await Period.filter(id__in=ids).delete()
        existing = {
            p.number for p in await Period.filter(agency_id=agency.id, year=year, kind=kind)
        }
        for spec in specs:
            if spec.number in existing:
                continue
            period = await Period.create(
                agency=agency,
                year=year,
                kind=kind,
                number=spec.number,
                start_date=spec.start,
                end_date=spec.end,
            )
            await audit.record(
                ctx, "period.create", "Period", period.id, after=audit.snapshot(period)
            )
    return await Period.filter(agency_id=agency.id, year=year, kind=kind).order_by("number")


async def _move_period(
    ctx: ServiceContext, period_id: Any, to: PeriodStatus, version: int | None
) -> Period:
    viewer = ctx.require_viewer()
    async with ctx.transaction():
        period = await get_or_404(Period, period_id, "id")
        access.require_manage_agency(viewer, period.agency_id)
        check_version(period, version)
        allowed_from = {
            PeriodStatus.OPEN: {PeriodStatus.UPCOMING, PeriodStatus.CLOSED},
            PeriodStatus.CLOSED: {PeriodStatus.OPEN},
        }[to]
        if period.status not in allowed_from:
            action_id, action_en = ACTION_LABEL[to]
            raise ValidationFailed(
                "period.transition",
                field="id",
                action_id=action_id,
                action_en=action_en,
                **period_params(period),
            )
        reopen = period.status == PeriodStatus.CLOSED
        if reopen:
            # A closed period may already be evaluated: reopening is BKPSDM's decision.
            access.require_central_admin(viewer)
        before = audit.snapshot(period)
        period.status = to
        period.updated_at = ctx.now()
        await bump(period, "status", "updated_at")
        action = "period.reopen" if reopen else f"period.{str(to).lower()}"
        await audit.record(ctx, action, "Period", period.id, before, audit.snapshot(period))
    return period


async def open_period(ctx: ServiceContext, period_id: Any, version: int | None = None) -> Period:
    """UPCOMING -> OPEN (agency admin or central admin); CLOSED -> OPEN by a central admin."""
    return await _move_period(ctx, period_id, PeriodStatus.OPEN, version)


async def close_period(ctx: ServiceContext, period_id: Any, version: int | None = None) -> Period:
    """OPEN -> CLOSED (agency admin or central admin): realisasi can no longer change."""
    return await _move_period(ctx, period_id, PeriodStatus.CLOSED, version)


async def period_of_plan(plan: PerformancePlan, period_id: Any, field: str = "periodId") -> Period:
    """A period of the plan's agency and year that overlaps the plan's dates."""
    period = await get_or_404(Period, period_id, field)
    if (
        period.agency_id != plan.agency_id
        or period.year != plan.year
        or period.end_date < plan.period_start
        or period.start_date > plan.period_end
    ):
        raise ValidationFailed("period.not_of_plan", field=field, year=plan.year)
    return period


def require_approved(plan: PerformancePlan, code: str, field: str) -> None:
    if plan.status != PlanStatus.APPROVED:
        raise ValidationFailed(code, field=field, **_plan_status(plan))


# --- rencana aksi ----------------------------------------------------------------------------


async def _editable_action_plan(viewer: Viewer, action_plan_id: Any) -> ActionPlan:
    row = await get_or_404(
        ActionPlan, action_plan_id, "id", related=("work_result__plan", "period")
    )
    plan = row.work_result.plan
    access.require_plan_owner(viewer, plan)
    require_approved(plan, "action_plan.plan_not_approved", "id")
    if row.period.status == PeriodStatus.CLOSED:
        raise ValidationFailed("action_plan.period_closed", field="id", **period_params(row.period))
    return row


async def add_action_plan(
    ctx: ServiceContext, work_result_id: Any, period_id: Any, description: str
) -> ActionPlan:
    """The owner of an approved SKP writes a rencana aksi for one RHK in a not-closed period."""
    viewer = ctx.require_viewer()
    async with ctx.transaction():
        work_result = await get_or_404(
            WorkResult, work_result_id, "workResultId", related=("plan",)
        )
        plan = work_result.plan
        access.require_plan_owner(viewer, plan)
        require_approved(plan, "action_plan.plan_not_approved", "workResultId")
        period = await period_of_plan(plan, period_id)
        if period.status == PeriodStatus.CLOSED:
            raise ValidationFailed(
                "action_plan.period_closed", field="periodId", **period_params(period)
            )
        text = clean_text(description, "description", required=True, max_len=2000)
        await require_room(
            ActionPlan.filter(work_result_id=work_result.id, period_id=period.id),
            limits.ACTION_PLANS_PER_PERIOD,
            "limit.action_plans_period",
            "workResultId",
            owner=(WorkResult, work_result.id),
        )
        await require_room(
            ActionPlan.filter(work_result_id=work_result.id),
            limits.ACTION_PLANS_PER_WORK_RESULT,
            "limit.action_plans",
            "workResultId",
            owner=(WorkResult, work_result.id),
        )
        row = await ActionPlan.create(work_result=work_result, period=period, description=text)
        await audit.record(
            ctx, "action_plan.create", "ActionPlan", row.id, after=audit.snapshot(row)
        )
    return row


async def update_action_plan(
    ctx: ServiceContext, action_plan_id: Any, description: str, version: int | None = None
) -> ActionPlan:
    """The owner rewrites a rencana aksi while its period is not closed."""
    viewer = ctx.require_viewer()
    async with ctx.transaction():
        row = await _editable_action_plan(viewer, action_plan_id)
        check_version(row, version)
        before = audit.snapshot(row)
        row.description = clean_text(description, "description", required=True, max_len=2000)
        row.updated_at = ctx.now()
        await bump(row, "description", "updated_at")
        await audit.record(
            ctx, "action_plan.update", "ActionPlan", row.id, before, audit.snapshot(row)
        )
    return row


async def remove_action_plan(ctx: ServiceContext, action_plan_id: Any) -> None:
    """The owner deletes a rencana aksi while its period is not closed."""
    viewer = ctx.require_viewer()
    async with ctx.transaction():
        row = await _editable_action_plan(viewer, action_plan_id)
        await audit.record(
            ctx, "action_plan.delete", "ActionPlan", row.id, before=audit.snapshot(row)
        )
        await row.delete()


# --- realisasi -------------------------------------------------------------------------------


def _is_qualitative(plan: PerformancePlan, indicator: Indicator) -> bool:
    """KUALITATIF plans, and indicators that carry only a narrative target, expect a narrative."""
    if plan.approach == PlanApproach.KUALITATIF:
        return True
    numeric = (indicator.target_value, indicator.target_min, indicator.target_max)
    return all(v is None for v in numeric) and bool(indicator.narrative_target.strip())


def _clean_value(value: Any) -> decimal.Decimal | None:
    if value is None:
        return None
    try:
        number = decimal.Decimal(str(value))
    except decimal.InvalidOperation:
        raise ValidationFailed("realization.value_range", field="value") from None
    if not number.is_finite() or abs(number) >= MAX_VALUE:
        raise ValidationFailed("realization.value_range", field="value")
    if number < 0:
        raise ValidationFailed("realization.negative_value", field="value")
    check_decimal(number, "value")  # never round a realisasi silently (1e-7 is not 0)
    return number.quantize(FOUR_PLACES, rounding=decimal.ROUND_HALF_UP)


async def record_realization(
    ctx: ServiceContext,
    indicator_id: Any,
    period_id: Any,
    *,
    value: Any = None,
    narrative: str | None = None,
    version: int | None = None,
) -> Realization:
    """Record (or correct) the realisasi of one IKI in one open period: the SKP owner only.

    KUANTITATIF indicators need a non-negative value, KUALITATIF ones a narrative. Indicators
    computed by a plugin refuse manual entry. ``version`` guards a correction against a stale read.
    """
    viewer = ctx.require_viewer()
    async with ctx.transaction():
        indicator = await get_or_404(
            Indicator, indicator_id, "indicatorId", related=("work_result__plan",)
        )
        plan = indicator.work_result.plan
        access.require_plan_owner(viewer, plan)
        require_approved(plan, "realization.plan_not_approved", "indicatorId")
        period = await period_of_plan(plan, period_id)
        if period.status != PeriodStatus.OPEN:
            raise ValidationFailed(
                "realization.period_not_open", field="periodId", **period_params(period)
            )
        if indicator.indicator_type != MANUAL_INDICATOR:
            raise ValidationFailed(
                "realization.computed_indicator",
                field="indicatorId",
                indicator_type=indicator.indicator_type,
            )
        number = _clean_value(value)
        text = clean_text(narrative, "narrative", max_len=5000)
        if _is_qualitative(plan, indicator):
            if not text:
                raise ValidationFailed("realization.narrative_required", field="narrative")
        elif number is None:
            raise ValidationFailed("realization.value_required", field="value")
        provenance = records.manual_provenance(viewer.nip)
        row = await Realization.filter(indicator_id=indicator.id, period_id=period.id).first()
        if row is None:
            try:
                row = typed_realization(
                    indicator.id, period.id, viewer.employee_id, viewer.nip, number, text
                )
                await row.save(force_create=True)
            except IntegrityError:  # recorded by a concurrent request a moment ago
                raise Conflict("conflict.exists", field="periodId", entity="Realization") from None
            await audit.record(
                ctx, "realization.create", "Realization", row.id, after=audit.snapshot(row)
            )
        else:
            check_version(row, version)
            before = audit.snapshot(row)
            row.value, row.narrative, row.provenance = number, text, provenance
            row.recorded_by_id = viewer.employee_id
            row.updated_at = ctx.now()
            await bump(row, "value", "narrative", "provenance", "recorded_by_id", "updated_at")
            await audit.record(
                ctx, "realization.update", "Realization", row.id, before, audit.snapshot(row)
            )
        ctx.emit(
            "realization_recorded",
            realization_id=row.id,
            plan_id=plan.id,
            employee_id=plan.employee_id,
            rater_id=plan.rater_id,
        )
    return row


def typed_realization(
    indicator_id: int,
    period_id: int,
    recorder_id: int,
    recorder_nip: str,
    value: decimal.Decimal | None,
    narrative: str,
) -> Realization:
    """A realisasi the SKP owner typed in (not saved), with its manual provenance:
    ``record_realization`` saves one, the demo many."""
    return Realization(
        indicator_id=indicator_id,
        period_id=period_id,
        value=value,
        narrative=narrative,
        recorded_by_id=recorder_id,
        provenance=records.manual_provenance(recorder_nip),
    )


async def list_realizations(
    ctx: ServiceContext, plan_id: Any, period_id: Any = None
) -> list[Realization]:
    """The realisasi of a plan (optionally of one period): whoever may read the plan."""
    viewer = ctx.require_viewer()
    plan = await get_or_404(PerformancePlan, plan_id, "planId")
    await access.require_read_plan(viewer, plan)
    rows = Realization.filter(indicator__work_result__plan_id=plan.id)
    if period_id is not None:
        period = await get_or_404(Period, period_id, "periodId")
        rows = rows.filter(period_id=period.id)
    return await rows.order_by("period_id", "indicator_id")


async def list_action_plans(
    ctx: ServiceContext, plan_id: Any, period_id: Any = None
) -> list[ActionPlan]:
    """The rencana aksi of a plan (optionally of one period): whoever may read the plan."""
    viewer = ctx.require_viewer()
    plan = await get_or_404(PerformancePlan, plan_id, "planId")
    await access.require_read_plan(viewer, plan)
    rows = ActionPlan.filter(work_result__plan_id=plan.id)
    if period_id is not None:
        period = await get_or_404(Period, period_id, "periodId")
        rows = rows.filter(period_id=period.id)
    return await rows.order_by("period_id", "work_result_id", "id")


# --- bukti dukung ----------------------------------------------------------------------------


async def _editable_realization(viewer: Viewer, realization_id: Any, field: str) -> Realization:
    """A realisasi its owner may still change: plan approved, period open."""
    row = await get_or_404(
        Realization, realization_id, field, related=("indicator__work_result__plan", "period")
    )
    plan = row.indicator.work_result.plan
    access.require_plan_owner(viewer, plan)
    require_approved(plan, "realization.plan_not_approved", field)
    if row.period.status != PeriodStatus.OPEN:
        raise ValidationFailed(
            "realization.period_not_open", field=field, **period_params(row.period)
        )
    return row


def _clean_url(url: str) -> str:
    text = clean_text(url, "url", required=True, max_len=1000)
    parts = urlsplit(text)
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or any(ch.isspace() for ch in text)
    ):
        raise ValidationFailed("evidence.url", field="url")
    return text


async def add_evidence_link(
    ctx: ServiceContext, realization_id: Any, url: str, title: str | None = None
) -> Evidence:
    """The owner attaches a link (http or https) as bukti dukung of a realisasi."""
    viewer = ctx.require_viewer()
    link = _clean_url(url)
    label = clean_text(title, "title", max_len=300)
    async with ctx.transaction():
        realization = await _editable_realization(viewer, realization_id, "realizationId")
        await require_room(
            Evidence.filter(realization_id=realization.id, kind=EvidenceKind.LINK),
            limits.LINKS_PER_REALIZATION,
            "limit.evidence_links",
            "realizationId",
            owner=(Realization, realization.id),
        )
        row = await Evidence.create(
            realization=realization,
            kind=EvidenceKind.LINK,
            url=link,
            title=label,
            uploaded_by_id=viewer.employee_id,
        )
        await audit.record(ctx, "evidence.create", "Evidence", row.id, after=audit.snapshot(row))
    return row


async def upload_evidence(ctx: ServiceContext, realization_id: Any, upload: Any) -> Evidence:
    """The owner uploads a file as bukti dukung; the file is checked before it is kept.

    Access, the realisasi's state and its file quota are checked before the file is read
    (the byte quotas again once its size is known, :mod:`.upload_quotas`); a file whose row
    could not be written is removed again unless another evidence row shares its content.
    """
    viewer = ctx.require_viewer()
    checked = await _editable_realization(viewer, realization_id, "realizationId")
    await check_upload_quota(ctx.settings, checked.id, viewer.employee_id)
    stored = await evidence.store_upload(ctx.settings, upload)
    try:
        async with ctx.transaction():
            realization = await _editable_realization(viewer, realization_id, "realizationId")
            await check_upload_quota(ctx.settings, realization.id, viewer.employee_id, stored.size)
            row = await Evidence.create(
                realization=realization,
                kind=EvidenceKind.FILE,
                title=stored.filename,
                filename=stored.filename,
                content_type=stored.content_type,
                size=stored.size,
                sha256=stored.sha256,
                storage_path=stored.storage_path,
                uploaded_by_id=viewer.employee_id,
            )
            await audit.record(
                ctx, "evidence.upload", "Evidence", row.id, after=audit.snapshot(row)
            )
    except BaseException:
        await evidence.discard_if_unreferenced(ctx.settings, stored.storage_path)
        raise
    return row


async def remove_evidence(ctx: ServiceContext, evidence_id: Any) -> None:
    """The owner removes a bukti dukung while the period is open; an orphaned file goes too."""
    viewer = ctx.require_viewer()
    async with ctx.transaction():
        row = await get_or_404(Evidence, evidence_id, "id")
        await _editable_realization(viewer, row.realization_id, "id")
        await audit.record(ctx, "evidence.delete", "Evidence", row.id, before=audit.snapshot(row))
        await row.delete()
    if row.kind == EvidenceKind.FILE:
        await evidence.discard_if_unreferenced(ctx.settings, row.storage_path)


async def evidence_file(ctx: ServiceContext, evidence_id: Any) -> Evidence:
    """An uploaded file's row, for whoever may read the plan it belongs to (the bytes are
    streamed from the evidence store by the caller, :mod:`kinerja_core.evidence_http`).

    Someone else's evidence answers exactly like a missing one (``not_found``, HTTP 404), so
    the download URL does not tell whether an id exists.
    """
    viewer = ctx.require_viewer()
    row = await get_or_404(Evidence, evidence_id, "id")
    plan = await PerformancePlan.get(work_results__indicators__realizations__id=row.realization_id)
    if not await access.can_read_plan(viewer, plan):
        raise NotFound("not_found", field="id", entity="Evidence", id=evidence_id)
    if row.kind != EvidenceKind.FILE or not row.storage_path:
        raise NotFound("evidence.no_file", field="id")
    return row


# --- umpan balik -----------------------------------------------------------------------------


async def give_feedback(
    ctx: ServiceContext,
    plan_id: Any,
    target: FeedbackTarget,
    text: str,
    *,
    work_result_id: Any = None,
    realization_id: Any = None,
    behavior_value: BehaviorValue | None = None,
    period_id: Any = None,
) -> Feedback:
    """The plan's pejabat penilai gives umpan balik on one of its RHK, realisasi or values."""
    viewer = ctx.require_viewer()
    async with ctx.transaction():
        plan = await get_or_404(PerformancePlan, plan_id, "planId")
        access.require_plan_rater(viewer, plan)
        if plan.status not in (PlanStatus.APPROVED, PlanStatus.CLOSED):
            raise ValidationFailed(
                "feedback.plan_not_approved", field="planId", **_plan_status(plan)
            )
        body = clean_text(text, "text", required=True, max_len=5000)
        given = {
            FeedbackTarget.WORK_RESULT: ("workResultId", work_result_id),
            FeedbackTarget.REALIZATION: ("realizationId", realization_id),
            FeedbackTarget.BEHAVIOR: ("behaviorValue", behavior_value),
        }
        for kind, (field, ref) in given.items():
            if kind == target and ref is None:
                raise ValidationFailed("required", field=field)
            if kind != target and ref is not None:
                raise ValidationFailed("feedback.unexpected", field=field, target=str(target))
        work_result = realization = None
        if target == FeedbackTarget.WORK_RESULT:
            work_result = await get_or_404(WorkResult, work_result_id, "workResultId")
            if work_result.plan_id != plan.id:
                raise ValidationFailed("feedback.work_result_not_of_plan", field="workResultId")
        elif target == FeedbackTarget.REALIZATION:
            realization = await get_or_404(
                Realization, realization_id, "realizationId", related=("indicator__work_result",)
            )
            if realization.indicator.work_result.plan_id != plan.id:
                raise ValidationFailed("feedback.realization_not_of_plan", field="realizationId")
        period = await period_of_plan(plan, period_id) if period_id is not None else None
        if realization is not None:
            if period is not None and period.id != realization.period_id:
                raise ValidationFailed("feedback.period_mismatch", field="periodId")
            period_ref = realization.period_id
        else:
            period_ref = period.id if period else None
        if realization is not None:
            await require_room(
                Feedback.filter(realization_id=realization.id),
                limits.FEEDBACK_PER_REALIZATION,
                "limit.feedback",
                "realizationId",
                owner=(Realization, realization.id),
            )
        row = await Feedback.create(
            plan=plan,
            author_id=viewer.employee_id,
            target=target,
            work_result=work_result,
            realization=realization,
            behavior_value=behavior_value if target == FeedbackTarget.BEHAVIOR else None,
            period_id=period_ref,
            text=body,
        )
        await audit.record(ctx, "feedback.create", "Feedback", row.id, after=audit.snapshot(row))
        ctx.emit(
            "feedback_given", feedback_id=row.id, plan_id=plan.id, employee_id=plan.employee_id
        )
    return row


async def feedback_of_plan(ctx: ServiceContext, plan_id: Any) -> QuerySet[Feedback]:
    """The umpan balik on a plan, as a queryset to paginate: whoever may read the plan."""
    viewer = ctx.require_viewer()
    plan = await get_or_404(PerformancePlan, plan_id, "planId")
    await access.require_read_plan(viewer, plan)
    return Feedback.filter(plan_id=plan.id)


MESSAGES: dict[str, tuple[str, str]] = {
    "period.kind_in_use": (
        "Periode {kind} tahun {year} sudah dipakai (rencana aksi, realisasi, umpan balik atau "
        "penilaian), sehingga jenis periode tidak dapat diganti.",
        "The {kind} periods of {year} are already in use (action plans, realizations, feedback "
        "or evaluations), so the period length cannot be changed.",
    ),
    "period.transition": (
        "Periode {period_id} berstatus {status_id} sehingga tidak dapat {action_id}.",
        "Period {period_en} is {status_en}, so it cannot be {action_en}.",
    ),
    "period.not_of_plan": (
        "Periode ini bukan periode OPD dan tahun SKP ini ({year}) atau di luar masa berlaku SKP.",
        "This period does not belong to this plan's agency and year ({year}) or lies outside "
        "the plan's dates.",
    ),
    "action_plan.plan_not_approved": (
        "Rencana aksi hanya dapat ditulis pada SKP yang sudah disetujui; SKP ini berstatus "
        "{status_id}.",
        "Action plans can only be written for an approved performance plan; this plan is "
        "{status_en}.",
    ),
    "action_plan.period_closed": (
        "Periode {period_id} sudah ditutup; rencana aksinya tidak dapat diubah lagi.",
        "Period {period_en} is closed; its action plans can no longer change.",
    ),
    "realization.plan_not_approved": (
        "Realisasi hanya dapat dicatat pada SKP yang sudah disetujui; SKP ini berstatus "
        "{status_id}.",
        "Realizations can only be recorded for an approved performance plan; this plan is "
        "{status_en}.",
    ),
    "realization.period_not_open": (
        "Realisasi hanya dapat dicatat pada periode yang dibuka; periode {period_id} berstatus "
        "{status_id}.",
        "Realizations can only be recorded in an open period; period {period_en} is {status_en}.",
    ),
    "realization.computed_indicator": (
        "Realisasi IKI ini dihitung otomatis dari data ({indicator_type}) dan tidak dapat "
        "diisi manual.",
        "This indicator's realization is computed from data ({indicator_type}) and cannot be "
        "entered by hand.",
    ),
    "realization.value_required": (
        "Nilai realisasi wajib diisi untuk IKI kuantitatif.",
        "A quantitative indicator needs a realization value.",
    ),
    "realization.narrative_required": (
        "Uraian realisasi wajib diisi untuk IKI kualitatif.",
        "A qualitative indicator needs a narrative realization.",
    ),
    "realization.negative_value": (
        "Nilai realisasi tidak boleh negatif.",
        "The realization value cannot be negative.",
    ),
    "realization.value_range": (
        "Nilai realisasi harus berupa angka kurang dari 100 triliun.",
        "The realization value must be a number below 100 trillion.",
    ),
    "evidence.url": (
        "Tautan bukti dukung harus alamat web lengkap yang diawali http:// atau https://.",
        "The evidence link must be a full web address starting with http:// or https://.",
    ),
    "evidence.file_missing": (
        "Berkas bukti dukung belum dilampirkan.",
        "No evidence file was attached.",
    ),
    "evidence.empty": ("Berkas bukti dukung kosong.", "The evidence file is empty."),
    "evidence.too_large": (
        "Berkas bukti dukung terlalu besar; ukuran maksimal {max_mb} MB.",
        "The evidence file is too large; the limit is {max_mb} MB.",
    ),
    "evidence.content_type": (
        "Jenis berkas {content_type} tidak diterima; gunakan {allowed}.",
        "Files of type {content_type} are not accepted; use {allowed}.",
    ),
    "evidence.content_mismatch": (
        "Isi berkas tidak sesuai dengan jenisnya ({content_type}); unggah berkas aslinya.",
        "The file's content does not match its type ({content_type}); upload the original file.",
    ),
    "evidence.no_file": (
        "Bukti dukung ini tidak memiliki berkas untuk diunduh.",
        "This evidence has no file to download.",
    ),
    "feedback.plan_not_approved": (
        "Umpan balik diberikan pada SKP yang sudah disetujui; SKP ini berstatus {status_id}.",
        "Feedback is given on an approved performance plan; this plan is {status_en}.",
    ),
    "feedback.work_result_not_of_plan": (
        "RHK ini bukan bagian dari SKP ini.",
        "This work result (RHK) does not belong to this performance plan.",
    ),
    "feedback.realization_not_of_plan": (
        "Realisasi ini bukan bagian dari SKP ini.",
        "This realization does not belong to this performance plan.",
    ),
    "feedback.unexpected": (
        "{field} tidak dipakai untuk umpan balik jenis {target}; kosongkan.",
        "{field} is not used for {target} feedback; leave it empty.",
    ),
    "feedback.period_mismatch": (
        "Periode harus sama dengan periode realisasi yang diberi umpan balik.",
        "The period must be the period of the realization the feedback is about.",
    ),
}
register_messages(MESSAGES)
