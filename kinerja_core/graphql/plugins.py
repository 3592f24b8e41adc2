"""Plugin queries and mutations: the catalog, indicator types, per-agency enablement.

``Agency.plugins`` is not here: the built-in plugin ``core.activation`` adds it to the core
``Agency`` type through the same hook every plugin uses (``kinerja_register_graphql``).
"""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from kinerja_core.graphql.errors import mutate, query, result_union
from kinerja_core.graphql.types.plugins import (
    ComputedRealization,
    IndicatorType,
    Plugin,
    PluginActivation,
    activation,
    computed_realization,
    indicator_type,
    plugin,
)
from kinerja_core.plugins.composition import plugin_query
from kinerja_core.services import plugins as service

PluginActivationResult = result_union("PluginActivationResult", PluginActivation)


@strawberry.type
class Query:
    @strawberry.field(description="Installed plugins with their status, hooks and settings.")
    async def plugin_catalog(self, info: Info) -> list[Plugin]:
        async def run() -> list[Plugin]:
            return [plugin(r) for r in service.catalog(info.context.service)]

        return await query(info, run)

    @strawberry.field(
        description="Indicator types an IKI may name; with `agencyId`, those enabled for it."
    )
    async def indicator_types(
        self, info: Info, agency_id: strawberry.ID | None = None
    ) -> list[IndicatorType]:
        kinds = await query(info, lambda: service.indicator_types(info.context.service, agency_id))
        return [indicator_type(k) for k in kinds]

    @strawberry.field(
        description="An IKI's realisasi for a period computed from its indicator type's data, "
        "with provenance and achievement (year-to-date target when cumulative)."
    )
    async def computed_realization(
        self, info: Info, indicator_id: strawberry.ID, period_id: strawberry.ID
    ) -> ComputedRealization:
        result = await plugin_query(
            info,
            lambda: service.computed_realization(info.context.service, indicator_id, period_id),
        )
        return computed_realization(result)


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Switch a plugin on for an agency, or by default for all (`agencyId` null). "
        "Central admins."
    )
    async def enable_plugin(
        self, info: Info, name: str, agency_id: strawberry.ID | None = None
    ) -> PluginActivationResult:
        async def run() -> PluginActivation:
            state = await service.set_plugin_enabled(info.context.service, name, agency_id, True)
            return activation(state)

        return await mutate(info, run)

    @strawberry.mutation(
        description="Switch a plugin off for an agency, or the default (`agencyId` null); its "
        "data stay and show again when it is switched back on. Central admins."
    )
    async def disable_plugin(
        self, info: Info, name: str, agency_id: strawberry.ID | None = None
    ) -> PluginActivationResult:
        async def run() -> PluginActivation:
            state = await service.set_plugin_enabled(info.context.service, name, agency_id, False)
            return activation(state)

        return await mutate(info, run)

    @strawberry.mutation(
        description="Change a plugin's settings for an agency or the default: a JSON patch "
        "checked against its config schema (null resets a key; a masked secret is kept). "
        "Central admins."
    )
    async def configure_plugin(
        self, info: Info, name: str, config: JSON, agency_id: strawberry.ID | None = None
    ) -> PluginActivationResult:
        async def run() -> PluginActivation:
            state = await service.configure_plugin(info.context.service, name, agency_id, config)
            return activation(state)

        return await mutate(info, run)
