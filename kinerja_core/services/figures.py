"""The agency dashboard's figures, kept per agency between writes (issue 14: flat as the city
grows).

Computing an agency's figures reads every plan, IKI, realisasi and evaluation of the agency's
year (Dinas Kesehatan has 3,289 people in the 20,000-employee demo), so a dashboard request
grew with the agency. They are computed once and kept in ``agency_figures`` (JSON per agency
and view, a view being a year and a period: the counts and the id lists behind the follow-up
lists), valid on the day they were computed while the agency's generation in
``agency_figures_state`` is the one they were computed at.

Every audited write (``services.audit.record``) that can change a figure bumps the generation
of the agency it touches in the same transaction, so the next dashboard read computes afresh:
a kept figure is never one that a committed write changed. The generation is read before the
figures are computed, so figures computed while a write commits are stored under the old
generation and never served. Writes that bypass ``audit.record`` (bulk import, the demo
loader) call :func:`forget_all`. Kept figures hold for their day only because "running
today" counts change with the date alone. tests/test_agency_figures.py checks kept figures
against a fresh computation after random writes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Awaitable, Callable
from typing import Any

from kinerja_core.sql import fetch_all

# How to find the agency a written row belongs to, from the columns of its audit snapshot
# (before or after): the first column present wins.
_AGENCY_OF = (
    ("agency_id", None),
    ("plan_id", "SELECT agency_id FROM performance_plan WHERE id = ?"),
    (
        "work_result_id",
        "SELECT p.agency_id FROM work_result w JOIN performance_plan p ON p.id = w.plan_id"
        " WHERE w.id = ?",
    ),
    (
        "indicator_id",
        "SELECT p.agency_id FROM indicator i JOIN work_result w ON w.id = i.work_result_id"
        " JOIN performance_plan p ON p.id = w.plan_id WHERE i.id = ?",
    ),
    (
        "evaluation_id",
        "SELECT p.agency_id FROM evaluation e JOIN performance_plan p ON p.id = e.plan_id"
        " WHERE e.id = ?",
    ),
    ("unit_id", "SELECT agency_id FROM unit WHERE id = ?"),
    ("position_id", "SELECT agency_id FROM position WHERE id = ?"),
)

# Entities whose writes can change a figure (audit entity names).
AFFECTING = frozenset(
    {
        "Agency",
        "Unit",
        "Position",
        "Assignment",
        "Employee",
        "Period",
        "PerformancePlan",
        "WorkResult",
        "Indicator",
        "Realization",
        "Evaluation",
        "Appeal",
        "OrganizationRating",
    }
)


async def written(
    entity: str, entity_id: Any, before: dict[str, Any] | None, after: dict[str, Any] | None
) -> None:
    """An audited write of ``entity``: bump the generation of the agency (or agencies) it
    touched, inside the caller's transaction."""
    if entity not in AFFECTING:
        return
    if entity == "Agency":
        await _bump([int(entity_id)])
        return
    agencies: set[int] = set()
    resolved = False
    for snap in (before, after):
        if not isinstance(snap, dict):
            continue
        for column, sql in _AGENCY_OF:
            value = snap.get(column)
            if value is None:
                continue
            resolved = True
            if sql is None:
                agencies.add(int(value))
            else:
                agencies.update(int(r["agency_id"]) for r in await fetch_all(sql, [int(value)]))
            break
    if resolved:
        await _bump(sorted(agencies))
    else:  # nothing says where the row belongs: forget every agency's figures
        await forget_all()


async def _bump(agency_ids: list[int]) -> None:
    if agency_ids:
        marks = ",".join("?" * len(agency_ids))
        await fetch_all(
            "UPDATE agency_figures_state SET generation = generation + 1"
            f" WHERE agency_id IN ({marks})",
            agency_ids,
        )


async def forget_all() -> None:
    """Every kept figure becomes stale (a write whose agency is unknown; writes that bypass
    ``audit.record`` call ``audit.forget_kept``, which also forgets the kept subtrees)."""
    await fetch_all("UPDATE agency_figures_state SET generation = generation + 1")


async def kept(
    agency_id: int,
    view: str,
    day: dt.date,
    compute: Callable[[], Awaitable[Any]],
) -> Any:
    """The kept figures of ``view`` (``dashboard:<year>:<period id or 0>``) if computed today
    under the agency's current generation (one statement), else ``compute()`` stored under
    the generation read before computing (two statements more)."""
    day_text = day.isoformat()
    rows = await fetch_all(
        "SELECT s.generation AS generation, f.generation AS kept, f.day AS day,"
        " f.figures AS figures FROM agency_figures_state s LEFT JOIN agency_figures f"
        " ON f.agency_id = s.agency_id AND f.view = ? WHERE s.agency_id = ?",
        [view, agency_id],
    )
    if rows and rows[0]["kept"] == rows[0]["generation"] and rows[0]["day"] == day_text:
        return json.loads(rows[0]["figures"])
    # the agency's generation row exists before computing, so that a write committing from
    # here on bumps it (on every miss: as many statements the first time as later)
    await fetch_all(
        "INSERT INTO agency_figures_state (agency_id, generation) VALUES (?, 0)"
        " ON CONFLICT (agency_id) DO NOTHING",
        [agency_id],
    )
    generation = rows[0]["generation"] if rows else 0
    figures = await compute()
    # one row per agency and view: yesterday's and stale ones are overwritten
    await fetch_all(
        "INSERT INTO agency_figures (agency_id, view, day, generation, figures)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (agency_id, view) DO UPDATE"
        " SET day = excluded.day, generation = excluded.generation,"
        " figures = excluded.figures",
        [agency_id, view, day_text, generation, json.dumps(figures)],
    )
    return figures
