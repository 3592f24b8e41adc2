"""The request pipeline of the served schema: one strawberry schema extension for every step.

Strawberry builds each schema extension anew for every request, then for each phase
(operation, parse, validation, execution) looks up every extension's hook and enters it as
its own context manager: with eight extensions that was about half of ``Schema.execute``'s
own time for a small query. :class:`RequestPipeline` does the same steps, in the same order,
as one extension (docs/limits.md and docs/performance-log.md, section "fixedcost"):

1. operation: the depth and alias limit rules are added to validation, the token limit to
   parsing (:data:`Pipeline.max_tokens`), the list of cut lists is started afresh
   (:mod:`kinerja_core.graphql.list_caps`); when the operation is over, unexpected errors
   are logged and masked (:class:`kinerja_core.graphql.compose.KinerjaErrorMasking`);
2. parse: the document, from an LRU cache keyed by the query text and the token limit;
3. validation: the cached validation (:mod:`kinerja_core.graphql.suggestions`), then the
   operation gates (:mod:`kinerja_core.graphql.gates`: introspection, pending password
   change), both answering like a validation error;
4. execution: the static cost limit (:mod:`kinerja_core.graphql.cost`; the cost is cached
   per query text, operation and the values of the variables the cost reads), then the
   checks the caller added (a failed plugin authentication: ``execute_checks``);
5. results: ``extensions.cost`` when asked, ``extensions.truncated`` when a list was cut.

Nothing about the viewer is kept between requests: the gates look at the viewer of this
request each time; only facts about the document (its cost, whether it introspects, its root
fields) are cached.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from graphql import ASTValidationRule, ExecutionResult
from graphql.language.parser import parse
from strawberry.types import ExecutionContext

from kinerja_core.graphql.cost import query_cost_cached, returned_objects, too_costly
from kinerja_core.graphql.gates import refusal
from kinerja_core.graphql.list_caps import start_truncation_report, truncated_lists
from kinerja_core.graphql.masking import KinerjaErrorMasking
from kinerja_core.graphql.suggestions import validate_request

PARSE_CACHE_SIZE = 512  # distinct query texts whose parsed document is kept

# An extra check before execution: an ExecutionResult answers instead of executing.
ExecuteCheck = Callable[[ExecutionContext], ExecutionResult | None]


@functools.lru_cache(maxsize=PARSE_CACHE_SIZE)
def parse_cached(query: str, max_tokens: int | None) -> Any:
    """The parsed document of ``query`` (errors are raised, and not cached)."""
    return parse(query, max_tokens=max_tokens)


@dataclass(frozen=True)
class Pipeline:
    """What every request of a schema is checked against (made once, with the schema)."""

    validation_rules: tuple[type[ASTValidationRule], ...]
    max_tokens: int
    max_cost: int
    default_page: int
    max_page: int
    hide_suggestions: bool
    introspection: str  # Settings.introspection_mode
    execute_checks: tuple[ExecuteCheck, ...] = field(default=())

    def extension(self) -> RequestPipeline:
        """The extension of one request (strawberry calls this for each)."""
        return RequestPipeline(self)


class RequestPipeline(KinerjaErrorMasking):
    """One request's pass through the pipeline (see the module doc for the steps)."""

    def __init__(self, pipeline: Pipeline) -> None:
        super().__init__()
        self.pipeline = pipeline
        self.cost: int | None = None

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        context.validation_rules = context.validation_rules + self.pipeline.validation_rules
        context.parse_options["max_tokens"] = self.pipeline.max_tokens
        start_truncation_report(context.context)
        # the masking of unexpected errors once the operation is over (MaskErrors)
        yield from super().on_operation()

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        context.graphql_document = parse_cached(
            context.query, context.parse_options.get("max_tokens")
        )
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        errors = validate_request(context, self.pipeline.hide_suggestions)
        if not errors:
            refused = refusal(context, self.pipeline.introspection)
            if refused is not None:
                errors = [refused]  # a new list: the validation cache hands out its own
        # strawberry looks at these before the code after ``yield`` would run
        context.pre_execution_errors = errors
        yield

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        pipeline = self.pipeline
        if context.graphql_document is not None:
            self.cost = query_cost_cached(
                context.schema._schema,
                context.query,
                context.graphql_document,
                operation_name=context.operation_name,
                variables=context.variables,
                default_page=pipeline.default_page,
                max_page=pipeline.max_page,
            )
            if self.cost > pipeline.max_cost:
                lang = getattr(context.context, "lang", "id")
                raise too_costly(self.cost, pipeline.max_cost, lang)
        for check in pipeline.execute_checks:
            answer = check(context)
            if answer is not None:
                context.result = answer
        yield

    def get_results(self) -> dict[str, Any]:
        context = self.execution_context
        results: dict[str, Any] = {}
        asked = context.operation_extensions or {}
        if asked.get("cost") and self.cost is not None:
            result = context.result
            actual = returned_objects(getattr(result, "data", None)) if result is not None else 0
            results["cost"] = {
                "requestedQueryCost": self.cost,
                "actualQueryCost": actual,
                "maxQueryCost": self.pipeline.max_cost,
            }
        found = truncated_lists(context.context)
        if found:
            results["truncated"] = found
        return results
