"""The kept subtrees (kinerja_core/auth/subtree.py, issue 14) are never stale.

Random audited org writes through the API (mutasi, a Plt assignment beside the definitive
one, the end of an assignment, a position moved under another superior, an employee moved
to another agency): before each write every supervisor's team view, my dashboard and access
scope are read (and so kept); after it the team view and the scope must equal a walk of the
org chart done here in Python, and my dashboard what it shows once every kept subtree is
forgotten. A kept read makes fewer statements than a walking one.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from kinerja_core.auth import access
from kinerja_core.auth.viewer import load_viewer
from kinerja_core.db import count_statements
from kinerja_core.models import Account, Assignment, Position
from kinerja_core.services import audit
from tests.support import TODAY, YEAR, gql, ok

SUPERVISORS = ("head", "sekretaris", "kasubag", "kabid", "disdik_head")
MOVABLE = (
    "sekretaris",
    "kasubag",
    "staff",
    "staff2",
    "kabid",
    "staff_p2p",
    "admin",
    "disdik_staff",
    "disdik_admin",
)
TEAM = """
query($year: Int, $directOnly: Boolean) {
  team(year: $year, directOnly: $directOnly, first: 100) {
    totalCount
    edges { node { isDirectReport employee { id } position { id } } }
  }
}"""
MY_DASHBOARD = (
    Path(__file__).resolve().parents[1] / "schema" / "operations" / "my_dashboard.graphql"
).read_text()
ASSIGN = """
mutation($input: AssignPositionInput!) {
  assignPosition(input: $input) { __typename ... on Assignment { id } }
}"""
END = """
mutation($id: ID!, $endDate: Date!) {
  endAssignment(id: $id, endDate: $endDate) { __typename }
}"""
MOVE = """
mutation($input: UpdatePositionInput!) { updatePosition(input: $input) { __typename } }"""
MOVE_EMPLOYEE = """
mutation($input: UpdateEmployeeInput!) { updateEmployee(input: $input) { __typename } }"""


def _running(a: Assignment) -> bool:
    return a.start_date <= TODAY and (a.end_date is None or a.end_date >= TODAY)


async def _walk(employee_id: int) -> tuple[set[int], set[int]]:
    """Everyone below the employee's running positions, and the direct reports, from the
    org chart's rows (no SQL walk)."""
    running = [a for a in await Assignment.all() if _running(a)]
    children: dict[int, list[int]] = {}
    for p in await Position.all():
        if p.reports_to_id is not None:
            children.setdefault(p.reports_to_id, []).append(p.id)
    roots = {a.position_id for a in running if a.employee_id == employee_id}
    direct_positions = {c for r in roots for c in children.get(r, [])}
    seen: set[int] = set()
    todo = list(direct_positions)
    while todo:
        p = todo.pop()
        if p not in seen:
            seen.add(p)
            todo.extend(children.get(p, []))
    below = {a.employee_id for a in running if a.position_id in seen}
    direct = {a.employee_id for a in running if a.position_id in direct_positions}
    return below, direct


async def _team(client, token: str, direct_only: bool) -> tuple[int, dict[int, bool]]:
    page = ok(
        await gql(client, TEAM, {"year": YEAR, "directOnly": direct_only}, token=token), "team"
    )
    members = {int(e["node"]["employee"]["id"]): e["node"]["isDirectReport"] for e in page["edges"]}
    return page["totalCount"], members


async def _views(client, world) -> dict:
    """What every supervisor sees (reading them keeps their subtrees)."""
    seen = {}
    for who in SUPERVISORS:
        person = world.people[who]
        account = await Account.get(employee_id=person.employee.id).prefetch_related("employee")
        scope = await access.read_scope(await load_viewer(account, TODAY))
        seen[who] = {
            "team": await _team(client, person.token, False),
            "direct": await _team(client, person.token, True),
            "scope": scope.people(),
            "mine": ok(await gql(client, MY_DASHBOARD, {"year": YEAR}, token=person.token)),
        }
    return seen


async def _check(client, world) -> None:
    kept = await _views(client, world)
    for who in SUPERVISORS:
        below, direct = await _walk(world.people[who].employee.id)
        total, members = kept[who]["team"]
        assert (total, set(members)) == (len(below), below), who
        assert {e for e, d in members.items() if d} == direct, who
        assert kept[who]["direct"] == (len(direct), {e: True for e in direct}), who
        assert kept[who]["scope"] == below | {world.people[who].employee.id}, who
    await audit.forget_kept()
    fresh = await _views(client, world)
    for who in SUPERVISORS:
        assert kept[who]["mine"] == fresh[who]["mine"], who


async def _write(client, world, rng: random.Random) -> str:
    central = world.central.token
    who = world.people[rng.choice(MOVABLE)]
    kind = rng.choice(["mutasi", "plt", "end", "move", "agency"])
    if kind in ("mutasi", "plt"):
        target = world.people[rng.choice(MOVABLE)]
        body = await gql(
            client,
            ASSIGN,
            {
                "input": {
                    "employeeId": str(who.employee.id),
                    "positionId": str(target.position.id),
                    "startDate": TODAY.isoformat(),
                    "kind": "DEFINITIF" if kind == "mutasi" else "PLT",
                }
            },
            token=central,
        )
        return f"{kind} {ok(body, 'assignPosition')['__typename']}"
    if kind == "end":
        running = [a for a in await Assignment.filter(employee_id=who.employee.id) if _running(a)]
        if not running:
            return "end: none running"
        chosen = rng.choice(running)
        body = await gql(
            client,
            END,
            {
                "id": str(chosen.id),
                "endDate": (TODAY - dt.timedelta(days=1)).isoformat(),
            },
            token=central,
        )
        return f"end {ok(body, 'endAssignment')['__typename']}"
    if kind == "move":
        superior = world.people[rng.choice(SUPERVISORS)]
        body = await gql(
            client,
            MOVE,
            {
                "input": {
                    "id": str(who.position.id),
                    "reportsToId": str(superior.position.id),
                }
            },
            token=central,
        )
        return f"move {ok(body, 'updatePosition')['__typename']}"
    agency = world.agencies[rng.choice(["dinkes", "disdik"])]
    body = await gql(
        client,
        MOVE_EMPLOYEE,
        {
            "input": {
                "id": str(who.employee.id),
                "agencyId": str(agency.id),
            }
        },
        token=central,
    )
    return f"agency {ok(body, 'updateEmployee')['__typename']}"


async def test_kept_subtrees_equal_a_fresh_walk_after_random_org_writes(client, world):
    rng = random.Random(14)
    await _check(client, world)
    done = []
    for _ in range(14):
        await _views(client, world)  # every view kept before the write
        done.append(await _write(client, world, rng))
        await _check(client, world)
    # the writes did something: at least some of each kind went through
    written = {d.split()[0] for d in done if not d.endswith(("Error", "Conflict", "none running"))}
    assert {"mutasi", "move"} <= written, done


async def test_a_member_who_moved_out_is_gone_from_the_next_request(client, world):
    head = world.head.token
    total, members = await _team(client, head, False)
    assert world.staff.employee.id in members
    body = await gql(
        client,
        ASSIGN,
        {
            "input": {
                "employeeId": str(world.staff.employee.id),
                "positionId": str(world.disdik_staff.position.id),
                "startDate": TODAY.isoformat(),
            }
        },
        token=world.central.token,
    )
    assert ok(body, "assignPosition")["__typename"] == "Assignment"
    after_total, after = await _team(client, head, False)
    assert world.staff.employee.id not in after and after_total == total - 1
    disdik_total, disdik = await _team(client, world.disdik_head.token, False)
    assert world.staff.employee.id in disdik


async def test_a_kept_team_view_reads_one_row_instead_of_walking(client, world):
    head = world.head.token
    with count_statements() as first:
        await _team(client, head, False)
    with count_statements() as kept:
        await _team(client, head, False)
    assert len(kept.statements) == len(first.statements) - 1, kept.statements
    assert not any("RECURSIVE" in s for s in kept.statements), kept.statements
    # an org write (a position moved) makes the next read walk again
    body = await gql(
        client,
        MOVE,
        {
            "input": {
                "id": str(world.staff.position.id),
                "reportsToId": str(world.kabid.position.id),
            }
        },
        token=world.central.token,
    )
    assert ok(body, "updatePosition")["__typename"] == "Position"
    with count_statements() as again:
        _, members = await _team(client, head, False)
    assert len(again.statements) == len(first.statements), again.statements
    assert world.staff.employee.id in members


async def test_a_bulk_import_forgets_the_kept_subtrees(client, world):
    """The import writes without audit.record: it forgets every kept subtree itself."""
    from tests.test_bulk_import import upload, valid_file, xlsx

    total, _ = await _team(client, world.head.token, False)  # kept
    job = await upload(client, world.central.token, xlsx(valid_file()), dry=False)
    assert job["status"] == "DONE", job
    after_total, members = await _team(client, world.head.token, False)
    below, _ = await _walk(world.head.employee.id)
    assert after_total == total + 3 and set(members) == below
