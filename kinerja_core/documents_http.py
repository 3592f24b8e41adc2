"""GET /documents/...: the printable SKP and Dokumen Evaluasi Kinerja (PDF), their
verification, the recap (.xlsx) and the SIASN export (JSON).

Signed in like evidence downloads (``Authorization: Bearer``); who may download a PDF is who
may read the SKP. ``/documents/verify/{reference}`` needs no token: it is what a printout's
holder checks.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from kinerja_core.errors import KinerjaError, NotFound, ValidationFailed
from kinerja_core.evidence_http import (
    download_context,
    download_headers,
    error_response,
    require_usable_viewer,
    stored_download,
)
from kinerja_core.plugins.downloads import DownloadRequest
from kinerja_core.services import documents
from kinerja_core.services.context import ServiceContext
from kinerja_core.services.documents import jobs as export_jobs
from kinerja_core.services.documents import recap, siasn
from kinerja_core.storage import BlobMissing, evidence_store


def _attachment(data: bytes, content_type: str, filename: str, request_id: str) -> Response:
    return Response(data, media_type=content_type, headers=download_headers(filename, request_id))


def _path_id(request: Request, entity: str) -> str:
    raw = request.path_params["id"]
    if not raw.isdigit():  # a path that can name nothing: not found, as JSON
        raise NotFound("not_found", field="id", entity=entity, id=raw[:20])
    return raw


FileBuilder = Callable[[ServiceContext, Request], Awaitable[tuple[bytes, str, str]]]


async def _download(request: Request, build: FileBuilder) -> Response:
    """One generated file: sign in as downloads do, build it, answer it or a typed error."""
    ctx, lang = await download_context(request)
    try:
        require_usable_viewer(ctx)
        data, content_type, filename = await build(ctx, request)
    except KinerjaError as exc:
        return error_response(exc, lang)
    return _attachment(data, content_type, filename, ctx.request_id)


async def _plan_pdf(ctx: ServiceContext, request: Request) -> tuple[bytes, str, str]:
    document = await documents.plan_document(ctx, _path_id(request, "PerformancePlan"), "id")
    return await documents.issue_pdf(ctx, document), documents.PDF_CONTENT_TYPE, document.filename


async def _evaluation_pdf(ctx: ServiceContext, request: Request) -> tuple[bytes, str, str]:
    document = await documents.evaluation_document(ctx, _path_id(request, "Evaluation"), "id")
    return await documents.issue_pdf(ctx, document), documents.PDF_CONTENT_TYPE, document.filename


async def download_plan(request: Request) -> Response:
    return await _download(request, _plan_pdf)


async def download_evaluation(request: Request) -> Response:
    return await _download(request, _evaluation_pdf)


async def verify(request: Request) -> Response:
    ctx, lang = await download_context(request)
    try:
        result = await documents.verify_document(ctx, request.path_params["reference"])
    except (KinerjaError, ValidationFailed) as exc:
        return error_response(exc, lang)
    return JSONResponse(
        {
            "reference": result.reference,
            "valid": result.valid,
            "kind": result.kind,
            "title": result.title,
            "sha256": result.sha256,
            "firstIssuedAt": result.first_issued_at.isoformat() if result.first_issued_at else None,
            "issueCount": result.issue_count,
            "current": result.current,
        },
        status_code=200 if result.valid else 404,
        headers={"Cache-Control": "no-store", "X-Request-Id": ctx.request_id},
    )


def _query_int(request: Request, name: str, *, required: bool = False) -> int | None:
    return DownloadRequest(request.query_params).number(name, required=required)


async def _recap_xlsx(ctx: ServiceContext, request: Request) -> tuple[bytes, str, str]:
    ctx.require_viewer()
    book = await recap.recap_workbook(
        ctx,
        _query_int(request, "agencyId", required=True),
        _query_int(request, "year", required=True) or 0,
        _query_int(request, "periodId"),
        _query_int(request, "unitId"),
    )
    return book.data, recap.XLSX_CONTENT_TYPE, book.filename


async def _siasn_json(ctx: ServiceContext, request: Request) -> tuple[bytes, str, str]:
    ctx.require_viewer()
    export = await siasn.siasn_export(
        ctx,
        _query_int(request, "agencyId", required=True),
        _query_int(request, "year", required=True) or 0,
        _query_int(request, "periodId"),
    )
    return export.data, siasn.JSON_CONTENT_TYPE, export.filename


async def download_recap(request: Request) -> Response:
    """GET /documents/recap.xlsx?agencyId=&year=[&periodId=][&unitId=]: the recap workbook."""
    return await _download(request, _recap_xlsx)


async def download_siasn(request: Request) -> Response:
    """GET /documents/siasn.json?agencyId=&year=[&periodId=]: the export for SIASN."""
    return await _download(request, _siasn_json)


async def download_job(request: Request) -> Response:
    """GET /documents/jobs/{id}: the file of a finished export job (startExport); ``Range``
    requests resume it like an evidence download."""
    ctx, lang = await download_context(request)
    try:
        require_usable_viewer(ctx)
        try:
            report, file = await export_jobs.export_file(ctx, _path_id(request, "ExportJob"))
        except BlobMissing:
            raise NotFound("evidence.no_file", field="id") from None
        return await stored_download(
            request,
            evidence_store(ctx.settings),
            file["key"],
            size=file["size"],
            sha256=file["sha256"],
            media_type=report.content_type,
            headers=download_headers(report.job.filename, ctx.request_id),
            lang=lang,
        )
    except KinerjaError as exc:
        return error_response(exc, lang)


async def download_plugin_file(request: Request) -> Response:
    """GET /documents/plugins/{plugin}/{name}: a plugin's download (``kinerja_register_downloads``),
    built by the plugin under the core's time limit and failure isolation."""
    ctx, lang = await download_context(request)
    plugin, name = request.path_params["plugin"], request.path_params["name"]
    manager = request.app.state.plugins
    try:
        require_usable_viewer(ctx)
        found = manager.download(plugin, name)
        if found is None:
            raise NotFound("not_found", field="name", entity="Download", id=name[:40])
        made = await manager.guarded(
            plugin,
            lambda: found.build(ctx, DownloadRequest(request.query_params)),
            request_id=ctx.request_id,
        )
        if made.data is not None:
            return _attachment(made.data, made.content_type, made.filename, ctx.request_id)
        try:
            chunks = await evidence_store(ctx.settings).open(made.stored_key)
        except BlobMissing:
            raise NotFound("evidence.no_file", field="id") from None
    except KinerjaError as exc:
        return error_response(exc, lang)
    return _stream(chunks, made.content_type, made.filename, ctx.request_id, made.size)


def _stream(
    chunks: Any, content_type: str, filename: str, request_id: str, size: int | None
) -> Response:
    """A stored file streamed in chunks as an attachment."""
    return StreamingResponse(
        chunks,
        media_type=content_type,
        headers={**download_headers(filename, request_id), "Content-Length": str(size)}
        if size is not None
        else download_headers(filename, request_id),
    )
