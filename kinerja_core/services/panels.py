"""The plugin panels an agency's dashboard shows (``Query.pluginPanels``)."""

from __future__ import annotations

from typing import Any

from kinerja_core.errors import NotAllowed
from kinerja_core.models import Agency
from kinerja_core.plugins.activation import manager_of, plugin_states
from kinerja_core.plugins.panels import PluginPanel, panels_in_order
from kinerja_core.services.common import get_or_404
from kinerja_core.services.context import ServiceContext


async def plugin_panels(ctx: ServiceContext, agency_id: Any) -> list[PluginPanel]:
    """The panels of the plugins enabled for the agency, for whoever sees its dashboard.

    The same gate as ``agencyDashboard`` (heads and admins of the agency, central admins):
    the panels' operations read data only they may read, and the list says which plugins
    the agency uses. One statement for the plugins' states.
    """
    viewer = ctx.require_viewer()
    agency = await get_or_404(Agency, agency_id, "agencyId")
    if not viewer.sees_agency(agency.id):
        raise NotAllowed("access.agency")
    panels = manager_of(ctx).panels
    if not panels:
        return []
    states = await plugin_states(ctx, sorted(panels), agency.id)
    enabled = {s.plugin for s in states if s.enabled}
    return panels_in_order({name: panels[name] for name in enabled})
