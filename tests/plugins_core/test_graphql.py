"""Plugin GraphQL: one schema for everyone, plugin fields gated per agency, failures isolated."""

from __future__ import annotations

import logging

import pytest

from kinerja_core.db import count_statements
from kinerja_core.models import Agency
from tests.plugins_core import broken
from tests.plugins_core.sample_models import SampleVisit
from tests.support import gql, ok


@pytest.fixture
def plugins():
    return {
        "sample": "tests.plugins_core.sample",
        "flaky": broken.Flaky(),
        "failing_sso": broken.FailingSso(),
    }


ENABLE = """mutation($name: String!, $agency: ID) { enablePlugin(name: $name, agencyId: $agency) {
  __typename ... on PluginActivation { name agencyId enabled inherited }
  ... on UserError { code message } } }"""
DISABLE = ENABLE.replace("enablePlugin", "disablePlugin")
RECORD = """mutation($agency: ID!) { sampleRecordVisit(agencyId: $agency, clinic: "K1",
  month: "2026-01-01", visits: 8, target: 10) {
  __typename ... on SampleVisit { visits }
  ... on PluginDisabled { code message plugin agencyId } } }"""
COUNTS = "{ agencies { code sampleVisitCount } }"


def agency_id(world, key):
    return str(world.agencies[key].id)


async def enable(client, world, agency=None, name="sample"):
    variables = {"name": name, "agency": agency_id(world, agency) if agency else None}
    return ok(await gql(client, ENABLE, variables, token=world.central.token), "enablePlugin")


async def disable(client, world, agency=None, name="sample"):
    variables = {"name": name, "agency": agency_id(world, agency) if agency else None}
    return ok(await gql(client, DISABLE, variables, token=world.central.token), "disablePlugin")


async def test_hook_kinerja_register_graphql(client, world):
    """Types, a query, a mutation and a field on the core Agency type, all in the schema."""
    sdl = client.app.state.schema.as_str()
    for piece in (
        "type SampleVisit",
        "sampleVisits(agencyId: ID!)",
        "sampleRecordVisit(",
        "sampleVisitCount: Int",
    ):
        assert piece in sdl
    await enable(client, world, "dinkes")
    body = await gql(client, RECORD, {"agency": agency_id(world, "dinkes")}, token=world.head.token)
    assert ok(body, "sampleRecordVisit") == {"__typename": "SampleVisit", "visits": 8}


async def test_hook_kinerja_register_models(client, world):
    """The plugin's own table exists (its app is in the tortoise config) and keeps rows."""
    await enable(client, world, "dinkes")
    await gql(client, RECORD, {"agency": agency_id(world, "dinkes")}, token=world.head.token)
    assert await SampleVisit.filter(agency_id=world.agencies["dinkes"].id).count() == 1


async def test_plugin_field_works_where_enabled_and_is_plugin_disabled_elsewhere(client, world):
    await enable(client, world, "dinkes")
    body = await gql(client, RECORD, {"agency": agency_id(world, "dinkes")}, token=world.head.token)
    ok(body, "sampleRecordVisit")
    body = await gql(client, COUNTS, token=world.central.token, lang="en")
    counts = {a["code"]: a["sampleVisitCount"] for a in body["data"]["agencies"]}
    assert counts == {"BKPSDM": None, "DINKES": 8, "DISDIK": None}
    errors = {e["extensions"]["agencyId"]: e for e in body["errors"]}
    disdik = errors[agency_id(world, "disdik")]
    assert disdik["extensions"]["kind"] == "PluginDisabled"
    assert disdik["extensions"]["plugin"] == "sample"
    assert disdik["message"] == "The plugin sample is not enabled for this agency."

    body = await gql(
        client,
        "query($a: ID!) { sampleVisits(agencyId: $a) { visits } }",
        {"a": agency_id(world, "disdik")},
        token=world.central.token,
    )
    assert body["data"] == {"sampleVisits": None}
    assert body["errors"][0]["extensions"]["code"] == "plugin.disabled"


async def test_plugin_mutation_for_a_disabled_agency_answers_plugin_disabled_and_writes_nothing(
    client, world
):
    await enable(client, world, "dinkes")
    body = await gql(
        client,
        RECORD,
        {"agency": agency_id(world, "disdik")},
        token=world.disdik_head.token,
        lang="en",
    )
    assert ok(body, "sampleRecordVisit") == {
        "__typename": "PluginDisabled",
        "code": "plugin.disabled",
        "message": "The plugin sample is not enabled for this agency.",
        "plugin": "sample",
        "agencyId": agency_id(world, "disdik"),
    }
    assert await SampleVisit.all().count() == 0


async def test_data_of_a_disabled_plugin_stays_and_shows_again_when_re_enabled(client, world):
    await enable(client, world, "dinkes")
    await gql(client, RECORD, {"agency": agency_id(world, "dinkes")}, token=world.head.token)
    await disable(client, world, "dinkes")
    body = await gql(client, COUNTS, token=world.central.token)
    assert {a["code"]: a["sampleVisitCount"] for a in body["data"]["agencies"]}["DINKES"] is None
    await enable(client, world, "dinkes")
    body = await gql(client, COUNTS, token=world.central.token)
    assert {a["code"]: a["sampleVisitCount"] for a in body["data"]["agencies"]}["DINKES"] == 8


async def test_global_default_applies_unless_an_agency_decides_otherwise(client, world):
    state = await enable(client, world)
    assert state == {
        "__typename": "PluginActivation",
        "name": "sample",
        "agencyId": None,
        "enabled": True,
        "inherited": False,
    }
    await disable(client, world, "disdik")
    body = await gql(
        client,
        "{ agencies { code plugins { name enabled inherited } } }",
        token=world.central.token,
    )
    states = {a["code"]: a["plugins"] for a in ok(body, "agencies")}
    assert {"name": "sample", "enabled": True, "inherited": True} in states["DINKES"]
    assert {"name": "sample", "enabled": False, "inherited": False} in states["DISDIK"]


async def test_agency_plugins_shows_settings_only_to_those_who_see_the_agency(client, world):
    await enable(client, world, "dinkes")
    query = "{ agencies { code plugins { name enabled config } } }"
    central = ok(await gql(client, query, token=world.central.token), "agencies")
    dinkes = next(a for a in central if a["code"] == "DINKES")
    sample = next(p for p in dinkes["plugins"] if p["name"] == "sample")
    assert sample == {
        "name": "sample",
        "enabled": True,
        "config": {"threshold": 5, "api_key": None, "mode": "strict"},
    }
    assert [p["name"] for p in dinkes["plugins"]] == ["failing_sso", "flaky", "sample"]
    staff = ok(await gql(client, query, token=world.disdik_staff.token), "agencies")
    assert all(p["config"] is None for a in staff for p in a["plugins"])
    head = ok(await gql(client, query, token=world.head.token), "agencies")
    own = next(a for a in head if a["code"] == "DINKES")
    assert all(p["config"] is not None for p in own["plugins"])


async def test_plugin_fields_in_a_list_cost_the_same_statements_for_more_agencies(client, world):
    await enable(client, world)
    query = "{ agencies { code sampleVisitCount plugins { name enabled } } }"
    with count_statements() as few:
        ok(await gql(client, query, token=world.central.token), "agencies")
    for n in range(12):
        await Agency.create(code=f"KEL{n}", name=f"Kelurahan {n}")
    with count_statements() as many:
        body = ok(await gql(client, query, token=world.central.token), "agencies")
    assert len(body) == 15
    assert len(many.statements) == len(few.statements) <= 6, many.statements


async def test_a_plugin_field_that_raises_fails_with_plugin_failed_naming_it(client, world, caplog):
    caplog.set_level(logging.ERROR, logger="kinerja.plugins")
    response = await client.post(
        "/graphql",
        json={"query": "{ flakyBoom me { nip: employee { nip } } }"},
        headers={
            "Authorization": f"Bearer {world.staff.token}",
            "X-Request-Id": "req-flaky-1",
            "Accept-Language": "en",
        },
    )
    body = response.json()
    assert body["data"]["flakyBoom"] is None
    assert body["data"]["me"]["nip"]["nip"] == world.staff.employee.nip  # the rest still works
    error = body["errors"][0]
    assert error["extensions"]["kind"] == "PluginFailed"
    assert error["extensions"]["plugin"] == "flaky"
    assert error["extensions"]["requestId"] == "req-flaky-1"
    assert "secret internals" not in response.text
    assert "flaky" in error["message"]
    assert any(
        "req-flaky-1" in r.getMessage() and "flaky" in r.getMessage() for r in caplog.records
    )


async def test_a_plugin_field_that_is_too_slow_fails_with_plugin_failed(client, world):
    client.app.state.plugins.timeout = 1  # the sign-in (core.password) runs under it too
    body = await gql(client, "{ flakySlow }", token=world.staff.token, lang="en")
    assert body["data"] == {"flakySlow": None}
    assert body["errors"][0]["extensions"]["code"] == "plugin.timeout"
    assert body["errors"][0]["extensions"]["plugin"] == "flaky"


async def test_hook_kinerja_authenticate(client, world):
    """An SSO header names the NIP; the bearer token (built-in plugin) still works."""
    headers = {"X-Sample-Sso": world.staff.employee.nip}
    response = await client.post(
        "/graphql", json={"query": "{ me { employee { nip } } }"}, headers=headers
    )
    assert ok(response.json(), "me", "employee", "nip") == world.staff.employee.nip
    body = await gql(client, "{ me { employee { nip } } }", token=world.head.token)
    assert ok(body, "me", "employee", "nip") == world.head.employee.nip


async def test_two_plugins_naming_different_people_leave_the_request_anonymous(client, world):
    response = await client.post(
        "/graphql",
        json={"query": "{ me { employee { nip } } }"},
        headers={
            "X-Sample-Sso": world.staff.employee.nip,
            "Authorization": f"Bearer {world.head.token}",
            "Accept-Language": "en",
        },
    )
    assert response.json()["errors"][0]["extensions"]["code"] == "auth.required"


async def test_a_failing_authentication_hook_fails_only_requests_nobody_else_identified(
    client, world
):
    response = await client.post(
        "/graphql",
        json={"query": "{ me { employee { nip } } }"},
        headers={"X-Flaky-Sso": "1", "X-Request-Id": "req-sso-1", "Accept-Language": "en"},
    )
    body = response.json()
    assert response.status_code == 200 and "data" not in body
    assert body["errors"][0]["extensions"] == {
        "code": "plugin.failed",
        "kind": "PluginFailed",
        "plugin": "failing_sso",
        "requestId": "req-sso-1",
    }
    response = await client.post(
        "/graphql",
        json={"query": "{ me { employee { nip } } }"},
        headers={"X-Flaky-Sso": "1", "Authorization": f"Bearer {world.staff.token}"},
    )
    assert ok(response.json(), "me", "employee", "nip") == world.staff.employee.nip


async def test_a_failing_event_handler_is_logged_and_never_undoes_the_write(client, world, caplog):
    caplog.set_level(logging.ERROR, logger="kinerja.plugins")
    response = await client.post(
        "/graphql",
        json={"query": ENABLE, "variables": {"name": "sample", "agency": None}},
        headers={"Authorization": f"Bearer {world.central.token}", "X-Request-Id": "req-ev-1"},
    )
    assert ok(response.json(), "enablePlugin", "enabled") is True
    assert any("flaky" in r.getMessage() and "req-ev-1" in r.getMessage() for r in caplog.records)
    body = await gql(client, COUNTS, token=world.central.token)
    assert all(a["sampleVisitCount"] == 0 for a in ok(body, "agencies"))
