"""A first-party plugin's subscription: ``kesehatanReportSaved`` tells Dinas Kesehatan's people
of each report entered (coverage changes with it), and no one of another agency."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import httpx
import pytest

from kinerja_core.app import create_app
from kinerja_core.models import PluginActivation
from tests.support import World
from tests.ws.client import GraphQLWS
from tests.ws.live import LiveServer, live_server

kesehatan = pytest.importorskip("kinerja_kesehatan.models", reason="pip install -e plugins/*")

SUBSCRIBE = """subscription($agency: ID!) { kesehatanReportSaved(agencyId: $agency) {
  month version puskesmas { code } lines { idl targetInfants } } }"""
SUBMIT = """mutation($input: KesehatanSubmitReportInput!) { kesehatanSubmitReport(input: $input) {
  __typename } }"""


@pytest.fixture
def plugins():
    return {"kesehatan": "kinerja_kesehatan.plugin"}


@pytest.fixture
async def live(settings, db, plugin_manager) -> AsyncIterator[LiveServer]:
    app = create_app(settings, manage_db=False, plugins=plugin_manager)
    async with live_server(app) as server:
        yield server


def connect(live: LiveServer, person):
    return GraphQLWS.connect(live.websocket, {"authorization": f"Bearer {person.token}"})


async def test_report_saved_reaches_the_agencys_people_only(live: LiveServer, world: World):
    dinkes = world.agencies["dinkes"]
    await PluginActivation.create(
        plugin="kesehatan", agency=dinkes, scope=str(dinkes.id), enabled=True
    )
    puskesmas = await kesehatan.Puskesmas.create(agency=dinkes, code="PK1", name="Puskesmas 1")
    kelurahan = await kesehatan.Kelurahan.create(
        agency=dinkes, puskesmas=puskesmas, code="KL1", name="Kelurahan 1"
    )
    line = {"kelurahanId": str(kelurahan.id), "targetInfants": 120, "idl": 9, "dpt1": 10,
            "dpt3": 9, "mr1": 8, "newborns": 11, "bcg": 10}  # fmt: skip
    report = {"puskesmasId": str(puskesmas.id), "month": dt.date(2026, 1, 1).isoformat(),
              "lines": [line]}  # fmt: skip
    agency = {"agency": str(dinkes.id)}
    async with connect(live, world.staff) as staff, connect(live, world.disdik_staff) as other:
        await staff.subscribe("r", SUBSCRIBE, agency)
        await other.subscribe("r", SUBSCRIBE, agency)
        refused = await other.message("r")
        assert refused["type"] == "error"
        assert refused["payload"][0]["extensions"]["code"] == "access.denied"
        await staff.listening()
        async with httpx.AsyncClient(base_url=live.url) as http:
            response = await http.post(
                "/graphql",
                json={"query": SUBMIT, "variables": {"input": report}},
                headers={"Authorization": f"Bearer {world.admin.token}"},
            )
        assert response.json()["data"]["kesehatanSubmitReport"]["__typename"] == "KesehatanReport"
        assert (await staff.next("r"))["data"]["kesehatanReportSaved"] == {
            "month": "2026-01-01",
            "version": 1,
            "puskesmas": {"code": "PK1"},
            "lines": [{"idl": 9, "targetInfants": 120}],
        }
