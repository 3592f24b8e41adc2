"""Small leaks (issue 8, item 8) and the signed-out org chart.

Access is checked before anything that depends on the data: whether a plugin is on for an
agency is that agency's business, and an evidence id of someone else answers like a missing
one (``tests/test_evidence.py``).
"""

from __future__ import annotations

import pytest

from kinerja_core.models import PluginActivation
from tests.support import YEAR, gql, ok

COVERAGE = "query($a: ID!) { kesehatanCoverage(agencyId: $a, year: %d, month: 1) { areaName } }"
COVERAGE %= YEAR
SCHOOLS = "query($a: ID!) { pendidikanSchools(agencyId: $a) { edges { node { id } } } }"


@pytest.fixture
def plugins():
    return {"kesehatan": "kinerja_kesehatan.plugin", "pendidikan": "kinerja_pendidikan.plugin"}


async def _enable(world, plugin: str, agency: str) -> None:
    row = world.agencies[agency]
    await PluginActivation.create(plugin=plugin, agency=row, scope=str(row.id), enabled=True)


def _code(body) -> str:
    assert body["data"] is None or not any(body["data"].values()), body
    return body["errors"][0]["extensions"]["code"]


async def test_other_agency_head_cannot_tell_whether_a_plugin_is_on(client, world):
    await _enable(world, "kesehatan", "dinkes")  # kesehatan on, pendidikan off for Dinkes
    dinkes = str(world.agencies["dinkes"].id)
    outsider = world.disdik_head.token
    on = _code(await gql(client, COVERAGE, {"a": dinkes}, token=outsider))
    off = _code(await gql(client, SCHOOLS, {"a": dinkes}, token=outsider))
    assert on == off == "access.denied"
    # the agency's own head still hears which one is off
    assert _code(await gql(client, SCHOOLS, {"a": dinkes}, token=world.head.token)) == (
        "plugin.disabled"
    )
    ok(await gql(client, COVERAGE, {"a": dinkes}, token=world.head.token), "kesehatanCoverage")


async def test_agency_fields_of_plugins_check_access_first(client, world):
    await _enable(world, "kesehatan", "dinkes")
    query = """query($a: ID!) { agency(id: $a) { kesehatanPuskesmas { id }
      pendidikanSchools { edges { node { id } } } plugins { name enabled } } }"""
    dinkes = {"a": str(world.agencies["dinkes"].id)}
    body = await gql(client, query, dinkes, token=world.disdik_head.token)
    codes = {e["path"][-1]: e["extensions"]["code"] for e in body["errors"]}
    assert codes == {"kesehatanPuskesmas": "access.denied", "pendidikanSchools": "access.denied"}
    assert body["data"]["agency"]["plugins"] == []
    own = await gql(client, query, dinkes, token=world.staff.token)
    switches = {p["name"]: p["enabled"] for p in own["data"]["agency"]["plugins"]}
    assert switches == {"kesehatan": True, "pendidikan": False}


async def test_indicator_types_of_another_agency_are_refused(client, world):
    await _enable(world, "kesehatan", "dinkes")
    query = "query($a: ID) { indicatorTypes(agencyId: $a) { code } }"
    dinkes = {"a": str(world.agencies["dinkes"].id)}
    refused = await gql(client, query, dinkes, token=world.disdik_staff.token)
    assert _code(refused) == "access.denied"
    body = await gql(client, query, dinkes, token=world.staff.token)
    codes = {t["code"] for t in ok(body, "indicatorTypes")}
    assert any(c.startswith("kesehatan.") for c in codes)
    assert not any(c.startswith("pendidikan.") for c in codes)


@pytest.mark.parametrize(
    "field",
    [
        "agencies { id }",
        'agency(id: "1") { id }',
        'unit(id: "1") { id }',
        'position(id: "1") { id }',
    ],
)
async def test_signed_out_org_chart_answers_auth_required(client, world, field):
    body = await gql(client, "{ " + field + " }")
    assert [e["extensions"]["code"] for e in body["errors"]] == ["auth.required"]
