"""GraphQL over HTTP (the GraphQL-over-HTTP spec), with multipart file uploads.

- POST ``application/json`` or ``multipart/form-data`` (GraphQL multipart request spec);
  GET with query parameters for queries only (a mutation over GET answers 405).
- ``Accept: application/graphql-response+json`` gets spec status codes (4xx for request
  errors); ``application/json`` (and a missing Accept) gets 200 for every well-formed request.
- GraphiQL is served to browsers at the same URL in development.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse
from graphql.error import GraphQLSyntaxError
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from strawberry import Schema

from kinerja_core.graphql.context import GraphQLContext

log = logging.getLogger("kinerja.http")

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"

ContextFactory = Callable[[Request], Awaitable[GraphQLContext]]


class RequestError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def _media_types(accept: str) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    for part in accept.split(","):
        bits = [b.strip() for b in part.split(";")]
        if not bits[0]:
            continue
        quality = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    quality = float(b[2:])
                except ValueError:
                    quality = 0.0
        out.append((bits[0].lower(), quality))
    return out


def negotiate(accept: str | None) -> str | None:
    """The response media type for an Accept header, or None when none is acceptable."""
    if not accept:
        return JSON
    best: tuple[float, int, str] | None = None
    for media, quality in _media_types(accept):
        if quality <= 0:
            continue
        if media == GRAPHQL_RESPONSE:
            choice = (quality, 2, GRAPHQL_RESPONSE)
        elif media == JSON:
            choice = (quality, 1, JSON)
        elif media in ("*/*", "application/*"):
            choice = (quality, 0, GRAPHQL_RESPONSE)
        else:
            continue
        if best is None or choice[:2] > best[:2]:
            best = choice
    return best[2] if best else None


def _set_path(target: dict[str, Any], path: str, value: Any) -> None:
    keys = path.split(".")
    node: Any = target
    for key in keys[:-1]:
        node = node[int(key)] if isinstance(node, list) else node[key]
    last = keys[-1]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


async def _multipart_params(request: Request, max_bytes: int) -> tuple[dict[str, Any], dict]:
    try:
        form = await request.form(max_files=20, max_fields=100, max_part_size=max_bytes + 1)
    except Exception as exc:  # malformed or oversized body
        raise RequestError(400, f"Invalid multipart body: {exc}") from exc
    try:
        operations = json.loads(form.get("operations") or "")
        mapping = json.loads(form.get("map") or "{}")
    except (TypeError, ValueError) as exc:
        raise RequestError(400, "Multipart 'operations' and 'map' must be JSON.") from exc
    if not isinstance(operations, dict) or not isinstance(mapping, dict):
        raise RequestError(400, "Multipart 'operations' must be an object (batching is off).")
    files: dict[str, Any] = {}
    for key, paths in mapping.items():
        upload = form.get(key)
        if upload is None or isinstance(upload, str):
            raise RequestError(400, f"Multipart file '{key}' is missing.")
        files[key] = upload
        for path in paths if isinstance(paths, list) else []:
            try:
                _set_path(operations, path, upload)
            except (KeyError, IndexError, ValueError, TypeError) as exc:
                raise RequestError(400, f"Multipart map path '{path}' is invalid.") from exc
    return operations, files


async def read_params(request: Request, max_upload: int) -> dict[str, Any]:
    """The GraphQL request parameters of an HTTP request (or a RequestError)."""
    if request.method == "GET":
        raw = dict(request.query_params)
        params: dict[str, Any] = {"query": raw.get("query"), "operationName": raw.get("operationName")}
        for key in ("variables", "extensions"):
            if raw.get(key):
                try:
                    params[key] = json.loads(raw[key])
                except ValueError as exc:
                    raise RequestError(400, f"'{key}' must be JSON.") from exc
        return params
    if request.method != "POST":
        raise RequestError(405, "Use GET or POST.", {"Allow": "GET, POST"})
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == JSON:
        try:
            params = json.loads(await request.body())
        except ValueError as exc:
            raise RequestError(400, "The body is not valid JSON.") from exc
        if not isinstance(params, dict):
            raise RequestError(400, "The body must be a JSON object (batching is off).")
        return params
    if content_type == "multipart/form-data":
        params, _files = await _multipart_params(request, max_upload)
        return params
    raise RequestError(415, f"Unsupported content type {content_type or '(none)'}; use {JSON}.")


def _check_params(params: dict[str, Any]) -> None:
    query = params.get("query")
    if not isinstance(query, str) or not query.strip():
        raise RequestError(400, "'query' must be a non-empty string.")
    if params.get("variables") is not None and not isinstance(params["variables"], dict):
        raise RequestError(400, "'variables' must be an object.")
    if params.get("operationName") is not None and not isinstance(params["operationName"], str):
        raise RequestError(400, "'operationName' must be a string.")
    if params.get("extensions") is not None and not isinstance(params["extensions"], dict):
        raise RequestError(400, "'extensions' must be an object.")


def _operation_type(query: str, operation_name: str | None) -> OperationType | None:
    try:
        document = parse(query)
    except GraphQLSyntaxError:
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    for op in operations:
        if operation_name is None or (op.name and op.name.value == operation_name):
            return op.operation
    return None


def _error_body(message: str) -> dict[str, Any]:
    return {"errors": [{"message": message}]}


def _is_request_error(errors: list[GraphQLError]) -> bool:
    """Parse, validation and variable errors have no path: the operation never ran."""
    return all(not e.path for e in errors)


class GraphQLHTTP:
    """The ``/graphql`` HTTP endpoint over a composed strawberry schema."""

    def __init__(
        self, schema: Schema, make_context: ContextFactory, *, graphiql: bool, max_upload: int
    ) -> None:
        self.schema = schema
        self.make_context = make_context
        self.graphiql = graphiql
        self.max_upload = max_upload

    async def handle(self, request: Request) -> Response:
        accept = request.headers.get("accept", "")
        if (
            self.graphiql
            and request.method == "GET"
            and "text/html" in accept
            and "query" not in request.query_params
        ):
            return HTMLResponse(graphiql_page())
        media = negotiate(accept)
        if media is None:
            return JSONResponse(
                _error_body(f"Accept {GRAPHQL_RESPONSE} or {JSON}."), status_code=406
            )
        try:
            params = await read_params(request, self.max_upload)
            _check_params(params)
        except RequestError as exc:
            return Response(
                json.dumps(_error_body(exc.message)),
                status_code=exc.status,
                media_type=media,
                headers=exc.headers,
            )
        query, op_name = params["query"], params.get("operationName")
        op_type = _operation_type(query, op_name)
        if request.method == "GET" and op_type is OperationType.MUTATION:
            return Response(
                json.dumps(_error_body("Mutations need POST.")),
                status_code=405,
                media_type=media,
                headers={"Allow": "POST"},
            )
        if op_type is OperationType.SUBSCRIPTION:
            return Response(
                json.dumps(_error_body("Subscriptions need the WebSocket protocol.")),
                status_code=400 if media == GRAPHQL_RESPONSE else 200,
                media_type=media,
            )
        context = await self.make_context(request)
        result = await self.schema.execute(
            query,
            variable_values=params.get("variables"),
            context_value=context,
            operation_name=op_name,
        )
        body: dict[str, Any] = {}
        status = 200
        if result.errors and result.data is None and _is_request_error(result.errors):
            if media == GRAPHQL_RESPONSE:
                status = 400
        else:
            body["data"] = result.data
        if result.errors:
            body["errors"] = [e.formatted for e in result.errors]
        if result.extensions:
            body["extensions"] = result.extensions
        headers = {"X-Request-Id": context.service.request_id}
        return Response(
            json.dumps(body, default=str), status_code=status, media_type=media, headers=headers
        )


def graphiql_page() -> str:
    """GraphiQL from the strawberry package (no CDN call needed for the HTML itself)."""
    from strawberry.http.ides import get_graphql_ide_html

    return get_graphql_ide_html(graphql_ide="graphiql")
