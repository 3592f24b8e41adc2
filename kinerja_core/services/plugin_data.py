"""The gates of a plugin's own data, and the refresh of the realisasi computed from it.

A plugin's rows belong to an agency (an ``agency_id`` column). Who may touch them:

- read: the agency's own employees, its head and admins, central admins
  (:func:`kinerja_core.auth.access.require_agency_member`);
- write: the agency's admins and central admins (``access.require_manage_agency``).

:func:`require_plugin_data` checks that rule **before** the plugin's enablement: someone who
may not read the agency's data gets ``access.denied`` whether the plugin is on there or not,
so outsiders learn nothing. Then ``PluginDisabled`` unless the plugin is on for the agency.

:func:`refresh_computed` recomputes the stored realisasi of IKI linked to the plugin's
indicator types after its data changed; a failure there is logged and never undoes the
plugin's committed write.
"""

from __future__ import annotations

import logging
from typing import Any

from kinerja_core.auth import access
from kinerja_core.plugins.activation import require_plugin_enabled, service_of
from kinerja_core.services.computed import refresh_linked_realizations
from kinerja_core.services.inputs import parse_id

log = logging.getLogger("kinerja.plugins")


async def require_plugin_data(
    ctx: Any, plugin: str, agency_id: Any, *, write: bool = False, field: str = "agencyId"
) -> int:
    """The agency id (as int) once the viewer may read (``write=True``: change) the
    agency's data of ``plugin`` and the plugin is on for the agency.

    ``ctx`` is a service context, a GraphQL context or an ``Info``; ``agency_id`` an id as
    sent (``"42"``, a malformed one is the core's ``input.id`` error naming ``field``).
    Raises ``Unauthenticated``, ``NotAllowed`` (``access.denied`` / ``access.agency``), then
    ``PluginDisabled``.
    """
    service = service_of(ctx)
    viewer = service.require_viewer()
    key = parse_id(agency_id, field)
    if write:
        access.require_manage_agency(viewer, key)
    else:
        access.require_agency_member(viewer, key)
    await require_plugin_enabled(service, plugin, key)
    return key


def may_read_plugin_data(ctx: Any, agency_id: int) -> bool:
    """The read rule alone (no enablement check), e.g. for a subscription's ``visible``."""
    viewer = service_of(ctx).viewer
    return viewer is not None and access.may_read_agency_data(viewer, agency_id)


async def refresh_computed(ctx: Any, plugin: str, agency_id: int) -> int:
    """After your data of ``agency_id`` changed and committed: recompute the stored realisasi
    of every IKI linked to ``plugin``'s indicator types there (approved SKPs, open periods).

    Returns how many realisasi changed. Never raises: your write is committed whatever
    happens here; a failure is logged with the request id and the realisasi are recomputed
    with the next change (or by ``refreshRealization``).
    """
    service = service_of(ctx)
    try:
        return await refresh_linked_realizations(service, plugin, agency_id)
    except Exception:  # noqa: BLE001 - the plugin's write stands; say why in the log
        log.exception(
            "%s: realisasi of agency %s not refreshed [request %s]",
            plugin,
            agency_id,
            service.request_id,
        )
        return 0
