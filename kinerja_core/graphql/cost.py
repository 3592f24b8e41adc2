"""The static cost of a request, known before it runs, and its limit (docs/limits.md).

The cost is the number of objects the operation can return, counted as GitHub counts nodes:
every field whose value is an object (or a list of objects) counts the product of the
multipliers on its path, a list field multiplying by its cap or, for a paged list, by its
``first`` (:mod:`kinerja_core.graphql.list_caps`) and a connection's ``edges``/``nodes`` by its
``first`` (default ``default_page_size``, at most ``max_page_size``). Scalar fields cost
nothing. Fragments and inline fragments count where they are spread; every alias and every
repeated field counts on its own; ``@skip``/``@include`` are ignored (the bound holds either
way). Introspection counts exactly what it would return, walked over the schema itself.

:class:`kinerja_core.graphql.pipeline.RequestPipeline` computes the cost once the operation
is valid (:func:`query_cost_cached`: kept per query text and the values of the variables the
cost reads) and refuses it above
``max_query_cost`` with ``query.too_costly`` (cost and limit in the message and extensions),
before any resolver runs; with ``extensions: {"cost": true}`` in the request, the response's
``extensions.cost`` carries the requested cost, the actual cost (objects in ``data``) and
the limit.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Mapping
from typing import Any
from weakref import WeakKeyDictionary

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    VariableNode,
    get_named_type,
    is_composite_type,
)
from graphql.language import ValueNode

from kinerja_core.graphql.list_caps import DEFAULT_LIST_CAP, Cap, Paged, is_connection
from kinerja_core.i18n import register_messages, translate

CODE = "query.too_costly"
_CAPS: WeakKeyDictionary[GraphQLSchema, dict[tuple[str, str], Cap]] = WeakKeyDictionary()


def remember_caps(schema: GraphQLSchema, caps: dict[tuple[str, str], Cap]) -> None:
    """The list caps of a built schema, for the cost of its requests."""
    _CAPS[schema] = caps


class _Cost:
    """One operation's cost; costs per selection set are memoised (they scale linearly)."""

    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        variables: Mapping[str, Any] | None,
        operation: OperationDefinitionNode,
        *,
        default_page: int,
        max_page: int,
    ) -> None:
        self.schema = schema
        self.caps = _CAPS.get(schema, {})
        defaults = {
            definition.variable.name.value: _literal(definition.default_value, {})
            for definition in operation.variable_definitions or ()
            if definition.default_value is not None
        }
        self.variables = _Reads(variables or {}, defaults)
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.default_page = default_page
        self.max_page = max_page
        self.memo: dict[tuple[int, str, int], int] = {}
        self.introspection_memo: dict[tuple[int, int], int] = {}

    # -- the data graph ------------------------------------------------------------------------

    def fields(self, kind: Any, selection_set: SelectionSetNode) -> Iterator[tuple[Any, FieldNode]]:
        """The field nodes of a selection set on ``kind``, fragments flattened."""
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                yield kind, selection
            elif isinstance(selection, InlineFragmentNode):
                target = kind
                if selection.type_condition is not None:
                    target = self.schema.get_type(selection.type_condition.name.value)
                yield from self.fields(target, selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments[selection.name.value]
                target = self.schema.get_type(fragment.type_condition.name.value)
                yield from self.fields(target, fragment.selection_set)

    def per_object(self, kind: Any, selection_set: SelectionSetNode, page: int) -> int:
        """What one object of ``kind`` costs with this selection set below it."""
        key = (id(selection_set), kind.name, page)
        if key in self.memo:
            return self.memo[key]
        total = 0
        for parent, node in self.fields(kind, selection_set):
            total += self.field(parent, node, page)
        self.memo[key] = total
        return total

    def field(self, parent: Any, node: FieldNode, page: int) -> int:
        name = node.name.value
        if name == "__typename":
            return 0
        if name in ("__schema", "__type"):
            return self.introspection_root(node)
        if not isinstance(parent, (GraphQLObjectType, GraphQLInterfaceType)):
            return 0  # a union's own fields are only __typename
        definition = parent.fields.get(name)
        if definition is None or node.selection_set is None:
            return 0
        named = get_named_type(definition.type)
        if not is_composite_type(named):
            return 0
        wrapped = (
            definition.type.of_type
            if isinstance(definition.type, GraphQLNonNull)
            else (definition.type)
        )
        child_page = page
        if is_connection(named):
            multiplier, child_page = 1, self.page_size(definition, node)
        elif isinstance(wrapped, GraphQLList):
            if is_connection(parent) and name in ("edges", "nodes"):
                multiplier = page
            else:
                multiplier = self.list_size(self.caps.get((parent.name, name)), node)
        else:
            multiplier = 1
        return multiplier * (1 + self.per_object(named, node.selection_set, child_page))

    def list_size(self, cap: Cap | None, node: FieldNode) -> int:
        """A plain list's multiplier: its cap, or the ``first`` a paged list is given."""
        if cap is None:
            return DEFAULT_LIST_CAP
        if not isinstance(cap, Paged):
            return cap
        value = self.argument(node, "first")
        if not isinstance(value, int) or isinstance(value, bool):
            return cap.default
        return max(0, min(value, cap.maximum))

    def argument(self, node: FieldNode, name: str) -> Any:
        for argument in node.arguments or ():
            if argument.name.value == name:
                return _literal(argument.value, self.variables)
        return None

    def page_size(self, definition: Any, node: FieldNode) -> int:
        value: Any = None
        for argument in node.arguments or ():
            if argument.name.value == "first":
                value = _literal(argument.value, self.variables)
        if value is None and "first" in definition.args:
            default = definition.args["first"].default_value
            value = default if isinstance(default, int) else None
        if not isinstance(value, int) or isinstance(value, bool):
            return self.default_page
        return max(0, min(value, self.max_page))

    # -- introspection: exactly what it returns, walked over the schema ------------------------

    def introspection_root(self, node: FieldNode) -> int:
        if node.selection_set is None:
            return 0
        if node.name.value == "__schema":
            return 1 + self.introspect("__Schema", self.schema, node.selection_set)
        name = None
        for argument in node.arguments or ():
            if argument.name.value == "name":
                name = _literal(argument.value, self.variables)
        target = self.schema.get_type(name) if isinstance(name, str) else None
        if target is None:
            return 0
        return 1 + self.introspect("__Type", target, node.selection_set)

    def introspect(self, kind: str, obj: Any, selection_set: SelectionSetNode) -> int:
        key = (id(selection_set), id(obj))
        if key in self.introspection_memo:
            return self.introspection_memo[key]
        total = 0
        for _, node in self.fields(None, selection_set):
            if node.selection_set is None:
                continue
            for child_kind, child in self.children(kind, obj, node.name.value):
                total += 1 + self.introspect(child_kind, child, node.selection_set)
        self.introspection_memo[key] = total
        return total

    def children(self, kind: str, obj: Any, name: str) -> list[tuple[str, Any]]:
        schema = self.schema
        if kind == "__Schema":
            if name == "types":
                return [("__Type", t) for t in schema.type_map.values()]
            if name == "directives":
                return [("__Directive", d) for d in schema.directives]
            root = {
                "queryType": schema.query_type,
                "mutationType": schema.mutation_type,
                "subscriptionType": schema.subscription_type,
            }.get(name)
            return [("__Type", root)] if root is not None else []
        if kind == "__Type":
            if name == "fields" and isinstance(obj, (GraphQLObjectType, GraphQLInterfaceType)):
                return [("__Field", f) for f in obj.fields.values()]
            if name == "interfaces" and isinstance(obj, (GraphQLObjectType, GraphQLInterfaceType)):
                return [("__Type", t) for t in obj.interfaces]
            if name == "possibleTypes" and isinstance(
                obj, (GraphQLInterfaceType, GraphQLUnionType)
            ):
                return [("__Type", t) for t in schema.get_possible_types(obj)]
            if name == "enumValues" and hasattr(obj, "values") and not isinstance(obj, dict):
                return [("__EnumValue", v) for v in obj.values.values()]
            if name == "inputFields" and isinstance(obj, GraphQLInputObjectType):
                return [("__InputValue", f) for f in obj.fields.values()]
            if name == "ofType" and isinstance(obj, (GraphQLList, GraphQLNonNull)):
                return [("__Type", obj.of_type)]
            return []
        if kind in ("__Field", "__Directive") and name == "args":
            return [("__InputValue", a) for a in obj.args.values()]
        if kind in ("__Field", "__InputValue") and name == "type":
            return [("__Type", obj.type)]
        return []


class _Reads:
    """The request's variables (and the operation's defaults) as the cost reads them, noting
    each name read: the cost depends on the values of those names and on nothing else."""

    def __init__(self, given: Mapping[str, Any], defaults: Mapping[str, Any]) -> None:
        self.given = given
        self.defaults = defaults
        self.read: dict[str, None] = {}  # names in the order first read

    def get(self, name: str) -> Any:
        self.read[name] = None
        if name in self.given:
            return self.given[name]
        return self.defaults.get(name)


def _literal(value: ValueNode, variables: Any) -> Any:
    if isinstance(value, VariableNode):
        return variables.get(value.name.value)
    if isinstance(value, IntValueNode):
        return int(value.value)
    if isinstance(value, StringValueNode):
        return value.value
    return None


def operation_of(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name:
        return next((o for o in operations if o.name and o.name.value == name), None)
    return operations[0] if len(operations) == 1 else None


def query_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    *,
    operation_name: str | None = None,
    variables: Mapping[str, Any] | None = None,
    default_page: int = 20,
    max_page: int = 100,
) -> int:
    """The static cost of a valid document's operation (see the module doc)."""
    operation = operation_of(document, operation_name)
    if operation is None:
        return 0
    return _compute(schema, document, variables, operation, default_page, max_page)[0]


def _compute(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Mapping[str, Any] | None,
    operation: OperationDefinitionNode,
    default_page: int,
    max_page: int,
) -> tuple[int, tuple[str, ...]]:
    """The cost and the names of the variables it read."""
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0, ()
    cost = _Cost(
        schema, document, variables, operation, default_page=default_page, max_page=max_page
    )
    return cost.per_object(root, operation.selection_set, default_page), tuple(cost.variables.read)


# -- the cost of the same request again ------------------------------------------------------

CACHE_SIZE = 512  # distinct (query text, operation, pages) whose costs are kept
VALUES_PER_QUERY = 16  # variable values kept per query (a list paged with $first, ...)
_MISSING = object()
_OTHER = ("other",)  # any value the cost treats alike: not an int, a string or null
_LONGEST_KEPT = 200  # a longer string variable is not kept as a key: computed each time
_TOO_LONG = object()

# (schema, query, operation name, default_page, max_page) -> {(names read, their values): cost}
_COSTS: OrderedDict[tuple[Any, ...], dict[tuple[Any, ...], int]] = OrderedDict()


def _value_key(variables: Mapping[str, Any], name: str) -> Any:
    if name not in variables:
        return _MISSING
    value = variables[name]
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return ("int", int(value))
    if isinstance(value, str):
        return ("str", value) if len(value) <= _LONGEST_KEPT else _TOO_LONG
    return _OTHER


def query_cost_cached(
    schema: GraphQLSchema,
    query: str | None,
    document: DocumentNode,
    *,
    operation_name: str | None = None,
    variables: Mapping[str, Any] | None = None,
    default_page: int = 20,
    max_page: int = 100,
) -> int:
    """:func:`query_cost`, kept per query text, operation name and page sizes, and the values
    of the variables the computation read (a ``first: $n``, a ``__type(name: $t)``).

    The computation is a function of the document and of the values it reads, so an entry
    (names read, their values) answers any later request of the same text whose values for
    those names are the same; a string longer than :data:`_LONGEST_KEPT` is never kept.
    ``query`` is the text ``document`` was parsed from (None: computed every time).
    """
    if not isinstance(query, str):
        return query_cost(
            schema,
            document,
            operation_name=operation_name,
            variables=variables,
            default_page=default_page,
            max_page=max_page,
        )
    given = variables or {}
    key = (schema, query, operation_name, default_page, max_page)
    entries = _COSTS.get(key)
    if entries is not None:
        _COSTS.move_to_end(key)
        for names_values, cost in entries.items():
            names = names_values[0]
            if names_values[1] == tuple(_value_key(given, name) for name in names):
                return cost
    operation = operation_of(document, operation_name)
    if operation is None:
        return 0
    cost, names = _compute(schema, document, variables, operation, default_page, max_page)
    values = tuple(_value_key(given, name) for name in names)
    if any(value is _TOO_LONG for value in values):
        return cost
    if entries is None:
        entries = _COSTS[key] = {}
        if len(_COSTS) > CACHE_SIZE:
            _COSTS.popitem(last=False)
    if len(entries) >= VALUES_PER_QUERY:
        entries.pop(next(iter(entries)))
    entries[(names, values)] = cost
    return cost


def returned_objects(data: Any) -> int:
    """The actual cost: objects in a response's ``data`` (the root object not counted)."""
    count = 0
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            count += 1
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return max(count - 1, 0)


def too_costly(cost: int, limit: int, lang: str) -> GraphQLError:
    """The typed refusal: ``query.too_costly`` with the cost and the limit."""
    return GraphQLError(
        translate(CODE, {"cost": cost, "limit": limit}, lang),
        extensions={"code": CODE, "kind": "QueryTooCostly", "cost": cost, "limit": limit},
    )


register_messages(
    {
        CODE: (
            "Permintaan ini terlalu mahal: dapat mengembalikan {cost} objek, batasnya {limit}. "
            "Kurangi daftar bersarang atau gunakan `first` yang lebih kecil.",
            "This request costs too much: it can return {cost} objects and the limit is "
            "{limit}. Nest fewer lists or ask for a smaller `first`.",
        ),
    }
)
