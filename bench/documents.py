"""Benchmark: PDF render time and the size of recaps and SIASN exports on the demo city
(not part of the tests; figures in docs/documents.md).

    python bench/documents.py                      # kinerja demo (500 employees), SQLite temp dir
    python bench/documents.py --employees 5500 --runs 5

Loads the demo city with the first-party plugins, then builds the recap workbook and the
SIASN export of every agency for the year (bytes, rows, time), and renders each PDF kind
(SKP JA/JF, SKP JPT, a periodic Dokumen Evaluasi Kinerja) ``--runs`` times after one warm-up
(median and minimum of WeasyPrint's layout; gathering the content is not counted).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import io
import statistics
import tempfile
import time
from pathlib import Path

from kinerja_core.db import close_db, init_db, migrate
from kinerja_core.demo import run_demo
from kinerja_core.import_cli import _viewer
from kinerja_core.models import Agency, Employee, Evaluation, PerformancePlan
from kinerja_core.plugins.manager import start_plugins
from kinerja_core.services import documents
from kinerja_core.services.context import ServiceContext
from kinerja_core.services.documents import recap, siasn
from kinerja_core.services.documents.render import _pdf, render_html
from kinerja_core.settings import Settings

FIRST_PARTY = {"kesehatan": "kinerja_kesehatan.plugin", "pendidikan": "kinerja_pendidikan.plugin"}


async def bench(employees: int, runs: int, data_dir: Path) -> None:
    settings = Settings(environment="test", data_dir=data_dir)
    manager = await start_plugins(settings, explicit=FIRST_PARTY)
    await migrate(settings, manager.model_apps())
    await init_db(settings, manager.model_apps())
    try:
        await run_demo(settings, employees=employees, out=io.StringIO(), log=io.StringIO(),
                       plugins=manager)  # fmt: skip
        ctx = ServiceContext(settings=settings, viewer=await _viewer(None), plugins=manager)
        year = dt.date.today().year
        print(f"demo city: {await Employee.all().count()} employees, "
              f"{await PerformancePlan.filter(year=year).count()} SKP {year}, "
              f"{await Agency.all().count()} agencies")  # fmt: skip
        total_bytes = total_rows = 0
        started = time.perf_counter()
        largest = None
        for agency in await Agency.all().order_by("id"):
            t = time.perf_counter()
            book = await recap.recap_workbook(ctx, agency.id, year)
            row = (len(book.data), book.employees, time.perf_counter() - t, agency.name)
            largest = max(largest or row, row)
            total_bytes, total_rows = total_bytes + row[0], total_rows + row[1]
        print(f"recap, all agencies: {total_bytes} bytes, {total_rows} rows on Pegawai, "
              f"{time.perf_counter() - started:.2f} s")  # fmt: skip
        print(f"recap, largest ({largest[3]}): {largest[0]} bytes, {largest[1]} rows, "
              f"{largest[2]:.2f} s")  # fmt: skip
        export_bytes = records = 0
        for agency in await Agency.all():
            export = await siasn.siasn_export(ctx, agency.id, year)
            export_bytes, records = export_bytes + len(export.data), records + export.skp22
            records += export.periodic
        print(f"SIASN export, all agencies: {export_bytes} bytes, {records} records")

        kinds = []
        for form in ("JA_JF", "JPT"):
            plan = await PerformancePlan.filter(
                status="APPROVED", form=form, rater_id__not_isnull=True
            ).first()
            kinds.append((f"SKP {form}", await documents.plan_document(ctx, plan.id)))
        final = await Evaluation.filter(status="FINAL", kind="PERIODIC").first()
        kinds.append(("Evaluasi periodik", await documents.evaluation_document(ctx, final.id)))
        for name, document in kinds:
            document.extra.update(
                issued_at="-", verify_url="-", government=documents.government(settings),
                orientation="landscape" if document.kind == "SKP" else "portrait",
            )  # fmt: skip
            html = render_html(document)
            pdf = _pdf(html)  # warm-up: fonts, pango
            times = []
            for _ in range(runs):
                t = time.perf_counter()
                _pdf(html)
                times.append(time.perf_counter() - t)
            print(f"{name}: {len(pdf)} bytes; render median {statistics.median(times):.3f} s, "
                  f"min {min(times):.3f} s of {runs}")  # fmt: skip
    finally:
        await close_db()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(bench(args.employees, args.runs, Path(tmp)))


if __name__ == "__main__":
    main()
