"""Deploying on the pass's database (SQLite, or PostgreSQL in the PostgreSQL pass).

`kinerja migrate` builds an empty database and, run again on an existing one, applies only
what is missing (a plugin installed later brings its own migrations). ``/ready`` answers 503
with the pending migrations, core's and the loaded plugins', until they are applied; a
database that cannot be reached is reported clearly by the CLI.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import httpx
import pytest
from tortoise import Tortoise

from kinerja_core import sql
from kinerja_core.app import create_app
from kinerja_core.cli import main as kinerja
from kinerja_core.db import close_db, init_db, migrate, tortoise_config
from kinerja_core.plugins.manager import PluginManager, start_plugins
from kinerja_core.plugins.scaffold import write_skeleton
from kinerja_core.settings import Settings
from tests.servers import CLI, ROOT, on_postgres, pass_database, server_env

PLUGIN = "gizi_ready"  # a plugin module is imported once per process: a name of its own
CORE_TABLES = {"agency", "employee", "performance_plan", "realization", "feedback", "audit_entry"}


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory) -> Path:
    """A plugin with a model and its migration, as `kinerja plugin new` writes it."""
    return write_skeleton(PLUGIN, tmp_path_factory.mktemp("plugin"))


@pytest.fixture
def with_plugin(plugin_path, monkeypatch) -> dict[str, str]:
    monkeypatch.syspath_prepend(str(plugin_path))
    return {PLUGIN: f"kinerja_{PLUGIN}.plugin"}


def settings_for(tmp_path: Path, url: str) -> Settings:
    return Settings(environment="test", data_dir=tmp_path / "data", database_url=url)


async def tables_and_migrations(settings: Settings) -> tuple[set[str], list[tuple[str, str]]]:
    await Tortoise.init(config=tortoise_config(settings), _enable_global_fallback=True)
    try:
        if on_postgres():
            query = "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'"
        else:
            query = "SELECT name FROM sqlite_master WHERE type = 'table'"
        tables = {row["name"] for row in await sql.fetch_all(query)}
        rows = await sql.fetch_all("SELECT app, name FROM tortoise_migrations ORDER BY id")
        return tables, [(row["app"], row["name"]) for row in rows]
    finally:
        await Tortoise.close_connections()


def cli_migrate(tmp_path: Path, url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CLI, "migrate"],
        env=server_env(tmp_path, url, {"KINERJA_PLUGINS": ""}),  # the core alone
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def test_migrate_builds_an_empty_database_then_applies_only_what_is_missing(
    tmp_path, with_plugin
):
    with pass_database(tmp_path, "deploy") as url:
        settings = settings_for(tmp_path, url)
        first = cli_migrate(tmp_path, url)  # an empty database
        assert (first.returncode, first.stdout) == (0, "migrations applied\n"), first.stderr
        tables, applied = await tables_and_migrations(settings)
        assert CORE_TABLES <= tables
        assert applied and {app for app, _ in applied} == {"core"}

        again = cli_migrate(tmp_path, url)  # an existing database: nothing to do
        assert again.returncode == 0, again.stderr
        assert await tables_and_migrations(settings) == (tables, applied)

        apps = (await start_plugins(settings, explicit=with_plugin)).model_apps()
        await migrate(settings, apps)  # a plugin installed later
        await migrate(settings, apps)
        with_gizi, now_applied = await tables_and_migrations(settings)
        assert with_gizi - tables == {f"{PLUGIN}_record"}
        assert now_applied == [*applied, (PLUGIN, "0001_initial")]


async def ready(manager: PluginManager, settings: Settings) -> httpx.Response:
    app = create_app(settings, manage_db=False, plugins=manager)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as http:
        assert (await http.get("/health")).json() == {"status": "ok"}
        return await http.get("/ready")


async def test_ready_waits_for_the_migrations_of_core_and_of_every_loaded_plugin(
    tmp_path, with_plugin
):
    with pass_database(tmp_path, "ready") as url:
        settings = settings_for(tmp_path, url)
        manager = await start_plugins(settings, explicit=with_plugin)
        apps = manager.model_apps()

        await init_db(settings, apps)  # nothing migrated yet
        try:
            answer = await ready(manager, settings)
        finally:
            await close_db()
        assert answer.status_code == 503
        pending = answer.json()["pending"]
        assert "core.0001_initial" in pending and f"{PLUGIN}.0001_initial" in pending

        await migrate(settings)  # the core only
        await init_db(settings, apps)
        try:
            answer = await ready(manager, settings)
        finally:
            await close_db()
        assert answer.status_code == 503
        assert answer.json() == {
            "status": "unavailable",
            "reason": "migrations pending; run `kinerja migrate`",
            "pending": [f"{PLUGIN}.0001_initial"],
        }

        await migrate(settings, apps)
        await init_db(settings, apps)
        try:
            answer = await ready(manager, settings)
        finally:
            await close_db()
        assert (answer.status_code, answer.json()) == (200, {"status": "ready"})


def test_migrate_says_how_to_fix_an_unreachable_database(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KINERJA_DATA_DIR", str(tmp_path / "data"))
    if on_postgres():
        from tests.passes import server_url, with_database

        url = with_database(server_url(), "kt_missing_database")
        expected = "create the database first, e.g. `createdb"
    else:
        url = f"sqlite://{tmp_path / 'no' / 'such' / 'dir' / 'kinerja.sqlite3'}"
        expected = "cannot use the database"
    monkeypatch.setenv("KINERJA_DATABASE_URL", url)

    assert kinerja(["migrate"]) == 1
    assert expected in capsys.readouterr().err
