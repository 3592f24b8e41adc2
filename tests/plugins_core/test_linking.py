"""An IKI linked to a plugin's indicator type: chosen through addIndicator, its realisasi
computed from the plugin's data, stored with provenance and read like any other realisasi."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kinerja_core.domain.enums import PlanStatus
from kinerja_core.models import AuditEntry, Realization
from kinerja_core.services.computed import refresh_linked_realizations
from kinerja_core.services.context import ServiceContext
from tests.plugins_core.sample_models import SampleVisit
from tests.plugins_core.test_indicators import enable, linked_plan
from tests.support import YEAR, gql, ok
from tests.test_monitoring import make_plan, open_period, record, setup_periods

ADD = """mutation($input: AddIndicatorInput!) { addIndicator(input: $input) {
  __typename ... on Indicator { id indicatorType parameters unit }
  ... on UserError { message code } ... on ValidationError { field } } }"""
UPDATE = """mutation($input: UpdateIndicatorInput!) { updateIndicator(input: $input) {
  __typename ... on Indicator { indicatorType parameters version }
  ... on UserError { message code } ... on ValidationError { field } } }"""
READ = """query($plan: ID!, $period: ID) { realizations(planId: $plan, periodId: $period) {
  value target achievement computed provenance version indicator { id } } }"""
REFRESH = """mutation($indicator: ID!, $period: ID!) {
  refreshRealization(indicatorId: $indicator, periodId: $period) {
  __typename ... on Realization { value target achievement computed }
  ... on UserError { message code } ... on ValidationError { field } } }"""


@pytest.fixture
def plugins():
    return {"sample": "tests.plugins_core.sample"}


def system(settings, manager):
    return ServiceContext(settings=settings, plugins=manager)


async def visits(world, *months_visits, clinic="K1"):
    dinkes = world.agencies["dinkes"]
    return [
        await SampleVisit.create(
            agency=dinkes, clinic=clinic, month=dt.date(YEAR, m, 1), visits=v, target=10
        )
        for m, v in months_visits
    ]


async def test_add_indicator_links_a_plugin_type_only_where_it_is_enabled(client, world):
    _, work_result, _ = await make_plan(world, status=PlanStatus.DRAFT)
    base = {
        "workResultId": str(work_result.id),
        "description": "Kunjungan klinik K1 sesuai target",
        "targetValue": "90",
        "indicatorType": "sample.visit_ratio",
        "parameters": {"clinic": "K1"},
    }
    body = await gql(client, ADD, {"input": base}, token=world.staff.token, lang="en")
    refused = ok(body, "addIndicator")
    assert (refused["__typename"], refused["field"]) == ("ValidationError", "indicatorType")
    assert "sample" in refused["message"]

    await enable(world, "sample", "dinkes")
    wrong = {**base, "parameters": {"clinic": "K9"}}
    body = await gql(client, ADD, {"input": wrong}, token=world.staff.token, lang="en")
    refused = ok(body, "addIndicator")
    assert (refused["__typename"], refused["field"]) == ("ValidationError", "parameters")
    unknown = {**base, "indicatorType": "sample.nothing"}
    body = await gql(client, ADD, {"input": unknown}, token=world.staff.token, lang="en")
    assert ok(body, "addIndicator")["field"] == "indicatorType"

    body = await gql(client, ADD, {"input": base}, token=world.staff.token)
    added = ok(body, "addIndicator")
    assert added == {
        "__typename": "Indicator",
        "id": added["id"],
        "indicatorType": "sample.visit_ratio",
        "parameters": {"clinic": "K1"},
        "unit": "%",  # the type's unit when none is given
    }
    body = await gql(
        client,
        UPDATE,
        {"input": {"id": added["id"], "parameters": {"clinic": "K2"}, "version": 1}},
        token=world.staff.token,
    )
    changed = ok(body, "updateIndicator")
    assert (changed["indicatorType"], changed["parameters"]) == (
        "sample.visit_ratio",
        {"clinic": "K2"},
    )
    body = await gql(
        client,
        UPDATE,
        {"input": {"id": added["id"], "indicatorType": "core.manual", "version": 2}},
        token=world.staff.token,
    )
    assert ok(body, "updateIndicator")["indicatorType"] == "core.manual"
    assert ok(body, "updateIndicator")["parameters"] == {}


async def test_linked_realisasi_is_stored_from_plugin_data_and_read_by_owner_rater_head(
    client, world, settings, plugin_manager
):
    await enable(world, "sample", "dinkes")
    plan, indicator = await linked_plan(world)
    periods = await setup_periods(client, world)
    january, march = periods[0]["id"], periods[2]["id"]
    await open_period(client, world, january)
    await open_period(client, world, march)
    rows = await visits(world, (1, 8), (2, 9), (3, 10))

    assert (
        await refresh_linked_realizations(
            system(settings, plugin_manager), "sample", plan.agency_id
        )
        == 2
    )
    for who in ("staff", "kasubag", "head"):
        body = await gql(
            client, READ, {"plan": str(plan.id), "period": march}, token=world.people[who].token
        )
        (stored,) = ok(body, "realizations")
        assert (stored["value"], stored["target"], stored["achievement"]) == (
            "90",
            "22.5",
            "400.00",
        )
        assert stored["computed"] is True
        assert stored["provenance"]["source"] == "sample.visit_ratio"
        assert stored["provenance"]["numerator"] == "27"
        assert [r["id"] for r in stored["provenance"]["records"]] == [str(r.id) for r in rows]
    body = await gql(
        client, READ, {"plan": str(plan.id), "period": january}, token=world.staff.token
    )
    assert ok(body, "realizations")[0]["value"] == "80"
    body = await gql(client, READ, {"plan": str(plan.id)}, token=world.disdik_staff.token)
    assert body["errors"][0]["extensions"]["code"] == "access.denied"

    # typed-in values are refused: the number comes from the data
    refused = await gql(
        client,
        """mutation($input: RecordRealizationInput!) { recordRealization(input: $input) {
        __typename ... on UserError { code } ... on ValidationError { field } } }""",
        {"input": {"indicatorId": str(indicator.id), "periodId": march, "value": "100"}},
        token=world.staff.token,
    )
    assert ok(refused, "recordRealization")["code"] == "realization.computed_indicator"

    # nothing changed: nothing written; new data: the value follows, audited
    audits = await AuditEntry.filter(action="realization.compute").count()
    assert audits == 2
    assert (
        await refresh_linked_realizations(
            system(settings, plugin_manager), "sample", plan.agency_id
        )
        == 0
    )
    assert await AuditEntry.filter(action="realization.compute").count() == audits
    await visits(world, (3, 5), clinic="K1")
    assert (
        await refresh_linked_realizations(
            system(settings, plugin_manager), "sample", plan.agency_id
        )
        == 1
    )
    stored = await Realization.get(indicator_id=indicator.id, period_id=int(march))
    assert stored.value == Decimal("80.0000") and stored.version == 2  # 32 / 40
    latest = await AuditEntry.filter(action="realization.compute").order_by("-id").first()
    assert latest.before["value"] == "90.0000" and latest.after["value"] == "80.0000"


async def test_refresh_realization_on_demand_and_its_refusals(client, world):
    await enable(world, "sample", "dinkes")
    plan, indicator = await linked_plan(world)
    periods = await setup_periods(client, world)
    january, february = periods[0]["id"], periods[1]["id"]
    await open_period(client, world, january)
    await visits(world, (1, 9))
    variables = {"indicator": str(indicator.id), "period": january}
    body = await gql(client, REFRESH, variables, token=world.kasubag.token)
    assert ok(body, "refreshRealization") == {
        "__typename": "Realization",
        "value": "90",
        "target": "7.5",  # 90 x 1 / 12
        "achievement": "1200.00",
        "computed": True,
    }
    body = await gql(client, REFRESH, variables, token=world.disdik_staff.token)
    assert ok(body, "refreshRealization")["__typename"] == "NotAllowed"
    body = await gql(
        client, REFRESH, {**variables, "period": february}, token=world.staff.token, lang="en"
    )
    refused = ok(body, "refreshRealization")
    assert (refused["field"], refused["code"]) == ("periodId", "realization.period_not_open")

    _, _, (manual,) = await make_plan(world, owner="staff2")
    body = await gql(
        client, REFRESH, {**variables, "indicator": str(manual.id)}, token=world.staff2.token
    )
    assert ok(body, "refreshRealization")["code"] == "realization.not_computed"


async def test_nothing_is_computed_for_an_agency_that_disabled_the_plugin(
    client, world, settings, plugin_manager
):
    plan, _ = await linked_plan(world)
    periods = await setup_periods(client, world)
    await open_period(client, world, periods[0]["id"])
    await visits(world, (1, 9))
    assert (
        await refresh_linked_realizations(
            system(settings, plugin_manager), "sample", plan.agency_id
        )
        == 0
    )
    assert await Realization.all().count() == 0


async def test_manual_realisasi_shows_achievement_against_the_iki_target(client, world):
    plan, _, (indicator,) = await make_plan(world)
    periods = await setup_periods(client, world)
    await open_period(client, world, periods[0]["id"])
    await record(client, world.staff.token, indicator, periods[0]["id"], value="6")
    body = await gql(client, READ, {"plan": str(plan.id)}, token=world.kasubag.token)
    (stored,) = ok(body, "realizations")
    assert (stored["value"], stored["target"], stored["achievement"]) == ("6", "12", "50.00")
    assert stored["computed"] is False


APPROVE = """mutation($id: ID!) { approvePlan(input: { id: $id }) {
  __typename ... on PerformancePlan { status } ... on UserError { code } } }"""


async def submitted_linked_plan(client, world):
    """A SUBMITTED SKP with an IKI on ``sample.visit_ratio``; January and March open."""
    plan, indicator = await linked_plan(world)
    plan.status = PlanStatus.SUBMITTED
    await plan.save()
    periods = await setup_periods(client, world)
    for period in (periods[0], periods[2]):
        await open_period(client, world, period["id"])
    await visits(world, (1, 8), (2, 9), (3, 10))
    return plan, indicator


async def test_approving_an_skp_computes_its_linked_iki_from_the_data_already_there(client, world):
    await enable(world, "sample", "dinkes")
    plan, indicator = await submitted_linked_plan(client, world)
    assert await Realization.all().count() == 0
    body = await gql(client, APPROVE, {"id": str(plan.id)}, token=world.kasubag.token)
    assert ok(body, "approvePlan") == {"__typename": "PerformancePlan", "status": "APPROVED"}

    body = await gql(client, READ, {"plan": str(plan.id)}, token=world.staff.token)
    stored = ok(body, "realizations")
    assert sorted(r["value"] for r in stored) == ["80", "90"]  # January 8/10, to March 27/30
    assert all(r["computed"] and r["indicator"]["id"] == str(indicator.id) for r in stored)
    assert await AuditEntry.filter(action="realization.compute").count() == 2


async def test_approving_computes_nothing_where_the_plugin_is_off_or_for_manual_iki(client, world):
    plan, _ = await submitted_linked_plan(client, world)  # sample is off for dinkes
    body = await gql(client, APPROVE, {"id": str(plan.id)}, token=world.kasubag.token)
    assert ok(body, "approvePlan")["status"] == "APPROVED"
    manual, _, _ = await make_plan(world, owner="staff2", status=PlanStatus.SUBMITTED)
    body = await gql(client, APPROVE, {"id": str(manual.id)}, token=world.kasubag.token)
    assert ok(body, "approvePlan")["status"] == "APPROVED"
    assert await Realization.all().count() == 0
    assert await AuditEntry.filter(action="realization.compute").count() == 0
