"""kompetensiRecordsToVerify reads only the window its cap keeps (list_caps.list_window):
``first`` and ``offset`` still give every item, in upload order, and a cut list is still
named in ``extensions.truncated``."""

from __future__ import annotations

import pytest

from tests.support import YEAR, gql, ok
from tests.test_kompetensi import RECORD, enable, upload_certificate


@pytest.fixture
def plugins():
    return {"kompetensi": "kinerja_kompetensi.plugin"}


TO_VERIFY = """query($a: ID!, $first: Int, $offset: Int) {
  kompetensiRecordsToVerify(agencyId: $a, first: $first, offset: $offset) {
    employeeId nip name record { id title verification certificateUrl } } }"""
LITERAL = """query($a: ID!) { kompetensiRecordsToVerify(agencyId: $a, first: 1, offset: 3) {
  record { id } } }"""


async def pending_records(client, world, count: int) -> list[str]:
    """``count`` records of staff whose certificates wait, in upload order."""
    ids = []
    for n in range(count):
        body = await gql(
            client,
            RECORD,
            {
                "input": {
                    "kind": "SELF_STUDY",
                    "title": f"E-learning {n}",
                    "jp": 2,
                    "completedOn": f"{YEAR}-02-0{n + 1}",
                }
            },
            token=world.staff.token,
        )
        record = ok(body, "kompetensiRecordCompletion")
        await upload_certificate(client, world.staff.token, record["id"])
        ids.append(record["id"])
    return ids


async def test_every_pending_record_is_reachable_and_a_cut_is_reported(client, world):
    await enable(client, world)
    ids = await pending_records(client, world, 4)
    agency = str(world.agencies["dinkes"].id)
    token = world.people["admin"].token

    async def ask(query=TO_VERIFY, **page):
        body = await gql(client, query, {"a": agency, **page}, token=token)
        rows = ok(body, "kompetensiRecordsToVerify")
        return [r["record"]["id"] for r in rows], (body.get("extensions") or {}).get(
            "truncated", []
        ), rows

    got, cut, rows = await ask()
    assert (got, cut) == (ids, [])
    assert {(r["employeeId"], r["name"]) for r in rows} == {
        (str(world.staff.id), world.people["staff"].employee.name)
    }
    assert rows[0]["record"]["verification"] == "PENDING"
    assert rows[0]["record"]["certificateUrl"].endswith(f"recordId={ids[0]}")
    got, cut, _ = await ask(first=2, offset=1)
    assert (got, cut) == (ids[1:3], [{"path": ["kompetensiRecordsToVerify"], "cap": 2}])
    got, cut, _ = await ask(first=3, offset=1)
    assert (got, cut) == (ids[1:], [])
    got, cut, _ = await ask(first=2, offset=4)
    assert (got, cut) == ([], [])
    got, cut, _ = await ask(offset=2)
    assert (got, cut) == (ids[2:], [])
    got, cut, _ = await ask(LITERAL)
    assert (got, cut) == (ids[3:], [])
    body = await gql(client, TO_VERIFY, {"a": agency, "first": 0}, token=token)
    assert body["errors"][0]["extensions"]["code"] == "page.size"
