"""``kinerja import``: bulk import from the server's shell, and the template.

``kinerja import org FILE... [--dry-run] [--as NIP]`` runs the same job as the GraphQL
mutation and prints its report; ``--as`` names the admin whose rights apply (and who the
audit log names). Without it the operator on the server acts as a central admin, like
``kinerja user create``. ``kinerja import template [-o FILE]`` writes the .xlsx template.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
from pathlib import Path
from typing import Any, TextIO

from kinerja_core.settings import Settings


def add_commands(sub: Any) -> None:
    imp = sub.add_parser("import", help="bulk import of organisation and people (docs/import.md)")
    actions = imp.add_subparsers(dest="import_action", required=True)
    org = actions.add_parser(
        "org", help="units, positions, employees, assignments, accounts from .xlsx/.csv/.zip"
    )
    org.add_argument("files", nargs="+", type=Path, help="one .xlsx, a .zip, or CSV files")
    org.add_argument("--dry-run", action="store_true", help="check only, write nothing")
    org.add_argument("--as", dest="as_nip", help="act as this admin's account (NIP)")
    org.add_argument("--lang", choices=["id", "en"], default="id", help="language of the report")
    targets = actions.add_parser(
        "targets", help="RHK and IKI with targets into a DRAFT SKP (the Target sheet)"
    )
    targets.add_argument("plan", help="the SKP's id")
    targets.add_argument("files", nargs="+", type=Path, help="an .xlsx or target.csv")
    targets.add_argument("--dry-run", action="store_true", help="check only, write nothing")
    targets.add_argument("--as", dest="as_nip", required=True, help="the SKP owner's NIP")
    targets.add_argument("--lang", choices=["id", "en"], default="id")
    template = actions.add_parser("template", help="write the .xlsx template")
    template.add_argument("--output", "-o", type=Path, help="file (default: standard output)")


def run(settings: Settings, args: argparse.Namespace) -> int:
    from kinerja_core.services.bulk_import import template_workbook

    if args.import_action == "template":
        data = template_workbook()
        if args.output:
            args.output.write_bytes(data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        return 0
    return asyncio.run(_org(settings, args))


async def _viewer(nip: str | None) -> Any:
    from kinerja_core.auth.viewer import Viewer, load_viewer
    from kinerja_core.models import Account

    if nip is None:  # the operator on the server's shell, like `kinerja user create`
        return Viewer(
            account_id=None,  # type: ignore[arg-type]
            employee_id=0,
            nip="",
            name="kinerja import (CLI)",
            agency_id=0,
            is_central_admin=True,
            admin_agency_id=None,
            position_ids=frozenset(),
            head_agency_ids=frozenset(),
            headed_unit_ids=frozenset(),
            has_reports=False,
            day=dt.date.today(),
        )
    account = (
        await Account.filter(employee__nip=nip.replace(" ", "")).select_related("employee").first()
    )
    if account is None:
        return None
    return await load_viewer(account)


async def _org(settings: Settings, args: argparse.Namespace) -> int:
    from kinerja_core.db import close_db, init_db
    from kinerja_core.errors import KinerjaError
    from kinerja_core.i18n import translate
    from kinerja_core.plugins.manager import start_plugins
    from kinerja_core.services.bulk_import import import_targets, run_import
    from kinerja_core.services.context import ServiceContext

    files = []
    for path in args.files:
        if not path.is_file():
            print(f"error: {path}: no such file", file=sys.stderr)
            return 2
        files.append((path.name, path.read_bytes()))
    plugins = await start_plugins(settings)
    await init_db(settings, plugins.model_apps())
    try:
        viewer = await _viewer(args.as_nip)
        if viewer is None:
            print(f"error: no account with NIP {args.as_nip}", file=sys.stderr)
            return 2
        ctx = ServiceContext(settings=settings, viewer=viewer, plugins=plugins)
        try:
            if args.import_action == "targets":
                job = await import_targets(ctx, args.plan, files, dry_run=args.dry_run)
            else:
                job = (await run_import(ctx, files, dry_run=args.dry_run)).job
        except KinerjaError as exc:
            print(
                "error: " + translate(exc.code, exc.params, args.lang, exc.field), file=sys.stderr
            )
            return 1
        print_report(job, args.lang, sys.stdout)
        return 0 if job.status == "DONE" else 1
    finally:
        await close_db()


def print_report(job: Any, lang: str, out: TextIO) -> None:
    """The job's outcome, counts per sheet and every bad row, one per line."""
    from kinerja_core.i18n import translate

    en = lang == "en"
    mode = ("dry run" if en else "uji coba") if job.dry_run else ("import" if en else "impor")
    out.write(f"{mode} {job.filename}: {job.status} ({job.total_rows} rows)\n")
    labels = ("created", "updated", "unchanged", "ended")
    header = labels if en else ("baru", "diubah", "tetap", "diakhiri")
    out.write(f"{'sheet' if en else 'lembar':<12}" + "".join(f"{h:>10}" for h in header) + "\n")
    for sheet, values in (job.counts or {}).items():
        out.write(f"{sheet:<12}" + "".join(f"{values.get(k, 0):>10}" for k in labels) + "\n")
    for problem in job.problems or []:
        where = f"{problem['sheet']} {'line' if en else 'baris'} {problem['line']}"
        if problem["column"]:
            where += f", {'column' if en else 'kolom'} {problem['column']}"
        message = translate(problem["code"], problem["params"], lang, field=problem["column"])
        out.write(f"{where}: {message}\n")
    if job.problem_count > len(job.problems or []):
        out.write(f"... {job.problem_count - len(job.problems)} more\n")
