"""Bulk import of organisation and people through GraphQL uploads and the CLI.

A dry run reports every bad row (sheet, line, column, reason) and writes nothing; a real run
writes everything in one transaction, audited; the same file twice changes nothing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import os
import subprocess
import sys
import zipfile
from typing import Any

import openpyxl

from kinerja_core.models import (
    Account,
    Assignment,
    AuditEntry,
    Employee,
    ImportJob,
    PerformancePlan,
    Position,
    Unit,
)
from kinerja_core.services.bulk_import import SHEETS
from tests.support import gql, ok

IMPORT = """
mutation($file: Upload!, $dry: Boolean!) {
  importOrganization(file: $file, dryRun: $dry) {
    __typename
    ... on ImportJob { id status dryRun progress totalRows problemCount
      counts { sheet created updated unchanged ended }
      problems(first: 100) { sheet line column code message } }
    ... on UserError { code message }
  }
}
"""
JOB = """
query($id: ID!) { importJob(id: $id) { status progress processedRows totalRows
  counts { sheet created updated unchanged } problemCount } }
"""


def xlsx(sheets: dict[str, list[dict[str, Any]]]) -> bytes:
    """A workbook with the template's headers and these rows (by column key)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet, rows in sheets.items():
        ws = book.create_sheet(sheet)
        columns = SHEETS[sheet]
        ws.append([c.header for c in columns])
        for row in rows:
            ws.append([row.get(c.key, "") for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_zip(sheets: dict[str, list[dict[str, Any]]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for sheet, rows in sheets.items():
            columns = SHEETS[sheet]
            lines = [";".join(c.header for c in columns)]
            lines += [";".join(str(row.get(c.key, "")) for c in columns) for row in rows]
            archive.writestr(f"{sheet.lower()}.csv", "\n".join(lines) + "\n")
    return out.getvalue()


NEW_NIPS = ("199001012015031001", "199202022016042002", "199303032021211003")


def valid_file() -> dict[str, list[dict[str, Any]]]:
    """A new bidang with a seksi, three positions, three people (one PPPK), two accounts."""
    return {
        "Unit": [
            {"agency": "DINKES", "code": "DINKES-YANKES", "name": "Bidang Pelayanan Kesehatan"},
            {"agency": "DINKES", "code": "DINKES-YANKES-RUJ", "name": "Seksi Rujukan",
             "parent": "DINKES-YANKES"},
        ],
        "Jabatan": [
            # the seksi's head first: its superior comes on the next line
            {"agency": "DINKES", "unit": "DINKES-YANKES-RUJ", "name": "Kepala Seksi Rujukan",
             "type": "PENGAWAS", "head": "Ya", "superior_unit": "DINKES-YANKES",
             "superior_name": "Kepala Bidang Pelayanan Kesehatan"},
            {"agency": "DINKES", "unit": "DINKES-YANKES",
             "name": "Kepala Bidang Pelayanan Kesehatan", "type": "ADMINISTRATOR", "head": "Ya",
             "superior_unit": "DINKES", "superior_name": "Kepala Dinas Kesehatan"},
            {"agency": "DINKES", "unit": "DINKES-YANKES-RUJ", "name": "Perawat Ahli Pertama",
             "type": "FUNGSIONAL", "level": "AHLI_PERTAMA", "head": "Tidak",
             "superior_unit": "DINKES-YANKES-RUJ", "superior_name": "Kepala Seksi Rujukan"},
        ],
        "Pegawai": [
            {"agency": "DINKES", "nip": NEW_NIPS[0], "name": "Budi Santoso", "kind": "PNS",
             "golongan": "III/d", "email": "budi@pontianak.go.id"},
            {"agency": "DINKES", "nip": "19920202 201604 2 002", "name": "Rina Wulandari",
             "kind": "PNS", "golongan": "iii-b"},
            {"agency": "DINKES", "nip": NEW_NIPS[2], "name": "Andi Pratama", "kind": "PPPK",
             "golongan": "9"},
        ],
        "Penempatan": [
            {"nip": NEW_NIPS[0], "agency": "DINKES", "unit": "DINKES-YANKES",
             "position": "Kepala Bidang Pelayanan Kesehatan", "start": "2025-01-02"},
            {"nip": NEW_NIPS[1], "agency": "DINKES", "unit": "DINKES-YANKES-RUJ",
             "position": "Kepala Seksi Rujukan", "kind": "DEFINITIF", "start": "02-01-2025"},
            {"nip": NEW_NIPS[2], "agency": "DINKES", "unit": "DINKES-YANKES-RUJ",
             "position": "perawat ahli pertama", "start": dt.date(2025, 3, 1)},
        ],
        "Akun": [
            {"nip": NEW_NIPS[0], "password": "awal-rahasia-1", "agency_admin": "Ya"},
            {"nip": NEW_NIPS[1], "password": "awal-rahasia-1"},
        ],
    }


async def upload(client, token: str, data: bytes, *, dry: bool, name: str = "org.xlsx",
                 lang: str | None = None) -> dict[str, Any]:
    operations = {"query": IMPORT, "variables": {"file": None, "dry": dry}}
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    if lang:
        headers["Accept-Language"] = lang
    response = await client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": (name, data, "application/octet-stream")},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    return ok(response.json(), "importOrganization")


def counts(job: dict[str, Any]) -> dict[str, tuple[int, ...]]:
    return {
        c["sheet"]: (c["created"], c["updated"], c["unchanged"], c["ended"]) for c in job["counts"]
    }


async def table_sizes() -> tuple[int, ...]:
    return (
        await Unit.all().count(),
        await Position.all().count(),
        await Employee.all().count(),
        await Assignment.all().count(),
        await Account.all().count(),
    )


async def test_dry_run_of_a_valid_file_counts_rows_and_writes_nothing(client, world):
    before = await table_sizes()
    job = await upload(client, world.central.token, xlsx(valid_file()), dry=True)
    assert (job["__typename"], job["status"], job["problemCount"]) == ("ImportJob", "DONE", 0)
    assert counts(job) == {
        "Unit": (2, 0, 0, 0),
        "Jabatan": (3, 0, 0, 0),
        "Pegawai": (3, 0, 0, 0),
        "Penempatan": (3, 0, 0, 0),
        "Akun": (2, 0, 0, 0),
    }
    assert await table_sizes() == before


async def test_dry_run_reports_every_bad_row_with_line_column_and_reason(client, world):
    sheets = valid_file()
    sheets["Unit"].append({"agency": "DINKES", "code": "DINKES-X", "name": "Seksi X",
                           "parent": "DINKES-TIDAK-ADA"})  # line 4: unknown parent unit
    sheets["Pegawai"] += [
        {"agency": "DINKES", "nip": "199013012015031001", "name": "Salah Tanggal",
         "kind": "PNS"},  # line 5: month 13
        {"agency": "DINKES", "nip": NEW_NIPS[0], "name": "Budi Lagi", "kind": "PNS"},  # dup
        {"agency": "DINKES", "nip": "199101012015031004", "name": "Gol Salah", "kind": "PNS",
         "golongan": "V/a"},  # line 7
        {"agency": "DINKOP", "nip": "199101012015031005", "name": "OPD Salah", "kind": "PNS"},
        {"agency": "DINKES", "nip": 199101012015031006, "name": "Angka", "kind": "PNS"},
    ]
    sheets["Penempatan"] += [
        # line 5: the head post of the agency is held by the head of Dinkes already
        {"nip": world.staff2.employee.nip, "agency": "DINKES", "unit": "DINKES",
         "position": "Kepala Dinas Kesehatan", "start": "2025-01-02"},
        {"nip": NEW_NIPS[0], "agency": "DINKES", "unit": "DINKES-NOPE",
         "position": "Staf", "kind": "PLH", "start": "2025-01-02"},  # line 6: unknown unit
        {"nip": NEW_NIPS[1], "agency": "DINKES", "unit": "DINKES-YANKES",
         "position": "Kepala Bidang Pelayanan Kesehatan", "kind": "PLH",
         "start": "31-02-2025"},  # line 7: no such date
    ]
    # the head post of the Seksi Rujukan twice: Rina (line 3) and, below, the PPPK nurse
    sheets["Penempatan"].append(
        {"nip": world.staff.employee.nip, "agency": "DINKES", "unit": "DINKES-YANKES-RUJ",
         "position": "Kepala Seksi Rujukan", "start": "2025-06-01"})
    sheets["Akun"].append({"nip": NEW_NIPS[2], "password": "pendek"})
    before = await table_sizes()
    audit_before = await AuditEntry.all().count()
    for dry in (True, False):  # the real run refuses just the same
        job = await upload(client, world.central.token, xlsx(sheets), dry=dry, lang="en")
        assert job["status"] == "REJECTED"
        found = [(p["sheet"], p["line"], p["column"], p["code"]) for p in job["problems"]]
        assert found == [
            ("Unit", 4, "Kode Unit Induk", "import.unknown_unit"),
            ("Pegawai", 5, "NIP", "nip.birth_date"),
            ("Pegawai", 6, "NIP", "import.duplicate"),
            ("Pegawai", 7, "Golongan", "golongan.unknown"),
            ("Pegawai", 8, "Kode OPD", "import.unknown_agency"),
            ("Pegawai", 9, "NIP", "import.nip_as_number"),
            ("Penempatan", 5, "Nama Jabatan", "org.position_taken"),
            ("Penempatan", 6, "Kode Unit", "import.unknown_unit"),
            ("Penempatan", 7, "TMT Mulai", "import.date"),
            ("Penempatan", 8, "Nama Jabatan", "org.position_taken"),
            ("Akun", 4, "Kata Sandi Awal", "password.too_short"),
        ], found
        messages = {p["code"]: p["message"] for p in job["problems"]}
        assert messages["import.duplicate"] == "Duplicate: the same record is already on line 2."
        assert "DINKOP" in messages["import.unknown_agency"]
        assert job["problemCount"] == len(found)
    assert await table_sizes() == before
    assert await AuditEntry.all().count() == audit_before
    # Indonesian first
    job = await upload(client, world.central.token, xlsx(sheets), dry=True)
    first = job["problems"][0]["message"]
    assert first == "Unit dengan kode DINKES-TIDAK-ADA tidak ada di OPD ini maupun di berkas."


async def test_real_run_writes_everything_audited_and_a_second_run_changes_nothing(
    client, world
):
    data = xlsx(valid_file())
    job = await upload(client, world.central.token, data, dry=False)
    assert job["status"] == "DONE", job
    assert counts(job)["Pegawai"] == (3, 0, 0, 0)

    kabid = await Position.get(name="Kepala Bidang Pelayanan Kesehatan")
    kasi = await Position.get(name="Kepala Seksi Rujukan").prefetch_related("unit")
    nurse = await Position.get(name="Perawat Ahli Pertama")
    assert kabid.reports_to_id == world.head.position.id  # the reporting line
    assert kasi.reports_to_id == kabid.id and nurse.reports_to_id == kasi.id
    assert (nurse.level, kasi.is_unit_head) == ("AHLI_PERTAMA", True)
    rujukan = await Unit.get(code="DINKES-YANKES-RUJ")
    assert rujukan.parent_id == (await Unit.get(code="DINKES-YANKES")).id
    rina = await Employee.get(nip=NEW_NIPS[1])
    andi = await Employee.get(nip=NEW_NIPS[2])
    assert (rina.golongan, andi.golongan, andi.kind) == ("III/b", "IX", "PPPK")
    held = await Assignment.get(employee_id=andi.id)
    assert (held.position_id, held.start_date) == (nurse.id, dt.date(2025, 3, 1))
    budi = await Account.get(employee__nip=NEW_NIPS[0])
    assert budi.admin_agency_id == world.agencies["dinkes"].id and budi.must_change_password
    assert await Account.filter(employee_id=andi.id).count() == 0
    actions = await AuditEntry.filter(request_id__not="").values_list("action", flat=True)
    assert actions.count("employee.create") == 3 and actions.count("import.run") == 1
    assert actions.count("position.create") == 3 and actions.count("account.create") == 2
    # the new account signs in
    login = await gql(
        client,
        'mutation($nip: String!) { login(nip: $nip, password: "awal-rahasia-1") { __typename } }',
        {"nip": NEW_NIPS[0]},
    )
    assert ok(login, "login", "__typename") == "LoginSuccess"

    sizes = await table_sizes()
    audit_count = await AuditEntry.all().count()
    again = await upload(client, world.central.token, data, dry=False)
    assert again["status"] == "DONE"
    assert counts(again) == {
        "Unit": (0, 0, 2, 0),
        "Jabatan": (0, 0, 3, 0),
        "Pegawai": (0, 0, 3, 0),
        "Penempatan": (0, 0, 3, 0),
        "Akun": (0, 0, 2, 0),
    }
    assert await table_sizes() == sizes
    assert await AuditEntry.all().count() == audit_count + 1  # only the import.run entry

    changed = valid_file()
    changed["Pegawai"][2]["golongan"] = "X"
    changed["Penempatan"][2]["end"] = "2025-12-31"
    third = await upload(client, world.central.token, xlsx(changed), dry=False)
    assert counts(third)["Pegawai"] == (0, 1, 2, 0)
    assert counts(third)["Penempatan"] == (0, 1, 2, 0)
    assert (await Employee.get(id=andi.id)).golongan == "X"
    assert (await Assignment.get(employee_id=andi.id)).end_date == dt.date(2025, 12, 31)


async def test_a_new_definitive_post_is_a_mutasi_that_ends_the_previous_one(client, world):
    from kinerja_core.domain.enums import PlanForm, PlanStatus

    year = dt.date.today().year
    staff = world.staff
    draft = await PerformancePlan.create(
        employee=staff.employee, position=staff.position, agency_id=staff.employee.agency_id,
        unit_id=staff.position.unit_id, year=year, form=PlanForm.JA_JF,
        period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31),
    )
    approved = await PerformancePlan.create(  # last year's plan would not be touched: this one
        employee=staff.employee, position=staff.position, agency_id=staff.employee.agency_id,
        unit_id=staff.position.unit_id, year=year, form=PlanForm.JA_JF,
        status=PlanStatus.APPROVED, period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 12, 31),
    )
    sheets = {
        "Penempatan": [
            {"nip": world.staff.employee.nip, "agency": "DINKES", "unit": "DINKES-P2P",
             "position": "Epidemiolog Kesehatan Ahli Pertama",
             "start": dt.date.today().isoformat()},
        ]
    }
    job = await upload(client, world.central.token, xlsx(sheets), dry=False)
    assert job["status"] == "DONE", job
    assert counts(job)["Penempatan"] == (1, 0, 0, 1)
    old = await Assignment.get(employee_id=staff.employee.id, position_id=staff.position.id)
    assert old.end_date == dt.date.today() - dt.timedelta(days=1)
    assert (await PerformancePlan.get(id=draft.id)).status == PlanStatus.CLOSED
    actions = await AuditEntry.all().values_list("action", flat=True)
    assert {"assignment.end", "plan.close_on_mutasi", "assignment.create"} <= set(actions)
    # the approved SKP stays APPROVED (its rater still rates it) and ends the day before
    kept = await PerformancePlan.get(id=approved.id)
    day_before = dt.date.today() - dt.timedelta(days=1)
    expected_end = day_before if day_before.year == year else dt.date(year, 12, 31)  # 1 January
    assert (kept.status, kept.period_end) == (PlanStatus.APPROVED, expected_end)
    assert ("plan.end_on_mutasi" in set(actions)) == (expected_end == day_before)
    # loading it again: the new post is there, nothing more ends
    again = await upload(client, world.central.token, xlsx(sheets), dry=False)
    assert counts(again)["Penempatan"] == (0, 0, 1, 0)


async def test_agency_admin_imports_only_rows_of_their_own_agency(client, world):
    sheets = valid_file()
    sheets["Pegawai"].append(
        {"agency": "DISDIK", "nip": "199101012015031007", "name": "Guru", "kind": "PNS"}
    )
    job = await upload(client, world.admin.token, xlsx(sheets), dry=True)
    assert job["status"] == "REJECTED"
    assert [(p["line"], p["code"]) for p in job["problems"]] == [(5, "import.other_agency")]
    # an employee of another agency cannot be taken over by a Dinkes admin either
    takeover = {"Pegawai": [{"agency": "DINKES", "nip": world.disdik_staff.employee.nip,
                             "name": "Pindah", "kind": "PNS"}]}
    job = await upload(client, world.admin.token, xlsx(takeover), dry=True)
    assert [p["code"] for p in job["problems"]] == ["import.employee_other_agency"]
    # nor pulled into a post of theirs (which would make the admin's people its raters),
    # nor may a Dinkes position report into Disdik: both are central admins' calls
    pulled = {
        "Penempatan": [{"nip": world.disdik_staff.employee.nip, "agency": "DINKES",
                        "unit": "DINKES-P2P", "position": "Epidemiolog Kesehatan Ahli Pertama",
                        "kind": "PLT", "start": "2025-01-02"}],
        "Jabatan": [{"agency": "DINKES", "unit": "DINKES-P2P", "name": "Analis Lintas",
                     "type": "PELAKSANA", "superior_agency": "DISDIK",
                     "superior_unit": "DISDIK", "superior_name": "Kepala Dinas Pendidikan"}],
    }
    job = await upload(client, world.admin.token, xlsx(pulled), dry=True)
    assert [(p["sheet"], p["column"], p["code"]) for p in job["problems"]] == [
        ("Jabatan", "Kode OPD Atasan", "import.other_agency"),
        ("Penempatan", "NIP", "import.employee_other_agency"),
    ]
    job = await upload(client, world.central.token, xlsx(pulled), dry=True)
    assert (job["status"], job["problemCount"]) == ("DONE", 0)
    # without those rows the admin's import goes through
    job = await upload(client, world.admin.token, xlsx(valid_file()), dry=False)
    assert job["status"] == "DONE"
    # an employee without an admin role may not import at all
    denied = await upload(client, world.staff.token, xlsx(valid_file()), dry=True)
    assert (denied["__typename"], denied["code"]) == ("NotAllowed", "access.import")
    # and may not read someone else's job
    body = await gql(client, JOB, {"id": job["id"]}, token=world.staff.token)
    assert body["errors"][0]["extensions"]["code"] == "not_found"


async def test_csv_files_in_a_zip_import_like_the_workbook(client, world):
    job = await upload(client, world.central.token, csv_zip(valid_file()), dry=False,
                       name="org.zip")
    assert job["status"] == "DONE", job
    assert counts(job)["Akun"] == (2, 0, 0, 0)
    assert await Employee.filter(nip__in=NEW_NIPS).count() == 3


async def test_a_file_that_is_no_spreadsheet_is_a_validation_error(client, world):
    job = await upload(client, world.central.token, b"hello", dry=True, name="notes.pdf")
    assert (job["__typename"], job["code"]) == ("ValidationError", "import.file_type")
    cut = xlsx(valid_file())[:3000]  # a workbook cut short
    job = await upload(client, world.central.token, cut, dry=True)
    assert (job["__typename"], job["code"]) == ("ValidationError", "import.bad_workbook")


async def test_a_file_sent_as_a_plain_string_is_a_validation_error_not_internal(client, world):
    # found by tests/test_fuzz.py: an Upload variable given as JSON text had no .read()
    body = await gql(
        client, IMPORT, {"file": "org.xlsx", "dry": True}, token=world.central.token
    )
    job = body["data"]["importOrganization"]
    assert (job["__typename"], job["code"]) == ("ValidationError", "evidence.file_missing")
    assert await ImportJob.all().count() == 0


async def test_a_sheet_longer_than_the_cap_is_refused_before_it_fills_memory(
    client, world, monkeypatch
):
    from kinerja_core.services.bulk_import import workbook

    monkeypatch.setattr(workbook, "MAX_LINES", 3)
    job = await upload(client, world.central.token, xlsx(valid_file()), dry=True)
    assert (job["__typename"], job["code"]) == ("ValidationError", "import.sheet_too_long")
    job = await upload(client, world.central.token, csv_zip(valid_file()), dry=True,
                       name="org.zip")
    assert (job["__typename"], job["code"]) == ("ValidationError", "import.sheet_too_long")
    assert await ImportJob.all().count() == 0


async def test_large_file_runs_in_the_background_and_reports_progress(client, world, settings):
    from kinerja_core.services.bulk_import.jobs import wait_for_jobs

    client.app.state.settings = settings  # (same object the app was built with)
    object.__setattr__(settings, "import_background_rows", 0)
    job = await upload(client, world.central.token, xlsx(valid_file()), dry=False)
    assert job["status"] in ("QUEUED", "VALIDATING", "WRITING", "DONE")
    await wait_for_jobs()
    await asyncio.sleep(0)
    final = ok(await gql(client, JOB, {"id": job["id"]}, token=world.central.token), "importJob")
    assert (final["status"], final["progress"], final["processedRows"]) == ("DONE", 1.0, 13)
    assert await Employee.filter(nip__in=NEW_NIPS).count() == 3


async def test_template_is_downloadable_and_lists_every_sheet_and_column(client, world):
    body = ok(await gql(client, "{ importTemplate { url filename } }"), "importTemplate")
    response = await client.get(body["url"])
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Petunjuk", *SHEETS]
    for sheet, columns in SHEETS.items():
        assert [c.value for c in book[sheet][1]] == [c.header for c in columns]
    assert book["Pegawai"]["B2"].value == "198609262015051001"  # kept as text


def run_cli(settings, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "KINERJA_DATABASE_URL": settings.resolved_database_url,
           "KINERJA_DATA_DIR": str(settings.data_dir), "KINERJA_PLUGINS": ""}
    return subprocess.run([sys.executable, "-m", "kinerja_core.cli", *args], env=env,
                          capture_output=True, text=True, timeout=120)


async def test_cli_dry_run_then_import_as_an_agency_admin(world, settings, tmp_path):
    path = tmp_path / "org.xlsx"
    sheets = valid_file()
    sheets["Pegawai"][0]["nip"] = "199001012015031000"  # sequence 000
    path.write_bytes(xlsx(sheets))
    dry = await asyncio.to_thread(
        run_cli, settings, "import", "org", str(path), "--dry-run", "--as",
        world.admin.employee.nip, "--lang", "en")
    assert dry.returncode == 1, dry.stderr
    assert "REJECTED" in dry.stdout
    assert "Pegawai line 2, column NIP:" in dry.stdout
    path.write_bytes(xlsx(valid_file()))
    real = await asyncio.to_thread(
        run_cli, settings, "import", "org", str(path), "--as", world.admin.employee.nip)
    assert real.returncode == 0, real.stdout + real.stderr
    assert "DONE" in real.stdout and "Pegawai" in real.stdout
    assert await Employee.filter(nip__in=NEW_NIPS).count() == 3
    entry = await AuditEntry.get(action="import.run")
    assert entry.actor_nip == world.admin.employee.nip


async def test_the_committed_example_file_imports(client, world):
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / "docs" / "import-example.xlsx"
    job = await upload(client, world.central.token, example.read_bytes(), dry=False)
    assert (job["status"], job["problemCount"]) == ("DONE", 0), job["problems"]
    assert counts(job)["Pegawai"] == (3, 0, 0, 0)


TARGETS = """
mutation($plan: ID!, $file: Upload!, $dry: Boolean!) {
  importPlanTargets(planId: $plan, file: $file, dryRun: $dry) {
    __typename
    ... on ImportJob { id status problemCount counts { sheet created updated unchanged ended }
      problems { sheet line column code message } }
    ... on UserError { code message }
  }
}
"""


async def upload_targets(client, token: str, plan_id: str, data: bytes, *, dry: bool):
    operations = {"query": TARGETS, "variables": {"plan": plan_id, "file": None, "dry": dry}}
    response = await client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": ("target.xlsx", data, "application/octet-stream")},
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"},
    )
    assert response.status_code == 200, response.text
    return ok(response.json(), "importPlanTargets")


def target_rows() -> list[dict[str, Any]]:
    rhk = "Tersusunnya laporan kepegawaian bulanan"
    return [
        {"work_result": rhk, "parent": "layanan umum  TERTIB", "intervention": "LANGSUNG",
         "indicator": "Jumlah laporan", "target": "12", "unit": "laporan"},
        {"work_result": rhk, "indicator": "Laporan tepat waktu", "aspect": "WAKTU",
         "target": "12", "unit": "bulan"},
        {"kind": "TAMBAHAN", "work_result": "Membantu kegiatan sosial kantor",
         "indicator": "Kegiatan diikuti", "target_min": "2", "target_max": "4",
         "unit": "kegiatan"},
    ]


async def test_owner_imports_rhk_and_iki_into_a_draft_skp_idempotently(client, world):
    from kinerja_core.models import Indicator, WorkResult
    from tests.test_plans import cascade_to_kasubag, create_plan

    _, kasubag_result = await cascade_to_kasubag(client, world)
    plan = await create_plan(client, world.staff)
    data = xlsx({"Target": target_rows()})

    dry = await upload_targets(client, world.staff.token, plan["id"], data, dry=True)
    assert (dry["status"], counts(dry)) == ("DONE", {"Target": (3, 0, 0, 0)}), dry
    assert await WorkResult.filter(plan_id=plan["id"]).count() == 0  # nothing written

    real = await upload_targets(client, world.staff.token, plan["id"], data, dry=False)
    assert real["status"] == "DONE", real
    results = await WorkResult.filter(plan_id=plan["id"]).order_by("order")
    assert [(r.description, str(r.kind), r.parent_id) for r in results] == [
        ("Tersusunnya laporan kepegawaian bulanan", "UTAMA", int(kasubag_result)),
        ("Membantu kegiatan sosial kantor", "TAMBAHAN", None),
    ]
    ranged = await Indicator.get(work_result_id=results[1].id)
    assert (ranged.target_min, ranged.target_max, ranged.unit) == (2, 4, "kegiatan")
    assert await Indicator.filter(work_result__plan_id=plan["id"]).count() == 3

    again = await upload_targets(client, world.staff.token, plan["id"], data, dry=False)
    assert counts(again) == {"Target": (0, 0, 3, 0)}
    changed = target_rows()
    changed[0]["target"] = "24"
    third = await upload_targets(client, world.staff.token, plan["id"],
                                 xlsx({"Target": changed}), dry=False)
    assert counts(third) == {"Target": (0, 1, 2, 0)}
    assert await Indicator.filter(work_result__plan_id=plan["id"]).count() == 3


async def test_target_sheet_with_bad_rows_is_refused_whole_with_reasons(client, world):
    from kinerja_core.models import WorkResult
    from tests.test_plans import cascade_to_kasubag, create_plan

    await cascade_to_kasubag(client, world)
    plan = await create_plan(client, world.staff)
    rows = target_rows() + [
        {"work_result": "RHK tanpa atasan", "indicator": "Jumlah", "target": "1",
         "unit": "x"},  # line 5: a JA/JF RHK UTAMA must cite the rater's RHK
        {"work_result": "RHK lain", "parent": "Tidak ada di SKP atasan",
         "intervention": "LANGSUNG", "indicator": "Jumlah", "target": "1", "unit": "x"},
        {"kind": "TAMBAHAN", "work_result": "Tambahan dua", "indicator": "Jumlah",
         "target": "dua belas", "unit": "x"},  # line 7
        {"kind": "TAMBAHAN", "work_result": "Tambahan tiga", "indicator": "Jumlah",
         "target": "3"},  # line 8: no unit on a quantitative SKP
    ]
    job = await upload_targets(client, world.staff.token, plan["id"], xlsx({"Target": rows}),
                               dry=False)
    assert job["status"] == "REJECTED"
    found = [(p["line"], p["column"], p["code"]) for p in job["problems"]]
    assert found == [
        (5, "RHK Atasan", "plan.parent_required"),
        (6, "RHK Atasan", "import.unknown_parent_rhk"),
        (7, "Target", "import.number"),
        (8, "Satuan", "plan.unit_required"),
    ], found
    assert await WorkResult.filter(plan_id=plan["id"]).count() == 0
    # someone else's SKP: refused before anything is read
    other = await upload_targets(client, world.staff2.token, plan["id"],
                                 xlsx({"Target": target_rows()}), dry=True)
    assert (other["__typename"], other["code"]) == ("NotAllowed", "access.not_own")


async def test_cli_imports_targets_as_the_skp_owner(world, settings, tmp_path, client):
    from kinerja_core.models import WorkResult
    from tests.test_plans import cascade_to_kasubag, create_plan

    await cascade_to_kasubag(client, world)
    plan = await create_plan(client, world.staff)
    path = tmp_path / "target.xlsx"
    path.write_bytes(xlsx({"Target": target_rows()}))
    result = await asyncio.to_thread(
        run_cli, settings, "import", "targets", plan["id"], str(path), "--as",
        world.staff.employee.nip)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "DONE" in result.stdout
    assert await WorkResult.filter(plan_id=plan["id"]).count() == 2


async def test_cycles_in_the_unit_tree_or_reporting_line_are_bad_rows(client, world):
    sheets = {
        "Unit": [
            {"agency": "DINKES", "code": "DINKES-A", "name": "A", "parent": "DINKES-B"},
            {"agency": "DINKES", "code": "DINKES-B", "name": "B", "parent": "DINKES-A"},
        ],
        "Jabatan": [
            {"agency": "DINKES", "unit": "DINKES-P2P", "name": "Analis X", "type": "PELAKSANA",
             "superior_unit": "DINKES-P2P", "superior_name": "Analis Y"},
            {"agency": "DINKES", "unit": "DINKES-P2P", "name": "Analis Y", "type": "PELAKSANA",
             "superior_unit": "DINKES-P2P", "superior_name": "Analis X"},
            {"agency": "DINKES", "unit": "DINKES-P2P", "name": "Kepala Bidang Baru",
             "type": "ADMINISTRATOR", "head": "Ya"},  # the bidang has its head already
            {"agency": "DINKES", "unit": "DINKES-P2P", "name": "Dokter", "type": "FUNGSIONAL"},
        ],
    }
    job = await upload(client, world.central.token, xlsx(sheets), dry=True)
    assert [(p["sheet"], p["line"], p["code"]) for p in job["problems"]] == [
        ("Unit", 2, "org.unit_cycle"),
        ("Unit", 3, "org.unit_cycle"),
        ("Jabatan", 2, "org.position_cycle"),
        ("Jabatan", 3, "org.position_cycle"),
        ("Jabatan", 4, "org.unit_has_head"),
        ("Jabatan", 5, "org.functional_level"),
    ]  # in file order, whichever check found them


def people(first: int, count: int) -> dict[str, list[dict[str, Any]]]:
    """``count`` new staff of the Dinkes P2P bidang, with assignments and accounts."""
    rows: dict[str, list[dict[str, Any]]] = {"Pegawai": [], "Penempatan": [], "Akun": []}
    for n in range(first, first + count):
        nip = f"19900101201503{1 + n % 2}{n:03d}"
        rows["Pegawai"].append({"agency": "DINKES", "nip": nip, "name": f"Staf {n}",
                                "kind": "PNS", "golongan": "III/a"})
        rows["Penempatan"].append({"nip": nip, "agency": "DINKES", "unit": "DINKES-P2P",
                                   "position": "Epidemiolog Kesehatan Ahli Pertama",
                                   "start": "2025-01-02"})
        rows["Akun"].append({"nip": nip, "password": "awal-rahasia-1"})
    return rows


async def test_the_import_writes_in_bulk_not_one_statement_per_row(client, world):
    from kinerja_core.db import count_statements

    async def statements(sheets) -> int:
        with count_statements() as log:
            job = await upload(client, world.central.token, xlsx(sheets), dry=False)
        assert job["status"] == "DONE", job
        return len(log.statements)

    few = await statements(people(1, 10))
    many = await statements(people(100, 60))  # six times the rows, the same statements
    assert many == few, (few, many)
    assert await Employee.filter(name__startswith="Staf ").count() == 70


async def test_a_head_post_is_free_when_its_holder_moves_in_the_same_file(client, world):
    today = dt.date.today().isoformat()
    sheets = {"Penempatan": [
        {"nip": world.staff2.employee.nip, "agency": "DINKES", "unit": "DINKES",
         "position": "Kepala Dinas Kesehatan", "start": today},
        {"nip": world.head.employee.nip, "agency": "DINKES", "unit": "DINKES-P2P",
         "position": "Epidemiolog Kesehatan Ahli Pertama", "start": today},
    ]}
    job = await upload(client, world.central.token, xlsx(sheets), dry=False)
    assert job["status"] == "DONE", job["problems"]
    assert counts(job)["Penempatan"] == (2, 0, 0, 2)  # two new posts, two ended by mutasi
    held = await Assignment.filter(position_id=world.head.position.id, end_date__isnull=True)
    assert [a.employee_id for a in held] == [world.staff2.employee.id]
    # without the move the post is taken
    taken = {"Penempatan": [{"nip": world.staff.employee.nip, "agency": "DINKES",
                             "unit": "DINKES", "position": "Kepala Dinas Kesehatan",
                             "start": today}]}
    job = await upload(client, world.central.token, xlsx(taken), dry=True)
    assert [p["code"] for p in job["problems"]] == ["org.position_taken"]


async def test_the_execution_timeout_does_not_stop_an_import_half_way(
    settings, db, plugin_manager, world
):
    import httpx

    from kinerja_core.app import create_app
    from kinerja_core.services.bulk_import.jobs import wait_for_jobs

    app = create_app(settings.replace(execution_timeout_ms=1), manage_db=False,
                     plugins=plugin_manager)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://test") as http:
        operations = {"query": IMPORT, "variables": {"file": None, "dry": False}}
        response = await http.post(
            "/graphql",
            data={"operations": json.dumps(operations),
                  "map": json.dumps({"0": ["variables.file"]})},
            files={"0": ("org.xlsx", xlsx(valid_file()), "application/octet-stream")},
            headers={"Authorization": f"Bearer {world.central.token}"},
        )
    # the timeout stops queries only: a write cut off mid-way would leave the caller unsure
    assert "errors" not in response.json(), response.json()
    await wait_for_jobs()
    job = await ImportJob.get()
    assert (job.status, job.finished_at is not None) == ("DONE", True)
    assert await Employee.filter(nip__in=NEW_NIPS).count() == 3


async def test_target_sheet_with_more_rhk_than_an_skp_holds_is_refused_whole(client, world):
    from kinerja_core.domain import limits
    from kinerja_core.models import WorkResult
    from tests.test_plans import create_plan

    plan = await create_plan(client, world.staff)
    rows = [
        {"kind": "TAMBAHAN", "work_result": f"Tambahan {n + 1}", "indicator": "Jumlah",
         "target": "1", "unit": "kegiatan"}
        for n in range(limits.RHK_PER_PLAN + 1)
    ]
    job = await upload_targets(client, world.staff.token, plan["id"], xlsx({"Target": rows}),
                               dry=True)
    assert job["status"] == "REJECTED", job
    found = [(p["line"], p["code"]) for p in job["problems"]]
    assert found == [(limits.RHK_PER_PLAN + 2, "limit.work_results")], job["problems"]
    assert "at most 20 work results" in job["problems"][0]["message"]
    assert await WorkResult.filter(plan_id=plan["id"]).count() == 0
