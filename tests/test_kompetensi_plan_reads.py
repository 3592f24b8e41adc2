"""The kompetensi plan views read as plain rows (issue 14): an employee's plan, activities
and needs of a year, and the plans a rater approves, with activities linked to several
needs, activities of other years and of other people, read one and several at a time."""

from __future__ import annotations

import pytest

from tests.support import YEAR, gql, ok
from tests.test_evaluation import approved_plan
from tests.test_kompetensi import ADD, enable
from tests.test_kompetensi_flow import PLAN_ACTIVITY, SUBMIT, activity

ACTIVITY = "id year kind title provider jp startDate endDate needIds status version"
PLAN = f"""id employeeId nip name year status note submittedAt decidedAt jpPlanned version
  activities {{ {ACTIVITY} }}"""
VIEW = f"""kompetensiPlan(year: $y) {{ {PLAN} }}
  kompetensiActivities(year: $y) {{ {ACTIVITY} }}
  kompetensiDevelopmentNeeds(year: $y) {{ id year status }}"""
TWO = f"""query($a: ID!, $b: ID!, $y: Int!) {{
  a: employee(id: $a) {{ {VIEW} }} b: employee(id: $b) {{ {VIEW} }} }}"""
TO_APPROVE = f"query($y: Int!) {{ kompetensiPlansToApprove(year: $y) {{ {PLAN} }} }}"


@pytest.fixture
def plugins():
    return {"kompetensi": "kinerja_kompetensi.plugin"}


async def add_need(client, token: str, title: str, year: int = YEAR) -> str:
    new = {"year": year, "group": "TEKNIS", "title": title, "priority": "HIGH"}
    return ok(await gql(client, ADD, {"input": new}, token=token), "kompetensiAddNeed")["id"]


async def plan(client, token: str, start: str, **fields) -> dict:
    new = activity(startDate=start, endDate=start, **fields)
    body = await gql(client, PLAN_ACTIVITY, {"input": new}, token=token)
    return ok(body, "kompetensiPlanActivity")


async def test_plan_views_show_the_years_activities_with_their_needs_in_order(client, world):
    await enable(client, world)
    await approved_plan(world, "staff", "kasubag", "sekretaris")
    await approved_plan(world, "staff2", "kasubag", "sekretaris")
    staff, staff2 = world.staff.token, world.staff2.token
    needs = [await add_need(client, staff, f"Kebutuhan {n}") for n in range(3)]
    await add_need(client, staff, "Tahun lalu", YEAR - 1)
    late = await plan(client, staff, f"{YEAR}-09-01", title="Akhir", needIds=[needs[2], needs[0]])
    early = await plan(client, staff, f"{YEAR}-02-01", title="Awal", jp=4)
    every = await plan(client, staff, f"{YEAR}-05-01", title="Semua", needIds=needs)
    await plan(client, staff2, f"{YEAR}-01-15", title="Orang lain")
    body = await gql(client, SUBMIT, {"y": YEAR}, token=staff)
    assert ok(body, "kompetensiSubmitPlan")["status"] == "SUBMITTED"
    variables = {"a": world.staff.id, "b": world.staff2.id, "y": YEAR}
    answer = ok(await gql(client, TWO, variables, token=world.kasubag.token))
    mine = answer["a"]["kompetensiPlan"]
    assert [a["id"] for a in mine["activities"]] == [early["id"], every["id"], late["id"]]
    assert [a["needIds"] for a in mine["activities"]] == [
        [],
        sorted(needs, key=int),
        sorted([needs[0], needs[2]], key=int),
    ]
    assert (mine["status"], mine["jpPlanned"], mine["nip"]) == (
        "SUBMITTED",
        36,
        world.staff.employee.nip,
    )
    assert mine["submittedAt"] is not None and mine["decidedAt"] is None
    assert answer["a"]["kompetensiActivities"] == mine["activities"]
    assert [n["id"] for n in answer["a"]["kompetensiDevelopmentNeeds"]] == needs
    theirs = answer["b"]["kompetensiPlan"]
    assert [a["title"] for a in theirs["activities"]] == ["Orang lain"]
    assert answer["b"]["kompetensiDevelopmentNeeds"] == []
    # another year: an empty DRAFT, nothing of this year
    other = ok(await gql(client, TWO, {**variables, "y": YEAR + 1}, token=world.kasubag.token))
    assert other["a"]["kompetensiPlan"]["id"] is None
    assert other["a"]["kompetensiPlan"]["activities"] == []
    assert other["a"]["kompetensiActivities"] == []
    # the rater's list shows the same plan, the same way
    listed = ok(
        await gql(client, TO_APPROVE, {"y": YEAR}, token=world.kasubag.token),
        "kompetensiPlansToApprove",
    )
    assert listed == [mine]
