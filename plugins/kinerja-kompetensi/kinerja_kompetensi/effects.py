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
import json
from collections import defaultdict, namedtuple
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from kinerja_core.api import (
    Evaluation,
    Indicator,
    NotAllowed,
    PerformancePlan,
    Period,
    Realization,
    ServiceContext,
    check_year,
)

from kinerja_kompetensi import plain
from kinerja_kompetensi.models import (
    ActivityNeed,
    DevelopmentNeed,
    NeedSource,
    Verification,
)
from kinerja_kompetensi.plans import record_rows
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
    need: Any  # the need's NEED_SHOWN columns (a plain row)
    record: Any  # the record's RECORD_SHOWN columns (a plain row)
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


# what the view shows of a need (KompetensiNeed) and compares of an evaluation and an IKI
NEED_SHOWN = (
    "id",
    "year",
    "group",
    "title",
    "source",
    "evaluation_id",
    "indicator_id",
    "behavior_value",
    "source_value",
    "priority",
    "status",
    "note",
    "decided_at",
    "version",
)
EVALUATION_FIELDS = ("id", "plan_id", "period_id", "year", "kind", "predikat", "behavior_rating")
INDICATOR_FIELDS = ("id", "description", "target_value", "target_min", "target_max")
# an evaluation as compared: its columns, its SKP's employee, its period's end (None: annual)
Compared = namedtuple("Compared", (*EVALUATION_FIELDS, "employee_id", "end_date"))


def _ends(evaluation: Compared) -> dt.date:
    """When the evaluated period ends (an annual evaluation: 31 December)."""
    if evaluation.end_date is not None:
        return evaluation.end_date
    return dt.date(evaluation.year, 12, 31)


def _compare(before: int | Decimal | None, after: int | Decimal | None) -> Outcome:
    if before is None or after is None:
        return Outcome.NOT_COMPARABLE
    if after > before:
        return Outcome.IMPROVED
    return Outcome.UNCHANGED if after == before else Outcome.WORSE


async def _records(
    employee_ids: list[int] | None, agency_id: int | None, year: int | None
) -> list[tuple[Any, str, str]]:
    """(record, nip, name) of the completed, not rejected records of a planned activity in
    the scope, by completion (one statement)."""
    where = ["r.activity_id IS NOT NULL", "r.verification <> ?"]
    params: list[Any] = [Verification.REJECTED.value]
    if employee_ids is not None:
        where.append(f"r.employee_id IN {plain.marks(employee_ids)}")
        params.extend(employee_ids)
    for column, value in (("agency_id", agency_id), ("year", year)):
        if value is not None:
            where.append(f"r.{column} = ?")
            params.append(value)
    return await record_rows(
        " AND ".join(where), params, order_by="r.completed_on, r.id", people=True
    )


async def _needs(activity_ids: list[int]) -> dict[int, list[Any]]:
    """``{activity id: [its needs by id]}`` (one statement)."""
    shape = plain.shape(DevelopmentNeed, NEED_SHOWN)
    rows = await plain.select(
        f"SELECT {shape.columns('n')}, l.activity_id FROM {plain.table(ActivityNeed)} l"
        f" JOIN {plain.table(DevelopmentNeed)} n ON n.id = l.need_id"
        f" WHERE l.activity_id IN {plain.marks(activity_ids)} ORDER BY n.id",
        activity_ids,
    )
    out: dict[int, list[Any]] = defaultdict(list)
    width = len(NEED_SHOWN)
    for r in rows:
        out[r[width]].append(shape.row(r))
    return out


async def _evaluations(people: list[int]) -> list[Compared]:
    """The final evaluations of ``people``'s SKPs by id, with the period's end (one
    statement): only what is compared and shown, not the snapshots."""
    columns = ", ".join(f"e.{c}" for c in EVALUATION_FIELDS)
    rows = await plain.select(
        f"SELECT {columns}, p.employee_id, pe.end_date FROM {plain.table(Evaluation)} e"
        f" JOIN {plain.table(PerformancePlan)} p ON p.id = e.plan_id"
        f" LEFT JOIN {plain.table(Period)} pe ON pe.id = e.period_id"
        f" WHERE p.employee_id IN {plain.marks(people)} AND e.status = ? ORDER BY e.id",
        [*people, "FINAL"],
    )
    return [Compared(*r[:8], None if r[8] is None else plain.as_date(r[8])) for r in rows]


async def effects(
    ctx: ServiceContext,
    *,
    employee_ids: list[int] | None = None,
    agency_id: int | None = None,
    year: int | None = None,
) -> list[Effect]:
    """Effects of records completed in ``year`` (every year when None), of the given
    employees or of an agency (or the whole city when neither). Access is the caller's.
    Plain rows in three to six statements whatever the number of rows."""
    records = await _records(employee_ids, agency_id, year)
    if not records:
        return []
    needs_of = await _needs(sorted({r.activity_id for r, _, _ in records}))
    evaluations = await _evaluations(sorted({r.employee_id for r, _, _ in records}))
    by_employee: dict[int, list[Compared]] = defaultdict(list)
    for e in evaluations:
        by_employee[e.employee_id].append(e)
    for group in by_employee.values():
        group.sort(key=lambda e: (_ends(e), e.kind != "PERIODIC", e.id))
    by_id = {e.id: e for e in evaluations}
    pairs: list[tuple[Any, Any, Compared | None, Compared | None]] = []
    for record, _, _ in records:
        own = by_employee[record.employee_id]
        for need in needs_of[record.activity_id]:
            before = by_id.get(need.evaluation_id) if need.evaluation_id else None
            if before is None:
                earlier = [e for e in own if _ends(e) <= record.completed_on]
                before = earlier[-1] if earlier else None
            after = next(
                (
                    e
                    for e in own
                    if _ends(e) > record.completed_on and (before is None or e.id != before.id)
                ),
                None,
            )
            pairs.append((record, need, before, after))
    achievements = await _achievements(pairs)
    people = {r.id: (nip, name) for r, nip, name in records}
    out = []
    for record, need, before, after in pairs:
        nip, name = people[record.id]
        a_before, a_after = achievements.get((need.id, record.id), (None, None))
        out.append(
            Effect(
                employee_id=record.employee_id,
                nip=nip,
                name=name,
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
                outcome=_outcome(need, before, after, a_before, a_after),
            )
        )
    return out


def _outcome(need, before, after, a_before, a_after) -> Outcome:
    """What the need's source names, compared between the two evaluations."""
    if after is None:
        return Outcome.NOT_YET
    if str(need.source) == NeedSource.INDICATOR:
        return _compare(a_before, a_after)
    if str(need.source) == NeedSource.BEHAVIOR:
        return _compare(
            _rank(RATING_RANK, before, "behavior_rating"),
            _rank(RATING_RANK, after, "behavior_rating"),
        )
    return _compare(
        _rank(PREDIKAT_RANK, before, "predikat"), _rank(PREDIKAT_RANK, after, "predikat")
    )


def _text(evaluation: Compared | None, field: str) -> str | None:
    return None if evaluation is None else str(getattr(evaluation, field))


def _rank(ranks: dict[str, int], evaluation: Compared | None, field: str) -> int | None:
    return None if evaluation is None else ranks.get(str(getattr(evaluation, field)))


async def _indicators(where: str, params: list[Any]) -> Sequence[Any]:
    """The driver's rows of the IKI matching ``where`` on ``i`` and ``w`` (their RHK), by id
    (one statement): the columns compared (``INDICATOR_FIELDS``), then the SKP's id."""
    shape = plain.shape(Indicator, INDICATOR_FIELDS)
    work_result = Indicator._meta.fields_map["work_result"].related_model
    return await plain.select(
        f"SELECT {shape.columns('i')}, w.plan_id FROM {plain.table(Indicator)} i"
        f" JOIN {plain.table(work_result)} w ON w.id = i.work_result_id WHERE {where}"
        " ORDER BY i.id",
        params,
    )


async def _achievements(pairs) -> dict[tuple[int, int], tuple[Decimal | None, ...]]:
    """(need id, record id) -> (achievement before, after) of INDICATOR needs. The IKI and
    realisasi are read as the columns compared, not as rows, and only the compared periods'
    realisasi when every evaluation compared is periodic (three statements)."""
    wanted = [
        (r, n, b, a)
        for r, n, b, a in pairs
        if str(n.source) == NeedSource.INDICATOR and n.indicator_id is not None
    ]
    if not wanted:
        return {}
    source_ids = sorted({n.indicator_id for _, n, _, _ in wanted})
    shape, plan = plain.shape(Indicator, INDICATOR_FIELDS), len(INDICATOR_FIELDS)
    sources = {
        r[0]: (shape.row(r), r[plan])
        for r in await _indicators(f"i.id IN {plain.marks(source_ids)}", source_ids)
    }
    later_plans = sorted({a.plan_id for _, _, _, a in wanted if a is not None})
    candidates: dict[tuple[int, str], Any] = {}  # driver rows: converted only when chosen
    for r in await _indicators(f"w.plan_id IN {plain.marks(later_plans)}", later_plans):
        candidates.setdefault((r[plan], r[1].strip().lower()), r)
    chosen: dict[tuple[int, int], tuple[Any, Any]] = {}
    for record, need, _before, after in wanted:
        found = sources.get(need.indicator_id)
        source = found[0] if found else None
        later = None
        if found is not None and after is not None:
            if after.plan_id == found[1]:
                later = source
            else:
                found = candidates.get((after.plan_id, source.description.strip().lower()))
                later = None if found is None else shape.row(found)
        chosen[(need.id, record.id)] = (source, later)
    indicator_ids = sorted({i.id for pair in chosen.values() for i in pair if i is not None})
    by_key = {(n.id, r.id): (b, a) for r, n, b, a in wanted}
    compared = [e for pair in by_key.values() for e in pair if e is not None]
    rows = await _realisasi(indicator_ids, compared)
    out = {}
    for key, (source, later) in chosen.items():
        before, after = by_key[key]
        out[key] = (
            _achievement_in(source, before, rows),
            _achievement_in(later, after, rows),
        )
    return out


# a realisasi as read by _realisasi, by position (the driver's row, not converted)
PERIOD, VALUE, PROVENANCE, PERIOD_YEAR, PERIOD_END = 1, 2, 3, 4, 5


async def _realisasi(indicator_ids: list[int], compared: list[Compared]) -> dict[int, list]:
    """``{IKI id: [its realisasi with their period's year and end]}``, only the compared
    periods' when every compared evaluation is periodic (one statement). Values are left as
    the driver gives them (the period's end is an ISO date or a date: both order by time):
    converted only for the realisasi an achievement is read from."""
    where = f"r.indicator_id IN {plain.marks(indicator_ids)}"
    params: list[Any] = list(indicator_ids)
    if all(e.period_id is not None for e in compared):  # their own period's realisasi only
        periods = sorted({e.period_id for e in compared})
        where += f" AND r.period_id IN {plain.marks(periods)}"
        params.extend(periods)
    rows: dict[int, list[Any]] = defaultdict(list)
    for r in await plain.select(
        "SELECT r.indicator_id, r.period_id, r.value, r.provenance, pe.year, pe.end_date"
        f" FROM {plain.table(Realization)} r LEFT JOIN {plain.table(Period)} pe"
        f" ON pe.id = r.period_id WHERE {where} ORDER BY r.id",
        params,
    ):
        rows[r[0]].append(r)
    return rows


def _achievement_in(indicator: Any, evaluation: Compared | None, rows) -> Decimal | None:
    if indicator is None or evaluation is None:
        return None
    found = rows.get(indicator.id, [])
    if evaluation.period_id is not None:
        found = [r for r in found if r[PERIOD] == evaluation.period_id]
    else:
        found = sorted(
            (r for r in found if r[PERIOD_YEAR] == evaluation.year), key=lambda r: r[PERIOD_END]
        )
    if not found:
        return None
    row = found[-1]
    provenance = row[PROVENANCE]
    if isinstance(provenance, (str, bytes)):
        provenance = json.loads(provenance)
    value = row[VALUE]
    if value is not None:
        value = Realization._meta.fields_map["value"].to_python_value(value)
    return shown_achievement(
        provenance,
        indicator.target_value,
        value,
        indicator.target_min,
        indicator.target_max,
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
