"""Unexpected errors in a GraphQL answer: logged with the request id, shown masked.

A service or domain error that reached GraphQL unwrapped (e.g. ``auth.required`` from
``require_viewer`` in a resolver) becomes the same typed error :func:`errors.query` gives;
anything else not raised on purpose is logged with its traceback (never the query or its
variables, see :mod:`kinerja_core.graphql.error_log`) and answered as ``internal`` with the
request id. Part of :class:`kinerja_core.graphql.pipeline.RequestPipeline`.
"""

from __future__ import annotations

import logging

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from kinerja_core.domain.errors import RuleViolation
from kinerja_core.errors import KinerjaError
from kinerja_core.graphql.errors import graphql_error
from kinerja_core.i18n import translate

log = logging.getLogger("kinerja.graphql")


class KinerjaErrorMasking(MaskErrors):
    """Unexpected exceptions are logged with the request id and shown masked."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=self._should_mask, error_message="internal")

    def _process_result(self, result: object) -> None:
        # MaskErrors asks ``isinstance(result, <a runtime-checkable Protocol>)``, which walks
        # the protocol's attributes on every request; an answer without errors needs nothing
        errors = getattr(result, "errors", None)
        if errors:
            result.errors = self._process_errors(errors)  # type: ignore[attr-defined]

    @staticmethod
    def _should_mask(error: GraphQLError) -> bool:
        return error.original_error is not None and not isinstance(
            error.original_error, GraphQLError
        )

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        context = self.execution_context.context
        typed = _typed_error(error, getattr(context, "lang", "id"))
        if typed is not None:
            return typed
        request_id = getattr(getattr(context, "service", None), "request_id", "")
        log.error("unexpected error [request %s]", request_id, exc_info=error.original_error)
        lang = getattr(context, "lang", "id")
        return GraphQLError(
            translate("internal", {"request_id": request_id}, lang),
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": "internal", "kind": "InternalError", "requestId": request_id},
        )


def _typed_error(error: GraphQLError, lang: str) -> GraphQLError | None:
    """A service or domain error that reached GraphQL unwrapped (e.g. ``auth.required`` from
    ``require_viewer`` in a resolver): the same typed error :func:`errors.query` gives."""
    if not isinstance(error.original_error, KinerjaError | RuleViolation):
        return None
    typed = graphql_error(error.original_error, lang)
    return GraphQLError(
        typed.message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=typed.extensions,
    )
