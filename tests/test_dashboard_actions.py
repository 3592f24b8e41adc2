"""Agency dashboard figures a head acts on (issue 10 point 3): periodic and annual
evaluations apart and named so, IKI achievement per unit year to date, SKP without realisasi
in the last closed period, people with no SKP; a bounded number of statements."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kinerja_core.db import count_statements
from kinerja_core.domain.enums import (
    EvaluationKind,
    EvaluationStatus,
    PeriodStatus,
    Predikat,
    Rating,
)
from kinerja_core.models import Evaluation, Indicator, Realization, WorkResult
from tests.support import YEAR, gql, ok
from tests.test_evaluation import approved_plan, monthly_periods
from tests.test_statement_counts import add_staff

DASHBOARD = """
query($agencyId: ID!, $year: Int, $periodId: ID) {
  agencyDashboard(agencyId: $agencyId, year: $year, periodId: $periodId) {
    lastClosedPeriod { id number }
    totals { ...F }
    units { unit { name } ...F }
  }
}
fragment F on UnitSummary {
  evaluationsDone periodicEvaluationsDone annualEvaluationsDone
  indicatorsWithTarget indicatorsMeasured indicatorAchievement
  plansWithoutRealizationInLastClosedPeriod employeesWithoutPlan employees
}"""
UMUM = "Subbagian Umum dan Kepegawaian"


async def final(plan, rater, kind, period=None, predikat=Predikat.BAIK):
    await Evaluation.create(
        plan=plan,
        kind=kind,
        period=period,
        year=plan.year,
        rater=rater.employee,
        result_rating=Rating.SESUAI_EKSPEKTASI,
        behavior_rating=Rating.SESUAI_EKSPEKTASI,
        predikat=predikat,
        status=EvaluationStatus.FINAL,
        finalized_at=dt.datetime.now(dt.UTC),
    )


async def iki(plan, target, realized: dict):
    result = await WorkResult.create(plan=plan, description="Laporan kepegawaian")
    indicator = await Indicator.create(
        work_result=result,
        description="Laporan tepat waktu",
        target_value=Decimal(target),
        unit="dokumen",
    )
    for period, value in realized.items():
        await Realization.create(
            indicator=indicator,
            period=period,
            value=Decimal(value),
            recorded_by_id=plan.employee_id,
        )


async def scene(world):
    """January CLOSED, February OPEN. In Subbagian Umum: staff realised January (5) and
    February (8) of a target of 10; staff2 only February (10); the kasubag has no SKP."""
    periods = await monthly_periods(world, open_months=2)
    jan, feb = periods[0], periods[1]
    jan.status = PeriodStatus.CLOSED
    await jan.save()
    staff = await approved_plan(world, "staff", "kasubag", "sekretaris")
    staff2 = await approved_plan(world, "staff2", "kasubag", "sekretaris")
    await iki(staff, 10, {jan: 5, feb: 8})
    await iki(staff2, 10, {feb: 10})
    await final(staff, world.kasubag, EvaluationKind.PERIODIC, jan)
    await final(staff2, world.kasubag, EvaluationKind.PERIODIC, jan)
    await final(staff, world.kasubag, EvaluationKind.PERIODIC, feb)
    last_year = await approved_plan(world, "staff", "kasubag", "sekretaris", YEAR - 1)
    await final(last_year, world.kasubag, EvaluationKind.ANNUAL)  # another year: not counted
    await final(staff2, world.kasubag, EvaluationKind.ANNUAL)
    return jan, feb


async def dashboard(client, world, period=None, person=None):
    variables = {"agencyId": str(world.agencies["dinkes"].id), "year": YEAR}
    if period is not None:
        variables["periodId"] = str(period.id)
    body = await gql(client, DASHBOARD, variables, token=(person or world.head).token)
    return ok(body, "agencyDashboard")


async def test_year_view_names_periodic_and_annual_evaluations_apart(client, world):
    jan, _ = await scene(world)
    data = await dashboard(client, world)
    umum = next(u for u in data["units"] if u["unit"]["name"] == UMUM)
    assert umum["evaluationsDone"] == 1  # the year view's old figure: annual ones only
    assert (umum["periodicEvaluationsDone"], umum["annualEvaluationsDone"]) == (3, 1)
    assert (data["totals"]["periodicEvaluationsDone"], data["totals"]["annualEvaluationsDone"]) == (
        3,
        1,
    )


async def test_period_view_counts_that_periods_evaluations(client, world):
    jan, feb = await scene(world)
    umum = next(
        u for u in (await dashboard(client, world, jan))["units"] if u["unit"]["name"] == UMUM
    )
    assert (umum["evaluationsDone"], umum["periodicEvaluationsDone"]) == (2, 2)
    assert umum["annualEvaluationsDone"] == 1
    umum = next(
        u for u in (await dashboard(client, world, feb))["units"] if u["unit"]["name"] == UMUM
    )
    assert (umum["evaluationsDone"], umum["periodicEvaluationsDone"]) == (1, 1)


async def test_iki_achievement_year_to_date_per_unit(client, world):
    await scene(world)
    data = await dashboard(client, world)
    umum = next(u for u in data["units"] if u["unit"]["name"] == UMUM)
    # latest realisasi: staff 8/10 = 80 %, staff2 10/10 = 100 % -> mean 90 %
    assert (umum["indicatorsWithTarget"], umum["indicatorsMeasured"]) == (2, 2)
    assert Decimal(umum["indicatorAchievement"]) == Decimal("90.00")
    others = [u for u in data["units"] if u["unit"]["name"] != UMUM]
    assert all(u["indicatorAchievement"] is None for u in others)
    assert Decimal(data["totals"]["indicatorAchievement"]) == Decimal("90.00")


async def test_skp_without_realisasi_in_the_last_closed_period(client, world):
    jan, _ = await scene(world)
    data = await dashboard(client, world)
    assert data["lastClosedPeriod"] == {"id": str(jan.id), "number": 1}
    umum = next(u for u in data["units"] if u["unit"]["name"] == UMUM)
    assert umum["plansWithoutRealizationInLastClosedPeriod"] == 1  # staff2
    assert data["totals"]["plansWithoutRealizationInLastClosedPeriod"] == 1


async def test_nothing_closed_yet_gives_null_not_zero(client, world):
    await monthly_periods(world, open_months=2)
    await approved_plan(world, "staff", "kasubag", "sekretaris")
    data = await dashboard(client, world)
    assert data["lastClosedPeriod"] is None
    assert {u["plansWithoutRealizationInLastClosedPeriod"] for u in data["units"]} == {None}


async def test_people_with_no_skp(client, world):
    await scene(world)
    data = await dashboard(client, world)
    by_name = {u["unit"]["name"]: u for u in data["units"]}
    assert by_name[UMUM]["employeesWithoutPlan"] == 1  # the kasubag
    assert by_name[UMUM]["employees"] == 3
    # every other Dinas Kesehatan employee has no SKP this year: head, sekretaris, admin,
    # kabid, staff_p2p, and the kasubag
    assert data["totals"]["employeesWithoutPlan"] == 6


async def test_another_agencys_head_cannot_read_it(client, world):
    await scene(world)
    body = await gql(
        client,
        DASHBOARD,
        {"agencyId": str(world.agencies["dinkes"].id)},
        token=world.disdik_head.token,
    )
    assert body["errors"][0]["extensions"]["code"] == "access.agency"


async def test_the_new_figures_take_as_many_statements_for_200_as_for_10(client, world):
    jan, _ = await scene(world)

    async def count() -> tuple[int, dict]:
        with count_statements() as log:
            data = await dashboard(client, world, jan)
        return len(log.statements), data

    await add_staff(world, jan, 0, 10)
    few, data = await count()
    umum = next(u for u in data["units"] if u["unit"]["name"] == UMUM)
    assert umum["periodicEvaluationsDone"] == 12
    await add_staff(world, jan, 10, 190)
    many, data = await count()
    umum = next(u for u in data["units"] if u["unit"]["name"] == UMUM)
    assert umum["periodicEvaluationsDone"] == 202
    assert umum["indicatorsWithTarget"] == 2 + 200 * 2
    assert few == many


LISTS = """
query($agencyId: ID!, $unitId: ID, $first: Int, $after: String) {
  agencyDashboard(agencyId: $agencyId) {
    employeesWithoutPlan(unitId: $unitId, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } nodes { id }
    }
    plansWithoutRealizationInLastClosedPeriod(unitId: $unitId) {
      totalCount nodes { id employee { id } }
    }
  }
}"""


async def lists(client, world, lang="en", **variables):
    variables["agencyId"] = str(world.agencies["dinkes"].id)
    return await gql(client, LISTS, variables, token=world.head.token, lang=lang)


async def test_the_head_gets_the_names_behind_the_counts(client, world):
    await scene(world)
    umum = str(world.units["umum"].id)
    data = ok(await lists(client, world, unitId=umum), "agencyDashboard")
    assert [n["id"] for n in data["employeesWithoutPlan"]["nodes"]] == [world.kasubag.id]
    missing = data["plansWithoutRealizationInLastClosedPeriod"]
    assert [n["employee"]["id"] for n in missing["nodes"]] == [world.staff2.id]
    everyone = ok(await lists(client, world), "agencyDashboard")["employeesWithoutPlan"]
    assert everyone["totalCount"] == 6
    seen, after = [], None
    while True:  # paged like every connection
        page = ok(await lists(client, world, first=4, after=after), "agencyDashboard")
        page = page["employeesWithoutPlan"]
        seen += [n["id"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert sorted(seen) == sorted(n["id"] for n in everyone["nodes"]) and len(seen) == 6


async def test_no_closed_period_gives_no_list(client, world):
    await monthly_periods(world, open_months=2)
    data = ok(await lists(client, world), "agencyDashboard")
    assert data["plansWithoutRealizationInLastClosedPeriod"] is None


async def test_a_unit_of_another_agency_is_a_field_error(client, world):
    await scene(world)
    for lang, word in (("en", "not part of the chosen agency"), ("id", "bukan bagian")):
        body = await lists(client, world, lang=lang, unitId=str(world.units["disdik"].id))
        error = body["errors"][0]
        assert (error["extensions"]["field"], error["extensions"]["code"]) == (
            "unitId",
            "dashboard.unit_mismatch",
        )
        assert word in error["message"]
    body = await lists(client, world, unitId="x")
    assert body["errors"][0]["extensions"]["field"] == "unitId"
