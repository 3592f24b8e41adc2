"""``/ready`` fails on a database it cannot write or one with no migrations applied, and
``kinerja serve`` does not create an empty database in a mistyped data directory (issue 8.9).
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from tortoise import connections

from kinerja_core import sql
from kinerja_core.app import create_app
from kinerja_core.cli import main as kinerja
from kinerja_core.db import close_db, init_db, migrate
from kinerja_core.plugins.manager import start_plugins
from kinerja_core.settings import Settings
from tests.servers import on_postgres, pass_database


def settings_for(tmp_path: Path, url: str) -> Settings:
    return Settings(environment="test", data_dir=tmp_path / "data", database_url=url)


async def ready(settings: Settings) -> httpx.Response:
    app = create_app(settings, manage_db=False, plugins=await start_plugins(settings, explicit={}))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        return await http.get("/ready")


async def make_read_only(settings: Settings) -> None:
    """What an operator sees with a read-only file or a read-only PostgreSQL database.

    Tests run as root, whom file modes do not stop, so SQLite's ``query_only`` stands in for
    a file without write permission (both answer "attempt to write a readonly database").
    """
    if on_postgres():
        name = (await sql.fetch_all("SELECT current_database() AS name"))[0]["name"]
        await sql.fetch_all(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
        await close_db()
        await init_db(settings)  # new connections start read-only
    else:
        await connections.get("default").execute_script("PRAGMA query_only = ON")


async def test_ready_fails_on_a_database_it_cannot_write(tmp_path):
    with pass_database(tmp_path, "readonly") as url:
        settings = settings_for(tmp_path, url)
        await migrate(settings)
        await init_db(settings)
        try:
            assert (await ready(settings)).status_code == 200
            await make_read_only(settings)
            answer = await ready(settings)
            assert answer.status_code == 503
            assert answer.json() == {"status": "unavailable", "reason": "database is read-only"}
            assert await sql.fetch_all("SELECT 1 AS one") == [{"one": 1}]  # reads still work
        finally:
            await close_db()


async def test_ready_fails_on_an_empty_database(tmp_path):
    with pass_database(tmp_path, "empty") as url:
        settings = settings_for(tmp_path, url)
        await init_db(settings)
        try:
            answer = await ready(settings)
        finally:
            await close_db()
        assert answer.status_code == 503
        body = answer.json()
        assert body["reason"] == "database is empty: no migrations applied; run `kinerja migrate`"
        assert "core.0001_initial" in body["pending"]


@pytest.fixture
def no_uvicorn(monkeypatch) -> list[dict]:
    """Record what `kinerja serve` would run instead of running a server."""
    import uvicorn

    runs: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: runs.append(options))
    return runs


@pytest.mark.skipif(on_postgres(), reason="a data directory is where the SQLite file lives")
def test_serve_does_not_create_a_database_in_a_mistyped_data_dir(
    tmp_path, monkeypatch, capsys, no_uvicorn
):
    typo = tmp_path / "dta"
    monkeypatch.setenv("KINERJA_DATA_DIR", str(typo))
    monkeypatch.delenv("KINERJA_DATABASE_URL", raising=False)
    for args in (["serve"], ["serve", "--no-migrate"]):
        assert kinerja(args) == 1
        error = capsys.readouterr().err
        assert f"no database at {typo / 'kinerja.sqlite3'}" in error
        assert "`kinerja migrate`" in error and "--demo" in error
    assert not typo.exists() and no_uvicorn == []

    assert kinerja(["migrate"]) == 0  # creating it is an explicit step
    assert kinerja(["serve"]) == 0
    assert len(no_uvicorn) == 1


@pytest.mark.skipif(not on_postgres(), reason="PostgreSQL roles and privileges")
async def test_ready_fails_for_a_postgres_user_without_write_privileges(tmp_path):
    import uuid
    from urllib.parse import urlsplit, urlunsplit

    from tests.passes import admin

    role = f"kt_reader_{uuid.uuid4().hex[:8]}"
    try:
        with pass_database(tmp_path, "reader") as url:
            await migrate(settings_for(tmp_path, url))
            admin(url, f'CREATE ROLE "{role}" LOGIN')
            await init_db(settings_for(tmp_path, url))  # as the owner: grant reading only
            await sql.fetch_all(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{role}"')
            await close_db()
            parts = urlsplit(url)
            netloc = f"{role}@{parts.hostname}:{parts.port or 5432}"
            reader = settings_for(
                tmp_path, urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
            )
            await init_db(reader)
            try:
                answer = await ready(reader)
            finally:
                await close_db()
            assert (answer.status_code, answer.json()["reason"]) == (503, "database is read-only")
    finally:  # the grants went with the database; the role is the server's
        admin(url, f'DROP ROLE IF EXISTS "{role}"')
