"""Development plans, completed records, JP against the 20 JP right, the BKPSDM summaries.

- The employee plans their own activities (``plan_activity``) and records what they
  completed (``record_completion``); both audited, one transaction each.
- ``training_hours``: JP of the completed records of a year against the right.
- ``agency_summary`` / ``below_right`` / ``city_summary``: what BKPSDM and an agency's head and
  admins see (needs by competency group, people below 20 JP); a fixed number of statements.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from kinerja_core.api import (
    Agency,
    Employee,
    NotAllowed,
    ServiceContext,
    ValidationFailed,
    audit,
    check_year,
    clean_text,
    get_or_404,
    parse_id,
    register_messages,
    require_plugin_enabled,
)

from kinerja_kompetensi.models import (
    ActivityKind,
    ActivityNeed,
    CompetencyGroup,
    DevelopmentActivity,
    DevelopmentNeed,
    DevelopmentRecord,
    NeedStatus,
)

PLUGIN = "kompetensi"
JP_RIGHT = 20
MAX_JP = 1000  # a long secondment; more in one activity is a typing slip


def _jp(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_JP:
        raise ValidationFailed("kompetensi.jp", field="jp", max=MAX_JP)
    return value


async def _own_employee(ctx: ServiceContext) -> Employee:
    viewer = ctx.require_viewer()
    employee = await Employee.get(id=viewer.employee_id)
    await require_plugin_enabled(ctx, PLUGIN, employee.agency_id)
    return employee


async def plan_activity(
    ctx: ServiceContext,
    *,
    year: int,
    kind: ActivityKind,
    title: str,
    provider: str | None,
    jp: int,
    start_date: dt.date,
    end_date: dt.date,
    need_ids: list[Any],
) -> tuple[DevelopmentActivity, list[int]]:
    """The employee plans an activity of their development plan for ``year``."""
    year = check_year(year)
    text = clean_text(title, "title", required=True, max_len=200)
    who = clean_text(provider, "provider", max_len=200)
    hours = _jp(jp)
    if start_date.year != year:
        raise ValidationFailed("kompetensi.start_in_year", field="startDate", year=year)
    if end_date < start_date:
        raise ValidationFailed("kompetensi.end_before_start", field="endDate")
    keys = sorted({parse_id(n, "needIds") for n in need_ids})
    employee = await _own_employee(ctx)
    async with ctx.transaction():
        needs = await DevelopmentNeed.filter(id__in=keys, employee_id=employee.id).exclude(
            status=NeedStatus.DISMISSED
        )
        if len(needs) != len(keys):
            raise ValidationFailed("kompetensi.need_not_own", field="needIds")
        row = await DevelopmentActivity.create(
            employee_id=employee.id,
            agency_id=employee.agency_id,
            year=year,
            kind=kind,
            title=text,
            provider=who,
            jp=hours,
            start_date=start_date,
            end_date=end_date,
            created_by_id=employee.id,
        )
        for need in needs:
            await ActivityNeed.create(activity=row, need=need, agency_id=employee.agency_id)
        after = {**audit.snapshot(row), "need_ids": keys}
        await audit.record(
            ctx, "kompetensi.activity.plan", "KompetensiActivity", row.id, after=after
        )
    return row, keys


async def record_completion(
    ctx: ServiceContext,
    *,
    completed_on: dt.date,
    jp: int,
    activity_id: Any = None,
    kind: ActivityKind | None = None,
    title: str | None = None,
    provider: str | None = None,
) -> DevelopmentRecord:
    """The employee records a completed activity (a planned one, or one not planned)."""
    hours = _jp(jp)
    year = check_year(completed_on.year, "completedOn")
    employee = await _own_employee(ctx)
    async with ctx.transaction():
        activity = None
        if activity_id is not None:
            activity = await get_or_404(DevelopmentActivity, activity_id, "activityId")
            if activity.employee_id != employee.id:
                raise NotAllowed("access.not_own")
        if kind is None and activity is None:
            raise ValidationFailed("required", field="kind")
        text = clean_text(
            title if title is not None else (activity.title if activity else ""),
            "title",
            required=True,
            max_len=200,
        )
        row = await DevelopmentRecord.create(
            employee_id=employee.id,
            agency_id=employee.agency_id,
            activity_id=activity.id if activity else None,
            year=year,
            kind=kind or activity.kind,
            title=text,
            provider=clean_text(
                provider if provider is not None else (activity.provider if activity else ""),
                "provider",
                max_len=200,
            ),
            jp=hours,
            completed_on=completed_on,
            created_by_id=employee.id,
        )
        await audit.record(
            ctx, "kompetensi.record.create", "KompetensiRecord", row.id, after=audit.snapshot(row)
        )
    return row


# ---------------------------------------------------------------- summaries


def require_sees_agency(ctx: ServiceContext, agency_id: int) -> None:
    """Agency figures with names: its head and admins, central admins (BKPSDM)."""
    if not ctx.require_viewer().sees_agency(agency_id):
        raise NotAllowed("access.denied")


@dataclass
class GroupCount:
    group: CompetencyGroup
    needs: int
    people: int


@dataclass
class PersonHours:
    employee_id: int
    nip: str
    name: str
    jp: int


async def agency_summary(ctx: ServiceContext, agency_id: int, year: int) -> list[GroupCount]:
    """Open needs (proposed or confirmed) of the agency's year by competency group."""
    rows = (
        await DevelopmentNeed.filter(agency_id=agency_id, year=year)
        .exclude(status=NeedStatus.DISMISSED)
        .values("group", "employee_id")
    )
    needs: dict[str, int] = defaultdict(int)
    people: dict[str, set[int]] = defaultdict(set)
    for r in rows:
        needs[str(r["group"])] += 1
        people[str(r["group"])].add(r["employee_id"])
    return [GroupCount(g, needs[g.value], len(people[g.value])) for g in CompetencyGroup]


async def jp_by_employee(employee_ids: list[int], year: int) -> dict[int, int]:
    rows = await DevelopmentRecord.filter(employee_id__in=employee_ids, year=year).values(
        "employee_id", "jp"
    )
    total: dict[int, int] = defaultdict(int)
    for r in rows:
        total[r["employee_id"]] += r["jp"]
    return total


async def below_right(ctx: ServiceContext, agency_id: int, year: int) -> list[PersonHours]:
    """The agency's employees with fewer than 20 JP completed in ``year``, fewest first."""
    employees = (
        await Employee.filter(agency_id=agency_id).order_by("name").values("id", "nip", "name")
    )
    rows = await DevelopmentRecord.filter(agency_id=agency_id, year=year).values(
        "employee_id", "jp"
    )
    total: dict[int, int] = defaultdict(int)
    for r in rows:
        total[r["employee_id"]] += r["jp"]
    out = [
        PersonHours(e["id"], e["nip"], e["name"], total[e["id"]])
        for e in employees
        if total[e["id"]] < JP_RIGHT
    ]
    return sorted(out, key=lambda p: (p.jp, p.name))


@dataclass
class AgencyLine:
    agency_id: int
    code: str
    name: str
    employees: int
    manajerial: int
    teknis: int
    sosial_kultural: int
    below_right: int


async def city_summary(ctx: ServiceContext, year: int) -> list[AgencyLine]:
    """BKPSDM: per agency, people with open needs per group and people below 20 JP."""
    if not ctx.require_viewer().is_central_admin:
        raise NotAllowed("access.central_admin")
    year = check_year(year)
    agencies = await Agency.all().order_by("code")
    employees = await Employee.all().values("id", "agency_id")
    needs = (
        await DevelopmentNeed.filter(year=year)
        .exclude(status=NeedStatus.DISMISSED)
        .values("agency_id", "group", "employee_id")
    )
    records = await DevelopmentRecord.filter(year=year).values("employee_id", "jp")
    people: dict[tuple[int, str], set[int]] = defaultdict(set)
    for n in needs:
        people[(n["agency_id"], str(n["group"]))].add(n["employee_id"])
    jp: dict[int, int] = defaultdict(int)
    for r in records:
        jp[r["employee_id"]] += r["jp"]
    staff: dict[int, list[int]] = defaultdict(list)
    for e in employees:
        staff[e["agency_id"]].append(e["id"])
    out = []
    for a in agencies:
        if not staff[a.id]:
            continue
        out.append(
            AgencyLine(
                a.id,
                a.code,
                a.name,
                len(staff[a.id]),
                len(people[(a.id, "MANAJERIAL")]),
                len(people[(a.id, "TEKNIS")]),
                len(people[(a.id, "SOSIAL_KULTURAL")]),
                sum(1 for e in staff[a.id] if jp[e] < JP_RIGHT),
            )
        )
    return out


register_messages(
    {
        "kompetensi.jp": (
            "JP harus bilangan bulat 1 sampai {max}.",
            "JP must be a whole number from 1 to {max}.",
        ),
        "kompetensi.start_in_year": (
            "Tanggal mulai harus pada tahun rencana ({year}).",
            "The start date must be in the plan's year ({year}).",
        ),
        "kompetensi.end_before_start": (
            "Tanggal selesai tidak boleh sebelum tanggal mulai.",
            "The end date cannot be before the start date.",
        ),
        "kompetensi.need_not_own": (
            "Kebutuhan pengembangan yang dipilih bukan milik Anda atau sudah ditolak.",
            "A chosen development need is not yours or was dismissed.",
        ),
    }
)
