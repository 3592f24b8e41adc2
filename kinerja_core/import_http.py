"""GET /import/template.xlsx (the bulk-import template: no data in it, so no token needed),
and letting background imports finish on shutdown."""

from __future__ import annotations

import asyncio
import logging

from starlette.requests import Request
from starlette.responses import Response

from kinerja_core.services.bulk_import import XLSX_CONTENT_TYPE, template_workbook
from kinerja_core.services.bulk_import.jobs import wait_for_jobs

log = logging.getLogger("kinerja.import")


async def finish_imports(timeout: float) -> None:
    """On shutdown: let background imports of this process finish (up to ``timeout``);
    one still running after that is rolled back with the database connection."""
    try:
        await asyncio.wait_for(wait_for_jobs(), timeout)
    except TimeoutError:
        log.warning("shutdown: a bulk import did not finish in %s s; it is rolled back", timeout)


async def download_template(request: Request) -> Response:
    return Response(
        template_workbook(),
        media_type=XLSX_CONTENT_TYPE,
        headers={
            "Content-Disposition": 'attachment; filename="template-impor-kinerja.xlsx"',
            "X-Content-Type-Options": "nosniff",
        },
    )
