"""Printable documents: where to download the SKP and the Dokumen Evaluasi Kinerja (PDF),
and checking a printout's verification number.

The PDFs are downloaded with ``GET`` on the returned ``url`` and the same bearer token
(like evidence); the reference and hash are known before the download, so a client can show
them. Every download is recorded as ``document.issue`` in the audit log.
"""

from __future__ import annotations

import datetime as dt
import enum

import strawberry
from strawberry.types import Info

from kinerja_core.graphql.errors import mutate, query, result_union
from kinerja_core.i18n import translate
from kinerja_core.services import documents
from kinerja_core.services.documents import jobs as export_jobs
from kinerja_core.services.documents import recap, siasn


@strawberry.type(description="A printable document: where to download it and what it carries.")
class DocumentLink:
    url: str = strawberry.field(description="GET it with your bearer token (a PDF).")
    filename: str
    content_type: str
    title: str
    reference: str = strawberry.field(
        description="The verification number printed on it (also the audit log's entity id)."
    )
    sha256: str = strawberry.field(
        description="SHA-256 of the document's content (canonical JSON), printed on it."
    )


def _link(document: documents.Document, path: str, settings) -> DocumentLink:
    return DocumentLink(
        url=documents.public_link(settings, path.format(id=document.subject_id)),
        filename=document.filename,
        content_type=documents.PDF_CONTENT_TYPE,
        title=document.title,
        reference=document.reference,
        sha256=document.sha256,
    )


@strawberry.type(description="What a verification number printed on a document stands for.")
class DocumentVerification:
    reference: str
    valid: bool = strawberry.field(description="This server issued a document with it.")
    kind: str = strawberry.field(
        description="SKP or EVK (Dokumen Evaluasi Kinerja); empty if not valid."
    )
    title: str
    sha256: str = strawberry.field(description="The content hash recorded when it was issued.")
    first_issued_at: dt.datetime | None
    issue_count: int = strawberry.field(description="How many times it was downloaded.")
    current: bool = strawberry.field(
        description="Today's data still gives the same content (false e.g. after an appeal "
        "changed the rating): the printout is not outdated."
    )


@strawberry.type(description="A file to download: GET its url with your bearer token.")
class ExportLink:
    url: str
    content_type: str


@strawberry.enum(description="Which file an export job makes.")
class ExportKind(enum.Enum):
    RECAP = strawberry.enum_value("recap", description="The recap workbook (.xlsx).")
    SIASN = strawberry.enum_value("siasn", description="The export for BKN SIASN (JSON).")


@strawberry.enum(description="Where an export job is.")
class ExportStatus(enum.Enum):
    QUEUED = strawberry.enum_value("QUEUED", description="Recorded, not started yet.")
    RUNNING = strawberry.enum_value("RUNNING", description="The file is being made.")
    DONE = strawberry.enum_value("DONE", description="The file is ready at `downloadUrl`.")
    FAILED = strawberry.enum_value("FAILED", description="No file; `error` says why.")


@strawberry.input(description="What to export: the filters of recapExport / siasnExport.")
class StartExportInput:
    kind: ExportKind
    agency_id: strawberry.ID
    year: int
    period_id: strawberry.ID | None = strawberry.field(
        default=None, description="One period of the year; omit for the year."
    )
    unit_id: strawberry.ID | None = strawberry.field(
        default=None, description="RECAP only: a unit and every unit under it."
    )


@strawberry.type(description="An export made in the background; poll exportJob(id).")
class ExportJob:
    id: strawberry.ID
    kind: ExportKind
    status: ExportStatus
    done: int = strawberry.field(description="Rows written so far (SKP rows or evaluations).")
    total: int = strawberry.field(description="Rows the file will hold.")
    progress: float = strawberry.field(description="0..1; 1 when finished.")
    created_at: dt.datetime
    finished_at: dt.datetime | None
    filename: str | None = strawberry.field(description="The file's name once DONE.")
    content_type: str
    size: int | None = strawberry.field(description="Bytes, once DONE.")
    download_url: str | None = strawberry.field(
        description="Once DONE: GET it with your bearer token."
    )
    error: str | None = strawberry.field(description="Why it FAILED, in the request's language.")


def _export_job(report: export_jobs.ExportReport, settings, lang: str) -> ExportJob:
    job = report.job
    finished = job.status in (export_jobs.DONE, export_jobs.FAILED)
    done = job.status == export_jobs.DONE
    progress = 1.0 if finished else (report.done / report.total if report.total else 0.0)
    return ExportJob(
        id=strawberry.ID(str(job.id)),
        kind=ExportKind(report.kind),
        status=ExportStatus(job.status),
        done=report.done,
        total=report.total,
        progress=round(progress, 3),
        created_at=job.created_at,
        finished_at=job.finished_at,
        filename=job.filename if done else None,
        content_type=report.content_type,
        size=report.size,
        download_url=(
            documents.public_link(settings, export_jobs.JOB_PATH.format(id=job.id))
            if done
            else None
        ),
        error=translate(report.error, report.error_params, lang) if report.error else None,
    )


ExportJobResult = result_union("ExportJobResult", ExportJob)


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Make the recap workbook or the SIASN export in the background (for large "
        "agencies); answers the job at once: poll exportJob(id) for progress, then GET its "
        "downloadUrl. Who may start it: who may run recapExport / siasnExport."
    )
    async def start_export(self, info: Info, input: StartExportInput) -> ExportJobResult:
        ctx = info.context.service

        async def run() -> ExportJob:
            report = await export_jobs.start_export(
                ctx, input.kind.value, input.agency_id, input.year, input.period_id, input.unit_id
            )
            return _export_job(report, ctx.settings, info.context.lang)

        return await mutate(info, run)


@strawberry.type
class Query:
    @strawberry.field(description="An export job, for whoever may run that export.")
    async def export_job(self, info: Info, id: strawberry.ID) -> ExportJob:
        ctx = info.context.service

        async def run() -> ExportJob:
            report = await export_jobs.export_job(ctx, id)
            return _export_job(report, ctx.settings, info.context.lang)

        return await query(info, run)

    @strawberry.field(
        description="The SKP of an approved plan as a PDF (JPT or JA/JF form), for whoever "
        "may read the plan."
    )
    async def plan_document(self, info: Info, plan_id: strawberry.ID) -> DocumentLink:
        ctx = info.context.service

        async def run() -> DocumentLink:
            document = await documents.plan_document(ctx, plan_id)
            return _link(document, documents.SKP_PATH, ctx.settings)

        return await query(info, run)

    @strawberry.field(
        description="The Dokumen Evaluasi Kinerja of a final evaluation (periodic or annual) "
        "as a PDF, for whoever may read its plan."
    )
    async def evaluation_document(self, info: Info, evaluation_id: strawberry.ID) -> DocumentLink:
        ctx = info.context.service

        async def run() -> DocumentLink:
            document = await documents.evaluation_document(ctx, evaluation_id)
            return _link(document, documents.EVALUATION_PATH, ctx.settings)

        return await query(info, run)

    @strawberry.field(
        description="Check a verification number printed on a document (no sign-in needed)."
    )
    async def verify_document(self, info: Info, reference: str) -> DocumentVerification:
        async def run() -> DocumentVerification:
            result = await documents.verify_document(info.context.service, reference)
            return DocumentVerification(
                reference=result.reference,
                valid=result.valid,
                kind=result.kind,
                title=result.title,
                sha256=result.sha256,
                first_issued_at=result.first_issued_at,
                issue_count=result.issue_count,
                current=result.current,
            )

        return await query(info, run)

    @strawberry.field(
        description="The recap workbook (.xlsx: sheets Ringkasan, Pegawai, Unit) of an agency, "
        "or of one unit and those under it, for a year (annual evaluations) or a period; the "
        "same filters and access as agencyDashboard."
    )
    async def recap_export(
        self,
        info: Info,
        agency_id: strawberry.ID,
        year: int,
        period_id: strawberry.ID | None = None,
        unit_id: strawberry.ID | None = None,
    ) -> ExportLink:
        ctx = info.context.service

        async def run() -> ExportLink:
            url = await recap.recap_url(ctx, agency_id, year, period_id, unit_id)
            return ExportLink(
                url=documents.public_link(ctx.settings, url),
                content_type=recap.XLSX_CONTENT_TYPE,
            )

        return await query(info, run)

    @strawberry.field(
        description="The export for BKN SIASN / e-Kinerja (JSON: skp22 and kinerjaPeriodik "
        "payloads) of an agency's final evaluations for a year, or one period; for the "
        "agency's head and admins and central admins."
    )
    async def siasn_export(
        self,
        info: Info,
        agency_id: strawberry.ID,
        year: int,
        period_id: strawberry.ID | None = None,
    ) -> ExportLink:
        ctx = info.context.service

        async def run() -> ExportLink:
            url = await siasn.check_siasn(ctx, agency_id, year, period_id)
            return ExportLink(
                url=documents.public_link(ctx.settings, url),
                content_type=siasn.JSON_CONTENT_TYPE,
            )

        return await query(info, run)
