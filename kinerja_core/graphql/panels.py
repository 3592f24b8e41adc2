"""``Query.pluginPanels``: the dashboard panels plugins declare (docs/web.md, docs/plugins.md)."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from kinerja_core.graphql.errors import query
from kinerja_core.graphql.list_caps import max_items
from kinerja_core.i18n import translate
from kinerja_core.plugins import panels as contributions
from kinerja_core.services import panels as service

PanelKind = strawberry.enum(contributions.PanelKind, description="How a panel is drawn.")


@strawberry.type(description="A value of each row of a panel.")
class PanelColumn:
    field: str = strawberry.field(description="Its key in a row of the operation's answer.")
    label: str = strawberry.field(description="Its label, translated (Accept-Language).")


@strawberry.type(
    description="A dashboard panel of a plugin: a query of the plugin's own fields and how to "
    "draw its rows. Send `operation` as it is with the variables `agencyId` and `year`."
)
class PluginPanel:
    plugin: str = strawberry.field(description="The plugin, e.g. kesehatan.")
    key: str = strawberry.field(description="Unique within the plugin.")
    title: str = strawberry.field(description="Translated (Accept-Language).")
    description: str | None = strawberry.field(description="Translated, when there is one.")
    kind: PanelKind = strawberry.field(
        description="TABLE: the columns; BAR/LINE: the first column is the label (x), the "
        "others one series each; FIGURES: the first row, each column one big number."
    )
    operation: str = strawberry.field(
        description="A GraphQL query document; variables $agencyId: ID!, $year: Int!."
    )
    rows_path: str = strawberry.field(
        description="Dot path in the answer's `data` to the list of rows."
    )
    columns: list[PanelColumn] = strawberry.field(
        description="The values shown, in order.",
        metadata=max_items(contributions.MAX_COLUMNS),
    )


def plugin_panel(found: contributions.PluginPanel, lang: str) -> PluginPanel:
    panel = found.panel
    return PluginPanel(
        plugin=found.plugin,
        key=panel.key,
        title=translate(panel.title, None, lang),
        description=None if panel.description is None else translate(panel.description, None, lang),
        kind=panel.kind,
        operation=panel.operation,
        rows_path=panel.rows_path,
        columns=[
            PanelColumn(field=c.field, label=translate(c.label, None, lang)) for c in panel.columns
        ],
    )


@strawberry.type
class Query:
    @strawberry.field(
        description="The dashboard panels of the plugins enabled for an agency; for those who "
        "see its dashboard (its head and admins, central admins).",
        metadata=max_items(contributions.MAX_PANELS),
    )
    async def plugin_panels(self, info: Info, agency_id: strawberry.ID) -> list[PluginPanel]:
        found = await query(info, lambda: service.plugin_panels(info.context.service, agency_id))
        return [plugin_panel(p, info.context.lang) for p in found]
