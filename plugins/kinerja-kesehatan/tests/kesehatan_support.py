"""Support of the kesehatan plugin's tests: the app with the plugin, a small city, helpers.

The app comes from ``kinerja_core.plugins.testing.plugin_app`` (what any plugin author uses).
``KINERJA_TEST_DATABASE_URL`` runs the tests on PostgreSQL; a ``{}`` in it becomes a fresh
database name per test.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest
from kinerja_core.plugins.testing import PluginTestApp, ok, plugin_app
from kinerja_core.settings import Settings

from kinerja_kesehatan.models import Kelurahan, Puskesmas

PLUGINS = {"kesehatan": "kinerja_kesehatan.plugin"}  # explicit: no entry points in tests
YEAR = dt.date.today().year - 1  # every month of last year is in the past

SUBMIT = """mutation($input: KesehatanSubmitReportInput!) { kesehatanSubmitReport(input: $input) {
  __typename
  ... on KesehatanReport { id month version puskesmas { code }
    lines { kelurahan { code } targetInfants idl dpt1 dpt3 mr1 newborns bcg } }
  ... on ValidationError { code field message }
  ... on Conflict { code field message }
  ... on NotFound { code field message }
  ... on PluginDisabled { code plugin agencyId }
  ... on UserError { code message } } }"""
CORRECT = """mutation($id: ID!, $version: Int!, $lines: [KesehatanReportLineInput!]!) {
  kesehatanCorrectReport(id: $id, version: $version, lines: $lines) {
  __typename
  ... on KesehatanReport { id month version correctedByName
    lines { kelurahan { code } targetInfants idl dpt1 dpt3 mr1 newborns bcg } }
  ... on ValidationError { code field message }
  ... on Conflict { code field message }
  ... on PluginDisabled { code plugin agencyId }
  ... on UserError { code message } } }"""


def make_settings(tmp_path) -> Settings:
    url = os.environ.get("KINERJA_TEST_DATABASE_URL", "").replace("{}", uuid.uuid4().hex[:12])
    return Settings(
        environment="test",
        data_dir=tmp_path / "data",
        database_url=url or f"sqlite://{tmp_path / 'kesehatan.sqlite3'}",
        plugins_strict=True,
    )


@pytest.fixture
async def app(tmp_path):
    async with plugin_app(tmp_path, PLUGINS, settings=make_settings(tmp_path)) as app:
        yield app


@dataclass
class City:
    """Two agencies (DINKES with the plugin on, DISDIK without), people, puskesmas."""

    app: PluginTestApp
    dinkes: Any
    disdik: Any
    central: str
    admin: str  # DINKES agency admin
    staff: str  # DINKES employee
    other_staff: str  # DISDIK employee
    other_admin: str  # DISDIK agency admin
    puskesmas: dict[str, Puskesmas] = field(default_factory=dict)
    kelurahan: dict[str, Kelurahan] = field(default_factory=dict)

    async def gql(self, query: str, variables: dict | None = None, *, token: str | None = None):
        return await self.app.gql(query, variables, token=token or self.admin)

    async def submit(self, puskesmas: str, month: int | dt.date, lines: list[dict], **kw):
        day = month if isinstance(month, dt.date) else dt.date(YEAR, month, 1)
        variables = {
            "input": {
                "puskesmasId": str(self.puskesmas[puskesmas].id),
                "month": day.isoformat(),
                "lines": lines,
            }
        }
        body = await self.gql(SUBMIT, variables, **kw)
        return ok(body, "kesehatanSubmitReport")

    async def correct(self, report_id: str, version: int, lines: list[dict], **kw):
        variables = {"id": report_id, "version": version, "lines": lines}
        return ok(await self.gql(CORRECT, variables, **kw), "kesehatanCorrectReport")

    def line(
        self, kelurahan: str, target=120, idl=10, dpt1=12, dpt3=11, mr1=10, newborns=13, bcg=12
    ):
        return {
            "kelurahanId": str(self.kelurahan[kelurahan].id),
            "targetInfants": target,
            "idl": idl,
            "dpt1": dpt1,
            "dpt3": dpt3,
            "mr1": mr1,
            "newborns": newborns,
            "bcg": bcg,
        }


@pytest.fixture
async def city(app) -> City:
    dinkes = await app.agency("DINKES", "Dinas Kesehatan")
    disdik = await app.agency("DISDIK", "Dinas Pendidikan")
    city = City(
        app=app,
        dinkes=dinkes,
        disdik=disdik,
        central=await app.person(central_admin=True),
        admin=await app.person(dinkes, admin_of=dinkes),
        staff=await app.person(dinkes),
        other_staff=await app.person(disdik),
        other_admin=await app.person(disdik, admin_of=disdik),
    )
    await app.enable("kesehatan", dinkes)
    areas = {
        "KPD": ("Puskesmas Kampung Dalam", "Pontianak Timur", ("DALAM-BUGIS", "TANJUNG-HILIR")),
        "SGN": ("Puskesmas Saigon", "Pontianak Timur", ("SAIGON",)),
    }
    for code, (name, kecamatan, kelurahan) in areas.items():
        row = await Puskesmas.create(agency=dinkes, code=code, name=name, kecamatan=kecamatan)
        city.puskesmas[code] = row
        for k in kelurahan:
            city.kelurahan[k] = await Kelurahan.create(
                agency=dinkes, puskesmas=row, code=k, name=k.replace("-", " ").title()
            )
    return city


# The reports of the worked example (README, tests): KPD serves DALAM-BUGIS and TANJUNG-HILIR,
# SGN serves SAIGON. Counts are (target, idl, dpt1, dpt3, mr1, newborns, bcg).
EXAMPLE: dict[tuple[str, int], dict[str, tuple[int, ...]]] = {
    ("KPD", 1): {
        "DALAM-BUGIS": (120, 10, 12, 11, 10, 13, 12),
        "TANJUNG-HILIR": (60, 5, 6, 5, 6, 7, 5),
    },
    ("SGN", 1): {"SAIGON": (240, 20, 25, 20, 22, 26, 26)},
    ("KPD", 2): {
        "DALAM-BUGIS": (132, 12, 10, 10, 9, 11, 11),
        "TANJUNG-HILIR": (60, 4, 5, 4, 5, 5, 5),
    },
    ("SGN", 3): {"SAIGON": (240, 18, 20, 19, 20, 22, 20)},
}


def example_line(city: City, kelurahan: str, counts: tuple[int, ...]) -> dict:
    target, idl, dpt1, dpt3, mr1, newborns, bcg = counts
    return city.line(kelurahan, target, idl, dpt1, dpt3, mr1, newborns, bcg)


async def seed_example(city: City) -> dict[tuple[str, int], dict]:
    """Submit the example's reports over GraphQL; the reports by (puskesmas, month)."""
    reports = {}
    for (puskesmas, month), lines in EXAMPLE.items():
        result = await city.submit(
            puskesmas, month, [example_line(city, k, c) for k, c in lines.items()]
        )
        assert result["__typename"] == "KesehatanReport", result
        reports[(puskesmas, month)] = result
    return reports
