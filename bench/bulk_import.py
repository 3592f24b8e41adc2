"""Benchmark: bulk import of a city's organisation and people (not part of the tests).

    python bench/bulk_import.py --employees 5500                 # SQLite in a temp dir
    python bench/bulk_import.py --employees 5500 --postgres postgres://postgres@127.0.0.1/kb

Creates the agencies (as BKPSDM would, one by one), generates a valid workbook (units,
positions with the reporting line, employees, assignments, accounts sharing one initial
password), then times: reading + dry run, the real run, and the same file again (which must
change nothing). ``--write FILE`` also saves the generated workbook.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from kinerja_core.db import close_db, init_db, migrate
from kinerja_core.import_cli import _viewer
from kinerja_core.models import Account, Assignment, AuditEntry, Employee, Position, Unit
from kinerja_core.plugins.manager import start_plugins
from kinerja_core.services import org
from kinerja_core.services.bulk_import import run_import
from kinerja_core.services.bulk_import.workbook import write_workbook
from kinerja_core.services.context import ServiceContext
from kinerja_core.settings import Settings

AGENCIES = (
    ("DISDIK", "Dinas Pendidikan"), ("DINKES", "Dinas Kesehatan"), ("BKPSDM", "BKPSDM"),
    ("BAPPEDA", "Bappeda"), ("DISKOMINFO", "Dinas Komunikasi dan Informatika"),
    ("DISHUB", "Dinas Perhubungan"), ("DLH", "Dinas Lingkungan Hidup"),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"), ("DINSOS", "Dinas Sosial"),
    ("DISPERKIM", "Dinas Perumahan dan Kawasan Permukiman"), ("BPKAD", "BPKAD"),
    ("BAPENDA", "Badan Pendapatan Daerah"), ("SETDA", "Sekretariat Daerah"),
    ("SATPOLPP", "Satuan Polisi Pamong Praja"), ("DISDUKCAPIL", "Dinas Dukcapil"),
    ("KEC-PONTIANAK-KOTA", "Kecamatan Pontianak Kota"),
    ("KEC-PONTIANAK-BARAT", "Kecamatan Pontianak Barat"),
    ("KEC-PONTIANAK-SELATAN", "Kecamatan Pontianak Selatan"),
    ("KEC-PONTIANAK-TIMUR", "Kecamatan Pontianak Timur"),
    ("KEC-PONTIANAK-UTARA", "Kecamatan Pontianak Utara"),
)  # fmt: skip
STAFF = (
    ("Pengadministrasi Perkantoran", "PELAKSANA", ""),
    ("Penata Layanan Operasional", "PELAKSANA", ""),
    ("Analis Kebijakan Ahli Pertama", "FUNGSIONAL", "AHLI_PERTAMA"),
)
PASSWORD = "ganti-segera-2026"


def _nips(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """Unique valid (NIP, kind) pairs: about one in six a PPPK."""
    seen: set[str] = set()
    out = []
    while len(out) < count:
        birth = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(35 * 365))
        pppk = rng.random() < 0.16
        year = min(birth.year + rng.randint(22, 32), 2024)
        middle = f"{year}21" if pppk else f"{year}{rng.randint(1, 12):02d}"
        nip = f"{birth:%Y%m%d}{middle}{rng.randint(1, 2)}{rng.randint(1, 999):03d}"
        if nip not in seen:
            seen.add(nip)
            out.append((nip, "PPPK" if pppk else "PNS"))
    return out


def city_sheets(employees: int, seed: int = 2026) -> dict[str, list[dict[str, Any]]]:
    """A valid import of ``employees`` people over the agencies of :data:`AGENCIES`."""
    rng = random.Random(seed)
    sheets: dict[str, list[dict[str, Any]]] = {
        s: [] for s in ("Unit", "Jabatan", "Pegawai", "Penempatan", "Akun")
    }
    people = iter(_nips(employees, rng))
    per_agency = employees // len(AGENCIES)
    names = ("Ahmad", "Siti", "Budi", "Rina", "Dewi", "Agus", "Nur", "Hendra", "Yuni", "Rudi")
    start = "2024-01-02"

    def person(agency: str, unit: str, position: str, admin: bool = False) -> None:
        nip, kind = next(people)
        golongan = rng.choice(("III/a", "III/b", "III/c", "IV/a")) if kind == "PNS" else "IX"
        sheets["Pegawai"].append(
            {
                "agency": agency,
                "nip": nip,
                "kind": kind,
                "name": f"{rng.choice(names)} {rng.choice(names)}putra",
                "golongan": golongan,
            }
        )
        sheets["Penempatan"].append(
            {"nip": nip, "agency": agency, "unit": unit, "position": position, "start": start}
        )
        sheets["Akun"].append(
            {"nip": nip, "password": PASSWORD, "agency_admin": "Ya" if admin else "Tidak"}
        )

    for index, (code, name) in enumerate(AGENCIES):
        count = per_agency + (employees - per_agency * len(AGENCIES) if index == 0 else 0)
        head = f"Kepala {name}"
        sheets["Jabatan"].append(
            {
                "agency": code,
                "unit": code,
                "name": head,
                "type": "JPT",
                "level": "PRATAMA",
                "head": "Ya",
            }
        )
        person(code, code, head)
        leaves = []
        tree = [(f"{code}-SEK", "Sekretariat", ("Subbagian Umum", "Subbagian Keuangan"))]
        tree += [
            (f"{code}-B{b}", f"Bidang {b}", (f"Seksi {b}.1", f"Seksi {b}.2")) for b in range(1, 4)
        ]
        for unit_code, unit_name, children in tree:
            sheets["Unit"].append({"agency": code, "code": unit_code, "name": unit_name})
            chief = f"Kepala {unit_name}" if unit_name != "Sekretariat" else "Sekretaris"
            sheets["Jabatan"].append(
                {
                    "agency": code,
                    "unit": unit_code,
                    "name": chief,
                    "type": "ADMINISTRATOR",
                    "head": "Ya",
                    "superior_unit": code,
                    "superior_name": head,
                }
            )
            person(code, unit_code, chief)
            for number, child in enumerate(children, start=1):
                child_code = f"{unit_code}-{number}"
                sheets["Unit"].append(
                    {"agency": code, "code": child_code, "name": child, "parent": unit_code}
                )
                kasi = f"Kepala {child}"
                sheets["Jabatan"].append(
                    {
                        "agency": code,
                        "unit": child_code,
                        "name": kasi,
                        "type": "PENGAWAS",
                        "head": "Ya",
                        "superior_unit": unit_code,
                        "superior_name": chief,
                    }
                )
                person(code, child_code, kasi)
                for title, type_, level in STAFF:
                    sheets["Jabatan"].append(
                        {
                            "agency": code,
                            "unit": child_code,
                            "name": title,
                            "type": type_,
                            "level": level,
                            "head": "Tidak",
                            "superior_unit": child_code,
                            "superior_name": kasi,
                        }
                    )
                leaves.append(child_code)
        for number in range(count - 1 - 4 - 8):
            unit = leaves[number % len(leaves)]
            person(code, unit, STAFF[number % len(STAFF)][0], admin=number == 0)
    return sheets


async def _timed(label: str, ctx: ServiceContext, data: bytes, dry: bool) -> Any:
    started = time.perf_counter()
    report = await run_import(ctx, [("kota.xlsx", data)], dry_run=dry)
    seconds = time.perf_counter() - started
    job = report.job
    created = sum(c.get("created", 0) for c in (job.counts or {}).values())
    unchanged = sum(c.get("unchanged", 0) for c in (job.counts or {}).values())
    print(
        f"{label:<28} {seconds:7.2f} s  {job.status:<8} rows {job.total_rows}, "
        f"created {created}, unchanged {unchanged}, problems {job.problem_count}"
    )
    if job.status != "DONE":
        print(job.problems[:5], file=sys.stderr)
    return seconds


async def main(employees: int, postgres: str | None, write: Path | None) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="kinerja-bench-import-"))
    settings = Settings(environment="production", data_dir=data_dir, database_url=postgres or "")
    if postgres:
        await _admin(postgres, "CREATE")
    await migrate(settings)
    await init_db(settings)
    manager = await start_plugins(settings, explicit={})  # the core's own: no plugin tables
    try:
        ctx = ServiceContext(settings=settings, viewer=await _viewer(None), plugins=manager)
        for code, name in AGENCIES:
            await org.create_agency(ctx, code, name)
        started = time.perf_counter()
        sheets = city_sheets(employees)
        data = write_workbook(sheets)
        print(
            f"engine: {'PostgreSQL' if postgres else 'SQLite'}; workbook of {employees} "
            f"employees, {sum(len(r) for r in sheets.values())} rows, {len(data) // 1024} KiB, "
            f"written in {time.perf_counter() - started:.2f} s"
        )
        if write:
            write.write_bytes(data)
        await _timed("dry run (read + check)", ctx, data, True)
        await _timed("real run (one transaction)", ctx, data, False)
        await _timed("same file again", ctx, data, False)
        print(
            "rows:",
            {
                m.__name__: await m.all().count()
                for m in (Unit, Position, Employee, Assignment, Account, AuditEntry)
            },
        )
    finally:
        await close_db()
        if postgres:
            await _admin(postgres, "DROP")


async def _admin(url: str, verb: str) -> None:
    """CREATE or DROP the database of ``url`` through the server's ``postgres`` database."""
    import asyncpg

    parts = urlsplit(url)
    conn = await asyncpg.connect(urlunsplit(parts._replace(path="/postgres")))
    try:
        name = parts.path.lstrip("/")
        if verb == "DROP":
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=5500)
    parser.add_argument("--postgres", help="a PostgreSQL URL of a database to create and drop")
    parser.add_argument("--write", type=Path, help="also save the generated workbook here")
    args = parser.parse_args()
    asyncio.run(main(args.employees, args.postgres, args.write))
