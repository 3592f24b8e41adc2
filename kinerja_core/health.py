"""``/health`` (the process answers) and ``/ready`` (it can serve: database up, schema current).

A load balancer or orchestrator sends traffic only to a ready process; ``/ready`` answers 503
with a reason while the database is unreachable or core migrations are still pending.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from tortoise import connections
from tortoise.migrations.loader import MigrationLoader
from tortoise.migrations.recorder import MigrationRecorder

from kinerja_core import sql
from kinerja_core.db import CORE_APP

log = logging.getLogger("kinerja.health")


async def health(_: Request) -> JSONResponse:
    """Liveness: the process is up and answering."""
    return JSONResponse({"status": "ok"})


def _unavailable(reason: str, **detail: Any) -> JSONResponse:
    return JSONResponse({"status": "unavailable", "reason": reason, **detail}, status_code=503)


class Readiness:
    """Readiness of the ``core`` app: ``SELECT 1`` works and every migration file is applied."""

    def __init__(self, apps: dict[str, dict] | None = None) -> None:
        self.apps = apps or {"core": dict(CORE_APP)}
        self._expected: set[tuple[str, str]] | None = None

    def expected(self) -> set[tuple[str, str]]:
        """The migrations on disk (read once: files do not change under a running process)."""
        if self._expected is None:
            loader = MigrationLoader(self.apps, recorder=None)  # type: ignore[arg-type]
            loader.load_disk()
            self._expected = {(k.app_label, k.name) for k in loader.disk_migrations}
        return self._expected

    async def check(self, _: Request) -> JSONResponse:
        """The ``/ready`` endpoint."""
        try:
            await sql.fetch_all("SELECT 1")
            recorder = MigrationRecorder(connections.get("default"))
            applied = {(k.app_label, k.name) for k in await recorder.applied_migrations()}
        except Exception:  # the reason for operators is in the log, not in the public answer
            log.warning("not ready: database unreachable", exc_info=True)
            return _unavailable("database unreachable")
        pending = sorted(f"{app}.{name}" for app, name in self.expected() - applied)
        if pending:
            return _unavailable("migrations pending; run `kinerja migrate`", pending=pending)
        return JSONResponse({"status": "ready"})
