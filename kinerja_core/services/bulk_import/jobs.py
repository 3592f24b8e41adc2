"""Import jobs: start one (inline for small files, in the background for large ones), run it,
and read its progress and report.

The job row (:class:`~kinerja_core.models.ImportJob`) carries status, counts and problems, so
any server process answers ``importJob``; the live progress of the write phase, which
happens inside one transaction and so is invisible to other connections until it commits,
is kept in the process that runs it.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from kinerja_core.errors import NotAllowed, NotFound, ValidationFailed
from kinerja_core.models import ImportJob
from kinerja_core.services import audit
from kinerja_core.services.accounts import check_new_password
from kinerja_core.services.bulk_import.plan import Plan, Planner
from kinerja_core.services.bulk_import.state import State, load_state
from kinerja_core.services.bulk_import.workbook import (
    ORG_SHEETS,
    SHEET_ORDER,
    UnreadableFile,
    Workbook,
    read_files,
)
from kinerja_core.services.bulk_import.write import Writer
from kinerja_core.services.common import get_or_404
from kinerja_core.services.context import ServiceContext

log = logging.getLogger("kinerja.import")

QUEUED, VALIDATING, WRITING = "QUEUED", "VALIDATING", "WRITING"
DONE, REJECTED, FAILED = "DONE", "REJECTED", "FAILED"
FINISHED = (DONE, REJECTED, FAILED)
MAX_STORED_PROBLEMS = 10_000  # a file of garbage must not make a huge job row

_TASKS: set[asyncio.Task] = set()  # background jobs of this process (kept from the GC)
_LIVE: dict[int, float] = {}  # job id -> progress 0..1 while it runs in this process


@dataclass
class ImportReport:
    """A job and its progress as the viewer sees it."""

    job: ImportJob
    progress: float


class _Rejected(Exception):
    def __init__(self, plan: Plan) -> None:
        super().__init__("rejected")
        self.plan = plan


def _require_importer(ctx: ServiceContext) -> Any:
    viewer = ctx.require_viewer()
    if not viewer.is_central_admin and viewer.admin_agency_id is None:
        raise NotAllowed("access.import")
    return viewer


def _read(files: list[tuple[str, bytes]], only: tuple[str, ...] = ORG_SHEETS) -> Workbook:
    try:
        return read_files(files, only)
    except UnreadableFile as exc:
        raise ValidationFailed(exc.code, field="file", **exc.params) from None


async def start_import(
    ctx: ServiceContext, files: list[tuple[str, bytes]], *, dry_run: bool
) -> ImportReport:
    """Check the file's sheets, record a job and run it: inline when it is small, else in
    the background (poll :func:`import_job`). Central admins and agency admins only.

    Shielded: if the request is stopped (execution timeout, client gone) once the job is
    under way, it still finishes and records its outcome instead of stopping halfway.
    """
    _require_importer(ctx)
    return await asyncio.shield(_track(_start(ctx, files, dry_run), "kinerja-import-start"))


def _track(work: Any, name: str) -> asyncio.Task:
    """A task of this process's imports, kept from the GC and awaited by wait_for_jobs."""
    task = asyncio.create_task(work, name=name)
    _TASKS.add(task)
    task.add_done_callback(_TASKS.discard)
    return task


async def _start(
    ctx: ServiceContext, files: list[tuple[str, bytes]], dry_run: bool
) -> ImportReport:
    viewer = ctx.require_viewer()
    book = _read(files)
    job = await ImportJob.create(
        filename=", ".join(name for name, _ in files)[:200],
        dry_run=dry_run,
        actor_account_id=viewer.account_id,
        actor_nip=viewer.nip,
        total_rows=book.row_count,
        request_id=ctx.request_id,
    )
    _LIVE[job.id] = 0.0
    task = _track(_run(ctx, job, book), f"kinerja-import-{job.id}")
    if book.row_count <= ctx.settings.import_background_rows:
        await task
    return _report(job)


async def run_import(
    ctx: ServiceContext, files: list[tuple[str, bytes]], *, dry_run: bool
) -> ImportReport:
    """The CLI's import: the same job, always run to the end before returning."""
    viewer = _require_importer(ctx)
    book = _read(files)
    job = await ImportJob.create(
        filename=", ".join(name for name, _ in files)[:200],
        dry_run=dry_run,
        actor_account_id=viewer.account_id,
        actor_nip=viewer.nip,
        total_rows=book.row_count,
        request_id=ctx.request_id,
    )
    await _run(ctx, job, book)
    return _report(job)


async def wait_for_jobs() -> None:
    """Let this process's background jobs finish (tests, shutdown)."""
    while _TASKS:
        await asyncio.gather(*list(_TASKS), return_exceptions=True)


async def import_job(ctx: ServiceContext, job_id: Any) -> ImportReport:
    """A job, for the admin who started it or a central admin."""
    viewer = ctx.require_viewer()
    job = await get_or_404(ImportJob, job_id, "id")
    if job.kind in ("recap", "siasn") or not (  # export jobs share the table (documents.jobs)
        viewer.is_central_admin or job.actor_account_id == viewer.account_id
    ):
        raise NotFound("not_found", field="id", entity="ImportJob", id=job_id)
    return _report(job)


def _report(job: ImportJob) -> ImportReport:
    if job.status in FINISHED:
        return ImportReport(job, 1.0)
    if job.id in _LIVE:
        return ImportReport(job, round(_LIVE[job.id], 3))
    share = job.processed_rows / job.total_rows if job.total_rows else 0.0
    return ImportReport(job, round(share * (1.0 if job.dry_run else 0.5), 3))


async def _save(job: ImportJob, *fields: str) -> None:
    await ImportJob.filter(id=job.id).update(**{name: getattr(job, name) for name in fields})


def _counts(plan: Plan) -> dict[str, dict[str, int]]:
    counts = {sheet: dict(values) for sheet, values in plan.counts.items()}
    if plan.assignments_ended:
        counts.setdefault("Penempatan", {})["ended"] = len(plan.assignments_ended)
    return counts


def _writes(plan: Plan) -> int:
    return sum(
        len(getattr(plan, name))
        for name in (
            "units_new", "units_changed", "positions_new", "positions_changed",
            "employees_new", "employees_changed", "assignments_new", "assignments_changed",
            "accounts_new", "accounts_changed",
        )
    )  # fmt: skip


async def _plan(
    ctx: ServiceContext, book: Workbook, job: ImportJob, share: float
) -> tuple[State, Plan]:
    agencies = {row.text("agency").upper() for rows in book.sheets.values() for row in rows}
    nips = {
        row.text("nip").replace(" ", "")
        for sheet in ("Pegawai", "Penempatan", "Akun")
        for row in book.sheets.get(sheet, ())
    }
    state = await load_state(agencies, nips)
    total = max(book.row_count, 1)

    def progress(done: int) -> None:
        job.processed_rows = done
        _LIVE[job.id] = share * done / total

    def check_password(password: str, nip: str) -> None:
        check_new_password(ctx, password, nip=nip, field="password")

    planner = Planner(book, state, ctx.require_viewer(), ctx.today(), progress, check_password)
    return state, planner.build()


async def _run(ctx: ServiceContext, job: ImportJob, book: Workbook) -> None:
    share = 1.0 if job.dry_run else 0.5
    try:
        job.status = VALIDATING
        await _save(job, "status")
        _, plan = await _plan(ctx, book, job, share)
        job.processed_rows = book.row_count
        if plan.problems:
            raise _Rejected(plan)
        job.counts = _counts(plan)
        if not job.dry_run:
            job.status = WRITING
            await _save(job, "status", "processed_rows", "counts")
            await _write(ctx, job, book)
        job.status = DONE
    except _Rejected as rejected:
        job.status = REJECTED
        job.counts = _counts(rejected.plan)
        order = {sheet: n for n, sheet in enumerate(SHEET_ORDER)}  # report in file order
        problems = sorted(rejected.plan.problems, key=lambda p: (order.get(p.sheet, 99), p.line))
        job.problem_count = len(problems)
        job.problems = [p.as_json() for p in problems[:MAX_STORED_PROBLEMS]]
    except Exception:
        log.exception("import job %s failed [request %s]", job.id, ctx.request_id)
        job.status = FAILED
    finally:
        job.finished_at = ctx.now()
        _LIVE.pop(job.id, None)
        await _save(
            job, "status", "processed_rows", "counts", "problems", "problem_count", "finished_at"
        )


async def _write(ctx: ServiceContext, job: ImportJob, book: Workbook) -> None:
    """Check again inside the transaction (the database may have changed since), then write."""
    async with ctx.transaction():
        state, plan = await _plan(ctx, book, job, 0.5)
        if plan.problems:
            raise _Rejected(plan)
        writes = max(_writes(plan), 1)

        async def tick(done: int) -> None:
            _LIVE[job.id] = 0.5 + 0.5 * min(done / writes, 1.0)

        await Writer(ctx, state, plan, tick).run()
        job.counts = _counts(plan)
        await audit.record(
            ctx,
            "import.run",
            "ImportJob",
            job.id,
            after={"filename": job.filename, "counts": job.counts},
        )
