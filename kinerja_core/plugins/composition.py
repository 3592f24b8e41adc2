"""The plugins' part of composing the one schema: checks, guards, fields on core types.

The schema is composed once from the contributions the plugins returned at start-up
(:class:`~kinerja_core.plugins.registry.FieldContribution`, each carrying its plugin):

1. :func:`check_contributions` checks every contribution against the core and the others,
   before anything is built, and names the plugin at fault: a field on a type that is not a
   root or an extension point (``graphql.compose.EXTENSION_POINTS``), a field or type name
   without the plugin's prefix (the one place the prefix rules are checked), a field or type
   name another plugin or the core also defines (every party fails, so the outcome never
   depends on load order), a type that cannot be resolved or is not a GraphQL type.
2. The accepted fields are built into the schema in one pass: :class:`~kinerja_core.graphql.
   compose.ComposedSchema` appends them to their root or core type while strawberry converts
   it; no core class or strawberry definition is changed, no class is made for them.
3. The plugins' panels are checked against the built schema; a plugin whose panel does not
   check fails, and only then is the schema built once more, without it.

Every field a plugin contributes runs behind :class:`PluginGuard`: the plugin's time limit
applies; a service error it raises becomes the typed error (``PluginDisabled`` from
:func:`require_plugin_enabled`, ``ValidationError``...); anything unexpected becomes
``PluginFailed`` naming the plugin, logged with the request id. A field for a core type is
written as a strawberry type whose resolvers receive the core object as ``self``
(``self.row`` is the row).
"""

from __future__ import annotations

import copy
import enum
import functools
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import strawberry
from graphql import ExecutionResult, GraphQLError
from strawberry.extensions import FieldExtension
from strawberry.schema.name_converter import NameConverter
from strawberry.schema.types.scalar import DEFAULT_SCALAR_REGISTRY
from strawberry.types import ExecutionContext
from strawberry.types.base import (
    StrawberryContainer,
    StrawberryObjectDefinition,
    get_object_definition,
)
from strawberry.types.enum import StrawberryEnumDefinition
from strawberry.types.field import UNRESOLVED, StrawberryField
from strawberry.types.lazy_type import LazyType
from strawberry.types.private import is_private
from strawberry.types.scalar import ScalarDefinition
from strawberry.types.union import StrawberryUnion

import kinerja_core.plugins.panels as plugin_panels
from kinerja_core.domain.errors import RuleViolation
from kinerja_core.errors import KinerjaError, PluginFailed
from kinerja_core.graphql.compose import (
    ROOTS,
    build_schema,
    core_parts,
    extension_points,
    reserved_slots,
)
from kinerja_core.graphql.errors import ERROR_TYPES, graphql_error, to_user_error
from kinerja_core.graphql.errors import PluginFailed as PluginFailedType
from kinerja_core.plugins.activation import request_state
from kinerja_core.plugins.manager import PluginManager
from kinerja_core.plugins.registry import (
    _graphql_name,
    camel_prefix,
    has_prefix,
    pascal_prefix,
)
from kinerja_core.settings import Settings

log = logging.getLogger("kinerja.plugins")
NAMES = NameConverter()  # the schema's (build_schema uses strawberry's default config)


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


def auth_failure(execution_context: ExecutionContext) -> ExecutionResult | None:
    """A request whose authentication hook failed (and nobody else identified it) stops here:
    the answer instead of executing (an execute check of the request pipeline)."""
    context = execution_context.context
    if getattr(context, "service", None) is not None:
        failure = request_state(context).auth_failure
        if failure is not None:
            error = plugin_graphql_error(failure, getattr(context, "lang", "id"))
            return ExecutionResult(data=None, errors=[error])
    return None


# -- checking the contributions, before building ---------------------------------------------


class _NotAType(ValueError):
    """A field's type cannot be resolved or is not a GraphQL type (the message says which)."""


@dataclass(frozen=True)
class _Named:
    """A named GraphQL type reached from some fields: its name, identity and module."""

    name: str
    key: Any  # equal for the same type reached twice (a generic specialised twice included)
    module: str


@dataclass
class _Types:
    """The named types reached so far, by identity (a walk stops at types already seen)."""

    seen: dict[Any, _Named] = field(default_factory=dict)

    def walk_field(self, f: StrawberryField, owner: StrawberryObjectDefinition | None) -> None:
        try:
            kind = f.resolve_type(type_definition=owner) if owner is not None else f.type
        except Exception as exc:  # an annotation naming what cannot be imported or found
            name = _graphql_name(f)
            raise _NotAType(f"field {name}: its type cannot be resolved ({exc})") from exc
        if kind is UNRESOLVED:
            annotation = getattr(f.type_annotation, "annotation", "?")
            raise _NotAType(f"field {_graphql_name(f)}: its type cannot be resolved ({annotation})")
        if is_private(kind):
            return
        self.walk(kind, f"field {_graphql_name(f)}")
        for argument in f.arguments:
            self.walk(argument.type, f"argument {argument.python_name} of {_graphql_name(f)}")

    def walk(self, kind: Any, where: str) -> None:
        if isinstance(kind, LazyType):
            kind = kind.resolve_type()
        if isinstance(kind, StrawberryContainer):
            self.walk(kind.of_type, where)
        elif isinstance(kind, StrawberryUnion):
            members = [m.resolve_type() if isinstance(m, LazyType) else m for m in kind.types]
            name = NAMES.from_union(kind)
            key = ("union", name, tuple(id(m) for m in members))
            if self._add(key, name, ""):
                for member in members:
                    self.walk(member, where)
        elif isinstance(kind, StrawberryEnumDefinition):
            self._add(("enum", kind.wrapped_cls), kind.name, kind.wrapped_cls.__module__)
        elif get_object_definition(kind) is not None:
            self._object(get_object_definition(kind, strict=True))
        elif isinstance(kind, StrawberryObjectDefinition):
            self._object(kind)
        elif not _is_scalar(kind):
            raise _NotAType(f"{where}: {kind!r} is not a GraphQL type")

    def _object(self, definition: StrawberryObjectDefinition) -> None:
        generic = definition.concrete_of
        origin = generic.origin if generic is not None else definition.origin
        name = NAMES.from_object(definition)
        if not self._add(("object", origin, name), name, getattr(origin, "__module__", "")):
            return
        for interface in definition.interfaces:
            self._object(interface)
        for f in definition.fields:
            self.walk_field(f, definition)

    def _add(self, key: Any, name: str, module: str) -> bool:
        if key in self.seen:
            return False
        self.seen[key] = _Named(name, key, module)
        return True


def _is_scalar(kind: Any) -> bool:
    if isinstance(kind, ScalarDefinition) or hasattr(kind, "_scalar_definition"):
        return True
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return True  # strawberry turns plain enums into GraphQL enums
    try:
        return kind in DEFAULT_SCALAR_REGISTRY
    except TypeError:  # not hashable: not a scalar either
        return False


@functools.cache
def _core_types() -> tuple[_Types, dict[tuple[str, str], str]]:
    """Every named type the core's schema has, and the fields of its roots and extension
    points (a reserved slot among them is told apart by :func:`check_contributions`).

    The core's types are the same for the whole process, so they are walked once (a third of
    building the schema, which every app and every test client does); callers only read it."""
    types = _Types()
    fields: dict[tuple[str, str], str] = {}
    for _source, module in core_parts():
        for root in ROOTS:
            cls = getattr(module, root, None)
            if cls is None:
                continue
            for f in get_object_definition(cls, strict=True).fields:
                fields[(root, _graphql_name(f))] = "core"
                types.walk_field(f, None)
    for name, cls in extension_points().items():
        for f in get_object_definition(cls, strict=True).fields:
            fields[(name, _graphql_name(f))] = "core"
        types.walk(cls, name)
    for cls in ERROR_TYPES:
        types.walk(cls, "error types")
    return types, fields


def _package_keys(manager: PluginManager) -> dict[str, str]:
    """The module each plugin's own types live under: its top package, or its module when
    several plugins share that package (the tests' sample plugins)."""
    records = [r for r in manager.loaded() if r.module]
    roots: dict[str, list[str]] = defaultdict(list)
    for record in records:
        roots[record.module.split(".")[0]].append(record.name)
    return {
        r.name: (r.module.split(".")[0] if len(roots[r.module.split(".")[0]]) == 1 else r.module)
        for r in records
    }


def _in_package(module: str, key: str) -> bool:
    return module == key or module.startswith(key + ".")


def check_contributions(manager: PluginManager) -> dict[str, str]:
    """The plugins whose GraphQL contributions cannot be composed, each with the first reason.

    Reads the collected contributions only (nothing is built); see the module doc for the
    rules. A plugin shipped with the core follows them too: the fields it adds without the
    prefix are the slots the core's extension points reserve for it."""
    core, core_fields = _core_types()
    points = extension_points()
    slots = reserved_slots()
    packages = _package_keys(manager)
    failed: dict[str, str] = {}
    field_owners: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, owner in core_fields.items():
        if slots.get(key) != owner:  # a reserved slot is the plugin's to fill, not a clash
            field_owners[key].append(owner)
    type_owners: dict[str, dict[Any, set[str]]] = defaultdict(lambda: defaultdict(set))
    for named in core.seen.values():
        type_owners[named.name][named.key].add("core")
    for contribution in manager.graphql():
        plugin = contribution.plugin
        camel, pascal = camel_prefix(plugin), pascal_prefix(plugin)
        reached = _Types(seen=dict(core.seen))
        try:
            for fc in contribution.fields:
                where = f"{fc.type_name} part {fc.source}: field {fc.name}"
                if fc.type_name not in ROOTS and fc.type_name not in points:
                    known = ", ".join(sorted(points))
                    raise _NotAType(f"extends: {fc.type_name} is not a core type ({known})")
                if slots.get((fc.type_name, fc.name)) != plugin and not has_prefix(fc.name, camel):
                    raise _NotAType(f"{where} must start with {camel}")
                field_owners[(fc.type_name, fc.name)].append(plugin)
                try:
                    reached.walk_field(fc.field, None)
                except _NotAType as exc:
                    raise _NotAType(f"{fc.type_name} part {fc.source}: {exc}") from None
            for cls in contribution.types:
                reached.walk(cls, f"types: {cls.__name__}")
        except _NotAType as exc:
            failed.setdefault(plugin, str(exc))
            continue
        for key, named in reached.seen.items():
            if key in core.seen:
                continue
            type_owners[named.name][key].add(plugin)
            # its own: defined in its package, or a union it made (``result_union(...)``)
            union = named.key[0] == "union"
            own = union or (plugin in packages and _in_package(named.module, packages[plugin]))
            if own and not has_prefix(named.name, pascal):
                failed.setdefault(plugin, f"GraphQL type {named.name} must start with {pascal}")
    for (type_name, name), owners in sorted(field_owners.items()):
        for plugin in sorted(set(owners) - {"core"}):
            others = sorted(set(owners) - {plugin})
            if others:
                failed.setdefault(
                    plugin,
                    f"GraphQL field {type_name}.{name} is also defined by {', '.join(others)}",
                )
            elif owners.count(plugin) > 1:
                failed.setdefault(plugin, f"GraphQL field {type_name}.{name} is defined twice")
    for name, keys in sorted(type_owners.items()):
        if len(keys) < 2:
            continue
        for plugin in sorted(set().union(*keys.values()) - {"core"}):
            others = sorted({o for owners in keys.values() for o in owners} - {plugin})
            detail = f"also defined by {', '.join(others)}" if others else "defined twice"
            failed.setdefault(plugin, f"GraphQL type {name} is {detail}")
    return failed


# -- building ---------------------------------------------------------------------------------


def _guarded(field: StrawberryField, plugin: str, manager: PluginManager) -> StrawberryField:
    """A copy of a plugin's field that runs behind the guard (the plugin's class unchanged)."""
    guarded = copy.copy(field)
    guarded.extensions = [*field.extensions, PluginGuard(plugin, manager)]
    return guarded


def _build(settings: Settings, manager: PluginManager) -> strawberry.Schema:
    placed: dict[str, list[StrawberryField]] = defaultdict(list)
    types: list[type] = []
    for contribution in manager.graphql():
        for fc in contribution.fields:
            placed[fc.type_name].append(_guarded(fc.field, fc.plugin, manager))
        types.extend(contribution.types)
    return build_schema(
        settings, extra_types=types, extra_fields=placed, execute_checks=[auth_failure]
    )


def _named_in(message: str, manager: PluginManager) -> dict[str, str]:
    """Plugins a build error names (a field or type of theirs appears in it as a word)."""
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", message))
    found: dict[str, str] = {}
    for contribution in manager.graphql():
        names = {fc.name for fc in contribution.fields}
        names |= {getattr(get_object_definition(c), "name", "") for c in contribution.types}
        if names & words:
            found[contribution.plugin] = f"GraphQL schema: {message}"
    return found


def compose_schema(settings: Settings, manager: PluginManager) -> strawberry.Schema:
    """The schema of the core and every plugin whose contributions check (see module doc)."""
    for plugin, reason in check_contributions(manager).items():
        manager.fail(plugin, reason)
    try:
        schema = _build(settings, manager)
    except Exception as exc:  # something the checks do not know: name whom it names
        culprits = _named_in(str(exc), manager)
        if not culprits:
            raise  # the core itself does not compose, or nobody can be named
        for plugin, reason in culprits.items():
            manager.fail(plugin, reason)
        schema = _build(settings, manager)
    problems, manager.panels = plugin_panels.panel_problems(schema, manager)
    if problems:  # a panel is checked against the schema: only now can it fail its plugin
        for plugin, reason in problems.items():
            manager.fail(plugin, reason)
        schema = _build(settings, manager)
    manager.check_strict()
    return schema
