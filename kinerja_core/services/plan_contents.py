"""The contents of an SKP: RHK (work results, cascaded from the rater's) and their IKI.

The owner edits them while the SKP is DRAFT or RETURNED (an edit to a RETURNED SKP moves it
back to DRAFT). An IKI has one target value, a range or a narrative, fitting the SKP's
approach, and may be linked to a plugin's indicator type that computes its realisasi.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kinerja_core.auth import access
from kinerja_core.domain import limits
from kinerja_core.domain.enums import (
    Aspect,
    Intervention,
    Perspective,
    PlanApproach,
    PlanForm,
    PlanStatus,
    WorkResultKind,
)
from kinerja_core.domain.errors import RuleViolation
from kinerja_core.domain.targets import Target, validate_target
from kinerja_core.errors import Conflict, ValidationFailed
from kinerja_core.models import Indicator, PerformancePlan, WorkResult
from kinerja_core.plugins.activation import manager_of
from kinerja_core.plugins.indicator import IndicatorType
from kinerja_core.plugins.linking import MANUAL, validate_indicator_choice
from kinerja_core.services import audit
from kinerja_core.services.common import bump, check_version, clean_text, get_or_404
from kinerja_core.services.context import ServiceContext
from kinerja_core.services.inputs import check_decimal
from kinerja_core.services.limits import require_room
from kinerja_core.services.plans import UNSET, reopen, require_editable

# DecimalField(max_digits=18, decimal_places=4): 14 digits before the point.
TARGET_PLACES = Decimal("0.0001")
TARGET_LIMIT = Decimal(10) ** 14
# The domain names the single target `target` and the narrative `targetNarrative`; the API
# inputs are `targetValue` and `narrativeTarget`.
_TARGET_FIELDS = {"target": "targetValue", "targetNarrative": "narrativeTarget"}


# --- RHK (work results) ---------------------------------------------------------------------


async def add_work_result(
    ctx: ServiceContext,
    plan_id: Any,
    description: str,
    kind: WorkResultKind = WorkResultKind.UTAMA,
    *,
    parent_work_result_id: Any = None,
    intervention: Intervention | None = None,
    perspective: Perspective | None = None,
) -> WorkResult:
    """The owner adds an RHK; on a JA/JF SKP an RHK UTAMA names the rater's RHK it serves."""
    viewer = ctx.require_viewer()
    async with ctx.transaction():
        plan = await get_or_404(PerformancePlan, plan_id, "planId")
        access.require_plan_owner(viewer, plan)
        require_editable(plan)
        description = clean_text(description, "description", required=True)
        parent = await _check_cascade(plan, kind, parent_work_result_id, intervention, perspective)
        await require_room(
            WorkResult.filter(plan_id=plan.id),
            limits.RHK_PER_PLAN,
            "limit.work_results",
            "planId",
            owner=(PerformancePlan, plan.id),
        )
        await reopen(ctx, plan)
        row = await WorkResult.create(
            plan_id=plan.id,
            kind=kind,
            description=description,
            parent_id=parent.id if parent else None,
            intervention=intervention,
            perspective=perspective,
            order=await WorkResult.filter(plan_id=plan.id).count(),
        )
        await audit.record(
            ctx, "work_result.create", "WorkResult", row.id, after=audit.snapshot(row)
        )
    return row


async def update_work_result(
    ctx: ServiceContext,
    work_result_id: Any,
    *,
    kind: WorkResultKind | None = None,
    description: str | None = None,
    parent_work_result_id: Any = UNSET,
    intervention: Any = UNSET,
    perspective: Any = UNSET,
    version: int | None = None,
) -> WorkResult:
    """The owner changes an RHK; ``None`` clears the parent, intervention or perspective.

    Clearing the parent also clears the intervention unless one is given.
    """
    viewer = ctx.require_viewer()
    async with ctx.transaction():
        row = await get_or_404(WorkResult, work_result_id, "id", related=("plan",))
        plan: PerformancePlan = row.plan
        access.require_plan_owner(viewer, plan)
        require_editable(plan)
        check_version(row, version)
        before = audit.snapshot(row)
        if kind is not None:
            row.kind = kind
        if description is not None:
            row.description = clean_text(description, "description", required=True)
        parent_id = row.parent_id
        if parent_work_result_id is not UNSET:
            parent_id = parent_work_result_id
            if parent_id is None and intervention is UNSET:
                intervention = None
        if intervention is not UNSET:
            row.intervention = intervention
        if perspective is not UNSET:
            row.perspective = perspective
        parent = await _check_cascade(plan, row.kind, parent_id, row.intervention, row.perspective)
        row.parent_id = parent.id if parent else None
        await reopen(ctx, plan)
        await bump(row, "kind", "description", "parent_id", "intervention", "perspective")
        await audit.record(
            ctx, "work_result.update", "WorkResult", row.id, before, audit.snapshot(row)
        )
    return row


async def remove_work_result(ctx: ServiceContext, work_result_id: Any) -> PerformancePlan:
    """The owner removes an RHK with its IKI; refused while subordinates' RHK cite it."""
    viewer = ctx.require_viewer()
    async with ctx.transaction():
        row = await get_or_404(WorkResult, work_result_id, "id", related=("plan",))
        plan: PerformancePlan = row.plan
        access.require_plan_owner(viewer, plan)
        require_editable(plan)
        cited = await WorkResult.filter(parent_id=row.id).count()
        if cited:
            raise Conflict("plan.work_result_cited", field="id", count=cited)
        before = audit.snapshot(row)
        await reopen(ctx, plan)
        await Indicator.filter(work_result_id=row.id).delete()
        await row.delete()
        await audit.record(ctx, "work_result.delete", "WorkResult", row.id, before=before)
    return plan


# --- IKI (indicators) -----------------------------------------------------------------------


async def add_indicator(
    ctx: ServiceContext,
    work_result_id: Any,
    description: str,
    *,
    aspect: Aspect = Aspect.KUANTITAS,
    unit: str = "",
    target_value: Decimal | None = None,
    target_min: Decimal | None = None,
    target_max: Decimal | None = None,
    narrative_target: str | None = None,
    perspective: Perspective | None = None,
    indicator_type: str | None = None,
    parameters: dict[str, Any] | None = None,
) -> Indicator:
    """The owner adds an IKI to an RHK; the target must fit the SKP's approach.

    ``indicator_type`` links the IKI to a plugin's indicator (its realisasi is then computed
    from the plugin's data); the plugin must be enabled for the plan's agency and
    ``parameters`` must fit the type (which kelurahan, which school...).
    """
    viewer = ctx.require_viewer()
    async with ctx.transaction():
        work_result = await get_or_404(
            WorkResult, work_result_id, "workResultId", related=("plan",)
        )
        plan: PerformancePlan = work_result.plan
        access.require_plan_owner(viewer, plan)
        require_editable(plan)
        description = clean_text(description, "description", required=True)
        kind, chosen = await _indicator_choice(ctx, plan, indicator_type, parameters)
        target = _target(plan, target_value, target_min, target_max, narrative_target)
        unit = _unit(plan, unit or (kind.unit if kind is not None else ""))
        _check_perspective(plan, perspective)
        await require_room(
            Indicator.filter(work_result_id=work_result.id),
            limits.IKI_PER_WORK_RESULT,
            "limit.indicators",
            "workResultId",
            owner=(WorkResult, work_result.id),
        )
        await reopen(ctx, plan)
        row = await Indicator.create(
            work_result_id=work_result.id,
            aspect=aspect,
            description=description,
            target_value=target.value,
            target_min=target.minimum,
            target_max=target.maximum,
            unit=unit,
            narrative_target=target.narrative or "",
            perspective=perspective,
            indicator_type=kind.code if kind is not None else MANUAL,
            parameters=chosen,
            order=await Indicator.filter(work_result_id=work_result.id).count(),
        )
        await audit.record(ctx, "indicator.create", "Indicator", row.id, after=audit.snapshot(row))
    return row


async def update_indicator(
    ctx: ServiceContext,
    indicator_id: Any,
    *,
    aspect: Aspect | None = None,
    description: str | None = None,
    unit: str | None = None,
    target_value: Any = UNSET,
    target_min: Any = UNSET,
    target_max: Any = UNSET,
    narrative_target: Any = UNSET,
    perspective: Any = UNSET,
    indicator_type: str | None = None,
    parameters: dict[str, Any] | None = None,
    version: int | None = None,
) -> Indicator:
    """The owner changes an IKI; the target as it ends up is checked as a whole.

    A new ``indicator_type`` and/or ``parameters`` are checked like on creation (omitted
    parameters keep the current ones when the type stays the same).

    ``None`` clears a target part, so switching from one value to a range sends
    ``targetValue: null`` with the minimum and maximum.
    """
    viewer = ctx.require_viewer()
    async with ctx.transaction():
        row = await get_or_404(Indicator, indicator_id, "id", related=("work_result__plan",))
        plan: PerformancePlan = row.work_result.plan
        access.require_plan_owner(viewer, plan)
        require_editable(plan)
        check_version(row, version)
        before = audit.snapshot(row)
        if aspect is not None:
            row.aspect = aspect
        if description is not None:
            row.description = clean_text(description, "description", required=True)

        def pick(new: Any, old: Any) -> Any:
            return old if new is UNSET else new

        target = _target(
            plan,
            pick(target_value, row.target_value),
            pick(target_min, row.target_min),
            pick(target_max, row.target_max),
            pick(narrative_target, row.narrative_target),
        )
        row.target_value, row.target_min, row.target_max = (
            target.value,
            target.minimum,
            target.maximum,
        )
        row.narrative_target = target.narrative or ""
        row.unit = _unit(plan, row.unit if unit is None else unit)
        if perspective is not UNSET:
            _check_perspective(plan, perspective)
            row.perspective = perspective
        if indicator_type is not None or parameters is not None:
            same_type = indicator_type is None or indicator_type.strip() == row.indicator_type
            kind, chosen = await _indicator_choice(
                ctx,
                plan,
                row.indicator_type if indicator_type is None else indicator_type,
                row.parameters if parameters is None and same_type else parameters,
            )
            row.indicator_type = kind.code if kind is not None else MANUAL
            row.parameters = chosen
        await reopen(ctx, plan)
        await bump(
            row,
            "aspect",
            "description",
            "unit",
            "target_value",
            "target_min",
            "target_max",
            "narrative_target",
            "perspective",
            "indicator_type",
            "parameters",
        )
        await audit.record(
            ctx, "indicator.update", "Indicator", row.id, before, audit.snapshot(row)
        )
    return row


async def remove_indicator(ctx: ServiceContext, indicator_id: Any) -> WorkResult:
    """The owner removes an IKI; returns its RHK."""
    viewer = ctx.require_viewer()
    async with ctx.transaction():
        row = await get_or_404(Indicator, indicator_id, "id", related=("work_result__plan",))
        work_result: WorkResult = row.work_result
        access.require_plan_owner(viewer, work_result.plan)
        require_editable(work_result.plan)
        before = audit.snapshot(row)
        await reopen(ctx, work_result.plan)
        await row.delete()
        await audit.record(ctx, "indicator.delete", "Indicator", row.id, before=before)
    return work_result


# --- helpers --------------------------------------------------------------------------------


async def _check_cascade(
    plan: PerformancePlan,
    kind: WorkResultKind,
    parent_id: Any,
    intervention: Intervention | None,
    perspective: Perspective | None,
) -> WorkResult | None:
    """The parent RHK rule: a JA/JF RHK UTAMA intervenes an RHK of the rater's SKP."""
    _check_perspective(plan, perspective)
    if parent_id is None:
        if intervention is not None:
            raise ValidationFailed("plan.intervention_without_parent", field="intervention")
        if plan.form == PlanForm.JA_JF and kind == WorkResultKind.UTAMA:
            raise ValidationFailed("plan.parent_required", field="parentWorkResultId")
        return None
    parent = await get_or_404(WorkResult, parent_id, "parentWorkResultId", related=("plan",))
    if plan.rater_id is None:
        raise ValidationFailed("plan.no_rater", field="parentWorkResultId")
    source: PerformancePlan = parent.plan
    if (
        source.employee_id != plan.rater_id
        or source.year != plan.year
        or source.status == PlanStatus.CLOSED
    ):
        raise ValidationFailed("plan.parent_not_rater", field="parentWorkResultId", year=plan.year)
    if intervention is None:
        raise ValidationFailed("plan.intervention_required", field="intervention")
    return parent


async def _indicator_choice(
    ctx: ServiceContext,
    plan: PerformancePlan,
    indicator_type: str | None,
    parameters: dict[str, Any] | None,
) -> tuple[IndicatorType | None, dict[str, Any]]:
    """The plugin indicator type an IKI names (None for a manual IKI) and its clean parameters."""
    chosen = await validate_indicator_choice(
        ctx, plan.agency_id, indicator_type, parameters, approach=plan.approach
    )
    code = (indicator_type or MANUAL).strip()
    return (None if code == MANUAL else manager_of(ctx).indicator(code)), chosen


def _check_perspective(plan: PerformancePlan, perspective: Perspective | None) -> None:
    if perspective is not None and plan.form != PlanForm.JPT:
        raise ValidationFailed("plan.perspective_jpt_only", field="perspective")


def _target(
    plan: PerformancePlan, value: Any, minimum: Any, maximum: Any, narrative: Any
) -> Target:
    try:
        target = validate_target(plan.approach, value, minimum, maximum, narrative)
    except RuleViolation as exc:
        exc.field = _TARGET_FIELDS.get(exc.field or "", exc.field)
        raise
    parts = {"targetValue": target.value, "targetMin": target.minimum, "targetMax": target.maximum}
    for field, number in parts.items():
        if number is not None and number >= TARGET_LIMIT:
            raise ValidationFailed("plan.target_too_large", field=field, value=str(number))
        check_decimal(number, field)  # NUMERIC(18, 4): refuse what would be rounded (1e-7)
    return Target(
        approach=target.approach,
        value=_quantize(target.value),
        minimum=_quantize(target.minimum),
        maximum=_quantize(target.maximum),
        narrative=target.narrative,
    )


def _quantize(number: Decimal | None) -> Decimal | None:
    return None if number is None else number.quantize(TARGET_PLACES)


def _unit(plan: PerformancePlan, unit: str | None) -> str:
    text = clean_text(unit, "unit", max_len=64)
    if not text and plan.approach == PlanApproach.KUANTITATIF:
        raise ValidationFailed("plan.unit_required", field="unit")
    return text
