"""Plugin panels (``kinerja_panels`` -> ``Query.pluginPanels``) with the first-party plugins:
who gets which panel, the panel's own operation run through /graphql, access, translation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kinerja_core.models import PluginActivation
from tests.support import gql, ok

kesehatan = pytest.importorskip("kinerja_kesehatan.models", reason="pip install -e plugins/*")
pendidikan = pytest.importorskip("kinerja_pendidikan.models", reason="pip install -e plugins/*")

YEAR = dt.date.today().year - 1  # every month of last year is in the past

PANELS = """query($agencyId: ID!) { pluginPanels(agencyId: $agencyId) {
  plugin key title description kind operation rowsPath columns { field label } } }"""


@pytest.fixture
def plugins():
    return {"kesehatan": "kinerja_kesehatan.plugin", "pendidikan": "kinerja_pendidikan.plugin"}


async def enable(world, plugin: str, key: str) -> None:
    agency = world.agencies[key]
    await PluginActivation.create(plugin=plugin, agency=agency, scope=str(agency.id), enabled=True)


async def kesehatan_data(world) -> None:
    """Dinas Kesehatan: two puskesmas, reports of January and February of YEAR for one."""
    agency = world.agencies["dinkes"]
    for code, name in (("KPD", "Puskesmas Kampung Dalam"), ("SGN", "Puskesmas Saigon")):
        puskesmas = await kesehatan.Puskesmas.create(agency=agency, code=code, name=name)
        kelurahan = await kesehatan.Kelurahan.create(
            agency=agency, puskesmas=puskesmas, code=f"{code}-1", name=f"Kelurahan {code}"
        )
        if code != "KPD":
            continue
        for month in (1, 2):
            report = await kesehatan.ImmunizationReport.create(
                agency=agency, puskesmas=puskesmas, month=dt.date(YEAR, month, 1)
            )
            await kesehatan.ImmunizationReportLine.create(
                report=report, kelurahan=kelurahan, target_infants=120, idl=12, dpt1=10,
                dpt3=8, mr1=9, newborns=11, bcg=10,
            )  # fmt: skip


async def pendidikan_data(world) -> None:
    """Dinas Pendidikan: one programme of YEAR evaluated in one school."""
    agency = world.agencies["disdik"]
    school = await pendidikan.School.create(
        agency=agency, npsn="30100001", name="SDN 01 Pontianak", level="SD",
        kecamatan="Pontianak Kota", status="NEGERI",
    )  # fmt: skip
    programme = await pendidikan.Programme.create(
        agency=agency, code="LITERASI", name="Gerakan Literasi", year=YEAR, goal=Decimal("70")
    )
    await pendidikan.ProgrammeEvaluation.create(
        programme=programme, school=school, participants=40, completed=30,
        baseline_score=Decimal("60"), end_score=Decimal("75"), evaluated_on=dt.date(YEAR, 6, 1),
    )  # fmt: skip


async def run_panel(client, panel: dict, agency_id: str, token: str) -> list:
    body = await gql(client, panel["operation"], {"agencyId": agency_id, "year": YEAR}, token=token)
    assert "errors" not in body, body
    rows = body["data"]
    for step in panel["rowsPath"].split("."):
        rows = rows[step]
    return rows


async def test_a_kesehatan_head_gets_the_coverage_panel_and_its_rows(client, world):
    await enable(world, "kesehatan", "dinkes")
    await kesehatan_data(world)
    dinkes = str(world.agencies["dinkes"].id)
    body = await gql(client, PANELS, {"agencyId": dinkes}, token=world.head.token)
    panels = ok(body, "pluginPanels")
    assert [(p["plugin"], p["key"], p["kind"]) for p in panels] == [
        ("kesehatan", "coverage-by-puskesmas", "BAR")
    ]
    panel = panels[0]
    assert panel["title"] == "Cakupan imunisasi per puskesmas"
    assert panel["columns"][0] == {"field": "areaName", "label": "Puskesmas"}
    assert panel["rowsPath"] == "kesehatanCoverage"

    rows = await run_panel(client, panel, dinkes, world.head.token)
    by_name = {row["areaName"]: row for row in rows}
    assert sorted(by_name) == ["Puskesmas Kampung Dalam", "Puskesmas Saigon"]
    # January + February: 24 IDL of 120 target infants for the year
    assert Decimal(by_name["Puskesmas Kampung Dalam"]["idlCoverage"]) == Decimal("20")
    assert by_name["Puskesmas Saigon"]["idlCoverage"] is None  # no report: no value
    for row in rows:
        assert all(column["field"] in row for column in panel["columns"])


async def test_a_pendidikan_head_gets_the_results_table_not_the_kesehatan_panel(client, world):
    await enable(world, "kesehatan", "dinkes")
    await enable(world, "pendidikan", "disdik")
    await pendidikan_data(world)
    disdik = str(world.agencies["disdik"].id)
    body = await gql(client, PANELS, {"agencyId": disdik}, token=world.disdik_head.token)
    panels = ok(body, "pluginPanels")
    assert [(p["plugin"], p["key"], p["kind"]) for p in panels] == [
        ("pendidikan", "programme-results", "TABLE")
    ]
    rows = await run_panel(client, panels[0], disdik, world.disdik_head.token)
    assert rows == [
        {
            "programmeId": rows[0]["programmeId"],
            "name": "Gerakan Literasi",
            "schoolsEvaluated": 1,
            "participants": 40,
            "completionRate": "75",
            "averageGain": "15",
            "shareMeetingGoal": "100",
        }
    ]


async def test_labels_are_translated(client, world):
    await enable(world, "pendidikan", "disdik")
    disdik = str(world.agencies["disdik"].id)
    body = await gql(client, PANELS, {"agencyId": disdik}, token=world.disdik_head.token, lang="en")
    (panel,) = ok(body, "pluginPanels")
    assert panel["title"] == "Education programme results"
    assert panel["description"].startswith("Each programme of the year")
    assert [c["label"] for c in panel["columns"]][:2] == ["Programme", "Schools evaluated"]


async def test_no_plugin_enabled_no_panel(client, world):
    dinkes = str(world.agencies["dinkes"].id)
    body = await gql(client, PANELS, {"agencyId": dinkes}, token=world.head.token)
    assert ok(body, "pluginPanels") == []


async def test_central_admin_and_agency_admin_see_the_panels(client, world):
    await enable(world, "kesehatan", "dinkes")
    dinkes = str(world.agencies["dinkes"].id)
    for person in (world.central, world.admin):
        body = await gql(client, PANELS, {"agencyId": dinkes}, token=person.token)
        assert [p["key"] for p in ok(body, "pluginPanels")] == ["coverage-by-puskesmas"]


@pytest.mark.parametrize("who", ["disdik_head", "disdik_staff", "staff"])
async def test_others_do_not_get_an_agencys_panels(client, world, who):
    # another agency's head and employee, and the agency's own employee (no dashboard)
    await enable(world, "kesehatan", "dinkes")
    dinkes = str(world.agencies["dinkes"].id)
    body = await gql(client, PANELS, {"agencyId": dinkes}, token=getattr(world, who).token)
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "access.agency"


async def test_anonymous_and_unknown_agency(client, world):
    anonymous = await gql(client, PANELS, {"agencyId": str(world.agencies["dinkes"].id)})
    assert anonymous["errors"][0]["extensions"]["code"] == "auth.required"
    missing = await gql(client, PANELS, {"agencyId": "999999"}, token=world.central.token)
    error = missing["errors"][0]
    assert error["extensions"]["code"] == "not_found"
    assert error["extensions"]["field"] == "agencyId"


async def test_the_panel_operation_keeps_the_plugins_own_gate(client, world):
    # the list hides the panel, and the operation itself refuses another agency's head
    await enable(world, "kesehatan", "dinkes")
    dinkes = str(world.agencies["dinkes"].id)
    body = await gql(client, PANELS, {"agencyId": dinkes}, token=world.head.token)
    (panel,) = ok(body, "pluginPanels")
    refused = await gql(
        client, panel["operation"], {"agencyId": dinkes, "year": YEAR},
        token=world.disdik_head.token,
    )  # fmt: skip
    assert refused["errors"] and not (refused.get("data") or {}).get("kesehatanCoverage")
