"""Who receives which core event (kinerja_core.realtime.visibility), and the hub underneath.

In-process over the tests/support world: Dinas Kesehatan head -> sekretaris -> kasubag ->
(staff, staff2); kabid -> staff_p2p; an agency admin; Dinas Pendidikan; BKPSDM central admin.
"""

from __future__ import annotations

import asyncio

import pytest

from kinerja_core.auth.viewer import load_viewer
from kinerja_core.domain.enums import PlanStatus
from kinerja_core.models import Account, Feedback, Realization
from kinerja_core.realtime.hub import Hub, InboxOverflow, RealtimeEvent
from kinerja_core.realtime.visibility import (
    EVALUATION,
    FEEDBACK,
    PLAN_STATUS,
    REALIZATION,
    visible_row,
)
from tests.ws.data import draft_evaluation, make_plan, open_period

EVERYONE = (
    "central",
    "head",
    "sekretaris",
    "kasubag",
    "staff",
    "staff2",
    "kabid",
    "staff_p2p",
    "admin",
    "disdik_head",
    "disdik_staff",
    "disdik_admin",
)
# may read staff's SKP (rater kasubag, atasan sekretaris): owner, the reporting line up,
# the agency admin, BKPSDM
READERS = {"central", "head", "sekretaris", "kasubag", "staff", "admin"}


async def viewers(world) -> dict:
    out = {}
    for key in EVERYONE:
        account = await Account.get(employee_id=world.people[key].employee.id).select_related(
            "employee"
        )
        out[key] = await load_viewer(account)
    return out


async def receivers(topic, event_of, world, plan_id=None) -> set[str]:
    """Who gets the event (a fresh event per viewer: no shared memo between them)."""
    got = set()
    for key, viewer in (await viewers(world)).items():
        if await visible_row(topic, viewer, event_of(), plan_id) is not None:
            got.add(key)
    return got


async def test_feedback_goes_to_the_employee_only_unless_narrowed_to_the_plan(world):
    plan, work, _ = await make_plan(world)
    row = await Feedback.create(
        plan=plan,
        author_id=world.kasubag.employee.id,
        target="WORK_RESULT",
        work_result=work,
        text="Bagus",
    )

    def event():
        return RealtimeEvent(
            "feedback_given",
            {"feedback_id": row.id, "plan_id": plan.id, "employee_id": plan.employee_id},
        )

    assert await receivers(FEEDBACK, event, world) == {"staff"}
    # narrowed to the SKP: everyone who may read it
    assert await receivers(FEEDBACK, event, world, plan.id) == READERS
    # narrowed to another SKP: nobody
    other, _, _ = await make_plan(world, "staff2")
    assert await receivers(FEEDBACK, event, world, other.id) == set()


async def test_plan_status_goes_to_owner_and_rater(world):
    plan, _, _ = await make_plan(world, status=PlanStatus.RETURNED)

    def event():
        return RealtimeEvent("plan_status_changed", {"plan_id": plan.id, "status": "RETURNED"})

    assert await receivers(PLAN_STATUS, event, world) == {"staff", "kasubag"}
    assert await receivers(PLAN_STATUS, event, world, plan.id) == READERS


async def test_evaluation_goes_to_owner_rater_and_rater_superior(world):
    plan, _, _ = await make_plan(world)
    row = await draft_evaluation(world, plan, await open_period(world))

    def event():
        return RealtimeEvent("evaluation_finalized", {"evaluation_id": row.id, "plan_id": plan.id})

    assert await receivers(EVALUATION, event, world) == {"staff", "kasubag", "sekretaris"}


async def test_realization_goes_to_everyone_who_may_read_the_plan(world):
    plan, _, indicator = await make_plan(world, "staff_p2p", "kabid", "head")
    period = await open_period(world)
    row = await Realization.create(
        indicator=indicator, period=period, value=3, recorded_by_id=world.staff_p2p.employee.id
    )

    def event():
        return RealtimeEvent("realization_recorded", {"realization_id": row.id, "plan_id": plan.id})

    # another bidang: the kasubag/sekretaris line of the sekretariat does not see it
    assert await receivers(REALIZATION, event, world) == {
        "staff_p2p",
        "kabid",
        "head",
        "admin",
        "central",
    }


async def test_rows_not_of_the_named_plan_or_gone_are_not_delivered(world):
    plan, work, indicator = await make_plan(world)
    other, _, other_indicator = await make_plan(world, "staff2")
    period = await open_period(world)
    foreign = await Realization.create(
        indicator=other_indicator, period=period, value=1, recorded_by_id=world.staff2.employee.id
    )
    staff = (await viewers(world))["staff"]
    # the payload says staff's SKP, the row belongs to staff2's: the rule was checked on
    # staff's SKP, so the row must not go out
    mixed = RealtimeEvent(
        "realization_recorded", {"realization_id": foreign.id, "plan_id": plan.id}
    )
    assert await visible_row(REALIZATION, staff, mixed) is None
    gone = RealtimeEvent("feedback_given", {"feedback_id": 999999, "plan_id": plan.id})
    assert await visible_row(FEEDBACK, staff, gone) is None
    no_plan = RealtimeEvent("plan_status_changed", {"plan_id": 999999})
    assert await visible_row(PLAN_STATUS, staff, no_plan) is None
    wrong_name = RealtimeEvent("plan_approved", {"plan_id": plan.id})
    assert await visible_row(PLAN_STATUS, staff, wrong_name) is None
    own = RealtimeEvent("plan_status_changed", {"plan_id": str(plan.id)})  # ids may be text
    assert (await visible_row(PLAN_STATUS, staff, own)).id == plan.id


async def test_an_event_reads_each_row_once_for_all_subscribers(world):
    plan, _, _ = await make_plan(world)
    event = RealtimeEvent("plan_status_changed", {"plan_id": plan.id})
    everyone = await viewers(world)
    from kinerja_core.db import count_statements

    for viewer in everyone.values():  # warm each viewer's own caches (subordinates)
        await viewer.subordinate_ids()
    with count_statements() as log:
        results = await asyncio.gather(
            *(visible_row(PLAN_STATUS, v, event, plan.id) for v in everyone.values())
        )
    assert sum(r is not None for r in results) == len(READERS)
    assert len(log.statements) == 1, log.statements  # the plan, once


# -- the hub -------------------------------------------------------------------------------


async def test_hub_fans_out_in_order_to_the_names_asked_for():
    hub = Hub()
    with hub.subscribe(["a"]) as only_a, hub.subscribe(["a", "b"]) as both:
        assert hub.dispatch("c", {"x": 1}) is None  # nobody listens: nothing made
        first = hub.dispatch("a", {"n": 1})
        hub.dispatch("b", {"n": 2})
        hub.dispatch("a", {"n": 3})
        assert [(await only_a.next()).payload["n"] for _ in range(2)] == [1, 3]
        assert [(await both.next()).payload["n"] for _ in range(3)] == [1, 2, 3]
        assert first.seq < (await _dispatched(hub)).seq
    assert hub.subscriber_count == 0  # left on exit
    assert not hub.wants("a")


async def _dispatched(hub: Hub) -> RealtimeEvent:
    with hub.subscribe(["z"]) as inbox:
        hub.dispatch("z", {})
        return await inbox.next()


async def test_a_full_inbox_ends_that_subscription_with_overflow_not_the_others():
    hub = Hub(inbox_size=2)
    with hub.subscribe(["a"]) as slow, hub.subscribe(["a"]) as fast:
        for n in range(3):
            hub.dispatch("a", {"n": n})
            assert (await fast.next()).payload["n"] == n
        assert [(await slow.next()).payload["n"] for _ in range(2)] == [0, 1]
        with pytest.raises(InboxOverflow):
            await slow.next()
        hub.dispatch("a", {"n": 9})
        assert (await fast.next()).payload["n"] == 9


async def test_closing_the_hub_ends_every_subscription_after_what_was_queued():
    hub = Hub()
    inbox = hub.subscribe(["a"])
    hub.dispatch("a", {"n": 1})
    hub.close()
    assert (await inbox.next()).payload == {"n": 1}
    with pytest.raises(StopAsyncIteration):
        await inbox.next()
    with pytest.raises(StopAsyncIteration):  # stays ended
        await inbox.next()
    late = hub.subscribe(["a"])
    assert [e async for e in late] == []


async def test_event_memo_runs_once_for_concurrent_callers():
    event = RealtimeEvent("a", {})
    calls = []

    async def load():
        calls.append(1)
        return 42

    assert await asyncio.gather(*(event.memo("k", load) for _ in range(5))) == [42] * 5
    assert calls == [1]
    assert event.id_of("missing") is None
    assert RealtimeEvent("a", {"x": "7", "y": "no", "z": True}).id_of("x") == 7
    assert RealtimeEvent("a", {"y": "no"}).id_of("y") is None
    assert RealtimeEvent("a", {"z": True}).id_of("z") is None
