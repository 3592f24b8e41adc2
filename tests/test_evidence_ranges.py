"""Range requests on evidence downloads (kinerja_core/byte_ranges.py), through every store.

Uploaded through GraphQL, downloaded from ``/evidence/{id}`` with ``Range`` as a browser or a
download manager resuming a file would: 206 with the part and ``Content-Range``, suffix
ranges, 416 for a range past the end, ``If-Range`` on the SHA-256 ETag. The file spans three
database chunks, so parts that cross a chunk boundary and parts inside one chunk are both
read; the database store reads only the rows that hold the part.
"""

from __future__ import annotations

import hashlib

import pytest

from kinerja_core.byte_ranges import Unsatisfiable, parse_range
from kinerja_core.db import count_statements
from kinerja_core.storage import CHUNK, make_store
from tests import test_evidence, test_evidence_stores
from tests.test_evidence import upload
from tests.test_evidence_stores import BIG

realisasi = test_evidence.realisasi
s3_endpoint = test_evidence_stores.s3_endpoint
store_name = test_evidence_stores.store_name
settings = test_evidence_stores.settings
SIZE = len(BIG)
ETAG = f'"{hashlib.sha256(BIG).hexdigest()}"'


@pytest.fixture
async def evidence(client, world, realisasi) -> dict:
    return await upload(
        client, world.staff.token, realisasi["id"], "laporan.pdf", BIG, "application/pdf"
    )


async def get(client, evidence: dict, token: str, **headers: str):
    return await client.get(
        evidence["downloadUrl"], headers={"Authorization": f"Bearer {token}", **headers}
    )


@pytest.mark.parametrize(
    ("header", "start", "stop"),
    [
        ("bytes=0-99", 0, 100),  # the first bytes
        (f"bytes={CHUNK - 10}-{2 * CHUNK + 9}", CHUNK - 10, 2 * CHUNK + 10),  # three chunks
        (f"bytes={CHUNK + 5}-{CHUNK + 20}", CHUNK + 5, CHUNK + 21),  # inside one chunk
        (f"bytes={SIZE - 10}-", SIZE - 10, SIZE),  # from an offset to the end
        ("bytes=-700", SIZE - 700, SIZE),  # suffix: the last 700 bytes
        (f"bytes=100-{SIZE * 2}", 100, SIZE),  # an end past the file: up to its end
        (f"bytes=-{SIZE * 2}", 0, SIZE),  # a suffix longer than the file: all of it
    ],
)
async def test_a_range_answers_206_with_only_that_part(
    client, world, evidence, header, start, stop
):
    response = await get(client, evidence, world.kasubag.token, Range=header)
    assert response.status_code == 206, response.text
    assert response.content == BIG[start:stop]
    assert response.headers["content-range"] == f"bytes {start}-{stop - 1}/{SIZE}"
    assert response.headers["content-length"] == str(stop - start)
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["etag"] == ETAG
    assert response.headers["content-disposition"].startswith("attachment")


async def test_the_whole_file_says_it_accepts_ranges_and_bad_ranges_are_ignored(
    client, world, evidence
):
    whole = await get(client, evidence, world.kasubag.token)
    assert whole.status_code == 200 and whole.content == BIG
    assert (whole.headers["accept-ranges"], whole.headers["etag"]) == ("bytes", ETAG)
    # not one valid byte range: ignored, the whole file is sent (RFC 9110 14.2)
    for header in ("bytes=50-10", "items=0-5", "bytes=0-5,10-20", "bytes=a-b", "bytes=-"):
        response = await get(client, evidence, world.kasubag.token, Range=header)
        assert response.status_code == 200, header
        assert response.content == BIG and "content-range" not in response.headers


async def test_a_range_past_the_end_is_416_with_the_size(client, world, evidence):
    for header in (f"bytes={SIZE}-", f"bytes={SIZE + 100}-{SIZE + 200}", "bytes=-0"):
        response = await get(
            client, evidence, world.kasubag.token, Range=header, **{"Accept-Language": "en"}
        )
        assert response.status_code == 416, header
        assert response.headers["content-range"] == f"bytes */{SIZE}"
        error = response.json()["error"]
        assert error["code"] == "download.range_unsatisfiable"
        assert f"{SIZE} bytes" in error["message"] and "Range" in error["message"]


async def test_if_range_resumes_only_the_same_file(client, world, evidence):
    same = await get(
        client, evidence, world.kasubag.token, Range="bytes=10-19", **{"If-Range": ETAG}
    )
    assert same.status_code == 206 and same.content == BIG[10:20]
    for other in ('"' + "0" * 64 + '"', f"W/{ETAG}", "Fri, 04 Dec 2026 10:00:00 GMT"):
        changed = await get(
            client, evidence, world.kasubag.token, Range="bytes=10-19", **{"If-Range": other}
        )
        assert changed.status_code == 200, other
        assert changed.content == BIG and "content-range" not in changed.headers


async def test_access_and_missing_files_are_checked_before_any_range(
    client, world, evidence, settings
):
    peer = await get(client, evidence, world.staff2.token, Range="bytes=0-9")
    assert peer.status_code == 404 and "content-range" not in peer.headers
    await make_store(settings).delete(f"{evidence['sha256'][:2]}/{evidence['sha256']}")
    gone = await get(client, evidence, world.kasubag.token, Range="bytes=0-9")
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "evidence.no_file"


@pytest.mark.parametrize("store_name", ["database"])
async def test_the_database_store_reads_only_the_rows_of_the_part(db, settings):
    store = make_store(settings)

    async def pieces():
        yield BIG

    blob = await store.put(pieces())
    with count_statements() as log:
        part = b"".join([c async for c in await store.open_range(blob.key, SIZE - 100, SIZE)])
    assert part == BIG[-100:]
    rows = [s for s in log.statements if "blob_chunk" in s]
    assert len(rows) == 2  # the chunk count, then the last row only (not rows 0 and 1)
    with count_statements() as log:
        part = b"".join([c async for c in await store.open_range(blob.key, CHUNK - 1, CHUNK + 1)])
    assert part == BIG[CHUNK - 1 : CHUNK + 1]
    assert len([s for s in log.statements if "blob_chunk" in s]) == 3  # count, rows 0 and 1


def test_parse_range_follows_rfc_9110():
    assert parse_range(None, 10) is None
    assert parse_range("bytes=0-0", 10) == (0, 1)
    assert parse_range("bytes = 2 - 4", 10) == (2, 5)
    assert parse_range("BYTES=3-", 10) == (3, 10)
    assert parse_range("bytes=-3", 10) == (7, 10)
    assert parse_range("bytes=9-100", 10) == (9, 10)
    assert parse_range("bytes=10-", 10) == Unsatisfiable(10)
    assert parse_range("bytes=-1", 0) == Unsatisfiable(0)
    assert parse_range("bytes=-0", 10) == Unsatisfiable(10)
    for ignored in ("bytes=4-2", "bytes=1-2,4-5", "lines=1-2", "bytes=x-", "bytes=", "bytes=1"):
        assert parse_range(ignored, 10) is None, ignored
    assert parse_range("bytes=" + "9" * 30 + "-", 10) is None  # no huge integers parsed
