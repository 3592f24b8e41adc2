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
- an *info* field has a synchronous resolver taking ``self`` and ``info`` only, not marked: it
  is called with strawberry's ``Info`` of graphql-core's info, as strawberry's resolver would
  call it, without its argument conversion and chain of field extensions (none: a field with
  an extension, a permission class, is a general field) (``Query.me``);
- ``__typename`` on an object type is the type's name;
- a field whose GraphQL arguments all default to None runs as above when the query gives none
  (``periodId``); one given goes through graphql-core, which converts it;
- a list field under a cap (:mod:`kinerja_core.graphql.list_caps`) whose own resolver is one of
  the above runs that resolver when the query passes no ``first``/``offset``; a longer list is
  cut as the capped resolver would cut it, with a full info (``extensions.truncated`` reads its
  path).

Their values are completed here for the common shapes (non-null, ``list``/``tuple``, scalar and
enum through the type's own ``coerce_output_value``, object types without ``is_type_of``), each
sub-selection going through :meth:`execute_fields` again, so a plain subtree is completed
without any per-field info object; attributes of scalar and enum types are completed inline in
:meth:`execute_fields`, and object values go straight to their sub-selection. Every other field
(one with a field extension or other parameters than ``self`` and ``info``, or given arguments,
async resolvers, introspection) runs through graphql-core, whose resolved (or awaited) value is
completed again by the fast completion (:meth:`complete_value`: a plugin's root list); every
other shape (abstract types, ``is_type_of``, other iterables) goes through graphql-core's own
code, unchanged; so does the whole operation when a schema extension wraps resolvers
(middleware) or ``@defer``/``@stream`` are in the schema (strawberry always passes a middleware
manager; only one that holds middleware counts). Errors are the ones graphql-core raises (same
messages, same paths, the same null propagation through ``handle_field_error``).
``tests/test_fast_execution.py`` runs documents with and without the fast path and compares the
answers byte for byte.

What depends on the document alone is kept across requests (:class:`DocumentShape`): the
root fields, graphql-core's collected subfields and the plans of the fast path, per operation
node and values of the variables its ``@skip``/``@include`` read (an LRU of
:data:`SHAPE_CACHE_SIZE` operations); the pipeline's parse cache hands out the same document
for the same text, so a repeated query collects and plans nothing.

Reader checks are untouched: they live in the resolvers that take ``info`` (general fields and
context fields alike: the same resolver runs) and in the services that built the rows.
"""

from __future__ import annotations

import inspect
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

from graphql import (
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLError,
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
    OperationType,
    Undefined,
    VariableNode,
    default_field_resolver,
)
from graphql.execution.executor import to_nodes
from graphql.pyutils import Path, gather_with_cancel
from graphql.type.introspection import TypeNameMetaFieldDef
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from kinerja_core.graphql.list_caps import cut_unasked

GENERAL, PLAIN, SIMPLE, CONTEXT, TYPENAME, SKIP, LEAF, STRICT_LEAF, INFO = range(9)
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


def _self_info_call(resolver: Any) -> bool:
    """Whether ``resolver`` takes ``(self, info)`` in that order, then only its GraphQL
    arguments (each defaulting to None: see :func:`_defaults_only`)."""
    if resolver.self_parameter is None:
        return False
    names = list(inspect.signature(resolver.wrapped_func).parameters)
    arguments = [a.python_name for a in resolver.arguments]
    return names == [resolver.self_parameter.name, resolver.info_parameter.name, *arguments]


def _defaults_only(resolver: Any) -> bool:
    """Whether every GraphQL argument of ``resolver`` defaults to None, so that a call of the
    field that passes no argument is the resolver called with none (``periodId``)."""
    return all(a.default is None for a in resolver.arguments)


# id(field definition) -> (definition, kind, function or attribute name, a flag: for PLAIN
# whether ``function`` is the attribute's name, for SIMPLE whether the resolver takes self,
# the list cap or None)
_KINDS: dict[int, tuple[GraphQLField, int, Any, bool, Any]] = {}


def _classify(schema: GraphQLSchema, field: GraphQLField) -> tuple[int, Any, bool, Any]:
    """How a field can run: GENERAL (graphql-core), PLAIN, SIMPLE, CONTEXT or INFO (see the
    module doc), and for a list field capped by :mod:`kinerja_core.graphql.list_caps` the cap of a
    call without arguments with the field's name, ``(count, where)`` (else None): its own
    resolver runs on the fast path when the call passes no argument, the cut applied."""
    resolve = field.resolve
    capped = getattr(resolve, "capped", None)
    if capped is not None:
        inner, count, where = capped
        if inner is default_field_resolver:
            return GENERAL, None, False, None
        kind, function, flag = _classify_resolve(schema, field, inner)
        return kind, function, flag, (None if kind is GENERAL else (count, where))
    return (*_classify_resolve(schema, field, resolve), None)


def _classify_resolve(
    schema: GraphQLSchema, field: GraphQLField, resolve: Any
) -> tuple[int, Any, bool]:
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
        or getattr(strawberry_schema, "exception_handlers", ())
        or resolver.is_async
        or not _defaults_only(resolver)
        or resolver.root_parameter is not None
        or resolver.parent_parameter is not None
        or not callable(resolver.wrapped_func)
    ):
        return GENERAL, None, False
    if resolver.info_parameter is not None:
        if not _self_info_call(resolver):
            return GENERAL, None, False
        if getattr(resolver.wrapped_func, _READS_CONTEXT, False):
            return CONTEXT, resolver.wrapped_func, True
        if strawberry_schema is None:
            return GENERAL, None, False
        return INFO, _with_info(strawberry_schema, definition, resolver.wrapped_func), True
    return SIMPLE, resolver.wrapped_func, resolver.self_parameter is not None


def _with_info(strawberry_schema: Any, definition: Any, function: Any) -> Callable[[Any, Any], Any]:
    """``function(self, info)`` called as strawberry calls it for a field without arguments,
    extensions or exception handlers: with strawberry's ``Info`` of graphql-core's info (its
    ``info_class``, the field's definition), without the argument conversion and the chain
    of field extensions that strawberry's resolver runs for every field."""
    info_class = strawberry_schema.config.info_class

    def call(source: Any, raw_info: Any) -> Any:
        return function(source, info_class(_raw_info=raw_info, _field=definition))

    return call


def field_kind(schema: GraphQLSchema, field: GraphQLField) -> tuple[int, Any, bool, Any]:
    known = _KINDS.get(id(field))
    if known is not None and known[0] is field:
        return known[1:]
    kind = _classify(schema, field)
    _KINDS[id(field)] = (field, *kind)
    return kind


# id(leaf type) -> (type, its output coercion: enums remember the name of each member)
_COERCE: dict[int, tuple[Any, Callable[[Any], Any]]] = {}


def _coercion(leaf: GraphQLLeafType) -> Callable[[Any], Any]:
    """``leaf.coerce_output_value``, for enum types of strawberry with a cache per member, for
    ID an ``int`` straight to its text (what ``coerce_id_from_number`` returns for one)."""
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

    elif leaf is GraphQLID:
        slow_id = coerce

        def coerce(value: Any) -> Any:
            return str(value) if value.__class__ is int else slow_id(value)

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


def _unchanged(leaf: Any, value: Any) -> bool:
    """Whether ``leaf`` is a built-in scalar whose coercion returns ``value`` as it is (a
    value of its exact class; Int: in range), so completing it is returning it."""
    same = _SAME.get(id(leaf))
    return (
        same is not None
        and same[0] is leaf
        and value.__class__ is same[1]
        and (same[1] is not int or INT_MIN <= value <= INT_MAX)
    )


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


class _Leaf:
    """A simple or context field of a scalar or enum type: completed inline (see
    ``_execute_fast``) as ``complete_leaf_value`` would, falling back to it otherwise."""

    __slots__ = ("coerce", "strict", "unchanged")

    def __init__(self, kind: int, coerce: Callable[[Any], Any], unchanged: type | None) -> None:
        self.strict = kind is STRICT_LEAF
        self.coerce = coerce
        self.unchanged = unchanged


def _object_type(return_type: Any) -> GraphQLObjectType | None:
    """The object type of a (non-null) object field completed without ``is_type_of``."""
    inner = return_type.of_type if type(return_type) is GraphQLNonNull else return_type
    if type(inner) is GraphQLObjectType and inner.is_type_of is None:
        return inner
    return None


_INCREMENTAL: dict[int, tuple[GraphQLSchema, bool]] = {}


def _incremental(schema: GraphQLSchema) -> bool:
    """Whether ``@defer`` or ``@stream`` is in the schema (looked up once per schema)."""
    known = _INCREMENTAL.get(id(schema))
    if known is None or known[0] is not schema:
        found = any(schema.get_directive(name) is not None for name in ("defer", "stream"))
        known = _INCREMENTAL[id(schema)] = (schema, found)
    return known[1]


# id(field definition) -> (definition, kind, function, takes_source, extra) of _field_plan
_FIELD_PLANS: dict[int, tuple[GraphQLField, int, Any, Any, Any]] = {}


def _field_plan(schema: GraphQLSchema, field: GraphQLField) -> tuple[int, Any, Any, Any]:
    """How the fast path runs ``field`` when no argument is given, once per field:

    - LEAF / STRICT_LEAF (a plain attribute of a scalar or enum type): the attribute's name,
      the coercion and the class of the values it returns as they are;
    - PLAIN / SIMPLE / CONTEXT / INFO: the function, and the object type completed straight from
      the value, or for a capped list its cap ``(count, where)``, or for a scalar or enum
      result a :class:`_Leaf`;
    - GENERAL: graphql-core's path.
    """
    known = _FIELD_PLANS.get(id(field))
    if known is not None and known[0] is field:
        return known[1:]
    kind, function, takes_source, cap = field_kind(schema, field)
    extra: Any = None
    if kind is PLAIN and takes_source and cap is None:
        leaf = _leaf_kind(field.type)
        if leaf is not None:
            kind, takes_source, extra = leaf
    if kind in (PLAIN, SIMPLE, CONTEXT, INFO):
        extra = _object_type(field.type) if cap is None else cap
        if extra is None and kind is not PLAIN:
            leaf = _leaf_kind(field.type)
            extra = None if leaf is None else _Leaf(*leaf)
    _FIELD_PLANS[id(field)] = (field, kind, function, takes_source, extra)
    return kind, function, takes_source, extra


# -- the shape of a document, kept across requests ---------------------------------------------

SHAPE_CACHE_SIZE = 256  # operations whose collected fields and plans are kept
SHAPES_PER_OPERATION = 16  # combinations of @skip/@include variable values kept per operation
_MISSING: Any = object()  # a directive's variable the request did not give (no default)


class DocumentShape:
    """What executing an operation computes from the document alone, kept across requests:

    - ``root``: the root type and its grouped field set (graphql-core's ``collect_fields``);
    - ``sub_fields``: graphql-core's memo of ``collect_subfields`` per (type, field details);
    - ``plans``: the fast path's plan per grouped field set (``FastExecutionContext._plan``);
    - ``subfields``: the fast path's sub-selection per object field's details.

    All of them depend on the operation, its fragments and the values of the variables that
    ``@skip``/``@include`` read, and on nothing else of a request (the key of
    :func:`document_shape`); the field details lists they are keyed by live as long as the
    shape, so their ids stay theirs.
    """

    __slots__ = ("plans", "root", "sub_fields", "subfields")

    def __init__(self) -> None:
        self.root: tuple[GraphQLObjectType, Any] | None = None
        self.sub_fields: dict[Any, Any] = {}
        self.plans: dict[int, tuple[Any, GraphQLObjectType, list[tuple[Any, ...]]]] = {}
        self.subfields: dict[int, tuple[Any, Any]] = {}


class _OperationShapes:
    """The shapes of one operation, one per combination of its directives' variables."""

    __slots__ = ("by_values", "hide_suggestions", "names", "operation", "schema")

    def __init__(
        self, schema: GraphQLSchema, operation: Any, names: tuple[str, ...], hide: bool
    ) -> None:
        self.schema = schema
        self.operation = operation  # kept alive: its id is the key
        self.names = names
        self.hide_suggestions = hide
        self.by_values: dict[tuple[Any, ...], DocumentShape] = {}


_SHAPES: OrderedDict[int, _OperationShapes] = OrderedDict()


def _directive_variables(operation: Any, fragments: dict[str, Any]) -> tuple[str, ...]:
    """The names of the variables read by a directive of ``operation`` or of a fragment of
    its document (``@skip(if: $a)``, ``@include(if: $b)``), in a fixed order."""
    names: set[str] = set()
    for node in (operation, *(f.definition for f in fragments.values())):
        for found in _directives_in(node):
            for argument in found.arguments or ():
                names.update(_variables_in(argument.value))
    return tuple(sorted(names))


def _directives_in(node: Any) -> Iterator[Any]:
    """Every directive node of ``node``'s selections (and ``node``'s own), depth first."""
    yield from node.directives or ()
    selection_set = getattr(node, "selection_set", None)
    for selection in selection_set.selections if selection_set is not None else ():
        yield from _directives_in(selection)


def _variables_in(value: Any) -> Iterator[str]:
    """The names of the variables in an argument's value (lists and objects included)."""
    if isinstance(value, VariableNode):
        yield value.name.value
    for inner in getattr(value, "values", None) or ():
        yield from _variables_in(inner)
    for inner in getattr(value, "fields", None) or ():
        yield from _variables_in(inner.value)


def document_shape(context: Any) -> DocumentShape | None:
    """The shape kept for ``context``'s operation and the values of its directives' variables
    (made empty the first time), or None where none is kept: a fragment with variables of
    its own, or a directive variable whose value cannot be a key. At most
    :data:`SHAPE_CACHE_SIZE` operations (least recently used out) and
    :data:`SHAPES_PER_OPERATION` combinations each (started afresh when full)."""
    fragments = context.fragments
    if any(f.variable_signatures for f in fragments.values()):
        return None
    operation = context.operation
    schema = context.schema
    key = id(operation)
    known = _SHAPES.get(key)
    if (
        known is None
        or known.operation is not operation
        or known.schema is not schema
        or known.hide_suggestions is not context.hide_suggestions
    ):
        names = _directive_variables(operation, fragments)
        known = _SHAPES[key] = _OperationShapes(
            schema, operation, names, context.hide_suggestions
        )
        if len(_SHAPES) > SHAPE_CACHE_SIZE:
            _SHAPES.popitem(last=False)
    else:
        _SHAPES.move_to_end(key)
    coerced = context.variable_values.coerced
    values = tuple(coerced.get(name, _MISSING) for name in known.names)
    try:
        shape = known.by_values.get(values)
    except TypeError:  # an unhashable value (a list, an input object)
        return None
    if shape is None:
        if len(known.by_values) >= SHAPES_PER_OPERATION:
            known.by_values.clear()
        shape = known.by_values[values] = DocumentShape()
    return shape


class FastExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context with the fast path of the module doc."""

    enabled = True  # tests compare answers with it off

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        schema = self.schema
        self.fast = (
            self.enabled
            and not getattr(self.middleware_manager, "middlewares", None)
            and not _incremental(schema)
        )
        self.context_info = ContextInfo(self.context_value)
        self._plain_classes: dict[type, bool] = {}
        # the collected fields and the plans of this operation, kept from the requests before
        # (graphql-core's memo of collect_subfields included); a fresh one where none is kept
        self.shape = document_shape(self) if self.fast else None
        shape = self.shape if self.shape is not None else DocumentShape()
        self._relevant_sub_fields = shape.sub_fields
        self._plans = shape.plans
        # id(field details) -> (details, their sub-selection): an object field's grouped
        # subfields, one dictionary look-up per object (graphql-core memoizes them too)
        self._subfields = shape.subfields

    def execute_operation(self, serially: bool | None = None) -> Any:
        """graphql-core's ``execute_operation``; once the shape holds the operation's root
        fields (a request before collected them), they are executed without being collected
        again: the same steps otherwise (the errors of the root fields, the response built the
        same way). Without a shape, or with an abort signal, graphql-core's own."""
        shape = self.shape
        known = None if shape is None else shape.root
        if known is None or self.abort_signal is not None:
            return super().execute_operation(serially)
        root_type, grouped_field_set = known
        if serially is None:
            serially = self.operation.operation is OperationType.MUTATION
        try:
            result = self.execute_root_grouped_field_set(
                root_type, self.root_value, grouped_field_set, serially, None
            )
            if self.is_awaitable(result):
                return self._awaited_response(result)
        except GraphQLError as error:
            self.collected_errors.add(error, None)
            return self.build_response(None)
        return self.build_response(result)

    async def _awaited_response(self, result: Awaitable[Any]) -> Any:
        """The response once the root fields' awaitable settled (``execute_operation``'s
        ``await_result`` without an abort signal)."""
        try:
            data = await result
        except GraphQLError as error:
            self.collected_errors.add(error, None)
            return self.build_response(None)
        except Exception:
            # incremental work started early cancelled, the hook run, before re-raising
            await self.cancel_incremental_work()
            self.run_async_work_finished_hook()
            raise
        return self.build_response(data)

    def execute_collected_root_fields(
        self,
        root_type: GraphQLObjectType,
        root_value: Any,
        grouped_field_set: Any,
        serially: bool,
        new_defer_usages: Any,
    ) -> Any:
        """graphql-core's, with the root grouped field set of the shape once there is one
        (the same fields as the one just collected), so the plans kept for it apply."""
        shape = self.shape
        if shape is not None and not new_defer_usages:
            known = shape.root
            if known is not None and known[0] is root_type:
                grouped_field_set = known[1]
            else:
                shape.root = (root_type, grouped_field_set)
        return super().execute_collected_root_fields(
            root_type, root_value, grouped_field_set, serially, new_defer_usages
        )

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
                kind, function, takes_source, extra = _field_plan(schema, field)
                if field.args and any(d.node.arguments for d in field_details_list):
                    kind = GENERAL  # arguments given: graphql-core's path converts them
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
        context_info = self.context_info
        subfields = self._subfields
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
                elif extra.__class__ is GraphQLObjectType:
                    # an object field: a value of a plain class (not awaitable, not an
                    # error, not null) goes straight to its sub-selection, here
                    try:
                        if kind is PLAIN:
                            value = (
                                getattr(source_value, function)
                                if takes_source
                                else function(source_value, None)
                            )
                        elif kind is CONTEXT:
                            value = function(source_value, context_info)
                        elif kind is INFO:
                            value = function(
                                source_value,
                                self.build_resolve_info(
                                    field, to_nodes(details), parent_type, field_path
                                ),
                            )
                        else:
                            value = function(source_value) if takes_source else function()
                        if self._plain_value(value):
                            known = subfields.get(id(details))
                            if known is None or known[0] is not details:
                                known = subfields[id(details)] = (
                                    details,
                                    self.collect_subfields(extra, details)[0],
                                )
                            result = self.execute_fields(
                                extra, value, field_path, known[1], None
                            )
                            if result.__class__ is not dict and is_awaitable(result):
                                result = self._await_field(result, field.type, details, field_path)
                        else:
                            result = self._complete_resolved(
                                parent_type, details, field_path, field, extra, value
                            )
                    except Exception as raw_error:
                        self.handle_field_error(raw_error, field.type, details, field_path)
                        result = None
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
        return _awaited_results(results, awaitable_fields)

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
        """``execute_field`` for a plain, simple, context or info field (same errors, same
        completion). With ``object_type`` (the field's object type, nullable or not, without
        ``is_type_of``) an object value goes straight to its sub-selection, as
        ``complete_value`` would send it (no ``@defer`` with the fast path). A tuple instead
        is a list cap ``(count, where)``: the value is cut as the capped resolver would."""
        try:
            if kind is PLAIN:
                value = getattr(source, function) if takes_source else function(source, None)
            elif kind is CONTEXT:
                value = function(source, self.context_info)
            elif kind is INFO:
                info = self.build_resolve_info(field, to_nodes(details), parent_type, path)
                value = function(source, info)
            else:
                value = function(source) if takes_source else function()
            if object_type.__class__ is tuple:
                value = self._cut(value, object_type, field, details, parent_type, path)
                object_type = None
            elif object_type.__class__ is _Leaf:
                leaf: Any = object_type
                if value.__class__ is leaf.unchanged and (
                    value.__class__ is not int or INT_MIN <= value <= INT_MAX
                ):
                    return value  # what the coercion would return
                if value is None or value is Undefined:
                    if not leaf.strict:
                        return None
                elif not isinstance(value, Exception) and not self.is_awaitable(value):
                    result = leaf.coerce(value)
                    if result is not None and result is not Undefined:
                        return result
                object_type = None  # the full completion (it raises the same error)
            return self._complete_resolved(parent_type, details, path, field, object_type, value)
        except Exception as raw_error:
            self.handle_field_error(raw_error, field.type, details, path)
            return None

    def _complete_resolved(
        self,
        parent_type: GraphQLObjectType,
        details: Any,
        path: Path,
        field: GraphQLField,
        object_type: GraphQLObjectType | None,
        value: Any,
    ) -> Any:
        """The completion of :meth:`_execute_fast` once the resolver returned ``value``
        (raises what the completion raises; the caller handles it as a field error)."""
        return_type = field.type
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
            completed = self._complete(return_type, details, parent_type, field, path, path, value)
        if completed.__class__ not in _SYNC and self.is_awaitable(completed):
            return self._await_field(completed, return_type, details, path)
        return completed

    async def _await_field(
        self, completed: Awaitable[Any], return_type: Any, details: Any, path: Path
    ) -> Any:
        try:
            return await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, details, path)
            return None

    def _plain_value(self, value: Any) -> bool:
        """Whether ``value`` is of a strawberry type (not awaitable, not an exception, not
        null: its sub-selection is executed at once), known per class after the first."""
        cls = value.__class__
        plain = self._plain_classes.get(cls)
        if plain is None:
            plain = self._plain_classes[cls] = hasattr(
                cls, "__strawberry_definition__"
            ) and not (isinstance(value, Exception) or self.is_awaitable(value))
        return plain

    def _cut(
        self,
        value: Any,
        cap: tuple[int, str],
        field: GraphQLField,
        details: Any,
        parent_type: GraphQLObjectType,
        path: Path,
    ) -> Any:
        """A capped list field's value as its capped resolver returns it when called without
        arguments (list_caps.cut_unasked: at most ``count`` items, a cut reported)."""
        count, where = cap
        if (value.__class__ is list or value.__class__ is tuple) and len(value) <= count:
            return value
        if value is None:
            return None
        info = self.build_resolve_info(field, to_nodes(details), parent_type, path)
        if self.is_awaitable(value):

            async def later() -> Any:
                return cut_unasked(await value, count, info, where)

            return later()
        return cut_unasked(value, count, info, where)

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
            inner = return_type.of_type
            if _unchanged(inner, result):
                return result
            completed = self._complete(inner, details, parent_type, field, field_path, path, result)
            if completed is None:
                name = details[0].node.name.value
                raise TypeError(f"Cannot return null for non-nullable field {parent_type}.{name}.")
            return completed
        if result is None or result is Undefined:
            return None
        if isinstance(return_type, GraphQLLeafType):
            if _unchanged(return_type, result):
                return result
            return self.complete_leaf_value(return_type, result)
        if kind is GraphQLObjectType and return_type.is_type_of is None:
            grouped, defer_usages, _ = self.collect_subfields(return_type, details)
            if not defer_usages:  # what execute_collected_subfields does without @defer
                return self.execute_fields(return_type, result, path, grouped, None)
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
        """``complete_iterable_value`` over a list or tuple (no ``@stream`` in the schema)."""
        is_awaitable = self.is_awaitable
        completed: list[Any] = []
        awaitable_indices: list[int] = []
        info = None
        # items of an object type go straight to its sub-selection (collected once), as
        # complete_value sends each (no @defer with the fast path)
        object_type = _object_type(item_type)
        grouped = None if object_type is None else self.collect_subfields(object_type, details)[0]
        try:
            for index, item in enumerate(items):
                item_path = path.add_key(index, None)
                if object_type is not None and self._plain_value(item):
                    if grouped is None:
                        grouped = self.collect_subfields(object_type, details)[0]
                    try:
                        value = self.execute_fields(object_type, item, item_path, grouped, None)
                    except Exception as raw_error:
                        self.handle_field_error(raw_error, item_type, details, item_path)
                        value = None
                    if value.__class__ is not dict and is_awaitable(value):
                        value = self._await_item(value, item_type, details, item_path)
                        awaitable_indices.append(index)
                    completed.append(value)
                    continue
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
        return _awaited_items(completed, awaitable_indices)

    async def _await_item(
        self, value: Awaitable[Any], item_type: Any, details: Any, item_path: Path
    ) -> Any:
        try:
            return await value
        except Exception as raw_error:
            self.handle_field_error(raw_error, item_type, details, item_path)
            return None


# the awaiting parts as functions, not closures: a closure's variables become cells on every
# call of the function that defines it, awaited or not (~800 execute_fields a team page)


async def _awaited_results(results: dict[str, Any], awaitable_fields: list[str]) -> dict[str, Any]:
    if len(awaitable_fields) == 1:
        field = awaitable_fields[0]
        results[field] = await results[field]
    else:
        awaited = await gather_with_cancel(*(results[f] for f in awaitable_fields))
        results.update(zip(awaitable_fields, awaited, strict=True))
    return results


async def _awaited_items(completed: list[Any], awaitable_indices: list[int]) -> list[Any]:
    if len(awaitable_indices) == 1:
        index = awaitable_indices[0]
        completed[index] = await completed[index]
    else:
        awaited = await gather_with_cancel(*(completed[i] for i in awaitable_indices))
        for index, value in zip(awaitable_indices, awaited, strict=True):
            completed[index] = value
    return completed
