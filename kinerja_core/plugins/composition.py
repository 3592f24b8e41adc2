"""The plugins' part of composing the one schema: guards, fields on core types, clashes.

- Every field a plugin contributes (root fields and fields added to core types) runs behind
  :class:`PluginGuard`: the plugin's time limit applies; a service error it raises becomes the
  typed error (``PluginDisabled`` from :func:`require_plugin_enabled`, ``ValidationError``...);
  anything unexpected becomes ``PluginFailed`` naming the plugin, logged with the request id.
- A field for a core type is written as a strawberry type whose resolvers receive the core
  object as ``self`` (``self.row`` is the row); its fields are merged into the core type while
  the schema is built, then the core class is left as it was.
- Names are checked before and after building: a plugin's root or core-type field that another
  plugin or the core also defines, or a type not named with the plugin's prefix, fails the
  plugin(s) concerned, loudly (FAILED with the reason, an error in strict mode). Clashes fail
  every party, so the outcome never depends on load order.
"""

from __future__ import annotations

import copy
import functools
import importlib
import logging
import pkgutil
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

import strawberry
from graphql import ExecutionResult, GraphQLError
from strawberry.extensions import FieldExtension, SchemaExtension
from strawberry.types.base import get_object_definition
from strawberry.types.field import StrawberryField
from strawberry.types.union import StrawberryUnion

import kinerja_core.plugins.panels as plugin_panels
from kinerja_core.domain.errors import RuleViolation
from kinerja_core.errors import KinerjaError, PluginFailed
from kinerja_core.graphql import types as core_types
from kinerja_core.graphql.compose import build_schema, core_parts
from kinerja_core.graphql.errors import PluginFailed as PluginFailedType
from kinerja_core.graphql.errors import graphql_error, to_user_error
from kinerja_core.plugins.activation import request_state
from kinerja_core.plugins.manager import PluginManager
from kinerja_core.plugins.registry import _graphql_name, has_prefix, is_builtin, pascal_prefix
from kinerja_core.settings import Settings

log = logging.getLogger("kinerja.plugins")
ROOTS = ("Query", "Mutation", "Subscription")


@functools.cache
def extensible_core_types() -> dict[str, type]:
    """Core object types a plugin may add fields to, by GraphQL name (Agency, Employee...)."""
    found: dict[str, type] = {}
    for info in pkgutil.iter_modules(core_types.__path__):
        module = importlib.import_module(f"{core_types.__name__}.{info.name}")
        for value in vars(module).values():
            definition = get_object_definition(value)
            if (
                definition is not None
                and getattr(value, "__module__", "") == module.__name__
                and not definition.is_input
                and not definition.is_interface
            ):
                found[definition.name] = value
    return found


# -- errors as the client sees them ---------------------------------------------------------------


def plugin_graphql_error(exc: KinerjaError | RuleViolation, lang: str) -> GraphQLError:
    """A service error as a GraphQL error; plugin errors also name the plugin and agency."""
    error = graphql_error(exc, lang)
    params = getattr(exc, "params", {}) or {}
    extra = {
        "plugin": params.get("plugin"),
        "agencyId": params.get("agency_id"),
        "requestId": params.get("request_id"),
    }
    extensions = {**(error.extensions or {}), **{k: v for k, v in extra.items() if v}}
    return GraphQLError(error.message, extensions=extensions)


async def plugin_query(info: Any, action: Any) -> Any:
    """Like ``graphql.errors.query``, with ``plugin``/``agencyId``/``requestId`` extensions."""
    try:
        return await action()
    except (KinerjaError, RuleViolation) as exc:
        raise plugin_graphql_error(exc, getattr(info.context, "lang", "id")) from exc


class PluginGuard(FieldExtension):
    """Runs one plugin field: time limit, typed errors, failures named after the plugin."""

    def __init__(self, plugin: str, manager: PluginManager) -> None:
        self.plugin = plugin
        self.manager = manager
        self.typed = False

    def apply(self, field: StrawberryField) -> None:
        kind = field.type
        self.typed = isinstance(kind, StrawberryUnion) and any(
            t is PluginFailedType for t in kind.types
        )

    def _error(self, exc: KinerjaError | RuleViolation, info: Any) -> Any:
        lang = getattr(info.context, "lang", "id")
        if self.typed:
            return to_user_error(exc, lang)
        raise plugin_graphql_error(exc, lang) from exc

    def resolve(self, next_: Any, source: Any, info: Any, **kwargs: Any) -> Any:
        try:
            return next_(source, info, **kwargs)
        except GraphQLError:
            raise
        except (KinerjaError, RuleViolation) as exc:
            return self._error(exc, info)
        except Exception as exc:
            request_id = getattr(getattr(info.context, "service", None), "request_id", "")
            log.error("plugin %s failed [request %s]", self.plugin, request_id, exc_info=exc)
            failure = PluginFailed("plugin.failed", plugin=self.plugin, request_id=request_id)
            return self._error(failure, info)

    async def resolve_async(self, next_: Any, source: Any, info: Any, **kwargs: Any) -> Any:
        request_id = getattr(getattr(info.context, "service", None), "request_id", "")
        try:
            return await self.manager.guarded(
                self.plugin, lambda: next_(source, info, **kwargs), request_id=request_id
            )
        except GraphQLError:
            raise
        except (KinerjaError, RuleViolation) as exc:
            return self._error(exc, info)


class AuthFailureGate(SchemaExtension):
    """A request whose authentication hook failed (and nobody else identified it) stops here."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context.context
        if getattr(context, "service", None) is not None:
            failure = request_state(context).auth_failure
            if failure is not None:
                error = plugin_graphql_error(failure, getattr(context, "lang", "id"))
                self.execution_context.result = ExecutionResult(data=None, errors=[error])
        yield


# -- building --------------------------------------------------------------------------------


def _guarded(field: StrawberryField, plugin: str, manager: PluginManager) -> StrawberryField:
    guarded = copy.copy(field)
    guarded.extensions = [*field.extensions, PluginGuard(plugin, manager)]
    return guarded


def _guarded_type(cls: type, plugin: str, manager: PluginManager, root: str) -> type:
    """A copy of a plugin's root part whose fields run behind the guard (``cls`` unchanged)."""
    definition = get_object_definition(cls, strict=True)
    namespace = {f.python_name: _guarded(f, plugin, manager) for f in definition.fields}
    name = f"{pascal_prefix(plugin)}{root}Part"
    return strawberry.type(type(name, (), namespace), description=definition.description)


@contextmanager
def extended_core_types(extensions: dict[type, list[StrawberryField]]) -> Iterator[None]:
    """Core types carry the plugins' fields while the schema is built, and only then."""
    saved: dict[type, list[StrawberryField]] = {}
    try:
        for target, fields in extensions.items():
            definition = get_object_definition(target, strict=True)
            saved[target] = list(definition.fields)
            definition.fields.extend(fields)
        yield
    finally:
        for target, fields in saved.items():
            get_object_definition(target, strict=True).fields[:] = fields


def _build(settings: Settings, manager: PluginManager, only: set[str] | None = None) -> Any:
    parts: list[tuple[str, Any]] = []
    types: list[type] = []
    extensions: dict[type, list[StrawberryField]] = defaultdict(list)
    for contribution in manager.graphql():
        plugin = contribution.plugin
        if only is not None and plugin not in only and not is_builtin(plugin):
            continue
        part = SimpleNamespace()
        for root in ROOTS:
            cls = getattr(contribution, root.lower())
            if cls is not None:
                setattr(part, root, _guarded_type(cls, plugin, manager, root))
        parts.append((f"plugin {plugin}", part))
        types.extend(contribution.types)
        for target, classes in contribution.extends.items():
            for cls in classes:
                for f in get_object_definition(cls, strict=True).fields:
                    extensions[target].append(_guarded(f, plugin, manager))
    with extended_core_types(extensions):
        return build_schema(
            settings, extra_parts=parts, extra_types=types, schema_extensions=[AuthFailureGate]
        )


def _field_names(cls: type | None) -> list[str]:
    if cls is None:
        return []
    return [_graphql_name(f) for f in get_object_definition(cls, strict=True).fields]


def name_clashes(manager: PluginManager) -> dict[str, str]:
    """Plugins whose root or core-type field names clash with the core or another plugin."""
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for _source, module in core_parts():
        for root in ROOTS:
            for name in _field_names(getattr(module, root, None)):
                owners[(root, name)].add("core")
    for contribution in manager.graphql():
        for root in ROOTS:
            for name in _field_names(getattr(contribution, root.lower())):
                owners[(root, name)].add(contribution.plugin)
        for target, classes in contribution.extends.items():
            type_name = get_object_definition(target, strict=True).name
            for cls in classes:
                for name in _field_names(cls):
                    owners[(type_name, name)].add(contribution.plugin)
    failed: dict[str, str] = {}
    for (type_name, name), plugins in sorted(owners.items()):
        if len(plugins) > 1:
            for plugin in sorted(plugins - {"core"}):
                others = ", ".join(sorted(plugins - {plugin}))
                failed.setdefault(
                    plugin, f"GraphQL field {type_name}.{name} is also defined by {others}"
                )
    return failed


def _type_module(definition: Any) -> str:
    origin = getattr(definition, "origin", None) or getattr(definition, "wrapped_cls", None)
    return getattr(origin, "__module__", "") or ""


def misnamed_types(schema: Any, manager: PluginManager) -> dict[str, str]:
    """Plugins that brought a GraphQL type not named with their prefix (``Kesehatan...``)."""
    plugins = [r for r in manager.loaded() if not r.builtin and r.module]
    roots: dict[str, list[str]] = defaultdict(list)
    for record in plugins:
        roots[record.module.split(".")[0]].append(record.name)
    keys = {
        r.name: (r.module.split(".")[0] if len(roots[r.module.split(".")[0]]) == 1 else r.module)
        for r in plugins
    }
    failed: dict[str, str] = {}
    for name, graphql_type in schema._schema.type_map.items():
        if name.startswith("__"):
            continue
        module = _type_module((graphql_type.extensions or {}).get("strawberry-definition"))
        owners = [p for p, key in keys.items() if module == key or module.startswith(key + ".")]
        if owners and not any(has_prefix(name, pascal_prefix(p)) for p in owners):
            for plugin in owners:
                failed.setdefault(
                    plugin, f"GraphQL type {name} must start with {pascal_prefix(plugin)}"
                )
    return failed


def _culprits(settings: Settings, manager: PluginManager) -> set[str]:
    """Which plugins make the schema fail to build: alone, or as a clashing pair."""
    names = sorted({c.plugin for c in manager.graphql() if not is_builtin(c.plugin)})
    alone = set()
    for name in names:
        try:
            _build(settings, manager, only={name})
        except Exception:
            alone.add(name)
    if alone:
        return alone
    accepted: list[str] = []
    for name in names:
        try:
            _build(settings, manager, only={*accepted, name})
        except Exception:
            for other in accepted:
                try:
                    _build(settings, manager, only={other, name})
                except Exception:
                    return {other, name}
            return {name}
        accepted.append(name)
    return set()


def compose_schema(settings: Settings, manager: PluginManager) -> strawberry.Schema:
    """The schema of the core and every plugin that composes cleanly (see module doc)."""
    while True:
        problems = name_clashes(manager)
        if not problems:
            try:
                schema = _build(settings, manager)
            except Exception as exc:
                culprits = _culprits(settings, manager)
                if not culprits:
                    raise  # the core itself does not compose: not a plugin's fault
                problems = {name: f"GraphQL schema: {exc}" for name in culprits}
            else:
                problems = misnamed_types(schema, manager)
                if not problems:  # panels' operations are checked against the built schema
                    problems, manager.panels = plugin_panels.panel_problems(schema, manager)
                if not problems:
                    manager.check_strict()
                    return schema
        for plugin, reason in problems.items():
            manager.fail(plugin, reason)
