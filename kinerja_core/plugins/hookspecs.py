"""Every hook a Kinerja plugin may implement. One flat module: read it top to bottom.

Every hook is named `kinerja_*`. A plugin implements any subset, each with `@hookimpl`
(`from kinerja_core.api import hookimpl`), as a module-level function or a method, and may
accept any subset of the hook's arguments. Each implementation may be a plain function or
`async def`: the core awaits whatever is awaitable. The core calls each plugin's
implementation separately, so it knows which plugin gave what, and the order plugins are
registered in never matters.

- The start-up hooks (`kinerja_register_*`, `kinerja_config_schema`, `kinerja_panels`) take
  no arguments and **return** their contributions (one, a list, or `None`), as datasette's
  hooks do. They run before the database is open and must not use it. Each contribution is
  checked on arrival; a refused one marks the whole plugin FAILED with the reason (reported
  by `kinerja plugins list` and `pluginCatalog`, the server starts without it; fatal with
  `KINERJA_PLUGINS_STRICT=1`). A plugin that still calls a `register` callback, as earlier
  versions did, is reported FAILED with a hint to return the contributions instead.
- `kinerja_authenticate`, `kinerja_on_event` and `kinerja_demo_data` run while serving. One
  that raises or passes the time limit (`KINERJA_PLUGIN_TIMEOUT`) fails only what needed it:
  the request gets a typed `PluginFailed` error naming the plugin, logged with the request id.
- Async start-up hooks are awaited on the server's event loop: the app's lifespan starts the
  plugins (`PluginManager.start`), then composes the schema.
"""

# The docstrings in this module are Markdown: `kinerja plugin reference` copies them, in this
# order, into the "Hook reference" of docs/plugins.md (a test fails when that section is stale).

from __future__ import annotations

from typing import Any

import pluggy

PROJECT = "kinerja"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def kinerja_register_indicators() -> Any:
    """Start-up: return the plugin's indicator types (a list of `IndicatorType`, or one).

    - **When**: once at start-up, before the database is open. Sync or async.
    - **Checked on arrival**: the code is `<plugin>.<snake_name>` (`kesehatan.idl_coverage`)
      and unique within the plugin; name and definition are set; `compute` is callable; the
      multiplier is positive; parameter names are snake_case and unique; CHOICE parameters
      have `choices`.
    - **Effect**: an IKI of an agency where the plugin is on may name the type
      (`addIndicator(input: {indicatorType: "kesehatan.idl_coverage", parameters: {...}})`);
      its realisasi is then computed by `compute(scope, period)` and stored for each open
      period of the approved SKP, with the rows counted as provenance.

    ```python
    @hookimpl
    def kinerja_register_indicators():
        return [IDL, DROP_OUT_DPT]
    ```
    """


@hookspec
def kinerja_register_models() -> Any:
    """Start-up: return the plugin's tortoise models, in an app of its own.

    - **Returns**: `Models(models="pkg.models", migrations="pkg.migrations", app=None)`; the
      app label is the plugin's name (`app` may only repeat it); both modules must import.
      Sync or async.
    - **Effect**: the app joins the tortoise configuration of the server, `kinerja migrate`
      (core first, then each plugin; the plugin's first migration depends on
      `("core", "0001_initial")`) and the tests (`generate_schemas`, no migrations needed).
      `kinerja plugin makemigrations NAME` writes the plugin's next migration, and only that.

    ```python
    @hookimpl
    def kinerja_register_models():
        return Models(models="kinerja_kesehatan.models", migrations="kinerja_kesehatan.migrations")
    ```
    """


@hookspec
def kinerja_register_graphql() -> Any:
    """Start-up: return the plugin's part of the one GraphQL schema.

    - **Returns**: `GraphQL(query=None, mutation=None, subscription=None, types=(),
      extends=None)`: strawberry classes whose fields join the root types, extra types to
      include, and `{"Agency": Cls}` (or `{AgencyClass: Cls}`, or a list of classes) for
      fields on core types, whose resolvers get the core object as `self` and its row as
      `self.row`. Sync or async.
    - **Checked**: every field has a resolver; query fields and core-type fields are nullable
      (an agency without the plugin gets `null` for that field, with a `PluginDisabled`
      error). When the schema is composed, from the contributions and before anything is
      built: every field goes on a root type or an extension point and starts with the
      plugin's name in camelCase (`kesehatanReports`); every type the plugin brings (listed or
      reached from its fields: enums, inputs, unions too) starts with the plugin's name in
      PascalCase (`KesehatanReport`) and can be resolved; no field or type name clashes with
      the core or another plugin. A plugin that fails a check is FAILED with the reason (every
      party of a clash); the others compose.

    ```python
    @hookimpl
    def kinerja_register_graphql():
        return GraphQL(
            query=Query,
            mutation=Mutation,
            types=[Puskesmas],
            extends={"Agency": AgencyFields, "Indicator": IndicatorFields},
        )
    ```
    """


@hookspec
def kinerja_config_schema() -> Any:
    """Start-up: return the plugin's per-agency settings, a list of `ConfigField`.

    - **Returns**: `ConfigField(name, type=ConfigType.STRING | INTEGER | NUMBER | BOOLEAN |
      CHOICE, default=None, description="", secret=False, choices=())`s. Sync or async.
    - **Checked**: snake_case unique names, CHOICE fields have choices, defaults have the
      field's type, secrets are strings.
    - **Effect**: values are set per agency or as the global default (`configurePlugin`,
      `kinerja plugins config`) and read with `await plugin_config(ctx, plugin, agency_id)`
      (effective values, secrets included, for server-side use only); `secret=True` values
      are masked everywhere they leave the server, the audit log too.

    ```python
    @hookimpl
    def kinerja_config_schema():
        return [
            ConfigField("allow_above_target", ConfigType.BOOLEAN, False,
                        "Accept a numerator above the denominator."),
            ConfigField("sikda_api_key", description="Key of the SIKDA interface.", secret=True),
        ]
    ```
    """


@hookspec
def kinerja_register_downloads() -> Any:
    """Start-up: return the plugin's downloads, a list of ``Download(name, build, description)``.

    Served at ``GET /documents/plugins/<plugin>/<name>`` (``name``: ``some-name`` or
    ``some-name.ext``), signed in as ``/graphql`` is. ``async def build(ctx, request)`` gets
    the request's ``ServiceContext`` and a ``DownloadRequest`` (query parameters), checks
    access itself and returns a ``DownloadFile`` (bytes, or a key of the evidence store);
    typed errors become JSON answers (401/403/404/400). See ``kinerja_core.plugins.downloads``.
    """


@hookspec
def kinerja_authenticate(request: Any) -> Any:
    """Every request: identify the caller another way (e.g. a city SSO token).

    - **When**: at the start of every GraphQL request and of every download
      (`GET /evidence/<id>`, `/documents/...`), for every plugin implementing it, so whoever
      an SSO plugin signs in can download what they may read. A download whose hook failed
      (nobody else identified it) answers `503` with `plugin.failed`.
    - **Arguments**: the Starlette `request` (headers, cookies).
    - **Returns**: the NIP (str) of an active account, a `Viewer`, or `None` when the request
      is not yours. One identity (or several naming the same account) signs the request in;
      two different identities leave it anonymous. If nobody identified the request and a
      hook raised or timed out, the request fails with `PluginFailed` naming that plugin.
      Usually async. The built-in `core.password` plugin answers for `Authorization: Bearer`
      tokens of password sign-ins.

    ```python
    @hookimpl
    async def kinerja_authenticate(request):
        token = request.headers.get("x-pontianak-sso")
        return await sso_client.nip_for(token) if token else None
    ```
    """


@hookspec
def kinerja_on_event(event: Any, ctx: Any) -> None:
    """After a write commits: react to a domain event, once per event.

    - **Arguments**: `event` (`kinerja_core.events.Event`): `name`, `payload` (ids),
      `request_id`. `ctx` (ask for it only if you write): a system `ServiceContext` of the
      plugin's own, with no viewer and the event's request id, so your rows are written in
      `async with ctx.transaction()` and audited with `audit.record(ctx, ...)`, and
      `plugin_config` / `is_plugin_enabled` work as in a request.
    - **Names**: `plan_approved`, `plan_status_changed`, `realization_recorded`,
      `feedback_given`, `evaluation_finalized`, `appeal_filed`, `appeal_decided`,
      `organization_rating_set`, `plugin_enabled`, `plugin_disabled`, `plugin_configured`
      (payload `plugin`, `agency_id`; `agency_id` null for the global default).
    - **Returns**: nothing. A failure or timeout is logged with the plugin and the request id
      and never undoes the write. Check `is_plugin_enabled(ctx, plugin, agency_id)` yourself
      if the reaction is for enabled agencies only. Usually async.

    ```python
    @hookimpl
    async def kinerja_on_event(event):
        if event.name == "plugin_enabled" and event.payload["plugin"] == "kesehatan":
            await seed_puskesmas(event.payload["agency_id"])
    ```
    """


@hookspec
def kinerja_demo_data(ctx: Any, rng: Any) -> None:
    """`kinerja demo`, after the core's demo data (agencies, people, plans): add your rows.

    - **Arguments**: `ctx`, a system `ServiceContext` (no viewer); `rng`, a seeded
      `random.Random` (same seed, same data).
    - **Returns**: nothing. Write rows directly (no access checks apply to demo data); switch
      the plugin on for its agency if the demo should show it. A failure is logged and the
      demo goes on without that plugin's data. Usually async.

    ```python
    @hookimpl
    async def kinerja_demo_data(ctx, rng):
        dinkes = await Agency.get(code="DINKES")
        for code, name in PONTIANAK_PUSKESMAS:
            await Puskesmas.create(agency=dinkes, code=code, name=name)
        await set_plugin_enabled(ctx, "kesehatan", dinkes.id, True, operator=True)
    ```
    """


@hookspec
def kinerja_panels() -> list[Any]:
    """Start-up: return the plugin's dashboard panels, a list of `Panel` (may be empty).

    - **When**: once at start-up, with the other start-up hooks; each panel is checked when
      the schema is composed (after every plugin's GraphQL). Sync or async.
    - **Returns**: `Panel(key, title, kind, operation, rows_path, columns=(),
      description=None)` with `PanelColumn(field, label)` and `PanelKind.TABLE | BAR | LINE |
      FIGURES`: a query of the plugin's own fields, where its rows are, and how to draw them.
    - **Effect**: `Query.pluginPanels(agencyId)` lists the panels of the plugins enabled for
      the agency to those who see its dashboard (its head and admins, central admins); the
      web app sends `operation` with `{agencyId, year}` and draws the rows at `rowsPath`
      (docs/web.md). No JavaScript of the plugin's own.
    - **Checked against the composed schema** (a wrong panel fails the plugin, named): the
      key is lower-case words joined by `-` and unique in the plugin; `title`, `description`
      and column labels are message codes the plugin registered with `register_messages`
      (shown translated); the operation parses, is one query, validates, selects only the
      plugin's own root fields, declares only `$agencyId: ID!` and `$year: Int!` (either or
      both) and costs no more than `max_query_cost`; `rows_path` leads to a list of objects in
      the operation; each column is a scalar or enum selected on the rows, by its key (alias
      or name); BAR and LINE need two columns (the first is the label, the others series),
      TABLE and FIGURES one; at most 20 columns and 10 panels per plugin.

    ```python
    @hookimpl
    def kinerja_panels():
        return [Panel(
            key="coverage-by-puskesmas", title="kesehatan.panel.coverage", kind=PanelKind.BAR,
            operation='''query($agencyId: ID!, $year: Int!) {
              kesehatanCoverage(agencyId: $agencyId, year: $year, month: 12, level: PUSKESMAS) {
                areaName idlCoverage dropoutDpt } }''',
            rows_path="kesehatanCoverage",
            columns=(PanelColumn("areaName", "kesehatan.panel.puskesmas"),
                     PanelColumn("idlCoverage", "kesehatan.panel.idl"),
                     PanelColumn("dropoutDpt", "kesehatan.panel.dropout_dpt")),
        )]
    ```
    """
