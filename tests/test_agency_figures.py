"""The agency dashboard's kept figures (services/figures.py, issue 14) are never stale.

Random writes through the API (realisasi recorded and corrected, evaluations drafted and
finalised, a period closed): before each write the figures are kept, after it the dashboard
must show what a fresh computation shows. A kept read makes fewer statements than a computing
one, and as many for 200 employees as for 10.
"""

from __future__ import annotations

import random

from kinerja_core.db import count_statements
from kinerja_core.services import audit
from tests.support import YEAR, gql, ok
from tests.test_dashboard_actions import UMUM, scene
from tests.test_statement_counts import add_staff

RECORD = """
mutation($input: RecordRealizationInput!) {
  recordRealization(input: $input) { __typename ... on UserError { code message } }
}"""
EVALUATE = """
mutation($input: EvaluateInput!) {
  evaluate(input: $input) { __typename ... on Evaluation { id } ... on UserError { code message } }
}"""
FINALIZE = """
mutation($id: ID!) {
  finalizeEvaluation(id: $id) { __typename ... on UserError { code message } }
}"""
CLOSE = """
mutation($id: ID!) { closePeriod(id: $id) { __typename ... on UserError { code message } } }"""
INDICATORS = """
query($id: ID!) { plan(id: $id) { workResults { indicators { id } } } }"""
FULL = """
query($agencyId: ID!, $year: Int, $periodId: ID) {
  agencyDashboard(agencyId: $agencyId, year: $year, periodId: $periodId) {
    lastClosedPeriod { id number }
    employeesWithoutPlan { totalCount nodes { id } }
    plansWithoutRealizationInLastClosedPeriod { totalCount nodes { id } }
    totals { ...F }
    units { unit { name } ...F plansApproved plansWithRealization predikatDistribution { count } }
  }
}
fragment F on UnitSummary {
  evaluationsDone periodicEvaluationsDone annualEvaluationsDone
  indicatorsWithTarget indicatorsMeasured indicatorAchievement
  plansWithoutRealizationInLastClosedPeriod employeesWithoutPlan employees
}"""


async def _read(client, world, period=None) -> dict:
    variables = {"agencyId": str(world.agencies["dinkes"].id), "year": YEAR}
    if period is not None:
        variables["periodId"] = str(period.id)
    return ok(await gql(client, FULL, variables, token=world.head.token), "agencyDashboard")


async def _fresh(client, world, period=None) -> dict:
    await audit.forget_kept()
    return await _read(client, world, period)


def _done(body: dict, name: str) -> dict:
    result = ok(body, name)
    assert "code" not in result, result
    return result


async def test_kept_figures_equal_a_fresh_computation_after_random_writes(client, world):
    jan, feb = await scene(world)
    from kinerja_core.models import PerformancePlan

    plans = {
        who: await PerformancePlan.get(employee=world.people[who].employee, year=YEAR)
        for who in ("staff", "staff2")
    }
    indicators = {}
    for who, plan in plans.items():
        body = await gql(client, INDICATORS, {"id": str(plan.id)}, token=world.people[who].token)
        indicators[who] = [
            i["id"] for w in ok(body, "plan")["workResults"] for i in w["indicators"]
        ]
    rng = random.Random(14)
    evaluated: set[str] = set()
    closed = False
    changes = 0
    for step in range(24):
        # every view kept before the write
        before = [await _read(client, world, period) for period in (None, jan, feb)]
        kind = rng.choice(["realisasi", "realisasi", "evaluate"] + ["close"] * (step >= 16))
        who = rng.choice(["staff", "staff2"])
        if kind == "realisasi" and not closed:
            _done(
                await gql(
                    client,
                    RECORD,
                    {
                        "input": {
                            "indicatorId": rng.choice(indicators[who]),
                            "periodId": str(feb.id),
                            "value": str(rng.randint(0, 20)),
                        }
                    },
                    token=world.people[who].token,
                ),
                "recordRealization",
            )
        elif kind == "evaluate" and not evaluated:
            who = "staff2"  # staff's February evaluation is final already (scene)
            evaluation = _done(
                await gql(
                    client,
                    EVALUATE,
                    {
                        "input": {
                            "planId": str(plans[who].id),
                            "periodId": str(feb.id),
                            "behaviorRating": "DI_ATAS_EKSPEKTASI",
                            "resultRating": "DI_ATAS_EKSPEKTASI",
                        }
                    },
                    token=world.kasubag.token,
                ),
                "evaluate",
            )
            _done(
                await gql(client, FINALIZE, {"id": evaluation["id"]}, token=world.kasubag.token),
                "finalizeEvaluation",
            )
            evaluated.add(who)
        elif kind == "close" and not closed:
            _done(
                await gql(client, CLOSE, {"id": str(feb.id)}, token=world.admin.token),
                "closePeriod",
            )
            closed = True
        else:
            continue
        after = []
        for period in (None, jan, feb):
            after.append(await _read(client, world, period))
            assert after[-1] == await _fresh(client, world, period), (kind, period)
        changes += after != before
    assert changes >= 8  # the writes did move the figures
    assert closed and evaluated


async def test_a_kept_read_is_cheaper_and_does_not_grow(client, world):
    jan, _ = await scene(world)

    async def statements() -> tuple[int, int, dict]:
        await audit.forget_kept()
        with count_statements() as computing:
            first = await _read(client, world, jan)
        with count_statements() as keeping:
            second = await _read(client, world, jan)
        assert first == second
        return len(computing.statements), len(keeping.statements), second

    await add_staff(world, jan, 0, 10)
    computing_10, kept_10, data = await statements()
    umum = next(u for u in data["units"] if u["unit"]["name"] == UMUM)
    assert umum["periodicEvaluationsDone"] == 12
    await add_staff(world, jan, 10, 190)
    computing_200, kept_200, data = await statements()
    umum = next(u for u in data["units"] if u["unit"]["name"] == UMUM)
    assert umum["periodicEvaluationsDone"] == 202
    assert kept_10 == kept_200 < computing_10 == computing_200
