"""The team view through the API: who is in it, paging in SQL, direct reports, each line's parts.

The team view is a read model (services/team.py): the subtree is kept between org writes
(auth/subtree.py), its total is the kept list's length, a page is a slice of it, and each part
of a line comes from one statement for the page. These tests hold what it answers
against the world of tests/support.py (head -> sekretaris -> kasubag -> staff, staff2, admin;
head -> kabid -> staff_p2p).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kinerja_core.db import count_statements
from kinerja_core.domain.enums import (
    AssignmentKind,
    EvaluationKind,
    EvaluationStatus,
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
    Evaluation,
    Indicator,
    PerformancePlan,
    Period,
    Position,
    Realization,
    WorkResult,
)
from tests.support import YEAR, gql, ok

PAGE = """
query Team($first: Int, $after: String, $directOnly: Boolean, $year: Int) {
  team(first: $first, after: $after, directOnly: $directOnly, year: $year) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      isDirectReport
      employee { id name }
      position { name type unit { name } }
      plan { id status progress { indicators indicatorsRealized realizations feedback } }
      latestEvaluation { predikat resultRating period { number } }
    } }
  }
}
"""


async def all_pages(client, token: str, first: int, **variables) -> tuple[list[dict], set[int]]:
    nodes, totals, after = [], set(), None
    for _ in range(50):
        page = ok(
            await gql(client, PAGE, {"first": first, "after": after, **variables}, token=token),
            "team",
        )
        totals.add(page["totalCount"])
        nodes += [e["node"] for e in page["edges"]]
        assert len(page["edges"]) <= first
        if not page["pageInfo"]["hasNextPage"]:
            return nodes, totals
        after = page["pageInfo"]["endCursor"]
    raise AssertionError("the pages never end")


async def test_the_head_pages_through_the_whole_subtree_once(client, world):
    below_head = {"sekretaris", "kasubag", "staff", "staff2", "kabid", "staff_p2p", "admin"}
    nodes, totals = await all_pages(client, world.head.token, 2)
    assert totals == {7}
    ids = [int(n["employee"]["id"]) for n in nodes]
    assert ids == sorted(ids)  # by employee id, each once
    assert set(ids) == {getattr(world, k).employee.id for k in below_head}
    direct = {n["employee"]["id"] for n in nodes if n["isDirectReport"]}
    assert direct == {world.sekretaris.id, world.kabid.id}
    line = next(n for n in nodes if n["employee"]["id"] == world.staff_p2p.id)
    assert line["position"] == {
        "name": "Epidemiolog Kesehatan Ahli Pertama",
        "type": "FUNGSIONAL",
        "unit": {"name": "Bidang Pencegahan dan Pengendalian Penyakit"},
    }
    assert line["plan"] is None and line["latestEvaluation"] is None


async def test_direct_only_and_people_without_reports(client, world):
    nodes, totals = await all_pages(client, world.head.token, 100, directOnly=True)
    assert totals == {2}
    assert {n["employee"]["id"] for n in nodes} == {world.sekretaris.id, world.kabid.id}
    assert all(n["isDirectReport"] for n in nodes)
    nodes, totals = await all_pages(client, world.kasubag.token, 1)
    assert totals == {2}
    assert {n["employee"]["id"] for n in nodes} == {world.staff.id, world.staff2.id}
    nodes, totals = await all_pages(client, world.staff.token, 10)
    assert (nodes, totals) == ([], {0})
    # a cursor past the end: no lines, the total still right
    last = ok(await gql(client, PAGE, {"first": 100}, token=world.head.token), "team")
    past = ok(
        await gql(client, PAGE, {"after": last["pageInfo"]["endCursor"]}, token=world.head.token),
        "team",
    )
    assert (past["edges"], past["totalCount"], past["pageInfo"]["hasNextPage"]) == ([], 7, False)


async def test_a_line_shows_the_open_plan_its_progress_and_latest_final_evaluation(client, world):
    staff = world.staff
    unit = world.units["umum"]
    periods = [
        await Period.create(
            agency_id=unit.agency_id,
            year=YEAR,
            kind=PeriodKind.MONTHLY,
            number=n,
            start_date=dt.date(YEAR, n, 1),
            end_date=dt.date(YEAR, n, 28),
            status=PeriodStatus.OPEN,
        )  # fmt: skip
        for n in (2, 3, 4)
    ]
    period = periods[0]

    def plan(status: PlanStatus, year: int = YEAR) -> dict:
        return dict(
            employee=staff.employee, position=staff.position, agency_id=unit.agency_id,
            unit=unit, year=year, form=PlanForm.JA_JF, status=status,
            period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31),
            rater=world.kasubag.employee, rater_position=world.kasubag.position,
        )  # fmt: skip

    await PerformancePlan.create(**plan(PlanStatus.APPROVED, YEAR - 1))  # another year
    current = await PerformancePlan.create(**plan(PlanStatus.APPROVED))
    await PerformancePlan.create(**plan(PlanStatus.CLOSED))  # newer, but closed
    result = await WorkResult.create(plan=current, description="Hasil")
    for j in range(3):
        indicator = await Indicator.create(
            work_result=result, description=f"IKI {j}", target_value=Decimal(10), unit="dokumen"
        )
        if j:
            await Realization.create(
                indicator=indicator, period=period, value=Decimal(j), recorded_by=staff.employee
            )
    for predikat, status, evaluated in (
        (Predikat.BAIK, EvaluationStatus.FINAL, periods[0]),
        (Predikat.SANGAT_BAIK, EvaluationStatus.FINAL, periods[1]),
        (Predikat.KURANG, EvaluationStatus.DRAFT, periods[2]),  # newest, not final
    ):
        await Evaluation.create(
            plan=current, kind=EvaluationKind.PERIODIC, period=evaluated, year=YEAR,
            rater=world.kasubag.employee, result_rating=Rating.DI_ATAS_EKSPEKTASI,
            behavior_rating=Rating.SESUAI_EKSPEKTASI, predikat=predikat, status=status,
        )  # fmt: skip
    # an ended assignment and an acting one: the running definitive position is shown
    acting = await Position.create(
        agency_id=unit.agency_id, unit=world.units["p2p"], name="Plt Kepala Seksi",
        type=PositionType.PENGAWAS, reports_to=world.kabid.position,
    )  # fmt: skip
    await Assignment.create(
        employee=staff.employee,
        position=acting,
        kind=AssignmentKind.PLT,
        start_date=dt.date(YEAR - 1, 6, 1),
    )
    with count_statements() as log:
        nodes, _ = await all_pages(client, world.kasubag.token, 100, year=YEAR)
    # the latest evaluations come with their periods: no statement of their own (teamview)
    assert not any('FROM "period"' in s for s in log.statements), log.statements
    line = next(n for n in nodes if n["employee"]["id"] == staff.id)
    assert line["isDirectReport"] is True
    assert line["position"]["name"] == "Pengadministrasi Perkantoran"
    assert line["plan"] == {
        "id": str(current.id),
        "status": "APPROVED",
        "progress": {"indicators": 3, "indicatorsRealized": 2, "realizations": 2, "feedback": 0},
    }
    assert line["latestEvaluation"] == {
        "predikat": "SANGAT_BAIK", "resultRating": "DI_ATAS_EKSPEKTASI", "period": {"number": 3}
    }  # fmt: skip
    nodes, _ = await all_pages(client, world.kasubag.token, 100, year=YEAR - 1)
    line = next(n for n in nodes if n["employee"]["id"] == staff.id)
    assert line["plan"]["status"] == "APPROVED" and line["latestEvaluation"] is None


async def test_bad_page_arguments_are_typed_errors(client, world):
    body = await gql(client, PAGE, {"first": 0}, token=world.head.token)
    assert body["errors"][0]["extensions"]["field"] == "first"
    body = await gql(client, PAGE, {"after": "bm90LWEtY3Vyc29y"}, token=world.head.token)
    assert body["errors"][0]["extensions"]["field"] == "after"
    body = await gql(client, PAGE, {})
    assert body["errors"][0]["extensions"]["code"] == "auth.required"


async def test_me_and_the_team_view_make_few_statements(client, world):
    """Authentication is one constant statement (the session with its account, employee and
    running positions) and ``me`` needs no second; a team page is a fixed handful."""
    with count_statements() as log:
        me = ok(await gql(client, "{ me { employee { name nip } } }", token=world.head.token), "me")
    assert me["employee"]["nip"] == world.head.employee.nip
    assert len(log.statements) == 1, log.statements
    with count_statements() as log:
        ok(await gql(client, PAGE, {"first": 100}, token=world.head.token), "team")
    # viewer 1, the subtree 2 (walked and kept; 1 when kept: shared with the reader's scope),
    # page with positions 1, plans 1, progress 3, evaluations 1
    assert len(log.statements) <= 9, log.statements
    with count_statements() as log:
        ok(await gql(client, PAGE, {"first": 100}, token=world.head.token), "team")
    assert len(log.statements) <= 8, log.statements


async def test_a_revoked_token_stops_at_once(client, world):
    query = "{ me { employee { nip } } }"
    assert ok(await gql(client, query, token=world.staff.token), "me")
    ok(
        await gql(client, "mutation { logout { ... on Done { ok } } }", token=world.staff.token),
        "logout",
    )
    body = await gql(client, query, token=world.staff.token)
    assert body["errors"][0]["extensions"]["code"] == "auth.required"


async def test_my_dashboard_shows_the_signed_in_employee(client, world):
    query = "{ myDashboard { employee { id nip name currentPosition { name } } } }"
    with count_statements() as log:
        mine = ok(await gql(client, query, token=world.staff.token), "myDashboard", "employee")
    assert mine["id"] == world.staff.id and mine["nip"] == world.staff.employee.nip
    assert mine["currentPosition"] == {"name": "Pengadministrasi Perkantoran"}
    # viewer 1 (the employee and positions come with the session), then my dashboard's read
    # model: the assignments with their positions and units 1
    assert len(log.statements) == 2, log.statements
