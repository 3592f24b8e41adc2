"""``kinerja storage migrate --to s3`` when S3 cannot be used: one line, exit code 2, nothing moved.

Run as an operator runs it (a subprocess on the test's database, files uploaded through the
API into the local store first) against a real S3 API (moto): a bucket that does not exist,
credentials the server refuses (moto with its credential check on), an endpoint where nothing
listens. Each time: exit code 2, one line on stderr that says which, no traceback, and every
file still in the local store even with ``--delete-source``. A target that fails half-way
stops at that file with the earlier ones copied and checked.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kinerja_core.models import Evidence
from kinerja_core.storage import StoreUnavailable, make_store
from kinerja_core.storage.local import LocalStore
from kinerja_core.storage.migrate import migrate_files
from tests import test_evidence
from tests.servers import ROOT, free_port
from tests.test_evidence import PDF, upload
from tests.test_evidence_stores import BIG, moto_s3

realisasi = test_evidence.realisasi


@pytest.fixture
async def two_files(client, world, realisasi, settings) -> list[str]:
    keys = []
    for name, content in (("a.pdf", PDF), ("b.pdf", BIG)):
        evidence = await upload(
            client, world.staff.token, realisasi["id"], name, content, "application/pdf"
        )
        keys.append(f"{evidence['sha256'][:2]}/{evidence['sha256']}")
    assert all((settings.upload_dir / key).is_file() for key in keys)
    return keys


def migrate_to_s3(settings, endpoint: str, bucket: str, key_id: str = "test"):
    env = {
        **os.environ,
        "KINERJA_DATABASE_URL": settings.resolved_database_url,
        "KINERJA_DATA_DIR": str(settings.data_dir),
        "KINERJA_EVIDENCE_S3_BUCKET": bucket,
        "KINERJA_EVIDENCE_S3_ENDPOINT": endpoint,
        "AWS_ACCESS_KEY_ID": key_id,
        "AWS_SECRET_ACCESS_KEY": "not-the-secret",
    }
    command = [*_cli(), "storage", "migrate", "--to", "s3", "--delete-source"]
    return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=90)


def _cli() -> list[str]:
    return [sys.executable, "-m", "kinerja_core.cli"]


def assert_stopped(done, expected: str, settings, keys: list[str]) -> None:
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert lines[0].startswith("error: evidence store s3: "), lines
    assert expected in lines[0] and lines[0].endswith("nothing was moved"), lines
    assert done.stdout == ""
    # --delete-source removed nothing: every file is where it was
    assert all((settings.upload_dir / key).is_file() for key in keys)


async def test_a_missing_bucket_stops_before_anything_moves(settings, two_files):
    with moto_s3() as endpoint:
        done = migrate_to_s3(settings, endpoint, "no-such-bucket")
    assert_stopped(
        done, "the bucket 'no-such-bucket' does not exist at http://", settings, two_files
    )
    assert await Evidence.all().count() == 2


async def test_refused_credentials_stop_before_anything_moves(settings, two_files):
    with moto_s3(bucket=None, env={"INITIAL_NO_AUTH_ACTION_COUNT": "0"}) as endpoint:
        done = migrate_to_s3(settings, endpoint, "bukti", key_id="AKIAWRONGWRONGWRONG1")
    assert_stopped(done, "refused the credentials for the bucket 'bukti'", settings, two_files)
    assert "AWS_ACCESS_KEY_ID" in done.stderr


async def test_an_endpoint_that_does_not_answer_stops_before_anything_moves(settings, two_files):
    endpoint = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    done = migrate_to_s3(settings, endpoint, "bukti")
    assert_stopped(done, f"{endpoint} does not answer", settings, two_files)


class FailingStore(LocalStore):
    """A target that takes one file, then its storage goes away."""

    name = "failing"
    saved = 0

    async def _save(self, temp, blob) -> None:
        if FailingStore.saved:
            raise StoreUnavailable("evidence store failing: the disk went away")
        FailingStore.saved += 1
        await super()._save(temp, blob)

    @property
    def root(self):
        return self.settings.data_dir / "failing"


async def test_a_store_failing_half_way_stops_at_that_file(settings, two_files, monkeypatch):
    FailingStore.saved = 0
    monkeypatch.setattr(
        "kinerja_core.storage._plugin_factory",
        lambda name: FailingStore if name == "failing" else None,
    )
    report = await migrate_files(settings, "failing", delete_source=True)
    assert report.stopped == "evidence store failing: the disk went away"
    assert (report.moved, report.deleted) == (1, 1)
    assert report.stop_line() == (
        "error: evidence store failing: the disk went away; 1 files had been copied and "
        "checked before, 1 of them removed from the source"
    )
    first, second = sorted(two_files)
    assert await make_store(settings, "failing").exists(first)  # copied, checked
    assert not (settings.upload_dir / first).exists()  # so removed from the source
    assert (settings.upload_dir / second).is_file()  # the one it stopped at: untouched
    assert not await make_store(settings, "failing").exists(second)
