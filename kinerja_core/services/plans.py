"""SKP planning: draft the plan, then submit, return or approve it (RHK and IKI:
``plan_contents``).

The employee drafts and edits their own SKP while it is DRAFT or RETURNED; the pejabat penilai
named on it (who held the position it reports to when it was drafted) returns or approves it.
Approval freezes an identity snapshot, so a later rename or mutasi never rewrites the document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from kinerja_core.auth import access
from kinerja_core.auth.viewer import running_on
from kinerja_core.domain import records, workflow
from kinerja_core.domain.enums import (
    AssignmentKind,
    BehaviorValue,
    PlanAction,
    PlanApproach,
    PlanForm,
    PlanStatus,
    PositionType,
    WorkResultKind,
)
from kinerja_core.domain.errors import RuleViolation
from kinerja_core.domain.targets import validate_target
from kinerja_core.errors import Conflict, ValidationFailed
from kinerja_core.i18n import register_messages
from kinerja_core.models import (
    Agency,
    Assignment,
    BehaviorExpectation,
    Employee,
    Indicator,
    PerformancePlan,
    Position,
    Unit,
    WorkResult,
)
from kinerja_core.services import audit, computed
from kinerja_core.services.common import (
    bump,
    check_version,
    clean_text,
    get_or_404,
    lock_row,
)
from kinerja_core.services.context import ServiceContext

UNSET: Any = object()

# Drafting is for the running year, the next one (drafted in December) and the last one
# (finished late in January); anything further is almost surely a typing slip.
YEARS_BACK, YEARS_AHEAD = 1, 1
# DecimalField(max_digits=18, decimal_places=4): 14 digits before the point.
TARGET_PLACES = Decimal("0.0001")
TARGET_LIMIT = Decimal(10) ** 14
# The domain names the single target `target` and the narrative `targetNarrative`; the API
# inputs are `targetValue` and `narrativeTarget`.
_TARGET_FIELDS = {"target": "targetValue", "targetNarrative": "narrativeTarget"}
# --- the plan -------------------------------------------------------------------------------


async def create_plan(
    ctx: ServiceContext,
    year: int,
    position_id: Any = None,
    approach: PlanApproach = PlanApproach.KUANTITATIF,
) -> PerformancePlan:
    """The signed-in employee drafts their own SKP for ``year``.

    Without ``position_id`` the employee's definitive position is used; a Plt/Plh position
    they hold may be named instead. The form follows the position type (JPT or JA/JF); the
    rater is whoever holds the position it reports to, the rater's superior one level higher.
    """
    viewer = ctx.require_viewer()
    _check_year(ctx, year)
    first_day, last_day = dt.date(year, 1, 1), dt.date(year, 12, 31)
    assignment = await _assignment_for(viewer.employee_id, position_id, first_day, last_day)
    position: Position = assignment.position
    period_start = max(first_day, assignment.start_date)
    period_end = min(last_day, assignment.end_date) if assignment.end_date else last_day
    # Whoever holds the superior position on a day inside the SKP period rates it.
    day = min(max(ctx.today(), period_start), period_end)
    rater_position = (
        await Position.get(id=position.reports_to_id) if position.reports_to_id else None
    )
    rater = await _holder(rater_position.id if rater_position else None, day, viewer.employee_id)
    rater_superior = await _holder(
        rater_position.reports_to_id if rater_position else None, day, viewer.employee_id
    )
    async with ctx.transaction():
        await lock_row(Employee, viewer.employee_id)  # no unique index says "one plan a year"
        duplicate = (
            await PerformancePlan.filter(
                employee_id=viewer.employee_id, position_id=position.id, year=year
            )
            .exclude(status=PlanStatus.CLOSED)
            .exists()
        )
        if duplicate:
            raise Conflict("plan.duplicate", field="positionId", year=year, position=position.name)
        plan = new_plan(
            employee_id=viewer.employee_id,
            position=position,
            agency_id=position.agency_id,
            unit_id=position.unit_id,
            year=year,
            approach=approach,
            period_start=period_start,
            period_end=period_end,
            rater=rater,
            rater_position=rater_position,
            rater_superior=rater_superior,
        )
        await plan.save(force_create=True)
        await audit.record(
            ctx, "plan.create", "PerformancePlan", plan.id, after=audit.snapshot(plan)
        )
    return plan


async def update_plan(
    ctx: ServiceContext,
    plan_id: Any,
    *,
    approach: PlanApproach | None = None,
    resource_support: str | None = None,
    accountability_scheme: str | None = None,
    consequences: str | None = None,
    version: int | None = None,
) -> PerformancePlan:
    """The owner changes the approach or the lampiran while the SKP is DRAFT or RETURNED.

    Editing a returned SKP moves it back to DRAFT, ready to be submitted again.
    """
    viewer = ctx.require_viewer()
    async with ctx.transaction():
        plan = await get_or_404(PerformancePlan, plan_id, "id")
        access.require_plan_owner(viewer, plan)
        check_version(plan, version)
        status = workflow.status_after_edit(plan.status)
        before = audit.snapshot(plan)
        if approach is not None:
            plan.approach = approach
        if resource_support is not None:
            plan.resource_support = clean_text(resource_support, "resourceSupport")
        if accountability_scheme is not None:
            plan.accountability_scheme = clean_text(accountability_scheme, "accountabilityScheme")
        if consequences is not None:
            plan.consequences = clean_text(consequences, "consequences")
        moved = plan.status != status
        plan.status = status
        await bump(
            plan, "approach", "resource_support", "accountability_scheme", "consequences", "status"
        )
        await audit.record(
            ctx, "plan.update", "PerformancePlan", plan.id, before, audit.snapshot(plan)
        )
        if moved:
            _emit_status(ctx, plan)
    return plan


async def submit_plan(ctx: ServiceContext, plan_id: Any) -> PerformancePlan:
    """The owner sends the SKP to the rater; it needs an RHK UTAMA and an IKI on every RHK.

    A returned SKP may be submitted again as it is (it is revised, then submitted).
    """
    viewer = ctx.require_viewer()
    async with ctx.transaction():
        plan = await get_or_404(PerformancePlan, plan_id, "id")
        access.require_plan_owner(viewer, plan)
        status = PlanStatus(plan.status)
        if status == PlanStatus.RETURNED:
            status = workflow.transition(status, PlanAction.REVISE)
        workflow.transition(status, PlanAction.SUBMIT)
        await _check_complete(plan)
        before = audit.snapshot(plan)
        submitted(plan, ctx.now())
        await bump(plan, "status", "submitted_at")
        await audit.record(
            ctx, "plan.submit", "PerformancePlan", plan.id, before, audit.snapshot(plan)
        )
        _emit_status(ctx, plan)
    return plan


async def approve_plan(
    ctx: ServiceContext,
    plan_id: Any,
    expectations: Iterable[tuple[BehaviorValue, str | None]] = (),
) -> PerformancePlan:
    """The rater approves a submitted SKP with their expectation for each BerAKHLAK value.

    All seven values get a row, the text is optional. The identity of employee, position,
    rater and period is frozen into ``snapshot`` now.
    """
    viewer = ctx.require_viewer()
    async with ctx.transaction():
        plan = await get_or_404(PerformancePlan, plan_id, "id")
        access.require_plan_rater(viewer, plan)
        workflow.transition(plan.status, PlanAction.APPROVE)
        texts = _expectation_texts(expectations)
        before = audit.snapshot(plan)
        rows = approved(plan, await _identity_snapshot(plan), texts, ctx.now())
        await bump(plan, "status", "approved_at", "snapshot", "return_note")
        await BehaviorExpectation.filter(plan_id=plan.id).delete()
        await BehaviorExpectation.bulk_create(rows)
        after = approval_audit(plan, texts)
        await audit.record(ctx, "plan.approve", "PerformancePlan", plan.id, before, after)
        _emit_status(ctx, plan)
        ctx.emit("plan_approved", plan_id=plan.id)
    # after the commit: IKI linked to a plugin's indicator type get their realisasi now
    await computed.refresh_approved_plan(ctx, plan)
    return plan


async def return_plan(ctx: ServiceContext, plan_id: Any, note: str) -> PerformancePlan:
    """The rater sends a submitted SKP back to its owner with a note saying what to change."""
    viewer = ctx.require_viewer()
    async with ctx.transaction():
        plan = await get_or_404(PerformancePlan, plan_id, "id")
        access.require_plan_rater(viewer, plan)
        workflow.transition(plan.status, PlanAction.RETURN)
        text = clean_text(note, "note")
        if not text:
            raise ValidationFailed("plan.return_note_required", field="note")
        before = audit.snapshot(plan)
        returned(plan, text)
        await bump(plan, "status", "return_note")
        await audit.record(
            ctx, "plan.return", "PerformancePlan", plan.id, before, audit.snapshot(plan)
        )
        _emit_status(ctx, plan)
    return plan


# --- the rows a decision writes, without I/O ------------------------------------------------
# The use cases above save one plan at a time; the demo (``kinerja_core.demo.plans``) builds
# thousands with the same functions and writes them in bulk, so both store the same values.


def new_plan(
    *,
    employee_id: int,
    position: Any,
    agency_id: int,
    unit_id: int,
    year: int,
    approach: PlanApproach,
    period_start: dt.date,
    period_end: dt.date,
    rater: Any,
    rater_position: Any,
    rater_superior: Any,
) -> PerformancePlan:
    """A DRAFT SKP (not saved): the form follows the position type; the rater's position is
    kept only when someone holds it (``position``, ``rater_position``: ``id`` and ``type``)."""
    return PerformancePlan(
        employee_id=employee_id,
        position_id=position.id,
        agency_id=agency_id,
        unit_id=unit_id,
        year=year,
        form=PlanForm.JPT if position.type == PositionType.JPT else PlanForm.JA_JF,
        approach=approach,
        status=PlanStatus.DRAFT,
        period_start=period_start,
        period_end=period_end,
        rater_id=rater.id if rater else None,
        rater_position_id=rater_position.id if rater and rater_position else None,
        rater_superior_id=rater_superior.id if rater_superior else None,
    )


def submitted(plan: PerformancePlan, at: dt.datetime) -> None:
    """``plan`` sent to its rater at ``at`` (a RETURNED one is revised first)."""
    status = PlanStatus(plan.status)
    if status == PlanStatus.RETURNED:
        status = workflow.transition(status, PlanAction.REVISE)
    plan.status = workflow.transition(status, PlanAction.SUBMIT)
    plan.submitted_at = at


def returned(plan: PerformancePlan, note: str) -> None:
    """``plan`` sent back to its owner with ``note``."""
    plan.status = workflow.transition(plan.status, PlanAction.RETURN)
    plan.return_note = note


def approved(
    plan: PerformancePlan,
    snapshot: dict[str, Any],
    texts: dict[BehaviorValue, str],
    at: dt.datetime,
) -> list[BehaviorExpectation]:
    """``plan`` approved at ``at`` with its identity ``snapshot`` (``records.plan_identity``)
    frozen; the seven BerAKHLAK expectation rows to write with it (not saved)."""
    plan.status = workflow.transition(plan.status, PlanAction.APPROVE)
    plan.snapshot = snapshot
    plan.approved_at = at
    plan.return_note = ""
    return [
        BehaviorExpectation(
            plan_id=plan.id, value=value, expectation=texts.get(value, ""), created_at=at
        )
        for value in BehaviorValue
    ]


def approval_audit(plan: PerformancePlan, texts: dict[BehaviorValue, str]) -> dict[str, Any]:
    """The ``after`` of a ``plan.approve`` audit entry: the plan and its expectations."""
    after = audit.snapshot(plan) or {}
    after["behavior_expectations"] = {value.value: texts.get(value, "") for value in BehaviorValue}
    return after


# --- reading --------------------------------------------------------------------------------


async def get_plan(ctx: ServiceContext, plan_id: Any, field: str = "id") -> PerformancePlan:
    """One SKP the viewer may read: owner, rater, rater's superior, superiors, agency, BKPSDM."""
    viewer = ctx.require_viewer()
    plan = await get_or_404(PerformancePlan, plan_id, field)
    await access.require_read_plan(viewer, plan)
    return plan


async def my_plans(ctx: ServiceContext, year: int | None = None) -> list[PerformancePlan]:
    """The viewer's own SKPs, newest year first."""
    viewer = ctx.require_viewer()
    query = PerformancePlan.filter(employee_id=viewer.employee_id)
    if year is not None:
        query = query.filter(year=year)
    return await query.order_by("-year", "-id")


def rated_plans(
    ctx: ServiceContext, year: int | None = None, status: PlanStatus | None = None
) -> QuerySet[PerformancePlan]:
    """The SKPs naming the viewer as pejabat penilai, as a queryset to paginate."""
    viewer = ctx.require_viewer()
    query = PerformancePlan.filter(rater_id=viewer.employee_id)
    if year is not None:
        query = query.filter(year=year)
    if status is not None:
        query = query.filter(status=status)
    return query


async def parent_candidates(ctx: ServiceContext, plan_id: Any) -> list[WorkResult]:
    """The rater's RHK of the same year that an RHK of this SKP may intervene (cascade)."""
    plan = await get_plan(ctx, plan_id, "planId")
    if plan.rater_id is None:
        return []
    return (
        await WorkResult.filter(plan__employee_id=plan.rater_id, plan__year=plan.year)
        .exclude(plan__status=PlanStatus.CLOSED)
        .order_by("plan_id", "order", "id")
    )


async def readable_plans(
    ctx: ServiceContext, plans: Sequence[PerformancePlan]
) -> list[PerformancePlan]:
    """The plans among ``plans`` the viewer may read (for lists reached through relations)."""
    viewer = ctx.require_viewer()
    # can_read_plan caches the viewer's subordinates: one statement however many plans.
    return [plan for plan in plans if await access.can_read_plan(viewer, plan)]


# --- helpers --------------------------------------------------------------------------------


def _check_year(ctx: ServiceContext, year: int) -> None:
    current = ctx.today().year
    low, high = current - YEARS_BACK, current + YEARS_AHEAD
    if not low <= year <= high:
        raise ValidationFailed("plan.year", field="year", year=year, min=low, max=high)


async def _assignment_for(
    employee_id: int, position_id: Any, first_day: dt.date, last_day: dt.date
) -> Assignment:
    """The employee's assignment to the SKP's position that overlaps the year."""
    query = Assignment.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=first_day),
        employee_id=employee_id,
        start_date__lte=last_day,
    )
    if position_id is None:
        query = query.filter(kind=AssignmentKind.DEFINITIF)
    else:
        position = await get_or_404(Position, position_id, "positionId")
        query = query.filter(position_id=position.id)
    assignment = await query.order_by("-start_date", "-id").select_related("position").first()
    if assignment is None:
        code = "plan.no_position" if position_id is None else "plan.position_not_held"
        raise ValidationFailed(code, field="positionId", year=first_day.year)
    return assignment


async def _holder(position_id: int | None, day: dt.date, exclude_id: int) -> Employee | None:
    """Who holds ``position_id`` on ``day`` (``records.pick_holder``: definitive, Plt, Plh)."""
    if position_id is None:
        return None
    held = await (
        Assignment.filter(running_on(day), position_id=position_id)
        .exclude(employee_id=exclude_id)
        .select_related("employee")
    )
    return records.pick_holder((a.employee, a.kind, a.start_date) for a in held)


def _emit_status(ctx: ServiceContext, plan: PerformancePlan) -> None:
    ctx.emit(
        "plan_status_changed",
        plan_id=plan.id,
        employee_id=plan.employee_id,
        rater_id=plan.rater_id,
        status=PlanStatus(plan.status).value,
    )


def require_editable(plan: PerformancePlan) -> None:
    workflow.status_after_edit(plan.status)


async def reopen(ctx: ServiceContext, plan: PerformancePlan) -> None:
    """An edit to a RETURNED SKP moves it back to DRAFT (REVISE)."""
    status = workflow.status_after_edit(plan.status)
    if status == plan.status:
        return
    before = audit.snapshot(plan)
    plan.status = status
    await bump(plan, "status")
    await audit.record(ctx, "plan.revise", "PerformancePlan", plan.id, before, audit.snapshot(plan))
    _emit_status(ctx, plan)


def _expectation_texts(
    expectations: Iterable[tuple[BehaviorValue, str | None]],
) -> dict[BehaviorValue, str]:
    texts: dict[BehaviorValue, str] = {}
    for value, text in expectations:
        value = BehaviorValue(value)
        if value in texts:
            raise ValidationFailed(
                "plan.expectation_twice", field="expectations", value=value.value
            )
        texts[value] = clean_text(text, "expectations", max_len=2000)
    return texts


async def _check_complete(plan: PerformancePlan) -> None:
    """What submitting needs: a rater, an RHK UTAMA, an IKI on every RHK fitting the approach."""
    results = await WorkResult.filter(plan_id=plan.id).order_by("order", "id")
    if not any(r.kind == WorkResultKind.UTAMA for r in results):
        raise ValidationFailed("plan.no_main_result")
    indicators = await Indicator.filter(work_result_id__in=[r.id for r in results])
    counted = {i.work_result_id for i in indicators}
    for result in results:
        if result.id not in counted:
            raise ValidationFailed(
                "plan.result_without_indicator", description=_short(result.description)
            )
    for indicator in indicators:
        try:
            validate_target(
                plan.approach,
                indicator.target_value,
                indicator.target_min,
                indicator.target_max,
                indicator.narrative_target,
            )
        except RuleViolation:
            raise ValidationFailed(
                "plan.indicator_target_mismatch", description=_short(indicator.description)
            ) from None
    if plan.rater_id is None:
        raise ValidationFailed("plan.no_rater")


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


async def _identity_snapshot(plan: PerformancePlan) -> dict[str, Any]:
    """Who, where and when as it stands at approval; documents print this, not live data."""
    rater_position = (
        await Position.get_or_none(id=plan.rater_position_id) if plan.rater_position_id else None
    )
    superior_position = (
        await Position.get_or_none(id=rater_position.reports_to_id)
        if rater_position and rater_position.reports_to_id
        else None
    )
    return records.plan_identity(
        employee=await Employee.get(id=plan.employee_id),
        position=await Position.get(id=plan.position_id),
        unit=await Unit.get(id=plan.unit_id),
        agency=await Agency.get(id=plan.agency_id),
        rater=await Employee.get(id=plan.rater_id) if plan.rater_id is not None else None,
        rater_position=rater_position,
        rater_superior=(
            await Employee.get(id=plan.rater_superior_id)
            if plan.rater_superior_id is not None
            else None
        ),
        superior_position=superior_position,
        period_start=plan.period_start,
        period_end=plan.period_end,
    )


register_messages(
    {
        "plan.duplicate": (
            "Anda sudah memiliki SKP tahun {year} untuk jabatan {position}.",
            "You already have a performance plan (SKP) for {year} in the position {position}.",
        ),
        "plan.year": (
            "Tahun SKP harus antara {min} dan {max}; yang diisi {year}.",
            "The plan year must be between {min} and {max}; got {year}.",
        ),
        "plan.no_position": (
            "Anda tidak memiliki jabatan definitif pada tahun {year}; pilih jabatan yang Anda "
            "jabat (misalnya sebagai Plt/Plh).",
            "You hold no definitive position in {year}; choose a position you hold "
            "(e.g. as Plt/Plh).",
        ),
        "plan.position_not_held": (
            "Anda tidak menjabat jabatan ini pada tahun {year}.",
            "You do not hold this position in {year}.",
        ),
        "plan.no_rater": (
            "SKP ini belum memiliki pejabat penilai: jabatan atasannya kosong atau belum diatur. "
            "Hubungi admin OPD.",
            "This plan has no rater (pejabat penilai): the superior position is vacant or not "
            "set. Contact your agency admin.",
        ),
        "plan.parent_required": (
            "RHK utama harus menyebutkan RHK atasan yang diintervensi.",
            "A main work result (RHK utama) must name the superior's work result it supports.",
        ),
        "plan.parent_not_rater": (
            "RHK atasan yang diintervensi harus berasal dari SKP tahun {year} milik pejabat "
            "penilai Anda.",
            "The superior's work result must come from your rater's {year} performance plan.",
        ),
        "plan.intervention_required": (
            "Pilih jenis intervensi terhadap RHK atasan: langsung atau tidak langsung.",
            "Choose how this work result supports the superior's: directly (LANGSUNG) or "
            "indirectly (TIDAK_LANGSUNG).",
        ),
        "plan.intervention_without_parent": (
            "Jenis intervensi hanya diisi bila RHK atasan dipilih.",
            "An intervention type only applies when a superior's work result is chosen.",
        ),
        "plan.perspective_jpt_only": (
            "Perspektif hanya digunakan pada SKP JPT.",
            "A perspective is only used in a JPT performance plan.",
        ),
        "plan.work_result_cited": (
            "RHK ini tidak dapat dihapus karena diintervensi oleh {count} RHK bawahan.",
            "This work result cannot be removed: {count} subordinate work result(s) support it.",
        ),
        "plan.unit_required": (
            "Satuan target wajib diisi, misalnya dokumen, %, bulan atau orang.",
            "The target unit is required, e.g. document, %, month or person.",
        ),
        "plan.target_too_large": (
            "Target {value} terlalu besar.",
            "The target {value} is too large.",
        ),
        "plan.expectation_twice": (
            "Ekspektasi untuk {value} diisi lebih dari sekali.",
            "The expectation for {value} is given more than once.",
        ),
        "plan.return_note_required": (
            "Tuliskan catatan mengapa SKP dikembalikan.",
            "Write a note saying why the plan is returned.",
        ),
        "plan.no_main_result": (
            "SKP belum dapat diajukan: tambahkan minimal satu RHK utama.",
            "The plan cannot be submitted yet: add at least one main work result (RHK utama).",
        ),
        "plan.result_without_indicator": (
            "SKP belum dapat diajukan: RHK '{description}' belum memiliki IKI.",
            "The plan cannot be submitted yet: the work result '{description}' has no "
            "indicator (IKI).",
        ),
        "plan.indicator_target_mismatch": (
            "SKP belum dapat diajukan: target IKI '{description}' belum sesuai dengan "
            "pendekatan SKP.",
            "The plan cannot be submitted yet: the target of the indicator '{description}' "
            "does not fit the plan's approach.",
        ),
    }
)
