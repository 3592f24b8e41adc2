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

from graphql import ASTValidationRule, ExecutionResult, GraphQLError
from graphql import execute as graphql_execute
from graphql.language.parser import parse
from strawberry.exceptions import MissingQueryError
from strawberry.execution import optimized_is_awaitable
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionContext
from strawberry.types import ExecutionResult as StrawberryExecutionResult
from strawberry.types.execution import PreExecutionError

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
    """One request's pass through the pipeline (see the module doc for the steps).

    Each step is a plain method, run either by strawberry's extension hooks (``on_*``: the
    WebSocket subscriptions, a schema with other extensions) or straight by :func:`execute`.
    """

    def __init__(self, pipeline: Pipeline) -> None:
        super().__init__()
        self.pipeline = pipeline
        self.cost: int | None = None

    def start(self) -> None:
        """Before the operation: its limits, a fresh list of cut lists."""
        context = self.execution_context
        context.validation_rules = context.validation_rules + self.pipeline.validation_rules
        context.parse_options["max_tokens"] = self.pipeline.max_tokens
        start_truncation_report(context.context)

    def parse(self) -> None:
        context = self.execution_context
        context.graphql_document = parse_cached(
            context.query, context.parse_options.get("max_tokens")
        )

    def validate(self) -> None:
        context = self.execution_context
        errors = validate_request(context, self.pipeline.hide_suggestions)
        if not errors:
            refused = refusal(context, self.pipeline.introspection)
            if refused is not None:
                errors = [refused]  # a new list: the validation cache hands out its own
        # strawberry looks at these before the code after ``yield`` would run
        context.pre_execution_errors = errors

    def check(self) -> None:
        """Before execution: the cost limit (raises), then the caller's checks."""
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

    def finish(self) -> None:
        """After the operation: unexpected errors masked (MaskErrors, after its ``yield``)."""
        result = self.execution_context.result
        if isinstance(result, ExecutionResult | StrawberryExecutionResult):
            self._process_result(result)

    def on_operation(self) -> Iterator[None]:
        self.start()
        # the masking of unexpected errors once the operation is over (MaskErrors)
        yield from super().on_operation()

    def on_parse(self) -> Iterator[None]:
        self.parse()
        yield

    def on_validate(self) -> Iterator[None]:
        self.validate()
        yield

    def on_execute(self) -> Iterator[None]:
        self.check()
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


async def execute(
    schema: Any,
    pipeline: Pipeline,
    query: str | None,
    allowed_operations: Any,
    variables: dict[str, Any] | None = None,
    context_value: Any = None,
    root_value: Any = None,
    operation_name: str | None = None,
    operation_extensions: dict[str, Any] | None = None,
) -> Any:
    """strawberry's ``Schema.execute`` for a schema whose only extension is the pipeline.

    The same steps in the same order, with the same errors, logging and masking, without
    the objects strawberry makes for every request to run extensions in general: the
    extension list, the runner and its context manager per phase, the middleware manager
    (empty: the pipeline wraps no resolver). strawberry 0.341's ``execute``, in brief: the
    operation (parse, operation type, validation, then the checks and graphql-core's
    ``execute``) inside the operation hook, whose end masks the errors; an exception raised
    by a step is answered as an error outside it, unmasked; ``MissingQueryError`` and the
    operation type errors reach the caller.
    """
    context = ExecutionContext(
        query=query,
        schema=schema,
        allowed_operations=allowed_operations,
        context=context_value,
        root_value=root_value,
        variables=variables,
        provided_operation_name=operation_name,
        operation_extensions=operation_extensions,
    )
    step = RequestPipeline(pipeline)
    step.execution_context = context
    try:
        step.start()
        if not context.query and context.graphql_document is None:
            raise MissingQueryError
        step.parse()
        if operation_name is None:  # the document's first operation's, looked up once
            context._provided_operation_name = context.operation_name
        try:
            operation_type = context.operation_type
        except RuntimeError as error:
            raise CannotGetOperationTypeError(context.operation_name) from error
        if operation_type not in context.allowed_operations:
            raise InvalidOperationTypeError(operation_type)
        step.validate()
        if context.pre_execution_errors:
            errors = PreExecutionError(data=None, errors=context.pre_execution_errors)
            answer = _answer(schema, context, step, errors)
            step.finish()
            return answer
        step.check()
        result = context.result
        if not result:
            result = graphql_execute(
                schema._schema,
                context.graphql_document,
                root_value=context.root_value,
                variable_values=context.variables,
                operation_name=context.operation_name,
                context_value=context.context,
                is_awaitable=optimized_is_awaitable,
                executor_class=schema.execution_context_class,
                operation_extensions=operation_extensions,
            )
            if optimized_is_awaitable(result):
                result = await result
            context.result = result
        if isinstance(result, ExecutionResult) and result.errors:
            context.pre_execution_errors = result.errors
            # logged as they are, before the masking replaces the unexpected ones
            schema._process_errors(result.errors, context)
        step.finish()
    except (MissingQueryError, CannotGetOperationTypeError, InvalidOperationTypeError):
        raise
    except Exception as exc:
        error = exc if isinstance(exc, GraphQLError) else GraphQLError(str(exc), original_error=exc)
        return _answer(schema, context, step, PreExecutionError(data=None, errors=[error]))
    return _answer(schema, context, step, result, process_errors=False)


def _answer(
    schema: Any,
    context: ExecutionContext,
    step: RequestPipeline,
    result: Any,
    *,
    process_errors: bool = True,
) -> StrawberryExecutionResult:
    """strawberry's ``_handle_execution_result``: the errors logged, the extensions' results."""
    if result.errors:
        context.pre_execution_errors = result.errors
        if process_errors:
            schema._process_errors(result.errors, context)
    if isinstance(result, ExecutionResult):
        result = StrawberryExecutionResult(data=result.data, errors=result.errors)
    extensions = step.get_results()
    extensions.update(context.extensions_results)
    result.extensions = extensions
    context.result = result
    return result
