"""GET /evidence/{id}: download an uploaded bukti dukung with a bearer token.

Who may download is who may read the plan the evidence belongs to. The file is streamed in
chunks from the evidence store (:mod:`kinerja_core.storage`: this disk, the database or S3,
so any node serves a file any node took) with its checked content type as an attachment,
never rendered inline by the browser. ``Range`` requests resume a download
(:mod:`kinerja_core.byte_ranges`: 206, 416, ``If-Range`` on the SHA-256 ETag).
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kinerja_core.byte_ranges import stored_file_response
from kinerja_core.errors import (
    KinerjaError,
    NotAllowed,
    NotFound,
    PluginFailed,
    Unauthenticated,
    ValidationFailed,
)
from kinerja_core.graphql.http import request_id_of
from kinerja_core.i18n import pick_language, translate
from kinerja_core.plugins.activation import request_state
from kinerja_core.plugins.authentication import authenticate_request
from kinerja_core.services.context import ServiceContext
from kinerja_core.services.inputs import parse_id
from kinerja_core.services.monitoring import evidence_file
from kinerja_core.storage import BlobMissing, EvidenceStore, evidence_store


def error_response(exc: KinerjaError, lang: str) -> JSONResponse:
    status = 404
    if isinstance(exc, Unauthenticated):
        status = 401
    elif isinstance(exc, NotAllowed):
        status = 403
    elif isinstance(exc, PluginFailed):  # an authentication plugin failed: not the caller's
        status = 503
    elif not isinstance(exc, NotFound):
        status = 400
    message = translate(exc.code, exc.params, lang, field=exc.field)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(
        {"error": {"code": exc.code, "message": message}}, status_code=status, headers=headers
    )


async def download_context(request: Request) -> tuple[ServiceContext, str]:
    """The service context of a download and the language of its error messages.

    The viewer is resolved as ``/graphql`` resolves it, by the plugins'
    ``kinerja_authenticate`` hook (``core.password``: the bearer token; an SSO plugin: its
    own header), so whoever can read a plan through the API can download its evidence and
    documents."""
    settings = request.app.state.settings
    lang = pick_language(request.headers.get("accept-language"), settings.default_language)
    ctx = ServiceContext(
        settings=settings,
        request_id=request_id_of(request),
        bus=request.app.state.bus,
        plugins=request.app.state.plugins,
    )
    ctx.viewer = await authenticate_request(request, ctx)  # plugin hook, as /graphql
    return ctx, lang


def require_usable_viewer(ctx: ServiceContext) -> None:
    """A viewer who must change their password downloads nothing first; a request whose
    authentication hook failed (and nobody else identified it) fails as on /graphql."""
    failure = request_state(ctx).auth_failure
    if ctx.viewer is None and failure is not None:
        raise failure
    if ctx.viewer is not None and ctx.viewer.must_change_password:
        raise NotAllowed("auth.password_change_required")


async def download_evidence(request: Request) -> Response:
    """Stream the file of evidence ``id`` (or the part a ``Range`` asks for) to a viewer who
    may read its plan."""
    ctx, lang = await download_context(request)
    raw_id = request.path_params["id"]
    try:
        require_usable_viewer(ctx)
        try:
            evidence_id = parse_id(raw_id, "id")
        except ValidationFailed:  # a path that can name no evidence: not found, as JSON
            raise NotFound("not_found", field="id", entity="Evidence", id=raw_id[:20]) from None
        row = await evidence_file(ctx, evidence_id)
        headers = download_headers(row.filename or f"bukti-{row.id}", ctx.request_id)
        return await stored_download(
            request,
            evidence_store(ctx.settings),
            row.storage_path,
            size=row.size,
            sha256=row.sha256,
            media_type=row.content_type or "application/octet-stream",
            headers=headers,
            lang=lang,
        )
    except KinerjaError as exc:
        return error_response(exc, lang)


def download_headers(filename: str, request_id: str) -> dict[str, str]:
    """The headers every file download carries: an attachment, never sniffed nor cached."""
    return {
        "Content-Disposition": attachment(filename),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
        "X-Request-Id": request_id,
    }


async def stored_download(
    request: Request,
    store: EvidenceStore,
    key: str,
    *,
    size: int,
    sha256: str,
    media_type: str,
    headers: dict[str, str],
    lang: str,
) -> Response:
    """A file of the evidence store: GET (whole, or a ``Range``: 206/416) or HEAD.

    A file the store does not have is ``404 evidence.no_file`` (raised as NotFound)."""

    async def opener(start: int, stop: int):
        return await store.open_range(key, start, stop)

    try:
        if request.method == "HEAD" and not await store.exists(key):
            raise BlobMissing(key)
        return await stored_file_response(
            request,
            size=size,
            sha256=sha256,
            media_type=media_type,
            headers=headers,
            opener=opener,
            lang=lang,
        )
    except BlobMissing:
        raise NotFound("evidence.no_file", field="id") from None


def attachment(filename: str) -> str:
    """``Content-Disposition`` of a download (RFC 6266 ``filename*`` when not plain ASCII)."""
    quoted = quote(filename)
    if quoted != filename:
        return f"attachment; filename*=utf-8''{quoted}"
    return f'attachment; filename="{filename}"'
