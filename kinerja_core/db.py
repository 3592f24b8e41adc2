"""Database wiring: the tortoise config for core and plugin apps, start-up, shut-down."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE

from kinerja_core.settings import Settings

CORE_APP = {
    "models": ["kinerja_core.models"],
    "default_connection": "default",
    "migrations": "kinerja_core.models.migrations",
}


def database_url(settings: Settings) -> str:
    """The URL with SQLite tuned for a server: WAL (tortoise default) and a busy timeout."""
    url = settings.resolved_database_url
    if url.startswith("sqlite://") and "busy_timeout" not in url and ":memory:" not in url:
        url += ("&" if "?" in url else "?") + "busy_timeout=10000"
    return url


def tortoise_config(settings: Settings, plugin_apps: dict[str, dict] | None = None) -> dict:
    """Apps: ``core`` first, then each plugin's own app (its migrations depend on core)."""
    apps: dict[str, Any] = {"core": dict(CORE_APP)}
    for label, app in (plugin_apps or {}).items():
        apps[label] = {"default_connection": "default", **app}
    return {
        "connections": {"default": database_url(settings)},
        "apps": apps,
        "use_tz": True,
        "timezone": "UTC",
    }


def ensure_data_dir(settings: Settings) -> None:
    if settings.resolved_database_url.startswith("sqlite://"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    settings.upload_dir.mkdir(parents=True, exist_ok=True)


def check_sqlite_file(settings: Settings) -> None:
    """Fail fast when the SQLite file cannot be opened (its folder missing, no permission).

    When that open fails inside tortoise's migration runner, it waits forever on its own
    lock; opening the file once first turns that into :class:`DatabaseUnavailable`.
    """
    import sqlite3

    from tortoise.backends.base.config_generator import expand_db_url

    url = database_url(settings)
    if not url.startswith("sqlite://") or ":memory:" in url:
        return
    path = expand_db_url(url)["credentials"]["file_path"]
    try:
        sqlite3.connect(path).close()
    except sqlite3.Error as exc:
        raise _unavailable(settings, exc) from exc


def missing_sqlite_file(settings: Settings) -> Path | None:
    """The SQLite file the settings name when it does not exist yet (else None).

    ``kinerja serve`` refuses to start on it: opening it would create an empty database,
    most often in a mistyped data directory. ``kinerja migrate`` (or ``serve --demo``) creates
    it on purpose.
    """
    from tortoise.backends.base.config_generator import expand_db_url

    url = database_url(settings)
    if not url.startswith("sqlite://") or ":memory:" in url:
        return None
    path = Path(expand_db_url(url)["credentials"]["file_path"])
    return None if path.exists() else path


def forget_compiled_sql() -> None:
    """Drop tortoise's statements compiled for earlier connections.

    Tortoise keeps the INSERT/UPDATE/DELETE text of each table per connection *name*, not per
    database engine, so a process that opened SQLite and then PostgreSQL under the name
    ``default`` (the test suite's PostgreSQL pass, a CLI run twice in one process) would send
    SQLite's ``?`` placeholders to PostgreSQL. Called whenever connections are opened.
    """
    EXECUTOR_CACHE.clear()


async def init_db(settings: Settings, plugin_apps: dict[str, dict] | None = None) -> None:
    """Open connections for the running server (the schema is made by ``kinerja migrate``).

    A database that cannot be reached does not stop the start: ``/ready`` answers 503 until
    it can be (PostgreSQL may come up after the API).
    """
    ensure_data_dir(settings)
    forget_compiled_sql()
    await Tortoise.init(config=tortoise_config(settings, plugin_apps), _enable_global_fallback=True)


async def close_db() -> None:
    await Tortoise.close_connections()


@dataclass
class StatementLog(logging.Handler):
    """Collects the SQL statements tortoise sends, for tests and the debug extension."""

    statements: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        logging.Handler.__init__(self, level=logging.DEBUG)

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        head = message.lstrip().split(None, 1)[0].upper() if message.strip() else ""
        if head in {"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"}:
            self.statements.append(message)

    def __hash__(self) -> int:
        return id(self)


@contextmanager
def count_statements() -> Iterator[StatementLog]:
    """Count the statements run inside the block (tortoise logs each one at DEBUG)."""
    logger = logging.getLogger("tortoise.db_client")
    handler = StatementLog()
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached: server down, database missing, credentials refused."""


def redacted_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def _unavailable(settings: Settings, exc: BaseException) -> DatabaseUnavailable:
    url = settings.resolved_database_url
    reason = str(exc) or type(exc).__name__
    hint = ""
    if settings.uses_postgres:
        parts = urlsplit(url)
        name = parts.path.lstrip("/")
        if "InvalidCatalogName" in repr(exc.__cause__) or "does not exist" in reason:
            hint = (
                f"; create the database first, e.g. `createdb -h {parts.hostname} "
                f"-p {parts.port or 5432} -U {parts.username or 'postgres'} {name}`"
            )
        else:
            hint = "; is PostgreSQL running there and does it accept this user?"
    return DatabaseUnavailable(f"cannot use the database {redacted_url(url)}: {reason}{hint}")


async def migrate(settings: Settings, plugin_apps: dict[str, dict] | None = None) -> None:
    """Apply core migrations, then each plugin's (tortoise built-in migrations).

    Works on an empty database and on one migrated before (only what is missing is applied).
    The PostgreSQL database itself must exist; :class:`DatabaseUnavailable` says so otherwise.
    """
    import asyncpg
    from tortoise.exceptions import DBConnectionError
    from tortoise.migrations.api import migrate as run_migrations

    ensure_data_dir(settings)
    check_sqlite_file(settings)
    try:
        async with _migration_lock(settings):
            forget_compiled_sql()
            await run_migrations(config=tortoise_config(settings, plugin_apps))
    except (
        DBConnectionError,
        OSError,
        asyncpg.InvalidAuthorizationSpecificationError,
        asyncpg.InvalidPasswordError,
    ) as exc:
        raise _unavailable(settings, exc) from exc
    finally:
        await Tortoise.close_connections()
        forget_compiled_sql()  # data migrations compiled statements for this engine


MIGRATION_LOCK = 0x4B494E45  # "KINE": the advisory lock key of `kinerja migrate`


@asynccontextmanager
async def _migration_lock(settings: Settings) -> AsyncIterator[None]:
    """On PostgreSQL, one migration run at a time across every machine (an advisory lock).

    tortoise's runner has no lock of its own: two nodes deploying at the same moment would
    both create the same tables and one would fail half-way. The second run waits here, then
    finds everything applied. SQLite needs none (one writer; one machine).
    """
    if not settings.uses_postgres:
        yield
        return
    import asyncpg
    from tortoise.backends.base.config_generator import expand_db_url
    from tortoise.exceptions import DBConnectionError

    creds = expand_db_url(database_url(settings))["credentials"]
    try:
        conn = await asyncpg.connect(
            host=creds.get("host"),
            port=creds.get("port"),
            user=creds.get("user"),
            password=creds.get("password"),
            database=creds.get("database"),
        )
    except (OSError, asyncpg.PostgresError) as exc:  # reported by migrate() with a hint
        raise DBConnectionError(str(exc) or type(exc).__name__) from exc
    try:
        await conn.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK)
        yield
    finally:
        await conn.close()  # ends the session, which releases the lock


# For the tortoise CLI: ``python -m tortoise -c kinerja_core.db.TORTOISE_ORM makemigrations``.
TORTOISE_ORM = {
    "connections": {"default": "sqlite://:memory:"},
    "apps": {"core": dict(CORE_APP)},
}
