"""Printable documents: where to download the SKP and the Dokumen Evaluasi Kinerja (PDF),
and checking a printout's verification number.

The PDFs are downloaded with ``GET`` on the returned ``url`` and the same bearer token
(like evidence); the reference and hash are known before the download, so a client can show
them. Every download is recorded as ``document.issue`` in the audit log.
"""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from kinerja_core.graphql.errors import query
from kinerja_core.services import documents
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


@strawberry.type
class Query:
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
