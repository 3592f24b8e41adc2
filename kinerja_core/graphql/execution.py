"""GraphQL execution with a fast path for fields that only read their object (issue 14).

graphql-core executes every field the same way: it builds a ``GraphQLResolveInfo`` (strawberry
wraps it in its own ``Info``), calls the resolver, then completes the value through four or
five nested calls. For a page of the team view that is ~2,500 fields, most of which only read
an attribute of a read-model row (``name``, ``nip``, ``status``) or call a one-line method
(``pangkat``). :class:`FastExecutionContext` executes those fields without that machinery:

- a *plain* field (strawberry's basic field: no resolver, no field extension, so no permission
  class) reads the attribute through strawberry's own basic resolver;
- a *simple* field has a synchronous resolver that takes nothing but ``self`` (no ``info``, no
  ``root``/``parent``, no arguments, no field extension): it is called directly;
- a *context* field has a synchronous resolver taking ``self`` and ``info`` only, marked with
  :func:`reads_context` (it reads nothing of ``info`` but ``info.context``: the reader, the
  loaders, the language): it is called with a stand-in whose only attribute is ``context``, the
  same object graphql-core would hand it (``Position.unit``, ``Period.label``,
  ``PerformancePlan.progress``: the reader checks run in the resolver as before);
- ``__typename`` on an object type is the type's name.

Their values are completed here for the common shapes (non-null, ``list``/``tuple``, scalar and
enum through the type's own ``coerce_output_value``, object types without ``is_type_of``), each
sub-selection going through :meth:`execute_fields` again, so a plain subtree is completed
without any per-field info object; attributes of scalar and enum types are completed inline in
:meth:`execute_fields`, and object values go straight to their sub-selection. Every other
field (one with ``info`` that is not marked :func:`reads_context`, or with arguments, async
resolvers, the list caps' wrapped resolvers, introspection) and every other shape (abstract
types, ``is_type_of``, other iterables, awaitables) goes through graphql-core's own code,
unchanged; so does the whole operation when a schema extension wraps resolvers (middleware) or
``@defer``/``@stream`` are in the schema (strawberry always passes a middleware manager; only
one that holds middleware counts). Errors are the ones graphql-core raises (same
messages, same paths, the same null propagation through ``handle_field_error``).
``tests/test_fast_execution.py`` runs documents with and without the fast path and compares the
answers byte for byte.

Reader checks are untouched: they live in the resolvers that take ``info`` (general fields and
context fields alike: the same resolver runs) and in the services that built the rows.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from graphql import (
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLField,
    GraphQLID,
    GraphQLInt,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLString,
    Undefined,
)
from graphql.execution.executor import to_nodes
from graphql.pyutils import Path, gather_with_cancel
from graphql.type.introspection import TypeNameMetaFieldDef
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from kinerja_core.graphql import list_caps

GENERAL, PLAIN, SIMPLE, CONTEXT, TYPENAME, SKIP, LEAF, STRICT_LEAF, CAPPED = range(9)
_FALLBACK: Any = object()  # an inlined leaf that needs the full completion (an error)
# completed values that are never awaitable (checked before the awaitable test)
_SYNC = frozenset({dict, list, str, int, float, bool, type(None)})
_STRAWBERRY_RESOLVER = "GraphQLCoreConverter.from_resolver.<locals>._resolver"
_READS_CONTEXT = "_kinerja_reads_context"

F = TypeVar("F", bound=Callable[..., Any])


def reads_context(resolver: F) -> F:
    """Mark a resolver ``(self, info)`` that reads nothing of ``info`` but ``info.context``, so
    the fast path may run it (under ``@strawberry.field``; the resolver is returned as it is)."""
    setattr(resolver, _READS_CONTEXT, True)
    return resolver


class ContextInfo:
    """What a :func:`reads_context` resolver gets on the fast path: ``info.context`` only."""

    __slots__ = ("context",)

    def __init__(self, context: Any) -> None:
        self.context = context


def _context_call(resolver: Any) -> bool:
    """Whether ``resolver`` is marked and takes exactly ``(self, info)`` in that order."""
    function = resolver.wrapped_func
    if not getattr(function, _READS_CONTEXT, False) or resolver.self_parameter is None:
        return False
    names = list(inspect.signature(function).parameters)
    return names == [resolver.self_parameter.name, resolver.info_parameter.name]


# id(field definition) -> (definition, kind, function or attribute name, a flag: for PLAIN
# whether ``function`` is the attribute's name, for SIMPLE whether the resolver takes self)
_KINDS: dict[int, tuple[GraphQLField, int, Any, bool]] = {}


def _classify(schema: GraphQLSchema, field: GraphQLField) -> tuple[int, Any, bool]:
    """How a field can run: GENERAL (graphql-core), PLAIN, SIMPLE, CONTEXT, or CAPPED: a list
    field under its cap (:mod:`kinerja_core.graphql.list_caps`) whose own resolver is one of
    those three (see the module doc)."""
    resolve = field.resolve
    capped = getattr(resolve, list_caps.CAPPED, None)
    if capped is not None:
        inner, cap, where = capped
        if set(field.args) - {"first", "offset"}:
            return GENERAL, None, False  # arguments of its own: graphql-core passes them
        kind, function, takes_source = _classify_resolver(schema, field, inner, paged=True)
        if kind in (PLAIN, SIMPLE, CONTEXT):
            return CAPPED, (kind, function, takes_source, cap, where), False
        return GENERAL, None, False
    return _classify_resolver(schema, field, resolve)


def _classify_resolver(
    schema: GraphQLSchema, field: GraphQLField, resolve: Any, *, paged: bool = False
) -> tuple[int, Any, bool]:
    """:func:`_classify` of the field's own resolver (``paged``: the arguments are only the
    cap's ``first`` and ``offset``, which never reach it)."""
    if resolve is None:
        return GENERAL, None, False  # graphql-core's default resolver (dicts, callables)
    definition = (field.extensions or {}).get("strawberry-definition")
    if getattr(resolve, "_is_default", False):
        # strawberry's basic field: resolve(source, None) is default_resolver(source, name)
        if definition is not None and definition.default_resolver is getattr:
            return PLAIN, definition.python_name, True
        return PLAIN, resolve, False
    resolver = getattr(definition, "base_resolver", None)
    strawberry_schema = getattr(schema, "_strawberry_schema", None)
    if (
        resolver is None
        or getattr(resolve, "__qualname__", "") != _STRAWBERRY_RESOLVER
        or definition.extensions
        or (field.args and not paged)
        or getattr(strawberry_schema, "exception_handlers", ())
        or resolver.is_async
        or resolver.arguments
        or resolver.root_parameter is not None
        or resolver.parent_parameter is not None
        or not callable(resolver.wrapped_func)
    ):
        return GENERAL, None, False
    if resolver.info_parameter is not None:
        if _context_call(resolver):
            return CONTEXT, resolver.wrapped_func, True
        return GENERAL, None, False
    return SIMPLE, resolver.wrapped_func, resolver.self_parameter is not None


def field_kind(schema: GraphQLSchema, field: GraphQLField) -> tuple[int, Any, bool]:
    known = _KINDS.get(id(field))
    if known is not None and known[0] is field:
        return known[1:]
    kind = _classify(schema, field)
    _KINDS[id(field)] = (field, *kind)
    return kind


# id(leaf type) -> (type, its output coercion: enums remember the name of each member)
_COERCE: dict[int, tuple[Any, Callable[[Any], Any]]] = {}


def _coercion(leaf: GraphQLLeafType) -> Callable[[Any], Any]:
    """``leaf.coerce_output_value``, for enum types of strawberry with a cache per member."""
    known = _COERCE.get(id(leaf))
    if known is not None and known[0] is leaf:
        return known[1]
    coerce = leaf.coerce_output_value
    wrapped = getattr(leaf, "wrapped_cls", None)
    if isinstance(leaf, GraphQLEnumType) and isinstance(wrapped, type):
        names: dict[Any, Any] = {}
        slow = coerce

        def coerce(value: Any) -> Any:
            if type(value) is not wrapped:
                return slow(value)
            name = names.get(value)
            if name is None:
                name = names[value] = slow(value)
            return name

    _COERCE[id(leaf)] = (leaf, coerce)
    return coerce


# the built-in scalars whose coercion returns a value of this exact class unchanged (Int: in
# its 32-bit range; graphql.type.scalars' serialize_string, serialize_id, ...)
_SAME: dict[int, tuple[GraphQLScalarType, type]] = {
    id(scalar): (scalar, kind)
    for scalar, kind in (
        (GraphQLString, str),
        (GraphQLID, str),
        (GraphQLBoolean, bool),
        (GraphQLInt, int),
    )
}
INT_MIN, INT_MAX = -(2**31), 2**31 - 1


def _leaf_kind(return_type: Any) -> tuple[int, Callable[[Any], Any], type | None] | None:
    """LEAF or STRICT_LEAF, the coercion, and the class of the values it returns unchanged
    (none for the others), for a (non-null) scalar or enum type."""
    strict = type(return_type) is GraphQLNonNull
    inner = return_type.of_type if strict else return_type
    if not isinstance(inner, GraphQLLeafType):
        return None
    same = _SAME.get(id(inner))
    unchanged = same[1] if same is not None and same[0] is inner else None
    return (STRICT_LEAF if strict else LEAF), _coercion(inner), unchanged


def _object_type(return_type: Any) -> GraphQLObjectType | None:
    """The object type of a (non-null) object field completed without ``is_type_of``."""
    inner = return_type.of_type if type(return_type) is GraphQLNonNull else return_type
    if type(inner) is GraphQLObjectType and inner.is_type_of is None:
        return inner
    return None


class FastExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context with the fast path of the module doc."""

    enabled = True  # tests compare answers with it off

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        schema = self.schema
        self.fast = (
            self.enabled
            and not getattr(self.middleware_manager, "middlewares", None)
            and schema.get_directive("defer") is None
            and schema.get_directive("stream") is None
        )
        self._plans: dict[int, tuple[Any, GraphQLObjectType, list[tuple[Any, ...]]]] = {}
        self.context_info = ContextInfo(self.context_value)

    def _plan(self, parent_type: GraphQLObjectType, grouped_field_set: Any) -> list[tuple]:
        key = id(grouped_field_set)
        known = self._plans.get(key)
        if known is not None and known[0] is grouped_field_set and known[1] is parent_type:
            return known[2]
        schema = self.schema
        plan = []
        for response_name, field_details_list in grouped_field_set.items():
            field_name = field_details_list[0].node.name.value
            field = schema.get_field(parent_type, field_name)
            if field is None:
                plan.append((response_name, field_details_list, SKIP, None, None, False, None))
            elif field is TypeNameMetaFieldDef:
                plan.append((response_name, field_details_list, TYPENAME, field, None, False, None))
            else:
                kind, function, takes_source = field_kind(schema, field)
                # LEAF: the type whose values the coercion returns as they are;
                # PLAIN/SIMPLE/CONTEXT: the object type completed straight from the value
                extra: Any = None
                if kind is PLAIN and takes_source:
                    leaf = _leaf_kind(field.type)
                    if leaf is not None:
                        kind, takes_source, extra = leaf
                if kind in (PLAIN, SIMPLE, CONTEXT):
                    extra = _object_type(field.type)
                elif kind is CAPPED and any(d.node.arguments for d in field_details_list):
                    kind = GENERAL  # `first` or `offset` given: the capped resolver reads them
                plan.append(
                    (response_name, field_details_list, kind, field, function, takes_source, extra)
                )
        # the grouped field set and the type are kept so that their ids stay theirs
        self._plans[key] = (grouped_field_set, parent_type, plan)
        return plan

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        if not self.fast or position_context is not None:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        awaitable_fields: list[str] = []
        type_name = parent_type.name
        try:
            for name, details, kind, field, function, takes_source, extra in self._plan(
                parent_type, grouped_field_set
            ):
                if kind is SKIP:
                    continue
                if kind is LEAF or kind is STRICT_LEAF:
                    # an attribute of a scalar or enum type: no path, no info, no await
                    # unless it fails (then the full completion raises the same error)
                    try:
                        value = getattr(source_value, function)
                        if value.__class__ is extra and (
                            extra is not int or INT_MIN <= value <= INT_MAX
                        ):
                            results[name] = value  # what the coercion would return
                            continue
                        if value is None or value is Undefined:
                            result = None if kind is LEAF else _FALLBACK
                        elif isinstance(value, Exception):
                            result = _FALLBACK
                        else:
                            result = takes_source(value)
                            if result is None or result is Undefined:
                                result = _FALLBACK
                    except Exception:
                        result = _FALLBACK
                    if result is not _FALLBACK:
                        results[name] = result
                        continue
                    kind, takes_source, extra = PLAIN, True, None
                field_path = Path(path, name, type_name)
                if kind is GENERAL:
                    result = self.execute_field(
                        parent_type, source_value, details, field_path, None
                    )
                    if result is Undefined:
                        continue
                elif kind is TYPENAME:
                    result = type_name
                elif kind is CAPPED:
                    result = self._execute_capped(
                        parent_type, source_value, details, field_path, field, function
                    )
                else:
                    result = self._execute_fast(
                        parent_type,
                        source_value,
                        details,
                        field_path,
                        kind,
                        field,
                        function,
                        takes_source,
                        extra,
                    )
                results[name] = result
                if result.__class__ not in _SYNC and is_awaitable(result):
                    awaitable_fields.append(name)
        except Exception:
            if awaitable_fields:
                self.settle_in_background([results[f] for f in awaitable_fields])
            raise
        if not awaitable_fields:
            return results

        async def get_results() -> dict[str, Any]:
            if len(awaitable_fields) == 1:
                field = awaitable_fields[0]
                results[field] = await results[field]
            else:
                awaited = await gather_with_cancel(*(results[f] for f in awaitable_fields))
                results.update(zip(awaitable_fields, awaited, strict=True))
            return results

        return get_results()

    def _execute_fast(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        details: Any,
        path: Path,
        kind: int,
        field: GraphQLField,
        function: Any,
        takes_source: bool,
        object_type: GraphQLObjectType | None = None,
    ) -> Any:
        """``execute_field`` for a plain, simple or context field (same errors, same
        completion). With ``object_type`` (the field's object type, nullable or not, without
        ``is_type_of``) an object value goes straight to its sub-selection, as
        ``complete_value`` would send it (no ``@defer`` with the fast path)."""
        return_type = field.type
        try:
            value = self._value(kind, function, takes_source, source)
            if self.is_awaitable(value):
                info = self.build_resolve_info(field, to_nodes(details), parent_type, path)
                return self.complete_awaitable_value(return_type, details, info, path, value, None)
            if (
                object_type is not None
                and value is not None
                and value is not Undefined
                and not isinstance(value, Exception)
            ):
                grouped = self.collect_subfields(object_type, details)[0]
                completed = self.execute_fields(object_type, value, path, grouped, None)
            else:
                completed = self._complete(
                    return_type, details, parent_type, field, path, path, value
                )
            if completed.__class__ not in _SYNC and self.is_awaitable(completed):
                return self._await_item(completed, return_type, details, path)
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, details, path)
            return None
        return completed

    def _value(self, kind: int, function: Any, takes_source: bool, source: Any) -> Any:
        """The resolved value of a plain, simple or context field."""
        if kind is PLAIN:
            return getattr(source, function) if takes_source else function(source, None)
        if kind is CONTEXT:
            return function(source, self.context_info)
        return function(source) if takes_source else function()

    def _execute_capped(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        details: Any,
        path: Path,
        field: GraphQLField,
        spec: tuple[int, Any, bool, Any, str],
    ) -> Any:
        """``execute_field`` for a capped list field without ``first``/``offset`` whose own
        resolver is plain, simple or context: the capped resolver's cut (a cut list named in
        ``extensions.truncated`` the same way), then the list completed as above."""
        kind, function, takes_source, cap, where = spec
        return_type = field.type
        try:
            value = self._value(kind, function, takes_source, source)
            if self.is_awaitable(value):
                info = self.build_resolve_info(field, to_nodes(details), parent_type, path)

                async def cut_later() -> Any:
                    return list_caps.cut_to_cap(await value, cap, info, where)

                return self.complete_awaitable_value(
                    return_type, details, info, path, cut_later(), None
                )
            if value.__class__ not in (list, tuple) or len(value) > list_caps.default_of(cap):
                info = self.build_resolve_info(field, to_nodes(details), parent_type, path)
                value = list_caps.cut_to_cap(value, cap, info, where)
            completed = self._complete(return_type, details, parent_type, field, path, path, value)
            if completed.__class__ not in _SYNC and self.is_awaitable(completed):
                return self._await_item(completed, return_type, details, path)
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, details, path)
            return None
        return completed

    def _complete(
        self,
        return_type: Any,
        details: Any,
        parent_type: GraphQLObjectType,
        field: GraphQLField,
        field_path: Path,
        path: Path,
        result: Any,
    ) -> Any:
        """``complete_value`` for the common shapes; graphql-core's own for the others."""
        if isinstance(result, Exception):
            raise result
        kind = type(return_type)
        if kind is GraphQLNonNull:
            completed = self._complete(
                return_type.of_type, details, parent_type, field, field_path, path, result
            )
            if completed is None:
                name = details[0].node.name.value
                raise TypeError(f"Cannot return null for non-nullable field {parent_type}.{name}.")
            return completed
        if result is None or result is Undefined:
            return None
        if isinstance(return_type, GraphQLLeafType):
            return self.complete_leaf_value(return_type, result)
        if kind is GraphQLObjectType and return_type.is_type_of is None:
            grouped, defer_usages, _ = self.collect_subfields(return_type, details)
            return self.execute_collected_subfields(
                return_type, result, path, grouped, defer_usages, None
            )
        if kind is GraphQLList and type(result) in (list, tuple):
            return self._complete_list(
                return_type.of_type, details, parent_type, field, field_path, path, result
            )
        info = self.build_resolve_info(field, to_nodes(details), parent_type, field_path)
        return super().complete_value(return_type, details, info, path, result, None)

    def complete_value(
        self,
        return_type: Any,
        field_details_list: Any,
        info: Any,
        path: Path,
        result: Any,
        position_context: Any,
    ) -> Any:
        """graphql-core's completion of a resolved value (a general field's, an awaited one's:
        a root list of a plugin's rows), done by :meth:`_complete` on the fast path: the
        common shapes without graphql-core's per-item calls, the others by graphql-core."""
        field = None
        if self.fast and position_context is None:
            field = self.schema.get_field(info.parent_type, info.field_name)
        if field is None:
            return super().complete_value(
                return_type, field_details_list, info, path, result, position_context
            )
        return self._complete(
            return_type, field_details_list, info.parent_type, field, info.path, path, result
        )

    def _complete_list(
        self,
        item_type: Any,
        details: Any,
        parent_type: GraphQLObjectType,
        field: GraphQLField,
        field_path: Path,
        path: Path,
        items: list[Any] | tuple[Any, ...],
    ) -> Any:
        """``complete_iterable_value`` over a list or tuple (no ``@stream`` in the schema).
        Items of an object type without ``is_type_of`` go straight to its sub-selection, as
        ``complete_value`` would send them (the selection collected once for the list)."""
        is_awaitable = self.is_awaitable
        completed: list[Any] = []
        awaitable_indices: list[int] = []
        info = None
        object_type = _object_type(item_type)
        grouped = None if object_type is None else self.collect_subfields(object_type, details)[0]
        try:
            for index, item in enumerate(items):
                item_path = path.add_key(index, None)
                if is_awaitable(item):
                    if info is None:
                        info = self.build_resolve_info(
                            field, to_nodes(details), parent_type, field_path
                        )
                    completed.append(
                        self.complete_awaitable_list_item_value(
                            item, item_type, details, info, item_path, None
                        )
                    )
                    awaitable_indices.append(index)
                    continue
                try:
                    if (
                        grouped is not None
                        and item is not None
                        and item is not Undefined
                        and not isinstance(item, Exception)
                    ):
                        value = self.execute_fields(object_type, item, item_path, grouped, None)
                    else:
                        value = self._complete(
                            item_type, details, parent_type, field, field_path, item_path, item
                        )
                except Exception as raw_error:
                    self.handle_field_error(raw_error, item_type, details, item_path)
                    value = None
                if is_awaitable(value):
                    value = self._await_item(value, item_type, details, item_path)
                    awaitable_indices.append(index)
                completed.append(value)
        except Exception:
            pending = [completed[i] for i in awaitable_indices]
            if pending:
                self.settle_in_background(pending)
            raise
        if not awaitable_indices:
            return completed

        async def get_completed() -> list[Any]:
            if len(awaitable_indices) == 1:
                index = awaitable_indices[0]
                completed[index] = await completed[index]
            else:
                awaited = await gather_with_cancel(*(completed[i] for i in awaitable_indices))
                for index, value in zip(awaitable_indices, awaited, strict=True):
                    completed[index] = value
            return completed

        return get_completed()

    async def _await_item(
        self, value: Awaitable[Any], item_type: Any, details: Any, item_path: Path
    ) -> Any:
        try:
            return await value
        except Exception as raw_error:
            self.handle_field_error(raw_error, item_type, details, item_path)
            return None
