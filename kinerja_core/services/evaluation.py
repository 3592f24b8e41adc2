"""Penilaian: the rater's periodic and annual evaluation of an SKP, and finalising it.

- Only the plan's pejabat penilai rates and finalises; the predikat is always derived by the
  matrix, never typed in; a unit head's hasil kerja defaults to the organisation predikat.
- Finalising freezes a snapshot, checks the unit's kurva on its whole distribution (warn or
  block, per settings; ``kurva``) and computes angka kredit for functional positions.
- Organisation predikat and the kurva report live in ``organization_rating``; keberatan in
  ``appeals``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kinerja_core.auth import access
from kinerja_core.domain import records
from kinerja_core.domain.angka_kredit import angka_kredit
from kinerja_core.domain.enums import (
    EvaluationAction,
    EvaluationKind,
    EvaluationStatus,
    OrgPredikat,
    PeriodStatus,
    PlanStatus,
    PositionType,
    Predikat,
    Rating,
)
from kinerja_core.domain.kurva import KurvaFinding
from kinerja_core.domain.periods import build_period, months_in_span
from kinerja_core.domain.predikat import derive_predikat
from kinerja_core.domain.workflow import appeal_deadline, transition_evaluation
from kinerja_core.errors import Conflict, ValidationFailed
from kinerja_core.i18n import register_messages
from kinerja_core.models import (
    Agency,
    Employee,
    Evaluation,
    PerformancePlan,
    Period,
    Position,
    Unit,
)
from kinerja_core.services import audit, kurva
from kinerja_core.services.common import (
    bump,
    check_version,
    clean_text,
    get_or_404,
    lock_row,
)
from kinerja_core.services.context import ServiceContext
from kinerja_core.services.organization_rating import (
    organization_rating_for,
    period_filter,
    period_of_agency,
)

# Pontianak keeps WIB (UTC+7, no daylight saving). Appeal days are counted as people count
# them, in local calendar days, so the clock is read in WIB before counting.
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")

# A unit head's hasil kerja follows the unit's organisation predikat unless the rater says else.
ORG_TO_RESULT: dict[OrgPredikat, Rating] = {
    OrgPredikat.ISTIMEWA: Rating.DI_ATAS_EKSPEKTASI,
    OrgPredikat.BAIK: Rating.SESUAI_EKSPEKTASI,
    OrgPredikat.BUTUH_PERBAIKAN: Rating.DI_BAWAH_EKSPEKTASI,
    OrgPredikat.KURANG: Rating.DI_BAWAH_EKSPEKTASI,
    OrgPredikat.SANGAT_KURANG: Rating.DI_BAWAH_EKSPEKTASI,
}


def local(moment: dt.datetime) -> dt.datetime:
    """``moment`` in WIB; a naive value (as some drivers return) is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(WIB)


def deadline_for(evaluation: Evaluation, days: int) -> dt.datetime | None:
    """The last moment an appeal against ``evaluation`` is accepted (None while DRAFT)."""
    if evaluation.finalized_at is None:
        return None
    return appeal_deadline(local(evaluation.finalized_at), days)


# ---------------------------------------------------------------- rating


async def _check_evaluable(
    ctx: ServiceContext, plan: PerformancePlan, period: Period | None
) -> None:
    """A period must have started; the annual evaluation waits for the year's last period."""
    if period is not None:
        if period.status == PeriodStatus.UPCOMING:
            label = build_period(period.year, period.kind, period.number)
            raise ValidationFailed(
                "evaluation.period_not_open",
                field="periodId",
                period_id=label.label,
                period_en=label.label_en,
            )
        if period.end_date < plan.period_start or period.start_date > plan.period_end:
            raise ValidationFailed("evaluation.period_outside_plan", field="periodId")
        return
    if local(ctx.now()).date() > dt.date(plan.year, 12, 31):
        return
    last = (
        await Period.filter(agency_id=plan.agency_id, year=plan.year).order_by("-end_date").first()
    )
    if not annual_open(plan.year, local(ctx.now()).date(), last.status if last else None):
        raise ValidationFailed("evaluation.year_not_over", field="periodId", year=plan.year)


def annual_open(year: int, today: dt.date, last_period_status: Any) -> bool:
    """Whether the annual evaluation of ``year`` may be given on ``today`` (in WIB): once the
    year is over, or once the agency's last period of the year is open."""
    if today > dt.date(year, 12, 31):
        return True
    return last_period_status is not None and last_period_status != PeriodStatus.UPCOMING


async def _default_result_rating(plan: PerformancePlan, period: Period | None) -> Rating:
    """A unit head's hasil kerja follows the organisation predikat; others must be rated."""
    position = await Position.get(id=plan.position_id)
    if not position.is_unit_head:
        raise ValidationFailed("evaluation.result_rating_required", field="resultRating")
    org = await organization_rating_for(position.unit_id, plan.year, period.id if period else None)
    if org is None:
        unit = await Unit.get(id=position.unit_id)
        raise ValidationFailed(
            "evaluation.no_organization_rating", field="resultRating", unit=unit.name
        )
    return ORG_TO_RESULT[OrgPredikat(org.rating)]


async def evaluate(
    ctx: ServiceContext,
    plan_id: Any,
    behavior_rating: Rating,
    *,
    result_rating: Rating | None = None,
    period_id: Any = None,
    note: str | None = None,
    version: int | None = None,
) -> Evaluation:
    """Rate an approved SKP for a period (or the year, without ``period_id``), as a DRAFT.

    Who may: only the plan's pejabat penilai. A unit head's result rating defaults to the
    unit's organisation predikat. Saving again updates the draft; a FINAL one is frozen.
    """
    viewer = ctx.require_viewer()
    plan = await get_or_404(PerformancePlan, plan_id, "planId")
    access.require_plan_rater(viewer, plan)
    if plan.status != PlanStatus.APPROVED:
        raise ValidationFailed("evaluation.plan_not_approved", field="planId")
    period = await period_of_agency(period_id, plan.agency_id, plan.year) if period_id else None
    await _check_evaluable(ctx, plan, period)
    if result_rating is None:
        result_rating = await _default_result_rating(plan, period)
    predikat = derive_predikat(result_rating, behavior_rating)
    kind = evaluation_kind(period.id if period else None)
    text = None if note is None else clean_text(note, "note")
    async with ctx.transaction():
        # the annual one has no period, and a unique index lets two NULL periods in
        await lock_row(PerformancePlan, plan.id)
        row = await Evaluation.filter(
            plan_id=plan.id, kind=kind, **period_filter(period.id if period else None)
        ).first()
        if row is None:
            row = new_evaluation(
                plan,
                period.id if period else None,
                viewer.employee_id,
                result_rating,
                behavior_rating,
                text or "",
            )
            await row.save(force_create=True)
            await audit.record(
                ctx, "evaluation.create", "Evaluation", row.id, after=audit.snapshot(row)
            )
            return row
        if row.status == EvaluationStatus.FINAL:
            raise Conflict("evaluation.final", field="planId")
        check_version(row, version)
        before = audit.snapshot(row)
        row.rater_id = viewer.employee_id
        row.result_rating = Rating(result_rating)
        row.behavior_rating = Rating(behavior_rating)
        row.predikat = predikat
        if text is not None:
            row.note = text
        await bump(row, "rater_id", "result_rating", "behavior_rating", "predikat", "note")
        await audit.record(
            ctx, "evaluation.update", "Evaluation", row.id, before, audit.snapshot(row)
        )
    return row


# ---------------------------------------------------------------- finalising


@dataclass
class Finalized:
    """A finalised evaluation and the kurva findings of its unit at that moment."""

    evaluation: Evaluation
    findings: list[KurvaFinding]


def evaluation_kind(period_id: Any) -> EvaluationKind:
    """PERIODIC for a period, ANNUAL for the year (no period)."""
    return EvaluationKind.PERIODIC if period_id is not None else EvaluationKind.ANNUAL


def new_evaluation(
    plan: PerformancePlan,
    period_id: Any,
    rater_id: int,
    result_rating: Rating,
    behavior_rating: Rating,
    note: str = "",
) -> Evaluation:
    """A DRAFT evaluation of ``plan`` for a period (or the year), not saved; the predikat is
    always the matrix's (``derive_predikat``). ``evaluate`` saves one, the demo many."""
    return Evaluation(
        plan_id=plan.id,
        kind=evaluation_kind(period_id),
        period_id=period_id,
        year=plan.year,
        rater_id=rater_id,
        result_rating=Rating(result_rating),
        behavior_rating=Rating(behavior_rating),
        predikat=derive_predikat(result_rating, behavior_rating),
        note=note,
    )


def frozen(
    row: Evaluation,
    plan: PerformancePlan,
    position: Any,
    period: Period | None,
    snapshot: dict[str, Any],
    kurva_findings: list[dict],
    at: dt.datetime,
) -> None:
    """``row`` DRAFT to FINAL at ``at``, without I/O: the ``snapshot``
    (:func:`snapshot_record`), the angka kredit and the kurva findings as stored."""
    row.status = transition_evaluation(row.status, EvaluationAction.FINALIZE)
    row.finalized_at = at
    row.snapshot = snapshot
    row.credit_points = credit_points(position, Predikat(row.predikat), period, plan=plan)
    row.kurva_findings = kurva_findings


def snapshot_record(
    evaluation: Evaluation,
    *,
    employee: Any,
    position: Any,
    unit: Any,
    agency: Any,
    rater: Any,
    rater_position: Any,
    period: Period | None,
) -> dict[str, Any]:
    """Who, where and by whom, frozen when ``evaluation`` is finalised
    (``records.evaluation_identity``; the period's labels from its kind and number)."""
    period_data = None
    if period is not None:
        spec = build_period(period.year, period.kind, period.number)
        period_data = records.period_record(
            id=period.id,
            kind=period.kind,
            number=period.number,
            start=period.start_date,
            end=period.end_date,
            label=spec.label,
            label_en=spec.label_en,
        )
    return records.evaluation_identity(
        kind=evaluation.kind,
        year=evaluation.year,
        employee=employee,
        position=position,
        unit=unit,
        agency=agency,
        rater=rater,
        rater_position=rater_position,
        period=period_data,
        result_rating=evaluation.result_rating,
        behavior_rating=evaluation.behavior_rating,
        predikat=evaluation.predikat,
    )


def credit_points(
    position: Position, predikat: Predikat, period: Period | None, *, plan: PerformancePlan
) -> Decimal | None:
    """Angka kredit for a functional position; None for every other kind of jabatan.

    The months are those the SKP covers (its dates), within the period for a periodic
    evaluation: an SKP of November-December earns 2/12 of the annual figure, and its monthly
    evaluations add up to the same (docs/evaluation-rules.md).
    """
    if position.type != PositionType.FUNGSIONAL or not position.level:
        return None
    start, end = plan.period_start, plan.period_end
    if period is not None:
        start, end = max(start, period.start_date), min(end, period.end_date)
    months = min(months_in_span(start, end), 12)
    if months == 0:
        return Decimal("0.000")
    return angka_kredit(predikat, position.level, months)


async def _snapshot(plan: PerformancePlan, evaluation: Evaluation, period: Period | None) -> dict:
    """Who, where and by whom, frozen: later mutasi must not rewrite this document."""
    rater_position = (
        await Position.get_or_none(id=plan.rater_position_id) if plan.rater_position_id else None
    )
    return snapshot_record(
        evaluation,
        employee=await Employee.get(id=plan.employee_id),
        position=await Position.get(id=plan.position_id),
        unit=await Unit.get(id=plan.unit_id),
        agency=await Agency.get(id=plan.agency_id),
        rater=await Employee.get(id=evaluation.rater_id),
        rater_position=rater_position,
        period=period,
    )


async def finalize_evaluation(
    ctx: ServiceContext, evaluation_id: Any, version: int | None = None
) -> Finalized:
    """Freeze a DRAFT evaluation: snapshot, kurva check of its unit, angka kredit.

    Who may: only the plan's pejabat penilai. The kurva is measured on the unit's whole
    distribution (``services.kurva``): with ``kurva_mode`` BLOCK this is allowed only as the
    unit's last open evaluation of a complete unit within the kurva (otherwise the unit step,
    ``services.unit_evaluations``); with WARN the findings are returned and stored.
    """
    viewer = ctx.require_viewer()
    async with ctx.transaction():
        row = await get_or_404(Evaluation, evaluation_id, "id")
        plan = await PerformancePlan.get(id=row.plan_id)
        access.require_plan_rater(viewer, plan)
        # the unit first, then the row: the unit step's order (no deadlock between the two)
        await lock_row(Unit, plan.unit_id)
        row = await get_or_404(Evaluation, row.id, "id", for_update=True)
        check_version(row, version)
        transition_evaluation(row.status, EvaluationAction.FINALIZE)
        # the unit's whole distribution; BLOCK refuses unless this is its last open one
        findings, stored = await kurva.gate_single(ctx, plan, row)
        await freeze_evaluation(ctx, row, plan, stored)
    return Finalized(row, findings)


async def freeze_evaluation(
    ctx: ServiceContext, row: Evaluation, plan: PerformancePlan, kurva_findings: list[dict]
) -> None:
    """DRAFT to FINAL inside the caller's transaction, kurva already checked: snapshot,
    angka kredit, the findings as stored, audit and event. Used by the single and the unit
    finalisation (``services.unit_evaluations``)."""
    transition_evaluation(row.status, EvaluationAction.FINALIZE)
    period = await Period.get(id=row.period_id) if row.period_id else None
    before = audit.snapshot(row)
    position = await Position.get(id=plan.position_id)
    snapshot = await _snapshot(plan, row, period)
    frozen(row, plan, position, period, snapshot, kurva_findings, ctx.now())
    await bump(row, "status", "finalized_at", "snapshot", "credit_points", "kurva_findings")
    await audit.record(
        ctx, "evaluation.finalize", "Evaluation", row.id, before, audit.snapshot(row)
    )
    ctx.emit(
        "evaluation_finalized",
        evaluation_id=row.id,
        plan_id=plan.id,
        employee_id=plan.employee_id,
        rater_id=row.rater_id,
    )


# ---------------------------------------------------------------- reading


async def get_evaluation(ctx: ServiceContext, evaluation_id: Any) -> Evaluation:
    """One evaluation; readable by whoever may read its plan."""
    viewer = ctx.require_viewer()
    row = await get_or_404(Evaluation, evaluation_id, "id")
    await access.require_read_plan(viewer, await PerformancePlan.get(id=row.plan_id))
    return row


async def plan_evaluations(ctx: ServiceContext, plan_id: Any) -> list[Evaluation]:
    """A plan's evaluations (at most one per period plus the annual one), periodic first."""
    viewer = ctx.require_viewer()
    plan = await get_or_404(PerformancePlan, plan_id, "planId")
    await access.require_read_plan(viewer, plan)
    rows = await Evaluation.filter(plan_id=plan.id).select_related("period")
    return sorted(rows, key=_evaluation_order)


def _evaluation_order(row: Evaluation) -> tuple:
    if row.period_id is None:
        return (1, dt.date.max, row.id)
    return (0, row.period.start_date, row.id)


MESSAGES = {
    "evaluation.period_not_open": (
        "Penilaian periode yang belum dibuka tidak dapat dilakukan: {period_id} belum dimulai.",
        "Evaluation of a period not yet open is not possible: {period_en} has not started.",
    ),
    "evaluation.period_outside_plan": (
        "Periode yang dipilih berada di luar masa berlaku SKP ini.",
        "The chosen period lies outside the dates this performance plan (SKP) covers.",
    ),
    "evaluation.year_not_over": (
        "Penilaian tahunan {year} baru dapat dilakukan setelah periode terakhir tahun itu dibuka.",
        "The annual evaluation for {year} can only be done once the year's last period is open.",
    ),
    "evaluation.plan_not_approved": (
        "Hanya SKP yang sudah disetujui yang dapat dinilai.",
        "Only an approved performance plan (SKP) can be evaluated.",
    ),
    "evaluation.result_rating_required": (
        "Penilaian hasil kerja wajib diisi.",
        "The result (hasil kerja) rating is required.",
    ),
    "evaluation.no_organization_rating": (
        "Predikat organisasi unit {unit} untuk periode ini belum ditetapkan; isi penilaian hasil "
        "kerja, atau minta pimpinan satu tingkat di atasnya menetapkan predikat organisasi dulu.",
        "The organisation rating of {unit} for this period has not been set; enter the result "
        "rating, or ask the head one level up to set the organisation rating first.",
    ),
    "evaluation.final": (
        "Penilaian ini sudah final dan tidak dapat diubah lagi.",
        "This evaluation is final and can no longer be changed.",
    ),
    "evaluation.kurva_breach": (
        "Penilaian tidak dapat difinalkan karena sebaran predikat unit melanggar kurva: "
        "{breaches_id}",
        "The evaluation cannot be finalised because the unit's predikat distribution breaks "
        "the kurva: {breaches_en}",
    ),
}
register_messages(MESSAGES)
