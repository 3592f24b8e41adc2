"""A fresh test database, fast: the tables are made once per run, not once per test.

Used by :func:`kinerja_core.plugins.testing.plugin_app` and the core's ``db`` fixture
(tests/support.py). ``generate_schemas`` for the core and the plugins is ~70 tables with their
indexes: 0.1-0.2 s on SQLite, 0.5-0.8 s on PostgreSQL, and dropping a PostgreSQL database
costs another 0.2-3 s (its files removed, the WAL flushed) - per test, that was most of the
PostgreSQL pass. So, per *schema* (the tortoise apps of the test: core plus its plugins):

- **SQLite**: the tables are generated once per process into a template file, which each test
  copies to its own path (a file copy: about a millisecond).
- **PostgreSQL**, when the test's database name comes from ``KINERJA_TEST_DATABASE_URL``'s
  ``{}`` pattern (as in the suite's PostgreSQL pass): the tables are generated once per run
  into a template database (``{}`` = ``tpl_<hash>``), cloned with ``CREATE DATABASE ...
  TEMPLATE``. After a test its database is kept by the process; the next test of the same
  schema renames it to its own name and empties it - every table that has rows is truncated,
  every used sequence restarted, large objects unlinked - which gives the same empty tables as
  a clone, at a fraction of a drop. If a test changed the schema itself (the catalog's
  fingerprint differs) that database is dropped and a new clone made. The databases kept and
  the templates made are dropped when the process exits, or, under ``tests/passes.py``
  (``KINERJA_TEST_DATABASES_SWEPT`` set), by its sweep of the run's ``kt_<run>_`` prefix.

Any other database URL (a fixed name given by a plugin author's own settings) keeps the plain
way: created by tortoise, tables generated, dropped afterwards.
"""

from __future__ import annotations

import asyncio
import atexit
import hashlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from tortoise import Tortoise

from kinerja_core.db import forget_compiled_sql

PATTERN_ENV = "KINERJA_TEST_DATABASE_URL"
# set by tests/passes.py, which drops every database of its run's prefix at the end: the
# workers then leave theirs to that sweep instead of dropping them one by one as they exit
SWEPT_ENV = "KINERJA_TEST_DATABASES_SWEPT"

# the schema objects a test could change with its own DDL; compared before a database is reused
FINGERPRINT = """
SELECT md5(coalesce(string_agg(x, E'\\n' ORDER BY x), '')) FROM (
  SELECT 'rel ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text || ' ' || coalesce((
    SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' '
                      || a.attnotnull || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), ''),
                      ',' ORDER BY a.attnum)
    FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '') AS x
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
    AND n.nspname NOT LIKE 'pg_temp%'
  UNION ALL SELECT 'con ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
  WHERE connamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
  UNION ALL SELECT 'idx ' || indexrelid::regclass::text || ' ' || pg_get_indexdef(indexrelid)
  FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n
    ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg_toast%'
  UNION ALL SELECT 'fn ' || p.oid::regprocedure::text FROM pg_proc p
  WHERE p.pronamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
  UNION ALL SELECT 'trg ' || tgname FROM pg_trigger WHERE NOT tgisinternal
  UNION ALL SELECT 'ext ' || extname FROM pg_extension
  UNION ALL SELECT 'nsp ' || nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg_temp%'
    AND nspname NOT LIKE 'pg_toast_temp%'
  UNION ALL SELECT 'type ' || t.oid::regtype::text FROM pg_type t
  WHERE t.typnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
    AND t.typrelid = 0 AND t.typelem = 0
  UNION ALL SELECT 'set ' || array_to_string(setconfig, ',') FROM pg_db_role_setting
  WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
) s
"""

TABLES = """
SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'
"""

TRUNCATE_ABOVE = 4 * 1024 * 1024  # bytes (table, indexes, toast) past which DELETE leaves too much

RESTART_SEQUENCES = """
SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, start_value, false)
FROM pg_sequences WHERE last_value IS NOT NULL
"""


def schema_key(config: dict[str, Any]) -> str:
    """What decides the generated tables: the apps and their model modules (stable in a run)."""
    apps = {label: sorted(app.get("models", [])) for label, app in config["apps"].items()}
    return hashlib.sha256(json.dumps(apps, sort_keys=True).encode()).hexdigest()[:16]


def _with_connection(config: dict[str, Any], url: str) -> dict[str, Any]:
    return {**config, "connections": {**config["connections"], "default": url}}


async def _generate(config: dict[str, Any], create: bool) -> None:
    forget_compiled_sql()  # see kinerja_core.db: one process, two engines
    await Tortoise.init(config=config, _create_db=create, _enable_global_fallback=True)
    try:
        await Tortoise.generate_schemas()
    finally:
        await Tortoise.close_connections()


async def _init(config: dict[str, Any]) -> None:
    forget_compiled_sql()
    await Tortoise.init(config=config, _enable_global_fallback=True)


# -- SQLite: a template file per schema, copied --------------------------------------------------

_sqlite_dir: Path | None = None


def _sqlite_path(url: str) -> Path | None:
    from tortoise.backends.base.config_generator import expand_db_url

    if ":memory:" in url:
        return None
    return Path(expand_db_url(url)["credentials"]["file_path"])


async def _sqlite_template(config: dict[str, Any], url: str) -> Path:
    global _sqlite_dir
    if _sqlite_dir is None:
        _sqlite_dir = Path(tempfile.mkdtemp(prefix="kinerja-test-schemas-"))
        atexit.register(shutil.rmtree, _sqlite_dir, True)
    path = _sqlite_dir / f"{schema_key(config)}.sqlite3"
    if not path.exists():
        building = path.with_suffix(f".{uuid.uuid4().hex[:8]}.tmp")
        query = urlsplit(url).query
        building_url = f"sqlite://{building}" + f"?{query}" * bool(query)
        await _generate(_with_connection(config, building_url), create=True)
        with sqlite3.connect(building) as conn:  # one self-contained file, no -wal beside it
            conn.execute("PRAGMA journal_mode=DELETE")
        conn.close()
        os.replace(building, path)
    return path


# -- PostgreSQL: a template database per schema, clones kept and reused -------------------------


def _name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _maintenance_dsn(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(("postgresql", parts.netloc, "/postgres", "", ""))


def _dsn(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(("postgresql", parts.netloc, parts.path, "", ""))


def _pattern_name(url: str) -> str | None:
    """``{}``-pattern of ``KINERJA_TEST_DATABASE_URL`` when ``url``'s name was made from it."""
    pattern = os.environ.get(PATTERN_ENV, "")
    if "{}" not in pattern or not pattern.startswith("postgres"):
        return None
    name = _name(pattern)
    before, _, after = name.partition("{}")
    if re.fullmatch(re.escape(before) + r"[0-9a-f]{12}" + re.escape(after), _name(url)):
        if urlsplit(pattern).netloc == urlsplit(url).netloc:
            return name
    return None


class _Pool:
    """This process's PostgreSQL databases: the templates it made, the clones it keeps."""

    def __init__(self) -> None:
        self.free: dict[str, list[str]] = {}  # schema key -> databases not in use
        self.fingerprints: dict[str, str] = {}  # schema key -> catalog fingerprint
        self.made: list[tuple[str, str]] = []  # (server url, database) to drop at exit
        self.exit_registered = False

    def remember(self, url: str, name: str) -> None:
        self.made.append((url, name))
        if not self.exit_registered and not os.environ.get(SWEPT_ENV):
            atexit.register(self.drop_all)
            self.exit_registered = True

    def forget(self, name: str) -> None:
        self.made = [(u, n) for u, n in self.made if n != name]

    def drop_all(self) -> None:
        if self.made:
            asyncio.run(self._drop_all())

    async def _drop_all(self) -> None:
        import asyncpg

        made, self.made = self.made, []
        for url, name in made:
            try:
                conn = await asyncpg.connect(_maintenance_dsn(url), timeout=10)
                try:
                    await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                finally:
                    await conn.close()
            except Exception:  # noqa: BLE001 - leaving; the pass's sweep drops what is left
                pass


_pool = _Pool()


async def _ensure_template(admin: Any, config: dict[str, Any], url: str, template: str) -> None:
    exists = await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", template)
    if exists:
        return
    # built under a name of its own, then renamed: a worker that loses the race drops its copy
    building = f"{template}_{uuid.uuid4().hex[:6]}"
    parts = urlsplit(url)
    building_url = urlunsplit((parts.scheme, parts.netloc, "/" + building, parts.query, ""))
    await _generate(_with_connection(config, building_url), create=True)
    await _no_autovacuum(building_url)
    try:
        await admin.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
        _pool.remember(url, template)
    except Exception:  # noqa: BLE001 - another process made it first
        await admin.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')


async def _empty(url: str) -> str:
    """Empty the tables that have rows, restart used sequences, unlink large objects; the
    catalog's fingerprint.

    A small table is emptied with DELETE (foreign-key triggers off for it: every table is
    emptied); TRUNCATE swaps each table's files and costs ~40 ms a table, DELETE well under one.
    The dead rows stay (the templates' tables have autovacuum off, so new rows are appended
    as in a new table); a table past ``TRUNCATE_ABOVE`` bytes is truncated instead.
    """
    import asyncpg

    conn = await asyncpg.connect(_dsn(url), timeout=30)
    try:
        tables = [r[0] for r in await conn.fetch(TABLES)]
        if tables:
            probe = " UNION ALL ".join(
                f"SELECT {i}, pg_total_relation_size('{t}'::regclass) > {TRUNCATE_ABOVE}"
                f" WHERE EXISTS (SELECT 1 FROM {t})"
                for i, t in enumerate(tables)
            )
            filled = await conn.fetch(probe)
            small = [tables[i] for i, big in filled if not big]
            big = [tables[i] for i, big in filled if big]
            if small:
                deletes = "; ".join(f"DELETE FROM {t}" for t in small)
                await conn.execute(
                    f"SET session_replication_role = replica; {deletes};"
                    " SET session_replication_role = DEFAULT"
                )
            if big:
                await conn.execute(f"TRUNCATE {', '.join(big)} CASCADE")
        await conn.fetch(RESTART_SEQUENCES)
        await conn.fetch("SELECT lo_unlink(oid) FROM pg_largeobject_metadata")
        return await conn.fetchval(FINGERPRINT)
    finally:
        await conn.close()


async def _no_autovacuum(url: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(_dsn(url), timeout=30)
    try:
        for (table,) in await conn.fetch(TABLES):
            await conn.execute(
                f"ALTER TABLE {table} SET (autovacuum_enabled = false,"
                " toast.autovacuum_enabled = false)"
            )
    finally:
        await conn.close()


async def _fingerprint(url: str) -> str:
    import asyncpg

    conn = await asyncpg.connect(_dsn(url), timeout=30)
    try:
        return await conn.fetchval(FINGERPRINT)
    finally:
        await conn.close()


async def _acquire_postgres(config: dict[str, Any], url: str, pattern: str) -> None:
    """Make the database of ``url`` exist with the schema's empty tables."""
    import asyncpg

    key = schema_key(config)
    name = _name(url)
    template = pattern.replace("{}", f"tpl_{key}")
    admin = await asyncpg.connect(_maintenance_dsn(url), timeout=30)
    try:
        free = _pool.free.setdefault(key, [])
        while free:
            kept = free.pop()
            # whatever a test left connected (a listener, a server it started) goes first
            await admin.execute(
                "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity"
                " WHERE datname = $1 AND pid <> pg_backend_pid()",
                kept,
            )
            try:
                if kept != name:  # the same settings used twice in a test keep their name
                    await admin.execute(f'ALTER DATABASE "{kept}" RENAME TO "{name}"')
            except asyncpg.PostgresError:
                await admin.execute(f'DROP DATABASE IF EXISTS "{kept}" WITH (FORCE)')
                _pool.forget(kept)
                continue
            _pool.forget(kept)
            _pool.remember(url, name)
            if await _empty(url) == _pool.fingerprints.get(key):
                return
            # the test before changed the schema itself: not the template's tables any more
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            _pool.forget(name)
        for other in _pool.free.values():  # this name kept for another schema: not reusable
            if name in other:
                other.remove(name)
                await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                _pool.forget(name)
        for _attempt in range(3):
            await _ensure_template(admin, config, url, template)
            try:
                await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
                break
            except asyncpg.InvalidCatalogNameError:  # dropped by a process that left
                continue
        else:
            raise RuntimeError(f"could not clone the test database template {template}")
        _pool.remember(url, name)
        # a test database outlives no crash: commits need not wait for the WAL to reach the disk
        # (what other sessions see is the same; kept across the renames of its reuse)
        await admin.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
        if key not in _pool.fingerprints:
            _pool.fingerprints[key] = await _fingerprint(url)
    finally:
        await admin.close()


def _release_postgres(config: dict[str, Any], url: str) -> None:
    _pool.free.setdefault(schema_key(config), []).append(_name(url))


# -- the one entry point ---------------------------------------------------------------------


@asynccontextmanager
async def fresh_database(config: dict[str, Any]) -> AsyncIterator[None]:
    """Tortoise initialised on ``config``'s ``default`` database, holding the generated empty
    tables of ``config``'s apps; connections closed (and the database released) on exit."""
    url = config["connections"]["default"]
    pattern = _pattern_name(url) if url.startswith("postgres") else None
    if pattern is not None:
        await _acquire_postgres(config, url, pattern)
        await _init(config)
        try:
            yield
        finally:
            await Tortoise.close_connections()
            _release_postgres(config, url)
        return
    target = _sqlite_path(url) if url.startswith("sqlite") else None
    if target is not None and not target.exists():
        template = await _sqlite_template(config, url)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(template, target)
        await _init(config)
    else:  # an in-memory or existing SQLite file, a PostgreSQL name of the test's own
        forget_compiled_sql()
        await Tortoise.init(config=config, _create_db=True, _enable_global_fallback=True)
        await Tortoise.generate_schemas()
    try:
        yield
    finally:
        if url.startswith("postgres"):
            await Tortoise._drop_databases()
        # also clears tortoise's global context, so the next test can init again
        await Tortoise.close_connections()
