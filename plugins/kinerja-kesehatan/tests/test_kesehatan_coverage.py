"""Coverage per city, puskesmas and kelurahan over /graphql, and an IKI linked to the IDL type:
its realisasi comes from the reports through the core's GraphQL API."""

from __future__ import annotations

import datetime as dt

from kesehatan_support import YEAR, seed_example
from kinerja_core.domain.enums import AssignmentKind, PlanStatus, PositionType
from kinerja_core.models import (
    Assignment,
    AuditEntry,
    Employee,
    PerformancePlan,
    Position,
    Realization,
    Unit,
)
from kinerja_core.plugins.testing import ok

from kinerja_kesehatan.models import Puskesmas

COVERAGE = """query($a: ID!, $y: Int!, $m: Int!, $l: KesehatanCoverageLevel!) {
  kesehatanCoverage(agencyId: $a, year: $y, month: $m, level: $l) {
    level areaCode areaName month reports targetInfants targetInfantsYearToDate
    idl dpt1 dpt3 mr1 newborns bcg idlCoverage dropoutDpt dropoutMr leftoutBcg
    idlTarget idlTargetYearToDate } }"""


async def coverage(city, month, level):
    variables = {"a": str(city.dinkes.id), "y": YEAR, "m": month, "l": level}
    return ok(await city.gql(COVERAGE, variables, token=city.staff), "kesehatanCoverage")


async def test_city_coverage_adds_up_every_report_since_january(city):
    await seed_example(city)
    (row,) = await coverage(city, 3, "CITY")
    assert row == {
        "level": "CITY",
        "areaCode": "DINKES",
        "areaName": "Dinas Kesehatan",
        "month": f"{YEAR}-03-01",
        "reports": 4,
        "targetInfants": 432,  # 132 (revised in February) + 60 + 240
        "targetInfantsYearToDate": "108",  # 432 x 3 / 12
        "idl": 69,
        "dpt1": 78,
        "dpt3": 69,
        "mr1": 72,
        "newborns": 84,
        "bcg": 79,
        "idlCoverage": "15.9722",  # 69 / 432
        "dropoutDpt": "11.5385",  # 9 / 78
        "dropoutMr": "7.6923",  # 6 / 78
        "leftoutBcg": "5.9524",  # 5 / 84
        "idlTarget": "100",
        "idlTargetYearToDate": "25",
    }


async def test_puskesmas_coverage_lists_every_puskesmas(city):
    await seed_example(city)
    await Puskesmas.create(agency=city.dinkes, code="ZZZ", name="Puskesmas Tanpa Laporan")
    rows = await coverage(city, 3, "PUSKESMAS")
    picked = [
        (
            r["areaCode"],
            r["reports"],
            r["targetInfants"],
            r["targetInfantsYearToDate"],
            r["idl"],
            r["idlCoverage"],
            r["dropoutDpt"],
            r["dropoutMr"],
            r["leftoutBcg"],
        )
        for r in rows
    ]
    assert picked == [
        ("KPD", 2, 192, "48", 31, "16.1458", "9.0909", "9.0909", "8.3333"),
        ("SGN", 2, 240, "60", 38, "15.8333", "13.3333", "6.6667", "4.1667"),
        ("ZZZ", 0, 0, "0", 0, None, None, None, None),
    ]


async def test_kelurahan_coverage_of_january(city):
    await seed_example(city)
    rows = await coverage(city, 1, "KELURAHAN")
    assert [
        (
            r["areaCode"],
            r["areaName"],
            r["idlCoverage"],
            r["dropoutDpt"],
            r["dropoutMr"],
            r["leftoutBcg"],
        )
        for r in rows
    ] == [
        ("DALAM-BUGIS", "Dalam Bugis", "8.3333", "8.3333", "16.6667", "7.6923"),
        ("SAIGON", "Saigon", "8.3333", "20", "12", "0"),
        ("TANJUNG-HILIR", "Tanjung Hilir", "8.3333", "16.6667", "0", "28.5714"),
    ]
    assert {r["idlTargetYearToDate"] for r in rows} == {"8.33"}  # 100 x 1 / 12


async def test_the_idl_target_is_a_setting(city):
    await seed_example(city)
    body = await city.gql(
        """mutation($a: ID) { configurePlugin(name: "kesehatan", agencyId: $a,
        config: {idl_target_percent: 95}) { __typename } }""",
        {"a": str(city.dinkes.id)},
        token=city.central,
    )
    assert ok(body, "configurePlugin")["__typename"] == "PluginActivation"
    (row,) = await coverage(city, 3, "CITY")
    assert (row["idlTarget"], row["idlTargetYearToDate"]) == ("95", "23.75")


async def test_bad_coverage_arguments_name_the_field(city):
    for month, year, field in ((13, YEAR, "month"), (0, YEAR, "month"), (1, 1800, "year")):
        body = await city.gql(
            COVERAGE, {"a": str(city.dinkes.id), "y": year, "m": month, "l": "CITY"}
        )
        assert body["data"] == {"kesehatanCoverage": None}
        assert body["errors"][0]["extensions"]["field"] == field
    body = await city.gql(COVERAGE, {"a": "424242", "y": YEAR, "m": 1, "l": "CITY"})
    assert body["errors"][0]["extensions"] == {
        "code": "not_found",
        "kind": "NotFound",
        "field": "agencyId",
    }


# -- an IKI linked to kesehatan.idl_coverage --------------------------------------------------

CREATE_PLAN = """mutation($y: Int!) { createPlan(input: {year: $y}) {
  __typename ... on PerformancePlan { id form } ... on UserError { code message } } }"""
ADD_RESULT = """mutation($p: ID!) { addWorkResult(input: {planId: $p,
  description: "Meningkatnya cakupan imunisasi dasar lengkap"}) {
  __typename ... on WorkResult { id } ... on UserError { code message } } }"""
ADD_INDICATOR = """mutation($w: ID!, $t: String, $p: JSON) { addIndicator(input: {
  workResultId: $w, description: "Cakupan IDL wilayah Puskesmas Kampung Dalam",
  targetValue: "100", unit: "%", indicatorType: $t, parameters: $p}) {
  __typename ... on Indicator { id indicatorType parameters }
  ... on ValidationError { code field } ... on UserError { code message } } }"""
SETUP = """mutation($a: ID!, $y: Int!) { setupPeriods(agencyId: $a, year: $y) {
  __typename ... on PeriodSetup { periods { id number version } } ... on UserError { code } } }"""
OPEN = """mutation($id: ID!) { openPeriod(id: $id) {
  __typename ... on Period { id status } ... on UserError { code message } } }"""
COMPUTED = """query($i: ID!, $p: ID!) { computedRealization(indicatorId: $i, periodId: $p) {
  indicatorType plugin value numerator denominator numeratorLabel denominatorLabel unit
  cumulative records { entity id label } annualTarget target achievement } }"""
STORED = """query($p: ID!) { realizations(planId: $p) { value target achievement
  computed provenance period { number } indicator { id } } }"""


async def head_of(city):
    """The head of DINKES (a JPT position at its top unit) and their token."""
    token = await city.app.person(city.dinkes, name="Kepala Dinas Kesehatan")
    employee = await Employee.get(name="Kepala Dinas Kesehatan")
    unit = await Unit.get(agency_id=city.dinkes.id, parent_id=None)
    position = await Position.create(
        agency=city.dinkes,
        unit=unit,
        name="Kepala Dinas Kesehatan",
        type=PositionType.JPT,
        level="PRATAMA",
        is_unit_head=True,
    )
    await Assignment.create(
        employee=employee,
        position=position,
        kind=AssignmentKind.DEFINITIF,
        start_date=dt.date(YEAR, 1, 1),
    )
    return token


async def linked_iki(city, token, parameters):
    plan = ok(await city.gql(CREATE_PLAN, {"y": YEAR}, token=token), "createPlan")
    assert plan["__typename"] == "PerformancePlan", plan
    result = ok(await city.gql(ADD_RESULT, {"p": plan["id"]}, token=token), "addWorkResult")
    assert result["__typename"] == "WorkResult", result
    variables = {"w": result["id"], "t": "kesehatan.idl_coverage", "p": parameters}
    indicator = ok(await city.gql(ADD_INDICATOR, variables, token=token), "addIndicator")
    return plan, result, indicator


async def test_an_iki_linked_to_idl_coverage_gets_its_realisasi_from_the_reports(city):
    reports = await seed_example(city)
    head = await head_of(city)
    plan, result, indicator = await linked_iki(city, head, {"puskesmas": "KPD"})
    assert indicator == {
        "__typename": "Indicator",
        "id": indicator["id"],
        "indicatorType": "kesehatan.idl_coverage",
        "parameters": {"puskesmas": "KPD"},
    }
    wrong = await city.gql(
        ADD_INDICATOR,
        {"w": result["id"], "t": "kesehatan.idl_coverage", "p": {"kelurahan": "NOWHERE"}},
        token=head,
    )
    wrong = ok(wrong, "addIndicator")
    assert (wrong["__typename"], wrong["code"], wrong["field"]) == (
        "ValidationError",
        "indicator_type.parameter_choice",
        "parameters",
    )
    periods = ok(
        await city.gql(SETUP, {"a": str(city.dinkes.id), "y": YEAR}, token=city.central),
        "setupPeriods",
        "periods",
    )
    february = next(p for p in periods if p["number"] == 2)
    body = await city.gql(COMPUTED, {"i": indicator["id"], "p": february["id"]}, token=head)
    computed = ok(body, "computedRealization")
    assert computed == {
        "indicatorType": "kesehatan.idl_coverage",
        "plugin": "kesehatan",
        "value": "16.1458",  # (10+5+12+4) / (132+60) x 100, January and February
        "numerator": "31",
        "denominator": "192",
        "numeratorLabel": "Bayi 0-11 bulan imunisasi dasar lengkap (kumulatif)",
        "denominatorLabel": "Sasaran bayi (setahun)",
        "unit": "%",
        "cumulative": True,
        "records": [
            {
                "entity": "ImmunizationReport",
                "id": reports[("KPD", month)]["id"],
                "label": f"Puskesmas Kampung Dalam {YEAR}-{month:02d}",
            }
            for month in (1, 2)
        ],
        "annualTarget": "100",
        "target": computed["target"],
        "achievement": computed["achievement"],
    }
    assert computed["target"].startswith("16.66")  # year to date: 100 x 2 / 12
    assert computed["achievement"] == "96.87"  # 16.1458 / 16.6667 = 0.968748
    body = await city.gql(
        COMPUTED, {"i": indicator["id"], "p": february["id"]}, token=city.other_staff
    )
    assert body["errors"][0]["extensions"]["code"] == "access.denied"


async def test_a_new_report_refreshes_the_stored_realisasi_of_linked_ikis(city):
    head = await head_of(city)
    plan, _, indicator = await linked_iki(city, head, {"kelurahan": "SAIGON"})
    assert indicator["__typename"] == "Indicator", indicator
    await PerformancePlan.filter(id=int(plan["id"])).update(status=PlanStatus.APPROVED)
    periods = ok(
        await city.gql(SETUP, {"a": str(city.dinkes.id), "y": YEAR}, token=city.central),
        "setupPeriods",
        "periods",
    )
    march = next(p for p in periods if p["number"] == 3)
    opened = ok(await city.gql(OPEN, {"id": march["id"]}, token=city.central), "openPeriod")
    assert opened["status"] == "OPEN", opened
    january = await city.submit("SGN", 1, [city.line("SAIGON", 240, 20, 25, 20, 22, 26, 26)])
    body = await city.gql(STORED, {"p": plan["id"]}, token=head)
    (stored,) = ok(body, "realizations")
    assert stored["indicator"] == {"id": indicator["id"]}
    assert stored["value"] == "8.3333" and stored["computed"] is True  # 20 / 240
    assert stored["period"] == {"number": 3}
    assert stored["provenance"]["source"] == "kesehatan.idl_coverage"
    assert stored["provenance"]["numerator"] == "20"
    assert stored["provenance"]["records"] == [
        {
            "entity": "ImmunizationReport",
            "id": january["id"],
            "label": f"Puskesmas Saigon {YEAR}-01",
        }
    ]
    # a correction and a later report change the stored value: (18 + 22) / 240
    await city.correct(january["id"], 1, [city.line("SAIGON", 240, 18, 25, 20, 22, 26, 26)])
    await city.submit("SGN", 3, [city.line("SAIGON", 240, 22, 20, 19, 20, 22, 20)])
    body = await city.gql(STORED, {"p": plan["id"]}, token=head)
    (stored,) = ok(body, "realizations")
    assert stored["value"] == "16.6667"
    assert len(stored["provenance"]["records"]) == 2
    assert await Realization.all().count() == 1
    assert await AuditEntry.filter(action="realization.compute").count() == 3
