"""The ``kinerja_register_downloads`` hook: a plugin's files at /documents/plugins/<plugin>/<name>,
signed in as /graphql, typed errors as JSON, a failing builder isolated (503, never a 500);
and ``register_stored_files``: a plugin's table keeps a shared stored file from going."""

from __future__ import annotations

import io

import pytest

from kinerja_core import hookimpl
from kinerja_core.api import (
    Download,
    DownloadFile,
    NotAllowed,
    discard_if_unreferenced,
    register_stored_files,
)
from kinerja_core.models import Evidence
from kinerja_core.plugins.manager import PluginStatus, load_plugins
from kinerja_core.storage import evidence_store
from kinerja_core.storage.references import file_tables, is_referenced


async def _greeting(ctx, request):
    viewer = ctx.require_viewer()
    if not viewer.is_central_admin:
        raise NotAllowed("access.central_admin")
    year = request.number("year", required=True)
    return DownloadFile(f"salam-{year}.csv", "text/csv", data=f"nip\n{viewer.nip}\n".encode())


async def _broken(ctx, request):
    raise RuntimeError("the plugin's own bug")


class Files:
    """A plugin offering a generated file and one whose builder fails."""

    @hookimpl
    def kinerja_register_downloads(self):
        return [Download("greeting.csv", _greeting, "A CSV"), Download("broken", _broken)]


class BadName:
    @hookimpl
    def kinerja_register_downloads(self):
        return [Download("../escape", _greeting)]


@pytest.fixture
def plugins():
    return {"files": Files(), "kompetensi": "kinerja_kompetensi.plugin"}


async def test_hook_kinerja_register_downloads(client, world):
    url = "/documents/plugins/files/greeting.csv?year=2026"
    answer = await client.get(url, headers={"Authorization": f"Bearer {world.central.token}"})
    assert answer.status_code == 200, answer.text
    assert answer.text == f"nip\n{world.central.employee.nip}\n"
    assert answer.headers["content-disposition"] == 'attachment; filename="salam-2026.csv"'
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["cache-control"] == "private, no-store"

    def get(path, token=None):
        headers = {"Accept-Language": "en"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return client.get(path, headers=headers)

    signed_out = await get(url)
    assert signed_out.status_code == 401
    denied = await get(url, world.staff.token)
    assert (denied.status_code, denied.json()["error"]["code"]) == (403, "access.central_admin")
    missing = await get("/documents/plugins/files/greeting.csv", world.central.token)
    assert missing.status_code == 400
    assert missing.json()["error"]["message"] == "The parameter year is required."
    for path in ("/documents/plugins/files/nothing", "/documents/plugins/ghost/greeting.csv"):
        assert (await get(path, world.central.token)).status_code == 404, path
    broken = await get("/documents/plugins/files/broken", world.central.token)
    assert (broken.status_code, broken.json()["error"]["code"]) == (503, "plugin.failed")


def test_a_bad_download_name_fails_the_plugin(settings):
    manager = load_plugins(settings, explicit={"badname": BadName()})
    record = manager.record("badname")
    assert record.status == PluginStatus.FAILED
    assert "download name '../escape'" in record.error


async def test_a_registered_table_keeps_a_shared_file(client, world, settings):
    from kinerja_kompetensi.models import DevelopmentRecord  # a real plugin table

    blob = await evidence_store(settings).put(io.BytesIO(b"%PDF-1.4 shared"))
    assert not await is_referenced(blob.key)
    register_stored_files(
        DevelopmentRecord,
        path_field="certificate_path",
        sha_field="certificate_sha256",
        size_field="certificate_size",
        owner_field="employee_id",
    )
    assert sum(t.model is DevelopmentRecord for t in file_tables()) == 1  # once, however often
    await certificate_row(world, blob)
    assert await Evidence.filter(storage_path=blob.key).count() == 0
    assert await discard_if_unreferenced(settings, blob.key) is False
    assert await evidence_store(settings).exists(blob.key)
    await DevelopmentRecord.filter(certificate_path=blob.key).update(certificate_path="")
    assert await discard_if_unreferenced(settings, blob.key) is True
    assert not await evidence_store(settings).exists(blob.key)


def test_a_table_naming_a_field_it_lacks_is_refused():
    from kinerja_kompetensi.models import DevelopmentRecord

    with pytest.raises(ValueError, match="has no field nothing"):
        register_stored_files(
            DevelopmentRecord,
            path_field="nothing",
            sha_field="certificate_sha256",
            size_field="certificate_size",
        )


async def test_storage_migrate_copies_the_files_of_registered_tables(client, world, settings):

    from kinerja_core.storage import make_store
    from kinerja_core.storage.migrate import migrate_files

    blob = await evidence_store(settings).put(io.BytesIO(b"%PDF-1.4 a certificate"))
    await certificate_row(world, blob)
    report = await migrate_files(settings, "database")
    assert report.problems == []
    assert await make_store(settings, "database").exists(blob.key)


async def certificate_row(world, blob):
    """A kompetensi record of the staff member whose certificate is ``blob``."""
    from kinerja_kompetensi.models import DevelopmentRecord

    return await DevelopmentRecord.create(
        employee_id=world.staff.employee.id,
        agency_id=world.staff.employee.agency_id,
        year=2026,
        kind="COURSE",
        title="Kursus",
        jp=4,
        completed_on="2026-02-01",
        certificate_path=blob.key,
        certificate_sha256=blob.sha256,
        certificate_size=blob.size,
    )
