"""Every foreign key has an index, in the database the migrations build.

Neither SQLite nor PostgreSQL indexes a foreign key by itself. Without one, "the realisasi of
this IKI" or "who reports to this position" reads the whole table, and list views grow with
the city instead of with the page (issue 14). The check runs the real migrations of the core
and of both first-party plugins on the pass's database and reads the catalogue back, so a new
model or migration without its index fails here.
"""

from __future__ import annotations

from tortoise import Tortoise

from kinerja_core import sql
from kinerja_core.db import migrate, tortoise_config
from kinerja_core.plugins.manager import start_plugins
from kinerja_core.settings import Settings
from tests.servers import on_postgres, pass_database

FIRST_PARTY = {
    "kesehatan": "kinerja_kesehatan.plugin",
    "pendidikan": "kinerja_pendidikan.plugin",
    "kompetensi": "kinerja_kompetensi.plugin",
}

PG_FOREIGN_KEYS = """
SELECT c.conrelid::regclass::text AS tbl, a.attname AS col
FROM pg_constraint c
JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
"""
PG_INDEX_LEADS = """
SELECT i.indrelid::regclass::text AS tbl, a.attname AS col
FROM pg_index i
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
WHERE t.relnamespace = 'public'::regnamespace
"""


async def _sqlite_keys_and_leads() -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    tables = [
        row["name"]
        for row in await sql.fetch_all(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    keys: set[tuple[str, str]] = set()
    leads: set[tuple[str, str]] = set()
    for table in tables:
        for fk in await sql.fetch_all(f'PRAGMA foreign_key_list("{table}")'):
            keys.add((table, fk["from"]))
        for index in await sql.fetch_all(f'PRAGMA index_list("{table}")'):
            columns = await sql.fetch_all(f'PRAGMA index_info("{index["name"]}")')
            first = min(columns, key=lambda c: c["seqno"])
            leads.add((table, first["name"]))
    return keys, leads


async def _postgres_keys_and_leads() -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    keys = {(row["tbl"], row["col"]) for row in await sql.fetch_all(PG_FOREIGN_KEYS)}
    leads = {(row["tbl"], row["col"]) for row in await sql.fetch_all(PG_INDEX_LEADS)}
    return keys, leads


async def test_every_foreign_key_leads_an_index_after_the_migrations(tmp_path):
    with pass_database(tmp_path, "indexes") as url:
        settings = Settings(environment="test", data_dir=tmp_path / "data", database_url=url)
        manager = await start_plugins(settings, explicit=FIRST_PARTY)
        apps = manager.model_apps()
        assert {"kesehatan", "pendidikan"} <= set(apps), apps
        await migrate(settings, apps)
        await Tortoise.init(config=tortoise_config(settings, apps), _enable_global_fallback=True)
        try:
            reader = _postgres_keys_and_leads if on_postgres() else _sqlite_keys_and_leads
            keys, leads = await reader()
        finally:
            await Tortoise.close_connections()
    # the catalogue really was read: core and plugin tables both carry foreign keys
    assert ("realization", "indicator_id") in keys
    assert any(table.startswith("kesehatan") for table, _ in keys), sorted(keys)
    missing = sorted(keys - leads)
    assert not missing, f"foreign keys without an index (table, column): {missing}"
