"""Bad input is refused where it enters, with a typed error naming the field, never `internal`.

Each case here answered ``internal`` (a logged traceback) or was stored silently before the
checks of :mod:`kinerja_core.services.inputs`; the same answer holds on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json

import pytest

from kinerja_core.models import AuditEntry, Indicator, Period, WorkResult
from tests.support import YEAR, gql, ok
from tests.test_plans import add_indicator, add_result, create_plan

HUGE = "99999999999999999999"
OVER_INT32 = str(2**31)


def error_of(body: dict) -> dict:
    """The one GraphQL error of a query answer, checked not to be an internal one."""
    assert body.get("errors"), body
    extensions = body["errors"][0].get("extensions") or {}
    assert extensions.get("code") != "internal", body
    return extensions


@pytest.mark.parametrize("bad", ["x", "-1", "0", "1.5", " ", HUGE, OVER_INT32, "１２"])
async def test_malformed_id_in_a_filter_names_the_field(client, world, bad):
    body = await gql(
        client, "query($a: ID!) { employees(filter: {agencyId: $a}) { nodes { id } } }",
        {"a": bad}, token=world.central.token, lang="en",
    )

    extensions = error_of(body)
    assert extensions == {"code": "input.id", "kind": "ValidationError", "field": "agencyId"}
    assert "agencyId" in body["errors"][0]["message"]


@pytest.mark.parametrize("bad", [HUGE, OVER_INT32, "abc"])
async def test_malformed_id_of_a_lookup_names_the_field(client, world, bad):
    for query in ("query($id: ID!) { plan(id: $id) { id } }",
                  "query($id: ID!) { employee(id: $id) { id } }",
                  "query($id: ID!) { unit(id: $id) { id } }"):
        body = await gql(client, query, {"id": bad}, token=world.central.token, lang="en")
        assert error_of(body) == {"code": "input.id", "kind": "ValidationError", "field": "id"}


async def test_largest_valid_id_is_simply_not_found(client, world):
    body = await gql(client, "query($id: ID!) { plan(id: $id) { id } }", {"id": str(2**31 - 1)},
                     token=world.central.token, lang="en")

    assert error_of(body)["code"] == "not_found"


async def test_malformed_id_in_a_mutation_is_a_validation_error(client, world):
    body = await gql(
        client,
        "mutation($id: ID!) { submitPlan(id: $id) { __typename"
        " ... on ValidationError { code field } } }",
        {"id": HUGE}, token=world.staff.token, lang="en",
    )

    assert ok(body, "submitPlan") == {
        "__typename": "ValidationError", "code": "input.id", "field": "id"
    }


@pytest.mark.parametrize("bad", [HUGE, "x", OVER_INT32])
async def test_evidence_download_with_a_malformed_id_is_a_json_404(client, world, bad):
    response = await client.get(
        f"/evidence/{bad}", headers={"Authorization": f"Bearer {world.staff.token}"}
    )

    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["error"]["code"] == "not_found"


async def test_signed_out_agency_list_asks_to_sign_in(client, world):
    body = await gql(client, "{ agencies { id } }")

    assert error_of(body)["code"] == "auth.required"


@pytest.mark.parametrize(
    "nip", ["1" * 19, "9" * 40, "abc\x00", "１９８００１０１２００５０１１００１"]
)
async def test_login_with_a_malformed_nip_is_refused_as_bad_credentials(client, world, nip):
    body = await gql(
        client,
        "mutation($n: String!) { login(nip: $n, password: \"rahasia-123\") { __typename"
        " ... on UserError { code } } }",
        {"n": nip}, lang="en",
    )

    assert ok(body, "login") == {"__typename": "NotAllowed", "code": "auth.invalid_credentials"}


@pytest.mark.parametrize("text", ["Laporan\x00", "Lap\x07oran", "Lap\x1boran", "Lap\x85x"])
async def test_control_characters_in_text_are_refused(client, world, text):
    plan = await create_plan(client, world.head)
    before = (await WorkResult.all().count(), await AuditEntry.all().count())

    error = await add_result(client, world.head, plan["id"], text)

    assert error["__typename"] == "ValidationError", error
    assert (error["code"], error["field"]) == ("input.control_characters", "description")
    assert (await WorkResult.all().count(), await AuditEntry.all().count()) == before


async def test_a_lone_surrogate_in_json_text_is_refused(client, world):
    plan = await create_plan(client, world.head)
    # JSON may escape a lone surrogate ("\\ud800"); no UTF-8 text, nor PostgreSQL, can hold it
    query = (
        "mutation($input: AddWorkResultInput!) { addWorkResult(input: $input) {"
        " __typename ... on ValidationError { code field } } }"
    )
    payload = {"query": query, "variables": {"input": {
        "planId": plan["id"], "kind": "UTAMA", "description": "Lap\ud800oran"}}}
    response = await client.post(
        "/graphql", content=json.dumps(payload), headers={
            "Content-Type": "application/json", "Authorization": f"Bearer {world.head.token}"},
    )

    assert response.status_code == 200, response.text
    assert ok(response.json(), "addWorkResult") == {
        "__typename": "ValidationError", "code": "input.control_characters",
        "field": "description",
    }


async def test_line_breaks_and_tabs_stay_allowed_in_text(client, world):
    plan = await create_plan(client, world.head)

    result = await add_result(client, world.head, plan["id"], "Laporan\n\tbulanan\r\nkedua")

    assert result["__typename"] == "WorkResult", result


async def test_a_very_long_search_is_refused_on_the_search_field(client, world):
    body = await gql(
        client, "query($s: String!) { employees(filter: {search: $s}) { nodes { id } } }",
        {"s": "a%_" * 17_000}, token=world.central.token, lang="en",
    )

    extensions = error_of(body)
    assert (extensions["code"], extensions["field"]) == ("too_long", "search")


async def test_search_with_control_characters_is_refused(client, world):
    body = await gql(
        client, "query($s: String!) { employees(filter: {search: $s}) { nodes { id } } }",
        {"s": "Test\x00"}, token=world.central.token, lang="en",
    )

    extensions = error_of(body)
    assert (extensions["code"], extensions["field"]) == ("input.control_characters", "search")


@pytest.mark.parametrize("field", ["targetValue", "targetMin"])
@pytest.mark.parametrize("tiny", ["1e-7", "0.00001", "0.00004"])
async def test_a_target_finer_than_four_decimals_is_refused_not_rounded(
    client, world, field, tiny
):
    plan = await create_plan(client, world.head)
    result = await add_result(client, world.head, plan["id"])
    before = await Indicator.all().count()
    values = {field: tiny} if field == "targetValue" else {"targetMin": tiny, "targetMax": "5"}

    error = await add_indicator(client, world.head, result["id"], **values)

    assert error["__typename"] == "ValidationError", error
    assert (error["code"], error["field"]) == ("input.decimal_places", field)
    assert await Indicator.all().count() == before


async def test_a_target_with_four_decimals_is_kept_exactly(client, world):
    plan = await create_plan(client, world.head)
    result = await add_result(client, world.head, plan["id"])

    indicator = await add_indicator(client, world.head, result["id"], targetValue="0.0001")

    assert indicator["targetValue"] == "0.0001", indicator


SETUP = (
    "mutation($a: ID!, $y: Int!) { setupPeriods(agencyId: $a, year: $y) {"
    " __typename ... on ValidationError { code field } } }"
)


@pytest.mark.parametrize("year", [1, 1999, 2101, 9998, -5])
async def test_setup_periods_refuses_a_year_out_of_range(client, world, year):
    body = await gql(client, SETUP, {"a": str(world.agencies["dinkes"].id), "y": year},
                     token=world.central.token, lang="en")

    assert ok(body, "setupPeriods") == {
        "__typename": "ValidationError", "code": "input.year", "field": "year"
    }
    assert await Period.all().count() == 0


async def test_create_plan_refuses_a_year_out_of_range(client, world):
    body = await gql(
        client,
        "mutation { createPlan(input: {year: 9998}) { __typename"
        " ... on ValidationError { code field } } }",
        token=world.staff.token, lang="en",
    )

    # the SKP's own rule (this year, the last or the next) is stricter than the general range
    assert ok(body, "createPlan") == {
        "__typename": "ValidationError", "code": "plan.year", "field": "year"
    }


async def test_setup_periods_of_this_year_still_works(client, world):
    body = await gql(client, SETUP, {"a": str(world.agencies["dinkes"].id), "y": YEAR},
                     token=world.central.token, lang="en")

    assert ok(body, "setupPeriods")["__typename"] == "PeriodSetup"


ASSIGN = (
    "mutation($input: AssignPositionInput!) { assignPosition(input: $input) {"
    " __typename ... on ValidationError { code field } } }"
)


@pytest.mark.parametrize(("field", "day"), [("startDate", "0001-01-01"),
                                            ("startDate", "9999-12-31"),
                                            ("endDate", "2101-01-01")])
async def test_assignment_dates_out_of_range_are_refused(client, world, field, day):
    dates = {"startDate": f"{YEAR}-02-01", field: day}
    body = await gql(client, ASSIGN, {"input": {
        "employeeId": world.staff.id, "positionId": str(world.staff2.position.id),
        "kind": "PLT", **dates}}, token=world.central.token, lang="en")

    assert ok(body, "assignPosition") == {
        "__typename": "ValidationError", "code": "input.date", "field": field
    }
