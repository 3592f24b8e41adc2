"""Validation and execution with or without graphql-core's "Did you mean ...?" suggestions.

In development a suggestion helps; in production it hands out the schema one typo at a time
(fields, arguments, types, enum values, input fields), so ``settings.suggestions`` turns them
off there. graphql-core leaves them out itself when asked (``hide_suggestions``, in validation
and in variable coercion at execution): nothing is rewritten after the fact.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from graphql import ASTValidationRule, DocumentNode, GraphQLError, GraphQLSchema, validate
from strawberry.extensions import SchemaExtension
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

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


class CachedValidation(SchemaExtension):
    """Strawberry's ``ValidationCache``, with suggestions shown or hidden (LRU, shared)."""

    def __init__(self, *, hide_suggestions: bool) -> None:
        super().__init__()
        self.hide_suggestions = hide_suggestions

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        assert context.graphql_document is not None
        context.pre_execution_errors = validate_cached(
            context.schema._schema,
            context.graphql_document,
            tuple(context.validation_rules),
            self.hide_suggestions,
        )
        yield


class QuietExecutionContext(FastExecutionContext):
    """Execution (variable coercion included) without suggestions in its error messages."""

    @classmethod
    def build(cls, *args: Any, **kwargs: Any) -> Any:
        kwargs["hide_suggestions"] = True
        return super().build(*args, **kwargs)
