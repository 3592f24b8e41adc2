"""The people below a viewer's positions, kept between org writes (issue 14: flat as the city
grows).

The team view pages the people below its viewer and the reader's access scope asks whether
someone is among them. Walking the position tree for that on every request grew with the
head's subtree (Dinas Kesehatan's head has 164 people below at 1,000 employees and 3,288 at
20,000). The walk now runs once and its answer is kept in ``kept_subtree``: one row per set
of root positions and day, the employee ids and the direct reports' as JSON lists, valid
while the city's org generation (``org_generation``) is the one it was computed at.

Every audited write of a unit, position, assignment or employee (``services.audit.record``
and ``record_many``) bumps the org generation in the same transaction, so the next read
walks afresh: a member who moved out is gone from the next request. The generation is read
before walking and the walk is stored under it, so a walk racing a write is stored under the
old generation and never served. Writes that bypass the audit (bulk import, the demo loader)
call :func:`forget_all` (through ``services.audit.forget_kept``). A kept answer holds for
its day only: "running today" changes with the date alone.

A kept read is one statement; a miss is one more (the walk stores itself and answers with
``INSERT ... RETURNING``). tests/test_kept_subtree.py checks kept answers against a fresh
walk after random audited org writes.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

from tortoise import connections

from kinerja_core.sql import fetch_all, int_list

# the audit entity names whose writes can move someone in or out of a subtree
ORG_ENTITIES = frozenset({"Unit", "Position", "Assignment", "Employee"})

_READ = (
    "SELECT g.generation AS generation, k.generation AS kept, k.day AS day,"
    " k.members AS members, k.direct AS direct FROM (SELECT 1 AS one) x"
    " LEFT JOIN org_generation g ON g.id = 1 LEFT JOIN kept_subtree k ON k.roots = ?"
)

_BUMP = (
    "INSERT INTO org_generation (id, generation) VALUES (1, 1)"
    " ON CONFLICT (id) DO UPDATE SET generation = org_generation.generation + 1"
)


@dataclass(frozen=True)
class Subtree:
    """The employees below some positions: ``ids`` ascending (the team view's order),
    ``direct`` those holding a position that reports straight to one of them."""

    ids: tuple[int, ...]
    direct: frozenset[int]
    members: frozenset[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "members", frozenset(self.ids))

    def page(
        self, after_id: int | None, size: int, *, direct_only: bool = False
    ) -> tuple[list[int], int, bool]:
        """Up to ``size`` ids after ``after_id``, the total and whether more follow."""
        ids: Sequence[int] = sorted(self.direct) if direct_only else self.ids
        start = bisect.bisect_right(ids, after_id) if after_id else 0
        chosen = list(ids[start : start + size])
        return chosen, len(ids), len(ids) > start + size


EMPTY = Subtree((), frozenset())


def _key(position_ids: Sequence[int]) -> str:
    key = ",".join(str(int(i)) for i in sorted(position_ids))
    if len(key) > 200:  # a viewer with dozens of positions: a digest keeps the key short
        key = "sha256:" + hashlib.sha256(key.encode()).hexdigest()
    return key


def _parse(members: str | None, direct: str | None) -> Subtree:
    """A kept row's JSON lists (``json.loads`` is C: ~4x faster than splitting and ``int``
    on 3,288 ids at 20k)."""
    if not members:
        return EMPTY
    ids = json.loads(members)
    ids.sort()  # the aggregate's order is not guaranteed
    return Subtree(tuple(ids), frozenset(json.loads(direct)) if direct else frozenset())


class _Parsed:
    """The process's last parsed kept rows, by roots, while they are what the table holds.

    A large subtree parsed per request is a few MB of ints, a tuple and a frozenset (about
    2.4 MB for Dinas Kesehatan's head at 100,000 employees). The request's objects sit in
    reference cycles (strawberry's info and context, the reader, futures), so that memory
    is freed only when the cyclic collector's oldest generation runs: under four team views
    at once a worker's RSS rose from 117 to 207 MB (docs/performance-log.md, mem100k). A row
    whose JSON text equals the one parsed before is answered with the same ``Subtree``:
    content addressed, so a kept answer is never another one than a fresh parse. Bounded by
    the ids it holds; small subtrees are not kept (cheap to parse).
    """

    MIN_IDS = 256
    MAX_IDS = 60_000  # ~5 MB of ints, tuples and sets at most

    def __init__(self) -> None:
        self._rows: OrderedDict[str, tuple[str, str | None, Subtree]] = OrderedDict()
        self._ids = 0

    def get(self, key: str, members: str | None, direct: str | None) -> Subtree:
        kept = self._rows.get(key)
        if kept is not None and kept[0] == members and kept[1] == direct:
            self._rows.move_to_end(key)
            return kept[2]
        answer = _parse(members, direct)
        if kept is not None:
            self._drop(key)
        if self.MIN_IDS <= len(answer.ids) <= self.MAX_IDS and members is not None:
            self._rows[key] = (members, direct, answer)
            self._ids += len(answer.ids)
            while self._ids > self.MAX_IDS:
                self._drop(next(iter(self._rows)))
        return answer

    def _drop(self, key: str) -> None:
        self._ids -= len(self._rows.pop(key)[2].ids)

    def clear(self) -> None:
        self._rows.clear()
        self._ids = 0


_parsed = _Parsed()


def _walk_and_keep(roots: str, dialect: str) -> str:
    """One statement: walk the tree below ``roots``, store the answer, return it."""
    direct_id = "CASE WHEN m.direct = 1 THEN m.id END"  # NULL for the others: not joined
    if dialect == "postgres":
        members = "'[' || string_agg(CAST(m.id AS TEXT), ',') || ']'"
        direct = f"'[' || string_agg(CAST({direct_id} AS TEXT), ',') || ']'"
    else:
        members = "'[' || group_concat(m.id, ',') || ']'"
        direct = f"'[' || group_concat({direct_id}, ',') || ']'"
    return (
        "WITH RECURSIVE below(id, direct) AS ("
        f" SELECT id, 1 FROM position WHERE reports_to_id IN {roots}"
        " UNION SELECT p.id, 0 FROM position p JOIN below b ON p.reports_to_id = b.id),"
        # CROSS JOIN: from the subtree to its assignments (position_id), where SQLite
        # otherwise scanned every assignment of the city (issue 14)
        " m(id, direct) AS (SELECT a.employee_id, MAX(b.direct) FROM below b"
        " CROSS JOIN assignment a WHERE a.position_id = b.id AND a.start_date <= ?"
        " AND (a.end_date IS NULL OR a.end_date >= ?) GROUP BY a.employee_id)"
        " INSERT INTO kept_subtree (roots, day, generation, members, direct)"
        " SELECT CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(10)), CAST(? AS BIGINT),"
        f" {members}, {direct} FROM m WHERE 1 = 1"
        " ON CONFLICT (roots) DO UPDATE SET day = excluded.day,"
        " generation = excluded.generation, members = excluded.members,"
        " direct = excluded.direct RETURNING members, direct"
    )


async def below(position_ids: Sequence[int], day: dt.date) -> Subtree:
    """The employees holding, on ``day``, a position below one of ``position_ids`` (directly
    or indirectly): kept (one statement) or walked and kept (two)."""
    if not position_ids:
        return EMPTY
    key = _key(position_ids)
    day_text = day.isoformat()
    row = (await fetch_all(_READ, [key]))[0]
    generation = row["generation"] or 0  # no row yet: nothing has bumped it
    if row["kept"] is not None and row["kept"] == generation and row["day"] == day_text:
        return _parsed.get(key, row["members"], row["direct"])
    dialect = connections.get("default").capabilities.dialect
    rows = await fetch_all(
        _walk_and_keep(int_list(sorted(position_ids)), dialect),
        [day, day, key, day_text, generation],
    )
    return _parsed.get(key, rows[0]["members"], rows[0]["direct"]) if rows else EMPTY


async def written(entities: Sequence[str]) -> None:
    """Audited writes of ``entities``: bump the org generation (once) if one can move
    someone in a subtree, inside the caller's transaction."""
    if any(entity in ORG_ENTITIES for entity in entities):
        await fetch_all(_BUMP)


async def forget_all() -> None:
    """Every kept subtree becomes stale (writes that bypass the audit)."""
    await fetch_all(_BUMP)
