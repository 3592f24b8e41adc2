"""GET /import/template.xlsx: the bulk-import template (no data in it, so no token needed)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kinerja_core.services.bulk_import import XLSX_CONTENT_TYPE, template_workbook


async def download_template(request: Request) -> Response:
    return Response(
        template_workbook(),
        media_type=XLSX_CONTENT_TYPE,
        headers={
            "Content-Disposition": 'attachment; filename="template-impor-kinerja.xlsx"',
            "X-Content-Type-Options": "nosniff",
        },
    )
