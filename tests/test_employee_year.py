"""An employee with several SKP in a year (mutasi): the yearly predikat by the configured
rule with the SKP that gave it, and the angka kredit summed over the SKP and over the years
(issue 10 points 2 and 5)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kinerja_core.domain.enums import PositionType
from kinerja_core.models import Assignment, AuditEntry, Position
from tests.support import YEAR, gql, ok
from tests.test_evaluation import approved_plan, evaluate, finalize, monthly_periods

YEAR_Q = """
query($id: ID!, $year: Int!) {
  employeeYear(employeeId: $id, year: $year) {
    year rule predikat months creditPoints chosenPlanId employee { id }
    plans { planId periodStart periodEnd months predikat creditPoints creditSource
            plan { id } annualEvaluation { id predikat } }
  }
}"""
HISTORY_Q = """
query($id: ID!) {
  creditPointHistory(employeeId: $id) {
    year creditPoints cumulative plans { planId months creditPoints creditSource }
  }
}"""
SB = ("DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI")  # behaviour, result -> SANGAT_BAIK
B = ("SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI")  # -> BAIK


async def mutasi_year(world, cut: tuple[int, int], year: int = YEAR):
    """staff_p2p: an Ahli Pertama SKP in P2P until the day before ``cut`` (rated by kabid),
    then an Ahli Muda SKP in Subbagian Umum (rated by kasubag) to the end of the year."""
    first = await approved_plan(world, "staff_p2p", "kabid", "head", year)
    cut_day = dt.date(year, *cut)
    first.period_end = cut_day - dt.timedelta(days=1)
    await first.save()
    muda = await Position.create(
        agency_id=world.units["umum"].agency_id,
        unit=world.units["umum"],
        name="Analis SDM Aparatur Ahli Muda",
        type=PositionType.FUNGSIONAL,
        level="AHLI_MUDA",
        reports_to=world.kasubag.position,
    )
    second = await approved_plan(world, "staff_p2p", "kasubag", "sekretaris", year)
    second.position, second.unit_id = muda, muda.unit_id
    second.period_start = cut_day
    await second.save()
    return first, second


async def rate_annual(client, token, plan, ratings):
    draft = await evaluate(client, token, plan, *ratings)
    first_try = await finalize(client, token, draft["id"])
    return first_try["evaluation"]


async def read_year(client, person, employee, year=YEAR, lang="en"):
    return await gql(
        client, YEAR_Q, {"id": employee.id, "year": year}, token=person.token, lang=lang
    )


async def test_two_skp_most_months_gives_the_longer_ones_predikat(client, world):
    await monthly_periods(world, open_months=12)
    first, second = await mutasi_year(world, (5, 1))  # Jan-Apr (4), May-Dec (8)
    await rate_annual(client, world.kabid.token, first, SB)
    await rate_annual(client, world.kasubag.token, second, B)
    year = ok(await read_year(client, world.staff_p2p, world.staff_p2p), "employeeYear")
    assert year["rule"] == "MOST_MONTHS"
    assert (year["predikat"], year["chosenPlanId"]) == ("BAIK", str(second.id))
    assert year["months"] == 12
    plans = {p["planId"]: p for p in year["plans"]}
    assert [p["planId"] for p in year["plans"]] == [str(first.id), str(second.id)]
    assert (plans[str(first.id)]["months"], plans[str(first.id)]["predikat"]) == (4, "SANGAT_BAIK")
    assert (plans[str(second.id)]["months"], plans[str(second.id)]["predikat"]) == (8, "BAIK")
    # angka kredit: Ahli Pertama 150% x 12.5 x 4/12 + Ahli Muda 100% x 25 x 8/12
    assert Decimal(plans[str(first.id)]["creditPoints"]) == Decimal("6.25")
    assert Decimal(plans[str(second.id)]["creditPoints"]) == Decimal("16.667")
    assert Decimal(year["creditPoints"]) == Decimal("22.917")
    assert {p["creditSource"] for p in year["plans"]} == {"ANNUAL"}
    assert plans[str(second.id)]["annualEvaluation"]["predikat"] == "BAIK"


async def test_the_longer_first_skp_wins_under_most_months(client, world):
    await monthly_periods(world, open_months=12)
    first, second = await mutasi_year(world, (10, 1))  # Jan-Sep (9), Oct-Dec (3)
    await rate_annual(client, world.kabid.token, first, SB)
    await rate_annual(client, world.kasubag.token, second, B)
    year = ok(await read_year(client, world.head, world.staff_p2p), "employeeYear")
    assert (year["predikat"], year["chosenPlanId"]) == ("SANGAT_BAIK", str(first.id))


class TestLatestRule:
    @pytest.fixture
    def settings(self, settings):
        return settings.replace(yearly_predikat_rule="LATEST")

    async def test_latest_takes_the_skp_in_force_last(self, client, world):
        await monthly_periods(world, open_months=12)
        first, second = await mutasi_year(world, (10, 1))
        await rate_annual(client, world.kabid.token, first, SB)
        await rate_annual(client, world.kasubag.token, second, B)
        year = ok(await read_year(client, world.staff_p2p, world.staff_p2p), "employeeYear")
        assert year["rule"] == "LATEST"
        assert (year["predikat"], year["chosenPlanId"]) == ("BAIK", str(second.id))


async def test_the_yearly_predikat_waits_for_the_chosen_skp(client, world):
    await monthly_periods(world, open_months=12)
    first, second = await mutasi_year(world, (5, 1))
    await rate_annual(client, world.kabid.token, first, SB)
    draft = await evaluate(client, world.kasubag.token, second, *B)  # not final
    assert draft["status"] == "DRAFT"
    year = ok(await read_year(client, world.staff_p2p, world.staff_p2p), "employeeYear")
    assert (year["predikat"], year["chosenPlanId"]) == (None, str(second.id))
    plans = {p["planId"]: p for p in year["plans"]}
    assert plans[str(second.id)]["creditSource"] == "NONE"
    assert plans[str(second.id)]["creditPoints"] is None
    assert Decimal(year["creditPoints"]) == Decimal("6.25")


async def test_periodic_credits_count_until_the_annual_one_is_final(client, world):
    periods = await monthly_periods(world, open_months=12)
    first, _ = await mutasi_year(world, (5, 1))
    for period in periods[:2]:
        draft = await evaluate(client, world.kabid.token, first, *B, period=period)
        await finalize(client, world.kabid.token, draft["id"])
    year = ok(await read_year(client, world.staff_p2p, world.staff_p2p), "employeeYear")
    plans = {p["planId"]: p for p in year["plans"]}
    assert plans[str(first.id)]["creditSource"] == "PERIODIC"
    assert Decimal(plans[str(first.id)]["creditPoints"]) == Decimal("2.084")  # 2 x 1.042
    assert year["predikat"] is None


async def test_credit_history_sums_each_year_and_runs_a_total(client, world):
    await monthly_periods(world, open_months=12)
    last_year = await approved_plan(world, "staff_p2p", "kabid", "head", YEAR - 1)
    await rate_annual(client, world.kabid.token, last_year, B)  # 12.5
    first, second = await mutasi_year(world, (5, 1))
    await rate_annual(client, world.kabid.token, first, SB)  # 6.25
    await rate_annual(client, world.kasubag.token, second, B)  # 16.667
    history = ok(
        await gql(client, HISTORY_Q, {"id": world.staff_p2p.id}, token=world.staff_p2p.token),
        "creditPointHistory",
    )
    assert [h["year"] for h in history] == [YEAR - 1, YEAR]
    assert [Decimal(h["creditPoints"]) for h in history] == [Decimal("12.5"), Decimal("22.917")]
    assert [Decimal(h["cumulative"]) for h in history] == [Decimal("12.5"), Decimal("35.417")]
    assert [len(h["plans"]) for h in history] == [1, 2]


async def test_an_unrated_or_non_functional_employee_has_zero_credit(client, world):
    history = ok(
        await gql(client, HISTORY_Q, {"id": world.staff.id}, token=world.staff.token),
        "creditPointHistory",
    )
    assert history == []
    await approved_plan(world, "staff", "kasubag", "sekretaris")
    year = ok(await read_year(client, world.staff, world.staff), "employeeYear")
    assert Decimal(year["creditPoints"]) == 0
    assert year["predikat"] is None and len(year["plans"]) == 1


async def test_only_who_may_read_the_employee_reads_their_year(client, world):
    await mutasi_year(world, (5, 1))
    for person in (world.staff2, world.disdik_head, world.disdik_admin):
        body = await read_year(client, person, world.staff_p2p)
        assert body["errors"][0]["extensions"]["code"] == "access.denied", person
        body = await gql(client, HISTORY_Q, {"id": world.staff_p2p.id}, token=person.token)
        assert body["errors"][0]["extensions"]["code"] == "access.denied"
    for person in (world.staff_p2p, world.kabid, world.head, world.admin, world.central):
        ok(await read_year(client, person, world.staff_p2p), "employeeYear")


async def test_bad_year_and_unknown_employee_are_field_errors(client, world):
    body = await read_year(client, world.central, world.staff_p2p, year=20260, lang="id")
    error = body["errors"][0]
    assert (error["extensions"]["field"], error["extensions"]["code"]) == ("year", "yearly.year")
    assert "Tahun" in error["message"]
    body = await gql(client, YEAR_Q, {"id": "999999", "year": YEAR}, token=world.central.token)
    assert body["errors"][0]["extensions"]["field"] == "employeeId"
    body = await gql(client, YEAR_Q, {"id": "abc", "year": YEAR}, token=world.central.token)
    assert body["errors"][0]["extensions"]["field"] == "employeeId"


ASSIGN = """
mutation($input: AssignPositionInput!) { assignPosition(input: $input) {
  __typename ... on Assignment { id } ... on UserError { code message } } }"""
END = """
mutation($id: ID!, $endDate: Date!) { endAssignment(id: $id, endDate: $endDate) {
  __typename ... on UserError { code message } } }"""


async def test_a_mutasi_ends_the_approved_skp_of_the_position_left(client, world):
    plan = await approved_plan(world, "staff_p2p", "kabid", "head")  # Jan-Dec
    muda = await Position.create(
        agency_id=world.units["umum"].agency_id,
        unit=world.units["umum"],
        name="Analis SDM Aparatur Ahli Muda",
        type=PositionType.FUNGSIONAL,
        level="AHLI_MUDA",
        reports_to=world.kasubag.position,
    )
    body = await gql(
        client,
        ASSIGN,
        {
            "input": {
                "employeeId": world.staff_p2p.id,
                "positionId": str(muda.id),
                "startDate": dt.date(YEAR, 5, 1).isoformat(),
                "kind": "DEFINITIF",
            }
        },
        token=world.admin.token,
    )
    assert ok(body, "assignPosition")["__typename"] == "Assignment"
    await plan.refresh_from_db()
    assert (plan.period_start, plan.period_end) == (dt.date(YEAR, 1, 1), dt.date(YEAR, 4, 30))
    assert plan.status == "APPROVED"  # still rated (annual evaluation) by its own rater
    entry = await AuditEntry.filter(action="plan.end_on_mutasi").get()
    assert (entry.entity_id, entry.before["period_end"], entry.after["period_end"]) == (
        str(plan.id),
        f"{YEAR}-12-31",
        f"{YEAR}-04-30",
    )
    year = ok(await read_year(client, world.staff_p2p, world.staff_p2p), "employeeYear")
    assert [p["months"] for p in year["plans"]] == [4]


async def test_retirement_ends_the_approved_skp(client, world):
    plan = await approved_plan(world, "staff_p2p", "kabid", "head")
    assignment = await Assignment.get(employee_id=world.staff_p2p.employee.id)
    body = await gql(
        client,
        END,
        {"id": str(assignment.id), "endDate": dt.date(YEAR, 8, 31).isoformat()},
        token=world.admin.token,
    )
    assert not body.get("errors"), body
    await plan.refresh_from_db()
    assert plan.period_end == dt.date(YEAR, 8, 31)


async def test_an_skp_of_the_agency_left_shows_figures_but_not_the_skp(client, world):
    await monthly_periods(world, open_months=12)
    first = await approved_plan(world, "staff_p2p", "kabid", "head")
    first.period_end = dt.date(YEAR, 6, 30)
    await first.save()
    await rate_annual(client, world.kabid.token, first, SB)
    second = await approved_plan(world, "disdik_staff", "disdik_head", "disdik_head")
    second.employee_id = world.staff_p2p.employee.id  # moved to Dinas Pendidikan on 1 July
    second.period_start = dt.date(YEAR, 7, 1)
    await second.save()
    employee = world.staff_p2p.employee
    employee.agency_id = world.agencies["disdik"].id
    await employee.save()
    year = ok(await read_year(client, world.disdik_head, world.staff_p2p), "employeeYear")
    plans = {p["planId"]: p for p in year["plans"]}
    assert plans[str(first.id)]["predikat"] == "SANGAT_BAIK"  # the figure is shown
    assert plans[str(first.id)]["plan"] is None  # the other agency's SKP is not
    assert plans[str(first.id)]["annualEvaluation"] is None
    assert plans[str(second.id)]["plan"] == {"id": str(second.id)}


YEAR_PLANS_Q = """
query($id: ID!, $year: Int!) {
  employeeYear(employeeId: $id, year: $year) {
    predikat creditPoints employee { name }
    plans { planId predikat creditSource plan { id status position { name } unit { name } }
            annualEvaluation { id predikat finalizedAt } }
  }
}"""
# session, employee, the viewer's scope, SKP, evaluations, their positions and units
YEAR_STATEMENTS = 6


async def test_the_year_reads_as_many_statements_for_two_skp_as_for_one(client, world):
    """The year's SKP, their evaluations, positions and units are read once each as plain
    rows before the fields run (branch personreads), whatever the number of SKP."""
    from kinerja_core.db import count_statements

    await monthly_periods(world, open_months=12)
    # one SKP last year, rated below the head as the second one this year (the scope is read)
    await approved_plan(world, "staff_p2p", "kasubag", "sekretaris", YEAR - 1)
    first, second = await mutasi_year(world, (7, 1))  # two this year, both rated
    await rate_annual(client, world.kabid.token, first, SB)
    await rate_annual(client, world.kasubag.token, second, B)
    counted = []
    # the first read walks and keeps the head's subtree (auth/subtree.py): counted apart
    await gql(
        client, YEAR_PLANS_Q, {"id": world.staff_p2p.id, "year": YEAR}, token=world.head.token
    )
    for year in (YEAR - 1, YEAR):
        with count_statements() as seen:
            body = await gql(
                client,
                YEAR_PLANS_Q,
                {"id": world.staff_p2p.id, "year": year},
                token=world.head.token,
            )
        plans = ok(body, "employeeYear", "plans")
        counted.append((len(plans), len(seen.statements)))
    assert plans[1]["annualEvaluation"]["predikat"] == "BAIK"
    assert plans[1]["plan"]["position"]["name"] == "Analis SDM Aparatur Ahli Muda"
    assert [n for n, _ in counted] == [1, 2]
    assert counted[0][1] == counted[1][1] <= YEAR_STATEMENTS, counted


async def test_the_reader_answers_a_judged_skp_and_its_own_rows_at_once(world, settings):
    """``Reader.one_now`` (branch personreads) answers an SKP, or a row carrying its SKP's id,
    without waiting once that SKP is judged, and answers what ``Reader.one`` answers: the row
    when readable, None when not; before the judgement it says NOT_READY."""
    from types import SimpleNamespace

    from kinerja_core.models import Evaluation, PerformancePlan
    from kinerja_core.services.accounts import viewer_for_token
    from kinerja_core.services.context import ServiceContext
    from kinerja_core.services.loaders import NOT_READY
    from kinerja_core.services.reader import Reader

    own = await approved_plan(world, "staff_p2p", "kabid", "head")
    other = await approved_plan(world, "staff2", "kasubag", "sekretaris")
    viewer = await viewer_for_token(world.staff_p2p.token, dt.datetime.now(dt.UTC))
    reader = Reader(ServiceContext(settings=settings, viewer=viewer))
    plans, evaluations = reader.loaders.by_id(PerformancePlan), reader.loaders.by_id(Evaluation)
    assert reader.one_now(PerformancePlan, own.id) is NOT_READY  # not at hand
    for plan in (own, other):
        plans.prime(plan.id, plan)
        evaluations.prime(plan.id + 1000, SimpleNamespace(id=plan.id + 1000, plan_id=plan.id))
    assert reader.one_now(PerformancePlan, own.id) is NOT_READY  # at hand, not judged
    assert reader.one_now(Evaluation, own.id + 1000) is NOT_READY
    await reader.keep(PerformancePlan, [own, other])
    assert reader.one_now(PerformancePlan, own.id) is own
    assert reader.one_now(PerformancePlan, other.id) is None
    assert reader.one_now(Evaluation, own.id + 1000).plan_id == own.id
    assert reader.one_now(Evaluation, other.id + 1000) is None
    assert await reader.one(PerformancePlan, other.id) is None  # the same answer
    assert await reader.one(Evaluation, own.id + 1000) is not None
