"""Keberatan: the employee appeals a FINAL evaluation; the atasan pejabat penilai decides, once.

The appeal keeps the ratings it was filed against; a CHANGE decision rewrites the evaluation's
ratings, predikat and angka kredit (the audit log keeps the before and after), and the unit's
kurva is checked again on its final distribution (``kurva.recheck_final``, docs/kurva.md):
refused in BLOCK mode when it would leave the kurva, the stored findings rewritten otherwise.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kinerja_core.auth import access
from kinerja_core.domain.enums import AppealAction, AppealDecision, EvaluationStatus, Rating
from kinerja_core.domain.predikat import derive_predikat
from kinerja_core.domain.workflow import check_appeal_window, transition_appeal
from kinerja_core.errors import Conflict, ValidationFailed
from kinerja_core.i18n import register_messages
from kinerja_core.models import Appeal, Evaluation, PerformancePlan, Period, Position, Unit
from kinerja_core.services import audit, kurva
from kinerja_core.services.common import bump, clean_text, get_or_404, lock_row
from kinerja_core.services.context import ServiceContext
from kinerja_core.services.evaluation import credit_points, local


async def file_appeal(ctx: ServiceContext, evaluation_id: Any, reason: str) -> Appeal:
    """File a keberatan against a FINAL evaluation, within ``appeal_days`` of finalising.

    Who may: only the evaluated employee; one appeal per evaluation.
    """
    viewer = ctx.require_viewer()
    row = await get_or_404(Evaluation, evaluation_id, "evaluationId")
    plan = await PerformancePlan.get(id=row.plan_id)
    access.require_plan_owner(viewer, plan)
    if row.status != EvaluationStatus.FINAL or row.finalized_at is None:
        raise ValidationFailed("appeal.not_final", field="evaluationId")
    check_appeal_window(local(row.finalized_at), local(ctx.now()), ctx.settings.appeal_days)
    text = clean_text(reason, "reason", required=True)
    async with ctx.transaction():
        if await Appeal.filter(evaluation_id=row.id).exists():
            raise Conflict("appeal.exists", field="evaluationId")
        appeal = new_appeal(row, text)
        await appeal.save(force_create=True)
        await audit.record(ctx, "appeal.file", "Appeal", appeal.id, after=audit.snapshot(appeal))
        ctx.emit(
            "appeal_filed",
            appeal_id=appeal.id,
            evaluation_id=row.id,
            employee_id=plan.employee_id,
            rater_superior_id=plan.rater_superior_id,
        )
    return appeal


async def decide_appeal(
    ctx: ServiceContext,
    appeal_id: Any,
    decision: AppealDecision,
    note: str,
    *,
    result_rating: Rating | None = None,
    behavior_rating: Rating | None = None,
) -> Appeal:
    """Decide a keberatan: KEEP the ratings, or CHANGE them (predikat and credit re-derived).

    Who may: only the plan's atasan pejabat penilai. The decision is final. A CHANGE that
    would take the unit's final distribution out of the kurva is refused in BLOCK mode
    (``appeal.kurva_breach`` on the changed rating, nothing written).
    """
    viewer = ctx.require_viewer()
    decision = AppealDecision(decision)
    text = clean_text(note, "note", required=True)
    changed = result_rating is not None or behavior_rating is not None
    if decision == AppealDecision.CHANGE and not changed:
        raise ValidationFailed("appeal.change_needs_rating", field="resultRating")
    if decision == AppealDecision.KEEP and changed:
        raise ValidationFailed("appeal.keep_with_rating", field="decision")
    async with ctx.transaction():
        appeal = await get_or_404(Appeal, appeal_id, "appealId", for_update=True)
        row = await Evaluation.get(id=appeal.evaluation_id)
        plan = await PerformancePlan.get(id=row.plan_id)
        access.require_rater_superior(viewer, plan)
        if decision == AppealDecision.CHANGE:
            # the unit first, then the rows: the unit step's lock order (services.kurva)
            await lock_row(Unit, plan.unit_id)
            row = await Evaluation.get(id=row.id)
        transition_appeal(appeal.status, AppealAction.DECIDE)
        before = audit.snapshot(appeal)
        decided(appeal, decision, text, viewer.employee_id, ctx.now())
        await bump(appeal, "status", "decision", "decision_note", "decided_by_id", "decided_at")
        after = audit.snapshot(appeal)
        await audit.record(ctx, "appeal.decide", "Appeal", appeal.id, before, after)
        if decision == AppealDecision.CHANGE:
            await _apply_change(ctx, plan, row, result_rating, behavior_rating)
            period = await Period.get(id=row.period_id) if row.period_id else None
            await kurva.recheck_final(
                ctx,
                await Unit.get(id=plan.unit_id),
                row.year,
                period,
                cause="appeal.decide",
                cause_id=appeal.id,
                error_code="appeal.kurva_breach",
                field_name="resultRating" if result_rating is not None else "behaviorRating",
            )
        ctx.emit(
            "appeal_decided",
            appeal_id=appeal.id,
            evaluation_id=row.id,
            employee_id=plan.employee_id,
            decision=str(decision),
        )
    return appeal


async def _apply_change(
    ctx: ServiceContext,
    plan: PerformancePlan,
    row: Evaluation,
    result_rating: Rating | None,
    behavior_rating: Rating | None,
) -> None:
    """The appeal's new ratings replace the evaluation's; the originals stay on the appeal."""
    before = audit.snapshot(row)
    period = await Period.get(id=row.period_id) if row.period_id else None
    position = await Position.get(id=plan.position_id)
    changed_by_appeal(row, plan, position, period, result_rating, behavior_rating)
    await bump(row, "result_rating", "behavior_rating", "predikat", "credit_points", "snapshot")
    after = audit.snapshot(row)
    await audit.record(ctx, "evaluation.change_by_appeal", "Evaluation", row.id, before, after)


# --- the rows a decision writes, without I/O (the services save one, the demo many) ----------


def new_appeal(evaluation: Evaluation, reason: str) -> Appeal:
    """A FILED keberatan against ``evaluation`` (not saved), keeping the ratings it is
    filed against."""
    return Appeal(
        evaluation_id=evaluation.id,
        reason=reason,
        original_result_rating=evaluation.result_rating,
        original_behavior_rating=evaluation.behavior_rating,
    )


def decided(
    appeal: Appeal, decision: AppealDecision, note: str, by_id: int, at: dt.datetime
) -> None:
    """``appeal`` decided once, by ``by_id`` at ``at``."""
    appeal.status = transition_appeal(appeal.status, AppealAction.DECIDE)
    appeal.decision = AppealDecision(decision)
    appeal.decision_note = note
    appeal.decided_by_id = by_id
    appeal.decided_at = at


def changed_by_appeal(
    row: Evaluation,
    plan: PerformancePlan,
    position: Any,
    period: Period | None,
    result_rating: Rating | None,
    behavior_rating: Rating | None,
) -> None:
    """A CHANGE decision's ratings on ``row``: predikat and angka kredit derived again, the
    frozen identity kept, the document's ratings following the decision."""
    row.result_rating = Rating(result_rating or row.result_rating)
    row.behavior_rating = Rating(behavior_rating or row.behavior_rating)
    row.predikat = derive_predikat(row.result_rating, row.behavior_rating)
    row.credit_points = credit_points(position, row.predikat, period, plan=plan)
    row.snapshot = {
        **(row.snapshot or {}),
        "result_rating": str(row.result_rating),
        "behavior_rating": str(row.behavior_rating),
        "predikat": str(row.predikat),
    }


MESSAGES = {
    "appeal.not_final": (
        "Keberatan hanya dapat diajukan atas penilaian yang sudah final.",
        "An appeal can only be filed against a final evaluation.",
    ),
    "appeal.exists": (
        "Keberatan atas penilaian ini sudah diajukan; satu penilaian hanya dapat diajukan "
        "keberatan satu kali.",
        "An appeal against this evaluation has already been filed; only one is allowed.",
    ),
    "appeal.change_needs_rating": (
        "Untuk mengubah penilaian, isi penilaian hasil kerja dan/atau perilaku yang baru.",
        "To change the evaluation, enter the new result and/or behaviour rating.",
    ),
    "appeal.kurva_breach": (
        "Keputusan keberatan ini tidak dapat disimpan: dengan predikat baru, sebaran predikat "
        "final unit {unit} melanggar kurva: {breaches_id} Pilih penilaian lain atau "
        "pertahankan penilaian semula.",
        "This appeal decision cannot be saved: with the new predikat, the final distribution "
        "of {unit} breaks the kurva: {breaches_en} Choose other ratings or keep the original "
        "ones.",
    ),
    "appeal.keep_with_rating": (
        "Keputusan 'tetap' tidak boleh disertai penilaian baru; pilih 'ubah' untuk mengubahnya.",
        "A KEEP decision cannot carry new ratings; choose CHANGE to change them.",
    ),
}
register_messages(MESSAGES)
