"""Validation and execution with or without graphql-core's "Did you mean ...?" suggestions.

In development a suggestion helps; in production it hands out the schema one typo at a time
(fields, arguments, types, enum values, input fields), so ``settings.suggestions`` turns them
off there. graphql-core leaves them out itself when asked (``hide_suggestions``, in validation
and in variable coercion at execution): nothing is rewritten after the fact.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from typing import Any

from graphql import ASTValidationRule, DocumentNode, GraphQLError, GraphQLSchema, validate
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule
from strawberry.types import ExecutionContext

from kinerja_core.graphql.execution import FastExecutionContext

CACHE_SIZE = 512  # distinct documents whose validation result is kept


@functools.lru_cache(maxsize=CACHE_SIZE)
def validate_cached(
    schema: GraphQLSchema,
    document: DocumentNode,
    rules: tuple[type[ASTValidationRule], ...],
    hide_suggestions: bool,
) -> list[GraphQLError]:
    # the two rules strawberry adds in its own validation step
    every_rule = (*rules, MaybeNullValidationRule, OneOfInputValidationRule)
    return validate(schema, document, every_rule, hide_suggestions=hide_suggestions)


# (schema, query text, rules, hide_suggestions) -> errors: the text is hashed once by Python
# (str caches its hash); a DocumentNode is hashed field by field on every look-up (~0.1 ms
# for the team view's document).
_BY_TEXT: OrderedDict[tuple[Any, ...], list[GraphQLError]] = OrderedDict()


def validate_text(
    schema: GraphQLSchema,
    query: str,
    document: DocumentNode,
    rules: tuple[type[ASTValidationRule], ...],
    hide_suggestions: bool,
) -> list[GraphQLError]:
    """:func:`validate_cached` keyed by the query text of which ``document`` is the parse."""
    key = (schema, query, rules, hide_suggestions)
    found = _BY_TEXT.get(key)
    if found is not None:
        _BY_TEXT.move_to_end(key)
        return found
    errors = validate_cached.__wrapped__(schema, document, rules, hide_suggestions)
    _BY_TEXT[key] = errors
    if len(_BY_TEXT) > CACHE_SIZE:
        _BY_TEXT.popitem(last=False)
    return errors


def validate_request(context: ExecutionContext, hide_suggestions: bool) -> list[GraphQLError]:
    """The validation errors of a request's document (strawberry's ``ValidationCache``, with
    suggestions shown or hidden; an LRU shared by every request)."""
    assert context.graphql_document is not None
    rules = tuple(context.validation_rules)
    schema = context.schema._schema
    if isinstance(context.query, str):
        return validate_text(
            schema, context.query, context.graphql_document, rules, hide_suggestions
        )
    # a document without its text (not from HTTP): keyed by the document
    return validate_cached(schema, context.graphql_document, rules, hide_suggestions)


class QuietExecutionContext(FastExecutionContext):
    """Execution (variable coercion included) without suggestions in its error messages."""

    @classmethod
    def build(cls, *args: Any, **kwargs: Any) -> Any:
        kwargs["hide_suggestions"] = True
        return super().build(*args, **kwargs)
