"""Evidence stores (kinerja_core/storage): local disk, database chunks, S3; the migrate command.

Every store is driven through the API as a user would: upload through GraphQL, download from
``/evidence/{id}``, refuse what is too large, remove what no row needs. The S3 store talks to
a real S3 API (``moto_server`` started on a free port); ``kinerja storage migrate`` runs as a
subprocess against the test's database.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from kinerja_core import storage
from kinerja_core.models import BlobChunk, Evidence
from kinerja_core.storage import CHUNK, BlobMissing, make_store
from kinerja_core.storage.local import LocalStore
from kinerja_core.storage.migrate import migrate_files
from tests import test_evidence
from tests.servers import ROOT, free_port
from tests.support import gql, ok
from tests.test_evidence import PDF, REMOVE, upload

realisasi = test_evidence.realisasi  # the fixture: an open realisasi of staff
BIG = b"%PDF-1.4\n" + bytes(range(256)) * ((CHUNK * 2 + 5000) // 256)  # three chunks


@contextmanager
def moto_s3(bucket: str | None = "bukti", env: dict[str, str] | None = None) -> Iterator[str]:
    """A moto S3 server on a free port (its URL), with ``bucket`` made first; stopped after.
    ``env`` goes to the server (``INITIAL_NO_AUTH_ACTION_COUNT=0``: credentials checked)."""
    port = free_port()
    server = Path(sys.executable).parent / "moto_server"
    process = subprocess.Popen(
        [str(server), "-H", "127.0.0.1", "-p", str(port)],
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                method, path = ("PUT", f"/{bucket}") if bucket else ("GET", "/")
                request = urllib.request.Request(f"{url}{path}", method=method)
                urllib.request.urlopen(request, timeout=1).close()  # noqa: S310 - loopback
                break
            except urllib.error.HTTPError:
                if bucket:
                    raise
                break  # it answers (with credentials checked, an unsigned GET is refused)
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("moto_server did not start")
                time.sleep(0.1)  # polling a process start-up
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def s3_endpoint():
    """A moto S3 server on a free port with the bucket ``bukti``; stopped after the module."""
    with moto_s3() as url:
        yield url


@pytest.fixture(params=["local", "database", "s3"])
def store_name(request) -> str:
    return request.param


@pytest.fixture
def settings(settings, store_name, request, monkeypatch):
    changes = {"upload_max_bytes": 1024 * 1024, "evidence_store": store_name}
    if store_name == "s3":
        endpoint = request.getfixturevalue("s3_endpoint")
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
        prefix = f"t-{os.urandom(6).hex()}/"  # one bucket, a folder per test
        changes |= {
            "evidence_s3_bucket": "bukti",
            "evidence_s3_endpoint": endpoint,
            "evidence_s3_prefix": prefix,
        }
    return settings.replace(**changes)


async def download(client, evidence: dict, token: str):
    return await client.get(evidence["downloadUrl"], headers={"Authorization": f"Bearer {token}"})


async def test_upload_download_refuse_and_remove_through_each_store(
    client,
    world,
    settings,
    realisasi,
    store_name,
):
    store = make_store(settings)
    assert store.name == store_name
    evidence = await upload(
        client, world.staff.token, realisasi["id"], "laporan besar.pdf", BIG, "application/pdf"
    )
    digest = hashlib.sha256(BIG).hexdigest()
    assert (evidence["sha256"], evidence["size"]) == (digest, len(BIG))
    key = f"{digest[:2]}/{digest}"
    assert await store.exists(key)
    # only the configured store has it: nothing on this node's disk unless that is the store
    assert (settings.upload_dir / key).exists() == (store_name == "local")
    if store_name == "database":  # streamed in pieces, not one row with the whole file
        assert await BlobChunk.filter(key=key).count() == 3

    response = await download(client, evidence, world.kasubag.token)
    assert response.status_code == 200
    assert response.content == BIG
    assert response.headers["content-length"] == str(len(BIG))
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == (
        "attachment; filename*=utf-8''laporan%20besar.pdf"
    )

    head = await client.head(
        evidence["downloadUrl"], headers={"Authorization": f"Bearer {world.kasubag.token}"}
    )
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(BIG))
    assert head.headers["content-disposition"] == response.headers["content-disposition"]

    too_big = await upload(
        client, world.staff.token, realisasi["id"], "x.pdf", BIG * 2, "application/pdf"
    )
    assert (too_big["code"], too_big["field"]) == ("evidence.too_large", "file")
    assert not await store.exists(storage.key_for(hashlib.sha256(BIG * 2).hexdigest()))
    assert [p for p in (settings.upload_dir / "tmp").glob("*")] == []  # no spool left

    body = await gql(client, REMOVE, {"id": evidence["id"]}, token=world.staff.token)
    assert ok(body, "removeEvidence", "__typename") == "Done"
    assert not await store.exists(key)
    assert await BlobChunk.all().count() == 0


async def test_a_file_gone_from_the_store_is_a_typed_404(client, world, settings, realisasi):
    evidence = await upload(
        client, world.staff.token, realisasi["id"], "a.pdf", PDF, "application/pdf"
    )
    await make_store(settings).delete(f"{evidence['sha256'][:2]}/{evidence['sha256']}")
    response = await download(client, evidence, world.kasubag.token)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "evidence.no_file"


@pytest.mark.parametrize("store_name", ["local"])
async def test_storage_migrate_moves_files_with_their_sha256_checked(
    client,
    world,
    settings,
    realisasi,
):
    first = await upload(
        client, world.staff.token, realisasi["id"], "a.pdf", PDF, "application/pdf"
    )
    second = await upload(
        client, world.staff.token, realisasi["id"], "b.pdf", BIG, "application/pdf"
    )
    env = {
        **os.environ,
        "KINERJA_DATABASE_URL": settings.resolved_database_url,
        "KINERJA_DATA_DIR": str(settings.data_dir),
        "KINERJA_PLUGINS": "core.manual",  # the test database has the core's tables only
    }
    command = [sys.executable, "-m", "kinerja_core.cli", "storage", "migrate", "--to", "database"]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "2 files copied" in done.stdout and "SHA-256 checked" in done.stdout
    database = make_store(settings, "database")
    for evidence, content in ((first, PDF), (second, BIG)):
        chunks = await database.open(f"{evidence['sha256'][:2]}/{evidence['sha256']}")
        assert b"".join([c async for c in chunks]) == content

    # the same command again: nothing copied twice, everything checked again
    again = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert (
        again.returncode == 0 and "0 files copied" in again.stdout and "2 already" in again.stdout
    )

    # downloads now come from the database store alone, once the setting names it
    import httpx

    from kinerja_core.app import create_app

    moved = settings.replace(evidence_store="database")
    for path in settings.upload_dir.rglob("*"):
        if path.is_file():
            path.unlink()
    app = create_app(moved, manage_db=False, plugins=client.app.state.plugins)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        response = await download(c, second, world.kasubag.token)
    assert response.status_code == 200 and response.content == BIG


@pytest.mark.parametrize("store_name", ["local"])
async def test_storage_migrate_refuses_a_file_whose_content_changed(
    client,
    world,
    settings,
    realisasi,
):
    evidence = await upload(
        client, world.staff.token, realisasi["id"], "a.pdf", PDF, "application/pdf"
    )
    key = f"{evidence['sha256'][:2]}/{evidence['sha256']}"
    (settings.upload_dir / key).write_bytes(PDF + b"tampered")
    report = await migrate_files(settings, "database", delete_source=True)
    assert report.moved == 0 and report.deleted == 0
    assert len(report.problems) == 1 and "the row says" in report.problems[0]
    assert not await make_store(settings, "database").exists(key)
    assert await BlobChunk.all().count() == 0
    assert (settings.upload_dir / key).exists()  # the source is left as it was
    assert await Evidence.all().count() == 1


class MemoStore(LocalStore):
    """A plugin's store (here: the local one under another name)."""

    name = "memo"


@pytest.mark.parametrize("store_name", ["local"])
def test_a_plugin_provides_a_store_through_an_entry_point(settings, monkeypatch):
    entry = EntryPoint("memo", "tests.test_evidence_stores:MemoStore", storage.ENTRY_POINT_GROUP)
    monkeypatch.setattr(
        "importlib.metadata.entry_points",
        lambda group=None: [entry] if group == storage.ENTRY_POINT_GROUP else [],
    )
    assert make_store(settings, "memo").name == "memo"
    with pytest.raises(ValueError, match="unknown store 'nope'"):
        make_store(settings, "nope")


@pytest.mark.parametrize("store_name", ["local"])
def test_a_wrong_evidence_store_fails_the_start(settings, plugin_manager):
    from kinerja_core.app import create_app

    with pytest.raises(ValueError, match="unknown store 'ftp'"):
        create_app(settings.replace(evidence_store="ftp"), manage_db=False, plugins=plugin_manager)
    with pytest.raises(ValueError, match="needs the setting evidence_s3_bucket"):
        create_app(settings.replace(evidence_store="s3"), manage_db=False, plugins=plugin_manager)


@pytest.mark.parametrize("store_name", ["database"])
async def test_database_store_reads_back_chunk_by_chunk(db, settings):
    store = make_store(settings)

    async def pieces():
        for _ in range(5):
            yield b"x" * (CHUNK // 2 + 1)

    blob = await store.put(pieces())
    assert blob.size == 5 * (CHUNK // 2 + 1)
    assert await BlobChunk.filter(key=blob.key).count() == 3
    sizes = [len(c) async for c in await store.open(blob.key)]
    assert sizes == [CHUNK, CHUNK, blob.size - 2 * CHUNK]
    await store.delete(blob.key)
    with pytest.raises(BlobMissing):
        await store.open(blob.key)
