"""``kinerja export``: the printable documents, the recap and the SIASN export from the
server's shell (docs/documents.md).

``kinerja export skp PLAN_ID``, ``evaluation ID``, ``recap AGENCY_ID YEAR [--period ID]
[--unit ID]``, ``siasn AGENCY_ID YEAR [--period ID]``; ``-o FILE`` (default: the document's
own file name here), ``--as NIP`` names the account whose rights apply and whom the audit log
names (a PDF issue is audited); without it the operator acts as a central admin, like
``kinerja import``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from kinerja_core.settings import Settings


def add_commands(sub: Any) -> None:
    export = sub.add_parser(
        "export", help="SKP / evaluation PDF, recap .xlsx, SIASN export (docs/documents.md)"
    )
    kinds = export.add_subparsers(dest="export_kind", required=True)

    def common(parser: Any) -> None:
        parser.add_argument("--output", "-o", type=Path, help="file (default: its own name)")
        parser.add_argument("--as", dest="as_nip", help="act as this account (NIP)")
        parser.add_argument("--lang", choices=["id", "en"], default="id")

    skp = kinds.add_parser("skp", help="the SKP of an approved plan as a PDF")
    skp.add_argument("id", help="the SKP's id")
    common(skp)
    evaluation = kinds.add_parser("evaluation", help="a Dokumen Evaluasi Kinerja as a PDF")
    evaluation.add_argument("id", help="the evaluation's id")
    common(evaluation)
    for name, text in (("recap", "the recap workbook (.xlsx)"), ("siasn", "the SIASN JSON")):
        parser = kinds.add_parser(name, help=text)
        parser.add_argument("agency", help="the agency's id")
        parser.add_argument("year", type=int)
        parser.add_argument("--period", help="a period's id (default: the whole year)")
        if name == "recap":
            parser.add_argument("--unit", help="a unit's id (it and the units under it)")
        common(parser)


def run(settings: Settings, args: argparse.Namespace) -> int:
    return asyncio.run(_export(settings, args))


async def _export(settings: Settings, args: argparse.Namespace) -> int:
    from kinerja_core.db import close_db, init_db
    from kinerja_core.errors import KinerjaError
    from kinerja_core.i18n import translate
    from kinerja_core.import_cli import _viewer
    from kinerja_core.plugins.manager import start_plugins
    from kinerja_core.services import documents
    from kinerja_core.services.context import ServiceContext
    from kinerja_core.services.documents import recap, siasn

    plugins = await start_plugins(settings)
    await init_db(settings, plugins.model_apps())
    try:
        viewer = await _viewer(args.as_nip)
        if viewer is None:
            print(f"error: no account with NIP {args.as_nip}", file=sys.stderr)
            return 2
        ctx = ServiceContext(settings=settings, viewer=viewer, plugins=plugins)
        try:
            if args.export_kind in ("skp", "evaluation"):
                if args.export_kind == "skp":
                    document = await documents.plan_document(ctx, args.id, "id")
                else:
                    document = await documents.evaluation_document(ctx, args.id, "id")
                data, name = await documents.issue_pdf(ctx, document), document.filename
                note = f"{document.reference} sha256 {document.sha256}"
            elif args.export_kind == "recap":
                book = await recap.recap_workbook(
                    ctx, args.agency, args.year, args.period, args.unit
                )
                data, name = book.data, book.filename
                note = f"{book.employees} rows on Pegawai, {book.units} units"
            else:
                result = await siasn.siasn_export(ctx, args.agency, args.year, args.period)
                data, name = result.data, result.filename
                note = f"{result.skp22} skp22, {result.periodic} kinerjaPeriodik records"
        except KinerjaError as exc:
            print(
                "error: " + translate(exc.code, exc.params, args.lang, exc.field), file=sys.stderr
            )
            return 1
        target = args.output or Path(name)
        target.write_bytes(data)
        print(f"{target}: {len(data)} bytes; {note}")
        return 0
    finally:
        await close_db()
