"""Is a plugin on for an agency, with which settings? Read once per request, in one statement.

The effective state of a plugin for an agency: the agency's own row when it decides
(``enabled`` not null), else the global default row, else off. A plugin that declares
``KINERJA_ALWAYS_ON`` (those shipped with the core do) is on everywhere.
Rows are read through a per-request DataLoader kept on the service context, so a plugin field
in a list of a hundred agencies costs one statement, not a hundred.

Plugin code calls :func:`require_plugin_enabled` before touching its data for an agency, and
:func:`plugin_config` to read its settings (unmasked: they never leave the server from there).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from strawberry.dataloader import DataLoader

from kinerja_core.errors import PluginDisabled
from kinerja_core.models import PluginActivation
from kinerja_core.models.plugins import GLOBAL_SCOPE
from kinerja_core.plugins.config import ConfigField, effective, mask
from kinerja_core.plugins.manager import PluginManager
from kinerja_core.plugins.state import PluginState
from kinerja_core.sql import fetch_all


def service_of(ctx: Any) -> Any:
    """A GraphQL context or an ``Info`` or a service context -> the service context."""
    ctx = getattr(ctx, "context", ctx)  # strawberry Info
    return getattr(ctx, "service", ctx)


def request_state(ctx: Any) -> PluginState:
    """The plugin state of the request behind ``ctx`` (``ServiceContext.plugin_state``)."""
    return service_of(ctx).plugin_state


def manager_of(ctx: Any) -> PluginManager:
    """The plugin manager ``ctx`` was made with (``ServiceContext(plugins=...)``)."""
    manager = service_of(ctx).plugins
    if manager is None:
        raise RuntimeError("this ServiceContext has no plugin manager: pass plugins=...")
    return manager


@dataclass(frozen=True)
class _Activation:
    """The columns of a ``PluginActivation`` row that :func:`resolve_state` reads, as the ORM
    would give them, read as a plain row: every plugin field of every request asks."""

    plugin: str
    scope: str
    enabled: bool | None
    config: Any
    updated_at: dt.datetime | None
    updated_by_id: int | None


def _activation(row: dict[str, Any]) -> _Activation:
    enabled, config, updated_at = row["enabled"], row["config"], row["updated_at"]
    return _Activation(
        row["plugin"],
        row["scope"],
        None if enabled is None else bool(enabled),
        json.loads(config) if isinstance(config, (str, bytes)) else config,
        dt.datetime.fromisoformat(updated_at) if isinstance(updated_at, str) else updated_at,
        row["updated_by_id"],
    )


async def _load(names: Sequence[str]) -> list[list[_Activation]]:
    grouped: dict[str, list[_Activation]] = defaultdict(list)
    marks = ", ".join("?" for _ in names)
    for row in await fetch_all(
        "SELECT plugin, scope, enabled, config, updated_at, updated_by_id"
        f" FROM plugin_activation WHERE plugin IN ({marks}) ORDER BY id",
        list(names),
    ):
        grouped[row["plugin"]].append(_activation(row))
    return [grouped.get(name, []) for name in names]


def _loader(ctx: Any) -> DataLoader[str, list[_Activation]]:
    state = request_state(ctx)
    if state.loader is None:
        state.loader = DataLoader(load_fn=_load)
    return state.loader


def forget_activations(ctx: Any) -> None:
    """After a change: the next read in this request goes to the database again."""
    request_state(ctx).loader = None


@dataclass(frozen=True)
class ActivationState:
    """A plugin for one agency (or the global default when ``agency_id`` is None)."""

    plugin: str
    agency_id: int | None
    enabled: bool
    inherited: bool  # no decision of the agency's own: the global default applies
    config: dict[str, Any] = field(default_factory=dict)
    updated_at: dt.datetime | None = None
    updated_by_id: int | None = None

    def masked(self, schema: Sequence[ConfigField]) -> ActivationState:
        """The same state with secrets masked (what a client may see)."""
        return ActivationState(
            self.plugin,
            self.agency_id,
            self.enabled,
            self.inherited,
            mask(schema, self.config),
            self.updated_at,
            self.updated_by_id,
        )


def resolve_state(
    plugin: str,
    agency_id: int | None,
    rows: Sequence[PluginActivation],
    schema: Sequence[ConfigField] = (),
    *,
    always_on: bool = False,
) -> ActivationState:
    """The effective state from a plugin's activation rows (pure, no database)."""
    base = next((r for r in rows if r.scope == GLOBAL_SCOPE), None)
    own = None
    if agency_id is not None:
        own = next((r for r in rows if r.scope == str(agency_id)), None)
    if always_on:
        enabled, inherited = True, False
    elif own is not None and own.enabled is not None:
        enabled, inherited = own.enabled, False
    else:
        enabled, inherited = bool(base and base.enabled), agency_id is not None
    latest = own or base
    return ActivationState(
        plugin,
        agency_id,
        enabled,
        inherited,
        effective(schema, [base.config if base else None, own.config if own else None]),
        latest.updated_at if latest else None,
        latest.updated_by_id if latest else None,
    )


async def plugin_states(
    ctx: Any, plugins: Sequence[str], agency_id: int | None
) -> list[ActivationState]:
    """The state of each of ``plugins`` for one agency (one statement per request, batched)."""
    manager = manager_of(ctx)
    rows = await _loader(ctx).load_many(list(plugins))
    return [
        resolve_state(
            name,
            agency_id,
            plugin_rows,
            manager.config_schema(name),
            always_on=manager.always_on(name),
        )
        for name, plugin_rows in zip(plugins, rows, strict=True)
    ]


async def plugin_state(ctx: Any, plugin: str, agency_id: int | None) -> ActivationState:
    """The plugin's switch for the agency: ``enabled``, whether it is ``inherited`` from the
    global default, and the effective ``config``."""
    return (await plugin_states(ctx, [plugin], agency_id))[0]


async def is_plugin_enabled(ctx: Any, plugin: str, agency_id: int | None) -> bool:
    """Whether ``plugin`` is on for the agency (one always on is, without a database read)."""
    if manager_of(ctx).always_on(plugin):
        return True
    return (await plugin_state(ctx, plugin, agency_id)).enabled


async def require_plugin_enabled(
    ctx: Any, plugin: str, agency_id: int | None, *, field: str | None = None
) -> None:
    """Raise ``PluginDisabled("plugin.disabled", plugin=..., agency_id=...)`` unless it is on.

    ``ctx`` is a service context, a GraphQL context or an ``Info``. A resolver of a plugin
    field needs nothing else: the core turns the error into the typed ``PluginDisabled``
    (a GraphQL error for queries, the result for mutations) and no data is returned.
    """
    if not await is_plugin_enabled(ctx, plugin, agency_id):
        raise PluginDisabled(
            "plugin.disabled",
            field=field,
            plugin=plugin,
            agency_id=None if agency_id is None else str(agency_id),
        )


async def plugin_config(ctx: Any, plugin: str, agency_id: int | None) -> dict[str, Any]:
    """The plugin's effective settings for the agency, secrets included (server side only)."""
    return dict((await plugin_state(ctx, plugin, agency_id)).config)
