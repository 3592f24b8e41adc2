"""``Agency.plugins``: each switchable plugin's state for an agency (``core.activation``).

Added to the core ``Agency`` type by returning ``GraphQL(extends=...)`` from
``kinerja_register_graphql``, the way any plugin adds a field to a core type. One statement
per request, however many agencies.
"""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from kinerja_core.graphql.types.plugins import PluginActivation, activation
from kinerja_core.plugins.hookspecs import hookimpl
from kinerja_core.plugins.registry import GraphQL

KINERJA_ALWAYS_ON = True  # part of the core: on for every agency, never switched off


@strawberry.type(description="Plugin fields of Agency.")
class AgencyPlugins:
    @strawberry.field(
        description="Each installed plugin's switch for this agency; `config` (secrets masked) "
        "only for central admins and the agency's head and admins."
    )
    async def plugins(self, info: Info) -> list[PluginActivation]:
        from kinerja_core.services import plugins as service

        ctx = info.context.service
        agency_id = self.row.id
        with_config = service.sees_config(ctx, agency_id)
        states = await service.agency_plugins(ctx, agency_id, with_config=with_config)
        return [activation(s, with_config=with_config) for s in states]


@hookimpl
def kinerja_register_graphql():
    return GraphQL(extends={"Agency": AgencyPlugins})
