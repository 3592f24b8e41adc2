"""Export jobs: the recap workbook or the SIASN export built in the background, with progress,
then downloaded from ``GET /documents/jobs/{id}``.

It reuses the import's job machinery rather than a second job system: the row is an
:class:`~kinerja_core.models.ImportJob` of ``kind`` ``recap`` or ``siasn`` (its filters in
``counts["params"]``, the stored file in ``counts["file"]``, a failure's code in
``problems``), and the task is tracked by the import's runner (``bulk_import.jobs._track``,
awaited by ``wait_for_jobs``). The file goes to the evidence store (``evidence_store``
setting: local disk, database or S3), keyed by its SHA-256.

Who may start, poll and download: whoever may run the export itself (the agency dashboard's
rule, checked again on every poll and download with the job's own filters).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import Any

from kinerja_core.domain.enums import EvaluationStatus
from kinerja_core.errors import KinerjaError, NotAllowed, NotFound, ValidationFailed
from kinerja_core.i18n import register_messages
from kinerja_core.models import Evaluation, ImportJob, PerformancePlan
from kinerja_core.services import audit, dashboard
from kinerja_core.services.bulk_import.jobs import _track
from kinerja_core.services.common import get_or_404
from kinerja_core.services.context import ServiceContext
from kinerja_core.services.documents import recap, siasn
from kinerja_core.storage import BlobMissing, evidence_store

log = logging.getLogger("kinerja.export")

RECAP, SIASN = "recap", "siasn"
KINDS = (RECAP, SIASN)
QUEUED, RUNNING, DONE, FAILED = "QUEUED", "RUNNING", "DONE", "FAILED"
JOB_PATH = "/documents/jobs/{id}"
CONTENT_TYPE = {RECAP: recap.XLSX_CONTENT_TYPE, SIASN: siasn.JSON_CONTENT_TYPE}


@dataclass
class ExportReport:
    """A job as its viewer sees it: ``done`` of ``total`` rows, and the file once DONE."""

    job: ImportJob
    kind: str
    done: int
    total: int
    content_type: str
    size: int | None
    error: str | None  # message code of a failure
    error_params: dict[str, Any]


async def _scope(ctx: ServiceContext, kind: str, params: dict[str, Any]) -> dict[str, Any]:
    """Check access and filters exactly as the export does; the resolved ids."""
    if kind == RECAP:
        await recap.recap_url(
            ctx, params["agencyId"], params["year"], params.get("periodId"), params.get("unitId")
        )
    else:
        if params.get("unitId") is not None:
            raise ValidationFailed("export.unit_not_for_siasn", field="unitId")
        await siasn.check_siasn(ctx, params["agencyId"], params["year"], params.get("periodId"))
    agency, period = await dashboard.agency_scope(
        ctx, params["agencyId"], params["year"], params.get("periodId")
    )
    return {
        "agencyId": agency.id,
        "year": params["year"],
        "periodId": period.id if period else None,
        "unitId": int(params["unitId"]) if params.get("unitId") is not None else None,
    }


async def _total(kind: str, params: dict[str, Any]) -> int:
    """Rows the file will hold: the recap's SKP rows, the export's final evaluations."""
    if kind == RECAP:
        return await PerformancePlan.filter(
            agency_id=params["agencyId"], year=params["year"]
        ).count()
    rows = Evaluation.filter(
        plan__agency_id=params["agencyId"], year=params["year"], status=EvaluationStatus.FINAL
    )
    if params["periodId"] is not None:
        rows = rows.filter(period_id=params["periodId"])
    return await rows.count()


async def start_export(
    ctx: ServiceContext,
    kind: str,
    agency_id: Any,
    year: int,
    period_id: Any = None,
    unit_id: Any = None,
) -> ExportReport:
    """Check the request as the export would, record the job (audited) and run it in the
    background; poll :func:`export_job`."""
    viewer = ctx.require_viewer()
    if kind not in KINDS:
        raise ValidationFailed("export.kind", field="kind")
    params = await _scope(
        ctx, kind, {"agencyId": agency_id, "year": year, "periodId": period_id, "unitId": unit_id}
    )
    total = await _total(kind, params)
    async with ctx.transaction():
        job = await ImportJob.create(
            kind=kind,
            dry_run=False,
            status=QUEUED,
            actor_account_id=viewer.account_id,
            actor_nip=viewer.nip,
            total_rows=total,
            counts={"params": params},
            request_id=ctx.request_id,
        )
        await audit.record(ctx, "export.start", "ExportJob", job.id, after={"kind": kind, **params})
    _track(_run(ctx, job), f"kinerja-export-{job.id}")
    return _report(job)


async def _build(ctx: ServiceContext, kind: str, params: dict[str, Any]) -> tuple[str, bytes]:
    if kind == RECAP:
        book = await recap.recap_workbook(
            ctx, params["agencyId"], params["year"], params["periodId"], params["unitId"]
        )
        return book.filename, book.data
    export = await siasn.siasn_export(ctx, params["agencyId"], params["year"], params["periodId"])
    return export.filename, export.data


async def _save(job: ImportJob, *fields: str) -> None:
    await ImportJob.filter(id=job.id).update(**{name: getattr(job, name) for name in fields})


async def _run(ctx: ServiceContext, job: ImportJob) -> None:
    params = job.counts["params"]
    try:
        job.status = RUNNING
        await _save(job, "status")
        filename, data = await _build(ctx, job.kind, params)
        blob = await evidence_store(ctx.settings).put(io.BytesIO(data))
        job.filename = filename[:200]
        job.processed_rows = job.total_rows
        job.counts = {
            "params": params,
            "file": {"key": blob.key, "sha256": blob.sha256, "size": blob.size},
        }
        job.status = DONE
        async with ctx.transaction():
            await audit.record(
                ctx,
                "export.done",
                "ExportJob",
                job.id,
                after={"filename": job.filename, "sha256": blob.sha256, "bytes": blob.size},
            )
    except KinerjaError as exc:
        job.status = FAILED
        job.problems = [{"code": exc.code, "params": dict(getattr(exc, "params", {}) or {})}]
    except Exception:
        log.exception("export job %s failed [request %s]", job.id, ctx.request_id)
        job.status = FAILED
        job.problems = [{"code": "export.failed", "params": {}}]
    finally:
        job.finished_at = ctx.now()
        await _save(
            job, "status", "filename", "processed_rows", "counts", "problems", "finished_at"
        )


async def _job(ctx: ServiceContext, job_id: Any, field: str) -> ImportJob:
    """An export job the viewer may see: the export's own access rule on its filters (a job
    of an agency the viewer may not export is not found, like a stranger's import job)."""
    ctx.require_viewer()
    job = await get_or_404(ImportJob, job_id, field)
    if job.kind not in KINDS:
        raise NotFound("not_found", field=field, entity="ExportJob", id=job_id)
    params = job.counts["params"]
    try:
        await dashboard.agency_scope(ctx, params["agencyId"], params["year"], params["periodId"])
    except NotAllowed:
        raise NotFound("not_found", field=field, entity="ExportJob", id=job_id) from None
    return job


async def export_job(ctx: ServiceContext, job_id: Any) -> ExportReport:
    return _report(await _job(ctx, job_id, "id"))


async def export_file(ctx: ServiceContext, job_id: Any) -> tuple[ExportReport, dict]:
    """The finished job and its stored file (``key``, ``sha256``, ``size``), for the download
    (:class:`BlobMissing` when the store no longer has it); the download is audited."""
    job = await _job(ctx, job_id, "id")
    if job.status != DONE:
        raise ValidationFailed("export.not_ready", field="id", status=job.status)
    file = job.counts["file"]
    if not await evidence_store(ctx.settings).exists(file["key"]):
        raise BlobMissing(file["key"])
    async with ctx.transaction():
        await audit.record(
            ctx, "export.download", "ExportJob", job.id, after={"filename": job.filename}
        )
    return _report(job), file


def _report(job: ImportJob) -> ExportReport:
    file = (job.counts or {}).get("file") or {}
    problems = job.problems or []
    return ExportReport(
        job=job,
        kind=job.kind,
        done=job.processed_rows,
        total=job.total_rows,
        content_type=CONTENT_TYPE[job.kind],
        size=file.get("size"),
        error=problems[0]["code"] if problems else None,
        error_params=problems[0]["params"] if problems else {},
    )


register_messages(
    {
        "export.kind": (
            "Jenis ekspor tidak dikenal (RECAP atau SIASN).",
            "Unknown export kind (RECAP or SIASN).",
        ),
        "export.unit_not_for_siasn": (
            "Ekspor SIASN dibuat per perangkat daerah; unit tidak dapat dipilih.",
            "The SIASN export is made per agency; a unit cannot be chosen.",
        ),
        "export.not_ready": (
            "Berkas ekspor belum siap (status {status}); tunggu hingga statusnya DONE.",
            "The export file is not ready yet (status {status}); wait until it is DONE.",
        ),
        "export.failed": (
            "Ekspor gagal karena kesalahan tak terduga; lihat log server.",
            "The export failed with an unexpected error; see the server log.",
        ),
    }
)
