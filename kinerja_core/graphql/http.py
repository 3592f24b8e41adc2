"""GraphQL over HTTP (https://graphql.github.io/graphql-over-http/), with multipart uploads.

- POST ``application/json`` or ``multipart/form-data`` (the GraphQL multipart request spec);
  GET with URL parameters for queries only (a mutation over GET answers 405).
- ``Accept: application/graphql-response+json`` gets the spec's status codes (400 when the
  operation could not start: parse, validation, variable errors); ``application/json``,
  ``*/*`` and a missing Accept get ``application/json`` and 200 for every well-formed request.
- A request that is not well-formed (bad JSON, wrong parameter types, wrong content type, a
  body over the limit) gets a 4xx in either media type; it never reaches the schema.
- Every response carries ``X-Request-Id`` (the client's, when it sent a sane one).
- Bounded cost (docs/limits.md): a query running past the execution timeout answers
  ``query.timeout``, an answer larger than the response cap ``response.too_large``; JSON
  nested deeper than :data:`MAX_JSON_DEPTH` is refused with 400. ``extensions: {"cost":
  true}`` (or the header ``X-Query-Cost: true``) asks for the cost in the answer.
- GraphiQL (development only) is its own page at ``/graphiql`` (:func:`graphiql`), sending
  to ``/graphql``; the web app is at ``/`` (kinerja_core/web.py).
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import os
import re
from collections.abc import Awaitable, Callable
from typing import Any

from graphql import GraphQLError, parse
from graphql.utilities import get_operation_ast
from starlette.datastructures import UploadFile
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.types import Message
from strawberry import Schema
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types.graphql import OperationType

from kinerja_core.graphql.context import GraphQLContext
from kinerja_core.i18n import pick_language, register_messages, translate
from kinerja_core.security_headers import graphiql_policy

log = logging.getLogger("kinerja.http")

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
MULTIPART = "multipart/form-data"
MAX_JSON_BYTES = 1024 * 1024  # a JSON body (query + variables); queries are token-limited too
MAX_FILES = 5  # files in one multipart request
MAX_JSON_DEPTH = 64  # nesting of a request's JSON (variables hold input objects a few deep)

ContextFactory = Callable[[Request], Awaitable[GraphQLContext]]
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestError(Exception):
    """A request that is not well-formed: answered with ``status``, never executed."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def header(request: Request, name: str, default: Any = "") -> Any:
    """The first value of the (lowercase) header ``name``, as ``request.headers.get`` gives it.

    The headers become a dict once per request, kept in the scope: ``Headers.get`` walks
    the whole list on each call, and a request looks up about ten.
    """
    scope = request.scope
    found = scope.get("kinerja.headers")
    if found is None:
        found = scope["kinerja.headers"] = dict(reversed(scope["headers"]))  # the first wins
    value = found.get(name.encode("latin-1"))
    return default if value is None else value.decode("latin-1")


def request_id_of(request: Request) -> str:
    """The request's id: the client's ``X-Request-Id`` when sane, else a new one (kept).

    Kept in the request's ``scope["state"]`` (what ``request.state`` reads), looked up
    without ``request.state``, which raises and catches an AttributeError when it is unset.
    """
    state = request.scope.setdefault("state", {})
    known = state.get("request_id")
    if known:
        return known
    incoming = header(request, "x-request-id")
    request_id = incoming if _REQUEST_ID.match(incoming) else os.urandom(8).hex()
    state["request_id"] = request_id
    return request_id


def _media_types(accept: str) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    for part in accept.split(","):
        bits = [b.strip() for b in part.split(";")]
        if not bits[0]:
            continue
        quality = 1.0
        for b in bits[1:]:
            if b.replace(" ", "").startswith("q="):
                try:
                    quality = float(b.split("=", 1)[1])
                except ValueError:
                    quality = 0.0
        out.append((bits[0].lower(), quality))
    return out


@functools.lru_cache(maxsize=64)  # a client sends the same Accept on every request
def negotiate(accept: str | None) -> str | None:
    """The response media type for an Accept header, or None when none is acceptable.

    ``application/graphql-response+json`` only when the client names it; wildcards and a
    missing header get ``application/json``, which every client understands.
    """
    if not accept or not accept.strip():
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
            choice = (quality, 0, JSON)
        else:
            continue
        if best is None or choice[:2] > best[:2]:
            best = choice
    return best[2] if best else None


def _check_length(request: Request, limit: int) -> None:
    length = header(request, "content-length")
    if length.isdigit() and int(length) > limit:
        raise RequestError(413, f"The request body is larger than {limit} bytes.")


async def _capped_body(request: Request, limit: int) -> bytes:
    """The body, read as ``_capped(request, limit).body()`` reads it (413 past ``limit``)
    from the request's own ``receive``, without a second request and its stream."""
    _check_length(request, limit)
    chunks: list[bytes] = []
    received = 0
    while True:
        message = await request.receive()
        if message["type"] == "http.request":
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > limit:
                raise RequestError(413, f"The request body is larger than {limit} bytes.")
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        elif message["type"] == "http.disconnect":
            raise ClientDisconnect()
    body = b"".join(chunks)
    request._body = body  # what a later ``request.body()`` returns, as starlette keeps it
    return body


def _capped(request: Request, limit: int) -> Request:
    """The same request, whose body stream fails with 413 once it passes ``limit`` bytes."""
    _check_length(request, limit)
    received = 0

    async def receive() -> Message:
        nonlocal received
        message = await request.receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise RequestError(413, f"The request body is larger than {limit} bytes.")
        return message

    return Request(request.scope, receive)


def _set_path(target: dict[str, Any], path: str, value: Any) -> None:
    keys = path.split(".")
    node: Any = target
    for key in keys[:-1]:
        node = node[int(key)] if isinstance(node, list) else node[key]
    last = keys[-1]
    if isinstance(node, list):
        node[int(last)] = value
    elif isinstance(node, dict):
        node[last] = value
    else:
        raise TypeError(path)


async def _multipart_params(request: Request) -> tuple[dict[str, Any], dict[str, UploadFile]]:
    try:
        form = await request.form(
            max_files=MAX_FILES, max_fields=MAX_FILES + 2, max_part_size=MAX_JSON_BYTES
        )
    except RequestError:
        raise
    except Exception as exc:  # malformed multipart: starlette says what is wrong
        raise RequestError(400, f"Invalid multipart body: {exc}") from exc
    invalid = "Multipart 'operations' and 'map' must be JSON."
    operations = load_json(str(form.get("operations") or ""), "Multipart 'operations'", invalid)
    mapping = load_json(str(form.get("map") or "{}"), "Multipart 'map'", invalid)
    if not isinstance(operations, dict):
        raise RequestError(400, "Multipart 'operations' must be an object (batching is off).")
    if not isinstance(mapping, dict):
        raise RequestError(400, "Multipart 'map' must be an object.")
    files: dict[str, UploadFile] = {}
    for key, paths in mapping.items():
        upload = form.get(key)
        if not isinstance(upload, UploadFile):
            raise RequestError(400, f"Multipart file '{key}' is missing.")
        if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
            raise RequestError(400, f"Multipart map entry '{key}' must be a list of paths.")
        files[key] = upload
        for path in paths:
            try:
                _set_path(operations, path, upload)
            except (KeyError, IndexError, ValueError, TypeError) as exc:
                raise RequestError(400, f"Multipart map path '{path}' is invalid.") from exc
    return operations, files


def _depth(value: Any) -> int:
    """How deeply arrays and objects nest in a decoded JSON value (iteratively)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, (dict, list)):
            deepest = max(deepest, depth)
            if deepest > MAX_JSON_DEPTH:
                break
            stack.extend(
                (child, depth + 1) for child in (node.values() if isinstance(node, dict) else node)
            )
    return deepest


def load_json(raw: str | bytes, what: str, invalid: str) -> Any:
    """Decoded JSON, or RequestError 400 saying it is not JSON or is nested too deeply."""
    too_deep = RequestError(
        400, f"{what} is nested too deeply; at most {MAX_JSON_DEPTH} levels are accepted."
    )
    try:
        value = json.loads(raw)
    except RecursionError:  # the decoder gives up far below any sane request
        raise too_deep from None
    except ValueError as exc:  # UnicodeDecodeError is a ValueError too
        raise RequestError(400, invalid) from exc
    # each level of nesting opens with its own bracket: fewer brackets than the limit in the
    # text (a small request) cannot nest deeper, and the walk is skipped
    opens = raw.count(b"{") + raw.count(b"[") if isinstance(raw, bytes) else None
    if opens is None:
        opens = raw.count("{") + raw.count("[")
    if opens > MAX_JSON_DEPTH and _depth(value) > MAX_JSON_DEPTH:
        raise too_deep
    return value


def _json_param(raw: str, key: str) -> Any:
    return load_json(raw, f"'{key}'", f"'{key}' must be JSON.")


async def read_params(
    request: Request, *, max_upload: int
) -> tuple[dict[str, Any], dict[str, UploadFile]]:
    """The GraphQL request parameters and uploaded files of an HTTP request (or RequestError)."""
    if request.method == "GET":
        raw = request.query_params
        params: dict[str, Any] = {
            "query": raw.get("query"),
            "operationName": raw.get("operationName"),
        }
        for key in ("variables", "extensions"):
            if raw.get(key):
                params[key] = _json_param(raw[key], key)
        return params, {}
    if request.method != "POST":
        raise RequestError(405, "Use GET or POST.", {"Allow": "GET, POST"})
    content_type = header(request, "content-type").split(";")[0].strip().lower()
    if content_type == JSON:
        body = await _capped_body(request, MAX_JSON_BYTES)
        if not body.strip():
            raise RequestError(400, "The body is empty; send a JSON object with 'query'.")
        params = load_json(body, "The body", "The body is not valid JSON.")
        if not isinstance(params, dict):
            raise RequestError(400, "The body must be a JSON object (batching is off).")
        return params, {}
    if content_type == MULTIPART:
        # Each file's own size limit is the service's to check, with a message for the user;
        # this cap only stops a body far beyond anything a valid request could need.
        capped = _capped(request, MAX_FILES * max_upload + MAX_JSON_BYTES)
        return await _multipart_params(capped)
    raise RequestError(
        415,
        f"Unsupported content type {content_type or '(none)'}; use {JSON} or {MULTIPART}.",
    )


def check_params(params: dict[str, Any]) -> None:
    """The parameter types the spec requires (null counts as absent for the optional ones)."""
    query = params.get("query")
    if not isinstance(query, str) or not query.strip():
        raise RequestError(400, "'query' must be a non-empty string.")
    for key, kind, name in (
        ("variables", dict, "an object"),
        ("operationName", str, "a string"),
        ("extensions", dict, "an object"),
    ):
        if params.get(key) is not None and not isinstance(params[key], kind):
            raise RequestError(400, f"'{key}' must be {name}.")


# what json.dumps(body, default=str, ensure_ascii=False) makes anew on every call
_ENCODER = json.JSONEncoder(default=str, ensure_ascii=False)


def _json(body: dict[str, Any]) -> str:
    return _ENCODER.encode(body)


def _error_body(message: str, code: str = "bad_request") -> dict[str, Any]:
    return {"errors": [{"message": message, "extensions": {"code": code}}]}


@functools.lru_cache(maxsize=512)
def _operation_type(query: str, operation_name: str | None) -> str | None:
    try:
        operation = get_operation_ast(
            parse(query, no_location=True, max_tokens=20_000), operation_name
        )
    except (GraphQLError, RecursionError):
        return None  # strawberry reports what is wrong with the document
    return operation.operation.value if operation is not None else None


def _is_mutation(params: dict[str, Any]) -> bool:
    name = params.get("operationName")
    return _operation_type(params["query"], name if isinstance(name, str) else None) == "mutation"


def _not_started(errors: list[GraphQLError]) -> bool:
    """Parse, validation and variable errors: no path, and nothing unexpected behind them."""
    return all(not e.path and (e.extensions or {}).get("code") != "internal" for e in errors)


class GraphQLHTTP:
    """The ``/graphql`` HTTP endpoint over a composed strawberry schema."""

    def __init__(
        self,
        schema: Schema,
        make_context: ContextFactory,
        *,
        max_upload: int,
        default_language: str = "id",
        execution_timeout_ms: int = 0,
        max_response_bytes: int = 0,
    ) -> None:
        self.schema = schema
        self.execution_timeout = execution_timeout_ms / 1000 if execution_timeout_ms > 0 else None
        self.max_response_bytes = max_response_bytes
        self.make_context = make_context
        self.max_upload = max_upload
        self.default_language = default_language

    async def handle(self, request: Request) -> Response:
        request_id = request_id_of(request)
        media = negotiate(header(request, "accept", None))

        lang = pick_language(header(request, "accept-language", None), self.default_language)

        def respond(body: dict[str, Any], status: int = 200, **headers: str) -> Response:
            headers["X-Request-Id"] = request_id
            text = _json(body).encode()
            if self.max_response_bytes and len(text) > self.max_response_bytes:
                size, limit = len(text), self.max_response_bytes
                log.warning("answer of %d bytes refused [request %s]", size, request_id)
                message = translate("response.too_large", {"size": size, "limit": limit}, lang)
                extensions = {
                    "code": "response.too_large",
                    "kind": "ResponseTooLarge",
                    "size": size,
                    "limit": limit,
                }
                body = {"data": None, "errors": [{"message": message, "extensions": extensions}]}
                text = _json(body).encode()
            return Response(text, status, headers, media_type=media or JSON)

        if media is None:
            return respond(_error_body(f"Accept {GRAPHQL_RESPONSE} or {JSON}."), 406)
        try:
            params, files = await read_params(request, max_upload=self.max_upload)
            check_params(params)
            return await self._execute(request, params, files, media, respond)
        except RequestError as exc:
            code = "payload_too_large" if exc.status == 413 else "bad_request"
            return respond(_error_body(exc.message, code), exc.status, **exc.headers)
        except Exception:  # never a bare 500 page: log it, answer with the request id
            log.exception("unexpected error [request %s]", request_id)
            message = translate("internal", {"request_id": request_id}, lang)
            body = {
                "errors": [
                    {
                        "message": message,
                        "extensions": {
                            "code": "internal",
                            "kind": "InternalError",
                            "requestId": request_id,
                        },
                    }
                ]
            }
            return respond(body, 500)

    async def _execute(
        self,
        request: Request,
        params: dict[str, Any],
        files: dict[str, UploadFile],
        media: str,
        respond: Callable[..., Response],
    ) -> Response:
        allowed = (
            (OperationType.QUERY,)
            if request.method == "GET"
            else (OperationType.QUERY, OperationType.MUTATION)
        )
        try:
            context = await self.make_context(request)
            context.uploads = files
            extensions = dict(params.get("extensions") or {})
            if header(request, "x-query-cost").strip().lower() in ("1", "true"):
                extensions["cost"] = True
            # mutations are not cut short: a write stopped mid-way would leave the client
            # unsure whether it was saved; the cost limit bounds their payloads instead
            timeout = None if _is_mutation(params) else self.execution_timeout
            # in this task (asyncio.wait_for ran each query in a task of its own); the timeout
            # cancels it and answers TimeoutError the same way
            async with asyncio.timeout(timeout):
                result = await self.schema.execute(
                    params["query"],
                    variable_values=params.get("variables"),
                    context_value=context,
                    operation_name=params.get("operationName"),
                    allowed_operation_types=allowed,
                    operation_extensions=extensions,
                )
        except TimeoutError:
            seconds = self.execution_timeout or 0
            log.warning(
                "operation stopped after %.1f s [request %s]", seconds, request_id_of(request)
            )
            message = translate("query.timeout", {"seconds": f"{seconds:g}"}, context.lang)
            extensions = {"code": "query.timeout", "kind": "QueryTimeout", "seconds": seconds}
            return respond(
                {"data": None, "errors": [{"message": message, "extensions": extensions}]}
            )
        except InvalidOperationTypeError as exc:
            if exc.operation_type is OperationType.MUTATION:
                raise RequestError(405, "Mutations need POST.", {"Allow": "POST"}) from exc
            raise RequestError(400, "Subscriptions need the WebSocket protocol.") from exc
        except CannotGetOperationTypeError as exc:
            message = exc.as_http_error_reason()
            if media == GRAPHQL_RESPONSE:
                raise RequestError(400, message) from exc
            return respond(_error_body(message, "operation_unknown"))
        finally:
            for upload in files.values():
                await upload.close()
        body: dict[str, Any] = {}
        status = 200
        if result.errors and result.data is None and _not_started(result.errors):
            # the operation never ran: no "data" entry at all (spec), 400 for the new media type
            status = 400 if media == GRAPHQL_RESPONSE else 200
        else:
            body["data"] = result.data
        if result.errors:
            body["errors"] = [e.formatted for e in result.errors]
        if result.extensions:
            body["extensions"] = result.extensions
        return respond(body, status)


_FETCH_URL = 'const fetchURL = window.location.href.split("?")[0];'


def graphiql_page() -> str:
    """GraphiQL as strawberry ships it (the page loads GraphiQL's scripts from a CDN),
    sending its requests to ``/graphql`` of this origin rather than to its own URL."""
    from strawberry.http.ides import get_graphql_ide_html

    page = get_graphql_ide_html(graphql_ide="graphiql")
    if _FETCH_URL not in page:  # strawberry changed its page: fail loudly, not at run time
        raise RuntimeError("GraphiQL page: the fetch URL line was not found")
    to_graphql = 'const fetchURL = new URL("/graphql", window.location.href).href;'
    return page.replace(_FETCH_URL, to_graphql)


def graphiql(*, enabled: bool) -> Callable[[Request], Awaitable[Response]]:
    """The ``GET /graphiql`` endpoint: GraphiQL with its own policy, or 404 when disabled."""

    async def page(request: Request) -> Response:
        if not enabled:
            return PlainTextResponse("Not Found", 404)
        body = graphiql_page()
        headers = {
            "X-Request-Id": request_id_of(request),
            "Content-Security-Policy": graphiql_policy(body),
        }
        return HTMLResponse(body, headers=headers)

    return page


register_messages(
    {
        "query.timeout": (
            "Permintaan ini dihentikan setelah {seconds} detik; minta lebih sedikit data "
            "sekaligus.",
            "This request was stopped after {seconds} seconds; ask for less data at once.",
        ),
        "response.too_large": (
            "Jawaban ini terlalu besar ({size} byte, batasnya {limit}); minta lebih sedikit data "
            "sekaligus.",
            "This answer is too large ({size} bytes, the limit is {limit}); ask for less data at "
            "once.",
        ),
    }
)
