"""The effect view: did the next final evaluation improve on a need someone trained for?

For every completed record (not rejected) of a planned activity linked to a need, the
**before** evaluation is the need's source (for a need the employee added: their latest final
evaluation ending on or before the completion), the **after** evaluation the employee's first
final evaluation whose period ends after the completion date (an annual one ends on
31 December). What is compared follows the need's source:

- ``PREDIKAT`` and ``EMPLOYEE``: the predikat (SANGAT_KURANG ... SANGAT_BAIK);
- ``BEHAVIOR``: the behaviour rating (the core keeps one behaviour rating per evaluation, so
  a need on one BerAKHLAK value is judged by that rating; the value is named on the row);
- ``INDICATOR``: the IKI's achievement in the evaluated period (the latest period with a
  realisasi for an annual evaluation), the same IKI when the after evaluation is of the same
  SKP, else the IKI of the later SKP with the same description; none: ``NOT_COMPARABLE``.

``NOT_YET``: no later final evaluation yet. Predikat and behaviour before/after are shown on
every row whatever the source. A fixed number of statements whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from kinerja_core.api import (
    Employee,
    Evaluation,
    Indicator,
    NotAllowed,
    PerformancePlan,
    Period,
    Realization,
    ServiceContext,
    check_year,
)

from kinerja_kompetensi.models import (
    RECORD_SHOWN,
    ActivityNeed,
    DevelopmentNeed,
    DevelopmentRecord,
    NeedSource,
    Verification,
    narrowed,
)
from kinerja_kompetensi.services import shown_achievement

PREDIKAT_RANK = {
    "SANGAT_KURANG": 0,
    "KURANG": 1,
    "BUTUH_PERBAIKAN": 2,
    "BAIK": 3,
    "SANGAT_BAIK": 4,
}
RATING_RANK = {"DI_BAWAH_EKSPEKTASI": 0, "SESUAI_EKSPEKTASI": 1, "DI_ATAS_EKSPEKTASI": 2}


class Outcome(StrEnum):
    IMPROVED = "IMPROVED"
    UNCHANGED = "UNCHANGED"
    WORSE = "WORSE"
    NOT_YET = "NOT_YET"  # no final evaluation after the completion yet
    NOT_COMPARABLE = "NOT_COMPARABLE"  # the IKI is not in the later SKP


@dataclass
class Effect:
    employee_id: int
    nip: str
    name: str
    agency_id: int
    need: DevelopmentNeed
    record: DevelopmentRecord
    before_evaluation_id: int | None
    after_evaluation_id: int | None
    predikat_before: str | None
    predikat_after: str | None
    behavior_before: str | None
    behavior_after: str | None
    achievement_before: Decimal | None
    achievement_after: Decimal | None
    outcome: Outcome


@dataclass
class ProgrammeEffect:
    kind: str
    provider: str
    people: int
    needs: int
    improved: int
    unchanged: int
    worse: int
    not_yet: int
    not_comparable: int


EVALUATION_FIELDS = ("id", "plan_id", "period_id", "year", "kind", "predikat", "behavior_rating")
INDICATOR_FIELDS = ("id", "description", "target_value", "target_min", "target_max")


def _ends(evaluation: Evaluation, periods: dict[int, Any]) -> dt.date:
    if evaluation.period_id is not None and evaluation.period_id in periods:
        return periods[evaluation.period_id].end_date
    return dt.date(evaluation.year, 12, 31)


def _compare(before: int | Decimal | None, after: int | Decimal | None) -> Outcome:
    if before is None or after is None:
        return Outcome.NOT_COMPARABLE
    if after > before:
        return Outcome.IMPROVED
    return Outcome.UNCHANGED if after == before else Outcome.WORSE


async def effects(
    ctx: ServiceContext,
    *,
    employee_ids: list[int] | None = None,
    agency_id: int | None = None,
    year: int | None = None,
) -> list[Effect]:
    """Effects of records completed in ``year`` (every year when None), of the given
    employees or of an agency (or the whole city when neither). Access is the caller's."""
    query = DevelopmentRecord.filter(activity_id__isnull=False).exclude(
        verification=Verification.REJECTED
    )
    query = narrowed(query, employee_id__in=employee_ids, agency_id=agency_id, year=year)
    records = await query.order_by("completed_on", "id").only(*RECORD_SHOWN)
    if not records:
        return []
    links = await ActivityNeed.filter(
        activity_id__in=sorted({r.activity_id for r in records})
    ).values("activity_id", "need_id")
    needs_of: dict[int, list[int]] = defaultdict(list)
    for link in links:
        needs_of[link["activity_id"]].append(link["need_id"])
    needs = {
        n.id: n for n in await DevelopmentNeed.filter(id__in=sorted({x["need_id"] for x in links}))
    }
    people = sorted({r.employee_id for r in records})
    staff = {e["id"]: e for e in await Employee.filter(id__in=people).values("id", "nip", "name")}
    plans = {
        p["id"]: p["employee_id"]
        for p in await PerformancePlan.filter(employee_id__in=people).values("id", "employee_id")
    }
    # only what is compared and shown: not the evaluations' snapshots, nor the periods' rows
    evaluations = (
        await Evaluation.filter(plan_id__in=sorted(plans), status="FINAL")
        .order_by("id")
        .only(*EVALUATION_FIELDS)
    )
    periods = {
        p.id: p
        for p in await Period.filter(
            id__in=sorted({e.period_id for e in evaluations if e.period_id})
        ).only("id", "end_date")
    }
    by_employee: dict[int, list[Evaluation]] = defaultdict(list)
    for e in evaluations:
        by_employee[plans[e.plan_id]].append(e)
    for group in by_employee.values():
        group.sort(key=lambda e: (_ends(e, periods), e.kind != "PERIODIC", e.id))
    by_id = {e.id: e for e in evaluations}
    pairs: list[
        tuple[DevelopmentRecord, DevelopmentNeed, Evaluation | None, Evaluation | None]
    ] = []
    for record in records:
        for need_id in sorted(needs_of[record.activity_id]):
            need = needs[need_id]
            own = by_employee[record.employee_id]
            before = by_id.get(need.evaluation_id) if need.evaluation_id else None
            if before is None:
                earlier = [e for e in own if _ends(e, periods) <= record.completed_on]
                before = earlier[-1] if earlier else None
            after = next(
                (
                    e
                    for e in own
                    if _ends(e, periods) > record.completed_on
                    and (before is None or e.id != before.id)
                ),
                None,
            )
            pairs.append((record, need, before, after))
    achievements = await _achievements(pairs, periods)
    out = []
    for record, need, before, after in pairs:
        person = staff[record.employee_id]
        a_before, a_after = achievements.get((need.id, record.id), (None, None))
        if after is None:
            outcome = Outcome.NOT_YET
        elif str(need.source) == NeedSource.INDICATOR:
            outcome = _compare(a_before, a_after)
        elif str(need.source) == NeedSource.BEHAVIOR:
            outcome = _compare(
                _rank(RATING_RANK, before, "behavior_rating"),
                _rank(RATING_RANK, after, "behavior_rating"),
            )
        else:
            outcome = _compare(
                _rank(PREDIKAT_RANK, before, "predikat"), _rank(PREDIKAT_RANK, after, "predikat")
            )
        out.append(
            Effect(
                employee_id=record.employee_id,
                nip=person["nip"],
                name=person["name"],
                agency_id=record.agency_id,
                need=need,
                record=record,
                before_evaluation_id=before.id if before else None,
                after_evaluation_id=after.id if after else None,
                predikat_before=_text(before, "predikat"),
                predikat_after=_text(after, "predikat"),
                behavior_before=_text(before, "behavior_rating"),
                behavior_after=_text(after, "behavior_rating"),
                achievement_before=a_before,
                achievement_after=a_after,
                outcome=outcome,
            )
        )
    return out


def _text(evaluation: Evaluation | None, field: str) -> str | None:
    return None if evaluation is None else str(getattr(evaluation, field))


def _rank(ranks: dict[str, int], evaluation: Evaluation | None, field: str) -> int | None:
    return None if evaluation is None else ranks.get(str(getattr(evaluation, field)))


async def _achievements(pairs, periods) -> dict[tuple[int, int], tuple[Decimal | None, ...]]:
    """(need id, record id) -> (achievement before, after) of INDICATOR needs. The IKI and
    realisasi are read as the columns compared, not as rows, and only the compared periods'
    realisasi when every evaluation compared is periodic (three or four statements)."""
    wanted = [
        (r, n, b, a)
        for r, n, b, a in pairs
        if str(n.source) == NeedSource.INDICATOR and n.indicator_id is not None
    ]
    if not wanted:
        return {}
    source_ids = sorted({n.indicator_id for _, n, _, _ in wanted})
    sources = {
        i["id"]: i
        for i in await Indicator.filter(id__in=source_ids).values(
            *INDICATOR_FIELDS, plan_id="work_result__plan_id"
        )
    }
    later_plans = sorted({a.plan_id for _, _, _, a in wanted if a is not None})
    candidates: dict[tuple[int, str], dict[str, Any]] = {}
    for i in (
        await Indicator.filter(work_result__plan_id__in=later_plans)
        .order_by("id")
        .values(*INDICATOR_FIELDS, plan_id="work_result__plan_id")
    ):
        candidates.setdefault((i["plan_id"], i["description"].strip().lower()), i)
    chosen: dict[tuple[int, int], tuple[dict | None, dict | None]] = {}
    for record, need, _before, after in wanted:
        source = sources.get(need.indicator_id)
        later = None
        if source is not None and after is not None:
            if after.plan_id == source["plan_id"]:
                later = source
            else:
                later = candidates.get((after.plan_id, source["description"].strip().lower()))
        chosen[(need.id, record.id)] = (source, later)
    indicator_ids = sorted({i["id"] for pair in chosen.values() for i in pair if i is not None})
    by_key = {(n.id, r.id): (b, a) for r, n, b, a in wanted}
    compared = [e for pair in by_key.values() for e in pair if e is not None]
    query = Realization.filter(indicator_id__in=indicator_ids)
    annual = any(e.period_id is None for e in compared)
    if not annual:  # periodic evaluations read their own period's realisasi only
        query = query.filter(period_id__in=sorted({e.period_id for e in compared}))
    rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
    found = await query.values("indicator_id", "period_id", "value", "provenance")
    ends = (
        {
            p["id"]: p
            for p in await Period.filter(id__in=sorted({r["period_id"] for r in found})).values(
                "id", "year", "end_date"
            )
        }
        if annual and found
        else {}
    )
    for row in found:
        period = ends.get(row["period_id"])
        row["period_year"] = period["year"] if period else None
        row["period_end"] = period["end_date"] if period else None
        rows[row["indicator_id"]].append(row)
    out = {}
    for key, (source, later) in chosen.items():
        before, after = by_key[key]
        out[key] = (
            _achievement_in(source, before, rows),
            _achievement_in(later, after, rows),
        )
    return out


def _achievement_in(
    indicator: dict[str, Any] | None, evaluation: Evaluation | None, rows
) -> Decimal | None:
    if indicator is None or evaluation is None:
        return None
    found = rows.get(indicator["id"], [])
    if evaluation.period_id is not None:
        found = [r for r in found if r["period_id"] == evaluation.period_id]
    else:
        found = sorted(
            (r for r in found if r["period_year"] == evaluation.year), key=lambda r: r["period_end"]
        )
    if not found:
        return None
    row = found[-1]
    return shown_achievement(
        row["provenance"],
        indicator["target_value"],
        row["value"],
        indicator["target_min"],
        indicator["target_max"],
    )


def programmes(rows: list[Effect]) -> list[ProgrammeEffect]:
    """Effects per activity kind and provider ("which programmes help"), most people first."""
    groups: dict[tuple[str, str], list[Effect]] = defaultdict(list)
    for e in rows:
        groups[(str(e.record.kind), e.record.provider)].append(e)
    out = []
    for (kind, provider), group in groups.items():
        tally = defaultdict(int)
        for e in group:
            tally[e.outcome] += 1
        out.append(
            ProgrammeEffect(
                kind=kind,
                provider=provider,
                people=len({e.employee_id for e in group}),
                needs=len(group),
                improved=tally[Outcome.IMPROVED],
                unchanged=tally[Outcome.UNCHANGED],
                worse=tally[Outcome.WORSE],
                not_yet=tally[Outcome.NOT_YET],
                not_comparable=tally[Outcome.NOT_COMPARABLE],
            )
        )
    return sorted(out, key=lambda p: (-p.people, p.kind, p.provider))


async def scoped_effects(ctx: ServiceContext, agency_id: int | None, year: int) -> list[Effect]:
    """An agency's effects for its head and admins and central admins; the whole city
    (``agency_id`` None) for central admins (BKPSDM)."""
    viewer = ctx.require_viewer()
    year = check_year(year)
    if agency_id is None:
        if not viewer.is_central_admin:
            raise NotAllowed("access.central_admin")
    elif not viewer.sees_agency(agency_id):
        raise NotAllowed("access.denied")
    return await effects(ctx, agency_id=agency_id, year=year)
