"""Test support: database, app client, GraphQL helper and the :class:`World` org chart."""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from kinerja_core.auth.passwords import hash_password
from kinerja_core.auth.tokens import token_hash
from kinerja_core.db import tortoise_config
from kinerja_core.domain.enums import AssignmentKind, EmployeeKind, PositionType
from kinerja_core.models import Account, Agency, Assignment, Employee, Position, Session, Unit
from kinerja_core.plugins.manager import PluginManager, start_plugins
from kinerja_core.plugins.testing_db import fresh_database
from kinerja_core.settings import Settings

PASSWORD = "rahasia-123"
_PASSWORD_HASH = hash_password(PASSWORD)  # argon2 is slow on purpose: hash once per run
TODAY = dt.date.today()
YEAR = TODAY.year


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # "{}" in the URL becomes a fresh name per test, e.g. postgres://postgres@127.0.0.1/kt_{}
    url = os.environ.get("KINERJA_TEST_DATABASE_URL", "").replace("{}", uuid.uuid4().hex[:12])
    return Settings(
        environment="test",
        data_dir=tmp_path / "data",
        database_url=url or f"sqlite://{tmp_path / 'test.sqlite3'}",
    )


@pytest.fixture
def plugins() -> dict[str, Any]:
    """Plugins a test registers explicitly: name -> module, object or ``"module:attr"``.

    Override it in a test module; tests never load installed plugins (entry points), only
    the built-in ones and these.
    """
    return {}


@pytest.fixture
async def plugin_manager(settings: Settings, plugins: dict[str, Any]) -> PluginManager:
    """The built-ins and ``plugins``, started on the test's loop (the one requests run on)."""
    return await start_plugins(settings, explicit=plugins)


@pytest.fixture
async def db(settings: Settings, plugin_manager: PluginManager) -> AsyncIterator[None]:
    """The test's own database with the empty tables of its plugins (made once per schema and
    copied or cloned per test: kinerja_core.plugins.testing_db)."""
    settings.upload_dir.mkdir(parents=True, exist_ok=True)
    async with fresh_database(tortoise_config(settings, plugin_manager.model_apps())):
        yield


@pytest.fixture
async def client(
    settings: Settings, db: None, plugin_manager: PluginManager
) -> AsyncIterator[httpx.AsyncClient]:
    from kinerja_core.app import create_app

    app = create_app(settings, manage_db=False, plugins=plugin_manager)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        http.app = app  # type: ignore[attr-defined]
        yield http


async def gql(
    http: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    token: str | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """POST a GraphQL request; returns the JSON body (asserts the HTTP status is 200)."""
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if lang:
        headers["Accept-Language"] = lang
    response = await http.post("/graphql", json={"query": query, "variables": variables or {}},
                               headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def upload_file(
    http: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any],
    file: tuple[str, bytes, str],
    *,
    token: str,
) -> dict[str, Any]:
    """POST a GraphQL multipart request (operations, map, the file part): ``variables`` get
    ``file`` set to the upload ``(filename, content, content_type)``; the JSON body."""
    operations = {"query": query, "variables": {**variables, "file": None}}
    response = await http.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": file},
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"},
    )
    assert response.status_code == 200, response.text
    return response.json()


def ok(body: dict[str, Any], *path: str) -> Any:
    """The data at ``path``; fails with the errors when there are any."""
    assert not body.get("errors"), body.get("errors")
    node = body["data"]
    for key in path:
        node = node[key]
    return node


NIP_BASE = 198001012005011000


@dataclass
class Person:
    employee: Employee
    token: str
    position: Position | None = None

    @property
    def id(self) -> str:
        return str(self.employee.id)


@dataclass
class World:
    """A small city: BKPSDM with a central admin; Dinas Kesehatan with a reporting line
    head -> sekretaris -> kasubag -> (staff, staff2); a second unit (bidang P2P) with its own
    kabid -> staff_p2p; Dinas Pendidikan with a head and a staff member; an agency admin
    for Dinas Kesehatan."""

    agencies: dict[str, Agency] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    _seq: int = 0

    def __getattr__(self, name: str) -> Person:
        people = self.__dict__.get("people", {})
        if name in people:
            return people[name]
        raise AttributeError(name)

    def next_nip(self) -> str:
        self._seq += 1
        return str(NIP_BASE + self._seq)

    async def agency(self, key: str, code: str, name: str) -> Agency:
        agency = await Agency.create(code=code, name=name)
        self.agencies[key] = agency
        self.units[key] = await Unit.create(agency=agency, code=code, name=name)
        return agency

    async def unit(self, key: str, parent: str, code: str, name: str) -> Unit:
        parent_unit = self.units[parent]
        unit = await Unit.create(
            agency_id=parent_unit.agency_id, parent=parent_unit, code=code, name=name
        )
        self.units[key] = unit
        return unit

    async def person(
        self,
        key: str,
        unit: str,
        title: str,
        type: PositionType = PositionType.PELAKSANA,
        *,
        reports_to: str | None = None,
        head: bool = False,
        level: str = "",
        admin_agency: str | None = None,
        central_admin: bool = False,
        start: dt.date | None = None,
    ) -> Person:
        u = self.units[unit]
        superior = self.people[reports_to].position if reports_to else None
        position = await Position.create(
            agency_id=u.agency_id, unit=u, name=title, type=type, level=level,
            is_unit_head=head, reports_to=superior,
        )
        employee = await Employee.create(
            nip=self.next_nip(), name=f"{key.title()} Test", kind=EmployeeKind.PNS,
            golongan="III/a", agency_id=u.agency_id,
        )
        await Assignment.create(
            employee=employee, position=position, kind=AssignmentKind.DEFINITIF,
            start_date=start or dt.date(YEAR - 1, 1, 1),
        )
        account = await Account.create(
            employee=employee, password_hash=_PASSWORD_HASH, is_central_admin=central_admin,
            admin_agency=self.agencies[admin_agency] if admin_agency else None,
        )
        token = f"test-{key}-{uuid.uuid4().hex}"
        await Session.create(
            account=account, token_hash=token_hash(token),
            expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1),
        )
        person = Person(employee=employee, token=token, position=position)
        self.people[key] = person
        return person


async def build_world() -> World:
    w = World()
    await w.agency("bkpsdm", "BKPSDM", "Badan Kepegawaian dan Pengembangan SDM")
    await w.agency("dinkes", "DINKES", "Dinas Kesehatan")
    await w.agency("disdik", "DISDIK", "Dinas Pendidikan")
    await w.unit("sekretariat", "dinkes", "DINKES-SEK", "Sekretariat")
    await w.unit("umum", "sekretariat", "DINKES-SEK-UMUM", "Subbagian Umum dan Kepegawaian")
    await w.unit("p2p", "dinkes", "DINKES-P2P", "Bidang Pencegahan dan Pengendalian Penyakit")
    await w.person("central", "bkpsdm", "Analis SDM Aparatur", central_admin=True)
    await w.person("head", "dinkes", "Kepala Dinas Kesehatan", PositionType.JPT, head=True,
                   level="PRATAMA")
    await w.person("sekretaris", "sekretariat", "Sekretaris Dinas", PositionType.ADMINISTRATOR,
                   reports_to="head", head=True)
    await w.person("kasubag", "umum", "Kepala Subbagian Umum", PositionType.PENGAWAS,
                   reports_to="sekretaris", head=True)
    await w.person("staff", "umum", "Pengadministrasi Perkantoran", reports_to="kasubag")
    await w.person("staff2", "umum", "Pengelola Kepegawaian", reports_to="kasubag")
    await w.person("kabid", "p2p", "Kepala Bidang P2P", PositionType.ADMINISTRATOR,
                   reports_to="head", head=True)
    await w.person("staff_p2p", "p2p", "Epidemiolog Kesehatan Ahli Pertama",
                   PositionType.FUNGSIONAL, reports_to="kabid", level="AHLI_PERTAMA")
    await w.person("admin", "sekretariat", "Pranata Komputer", admin_agency="dinkes",
                   reports_to="sekretaris")
    await w.person("disdik_head", "disdik", "Kepala Dinas Pendidikan", PositionType.JPT,
                   head=True, level="PRATAMA")
    await w.person("disdik_staff", "disdik", "Pengelola Data", reports_to="disdik_head")
    await w.person("disdik_admin", "disdik", "Operator SDM", admin_agency="disdik",
                   reports_to="disdik_head")
    return w


@pytest.fixture
async def world(db: None) -> World:
    return await build_world()
