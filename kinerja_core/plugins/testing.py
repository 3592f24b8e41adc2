"""Test helpers for plugin authors: the app with your plugin, a fresh database, signed-in people.

::

    async with plugin_app(tmp_path, {"kesehatan": "kinerja_kesehatan.plugin"}) as app:
        admin = await app.person(central_admin=True)
        dinkes = await app.agency("DINKES", "Dinas Kesehatan")
        await app.enable("kesehatan", dinkes)
        body = await app.gql("{ agencies { code kesehatanPuskesmas { name } } }", token=admin)

Plugins are registered explicitly (installed entry points are never loaded), in strict mode so
a mistake in your plugin fails the test with the reason. Tables come from the models you
register (``generate_schemas``, run once per set of models and copied per test:
``kinerja_core.plugins.testing_db``), so tests do not need your migrations. Needs ``httpx``.

The database is a SQLite file under ``tmp_path``; with ``KINERJA_TEST_DATABASE_URL`` set, e.g.
``postgres://postgres@127.0.0.1:5432/kt_{}``, each ``plugin_app`` gets a fresh PostgreSQL
database instead (``{}`` becomes a unique name; a clone of a template holding the tables, or a
database of an earlier test emptied and renamed; all dropped when the test process exits), which
is how the core's PostgreSQL test pass runs your tests too.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kinerja_core.plugins.manager import PluginManager, start_plugins
from kinerja_core.settings import Settings


def ok(body: dict[str, Any], *path: str) -> Any:
    """The data at ``path``; fails with the errors when there are any."""
    assert not body.get("errors"), body.get("errors")
    node = body["data"]
    for key in path:
        node = node[key]
    return node


@dataclass
class PluginTestApp:
    """The running app (``http``: an httpx client over it) and helpers to fill the database."""

    http: Any
    manager: PluginManager
    settings: Settings
    _seq: int = 0
    _central: str | None = field(default=None, repr=False)

    def context(self, **fields: Any) -> Any:
        """A system ServiceContext (no viewer) of this app, with its plugins: for demo data
        and service calls from a test (``request_id=...``, ``viewer=...`` may be given)."""
        from kinerja_core.services.context import ServiceContext

        return ServiceContext(settings=self.settings, plugins=self.manager, **fields)

    async def gql(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        lang: str = "en",
    ) -> dict[str, Any]:
        """POST a GraphQL request as a frontend would; the JSON body."""
        headers = {"Accept": "application/json", "Accept-Language": lang}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == 200, response.text
        return response.json()

    async def agency(self, code: str, name: str) -> Any:
        """An agency (OPD) with its top unit."""
        from kinerja_core.models import Agency, Unit

        agency = await Agency.create(code=code, name=name)
        await Unit.create(agency=agency, code=code, name=name)
        return agency

    async def person(
        self,
        agency: Any = None,
        *,
        central_admin: bool = False,
        admin_of: Any = None,
        name: str = "",
    ) -> str:
        """A signed-in employee of ``agency`` (or of a BKPSDM made for them); their token."""
        from kinerja_core.auth.tokens import new_token, token_hash
        from kinerja_core.domain.enums import EmployeeKind
        from kinerja_core.models import Account, Agency, Employee, Session

        if agency is None:
            agency = await Agency.get_or_none(code="BKPSDM") or await self.agency(
                "BKPSDM", "Badan Kepegawaian dan Pengembangan SDM"
            )
        self._seq += 1
        employee = await Employee.create(
            nip=str(198001012005011000 + self._seq),
            name=name or f"Pegawai {self._seq}",
            kind=EmployeeKind.PNS,
            golongan="III/a",
            agency=agency,
        )
        account = await Account.create(
            employee=employee,
            password_hash="!",  # no password: these people sign in with the token only
            is_central_admin=central_admin,
            admin_agency=admin_of,
        )
        token = new_token()
        await Session.create(
            account=account,
            token_hash=token_hash(token),
            expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1),
        )
        return token

    async def enable(self, plugin: str, agency: Any = None) -> None:
        """Switch ``plugin`` on for ``agency`` (or by default) the way a central admin does."""
        if self._central is None:
            self._central = await self.person(central_admin=True)
        body = await self.gql(
            "mutation($n: String!, $a: ID) { enablePlugin(name: $n, agencyId: $a) {"
            " __typename ... on UserError { message } } }",
            {"n": plugin, "a": None if agency is None else str(agency.id)},
            token=self._central,
        )
        assert ok(body, "enablePlugin")["__typename"] == "PluginActivation", body


@asynccontextmanager
async def plugin_app(
    tmp_path: Path,
    plugins: Mapping[str, Any],
    *,
    settings: Settings | None = None,
    strict: bool = True,
) -> AsyncIterator[PluginTestApp]:
    """The app with the built-ins and ``plugins`` (name -> module path or object)."""
    import httpx

    from kinerja_core.app import create_app
    from kinerja_core.db import tortoise_config
    from kinerja_core.plugins.testing_db import fresh_database

    # "{}" in the URL becomes a fresh name per test, as in the core's tests/support.py
    url = os.environ.get("KINERJA_TEST_DATABASE_URL", "").replace("{}", uuid.uuid4().hex[:12])
    settings = settings or Settings(
        environment="test",
        data_dir=tmp_path / "data",
        database_url=url or f"sqlite://{tmp_path / f'test-{uuid.uuid4().hex[:8]}.sqlite3'}",
        plugins_strict=strict,
    )
    settings.upload_dir.mkdir(parents=True, exist_ok=True)
    manager = await start_plugins(settings, explicit=plugins)
    async with fresh_database(tortoise_config(settings, manager.model_apps())):
        app = create_app(settings, manage_db=False, plugins=manager)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield PluginTestApp(http=http, manager=manager, settings=settings)
