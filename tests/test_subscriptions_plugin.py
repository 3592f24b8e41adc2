"""A plugin-defined subscription (the sample plugin's ``sampleVisitRecorded``), built with
``kinerja_core.realtime.events`` and gated per agency like every plugin field."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import httpx
import pytest

from kinerja_core.app import create_app
from kinerja_core.services.context import ServiceContext
from tests.plugins_core.sample_models import SampleVisit
from tests.support import World
from tests.ws.client import GraphQLWS
from tests.ws.live import LiveServer, live_server

SUBSCRIBE = """subscription($agency: ID!) { sampleVisitRecorded(agencyId: $agency) {
  clinic month visits target } }"""
ENABLE = """mutation($name: String!, $agency: ID) { enablePlugin(name: $name, agencyId: $agency) {
  __typename } }"""


@pytest.fixture
def plugins():
    return {"sample": "tests.plugins_core.sample"}


@pytest.fixture
async def live(settings, db, plugin_manager) -> AsyncIterator[LiveServer]:
    app = create_app(settings, manage_db=False, plugins=plugin_manager)
    async with live_server(app) as server:
        yield server


async def enable_for(live: LiveServer, world: World, agency: str) -> None:
    async with httpx.AsyncClient(base_url=live.url) as http:
        response = await http.post(
            "/graphql",
            json={
                "query": ENABLE,
                "variables": {"name": "sample", "agency": str(world.agencies[agency].id)},
            },
            headers={"Authorization": f"Bearer {world.central.token}"},
        )
    assert response.json()["data"]["enablePlugin"]["__typename"] == "PluginActivation"


async def record_visit(live: LiveServer, agency_id: int, visits: int) -> SampleVisit:
    """What a plugin service does: write in a transaction, emit after commit."""
    ctx = ServiceContext(settings=live.app.state.settings, bus=live.app.state.bus)
    async with ctx.transaction():
        row = await SampleVisit.create(
            agency_id=agency_id,
            clinic="K1",
            month=dt.date(2026, 1, 1),
            visits=visits,
            target=10,
        )
        ctx.emit("sample_visit_recorded", visit_id=row.id, agency_id=agency_id)
    return row


def connect(live: LiveServer, person):
    return GraphQLWS.connect(live.websocket, {"authorization": f"Bearer {person.token}"})


async def test_plugin_subscription_delivers_its_events_to_whom_its_rule_allows(
    live: LiveServer, world: World
) -> None:
    assert "sampleVisitRecorded(agencyId: ID!): SampleVisit!" in live.app.state.schema.as_str()
    await enable_for(live, world, "dinkes")
    await enable_for(live, world, "disdik")
    dinkes, disdik = world.agencies["dinkes"].id, world.agencies["disdik"].id
    async with connect(live, world.staff) as staff, connect(live, world.central) as central:
        await staff.subscribe("v", SUBSCRIBE, {"agency": str(dinkes)})
        await central.subscribe("v", SUBSCRIBE, {"agency": str(dinkes)})
        await staff.listening()
        await central.listening()
        await record_visit(live, disdik, 1)  # another agency: not on these subscriptions
        await record_visit(live, dinkes, 7)
        for ws in (staff, central):
            assert (await ws.next("v"))["data"]["sampleVisitRecorded"] == {
                "clinic": "K1",
                "month": "2026-01-01",
                "visits": 7,
                "target": 10,
            }


async def test_plugin_rule_keeps_other_agencies_staff_out(world: World) -> None:
    from kinerja_core.auth.viewer import load_viewer
    from kinerja_core.models import Account
    from kinerja_core.realtime import RealtimeEvent
    from tests.plugins_core.sample import _sees_visits

    dinkes = world.agencies["dinkes"].id
    event = RealtimeEvent("sample_visit_recorded", {"visit_id": 1, "agency_id": dinkes})
    told = set()
    for key in ("staff", "head", "admin", "central", "disdik_staff", "disdik_head", "disdik_admin"):
        account = await Account.get(employee_id=world.people[key].employee.id).select_related(
            "employee"
        )
        if await _sees_visits(await load_viewer(account), event):
            told.add(key)
    assert told == {"staff", "head", "admin", "central"}


async def test_plugin_subscription_for_an_agency_without_the_plugin_is_refused(
    live: LiveServer, world: World
) -> None:
    async with connect(live, world.staff) as ws:
        await ws.subscribe("v", SUBSCRIBE, {"agency": str(world.agencies["dinkes"].id)})
        message = await ws.message("v")
    assert message["type"] == "error"
    extensions = message["payload"][0]["extensions"]
    assert extensions["kind"] == "PluginDisabled"
    assert extensions["plugin"] == "sample"
    assert extensions["agencyId"] == str(world.agencies["dinkes"].id)
