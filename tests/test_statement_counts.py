"""The number of SQL statements of the team view and the agency dashboard does not depend on
how many employees there are: every list loads through per-request DataLoaders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kinerja_core.db import count_statements
from kinerja_core.domain.enums import (
    AssignmentKind,
    EmployeeKind,
    EvaluationKind,
    EvaluationStatus,
    FeedbackTarget,
    PeriodKind,
    PeriodStatus,
    PlanForm,
    PlanStatus,
    PositionType,
    Predikat,
    Rating,
)
from kinerja_core.models import (
    Assignment,
    Employee,
    Evaluation,
    Feedback,
    Indicator,
    PerformancePlan,
    Period,
    Position,
    Realization,
    WorkResult,
)
from kinerja_core.services import audit
from tests.support import YEAR, gql, ok

TEAM_VIEW = """
query Team($year: Int) {
  team(year: $year, first: 100) {
    totalCount
    edges { node {
      isDirectReport
      employee { nip name golongan pangkat agency { name } }
      position { name type unit { name } reportsTo { name } }
      plan {
        status approvedAt
        rater { name }
        progress { indicators indicatorsRealized realizations feedback }
        workResults { description indicators { description targetValue
          realizations { value period { number } } } }
        feedback { text }
        evaluations { predikat }
      }
      latestEvaluation { predikat resultRating behaviorRating }
    } }
  }
}
"""


@pytest.fixture
def settings(settings):
    # 100 members with their whole SKP: far above the default cost limit (docs/limits.md), on
    # purpose; these tests count statements, the limit has its own tests
    return settings.replace(max_query_cost=10_000_000)

AGENCY_DASHBOARD = """
query Dashboard($agencyId: ID!, $year: Int, $periodId: ID) {
  agencyDashboard(agencyId: $agencyId, year: $year, periodId: $periodId) {
    agency { name }
    totals { employees plansApproved evaluationsDone }
    units {
      unit { name parent { name } }
      employees plansApproved plansSubmitted plansDraft plansWithRealization evaluationsDone
      organizationRating
      predikatDistribution { predikat count }
      kurvaFindings { code message }
    }
  }
}
"""


async def open_period(world) -> Period:
    return await Period.create(
        agency_id=world.units["umum"].agency_id, year=YEAR, kind=PeriodKind.MONTHLY, number=1,
        start_date=dt.date(YEAR, 1, 1), end_date=dt.date(YEAR, 1, 31), status=PeriodStatus.OPEN,
    )


async def add_staff(world, period: Period, start: int, count: int) -> None:
    """``count`` employees under the kasubag, each with an approved SKP, two realisasi,
    feedback and a final evaluation in the period."""
    unit = world.units["umum"]
    boss = world.kasubag
    for i in range(start, start + count):
        position = await Position.create(
            agency_id=unit.agency_id, unit=unit, name=f"Staf {i}", type=PositionType.PELAKSANA,
            reports_to=boss.position,
        )
        employee = await Employee.create(
            nip=f"199001012015011{i:03d}", name=f"Staf {i}", kind=EmployeeKind.PNS,
            golongan="II/c", agency_id=unit.agency_id,
        )
        await Assignment.create(
            employee=employee, position=position, kind=AssignmentKind.DEFINITIF,
            start_date=dt.date(YEAR - 1, 1, 1),
        )
        plan = await PerformancePlan.create(
            employee=employee, position=position, agency_id=unit.agency_id, unit=unit,
            year=YEAR, form=PlanForm.JA_JF, status=PlanStatus.APPROVED,
            period_start=dt.date(YEAR, 1, 1), period_end=dt.date(YEAR, 12, 31),
            rater=boss.employee, rater_position=boss.position,
        )
        result = await WorkResult.create(plan=plan, description=f"Hasil {i}")
        for j in range(2):
            indicator = await Indicator.create(
                work_result=result, description=f"IKI {j}", target_value=Decimal(10), unit="dokumen"
            )
            realization = await Realization.create(
                indicator=indicator, period=period, value=Decimal(j + 1), recorded_by=employee
            )
        await Feedback.create(
            plan=plan, author=boss.employee, target=FeedbackTarget.REALIZATION,
            realization=realization, period=period, text="Bagus",
        )
        await Evaluation.create(
            plan=plan, kind=EvaluationKind.PERIODIC, period=period, year=YEAR,
            rater=boss.employee, result_rating=Rating.SESUAI_EKSPEKTASI,
            behavior_rating=Rating.SESUAI_EKSPEKTASI, predikat=Predikat.BAIK,
            status=EvaluationStatus.FINAL, finalized_at=dt.datetime.now(dt.UTC),
        )
    # written straight through the ORM, not through the audited services: the dashboard's
    # kept figures would not know (services/figures.py), so drop them as an import does
    await audit.forget_kept()


async def run_views(client, world, period: Period) -> tuple[int, int, dict, dict]:
    with count_statements() as team_log:
        team = await gql(client, TEAM_VIEW, {"year": YEAR}, token=world.head.token)
    with count_statements() as dash_log:
        dash = await gql(
            client,
            AGENCY_DASHBOARD,
            {"agencyId": str(world.agencies["dinkes"].id), "year": YEAR, "periodId": str(period.id)},
            token=world.head.token,
        )
    return len(team_log.statements), len(dash_log.statements), team, dash


def check_figures(team: dict, dash: dict, count: int) -> None:
    members = ok(team, "team")
    assert members["totalCount"] == count + 7  # plus the 7 people below the head in the world
    node = next(e["node"] for e in members["edges"] if e["node"]["plan"])
    assert node["plan"]["progress"] == {
        "indicators": 2, "indicatorsRealized": 2, "realizations": 2, "feedback": 1
    }
    assert node["latestEvaluation"]["predikat"] == "BAIK"
    units = {u["unit"]["name"]: u for u in ok(dash, "agencyDashboard", "units")}
    umum = units["Subbagian Umum dan Kepegawaian"]
    assert umum["plansApproved"] == count
    assert umum["evaluationsDone"] == count
    assert umum["plansWithRealization"] == count
    assert umum["employees"] == count + 3  # kasubag, staff, staff2


async def test_team_view_and_agency_dashboard_make_as_many_statements_for_200_as_for_10(
    client, world
):
    period = await open_period(world)
    await add_staff(world, period, 0, 10)
    team_10, dash_10, team, dash = await run_views(client, world, period)
    check_figures(team, dash, 10)

    await add_staff(world, period, 10, 190)
    team_200, dash_200, team, dash = await run_views(client, world, period)
    check_figures(team, dash, 200)

    assert (team_200, dash_200) == (team_10, dash_10)
