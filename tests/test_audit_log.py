"""The audit log for a central admin: newest first by default, filters for actor, entity,
action and time range (issue 10 point 4)."""

from __future__ import annotations

import datetime as dt

from kinerja_core.models import AuditEntry
from tests.support import gql, ok
from tests.test_evaluation import approved_plan, evaluate, finalize, monthly_periods

AUDIT = """
query($filter: AuditFilter, $order: AuditOrder, $first: Int, $after: String) {
  auditLog(filter: $filter, order: $order, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id at actorNip action entity entityId }
  }
}"""


async def audit(client, world, **variables):
    body = await gql(client, AUDIT, variables, token=world.central.token, lang="en")
    return ok(body, "auditLog")


async def some_writes(client, world):
    """Three writes by kasubag (save, finalize) and kabid (save), in that order."""
    periods = await monthly_periods(world)
    plan = await approved_plan(world, "staff", "kasubag", "sekretaris")
    draft = await evaluate(client, world.kasubag.token, plan, period=periods[0])
    await finalize(client, world.kasubag.token, draft["id"])
    other = await approved_plan(world, "staff_p2p", "kabid", "head")
    other_draft = await evaluate(client, world.kabid.token, other, period=periods[0])
    return draft, other_draft


async def test_newest_first_by_default_and_oldest_first_on_request(client, world):
    await some_writes(client, world)
    newest = await audit(client, world)
    ids = [int(n["id"]) for n in newest["nodes"]]
    assert len(ids) >= 3 and ids == sorted(ids, reverse=True)
    assert newest["nodes"][0]["actorNip"] == world.kabid.employee.nip
    oldest = await audit(client, world, order="OLDEST_FIRST")
    assert [int(n["id"]) for n in oldest["nodes"]] == sorted(ids)
    assert newest["totalCount"] == oldest["totalCount"] == await AuditEntry.all().count()


async def test_newest_first_pages_with_the_cursor(client, world):
    await some_writes(client, world)
    everything = [n["id"] for n in (await audit(client, world))["nodes"]]
    seen, after = [], None
    while True:
        page = await audit(client, world, first=1, after=after)
        seen += [n["id"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == everything


async def test_filters_by_actor_entity_and_action(client, world):
    draft, other_draft = await some_writes(client, world)
    by_kabid = await audit(client, world, filter={"actorNip": world.kabid.employee.nip})
    assert by_kabid["nodes"] and {n["actorNip"] for n in by_kabid["nodes"]} == {
        world.kabid.employee.nip
    }
    one = await audit(client, world, filter={"entity": "Evaluation", "entityId": draft["id"]})
    assert one["nodes"] and {n["entityId"] for n in one["nodes"]} == {draft["id"]}
    assert {n["entity"] for n in one["nodes"]} == {"Evaluation"}
    prefix = draft["id"][:-1] + "*"
    by_prefix = await audit(client, world, filter={"entity": "Evaluation", "entityId": prefix})
    assert {n["entityId"] for n in by_prefix["nodes"]} >= {draft["id"]}
    assert all(n["entityId"].startswith(draft["id"][:-1]) for n in by_prefix["nodes"])
    actions = {n["action"] for n in (await audit(client, world))["nodes"]}
    final = [a for a in actions if "final" in a]
    assert final, actions
    only = await audit(client, world, filter={"action": final[0]})
    assert only["nodes"] and {n["action"] for n in only["nodes"]} == {final[0]}
    family = final[0].split(".")[0] + ".*"
    wide = await audit(client, world, filter={"action": family})
    assert {n["action"] for n in wide["nodes"]} >= {final[0]}
    assert all(n["action"].startswith(family[:-1]) for n in wide["nodes"])
    nobody = await audit(client, world, filter={"actorNip": "199001012020011999"})
    assert nobody == {
        "totalCount": 0,
        "pageInfo": {"hasNextPage": False, "endCursor": None},
        "nodes": [],
    }


async def test_time_range_since_inclusive_until_exclusive(client, world):
    await some_writes(client, world)
    rows = await AuditEntry.all().order_by("id")
    # the first write happened "last week", the others now
    last_week = dt.datetime.now(dt.UTC) - dt.timedelta(days=7)
    await AuditEntry.filter(id=rows[0].id).update(at=last_week)
    recent = await audit(
        client, world, filter={"since": (last_week + dt.timedelta(days=1)).isoformat()}
    )
    assert str(rows[0].id) not in {n["id"] for n in recent["nodes"]}
    assert recent["totalCount"] == len(rows) - 1
    older = await audit(
        client, world, filter={"until": (last_week + dt.timedelta(days=1)).isoformat()}
    )
    assert [n["id"] for n in older["nodes"]] == [str(rows[0].id)]
    exact = await audit(
        client,
        world,
        filter={
            "since": last_week.isoformat(),
            "until": (last_week + dt.timedelta(seconds=1)).isoformat(),
        },
    )
    assert [n["id"] for n in exact["nodes"]] == [str(rows[0].id)]
    naive = last_week.replace(tzinfo=None) + dt.timedelta(days=1)  # read as UTC
    assert (await audit(client, world, filter={"until": naive.isoformat()}))["totalCount"] == 1


async def test_an_empty_time_range_is_a_field_error(client, world):
    await some_writes(client, world)
    now = dt.datetime.now(dt.UTC).isoformat()
    for lang, word in (("en", "must be after"), ("id", "harus setelah")):
        body = await gql(
            client,
            AUDIT,
            {"filter": {"since": now, "until": now}},
            token=world.central.token,
            lang=lang,
        )
        error = body["errors"][0]
        assert word in error["message"]
        assert error["extensions"]["field"] == "until"
        assert error["extensions"]["code"] == "audit.range"


async def test_only_a_central_admin_reads_it(client, world):
    await some_writes(client, world)
    for person in (world.head, world.admin, world.staff):
        body = await gql(client, AUDIT, {}, token=person.token, lang="en")
        assert body["errors"] and body["data"] is None
