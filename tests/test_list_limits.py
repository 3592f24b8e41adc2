"""No list silently drops a person's data (docs/limits.md, "List caps").

- the lists of an SKP are bounded where their rows are written, from the constants that are
  also the lists' largest ``first``: one more row is a typed error, nothing written;
- lists that grow with the city (a principal's reports) are paged with ``first``/``offset``
  and every item is reachable; the cost counts ``first``;
- whatever is still cut is named in ``extensions.truncated`` and logged.
"""

from __future__ import annotations

from kinerja_core.domain import limits
from kinerja_core.domain.enums import EvidenceKind, FeedbackTarget, PositionType
from kinerja_core.models import (
    ActionPlan,
    Evidence,
    Feedback,
    Indicator,
    Position,
    Realization,
    WorkResult,
)
from tests.support import gql, ok
from tests.test_evidence import LINK, realisasi  # noqa: F401 (fixture)
from tests.test_monitoring import ADD_ACTION, FEEDBACK, make_plan, setup_periods
from tests.test_plans import add_indicator, add_result, create_plan

# --- SKP lists: bounded where written ---------------------------------------------------------


async def test_the_21st_rhk_is_refused_and_a_full_skp_reads_whole_with_first(client, world):
    assert limits.RHK_PER_PLAN == 20
    plan = await create_plan(client, world.head)  # a JPT: its RHK cite no parent
    for n in range(limits.RHK_PER_PLAN - 1):
        await WorkResult.create(plan_id=int(plan["id"]), description=f"Sasaran {n + 1}")
    last = await add_result(client, world.head, plan["id"], "Sasaran 20")
    assert last["__typename"] == "WorkResult", last

    refused = await add_result(client, world.head, plan["id"], "Sasaran 21")
    assert refused["__typename"] == "ValidationError"
    assert refused["field"] == "planId" and refused["code"] == "limit.work_results"
    assert "at most 20 work results" in refused["message"]
    in_indonesian = await add_result(client, world.head, plan["id"], "Sasaran 21", lang="id")
    assert "paling banyak 20 RHK" in in_indonesian["message"]
    assert await WorkResult.filter(plan_id=int(plan["id"])).count() == 20  # nothing written

    query = "query($id: ID!, $n: Int) { plan(id: $id) { workResults(first: $n) { id } } }"
    default = await gql(client, query, {"id": plan["id"]}, token=world.head.token)
    assert len(default["data"]["plan"]["workResults"]) == 10  # the default, and it says so
    assert default["extensions"]["truncated"] == [{"path": ["plan", "workResults"], "cap": 10}]
    whole = await gql(client, query, {"id": plan["id"], "n": 20}, token=world.head.token)
    assert len(whole["data"]["plan"]["workResults"]) == 20
    assert "extensions" not in whole  # nothing cut
    above = await gql(client, query, {"id": plan["id"], "n": 21}, token=world.head.token)
    assert above["errors"][0]["extensions"]["field"] == "first"
    assert above["errors"][0]["extensions"]["kind"] == "ValidationError"


async def test_the_11th_iki_of_an_rhk_is_refused(client, world):
    plan = await create_plan(client, world.head)
    result = await add_result(client, world.head, plan["id"], "Cakupan layanan meningkat")
    for n in range(limits.IKI_PER_WORK_RESULT - 1):
        await Indicator.create(
            work_result_id=int(result["id"]), description=f"IKI {n + 1}", unit="%", order=n
        )
    assert (await add_indicator(client, world.head, result["id"]))["__typename"] == "Indicator"
    refused = await add_indicator(client, world.head, result["id"])
    assert refused["__typename"] == "ValidationError"
    assert refused["field"] == "workResultId" and refused["code"] == "limit.indicators"
    assert "at most 10 indicators" in refused["message"]
    assert await Indicator.filter(work_result_id=int(result["id"])).count() == 10

    query = """query($id: ID!) { plan(id: $id) {
      a: workResults { indicators { id } } b: workResults { indicators(first: 10) { id } } } }"""
    body = await gql(client, query, {"id": plan["id"]}, token=world.head.token)
    assert len(body["data"]["plan"]["a"][0]["indicators"]) == 5
    assert len(body["data"]["plan"]["b"][0]["indicators"]) == 10
    assert body["extensions"]["truncated"] == [{"path": ["plan", "a", 0, "indicators"], "cap": 5}]


async def test_a_sixth_rencana_aksi_in_one_period_is_refused(client, world):
    _, work_result, _ = await make_plan(world)
    period_id = (await setup_periods(client, world))[1]["id"]
    for n in range(limits.ACTION_PLANS_PER_PERIOD):
        await ActionPlan.create(
            work_result=work_result, period_id=int(period_id), description=f"Aksi {n}"
        )
    variables = {
        "input": {
            "workResultId": str(work_result.id),
            "periodId": period_id,
            "description": "Aksi keenam",
        }
    }
    body = await gql(client, ADD_ACTION, variables, token=world.staff.token, lang="en")
    refused = ok(body, "addActionPlan")
    assert refused["__typename"] == "ValidationError", refused
    assert refused["code"] == "limit.action_plans_period" and refused["field"] == "workResultId"
    assert await ActionPlan.filter(work_result_id=work_result.id).count() == 5


async def test_feedback_and_links_on_one_realisasi_are_bounded(client, world, realisasi):  # noqa: F811
    realization = await Realization.get(id=int(realisasi["id"]))
    for n in range(limits.FEEDBACK_PER_REALIZATION):
        await Feedback.create(
            plan=realisasi["plan"],
            author=world.kasubag.employee,
            target=FeedbackTarget.REALIZATION,
            realization=realization,
            period_id=realization.period_id,
            text=f"Umpan balik {n}",
        )
    for n in range(limits.LINKS_PER_REALIZATION):
        await Evidence.create(
            realization=realization,
            kind=EvidenceKind.LINK,
            url=f"https://drive.pontianak.go.id/{n}",
            uploaded_by_id=world.staff.employee.id,
        )
    feedback = {
        "input": {
            "planId": str(realisasi["plan"].id),
            "target": "REALIZATION",
            "realizationId": realisasi["id"],
            "text": "Satu lagi.",
        }
    }
    body = await gql(client, FEEDBACK, feedback, token=world.kasubag.token, lang="en")
    assert ok(body, "giveFeedback", "code") == "limit.feedback"
    assert ok(body, "giveFeedback", "field") == "realizationId"
    link = {"input": {"realizationId": realisasi["id"], "url": "https://example.org/x"}}
    body = await gql(client, LINK, link, token=world.staff.token, lang="en")
    assert ok(body, "addEvidenceLink", "code") == "limit.evidence_links"
    assert await Feedback.filter(realization_id=realization.id).count() == 20
    assert await Evidence.filter(realization_id=realization.id).count() == 10

    # the rater reads every one of them through `first`
    query = """query($id: ID!) { plan(id: $id) {
      workResults(first: 1) { indicators(first: 1) { realizations {
      feedback(first: 20) { id } evidence(first: 20) { id } } } } } }"""
    read = await gql(client, query, {"id": str(realisasi["plan"].id)}, token=world.kasubag.token)
    found = read["data"]["plan"]["workResults"][0]["indicators"][0]["realizations"][0]
    assert len(found["feedback"]) == 20 and len(found["evidence"]) == 10
    assert "extensions" not in read


# --- lists that grow with the city: first/offset, cost, truncation ----------------------------


async def principal_with_reports(world, count: int) -> Position:
    """A school principal's position with ``count`` teachers' positions reporting to it."""
    await world.unit("school", "disdik", "DISDIK-SMP1", "SMP Negeri 1 Pontianak")
    school = world.units["school"]
    principal = await Position.create(
        agency_id=school.agency_id,
        unit=school,
        name="Kepala Sekolah",
        type=PositionType.FUNGSIONAL,
        is_unit_head=True,
    )
    for n in range(count):
        await Position.create(
            agency_id=school.agency_id,
            unit=school,
            name=f"Guru {n + 1:03d}",
            type=PositionType.FUNGSIONAL,
            reports_to=principal,
        )
    return principal


async def test_every_one_of_65_reports_is_reachable_and_a_cut_is_reported(client, world, caplog):
    principal = await principal_with_reports(world, 65)
    query = """query($id: ID!, $first: Int, $offset: Int) { position(id: $id) {
      reports(first: $first, offset: $offset) { id name } } }"""

    async def reports(**page):
        variables = {"id": str(principal.id), **page}
        return await gql(client, query, variables, token=world.central.token)

    default = await reports()
    assert len(default["data"]["position"]["reports"]) == 60
    assert default["extensions"]["truncated"] == [{"path": ["position", "reports"], "cap": 60}]
    assert "Position.reports at position.reports returned more than its cap of 60" in caplog.text

    whole = await reports(first=100)
    names = [r["name"] for r in whole["data"]["position"]["reports"]]
    assert names == [f"Guru {n + 1:03d}" for n in range(65)] and "extensions" not in whole

    first, second = await reports(first=50), await reports(first=50, offset=50)
    paged = first["data"]["position"]["reports"] + second["data"]["position"]["reports"]
    assert [r["name"] for r in paged] == names
    assert first["extensions"]["truncated"] == [{"path": ["position", "reports"], "cap": 50}]
    assert "extensions" not in second

    above = await reports(first=501)
    assert above["errors"][0]["extensions"]["field"] == "first"
    assert "500" in above["errors"][0]["message"]


async def test_the_cost_of_a_paged_list_is_its_first(client, world):
    principal = await principal_with_reports(world, 3)
    query = """query($id: ID!) { position(id: $id) { reports(first: 200) { unit { id } } } }"""
    response = await client.post(
        "/graphql",
        json={"query": query, "variables": {"id": str(principal.id)}},
        headers={"Authorization": f"Bearer {world.central.token}", "X-Query-Cost": "true"},
    )
    body = response.json()
    assert body["extensions"]["cost"]["requestedQueryCost"] == 1 + 200 * 2
    assert body["extensions"]["cost"]["actualQueryCost"] == 1 + 3 * 2
