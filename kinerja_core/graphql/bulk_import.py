"""Bulk import of organisation and people: upload a file, follow the job, get the template.

The mutation takes the file as a GraphQL multipart upload (like ``uploadEvidence``) and
answers an :class:`ImportJob`: finished for a small file, running for a large one (poll
``importJob(id)`` for ``progress``). The template is downloaded from ``importTemplate.url``.
"""

from __future__ import annotations

import datetime as dt
import enum

import strawberry
from strawberry.file_uploads import Upload
from strawberry.types import Info

from kinerja_core.errors import ValidationFailed
from kinerja_core.graphql.errors import mutate, query, result_union
from kinerja_core.graphql.list_caps import max_items
from kinerja_core.i18n import translate
from kinerja_core.services import bulk_import
from kinerja_core.services.bulk_import import ImportReport

TEMPLATE_PATH = "/import/template.xlsx"


async def _read_upload(info: Info, file: object, default_name: str) -> tuple[str, bytes]:
    """The uploaded file's name and bytes, for a signed-in caller.

    A value that is no multipart file (a string in JSON variables, say) is a ValidationError
    on ``file``, like a missing evidence file; nothing is read before the caller is known.
    """
    info.context.service.require_viewer()
    read = getattr(file, "read", None)
    if read is None:
        raise ValidationFailed("evidence.file_missing", field="file")
    return getattr(file, "filename", None) or default_name, await read()


MAX_PROBLEMS_PAGE = 500  # bad rows per page of `problems` (`problemCount` says how many in all)


@strawberry.enum(description="Where an import job is.")
class ImportStatus(enum.Enum):
    QUEUED = strawberry.enum_value("QUEUED", description="Recorded, not started yet.")
    VALIDATING = strawberry.enum_value("VALIDATING", description="Checking every row.")
    WRITING = strawberry.enum_value("WRITING", description="Writing, in one transaction.")
    DONE = strawberry.enum_value("DONE", description="Finished (a dry run: the file is valid).")
    REJECTED = strawberry.enum_value(
        "REJECTED", description="The file has bad rows (see `problems`); nothing was written."
    )
    FAILED = strawberry.enum_value(
        "FAILED", description="An unexpected error; nothing was written (see the server log)."
    )


@strawberry.type(description="What the rows of one sheet amount to.")
class ImportCount:
    sheet: str = strawberry.field(
        description="Unit, Jabatan, Pegawai, Penempatan, Akun, or Target (SKP import)."
    )
    created: int = strawberry.field(description="Rows that create a record.")
    updated: int = strawberry.field(description="Rows that change an existing record.")
    unchanged: int = strawberry.field(description="Rows equal to what is stored already.")
    ended: int = strawberry.field(
        description="Penempatan: previous definitive assignments ended by a mutasi."
    )


@strawberry.type(description="A bad row: where it is and what is wrong, for the user to fix.")
class ImportProblem:
    sheet: str = strawberry.field(description="The sheet (or CSV file) of the row.")
    line: int = strawberry.field(description="The line in the sheet; the header is line 1.")
    column: str | None = strawberry.field(description="The column header at fault, if one.")
    code: str = strawberry.field(description="Stable machine code, e.g. `nip.birth_date`.")
    message: str = strawberry.field(description="What is wrong, in the request's language.")


@strawberry.type(description="A bulk import (dry run or real run), its progress and report.")
class ImportJob:
    id: strawberry.ID
    filename: str = strawberry.field(description="The uploaded file name(s).")
    dry_run: bool = strawberry.field(description="True: checked only, nothing written.")
    status: ImportStatus
    progress: float = strawberry.field(description="0..1; 1 when finished.")
    total_rows: int = strawberry.field(description="Data rows in the file.")
    processed_rows: int = strawberry.field(description="Rows checked so far.")
    problem_count: int = strawberry.field(description="How many bad rows (0 unless REJECTED).")
    created_at: dt.datetime
    finished_at: dt.datetime | None
    counts: list[ImportCount] = strawberry.field(
        description="Per sheet, in file order.", metadata=max_items(len(bulk_import.SHEETS))
    )
    problem_rows: strawberry.Private[list]
    lang: strawberry.Private[str]

    @strawberry.field(
        description="The bad rows, in file order (at most `first`, max 500).",
        metadata=max_items(MAX_PROBLEMS_PAGE),
    )
    def problems(self, first: int = 100, skip: int = 0) -> list[ImportProblem]:
        first = max(0, min(first, MAX_PROBLEMS_PAGE))
        skip = max(0, skip)
        return [
            ImportProblem(
                sheet=p["sheet"],
                line=p["line"],
                column=p["column"],
                code=p["code"],
                message=translate(p["code"], p["params"], self.lang, field=p["column"]),
            )
            for p in self.problem_rows[skip : skip + first]
        ]


def _job(report: ImportReport, lang: str) -> ImportJob:
    job = report.job
    order = list(bulk_import.SHEETS)
    counts = sorted((job.counts or {}).items(), key=lambda kv: order.index(kv[0]))
    return ImportJob(
        id=strawberry.ID(str(job.id)),
        filename=job.filename,
        dry_run=job.dry_run,
        status=ImportStatus(job.status),
        progress=report.progress,
        total_rows=job.total_rows,
        processed_rows=job.processed_rows,
        problem_count=job.problem_count,
        created_at=job.created_at,
        finished_at=job.finished_at,
        counts=[
            ImportCount(
                sheet=sheet,
                created=values.get("created", 0),
                updated=values.get("updated", 0),
                unchanged=values.get("unchanged", 0),
                ended=values.get("ended", 0),
            )
            for sheet, values in counts
        ],
        problem_rows=job.problems or [],
        lang=lang,
    )


@strawberry.type(description="Where to download the import template (.xlsx).")
class ImportTemplate:
    url: str = strawberry.field(description="Path on this server; GET it (no token needed).")
    filename: str
    content_type: str


ImportJobResult = result_union("ImportJobResult", ImportJob)


@strawberry.type
class Query:
    @strawberry.field(description="An import job you started (central admins: any).")
    async def import_job(self, info: Info, id: strawberry.ID) -> ImportJob:
        async def run() -> ImportJob:
            report = await bulk_import.import_job(info.context.service, id)
            return _job(report, info.context.lang)

        return await query(info, run)

    @strawberry.field(description="The import template: every sheet, its columns, an example.")
    def import_template(self) -> ImportTemplate:
        return ImportTemplate(
            url=TEMPLATE_PATH,
            filename="template-impor-kinerja.xlsx",
            content_type=bulk_import.XLSX_CONTENT_TYPE,
        )


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Import units, positions, employees, assignments and accounts from an "
        ".xlsx (or CSV, or a zip of CSVs) sent as a GraphQL multipart request. `dryRun` "
        "checks only. A real run writes everything in one transaction or nothing."
    )
    async def import_organization(
        self, info: Info, file: Upload, dry_run: bool = True
    ) -> ImportJobResult:
        async def run() -> ImportJob:
            name, data = await _read_upload(info, file, "import.xlsx")
            report = await bulk_import.start_import(
                info.context.service, [(name, data)], dry_run=dry_run
            )
            return _job(report, info.context.lang)

        return await mutate(info, run)

    @strawberry.mutation(
        description="The owner loads RHK and IKI with targets into their DRAFT SKP from the "
        "`Target` sheet of an .xlsx (or target.csv), with the rules of addWorkResult and "
        "addIndicator; `dryRun` checks only. All rows or none."
    )
    async def import_plan_targets(
        self, info: Info, plan_id: strawberry.ID, file: Upload, dry_run: bool = True
    ) -> ImportJobResult:
        async def run() -> ImportJob:
            name, data = await _read_upload(info, file, "target.xlsx")
            job = await bulk_import.import_targets(
                info.context.service, plan_id, [(name, data)], dry_run=dry_run
            )
            return _job(ImportReport(job, 1.0), info.context.lang)

        return await mutate(info, run)
