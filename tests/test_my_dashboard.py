"""My dashboard (services/my_dashboard.py): as many statements for one SKP as for several with
many evaluations and SKPs to review, and the same SKPs as the general edges read them."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from kinerja_core.db import count_statements
from kinerja_core.domain.enums import (
    EvaluationKind,
    EvaluationStatus,
    FeedbackTarget,
    PeriodKind,
    PeriodStatus,
    PlanForm,
    PlanStatus,
    Predikat,
    Rating,
)
from kinerja_core.models import (
    Evaluation,
    Feedback,
    Indicator,
    PerformancePlan,
    Period,
    Realization,
    WorkResult,
)
from tests.support import YEAR, gql, ok

MY_DASHBOARD = (
    Path(__file__).resolve().parents[1] / "schema" / "operations" / "my_dashboard.graphql"
).read_text()

PLAN_FIELDS = """
  id status year form approach
  rater { name }
  progress { indicators indicatorsRealized realizations feedback }
  evaluations { kind predikat status period { label } }
"""
# the same SKPs through the general edges (Employee.plans: the reader's loaders, ORM rows)
MY_PLANS = "query Mine($year: Int) { me { employee { plans(year: $year) { %s } } } }" % PLAN_FIELDS


async def periods(world, count: int) -> list[Period]:
    agency_id = world.units["umum"].agency_id
    made = []
    for number in range(1, count + 1):
        made.append(
            await Period.create(
                agency_id=agency_id, year=YEAR, kind=PeriodKind.MONTHLY, number=number,
                start_date=dt.date(YEAR, number, 1), end_date=dt.date(YEAR, number, 28),
                status=PeriodStatus.OPEN,
            )
        )
    return made


async def own_plan(world, person, rater, evaluated: list[Period]) -> PerformancePlan:
    """An SKP of ``person`` rated by ``rater`` with progress and an evaluation per period
    (newest period first, so the answer's order is the periods', not the rows')."""
    unit = world.units["umum"]
    plan = await PerformancePlan.create(
        employee=person.employee, position=person.position, agency_id=unit.agency_id, unit=unit,
        year=YEAR, form=PlanForm.JA_JF, status=PlanStatus.APPROVED,
        period_start=dt.date(YEAR, 1, 1), period_end=dt.date(YEAR, 12, 31),
        rater=rater.employee, rater_position=rater.position,
    )
    result = await WorkResult.create(plan=plan, description="Hasil")
    indicator = await Indicator.create(
        work_result=result, description="IKI", target_value=Decimal(10), unit="dokumen"
    )
    for period in evaluated:
        realization = await Realization.create(
            indicator=indicator, period=period, value=Decimal(3), recorded_by=person.employee
        )
        await Feedback.create(
            plan=plan, author=rater.employee, target=FeedbackTarget.REALIZATION,
            realization=realization, period=period, text="Bagus",
        )
    for period in reversed(evaluated):
        await Evaluation.create(
            plan=plan, kind=EvaluationKind.PERIODIC, period=period, year=YEAR,
            rater=rater.employee, result_rating=Rating.SESUAI_EKSPEKTASI,
            behavior_rating=Rating.SESUAI_EKSPEKTASI, predikat=Predikat.BAIK,
            status=EvaluationStatus.FINAL, finalized_at=dt.datetime.now(dt.UTC),
        )
    await Evaluation.create(
        plan=plan, kind=EvaluationKind.ANNUAL, year=YEAR, rater=rater.employee,
        result_rating=Rating.DI_ATAS_EKSPEKTASI, behavior_rating=Rating.SESUAI_EKSPEKTASI,
        predikat=Predikat.BAIK, status=EvaluationStatus.DRAFT,
    )
    return plan


async def to_review(world, person, rater) -> None:
    unit = world.units["umum"]
    await PerformancePlan.create(
        employee=person.employee, position=person.position, agency_id=unit.agency_id, unit=unit,
        year=YEAR, form=PlanForm.JA_JF, status=PlanStatus.SUBMITTED,
        period_start=dt.date(YEAR, 1, 1), period_end=dt.date(YEAR, 12, 31),
        rater=rater.employee, rater_position=rater.position,
        submitted_at=dt.datetime(YEAR, 2, 3, 4, 5, 6, tzinfo=dt.UTC),
    )


async def dashboard(client, person) -> tuple[int, dict]:
    with count_statements() as log:
        answer = ok(await gql(client, MY_DASHBOARD, {"year": YEAR}, token=person.token))
    return len(log.statements), answer


async def test_my_dashboard_makes_as_many_statements_for_several_plans_as_for_one(client, world):
    viewer, rater = world.kasubag, world.sekretaris
    made = await periods(world, 4)
    await own_plan(world, viewer, rater, made[:1])
    await to_review(world, world.staff, viewer)
    one, answer = await dashboard(client, viewer)
    (plan,) = answer["myDashboard"]["plans"]
    assert plan["progress"] == {
        "indicators": 1, "indicatorsRealized": 1, "realizations": 1, "feedback": 1
    }
    assert [e["kind"] for e in plan["evaluations"]] == ["PERIODIC", "ANNUAL"]
    assert len(answer["myDashboard"]["plansToReview"]) == 1

    for _ in range(3):
        await own_plan(world, viewer, rater, made)
    await to_review(world, world.staff2, viewer)
    several, answer = await dashboard(client, viewer)
    plans = answer["myDashboard"]["plans"]
    assert len(plans) == 4 and [p["id"] for p in plans] == sorted(
        (p["id"] for p in plans), key=int, reverse=True
    )
    labels = [e["period"]["label"] for e in plans[0]["evaluations"] if e["period"]]
    assert len(labels) == 4 and len(set(labels)) == 4
    assert plans[0]["evaluations"][-1]["kind"] == "ANNUAL"
    assert [p["employee"]["nip"] for p in answer["myDashboard"]["plansToReview"]] == [
        world.staff.employee.nip, world.staff2.employee.nip
    ]
    assert several == one

    # the read model answers what the general edges answer, byte for byte
    general = ok(await gql(client, MY_PLANS, {"year": YEAR}, token=viewer.token))
    assert json.dumps(plans) == json.dumps(general["me"]["employee"]["plans"])


async def test_my_dashboard_shows_the_rater_only_their_plans_to_review(client, world):
    await to_review(world, world.staff, world.kasubag)
    _, staff = await dashboard(client, world.staff)
    assert staff["myDashboard"]["plansToReview"] == []
    _, sekretaris = await dashboard(client, world.sekretaris)
    assert sekretaris["myDashboard"]["plansToReview"] == []
    _, kasubag = await dashboard(client, world.kasubag)
    assert [p["employee"]["name"] for p in kasubag["myDashboard"]["plansToReview"]] == [
        world.staff.employee.name
    ]
