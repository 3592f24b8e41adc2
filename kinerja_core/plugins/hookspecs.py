"""Every hook a Kinerja plugin may implement. One flat module: read it top to bottom.

A plugin is a module (or object) with functions decorated ``@hookimpl`` and named exactly like
a spec below; it implements any subset and may accept any subset of a hook's arguments.
Each implementation may be a plain function or ``async def``: the core awaits whatever is
awaitable. The core calls each plugin's implementation separately, so it knows which plugin
gave what and the order plugins are registered in never matters.

- ``kinerja_register_*`` and ``kinerja_config_schema`` run once at start-up, before the
  database is open, and return their contributions (one, a list, or None), as datasette's
  hooks do. Each is validated on arrival; a refused contribution marks the whole plugin
  FAILED (reported, skipped; fatal in strict mode).
- ``kinerja_authenticate``, ``kinerja_on_event`` and ``kinerja_demo_data`` run while serving.
  One that raises or passes the time limit fails only the request that needed it (a typed
  ``PluginFailed`` error naming the plugin, logged with the request id).
- ``kinerja_panels`` runs once at start-up with them: it RETURNS its contributions (a list of
  ``Panel``), each checked against the composed schema.
- Async start-up hooks are awaited on the server's event loop: the app's lifespan starts the
  plugins (``PluginManager.start``), then composes the schema.

The reference with examples is ``docs/plugins.md``; a test fails when a hook here is missing
from it or has no test.
"""

from __future__ import annotations

from typing import Any

import pluggy

PROJECT = "kinerja"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def kinerja_register_indicators() -> Any:
    """Start-up: return the plugin's indicator types, a list of ``IndicatorType(...)``.

    Codes are ``<plugin>.<name>`` (``kesehatan.idl_coverage``) and unique. Sync or async.
    """


@hookspec
def kinerja_register_models() -> Any:
    """Start-up: return the plugin's tortoise models in its own app.

    ``Models(models="pkg.models", migrations="pkg.migrations")``. The app label is the
    plugin's name; its migrations depend on ``("core", "0001_initial")``; ``kinerja migrate``
    applies core first, then each plugin. Sync or async.
    """


@hookspec
def kinerja_register_graphql() -> Any:
    """Start-up: return the plugin's part of the one GraphQL schema.

    ``GraphQL(query=Cls, mutation=Cls, subscription=Cls, types=[...], extends={"Agency": Cls})``
    (every argument optional). Root fields and fields added to core types start with the
    plugin's name in camelCase (``kesehatanReports``), type names with it in PascalCase
    (``KesehatanReport``); every field has a resolver. Clashes with the core or another plugin
    are refused. Sync or async.
    """


@hookspec
def kinerja_config_schema() -> Any:
    """Start-up: return the plugin's per-agency settings, a list of ``ConfigField(...)``.

    Typed fields with defaults; ``secret=True`` values are stored but masked on every way
    out. Sync or async.
    """


@hookspec
def kinerja_authenticate(request: Any) -> Any:
    """Every GraphQL request: identify the caller another way (e.g. a city SSO token).

    Receives the Starlette ``request``. Return the NIP (str) of an active account, a
    ``Viewer``, or ``None`` when the request is not yours. Conflicting answers from two
    plugins leave the request anonymous. Usually async.
    """


@hookspec
def kinerja_on_event(event: Any, ctx: Any) -> None:
    """After a write commits: react to a domain event (``kinerja_core.events.Event``).

    ``event.name`` is e.g. ``plan_approved``, ``realization_recorded``,
    ``evaluation_finalized``, ``plugin_enabled``; ``event.payload`` holds ids. ``ctx`` (ask
    for it only if needed) is a system ``ServiceContext`` of the plugin's own: no viewer, the
    event's request id, for the plugin's audited writes in its own transaction. A failure is
    logged with the plugin and request id and never undoes the write. Usually async.
    """


@hookspec
def kinerja_demo_data(ctx: Any, rng: Any) -> None:
    """``kinerja demo``, after the core's demo data: add the plugin's own demo rows.

    Receives a system ``ServiceContext`` (no viewer) and a seeded ``random.Random``. Usually
    async; returns nothing.
    """


@hookspec
def kinerja_panels() -> list[Any]:
    """Start-up: the plugin's dashboard panels. Return a list of ``Panel`` (may be empty).

    ``Panel(key, title, kind, operation, rows_path, columns, description)`` from
    ``kinerja_core.plugins.panels``: a query of the plugin's own fields taking ``$agencyId: ID!``
    and ``$year: Int!``, where its rows are, and how to draw them (``PanelKind``: TABLE, BAR,
    LINE, FIGURES). Titles and labels are i18n message codes. The web app shows the panels to
    those who see the agency dashboard of an agency where the plugin is enabled. A panel that
    does not check (see ``kinerja_core/plugins/panels.py``) fails the plugin. Sync or async.
    """
