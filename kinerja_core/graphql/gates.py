"""Checks on a whole operation before it runs: who may introspect, and the pending password change.

- Introspection (``__schema``, ``__type``) follows ``settings.introspection``: ``public``,
  ``signed_in`` (the production default: an anonymous caller learns nothing of the API) or
  ``off``. ``__typename`` is always allowed: clients need it to read unions.
- A viewer whose account has ``mustChangePassword`` set (after an admin reset) may only run
  ``changePassword``, ``logout``, ``login`` and ``me``; anything else, subscriptions included,
  answers ``auth.password_change_required``.

Both run once validation has passed (the extension comes after
:class:`kinerja_core.graphql.suggestions.CachedValidation`), for queries, mutations and
subscriptions alike, and answer like a validation error: nothing is executed.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    SelectionSetNode,
    validate,
)
from graphql.utilities import get_operation_ast
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import SchemaExtension

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


class OperationGates(SchemaExtension):
    """Refuses introspection and operations the viewer may not start (see the module doc)."""

    def __init__(self, introspection: str) -> None:
        super().__init__()
        self.introspection = introspection  # Settings.introspection_mode

    def on_validate(self) -> Iterator[None]:
        # Listed after CachedValidation, whose result is already there; strawberry looks at
        # the errors before the code after ``yield`` would run.
        context = self.execution_context
        if context.pre_execution_errors is not None and not context.pre_execution_errors:
            refusal = self._refusal()
            if refusal is not None:
                # a new list: the validation cache hands out its own
                context.pre_execution_errors = [refusal]
        yield

    def _refusal(self) -> GraphQLError | None:
        context = self.execution_context
        request = context.context
        service = getattr(request, "service", None)
        viewer = getattr(service, "viewer", None)
        lang = getattr(request, "lang", "id")
        document = context.graphql_document
        assert document is not None
        if self.introspection != "public" and (self.introspection == "off" or viewer is None):
            if validate(context.schema._schema, document, [NoSchemaIntrospectionCustomRule]):
                code = "introspection.off" if self.introspection == "off" else "auth.required"
                return _error(code, lang)
        if viewer is not None and viewer.must_change_password:
            if not root_fields(document, context.operation_name) <= PASSWORD_CHANGE_FIELDS:
                return _error("auth.password_change_required", lang)
        return None


def _error(code: str, lang: str) -> GraphQLError:
    return GraphQLError(translate(code, {}, lang), extensions={"code": code, "kind": "NotAllowed"})
