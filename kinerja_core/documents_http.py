"""GET /documents/...: the printable SKP and Dokumen Evaluasi Kinerja (PDF), their
verification, the recap (.xlsx) and the SIASN export (JSON).

Signed in like evidence downloads (``Authorization: Bearer``); who may download a PDF is who
may read the SKP. ``/documents/verify/{reference}`` needs no token: it is what a printout's
holder checks.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kinerja_core.errors import KinerjaError, NotFound, ValidationFailed
from kinerja_core.evidence_http import download_context, error_response, require_usable_viewer
from kinerja_core.services import documents


def _attachment(data: bytes, content_type: str, filename: str, request_id: str) -> Response:
    return Response(
        data,
        media_type=content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
            "X-Request-Id": request_id,
        },
    )


def _path_id(request: Request, entity: str) -> str:
    raw = request.path_params["id"]
    if not raw.isdigit():  # a path that can name nothing: not found, as JSON
        raise NotFound("not_found", field="id", entity=entity, id=raw[:20])
    return raw


async def download_plan(request: Request) -> Response:
    ctx, lang = await download_context(request)
    try:
        require_usable_viewer(ctx)
        document = await documents.plan_document(ctx, _path_id(request, "PerformancePlan"), "id")
        pdf = await documents.issue_pdf(ctx, document)
    except KinerjaError as exc:
        return error_response(exc, lang)
    return _attachment(pdf, documents.PDF_CONTENT_TYPE, document.filename, ctx.request_id)


async def download_evaluation(request: Request) -> Response:
    ctx, lang = await download_context(request)
    try:
        require_usable_viewer(ctx)
        document = await documents.evaluation_document(ctx, _path_id(request, "Evaluation"), "id")
        pdf = await documents.issue_pdf(ctx, document)
    except KinerjaError as exc:
        return error_response(exc, lang)
    return _attachment(pdf, documents.PDF_CONTENT_TYPE, document.filename, ctx.request_id)


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
