"""Loading plugins in isolation, collecting their contributions, calling them while serving.

:func:`load_plugins` registers the built-in default plugins, then either the plugins a caller
(a test) names explicitly or those found through the entry-point group ``kinerja``, limited
by ``KINERJA_PLUGINS``. Every plugin is imported, checked and asked for its contributions inside
its own ``try``: one that fails to import, repeats a name, needs another core version, breaks a
hook signature or contributes something invalid is recorded as FAILED with the reason and
skipped; the others load. ``KINERJA_PLUGINS_STRICT=1`` turns any failure into an error.

Loading imports and registers; :meth:`PluginManager.start` then asks each plugin for its
start-up contributions, awaiting the async ones on the running event loop: the server's (the
app's lifespan, see ``app.create_app``), a test's, or the one :func:`load_plugins` runs for a
command-line tool.

While serving, :meth:`PluginManager.guarded` runs plugin code with a time limit: an exception
or a timeout becomes :class:`~kinerja_core.errors.PluginFailed` naming the plugin, logged with
the request id. The plugins shipped with the core go through the same code as any other; what
sets them apart is data they declare (``KINERJA_ALWAYS_ON``), which any plugin may declare.
"""

from __future__ import annotations

import asyncio
import enum
import importlib
import importlib.metadata
import inspect
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pluggy
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from kinerja_core.domain.errors import RuleViolation
from kinerja_core.errors import KinerjaError, PluginFailed
from kinerja_core.events import Event, EventBus
from kinerja_core.plugins import hookspecs
from kinerja_core.plugins.config import ConfigField
from kinerja_core.plugins.downloads import Download
from kinerja_core.plugins.indicator import IndicatorType
from kinerja_core.plugins.registry import (
    PLUGIN_NAME,
    ContributionError,
    GraphQLContribution,
    ModelApp,
    PluginContributions,
)
from kinerja_core.settings import Settings

log = logging.getLogger("kinerja.plugins")

ENTRY_POINT_GROUP = "kinerja"
DEFAULT_PLUGINS = {
    "core.manual": "kinerja_core.plugins.defaults.manual",
    "core.password": "kinerja_core.plugins.defaults.password",
    "core.activation": "kinerja_core.plugins.defaults.activation",
}
# start-up hooks, in the order their contributions are collected (each plugin on its own);
# each returns its contributions (one, a list, or None)
STARTUP_HOOKS: tuple[str, ...] = (
    "kinerja_register_indicators",
    "kinerja_register_models",
    "kinerja_register_graphql",
    "kinerja_config_schema",
    "kinerja_register_downloads",
    "kinerja_panels",  # checked against the composed schema (plugins.panels)
)


class PluginStatus(enum.StrEnum):
    LOADED = "LOADED"
    FAILED = "FAILED"
    DISABLED_BY_ENV = "DISABLED_BY_ENV"


class PluginLoadError(RuntimeError):
    """Strict mode: a plugin failed to load (the message lists every failure)."""


@dataclass
class PluginRecord:
    """One installed plugin as the catalog shows it."""

    name: str
    status: PluginStatus
    version: str = ""
    description: str = ""
    error: str = ""
    builtin: bool = False  # ships with the core: for display (the catalog) only
    always_on: bool = False  # KINERJA_ALWAYS_ON: on for every agency, cannot be switched
    hooks: tuple[str, ...] = ()
    module: str = ""
    distribution: str = ""
    obj: Any = field(default=None, repr=False)
    contributions: PluginContributions | None = field(default=None, repr=False)


def core_version() -> str:
    try:
        return importlib.metadata.version("kinerja")
    except importlib.metadata.PackageNotFoundError:  # running from a source tree
        return "0.1.0"


def version_satisfies(version: str, requirement: str) -> bool:
    """Whether ``version`` meets a PEP 440 ``requirement`` such as ``">=0.1,<0.2"``."""
    return Version(version) in SpecifierSet(requirement)


def call_impl(impl: pluggy.HookImpl, **arguments: Any) -> Any:
    """Call one plugin's implementation with the arguments it asked for (any subset)."""
    return impl.function(*(arguments[name] for name in impl.argnames))


def _describe(obj: Any) -> str:
    doc = inspect.getdoc(obj) or ""
    return doc.strip().splitlines()[0] if doc.strip() else ""


class PluginManager:
    """The one ``pluggy.PluginManager("kinerja")`` with the records and contributions."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pm = pluggy.PluginManager(hookspecs.PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self.records: dict[str, PluginRecord] = {}
        self.timeout: float = float(settings.plugin_timeout)
        self.demo_timeout: float = float(settings.plugin_demo_timeout)
        # event -> the system ServiceContext handed to kinerja_on_event (see attach)
        self._event_context: Callable[[Event], Any] | None = None
        # checked panels per plugin (kinerja_panels), set when the schema is composed
        self.panels: dict[str, tuple[Any, ...]] = {}
        self.started = False  # start() has collected the start-up contributions

    # -- loading ---------------------------------------------------------------------------

    def add(
        self,
        name: str,
        target: Any,
        *,
        version: str = "",
        description: str = "",
        distribution: str = "",
        builtin: bool = False,
    ) -> PluginRecord:
        """Import (``target`` may be ``"module"`` or ``"module:attr"``), check, register."""
        if name in self.records:  # both go: which one was meant cannot be guessed
            self.fail(name, f"the plugin name {name} is used twice")
            return self.records[name]
        record = PluginRecord(
            name,
            PluginStatus.FAILED,
            version,
            description,
            builtin=builtin,
            distribution=distribution,
        )
        self.records[name] = record
        try:
            obj = _import(target) if isinstance(target, str) else target
        except (Exception, SystemExit) as exc:  # a broken plugin must not stop start-up
            return self._failed(record, f"import failed: {exc!r}")
        record.obj = obj
        record.module = getattr(obj, "__name__", type(obj).__module__)
        record.version = record.version or str(getattr(obj, "__version__", "") or "")
        record.description = record.description or _describe(obj)
        record.always_on = getattr(obj, "KINERJA_ALWAYS_ON", False) is True
        problem = self._check(obj, name)
        if problem:
            return self._failed(record, problem)
        try:
            self.pm.register(obj, name=name)
        except Exception as exc:
            hint = ""
            if "'register'" in str(exc):  # written for the register callbacks of earlier cores
                hint = "; start-up hooks take no register argument: return the contributions"
            return self._failed(record, f"invalid hook implementation: {exc}{hint}")
        unknown = [c.name for c in self.pm.get_hookcallers(obj) or [] if not c.has_spec()]
        if unknown:
            self.pm.unregister(obj)
            return self._failed(record, f"unknown hooks: {', '.join(sorted(unknown))}")
        record.status = PluginStatus.LOADED
        return record

    def _check(self, obj: Any, name: str) -> str:
        """Why ``obj`` cannot be registered, or an empty string."""
        required = getattr(obj, "KINERJA_CORE_VERSION", None)
        if required:
            try:
                fits = version_satisfies(core_version(), str(required))
            except Exception as exc:  # an unreadable requirement is the plugin's fault
                return f"KINERJA_CORE_VERSION {required!r} cannot be read: {exc}"
            if not fits:
                return f"needs kinerja {required}, this is {core_version()}"
        for other in self.records.values():
            if other.obj is obj and other.name != name:
                return f"the same plugin is already registered as {other.name}"
        return ""

    def skip(
        self, name: str, version: str = "", description: str = "", distribution: str = ""
    ) -> None:
        """Installed but not named in ``KINERJA_PLUGINS``: listed, never imported."""
        self.records.setdefault(
            name,
            PluginRecord(
                name,
                PluginStatus.DISABLED_BY_ENV,
                version,
                description,
                distribution=distribution,
            ),
        )

    def _failed(self, record: PluginRecord, reason: str) -> PluginRecord:
        record.status = PluginStatus.FAILED
        record.error = reason
        log.error("plugin %s skipped: %s", record.name, reason)
        return record

    def fail(self, name: str, reason: str) -> None:
        """Take a loaded plugin out again: unregistered, contributions dropped, FAILED."""
        record = self.records[name]
        if record.obj is not None and self.pm.is_registered(record.obj):
            self.pm.unregister(record.obj)
        record.contributions = None
        if record.status == PluginStatus.FAILED and record.error:
            record.error = f"{record.error}; {reason}"
            return
        self._failed(record, reason)

    async def start(self) -> None:
        """Ask every loaded plugin, one at a time, for its start-up contributions.

        Async hooks are awaited here, on the running loop: the server's when the app's
        lifespan starts the plugins. Once per manager; strict mode raises on any failure."""
        if self.started:
            return
        self.started = True
        for record in sorted(self.loaded(), key=lambda r: r.name):
            contributions = PluginContributions(record.name, always_on=record.always_on)
            record.hooks = tuple(sorted(c.name for c in self.pm.get_hookcallers(record.obj) or []))
            try:
                for hook in STARTUP_HOOKS:
                    for impl in self._impls(hook, record.name):
                        result = call_impl(impl)
                        if inspect.isawaitable(result):
                            result = await result
                        contributions.accept(hook, result)
            except Exception as exc:  # noqa: BLE001 - isolate the plugin, report why
                reason = str(exc) if isinstance(exc, ContributionError) else repr(exc)
                self.fail(record.name, f"{hook}: {reason}")
                continue
            record.contributions = contributions
        self.check_strict()

    def check_strict(self) -> None:
        failed = [r for r in self.records.values() if r.status == PluginStatus.FAILED]
        if self.settings.plugins_strict and failed:
            raise PluginLoadError(
                "plugins failed (strict mode): " + "; ".join(f"{r.name}: {r.error}" for r in failed)
            )

    def _impls(self, hook: str, plugin: str) -> list[pluggy.HookImpl]:
        caller = getattr(self.pm.hook, hook)
        return [impl for impl in caller.get_hookimpls() if impl.plugin_name == plugin]

    def impls(self, hook: str) -> list[pluggy.HookImpl]:
        """Every implementation of ``hook`` by a loaded plugin, by plugin name (order-free)."""
        caller = getattr(self.pm.hook, hook)
        return sorted(caller.get_hookimpls(), key=lambda impl: impl.plugin_name)

    # -- what was loaded ---------------------------------------------------------------------

    def loaded(self) -> list[PluginRecord]:
        return [r for r in self.records.values() if r.status == PluginStatus.LOADED]

    def catalog(self) -> list[PluginRecord]:
        """Every plugin seen, built-in ones first, then by name."""
        return sorted(self.records.values(), key=lambda r: (not r.builtin, r.name))

    def record(self, name: str) -> PluginRecord | None:
        return self.records.get(name)

    def is_loaded(self, name: str) -> bool:
        record = self.records.get(name)
        return record is not None and record.status == PluginStatus.LOADED

    def _contributions(self) -> list[PluginContributions]:
        """By plugin name, so nothing downstream depends on registration order."""
        records = sorted(self.loaded(), key=lambda r: r.name)
        return [r.contributions for r in records if r.contributions is not None]

    def indicators(self) -> list[IndicatorType]:
        return sorted(
            (i for c in self._contributions() for i in c.indicators), key=lambda i: i.code
        )

    def indicator(self, code: str) -> IndicatorType | None:
        return next((i for i in self.indicators() if i.code == code), None)

    def config_schema(self, plugin: str) -> tuple[ConfigField, ...]:
        record = self.records.get(plugin)
        if record is None or record.contributions is None:
            return ()
        return tuple(record.contributions.config)

    def model_apps(self) -> dict[str, dict[str, Any]]:
        """Tortoise apps of the loaded plugins, for ``db.tortoise_config(plugin_apps=...)``."""
        apps: list[ModelApp] = [m for c in self._contributions() for m in c.model_apps]
        return {m.label: m.tortoise_app() for m in sorted(apps, key=lambda m: m.label)}

    def graphql(self) -> list[GraphQLContribution]:
        return [g for c in self._contributions() for g in c.graphql]

    def download(self, plugin: str, name: str) -> Download | None:
        """A loaded plugin's download (``kinerja_register_downloads``) by its path."""
        for c in self._contributions():
            for d in c.downloads:
                if d.plugin == plugin and d.name == name:
                    return d
        return None

    def gated_plugins(self) -> list[str]:
        """Plugins an administrator switches per agency (every loaded one not always on)."""
        return sorted(r.name for r in self.loaded() if not r.always_on)

    def always_on(self, plugin: str) -> bool:
        """Whether ``plugin`` declared ``KINERJA_ALWAYS_ON`` (on for every agency)."""
        record = self.records.get(plugin)
        return record is not None and record.always_on

    # -- serving -----------------------------------------------------------------------------

    async def guarded(
        self,
        plugin: str,
        call: Callable[[], Any],
        *,
        request_id: str = "",
        timeout: float | None = None,
    ) -> Any:
        """Run plugin code with the time limit (``timeout``, default ``plugin_timeout``);
        failures become PluginFailed naming it."""
        limit = self.timeout if timeout is None else timeout
        try:
            async with asyncio.timeout(limit):
                result = call()
                if inspect.isawaitable(result):
                    result = await result
                return result
        except (KinerjaError, RuleViolation):
            raise  # a plugin refusing input on purpose, with its own code
        except TimeoutError:
            log.error("plugin %s timed out after %ss [request %s]", plugin, limit, request_id)
            raise PluginFailed(
                "plugin.timeout", plugin=plugin, request_id=request_id, seconds=limit
            ) from None
        except Exception as exc:
            log.error("plugin %s failed [request %s]", plugin, request_id, exc_info=exc)
            raise PluginFailed("plugin.failed", plugin=plugin, request_id=request_id) from exc

    async def dispatch_event(self, event: Event) -> None:
        """The bridge from the event bus to ``kinerja_on_event``: each plugin on its own.

        A plugin asking for ``ctx`` gets a system context of its own (no viewer, the event's
        request id) from the factory given to :meth:`attach`, for audited writes."""
        for impl in self.impls("kinerja_on_event"):
            ctx = None
            if "ctx" in impl.argnames and self._event_context is not None:
                ctx = self._event_context(event)
            try:
                await self.guarded(
                    impl.plugin_name,
                    lambda impl=impl, ctx=ctx: call_impl(impl, event=event, ctx=ctx),
                    request_id=event.request_id,
                )
            except (PluginFailed, KinerjaError, RuleViolation):
                continue  # logged; the write that raised the event is committed and stays

    def attach(self, bus: EventBus, context: Callable[[Event], Any] | None = None) -> None:
        """Subscribe the plugins' event handlers to ``bus`` (once per bus). ``context`` makes
        the ``ctx`` of ``kinerja_on_event`` from an event (the services layer's
        ``ServiceContext``, which this layer may not import)."""
        if context is not None:
            self._event_context = context
        if self.dispatch_event not in bus.listeners:
            bus.subscribe(self.dispatch_event)

    async def run_demo_data(self, ctx: Any, rng: Any) -> list[str]:
        """``kinerja demo``: each plugin's demo data; returns the plugins that failed."""
        failed: list[str] = []
        for impl in self.impls("kinerja_demo_data"):
            try:
                await self.guarded(
                    impl.plugin_name,
                    lambda impl=impl: call_impl(impl, ctx=ctx, rng=rng),
                    request_id=getattr(ctx, "request_id", ""),
                    timeout=self.demo_timeout,  # an operator's command, not a request
                )
            except (PluginFailed, KinerjaError, RuleViolation):
                failed.append(impl.plugin_name)
        return failed


def _entry_points() -> list[importlib.metadata.EntryPoint]:
    return sorted(
        importlib.metadata.entry_points(group=ENTRY_POINT_GROUP),
        key=lambda ep: (ep.name, getattr(ep.dist, "name", "") or ""),
    )


def _dist_info(ep: importlib.metadata.EntryPoint) -> tuple[str, str, str]:
    dist = ep.dist
    if dist is None:
        return "", "", ""
    return dist.version or "", dist.metadata.get("Summary", "") or "", dist.name or ""


def discover_plugins(
    settings: Settings,
    explicit: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None,
) -> PluginManager:
    """The manager with the built-ins and the installed plugins (or exactly ``explicit``),
    imported and registered; :meth:`PluginManager.start` collects their contributions.

    ``explicit`` maps plugin names to plugin objects or module paths; tests use it so that
    nothing installed in the environment is picked up. ``settings.plugins`` (KINERJA_PLUGINS)
    limits either set by name.
    """
    manager = PluginManager(settings)
    for name, module in DEFAULT_PLUGINS.items():
        manager.add(name, module, builtin=True, version=core_version())
    wanted = None if settings.plugins is None else set(settings.plugins)
    if explicit is not None:
        pairs = list(explicit.items() if isinstance(explicit, Mapping) else explicit)
        for name, target in pairs:
            if wanted is not None and name not in wanted:
                manager.skip(name)
            else:
                _add_named(manager, name, target)
    else:
        eps = _entry_points()
        for ep in eps:
            version, summary, dist = _dist_info(ep)
            if wanted is not None and ep.name not in wanted:
                manager.skip(ep.name, version, summary, dist)
                continue
            others = [o for o in eps if o.name == ep.name and o is not ep]
            if others:
                dists = ", ".join(sorted({_dist_info(o)[2] for o in [ep, *others]}))
                manager.records.setdefault(
                    ep.name, PluginRecord(ep.name, PluginStatus.FAILED, version, summary)
                )
                manager._failed(
                    manager.records[ep.name],
                    f"the plugin name {ep.name} is provided by several distributions: {dists}",
                )
                continue
            _add_named(
                manager, ep.name, ep.value, version=version, description=summary, distribution=dist
            )
    for name in sorted((wanted or set()) - set(manager.records)):
        manager.records[name] = PluginRecord(name, PluginStatus.FAILED, error="not installed")
        log.error("plugin %s named in KINERJA_PLUGINS is not installed", name)
    manager.check_strict()
    return manager


def _add_named(manager: PluginManager, name: str, target: Any, **info: Any) -> None:
    """An installed or test plugin: its name is checked before anything is imported."""
    if name not in manager.records and not PLUGIN_NAME.match(name):
        record = manager.records[name] = PluginRecord(name, PluginStatus.FAILED, **info)
        manager._failed(record, "a plugin name is lower-case letters, digits and _")
        return
    manager.add(name, target, **info)


async def start_plugins(
    settings: Settings,
    explicit: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None,
) -> PluginManager:
    """:func:`discover_plugins`, then their start-up hooks awaited on the running loop."""
    manager = discover_plugins(settings, explicit)
    await manager.start()
    return manager


def load_plugins(
    settings: Settings,
    explicit: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None,
) -> PluginManager:
    """:func:`start_plugins` for code without an event loop (command-line tools, sync tests).

    Inside a running loop use ``await start_plugins(...)``: start-up hooks run on that loop.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(start_plugins(settings, explicit))
    raise RuntimeError("load_plugins() inside a running event loop: await start_plugins()")


def _import(target: str) -> Any:
    module, _, attr = target.partition(":")
    obj: Any = importlib.import_module(module.strip())
    for part in filter(None, attr.strip().split(".")):
        obj = getattr(obj, part)
    return obj
