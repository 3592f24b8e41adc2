"""``/health`` (the process answers) and ``/ready`` (it can serve: database up, schema current).

A load balancer or orchestrator sends traffic only to a ready process; ``/ready`` answers 503
with a reason while the database is unreachable, is empty (no migration applied: most often a
mistyped data directory or database name), has migrations (core or a loaded plugin's) still
pending, or cannot be written (a read-only SQLite file or directory, a PostgreSQL standby, a
read-only transaction default, missing privileges). All cheap enough for a probe every few
seconds: the write probe is an ``UPDATE`` that matches no row, rolled back.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from tortoise import connections
from tortoise.migrations.loader import MigrationLoader
from tortoise.migrations.recorder import MigrationRecorder
from tortoise.transactions import in_transaction

from kinerja_core import sql
from kinerja_core.db import CORE_APP

log = logging.getLogger("kinerja.health")


async def health(_: Request) -> JSONResponse:
    """Liveness: the process is up and answering."""
    return JSONResponse({"status": "ok"})


def _unavailable(reason: str, **detail: Any) -> JSONResponse:
    return JSONResponse({"status": "unavailable", "reason": reason, **detail}, status_code=503)


class _RolledBack(Exception):
    """Raised inside the write probe so its transaction is rolled back."""


async def can_write() -> bool:
    """True when the database accepts a write (an UPDATE matching no row, rolled back)."""
    try:
        async with in_transaction() as conn:
            await conn.execute_query("UPDATE tortoise_migrations SET app = app WHERE 1 = 0")
            raise _RolledBack
    except _RolledBack:
        return True
    except Exception:
        log.warning("not ready: the database refuses writes", exc_info=True)
        return False


class Readiness:
    """Readiness: ``SELECT 1`` works and every migration file of core and plugins is applied.

    The apps are the core's and those of the app's loaded plugins (``app.state.plugins``),
    unless given explicitly.
    """

    def __init__(self, apps: dict[str, dict] | None = None) -> None:
        self.apps = apps
        self._expected: set[tuple[str, str]] | None = None

    def _apps(self, request: Request | None) -> dict[str, dict]:
        if self.apps is not None:
            return self.apps
        apps: dict[str, dict] = {"core": dict(CORE_APP)}
        manager = getattr(getattr(request, "app", None), "state", None)
        manager = getattr(manager, "plugins", None) if manager is not None else None
        if manager is not None:
            for label, app in manager.model_apps().items():
                apps[label] = {"default_connection": "default", **app}
        return apps

    def expected(self, request: Request | None = None) -> set[tuple[str, str]]:
        """The migrations on disk (read once: files do not change under a running process)."""
        if self._expected is None:
            apps = {k: v for k, v in self._apps(request).items() if v.get("migrations")}
            loader = MigrationLoader(apps, recorder=None)  # type: ignore[arg-type]
            loader.load_disk()
            self._expected = {(k.app_label, k.name) for k in loader.disk_migrations}
        return self._expected

    async def check(self, request: Request) -> JSONResponse:
        """The ``/ready`` endpoint."""
        try:
            await sql.fetch_all("SELECT 1")
            recorder = MigrationRecorder(connections.get("default"))
            applied = {(k.app_label, k.name) for k in await recorder.applied_migrations()}
        except Exception:  # the reason for operators is in the log, not in the public answer
            log.warning("not ready: database unreachable", exc_info=True)
            return _unavailable("database unreachable")
        pending = sorted(f"{app}.{name}" for app, name in self.expected(request) - applied)
        if not applied:
            reason = "database is empty: no migrations applied; run `kinerja migrate`"
            return _unavailable(reason, pending=pending)
        if pending:
            return _unavailable("migrations pending; run `kinerja migrate`", pending=pending)
        if not await can_write():
            return _unavailable("database is read-only")
        return JSONResponse({"status": "ready"})
