"""Nested edges reach no further than top-level queries (issue 8, item 1).

Each test is a leak seen before the reader: a path through the graph that reached an SKP, or
its contents, the viewer may not read. The generated walk over every edge is
``tests/test_nested_access.py``; these are the reproductions, named by what a user would see.
"""

from __future__ import annotations

from kinerja_core.models import Feedback, WorkResult
from tests.support import gql, ok
from tests.test_monitoring import make_plan

PARENT_CHAIN = """
query($id: ID!) { plan(id: $id) { workResults {
  description
  parent {
    id description
    plan { id employee { name } feedback { text } evaluations { id } workResults { id } }
    indicators { id description }
    actionPlans { id }
    children { id plan { id } }
  }
} } }
"""


async def _cascade(world):
    """kasubag's SKP with an RHK; staff's and staff2's SKP each with an RHK citing it."""
    boss_plan, boss_wr, _ = await make_plan(world, "kasubag", "sekretaris", "head")
    await Feedback.create(
        plan=boss_plan,
        author=world.sekretaris.employee,
        target="WORK_RESULT",
        work_result=boss_wr,
        text="Rahasia atasan",
    )
    mine, my_wr, _ = await make_plan(world, "staff")
    peer, peer_wr, _ = await make_plan(world, "staff2")
    for wr in (my_wr, peer_wr):
        wr.parent_id = boss_wr.id
        await wr.save()
    return boss_plan, boss_wr, mine, my_wr, peer, peer_wr


async def test_staff_cannot_reach_rater_skp_through_parent_rhk(client, world):
    boss_plan, boss_wr, mine, my_wr, peer, peer_wr = await _cascade(world)
    # the top-level query refuses the rater's SKP ...
    refused = await gql(
        client,
        "query($id: ID!) { plan(id: $id) { id } }",
        {"id": str(boss_plan.id)},
        token=world.staff.token,
    )
    assert refused["errors"][0]["extensions"]["code"] == "access.denied"
    # ... and so does the path through the RHK the staff's own RHK cites
    body = await gql(client, PARENT_CHAIN, {"id": str(mine.id)}, token=world.staff.token)
    parent = ok(body, "plan", "workResults")[0]["parent"]
    assert parent["id"] == str(boss_wr.id)  # the cited RHK's own fields stay visible
    assert parent["description"] == boss_wr.description
    assert parent["plan"] is None
    assert parent["indicators"] == []
    assert parent["actionPlans"] == []
    # the peer's RHK citing the same parent is not the staff member's to see
    assert parent["children"] == [{"id": str(my_wr.id), "plan": {"id": str(mine.id)}}]


async def test_rater_still_sees_own_skp_and_subordinates_through_cascade(client, world):
    boss_plan, boss_wr, mine, my_wr, peer, peer_wr = await _cascade(world)
    body = await gql(client, PARENT_CHAIN, {"id": str(mine.id)}, token=world.kasubag.token)
    parent = ok(body, "plan", "workResults")[0]["parent"]
    assert parent["plan"]["id"] == str(boss_plan.id)
    assert parent["plan"]["feedback"] == [{"text": "Rahasia atasan"}]
    assert len(parent["indicators"]) == 1
    assert {c["id"] for c in parent["children"]} == {str(my_wr.id), str(peer_wr.id)}


async def test_candidates_show_rater_rhk_but_not_rater_skp(client, world):
    boss_plan, boss_wr, mine, my_wr, peer, peer_wr = await _cascade(world)
    mine.status = "DRAFT"
    await mine.save()
    body = await gql(
        client,
        "query($id: ID!) { parentWorkResultCandidates(planId: $id) {"
        " id plan { id workResults { id } } indicators { id } } }",
        {"id": str(mine.id)},
        token=world.staff.token,
    )
    candidates = ok(body, "parentWorkResultCandidates")
    assert [c["id"] for c in candidates] == [str(boss_wr.id)]
    assert candidates[0]["plan"] is None and candidates[0]["indicators"] == []


async def test_peer_cannot_reach_colleague_rhk_through_feedback_or_parent(client, world):
    boss_plan, boss_wr, mine, my_wr, peer, peer_wr = await _cascade(world)
    body = await gql(
        client,
        "query($id: ID!) { plan(id: $id) { workResults { parent { children {"
        " id plan { employee { name } } indicators { id } } } } } }",
        {"id": str(peer.id)},
        token=world.staff2.token,
    )
    children = ok(body, "plan", "workResults")[0]["parent"]["children"]
    assert [c["id"] for c in children] == [str(peer_wr.id)]
    assert await WorkResult.filter(parent_id=boss_wr.id).count() == 2
