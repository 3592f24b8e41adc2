"""Who may read and write, and the plugin gate: an agency without it gets PluginDisabled."""

from __future__ import annotations

import pytest
from kesehatan_support import YEAR, seed_example
from kinerja_core.db import count_statements
from kinerja_core.plugins.testing import ok

from kinerja_kesehatan.models import ImmunizationReport, Kelurahan, Puskesmas

ADD_PUSKESMAS = """mutation($a: ID!, $c: String!, $n: String!) {
  kesehatanAddPuskesmas(agencyId: $a, code: $c, name: $n, kecamatan: "Pontianak Kota") {
  __typename ... on KesehatanPuskesmas { id code name kecamatan kelurahan { code } }
  ... on ValidationError { code field } ... on Conflict { code field }
  ... on PluginDisabled { code plugin agencyId } ... on UserError { code } } }"""
ADD_KELURAHAN = """mutation($p: ID!, $c: String!, $n: String!) {
  kesehatanAddKelurahan(puskesmasId: $p, code: $c, name: $n) {
  __typename ... on KesehatanKelurahan { id code name puskesmasId }
  ... on ValidationError { code field } ... on Conflict { code field }
  ... on PluginDisabled { code plugin agencyId } ... on UserError { code } } }"""
READS = {  # YEAR is replaced below
    "kesehatanPuskesmas": "query($a: ID!) { kesehatanPuskesmas(agencyId: $a) { code } }",
    "kesehatanReports": "query($a: ID!) { kesehatanReports(agencyId: $a, year: YEAR) { id } }",
    "kesehatanCoverage": "query($a: ID!) { kesehatanCoverage(agencyId: $a, year: YEAR, month: 3,"
    " level: PUSKESMAS) { areaCode idlCoverage } }",
}
READS = {field: query.replace("YEAR", str(YEAR)) for field, query in READS.items()}


async def test_agency_admin_adds_puskesmas_and_kelurahan(city):
    body = await city.gql(
        ADD_PUSKESMAS, {"a": str(city.dinkes.id), "c": " alianyang ", "n": "Puskesmas Alianyang"}
    )
    added = ok(body, "kesehatanAddPuskesmas")
    assert added == {
        "__typename": "KesehatanPuskesmas",
        "id": added["id"],
        "code": "ALIANYANG",
        "name": "Puskesmas Alianyang",
        "kecamatan": "Pontianak Kota",
        "kelurahan": [],
    }
    body = await city.gql(
        ADD_KELURAHAN, {"p": added["id"], "c": "SUNGAI-BANGKONG", "n": "Sungai Bangkong"}
    )
    assert ok(body, "kesehatanAddKelurahan")["puskesmasId"] == added["id"]
    # codes are unique in the agency: for puskesmas, and for kelurahan across puskesmas
    body = await city.gql(ADD_PUSKESMAS, {"a": str(city.dinkes.id), "c": "ALIANYANG", "n": "X"})
    assert ok(body, "kesehatanAddPuskesmas") == {
        "__typename": "Conflict",
        "code": "kesehatan.code_taken",
        "field": "code",
    }
    body = await city.gql(ADD_KELURAHAN, {"p": added["id"], "c": "SAIGON", "n": "Saigon"})
    assert ok(body, "kesehatanAddKelurahan")["code"] == "kesehatan.code_taken"
    for code, expected in (("", "required"), ("bad code!", "kesehatan.code_invalid")):
        body = await city.gql(ADD_PUSKESMAS, {"a": str(city.dinkes.id), "c": code, "n": "X"})
        assert ok(body, "kesehatanAddPuskesmas") == {
            "__typename": "ValidationError",
            "code": expected,
            "field": "code",
        }
    body = await city.gql(ADD_PUSKESMAS, {"a": str(city.dinkes.id), "c": "OK", "n": "  "})
    assert ok(body, "kesehatanAddPuskesmas")["field"] == "name"
    assert await Puskesmas.filter(agency_id=city.dinkes.id).count() == 3
    assert await Kelurahan.filter(agency_id=city.dinkes.id).count() == 4


async def test_a_puskesmas_without_kelurahan_cannot_report(city):
    puskesmas = await Puskesmas.create(agency=city.dinkes, code="NEW", name="Puskesmas Baru")
    city.puskesmas["NEW"] = puskesmas
    result = await city.submit("NEW", 1, [])
    assert (result["code"], result["field"]) == ("kesehatan.no_kelurahan", "puskesmasId")


@pytest.mark.parametrize("who", ["staff", "other_admin", "other_staff"])
async def test_only_the_agencys_admins_and_central_admins_write(city, who):
    token = getattr(city, who)
    body = await city.gql(
        ADD_PUSKESMAS, {"a": str(city.dinkes.id), "c": "X1", "n": "X"}, token=token
    )
    assert ok(body, "kesehatanAddPuskesmas") == {
        "__typename": "NotAllowed",
        "code": "access.agency",
    }
    result = await city.submit("SGN", 1, [city.line("SAIGON")], token=token)
    assert (result["__typename"], result["code"]) == ("NotAllowed", "access.agency")
    assert await ImmunizationReport.all().count() == 0
    by_central = await city.submit("SGN", 1, [city.line("SAIGON")], token=city.central)
    assert by_central["__typename"] == "KesehatanReport"
    corrected = await city.correct(by_central["id"], 1, [city.line("SAIGON", idl=1)], token=token)
    assert corrected["__typename"] == "NotAllowed"


@pytest.mark.parametrize("field", sorted(READS))
async def test_employees_of_another_agency_cannot_read(city, field):
    await seed_example(city)
    for who in ("staff", "admin", "central"):
        body = await city.gql(READS[field], {"a": str(city.dinkes.id)}, token=getattr(city, who))
        assert ok(body, field), who
    for who in ("other_staff", "other_admin"):
        body = await city.gql(READS[field], {"a": str(city.dinkes.id)}, token=getattr(city, who))
        assert body["data"] == {field: None}
        assert body["errors"][0]["extensions"] == {"code": "access.denied", "kind": "NotAllowed"}


async def test_a_single_report_is_read_with_the_same_rule(city):
    reports = await seed_example(city)
    query = "query($id: ID!) { kesehatanReport(id: $id) { id month lines { idl } } }"
    report_id = reports[("SGN", 3)]["id"]
    body = await city.gql(query, {"id": report_id}, token=city.staff)
    assert ok(body, "kesehatanReport") == {
        "id": report_id,
        "month": f"{YEAR}-03-01",
        "lines": [{"idl": 18}],
    }
    body = await city.gql(query, {"id": report_id}, token=city.other_staff)
    assert body["data"] == {"kesehatanReport": None}
    assert body["errors"][0]["extensions"]["kind"] == "NotAllowed"
    body = await city.app.gql(query, {"id": report_id})  # not signed in
    assert body["data"] == {"kesehatanReport": None}
    assert body["errors"][0]["extensions"]["code"] == "auth.required"


def disabled(body, field, agency):
    assert body["data"] == {field: None}
    (error,) = body["errors"]
    assert error["extensions"]["kind"] == "PluginDisabled"
    assert (error["extensions"]["plugin"], error["extensions"]["agencyId"]) == (
        "kesehatan",
        str(agency.id),
    )


@pytest.mark.parametrize("field", sorted(READS))
async def test_queries_for_an_agency_without_the_plugin_answer_plugin_disabled(city, field):
    await Puskesmas.create(agency=city.disdik, code="P", name="Not enabled")
    body = await city.gql(READS[field], {"a": str(city.disdik.id)}, token=city.central)
    disabled(body, field, city.disdik)


async def test_mutations_for_an_agency_without_the_plugin_write_nothing(city):
    body = await city.gql(
        ADD_PUSKESMAS, {"a": str(city.disdik.id), "c": "P", "n": "X"}, token=city.central
    )
    assert ok(body, "kesehatanAddPuskesmas") == {
        "__typename": "PluginDisabled",
        "code": "plugin.disabled",
        "plugin": "kesehatan",
        "agencyId": str(city.disdik.id),
    }
    puskesmas = await Puskesmas.create(agency=city.disdik, code="P", name="Not enabled")
    kelurahan = await Kelurahan.create(agency=city.disdik, puskesmas=puskesmas, code="K", name="K")
    city.puskesmas["P"], city.kelurahan["K"] = puskesmas, kelurahan
    body = await city.gql(
        ADD_KELURAHAN, {"p": str(puskesmas.id), "c": "K2", "n": "X"}, token=city.central
    )
    assert ok(body, "kesehatanAddKelurahan")["__typename"] == "PluginDisabled"
    result = await city.submit("P", 1, [city.line("K")], token=city.central)
    assert (result["__typename"], result["agencyId"]) == ("PluginDisabled", str(city.disdik.id))
    assert await ImmunizationReport.all().count() == 0
    assert await Puskesmas.filter(agency_id=city.disdik.id).count() == 1
    assert await Kelurahan.filter(agency_id=city.disdik.id).count() == 1


async def test_switching_the_plugin_off_hides_the_data_which_stays(city):
    reports = await seed_example(city)
    body = await city.gql(
        'mutation($a: ID) { disablePlugin(name: "kesehatan", agencyId: $a) { __typename } }',
        {"a": str(city.dinkes.id)},
        token=city.central,
    )
    assert ok(body, "disablePlugin")["__typename"] == "PluginActivation"
    body = await city.gql(READS["kesehatanReports"], {"a": str(city.dinkes.id)}, token=city.central)
    disabled(body, "kesehatanReports", city.dinkes)
    body = await city.gql(
        "query($id: ID!) { kesehatanReport(id: $id) { id } }",
        {"id": reports[("KPD", 1)]["id"]},
        token=city.central,
    )
    disabled(body, "kesehatanReport", city.dinkes)
    result = await city.correct(reports[("KPD", 1)]["id"], 1, [], token=city.central)
    assert result["__typename"] == "PluginDisabled"
    assert await ImmunizationReport.all().count() == 4
    await city.app.enable("kesehatan", city.dinkes)
    body = await city.gql(READS["kesehatanReports"], {"a": str(city.dinkes.id)}, token=city.central)
    assert len(ok(body, "kesehatanReports")) == 4


AGENCIES = "{ agencies { code kesehatanPuskesmas { code kelurahan { code } } } }"


async def test_the_agency_field_is_gated_per_agency(city):
    body = await city.gql(AGENCIES, token=city.central)
    by_code = {a["code"]: a["kesehatanPuskesmas"] for a in body["data"]["agencies"]}
    assert by_code == {
        "BKPSDM": None,
        "DINKES": [
            {"code": "KPD", "kelurahan": [{"code": "DALAM-BUGIS"}, {"code": "TANJUNG-HILIR"}]},
            {"code": "SGN", "kelurahan": [{"code": "SAIGON"}]},
        ],
        "DISDIK": None,
    }
    assert {e["extensions"]["kind"] for e in body["errors"]} == {"PluginDisabled"}
    assert sorted(e["extensions"]["agencyId"] for e in body["errors"]) == sorted(
        [str(city.disdik.id), str((await _bkpsdm()).id)]
    )


async def _bkpsdm():
    from kinerja_core.models import Agency

    return await Agency.get(code="BKPSDM")


async def test_the_agency_field_needs_read_access(city):
    query = "query($id: ID!) { agency(id: $id) { code kesehatanPuskesmas { code } } }"
    body = await city.gql(query, {"id": str(city.dinkes.id)}, token=city.staff)
    assert [p["code"] for p in ok(body, "agency", "kesehatanPuskesmas")] == ["KPD", "SGN"]
    body = await city.gql(query, {"id": str(city.dinkes.id)}, token=city.other_admin)
    assert body["data"]["agency"] == {"code": "DINKES", "kesehatanPuskesmas": None}
    assert body["errors"][0]["extensions"] == {"code": "access.denied", "kind": "NotAllowed"}


async def test_statements_do_not_grow_with_rows(city):
    # two requests: together they would pass the default query cost limit (docs/limits.md)
    puskesmas = "{ agencies { kesehatanPuskesmas { code kelurahan { code } } } }"
    query = """query($a: ID!) {
      kesehatanReports(agencyId: $a, year: YEAR) { month puskesmas { name } enteredByName late
        lines { idl kelurahan { name } } } }""".replace("YEAR", str(YEAR))

    async def read() -> dict:
        areas = await city.gql(puskesmas, token=city.central)
        reports = await city.gql(query, {"a": str(city.dinkes.id)}, token=city.central)
        return {"data": {**areas["data"], **reports["data"]}}

    await city.submit("SGN", 5, [city.line("SAIGON")])
    with count_statements() as small:
        first = await read()
    await seed_example(city)
    more = await Puskesmas.create(agency=city.dinkes, code="ZZZ", name="Puskesmas Z")
    for n in range(3):
        city.kelurahan[f"Z{n}"] = await Kelurahan.create(
            agency=city.dinkes, puskesmas=more, code=f"Z{n}", name=f"Z {n}"
        )
    city.puskesmas["ZZZ"] = more
    for month in range(4, 9):
        await city.submit("ZZZ", month, [city.line(f"Z{n}") for n in range(3)])
    with count_statements() as large:
        second = await read()
    # BKPSDM and DISDIK answer PluginDisabled for their field: the data is in the body
    assert len(first["data"]["kesehatanReports"]) == 1
    assert len(second["data"]["kesehatanReports"]) == 10
    assert len(second["data"]["agencies"][1]["kesehatanPuskesmas"]) == 3
    assert len(large.statements) == len(small.statements)
