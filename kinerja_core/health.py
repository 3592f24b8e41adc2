"""``/health`` (the process answers) and ``/ready`` (it can serve: database up, schema current).

A load balancer or orchestrator sends traffic only to a ready process; ``/ready`` answers 503
with a reason while the database is unreachable or migrations (core or a loaded plugin's) are
still pending. Both are cheap enough for a probe every few seconds.
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
        if pending:
            return _unavailable("migrations pending; run `kinerja migrate`", pending=pending)
        return JSONResponse({"status": "ready"})
