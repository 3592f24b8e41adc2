"""Realisasi computed by a plugin's indicator type: stored like typed-in ones, with provenance.

An IKI linked to an indicator type (``Indicator.indicator_type`` other than ``core.manual``) is
never typed in. Its realisasi for an open period is computed from the plugin's data and stored
as the ``Realization`` of that IKI and period, with the provenance (numerator, denominator, the
rows counted, when) and the achievement against the period's target (year to date for
cumulative types), so the employee, the rater and the head read it like any other realisasi.

Three ways in:

- :func:`refresh_approved_plan`: an SKP was just approved; its linked IKI are computed from the
  data already there, so they do not wait for the plugin's next data change.
- :func:`refresh_linked_realizations`: a plugin calls it after its data changed (a report
  entered or corrected); every linked IKI of the agency's approved SKPs is recomputed for the
  agency's open periods.
- :func:`refresh_realization`: whoever may read the SKP asks for one IKI and period again
  (the ``refreshRealization`` mutation); recomputing is not editing, the numbers come from data.

A value that did not change writes nothing; a change is audited and raises
``realization_recorded`` like a manual entry.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from tortoise.exceptions import IntegrityError

from kinerja_core.auth import access
from kinerja_core.domain.enums import PeriodStatus, PlanStatus
from kinerja_core.errors import ValidationFailed
from kinerja_core.i18n import register_messages
from kinerja_core.models import Indicator, PerformancePlan, Period, Realization
from kinerja_core.plugins.activation import is_plugin_enabled, manager_of
from kinerja_core.plugins.linking import MANUAL, ComputedRealization, compute_realization
from kinerja_core.services import audit, monitoring
from kinerja_core.services.common import get_or_404
from kinerja_core.services.context import ServiceContext

log = logging.getLogger(__name__)


async def refresh_realization(
    ctx: ServiceContext, indicator_id: Any, period_id: Any
) -> Realization:
    """Recompute and store the realisasi of a linked IKI for an open period of its SKP."""
    viewer = ctx.require_viewer()
    async with ctx.transaction():
        indicator = await get_or_404(
            Indicator, indicator_id, "indicatorId", related=("work_result__plan",)
        )
        plan: PerformancePlan = indicator.work_result.plan
        await access.require_read_plan(viewer, plan)
        if indicator.indicator_type == MANUAL:
            raise ValidationFailed("realization.not_computed", field="indicatorId")
        monitoring.require_approved(plan, "realization.plan_not_approved", "indicatorId")
        period = await monitoring.period_of_plan(plan, period_id)
        if period.status != PeriodStatus.OPEN:
            raise ValidationFailed(
                "realization.period_not_open",
                field="periodId",
                **monitoring.period_params(period),
            )
        computed = await compute_realization(ctx, indicator, period, plan=plan)
        stored = await Realization.filter(indicator_id=indicator.id, period_id=period.id).first()
        row = await _store(ctx, indicator, period, plan, computed, stored)
    if row is None:  # nothing to say yet (no data): the answer is the empty realisasi
        raise ValidationFailed("realization.no_data", field="periodId")
    return row


async def refresh_linked_realizations(ctx: ServiceContext, plugin: str, agency_id: int) -> int:
    """Recompute every IKI linked to ``plugin``'s indicator types in ``agency_id``.

    For the agency's approved SKPs and open periods of their year. Call it after the plugin's
    data changed (outside the plugin's own transaction). Returns how many realisasi changed.
    Does nothing while the plugin is disabled for the agency.
    """
    codes = [kind.code for kind in manager_of(ctx).indicators() if kind.plugin == plugin]
    if not codes or not await is_plugin_enabled(ctx, plugin, agency_id):
        return 0
    indicators = await Indicator.filter(
        indicator_type__in=codes,
        work_result__plan__agency_id=agency_id,
        work_result__plan__status=PlanStatus.APPROVED,
    ).prefetch_related("work_result__plan")
    if not indicators:
        return 0
    years = {i.work_result.plan.year for i in indicators}
    periods = await Period.filter(
        agency_id=agency_id, year__in=list(years), status=PeriodStatus.OPEN
    ).order_by("start_date")
    changed = 0
    for indicator in indicators:
        plan: PerformancePlan = indicator.work_result.plan
        for period in periods:
            if period.year == plan.year and _overlaps(period, plan):
                changed += await _refresh_one(ctx, indicator, period, plan)
    return changed


async def refresh_approved_plan(ctx: ServiceContext, plan: PerformancePlan) -> int:
    """Just after ``plan`` is approved: compute and store the realisasi of its IKI linked to
    an indicator type, for the open periods it covers, from the data already there.

    Without this, a linked IKI of a newly approved SKP stays empty until the plugin's next
    data change. Types of a plugin that is off for the agency are skipped. Returns how many
    realisasi changed; never raises (the approval is committed: a failure is logged with the
    request id, and the next data change or ``refreshRealization`` computes them).
    """
    try:
        indicators = await Indicator.filter(work_result__plan_id=plan.id).exclude(
            indicator_type=MANUAL
        )
        if not indicators or plan.status != PlanStatus.APPROVED:
            return 0
        owners = {kind.code: kind.plugin for kind in manager_of(ctx).indicators()}
        periods = [
            period
            for period in await Period.filter(
                agency_id=plan.agency_id, year=plan.year, status=PeriodStatus.OPEN
            ).order_by("start_date")
            if _overlaps(period, plan)
        ]
        enabled: dict[str, bool] = {}
        changed = 0
        for indicator in indicators:
            plugin = owners.get(indicator.indicator_type)
            if plugin is None:
                continue
            if plugin not in enabled:
                enabled[plugin] = await is_plugin_enabled(ctx, plugin, plan.agency_id)
            if enabled[plugin]:
                for period in periods:
                    changed += await _refresh_one(ctx, indicator, period, plan)
        return changed
    except Exception:  # noqa: BLE001 - the approval stands; say why in the log
        log.exception(
            "realisasi of the linked IKI of SKP %s not computed [request %s]",
            plan.id,
            ctx.request_id,
        )
        return 0


async def _refresh_one(
    ctx: ServiceContext, indicator: Indicator, period: Period, plan: PerformancePlan
) -> int:
    """Compute and store one linked IKI's realisasi for one period; 1 when its value changed."""
    async with ctx.transaction():
        computed = await compute_realization(ctx, indicator, period, plan=plan)
        before = await Realization.filter(indicator_id=indicator.id, period_id=period.id).first()
        old_value = None if before is None else before.value
        after = await _store(ctx, indicator, period, plan, computed, before)
    return int(after is not None and (before is None or not _same(old_value, after.value)))


def _overlaps(period: Period, plan: PerformancePlan) -> bool:
    return period.end_date >= plan.period_start and period.start_date <= plan.period_end


def provenance_of(computed: ComputedRealization) -> dict[str, Any]:
    """The stored provenance: the plugin's, plus the targets and achievement of the period."""
    return {
        **computed.provenance(),
        "annualTarget": _text(computed.annual_target),
        "target": _text(computed.target),
        "achievement": _text(computed.achievement),
    }


async def _store(
    ctx: ServiceContext,
    indicator: Indicator,
    period: Period,
    plan: PerformancePlan,
    computed: ComputedRealization,
    row: Realization | None,
) -> Realization | None:
    """Insert or update the realisasi (``row``: the stored one, if any); None when there is
    no value and no row yet."""
    value = computed.value.value
    if row is None and value is None:
        return None
    provenance = provenance_of(computed)
    if row is None:
        try:
            row = await Realization.create(
                indicator_id=indicator.id,
                period_id=period.id,
                value=value,
                narrative="",
                recorded_by_id=plan.employee_id,  # the owner's realisasi, computed for them
                provenance=provenance,
            )
        except IntegrityError:  # computed by a concurrent refresh a moment ago: same data
            return await Realization.get(indicator_id=indicator.id, period_id=period.id)
        await audit.record(
            ctx, "realization.compute", "Realization", row.id, after=audit.snapshot(row)
        )
    else:
        if _same(row.value, value) and _same_source(row.provenance, provenance):
            return row
        before = audit.snapshot(row)
        await Realization.filter(id=row.id).update(
            value=value, provenance=provenance, version=row.version + 1, updated_at=ctx.now()
        )
        row.value, row.provenance, row.version = value, provenance, row.version + 1
        await audit.record(
            ctx, "realization.compute", "Realization", row.id, before, audit.snapshot(row)
        )
    ctx.emit(
        "realization_recorded",
        realization_id=row.id,
        plan_id=plan.id,
        employee_id=plan.employee_id,
        rater_id=plan.rater_id,
    )
    return row


def _same(old: Decimal | None, new: Decimal | None) -> bool:
    if old is None or new is None:
        return old is new
    return Decimal(old) == Decimal(new)


def _same_source(old: Any, new: dict[str, Any]) -> bool:
    """Same numbers from the same rows (the computation time does not count)."""
    if not isinstance(old, dict):
        return False
    keys = ("numerator", "denominator", "records", "target", "achievement", "parameters")
    return all(old.get(k) == new.get(k) for k in keys)


def _text(number: Decimal | None) -> str | None:
    return None if number is None else str(number)


register_messages(
    {
        "realization.not_computed": (
            "IKI ini diisi manual, bukan dihitung dari data plugin.",
            "This indicator is entered by hand, not computed from a plugin's data.",
        ),
        "realization.no_data": (
            "Belum ada data untuk menghitung realisasi periode ini.",
            "There are no data yet to compute this period's realisation.",
        ),
    }
)
