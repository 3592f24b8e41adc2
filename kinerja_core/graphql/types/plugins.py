"""Plugin types: the catalog, indicator types, per-agency state, computed realisasi."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from kinerja_core.domain.numbers import trim
from kinerja_core.errors import KinerjaError, NotFound
from kinerja_core.graphql.errors import graphql_error
from kinerja_core.graphql.execution import reads_context
from kinerja_core.plugins.activation import ActivationState, require_plugin_enabled
from kinerja_core.plugins.config import ConfigField, ConfigType
from kinerja_core.plugins.indicator import Direction, ParameterKind, Periodicity
from kinerja_core.plugins.indicator import IndicatorType as IndicatorTypeSpec
from kinerja_core.plugins.linking import ComputedRealization as Computed
from kinerja_core.plugins.linking import parameter_choices
from kinerja_core.plugins.manager import PluginRecord, PluginStatus

PluginStatusEnum = strawberry.enum(
    PluginStatus,
    description="LOADED: in use; FAILED: skipped, see `error`; DISABLED_BY_ENV: installed "
    "but not named in KINERJA_PLUGINS.",
)
DirectionEnum = strawberry.enum(
    Direction, name="IndicatorDirection", description="Whether higher or lower values are better."
)
PeriodicityEnum = strawberry.enum(
    Periodicity, name="IndicatorPeriodicity", description="How often the data arrive."
)
ParameterKindEnum = strawberry.enum(
    ParameterKind, name="IndicatorParameterKind", description="Type of a parameter's value."
)
ConfigTypeEnum = strawberry.enum(
    ConfigType, name="PluginConfigType", description="Type of a plugin setting."
)


@strawberry.type(description="One allowed value of an indicator parameter.")
class IndicatorParameterChoice:
    value: str = strawberry.field(description="What the IKI stores, e.g. a puskesmas code.")
    label: str = strawberry.field(description="What a person reads.")


@strawberry.type(description="A parameter an IKI sets when it names an indicator type.")
class IndicatorParameter:
    name: str = strawberry.field(description="Key in the IKI's `parameters` JSON.")
    label: str = strawberry.field(description="Label for a form.")
    kind: ParameterKind = strawberry.field(description="STRING, INTEGER or CHOICE.")
    description: str = strawberry.field(description="What the parameter selects.")
    required: bool = strawberry.field(description="Must be set.")
    spec: strawberry.Private[Any]
    indicator: strawberry.Private[Any]

    @strawberry.field(description="Allowed values for the agency (CHOICE parameters).")
    async def choices(self, info: Info, agency_id: strawberry.ID) -> list[IndicatorParameterChoice]:
        try:
            info.context.require_viewer()
            if not str(agency_id).isdigit():
                raise NotFound("not_found", field="agencyId", entity="Agency", id=agency_id)
            agency = int(agency_id)
            await require_plugin_enabled(info.context, self.indicator.plugin, agency)
            found = await parameter_choices(info.context, self.indicator, self.spec, agency)
        except KinerjaError as exc:
            raise graphql_error(exc, info.context.lang) from exc
        return [IndicatorParameterChoice(value=c.value, label=c.label) for c in found]


@strawberry.type(description="An indicator computed by a plugin from its own data.")
class IndicatorType:
    code: str = strawberry.field(description="E.g. `kesehatan.idl_coverage`.")
    name: str = strawberry.field(description="Name of the indicator.")
    definition: str = strawberry.field(description="What it measures and how.")
    numerator_label: str = strawberry.field(description="What is counted above the line.")
    denominator_label: str = strawberry.field(description="What is counted below the line.")
    multiplier: Decimal = strawberry.field(description="Numerator/denominator x this, e.g. 100.")
    unit: str = strawberry.field(description="Unit of the value, e.g. %.")
    direction: Direction = strawberry.field(description="Higher or lower is better.")
    periodicity: Periodicity = strawberry.field(description="How often data arrive.")
    cumulative: bool = strawberry.field(
        description="Computed year to date and compared with the year-to-date target."
    )
    data_source: str = strawberry.field(description="Where the data come from.")
    plugin: str = strawberry.field(description="The plugin that computes it.")
    parameters: list[IndicatorParameter] = strawberry.field(description="What an IKI sets.")


def indicator_type(spec: IndicatorTypeSpec) -> IndicatorType:
    return IndicatorType(
        code=spec.code,
        name=spec.name,
        definition=spec.definition,
        numerator_label=spec.numerator_label,
        denominator_label=spec.denominator_label,
        multiplier=Decimal(spec.multiplier),
        unit=spec.unit,
        direction=spec.direction,
        periodicity=spec.periodicity,
        cumulative=spec.cumulative,
        data_source=spec.data_source,
        plugin=spec.plugin,
        parameters=[
            IndicatorParameter(
                name=p.name,
                label=p.label,
                kind=p.kind,
                description=p.description,
                required=p.required,
                spec=p,
                indicator=spec,
            )
            for p in spec.parameters
        ],
    )


@strawberry.type(description="A setting a plugin declares; values are set per agency.")
class PluginConfigField:
    name: str = strawberry.field(description="Key in the `config` JSON.")
    type: ConfigType = strawberry.field(description="Type of the value.")
    description: str = strawberry.field(description="What it changes.")
    default: JSON | None = strawberry.field(description="Value when nobody set one.")
    secret: bool = strawberry.field(description="Stored but always shown masked.")
    choices: list[str] = strawberry.field(description="Allowed values (CHOICE).")


def config_field(spec: ConfigField) -> PluginConfigField:
    return PluginConfigField(
        name=spec.name,
        type=spec.type,
        description=spec.description,
        default=None if spec.secret else spec.default,
        secret=spec.secret,
        choices=list(spec.choices),
    )


@strawberry.type(description="An installed plugin, as `kinerja plugins list` shows it.")
class Plugin:
    name: str = strawberry.field(description="Entry-point name, e.g. `kesehatan`.")
    version: str = strawberry.field(description="Version of its distribution.")
    description: str = strawberry.field(description="What it adds.")
    status: PluginStatus = strawberry.field(description="LOADED, FAILED or DISABLED_BY_ENV.")
    builtin: bool = strawberry.field(description="Part of the core, always on.")
    hooks: list[str] = strawberry.field(description="The hooks it implements.")
    record: strawberry.Private[PluginRecord]

    @strawberry.field(description="Why it failed to load (central admins only).")
    @reads_context
    def error(self, info: Info) -> str | None:
        viewer = info.context.viewer
        if viewer is None or not viewer.is_central_admin:
            return None
        return self.record.error or None

    @strawberry.field(description="Indicator types it contributes.")
    def indicator_types(self) -> list[IndicatorType]:
        contributions = self.record.contributions
        kinds = contributions.indicators if contributions else []
        return [indicator_type(k) for k in sorted(kinds, key=lambda k: k.code)]

    @strawberry.field(description="The settings it takes per agency.")
    def config_schema(self) -> list[PluginConfigField]:
        contributions = self.record.contributions
        return [config_field(f) for f in (contributions.config if contributions else [])]


def plugin(record: PluginRecord) -> Plugin:
    return Plugin(
        name=record.name,
        version=record.version,
        description=record.description,
        status=record.status,
        builtin=record.builtin,
        hooks=list(record.hooks),
        record=record,
    )


@strawberry.type(description="A plugin's switch and settings for an agency (or the default).")
class PluginActivation:
    name: str = strawberry.field(description="The plugin.")
    agency_id: strawberry.ID | None = strawberry.field(
        description="The agency; none for the global default."
    )
    enabled: bool = strawberry.field(description="On for this agency (effective).")
    inherited: bool = strawberry.field(
        description="The agency decided nothing itself: the global default applies."
    )
    config: JSON | None = strawberry.field(
        description="Effective settings, secrets masked; none if you may not see them."
    )
    updated_at: dt.datetime | None = strawberry.field(description="Last change.")


def activation(state: ActivationState, *, with_config: bool = True) -> PluginActivation:
    return PluginActivation(
        name=state.plugin,
        agency_id=None if state.agency_id is None else strawberry.ID(str(state.agency_id)),
        enabled=state.enabled,
        inherited=state.inherited,
        config=state.config if with_config else None,
        updated_at=state.updated_at,
    )


@strawberry.type(description="A row a computed value was counted from.")
class RecordRef:
    entity: str = strawberry.field(description="The plugin's table, e.g. ImmunizationReport.")
    id: str = strawberry.field(description="The row's id.")
    label: str = strawberry.field(description="What a person reads, e.g. the report's month.")


@strawberry.type(description="An IKI's realisasi computed by its indicator type, with provenance.")
class ComputedRealization:
    indicator_type: str = strawberry.field(description="The indicator type's code.")
    plugin: str = strawberry.field(description="The plugin that computed it.")
    value: Decimal | None = strawberry.field(description="The realisasi; none without data.")
    numerator: Decimal | None = strawberry.field(description="Counted above the line.")
    denominator: Decimal | None = strawberry.field(description="Counted below the line.")
    numerator_label: str = strawberry.field(description="What the numerator counts.")
    denominator_label: str = strawberry.field(description="What the denominator counts.")
    unit: str = strawberry.field(description="Unit of the value.")
    cumulative: bool = strawberry.field(description="Year to date.")
    records: list[RecordRef] = strawberry.field(description="The rows it was counted from.")
    computed_at: dt.datetime = strawberry.field(description="When it was computed.")
    annual_target: Decimal | None = strawberry.field(description="The IKI's target.")
    target: Decimal | None = strawberry.field(
        description="Target for this period: year to date (annual x month / 12) if cumulative."
    )
    achievement: Decimal | None = strawberry.field(description="Percent of the target reached.")
    spec: strawberry.Private[Any]

    @strawberry.field(description="The period, e.g. Maret 2026 (March 2026 in English).")
    @reads_context
    def period(self, info: Info) -> str:
        return self.spec.label_en if info.context.lang == "en" else self.spec.label


def computed_realization(result: Computed) -> ComputedRealization:
    kind, value = result.indicator_type, result.value
    return ComputedRealization(
        indicator_type=kind.code,
        plugin=kind.plugin,
        spec=result.period,
        value=trim(value.value),
        numerator=trim(value.numerator),
        denominator=trim(value.denominator),
        numerator_label=kind.numerator_label,
        denominator_label=kind.denominator_label,
        unit=kind.unit,
        cumulative=kind.cumulative,
        records=[RecordRef(entity=r.entity, id=r.id, label=r.label) for r in value.records],
        computed_at=value.computed_at,
        annual_target=trim(result.annual_target),
        target=trim(result.target),
        achievement=result.achievement,
    )
