"""Database wiring: the tortoise config for core and plugin apps, start-up, shut-down."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from tortoise import Tortoise

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


async def init_db(settings: Settings, plugin_apps: dict[str, dict] | None = None) -> None:
    """Open connections for the running server (the schema is made by ``kinerja migrate``)."""
    ensure_data_dir(settings)
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


async def migrate(settings: Settings, plugin_apps: dict[str, dict] | None = None) -> None:
    """Apply core migrations, then each plugin's (tortoise built-in migrations)."""
    from tortoise.migrations.api import migrate as run_migrations

    ensure_data_dir(settings)
    try:
        await run_migrations(config=tortoise_config(settings, plugin_apps))
    finally:
        await Tortoise.close_connections()




# For the tortoise CLI: ``python -m tortoise -c kinerja_core.db.TORTOISE_ORM makemigrations``.
TORTOISE_ORM = {
    "connections": {"default": "sqlite://:memory:"},
    "apps": {"core": dict(CORE_APP)},
}
