"""An IKI linked to an indicator type: choosing the type, computing its realisasi per period.

- The planning service calls :func:`validate_indicator_choice` when an IKI names an indicator
  type: the type must exist, its plugin must be enabled for the plan's agency, and the
  parameters must fit the type's parameter specs (CHOICE values among the allowed ones).
- Monitoring calls :func:`compute_realization` for such an IKI and a period: the value comes
  from the plugin's data, with its provenance, and the achievement against the target
  (year-to-date target for cumulative types).
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kinerja_core.domain.enums import PlanApproach
from kinerja_core.domain.periods import PeriodSpec, build_period
from kinerja_core.domain.records import MANUAL_SOURCE
from kinerja_core.domain.targets import achievement, cumulative_target
from kinerja_core.errors import PluginFailed, ValidationFailed
from kinerja_core.models import PerformancePlan
from kinerja_core.plugins.activation import (
    is_plugin_enabled,
    manager_of,
    require_plugin_enabled,
    service_of,
)
from kinerja_core.plugins.indicator import (
    Choice,
    IndicatorType,
    IndicatorValue,
    ParameterKind,
    ParameterSpec,
    RecordRef,
    Scope,
)

MANUAL = MANUAL_SOURCE
MAX_PARAMETER_LENGTH = 200


async def validate_indicator_choice(
    ctx: Any,
    agency_id: int,
    indicator_type: str | None,
    parameters: dict[str, Any] | None = None,
    *,
    approach: PlanApproach | str | None = None,
) -> dict[str, Any]:
    """Check an IKI's indicator type and parameters for a plan of ``agency_id``.

    Returns the parameters normalised (strings trimmed, integers as int). Errors name the
    input field: ``indicatorType`` (``indicator_type.unknown``, ``plugin.disabled``,
    ``indicator_type.qualitative``) or ``parameters``.
    """
    code = (indicator_type or MANUAL).strip()
    kind = manager_of(ctx).indicator(code)
    if kind is None:
        raise ValidationFailed("indicator_type.unknown", field="indicatorType", indicator_type=code)
    if not await is_plugin_enabled(ctx, kind.plugin, agency_id):
        raise ValidationFailed(
            "plugin.disabled",
            field="indicatorType",
            plugin=kind.plugin,
            agency_id=str(agency_id),
        )
    qualitative = approach is not None and PlanApproach(approach) == PlanApproach.KUALITATIF
    if code != MANUAL and qualitative:
        raise ValidationFailed(
            "indicator_type.qualitative", field="indicatorType", indicator_type=code
        )
    return await check_parameters(ctx, kind, agency_id, parameters or {})


async def parameter_choices(
    ctx: Any, kind: IndicatorType, spec: ParameterSpec, agency_id: int
) -> list[Choice]:
    """The allowed values of a CHOICE parameter for the agency (plugin code, guarded)."""
    if spec.choices is None:
        return []
    choices = spec.choices
    result = await manager_of(ctx).guarded(
        kind.plugin, lambda: choices(agency_id), request_id=service_of(ctx).request_id
    )
    return list(result)


async def check_parameters(
    ctx: Any, kind: IndicatorType, agency_id: int, parameters: dict[str, Any]
) -> dict[str, Any]:
    if not isinstance(parameters, dict):
        raise ValidationFailed("indicator_type.parameters_object", field="parameters")
    specs = {spec.name: spec for spec in kind.parameters}
    for key in parameters:
        if key not in specs:
            raise ValidationFailed(
                "indicator_type.parameter_unknown",
                field="parameters",
                name=key,
                indicator_type=kind.code,
            )
    clean: dict[str, Any] = {}
    for spec in kind.parameters:
        value = parameters.get(spec.name)
        if isinstance(value, str):
            value = value.strip()
        if value in (None, ""):
            if spec.required:
                raise ValidationFailed(
                    "indicator_type.parameter_required", field="parameters", name=spec.label
                )
            continue
        clean[spec.name] = await _check_value(ctx, kind, spec, agency_id, value)
    return clean


async def _check_value(
    ctx: Any, kind: IndicatorType, spec: ParameterSpec, agency_id: int, value: Any
) -> Any:
    invalid = ValidationFailed(
        "indicator_type.parameter_invalid", field="parameters", name=spec.label, value=str(value)
    )
    if spec.kind == ParameterKind.INTEGER:
        if isinstance(value, bool):
            raise invalid
        try:
            return int(str(value))
        except ValueError:
            raise invalid from None
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise invalid
    text = str(value)
    if len(text) > MAX_PARAMETER_LENGTH:
        raise invalid
    if spec.kind == ParameterKind.CHOICE:
        allowed = await parameter_choices(ctx, kind, spec, agency_id)
        if text not in {c.value for c in allowed}:
            raise ValidationFailed(
                "indicator_type.parameter_choice", field="parameters", name=spec.label, value=text
            )
    return text


@dataclass(frozen=True)
class ComputedRealization:
    """The realisasi of a linked IKI for one period, with provenance and achievement."""

    indicator_type: IndicatorType
    period: PeriodSpec
    value: IndicatorValue
    parameters: dict[str, Any]
    annual_target: Decimal | None
    target: Decimal | None  # the year-to-date target for cumulative types
    target_min: Decimal | None
    target_max: Decimal | None
    achievement: Decimal | None

    @property
    def records(self) -> tuple[RecordRef, ...]:
        return self.value.records

    def provenance(self) -> dict[str, Any]:
        """JSON for ``Realization.provenance``: where the number came from."""
        return {
            "source": self.indicator_type.code,
            "plugin": self.indicator_type.plugin,
            "parameters": self.parameters,
            "period": {
                "year": self.period.year,
                "kind": str(self.period.kind),
                "number": self.period.number,
            },
            "cumulative": self.indicator_type.cumulative,
            **self.value.provenance(),
        }


def _year_to_date(amount: Decimal | None, spec: PeriodSpec, cumulative: bool) -> Decimal | None:
    if amount is None or not cumulative:
        return amount
    return cumulative_target(amount, spec.end.month)  # annual x month / 12


async def compute_realization(
    ctx: Any, indicator: Any, period: Any, *, plan: Any = None
) -> ComputedRealization:
    """Compute an IKI's realisasi for ``period`` from its indicator type's plugin.

    ``indicator`` is an ``Indicator`` row, ``period`` a ``Period`` row or a ``PeriodSpec``;
    pass ``plan`` when it is at hand (saves a statement). Checks no access: the caller has
    already decided the viewer may read the plan. Raises ``PluginDisabled`` when the plugin
    is off for the plan's agency, ``PluginFailed`` when its computation raises or times out.
    """
    if plan is None:
        plan = await PerformancePlan.get(work_results__id=indicator.work_result_id)
    spec = (
        period
        if isinstance(period, PeriodSpec)
        else build_period(period.year, period.kind, period.number)
    )
    code = indicator.indicator_type or MANUAL
    manager = manager_of(ctx)
    kind = manager.indicator(code)
    if kind is None:
        raise ValidationFailed("indicator_type.unknown", field="indicatorType", indicator_type=code)
    await require_plugin_enabled(ctx, kind.plugin, plan.agency_id, field="indicatorType")
    scope = Scope(
        agency_id=plan.agency_id,
        parameters=dict(indicator.parameters or {}),
        indicator_id=indicator.id,
        employee_id=plan.employee_id,
    )
    request_id = service_of(ctx).request_id
    value = await manager.guarded(
        kind.plugin, lambda: kind.compute(scope, spec), request_id=request_id
    )
    if inspect.isawaitable(value) or not isinstance(value, IndicatorValue):
        raise PluginFailed("plugin.bad_result", plugin=kind.plugin, request_id=request_id)
    annual = indicator.target_value
    target = _year_to_date(annual, spec, kind.cumulative)
    low = _year_to_date(indicator.target_min, spec, kind.cumulative)
    high = _year_to_date(indicator.target_max, spec, kind.cumulative)
    return ComputedRealization(
        indicator_type=kind,
        period=spec,
        value=value,
        parameters=scope.parameters,
        annual_target=annual,
        target=target,
        target_min=low,
        target_max=high,
        achievement=achievement(
            target, value.value, kind.higher_is_better, minimum=low, maximum=high
        ),
    )
