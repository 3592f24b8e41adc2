"""Installed like any third-party plugin: found through its entry point, its migrations match
its models, and ``kinerja migrate`` creates its tables and switches it on city-wide (the
global default), on SQLite and on PostgreSQL (``KINERJA_TEST_DATABASE_URL``)."""

from __future__ import annotations

import importlib.metadata
import os
import uuid

import asyncpg
from kinerja_core.db import migrate, tortoise_config
from kinerja_core.plugins.manager import PluginStatus, load_plugins, start_plugins
from kinerja_core.settings import Settings

PLUGINS = {"kompetensi": "kinerja_kompetensi.plugin"}


def test_the_installed_distribution_is_found_through_its_entry_point(tmp_path):
    (entry,) = [
        ep for ep in importlib.metadata.entry_points(group="kinerja") if ep.name == "kompetensi"
    ]
    assert entry.value == "kinerja_kompetensi.plugin"
    manager = load_plugins(Settings(environment="test", data_dir=tmp_path, plugins=("kompetensi",)))
    record = manager.record("kompetensi")
    assert record.status == PluginStatus.LOADED, record.error
    assert "kinerja_on_event" in record.hooks and "kinerja_demo_data" in record.hooks


async def test_the_migrations_match_the_models():
    from tortoise.context import TortoiseContext
    from tortoise.migrations.autodetector import MigrationAutodetector

    manager = await start_plugins(Settings(environment="test"), explicit=PLUGINS)
    config = tortoise_config(Settings(database_url="sqlite://:memory:"), manager.model_apps())
    async with TortoiseContext() as ctx:
        await ctx.init(config=config)
        changes = await MigrationAutodetector(ctx.apps, config["apps"]).changes()
    assert [w.app_label for w in changes if w.app_label == "kompetensi"] == []


async def _query(url: str, sql: str) -> list[tuple]:
    if url.startswith("sqlite://"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite://")) as db:
            return [tuple(r) for r in db.execute(sql)]
    connection = await asyncpg.connect(url)
    try:
        return [tuple(r) for r in await connection.fetch(sql)]
    finally:
        await connection.close()


async def test_migrate_creates_the_tables_and_switches_the_plugin_on_city_wide(tmp_path):
    url = os.environ.get("KINERJA_TEST_DATABASE_URL", "").replace("{}", uuid.uuid4().hex[:12])
    url = url or f"sqlite://{tmp_path / 'migrated.sqlite3'}"
    settings = Settings(environment="test", data_dir=tmp_path, database_url=url)
    postgres = url.startswith("postgres")
    if postgres:
        base, _, name = url.rpartition("/")
        admin = await asyncpg.connect(f"{base}/postgres")
        await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        apps = (await start_plugins(settings, explicit=PLUGINS)).model_apps()
        await migrate(settings, apps)
        await migrate(settings, apps)  # nothing left to do, and still one default row
        rows = await _query(
            url, "SELECT plugin, scope, enabled FROM plugin_activation WHERE plugin = 'kompetensi'"
        )
        assert [(p, s, bool(e)) for p, s, e in rows] == [("kompetensi", "*", True)]
        for table in ("kompetensi_need", "kompetensi_activity", "kompetensi_record"):
            assert await _query(url, f"SELECT COUNT(*) FROM {table}") == [(0,)]
    finally:
        if postgres:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await admin.close()
