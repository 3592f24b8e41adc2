"""The demo's bulk writing (kinerja_core.demo.bulk): rows built without tortoise's checks and
written by COPY (PostgreSQL) or executemany (SQLite) hold what tortoise would have written."""

from __future__ import annotations

import datetime as dt

from tortoise.transactions import in_transaction

from kinerja_core.demo.bulk import db_records, insert_rows, light_row
from kinerja_core.domain.enums import EvidenceKind
from kinerja_core.models import AuditEntry, Evidence

AT = dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=dt.UTC)


async def test_a_light_row_converts_as_a_tortoise_instance(db: None) -> None:
    values = dict(
        id=7, realization_id=3, kind=EvidenceKind.LINK, url="https://x.example/a.pdf",
        title="Laporan", uploaded_by_id=2, created_at=AT,
    )  # fmt: skip
    light = db_records(Evidence, [light_row(Evidence, **values)])
    normal = db_records(Evidence, [Evidence(**values)])
    assert light == normal
    columns, (record,) = light
    stored = dict(zip(columns, record, strict=True))
    assert stored["kind"] == "LINK" and stored["size"] == 0 and stored["filename"] == ""
    assert stored["created_at"] == AT


async def test_rows_without_an_id_leave_the_id_column_to_the_database(db: None) -> None:
    columns, _ = db_records(AuditEntry, [AuditEntry(action="x", entity="Demo")])
    assert "id" not in columns
    columns, _ = db_records(Evidence, [light_row(Evidence, id=1, kind=EvidenceKind.LINK)])
    assert "id" in columns


async def test_insert_rows_writes_them_in_the_transaction(db: None) -> None:
    rows = [
        AuditEntry(action="demo.test", entity="Demo", entity_id=str(n), after={"n": n}, at=AT)
        for n in range(3)
    ]
    async with in_transaction():
        await insert_rows(AuditEntry, rows)
    stored = await AuditEntry.filter(action="demo.test").order_by("id")
    assert [(e.entity_id, e.after, e.at) for e in stored] == [
        (str(n), {"n": n}, AT) for n in range(3)
    ]
