"""Checks on a whole operation before it runs: who may introspect, and the pending password change.

- Introspection (``__schema``, ``__type``) follows ``settings.introspection``: ``public``,
  ``signed_in`` (the production default: an anonymous caller learns nothing of the API) or
  ``off``. ``__typename`` is always allowed: clients need it to read unions.
- A viewer whose account has ``mustChangePassword`` set (after an admin reset) may only run
  ``changePassword``, ``logout``, ``login`` and ``me``; anything else, subscriptions included,
  answers ``auth.password_change_required``.

Both run once validation has passed (:class:`kinerja_core.graphql.pipeline.RequestPipeline`,
right after the cached validation), for queries, mutations and subscriptions alike, and
answer like a validation error: nothing is executed.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
    validate,
)
from graphql.utilities import get_operation_ast
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.types import ExecutionContext

from kinerja_core.i18n import translate

# What a person who must change their password may still do.
PASSWORD_CHANGE_FIELDS = frozenset({"changePassword", "logout", "login", "me", "__typename"})


def root_fields(document: DocumentNode, operation_name: str | None) -> set[str]:
    """The names of the fields at the root of the operation, through fragments."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return set()
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    names: set[str] = set()

    def walk(selection_set: SelectionSetNode, seen: frozenset[str]) -> None:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                names.add(selection.name.value)
            elif isinstance(selection, InlineFragmentNode):
                walk(selection.selection_set, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in fragments and name not in seen:
                    walk(fragments[name].selection_set, seen | {name})

    walk(operation.selection_set, frozenset())
    return names


def refusal(context: ExecutionContext, introspection: str) -> GraphQLError | None:
    """Why the viewer of this request may not start this valid operation, or None.

    ``introspection`` is ``Settings.introspection_mode``. What the document asks (whether it
    introspects, its root fields) is kept per query text; who asks is this request's viewer.
    """
    request = context.context
    service = getattr(request, "service", None)
    viewer = getattr(service, "viewer", None)
    lang = getattr(request, "lang", "id")
    document = context.graphql_document
    assert document is not None
    query = context.query if isinstance(context.query, str) else None
    schema = context.schema._schema
    if introspection != "public" and (introspection == "off" or viewer is None):
        if _introspects(schema, document, query):
            code = "introspection.off" if introspection == "off" else "auth.required"
            return _error(code, lang)
    if viewer is not None and viewer.must_change_password:
        if not _root_fields(document, query, context.operation_name) <= PASSWORD_CHANGE_FIELDS:
            return _error("auth.password_change_required", lang)
    return None


CACHE_SIZE = 512  # distinct query texts whose answers are kept
_INTROSPECTS: OrderedDict[tuple[Any, str], bool] = OrderedDict()
_ROOT_FIELDS: OrderedDict[tuple[str, str | None], frozenset[str]] = OrderedDict()


def _kept(cache: OrderedDict[Any, Any], key: Any, compute: Any) -> Any:
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    value = cache[key] = compute()
    if len(cache) > CACHE_SIZE:
        cache.popitem(last=False)
    return value


def _introspects(schema: GraphQLSchema, document: DocumentNode, query: str | None) -> bool:
    def check() -> bool:
        return bool(validate(schema, document, [NoSchemaIntrospectionCustomRule]))

    return check() if query is None else _kept(_INTROSPECTS, (schema, query), check)


def _root_fields(document: DocumentNode, query: str | None, name: str | None) -> frozenset[str]:
    def names() -> frozenset[str]:
        return frozenset(root_fields(document, name))

    return names() if query is None else _kept(_ROOT_FIELDS, (query, name), names)


def _error(code: str, lang: str) -> GraphQLError:
    return GraphQLError(translate(code, {}, lang), extensions={"code": code, "kind": "NotAllowed"})
