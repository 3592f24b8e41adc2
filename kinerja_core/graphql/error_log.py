"""What the log says about a failed GraphQL request: never the query, never its variables.

graphql-core prints an error with the lines of the query around it, and strawberry logs every
error that way with its traceback, so an inline ``password: "..."`` reached the log and an
expected refusal (``NotAllowed``, ``PluginDisabled``) filled it with two tracebacks.

- An expected refusal or an invalid request logs one line at INFO: the request id, the kind,
  the code and the path; not the message, which may quote the values sent.
- An unexpected error is logged by :class:`kinerja_core.graphql.masking.KinerjaErrorMasking`
  with its traceback and the request id, still without the query or the variables.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionContext

from kinerja_core.domain.errors import RuleViolation
from kinerja_core.errors import KinerjaError

log = logging.getLogger("kinerja.graphql")
_NAME = re.compile(r"^[_A-Za-z][_0-9A-Za-z]{0,63}$")  # a GraphQL name: nothing else is logged


def unexpected(error: GraphQLError) -> bool:
    """An error no rule of the application raised on purpose (logged with a traceback)."""
    original = error.original_error
    return original is not None and not isinstance(
        original, GraphQLError | KinerjaError | RuleViolation
    )


def describe(error: GraphQLError) -> str:
    """One line about an expected error, with nothing the client sent in it."""
    extensions: dict[str, Any] = error.extensions or {}
    original = error.original_error
    if isinstance(original, KinerjaError | RuleViolation):
        code = original.code
        kind = getattr(original, "kind", "ValidationError")
    else:
        code = extensions.get("code", "graphql.invalid")
        kind = extensions.get("kind", "GraphQLError")
    path = ".".join(str(p) for p in error.path) if error.path else "-"
    return f"kind={kind} code={code} path={path}"


class LoggingSchema(strawberry.Schema):
    """The strawberry schema whose error log follows the module's rules."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        expected = [e for e in errors if not unexpected(e)]
        if not expected:
            return
        context = getattr(execution_context, "context", None)
        request_id = getattr(getattr(context, "service", None), "request_id", "")
        operation = getattr(execution_context, "operation_name", None) or "-"
        operation = operation if _NAME.match(operation) else "-"
        for error in expected:
            log.info("refused [request %s] operation=%s %s", request_id, operation, describe(error))
