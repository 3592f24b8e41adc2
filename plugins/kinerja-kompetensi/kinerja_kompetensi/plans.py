"""Development plans, completed records and their certificates, JP against the 20 JP right,
the BKPSDM summaries.

- The employee plans their own activities (``plan_activity``), edits or cancels them
  (``update_activity``, ``cancel_activity``) and submits the plan of the year
  (``submit_plan``) while it is not approved; their rater approves it or returns it with a
  note (``approve_plan``, ``return_plan``). An approved plan is locked until it is returned.
  Changing a SUBMITTED plan takes it back to DRAFT (submitted again when ready), so the rater
  never approves something they did not see.
- The employee records what they completed (``record_completion``) and uploads its
  certificate (``upload_certificate``: bukti dukung's types, limits and SHA-256, the same
  evidence store); the agency admin verifies or rejects it with a reason
  (``verify_record``, ``reject_record``). **Only verified JP count toward the 20 JP right**;
  JP of records not verified yet are shown apart as pending.
- ``training_hours``: verified and pending JP of a year against the right.
- ``agency_summary`` / ``below_right`` / ``unit_hours`` / ``city_summary``: what BKPSDM and an
  agency's head and admins see; a fixed number of statements.

Every write is one transaction and audited.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, namedtuple
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kinerja_core.api import (
    DownloadFile,
    Employee,
    NotAllowed,
    NotFound,
    PerformancePlan,
    ServiceContext,
    ValidationFailed,
    audit,
    bump,
    can_read_employee,
    check_person_quota,
    check_version,
    check_year,
    clean_text,
    discard_if_unreferenced,
    employee_units,
    get_or_404,
    parse_id,
    register_messages,
    register_stored_files,
    require_manage_agency,
    require_plugin_enabled,
    require_read_employee,
    store_upload,
)
from tortoise.functions import Sum

from kinerja_kompetensi import plain
from kinerja_kompetensi.models import (
    RECORD_SHOWN,
    ActivityKind,
    ActivityNeed,
    ActivityStatus,
    CompetencyGroup,
    DevelopmentActivity,
    DevelopmentNeed,
    DevelopmentPlan,
    DevelopmentRecord,
    NeedStatus,
    PlanStatus,
    Verification,
)
from kinerja_kompetensi.services import skp_rater_ids

register_stored_files(
    DevelopmentRecord,
    path_field="certificate_path",
    sha_field="certificate_sha256",
    size_field="certificate_size",
    owner_field="employee_id",
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
        await _editable_plan(ctx, employee, year, "year", create=True)
        needs = await _own_needs(employee.id, keys)
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
        await _link_needs(row, needs)
        after = {**audit.snapshot(row), "need_ids": keys}
        await audit.record(
            ctx, "kompetensi.activity.plan", "KompetensiActivity", row.id, after=after
        )
    return row, keys


ENTITIES = {
    DevelopmentPlan: "KompetensiPlan",
    DevelopmentActivity: "KompetensiActivity",
    DevelopmentRecord: "KompetensiRecord",
}


async def _change(ctx: ServiceContext, row: Any, action: str, **changes: Any) -> None:
    """Set ``changes`` on a locked row, bump its version and audit before and after."""
    before = audit.snapshot(row)
    for name, value in changes.items():
        setattr(row, name, value)
    await bump(row, *changes)
    await audit.record(ctx, action, ENTITIES[type(row)], row.id, before, audit.snapshot(row))


async def _own_needs(employee_id: int, keys: list[int]) -> list[DevelopmentNeed]:
    needs = await DevelopmentNeed.filter(id__in=keys, employee_id=employee_id).exclude(
        status=NeedStatus.DISMISSED
    )
    if len(needs) != len(keys):
        raise ValidationFailed("kompetensi.need_not_own", field="needIds")
    return needs


async def _link_needs(activity: DevelopmentActivity, needs: list[DevelopmentNeed]) -> None:
    await ActivityNeed.bulk_create(
        [ActivityNeed(activity=activity, need=n, agency_id=activity.agency_id) for n in needs]
    )


def _status_name(status: Any) -> str:
    return str(getattr(status, "value", status))


async def _editable_plan(
    ctx: ServiceContext, employee: Employee, year: int, field: str, *, create: bool = False
) -> DevelopmentPlan | None:
    """The employee's plan of ``year`` when its activities may change (not APPROVED): a
    SUBMITTED one goes back to DRAFT (audited ``kompetensi.plan.reopen``); ``create``
    writes the DRAFT plan of a year that has none yet (audited ``kompetensi.plan.create``)."""
    plan = (
        await DevelopmentPlan.filter(employee_id=employee.id, year=year).select_for_update().first()
    )
    if plan is None:
        if not create:
            return None
        plan = await DevelopmentPlan.create(
            employee_id=employee.id, agency_id=employee.agency_id, year=year
        )
        await audit.record(
            ctx, "kompetensi.plan.create", "KompetensiPlan", plan.id, after=audit.snapshot(plan)
        )
        return plan
    if plan.status == PlanStatus.APPROVED:
        raise ValidationFailed("kompetensi.plan_approved", field=field, year=year)
    if plan.status == PlanStatus.SUBMITTED:
        await _change(
            ctx, plan, "kompetensi.plan.reopen", status=PlanStatus.DRAFT, submitted_at=None
        )
    return plan


async def _own_activity(ctx: ServiceContext, activity_id: Any, version: int | None):
    employee = await _own_employee(ctx)
    row = await get_or_404(DevelopmentActivity, activity_id, "id", for_update=True)
    if row.employee_id != employee.id:
        raise NotAllowed("access.not_own")
    check_version(row, version)
    if row.status == ActivityStatus.CANCELLED:
        raise ValidationFailed("kompetensi.activity_cancelled", field="id")
    await _editable_plan(ctx, employee, row.year, "id")
    return employee, row


async def update_activity(
    ctx: ServiceContext,
    activity_id: Any,
    version: int | None,
    *,
    kind: ActivityKind | None = None,
    title: str | None = None,
    provider: str | None = None,
    jp: int | None = None,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    need_ids: list[Any] | None = None,
) -> tuple[DevelopmentActivity, list[int]]:
    """The employee changes a planned activity while the plan is not approved; omitted
    fields stay, ``need_ids`` (when given) replaces the linked needs."""
    keys = None if need_ids is None else sorted({parse_id(n, "needIds") for n in need_ids})
    async with ctx.transaction():
        employee, row = await _own_activity(ctx, activity_id, version)
        before = {**audit.snapshot(row), "need_ids": await _need_ids(row.id)}
        if kind is not None:
            row.kind = kind
        if title is not None:
            row.title = clean_text(title, "title", required=True, max_len=200)
        if provider is not None:
            row.provider = clean_text(provider, "provider", max_len=200)
        if jp is not None:
            row.jp = _jp(jp)
        row.start_date = start_date or row.start_date
        row.end_date = end_date or row.end_date
        if row.start_date.year != row.year:
            raise ValidationFailed("kompetensi.start_in_year", field="startDate", year=row.year)
        if row.end_date < row.start_date:
            raise ValidationFailed("kompetensi.end_before_start", field="endDate")
        if keys is not None:
            needs = await _own_needs(employee.id, keys)
            await ActivityNeed.filter(activity_id=row.id).delete()
            await _link_needs(row, needs)
        await bump(row, "kind", "title", "provider", "jp", "start_date", "end_date")
        linked = keys if keys is not None else before["need_ids"]
        await audit.record(
            ctx,
            "kompetensi.activity.update",
            "KompetensiActivity",
            row.id,
            before,
            {**audit.snapshot(row), "need_ids": linked},
        )
    return row, linked


async def _need_ids(activity_id: int) -> list[int]:
    rows = await ActivityNeed.filter(activity_id=activity_id).values_list("need_id", flat=True)
    return sorted(rows)


async def cancel_activity(
    ctx: ServiceContext, activity_id: Any, version: int | None
) -> tuple[DevelopmentActivity, list[int]]:
    """The employee cancels a planned activity while the plan is not approved (one already
    recorded as completed stays: its record says it happened)."""
    async with ctx.transaction():
        _employee, row = await _own_activity(ctx, activity_id, version)
        if await DevelopmentRecord.filter(activity_id=row.id).exists():
            raise ValidationFailed("kompetensi.activity_done", field="id")
        await _change(ctx, row, "kompetensi.activity.cancel", status=ActivityStatus.CANCELLED)
    return row, await _need_ids(row.id)


async def submit_plan(ctx: ServiceContext, year: int, version: int | None) -> DevelopmentPlan:
    """The employee submits the plan of ``year`` (DRAFT or RETURNED, with at least one
    planned activity) to their rater."""
    year = check_year(year)
    employee = await _own_employee(ctx)
    async with ctx.transaction():
        plan = (
            await DevelopmentPlan.filter(employee_id=employee.id, year=year)
            .select_for_update()
            .first()
        )
        planned = await DevelopmentActivity.filter(
            employee_id=employee.id, year=year, status=ActivityStatus.PLANNED
        ).exists()
        if plan is None or not planned:
            raise ValidationFailed("kompetensi.plan_empty", field="year", year=year)
        check_version(plan, version)
        if plan.status not in (PlanStatus.DRAFT, PlanStatus.RETURNED):
            raise ValidationFailed(
                "kompetensi.plan_state", field="year", status=_status_name(plan.status)
            )
        if not await skp_rater_ids(employee.id, year):
            raise ValidationFailed("kompetensi.plan_no_rater", field="year", year=year)
        await _change(
            ctx, plan, "kompetensi.plan.submit", status=PlanStatus.SUBMITTED, submitted_at=ctx.now()
        )
    return plan


async def decide_plan(
    ctx: ServiceContext, plan_id: Any, version: int | None, approve: bool, note: str | None
) -> DevelopmentPlan:
    """The employee's rater (of an SKP of the plan's year) approves a SUBMITTED plan, or
    returns a SUBMITTED or APPROVED one with a note saying what to change."""
    viewer = ctx.require_viewer()
    remark = clean_text(note, "note", required=not approve, max_len=2000)
    async with ctx.transaction():
        plan = await get_or_404(DevelopmentPlan, parse_id(plan_id, "id"), "id", for_update=True)
        employee = await Employee.get(id=plan.employee_id)
        await require_read_employee(viewer, employee.id, employee.agency_id)
        await require_plugin_enabled(ctx, PLUGIN, plan.agency_id)
        if viewer.employee_id not in await skp_rater_ids(plan.employee_id, plan.year):
            raise NotAllowed("kompetensi.not_plan_rater")
        check_version(plan, version)
        allowed = (
            (PlanStatus.SUBMITTED,) if approve else (PlanStatus.SUBMITTED, PlanStatus.APPROVED)
        )
        if plan.status not in allowed:
            raise ValidationFailed(
                "kompetensi.plan_state", field="id", status=_status_name(plan.status)
            )
        await _change(
            ctx,
            plan,
            "kompetensi.plan.approve" if approve else "kompetensi.plan.return",
            status=PlanStatus.APPROVED if approve else PlanStatus.RETURNED,
            note=remark,
            decided_by_id=viewer.employee_id,
            decided_at=ctx.now(),
        )
    return plan


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
            if activity.status == ActivityStatus.CANCELLED:
                raise ValidationFailed("kompetensi.activity_cancelled", field="activityId")
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


# ---------------------------------------------------------------- certificates


async def upload_certificate(ctx: ServiceContext, record_id: Any, upload: Any) -> DevelopmentRecord:
    """The employee uploads the certificate of a completed record (bukti dukung's allowed
    types, first-byte check, size limit, per-person byte quota and SHA-256; the same evidence
    store). The record waits for the agency admin again (PENDING); a verified record's
    certificate cannot be replaced. The replaced file goes when nothing else names it."""
    employee = await _own_employee(ctx)
    key = parse_id(record_id, "recordId")
    await _own_record(employee, key)  # access and state before the file is read
    stored = await store_upload(ctx.settings, upload)
    replaced = ""
    try:
        async with ctx.transaction():
            row = await _own_record(employee, key, for_update=True)
            await check_person_quota(
                ctx.settings, employee.id, stored.size - (row.certificate_size or 0)
            )
            before = audit.snapshot(row)
            replaced = row.certificate_path
            row.certificate_filename = stored.filename
            row.certificate_content_type = stored.content_type
            row.certificate_size = stored.size
            row.certificate_sha256 = stored.sha256
            row.certificate_path = stored.storage_path
            row.certificate_uploaded_at = ctx.now()
            row.verification = Verification.PENDING
            row.verified_by_id = None
            row.verified_at = None
            row.rejection_reason = ""
            await bump(row, *CERTIFICATE_FIELDS)
            await audit.record(
                ctx,
                "kompetensi.record.certificate",
                "KompetensiRecord",
                row.id,
                before,
                audit.snapshot(row),
            )
    except BaseException:
        await discard_if_unreferenced(ctx.settings, stored.storage_path)
        raise
    if replaced and replaced != stored.storage_path:
        await discard_if_unreferenced(ctx.settings, replaced)
    return row


CERTIFICATE_FIELDS = (
    "certificate_filename",
    "certificate_content_type",
    "certificate_size",
    "certificate_sha256",
    "certificate_path",
    "certificate_uploaded_at",
    "verification",
    "verified_by_id",
    "verified_at",
    "rejection_reason",
)


async def _own_record(employee: Employee, key: int, *, for_update: bool = False):
    row = await get_or_404(DevelopmentRecord, key, "recordId", for_update=for_update)
    if row.employee_id != employee.id:
        raise NotAllowed("access.not_own")
    if row.verification == Verification.VERIFIED:
        raise ValidationFailed("kompetensi.record_verified", field="recordId")
    return row


async def verify_record(
    ctx: ServiceContext, record_id: Any, version: int | None, approve: bool, reason: str | None
) -> DevelopmentRecord:
    """The agency admin (of the record's agency; central admins too) verifies a record whose
    certificate waits (PENDING), or rejects it with a reason the employee sees. Nobody
    verifies their own record."""
    viewer = ctx.require_viewer()
    why = clean_text(reason, "reason", required=not approve, max_len=2000)
    async with ctx.transaction():
        row = await get_or_404(DevelopmentRecord, parse_id(record_id, "id"), "id", for_update=True)
        require_manage_agency(viewer, row.agency_id)
        await require_plugin_enabled(ctx, PLUGIN, row.agency_id)
        if row.employee_id == viewer.employee_id:
            raise NotAllowed("kompetensi.verify_own")
        check_version(row, version)
        if row.verification != Verification.PENDING:
            raise ValidationFailed(
                "kompetensi.record_not_pending",
                field="id",
                status=_status_name(row.verification),
            )
        await _change(
            ctx,
            row,
            "kompetensi.record.verify" if approve else "kompetensi.record.reject",
            verification=Verification.VERIFIED if approve else Verification.REJECTED,
            rejection_reason="" if approve else why,
            verified_by_id=viewer.employee_id,
            verified_at=ctx.now(),
        )
    return row


async def record_rows(
    where: str,
    params: list[Any],
    *,
    order_by: str,
    limit: int | None = None,
    people: bool = False,
) -> list[Any]:
    """Records matching ``where`` (SQL on alias ``r``, ``?`` placeholders) in ``order_by``
    order, at most ``limit``, as plain rows of the ``RECORD_SHOWN`` columns
    (:func:`plain.shape`: the ORM's attribute names and Python values, no model object); with
    ``people``, ``(row, nip, name)`` with the employee's NIP and name joined. One statement,
    no query builder: building the models and their query cost more than the SQL (issue 14).
    Access is the caller's."""
    shape = plain.shape(DevelopmentRecord, RECORD_SHOWN)
    sql = f"SELECT {shape.columns('r')}"
    if people:
        sql += ", e.nip, e.name"
    sql += f" FROM {plain.table(DevelopmentRecord)} r"
    if people:
        sql += f" JOIN {plain.table(Employee)} e ON e.id = r.employee_id"
    sql += f" WHERE {where} ORDER BY {order_by}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    rows = await plain.select(sql, params)
    if not people:
        return [shape.row(r) for r in rows]
    width = len(RECORD_SHOWN)
    return [(shape.row(r), r[width], r[width + 1]) for r in rows]


async def records_of(employee_ids: list[int], year: int) -> list[Any]:
    """The employees' records of ``year``, by completion (one statement)."""
    if not employee_ids:
        return []
    return await record_rows(
        f'r."employee_id" IN {plain.marks(employee_ids)} AND r."year" = ?',
        [*employee_ids, year],
        order_by='r."completed_on", r."id"',
    )


async def certificate_file(ctx: ServiceContext, record_id: int) -> DownloadFile:
    """The certificate of a record, for whoever may read the employee's kompetensi data;
    someone else's answers exactly like a missing one (404)."""
    viewer = ctx.require_viewer()
    row = await DevelopmentRecord.get_or_none(id=record_id)
    if row is None or not await _may_read(viewer, row.employee_id):
        raise NotFound("not_found", field="recordId", entity="KompetensiRecord", id=record_id)
    await require_plugin_enabled(ctx, PLUGIN, row.agency_id)
    if not row.certificate_path:
        raise NotFound("kompetensi.no_certificate", field="recordId")
    return DownloadFile(
        row.certificate_filename,
        row.certificate_content_type or "application/octet-stream",
        stored_key=row.certificate_path,
        size=row.certificate_size,
    )


async def _may_read(viewer: Any, employee_id: int) -> bool:
    employee = await Employee.get_or_none(id=employee_id)
    return employee is not None and await can_read_employee(viewer, employee.id, employee.agency_id)


async def records_to_verify(
    ctx: ServiceContext, agency_id: int, limit: int | None = None
) -> list[tuple[Any, str, str]]:
    """The agency's records waiting for verification, oldest upload first, as ``(record,
    nip, name)``: for the agency's admins and central admins. ``limit``:
    only the first ones (the list's cap reads ``offset + count + 1``). One statement."""
    require_manage_agency(ctx.require_viewer(), agency_id)
    await require_plugin_enabled(ctx, PLUGIN, agency_id)
    return await record_rows(
        'r."agency_id" = ? AND r."verification" = ?',
        [agency_id, Verification.PENDING.value],
        order_by='r."certificate_uploaded_at", r."id"',
        limit=limit,
        people=True,
    )


async def plans_to_approve(
    ctx: ServiceContext, year: int
) -> list[tuple[PlanRow, Person, list[Activity]]]:
    """SUBMITTED plans of ``year`` of the employees whose SKP of that year the viewer rates,
    each with its employee and activities, oldest submission first (one statement, plain
    rows)."""
    viewer = ctx.require_viewer()
    employee, skp = Employee._meta.db_table, PerformancePlan._meta.db_table
    rows = await plain.select(
        f"SELECT {_PLAN_VIEW_COLUMNS}, e.nip, e.name {_PLAN_VIEW_JOINS}"
        f' JOIN "{employee}" e ON e.id = k.employee_id'
        f' WHERE k.employee_id IN (SELECT employee_id FROM "{skp}" WHERE rater_id = ?'
        " AND year = ?) AND k.year = ? AND k.status = ?"
        f" ORDER BY k.submitted_at, k.id, {_ACTIVITY_ORDER}",
        [viewer.employee_id, year, year, PlanStatus.SUBMITTED.value],
    )
    return [
        (_plan_row(r), Person(r[1], r[_PLAN_VIEW_WIDTH], r[_PLAN_VIEW_WIDTH + 1]), activities)
        for r, activities in _grouped(rows, 0, len(PlanRow._fields))
    ]


# ---------------------------------------------------------------- plan reads (plain rows)
#
# The plan views (an employee's plan, needs and activities of a year; the plans a rater
# approves) read a few rows each. Through the ORM every row became a model (each column
# through its field, dates through iso8601) and every statement was built by pypika: 3-4
# times the hand-written SQL (issue 14). These read the columns shown, filtered in SQL by
# year, into plain rows with the same attribute names and Python values as the models
# (enums as their text, which the GraphQL enums take; dates with the standard library's
# parsers), for whoever the caller already checked may read them.

PlanRow = namedtuple("PlanRow", "id employee_id year status note submitted_at decided_at version")
ActivityRow = namedtuple(
    "ActivityRow", "id employee_id year kind title provider jp start_date end_date status version"
)
NeedRow = namedtuple(
    "NeedRow",
    "id employee_id year group title source evaluation_id indicator_id behavior_value"
    " source_value priority status note decided_at version",
)
Person = namedtuple("Person", "id nip name")

_PLAN_COLUMNS = ", ".join(f"k.{c}" for c in PlanRow._fields)
_ACTIVITY_COLUMNS = ", ".join(f"a.{c}" for c in ActivityRow._fields)
_NEED_COLUMNS = ", ".join(f'"{c}"' for c in NeedRow._fields)
Activity = tuple[ActivityRow, list[int]]  # an activity and its needs' ids, in order

_LINKS = "LEFT JOIN kompetensi_activity_need l ON l.activity_id = a.id"
_ACTIVITY_ORDER = "a.start_date, a.id, l.need_id"
# a plan, its activities and their links to needs: one row per link (or activity, or plan)
_PLAN_VIEW_COLUMNS = f"{_PLAN_COLUMNS}, {_ACTIVITY_COLUMNS}, l.need_id"
_PLAN_VIEW_WIDTH = len(PlanRow._fields) + len(ActivityRow._fields) + 1
_PLAN_VIEW_JOINS = (
    "FROM kompetensi_plan k LEFT JOIN kompetensi_activity a ON a.employee_id = k.employee_id"
    f" AND a.year = k.year {_LINKS}"
)


def _plan_row(r: Sequence[Any]) -> PlanRow:
    return PlanRow(
        r[0], r[1], r[2], r[3], r[4], plain.as_datetime(r[5]), plain.as_datetime(r[6]), r[7]
    )


def _activity(r: Sequence[Any], at: int) -> ActivityRow:
    """The activity in the columns of ``r`` from ``at`` (:data:`_ACTIVITY_COLUMNS`)."""
    return ActivityRow(
        *r[at : at + 7], plain.as_date(r[at + 7]), plain.as_date(r[at + 8]), r[at + 9], r[at + 10]
    )


def _grouped(rows: Sequence[Any], key_at: int, activity_at: int) -> list[tuple[Any, list]]:
    """``[(first row of a key, [(activity, its needs' ids)]), ...]`` of ``rows`` ordered by
    the key (column ``key_at``), then activity, then need: activities joined to their links
    to needs (one row per link, or one with none), in the columns from ``activity_at``; a
    key without activities (NULLs there) gets none."""
    out: list[tuple[Any, list]] = []
    last_key = last_activity = None
    need_at = activity_at + len(ActivityRow._fields)
    activities: list = []
    needs: list[int] = []
    for r in rows:
        if r[key_at] != last_key:
            last_key, last_activity, activities = r[key_at], None, []
            out.append((r, activities))
        activity_id = r[activity_at]
        if activity_id is None:
            continue
        if activity_id != last_activity:
            last_activity, needs = activity_id, []
            activities.append((_activity(r, activity_at), needs))
        if r[need_at] is not None:
            needs.append(r[need_at])
    return out


async def plan_views(
    employee_ids: Sequence[int], year: int
) -> dict[int, tuple[PlanRow | None, list[Activity]]]:
    """``{employee id: (plan of year or None, [(activity, its needs' ids)])}``: the plans
    with their activities in one statement; the activities of those without a plan (there
    should be none: the first activity writes the plan) in a second one, only then."""
    rows = await plain.select(
        f"SELECT {_PLAN_VIEW_COLUMNS} {_PLAN_VIEW_JOINS} WHERE k.employee_id IN"
        f" {plain.marks(employee_ids)} AND k.year = ? ORDER BY k.id, {_ACTIVITY_ORDER}",
        [*employee_ids, year],
    )
    found: dict[int, tuple[PlanRow | None, list[Activity]]] = {
        r[1]: (_plan_row(r), activities)
        for r, activities in _grouped(rows, 0, len(PlanRow._fields))
    }
    planless = [k for k in employee_ids if k not in found]
    if planless:
        others = await activity_rows(planless, year)
        for k in planless:
            found[k] = (None, others[k])
    return found


async def activity_rows(employee_ids: Sequence[int], year: int) -> dict[int, list[Activity]]:
    """``{employee id: [(activity, its needs' ids in order)]}`` of ``year``, by start date,
    in one statement (each activity joined to its links to needs); [] for those with none."""
    rows = await plain.select(
        f"SELECT {_ACTIVITY_COLUMNS}, l.need_id FROM kompetensi_activity a {_LINKS}"
        f" WHERE a.employee_id IN {plain.marks(employee_ids)} AND a.year = ?"
        f" ORDER BY a.employee_id, {_ACTIVITY_ORDER}",
        [*employee_ids, year],
    )
    out: dict[int, list[Activity]] = defaultdict(list)
    for r, activities in _grouped(rows, 1, 0):
        out[r[1]] = activities
    return out


async def need_rows(
    employee_ids: Sequence[int], year: int | None, include_dismissed: bool
) -> dict[int, list[NeedRow]]:
    """``{employee id: [needs]}`` of ``year`` (None: every year, newest first), by id;
    DISMISSED ones only when ``include_dismissed``."""
    where = [f"employee_id IN {plain.marks(employee_ids)}"]
    params: list[Any] = list(employee_ids)
    if year is not None:
        where.append("year = ?")
        params.append(year)
    if not include_dismissed:
        where.append("status <> ?")
        params.append(NeedStatus.DISMISSED.value)
    rows = await plain.select(
        f"SELECT {_NEED_COLUMNS} FROM kompetensi_need WHERE {' AND '.join(where)}"
        " ORDER BY year DESC, id",
        params,
    )
    out: dict[int, list[NeedRow]] = defaultdict(list)
    for r in rows:
        out[r[1]].append(NeedRow(*r[:13], plain.as_datetime(r[13]), r[14]))
    return out


async def people(employee_ids: Sequence[int]) -> dict[int, Person]:
    """NIP and name of each employee (one statement)."""
    rows = await plain.select(
        f"SELECT id, nip, name FROM {plain.table(Employee)}"
        f" WHERE id IN {plain.marks(employee_ids)}",
        list(employee_ids),
    )
    return {r[0]: Person(r[0], r[1], r[2]) for r in rows}


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
    pending_jp: int = 0


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


def counts(verification: Any) -> bool:
    """Whether a record's JP count toward the 20 JP right: verified ones only."""
    return _status_name(verification) == Verification.VERIFIED.value


def pending(verification: Any) -> bool:
    """JP shown apart: recorded, not verified yet and not rejected."""
    return _status_name(verification) in (Verification.UNVERIFIED.value, Verification.PENDING.value)


@dataclass
class Hours:
    jp: int = 0  # verified
    pending_jp: int = 0

    def add(self, jp: int, verification: Any) -> None:
        if counts(verification):
            self.jp += jp
        elif pending(verification):
            self.pending_jp += jp


async def hours_by_employee(year: int, **filters: Any) -> dict[int, Hours]:
    """Verified and pending JP of ``year`` per employee (one statement, summed in SQL per
    employee and verification)."""
    rows = (
        await DevelopmentRecord.filter(year=year, **filters)
        .annotate(total=Sum("jp"))
        .group_by("employee_id", "verification")
        .values_list("employee_id", "verification", "total")
    )
    total: dict[int, Hours] = defaultdict(Hours)
    for employee_id, verification, jp in rows:
        total[employee_id].add(int(jp), verification)
    return total


@dataclass
class AgencyHours:
    """An agency's employees ``(id, nip, name)`` by name and the verified and pending JP of
    a year of the agency's records per employee: what ``below_right`` and ``unit_hours``
    both read (two statements, shared when a query asks both)."""

    staff: list[tuple[int, str, str]]
    hours: dict[int, Hours]


_STAFF = 'SELECT "id", "nip", "name" FROM "employee" WHERE "agency_id" = ? ORDER BY "name"'
# verified and pending JP (what Hours.add counts) per employee, summed in SQL
_VERIFIED_AND_PENDING = (
    'SUM(CASE WHEN "verification" = ? THEN "jp" ELSE 0 END),'
    ' SUM(CASE WHEN "verification" IN (?, ?) THEN "jp" ELSE 0 END)'
)
_COUNTED = [v.value for v in (Verification.VERIFIED, Verification.UNVERIFIED, Verification.PENDING)]
_AGENCY_HOURS = (
    f'SELECT "employee_id", {_VERIFIED_AND_PENDING} FROM "kompetensi_record"'
    ' WHERE "year" = ? AND "agency_id" = ? GROUP BY "employee_id"'
)


async def agency_hours(agency_id: int, year: int) -> AgencyHours:
    """:class:`AgencyHours` of the agency's ``year``."""
    staff = [(e[0], e[1], e[2]) for e in await plain.select(_STAFF, [agency_id])]
    total: dict[int, Hours] = defaultdict(Hours)
    for employee_id, jp, pending_jp in await plain.select(
        _AGENCY_HOURS, [*_COUNTED, year, agency_id]
    ):
        total[employee_id] = Hours(int(jp), int(pending_jp))
    return AgencyHours(staff, total)


async def below_right(
    ctx: ServiceContext, agency_id: int, year: int, read: AgencyHours | None = None
) -> list[PersonHours]:
    """The agency's employees with fewer than 20 verified JP in ``year``, fewest first
    (``read``: the agency's hours when already read)."""
    read = read or await agency_hours(agency_id, year)
    total = read.hours
    out = [
        PersonHours(key, nip, name, total[key].jp, total[key].pending_jp)
        for key, nip, name in read.staff
        if total[key].jp < JP_RIGHT
    ]
    return sorted(out, key=lambda p: (p.jp, p.name))


@dataclass
class UnitHours:
    unit_id: int | None
    code: str
    name: str
    employees: int
    jp: int
    pending_jp: int
    met: int
    below_right: int


def day_of(ctx: ServiceContext, year: int) -> dt.date:
    """Whose unit counts: today's for the current year, the 31st of December for a past one."""
    today = ctx.today()
    return today if year >= today.year else dt.date(year, 12, 31)


async def unit_hours(
    ctx: ServiceContext, agency_id: int, year: int, read: AgencyHours | None = None
) -> list[UnitHours]:
    """JP of the agency's year per unit (the unit of each employee's definitive assignment):
    employees, verified JP, pending JP, people at 20 JP or more, people below (``read``: the
    agency's hours when already read)."""
    year = check_year(year)
    read = read or await agency_hours(agency_id, year)
    staff = [key for key, _, _ in read.staff]
    units = await employee_units(staff, day_of(ctx, year))
    total = read.hours
    lines: dict[int | None, UnitHours] = {}
    for employee_id in staff:
        unit_id, code, name = units.get(employee_id, (None, "", ""))
        line = lines.setdefault(unit_id, UnitHours(unit_id, code, name, 0, 0, 0, 0, 0))
        hours = total[employee_id]
        line.employees += 1
        line.jp += hours.jp
        line.pending_jp += hours.pending_jp
        if hours.jp >= JP_RIGHT:
            line.met += 1
        else:
            line.below_right += 1
    return sorted(lines.values(), key=lambda u: (u.unit_id is None, u.code, u.name))


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
    jp: int
    pending_jp: int


# per agency of the employees: staff, people below the right, verified and pending JP of
# the year (each employee's records summed first)
_CITY_HOURS = (
    f'WITH h ("employee_id", jp, pending) AS (SELECT "employee_id", {_VERIFIED_AND_PENDING}'
    ' FROM "kompetensi_record" WHERE "year" = ? GROUP BY "employee_id")'
    ' SELECT e."agency_id", COUNT(*), SUM(CASE WHEN COALESCE(h.jp, 0) < ? THEN 1 ELSE 0 END),'
    " COALESCE(SUM(h.jp), 0), COALESCE(SUM(h.pending), 0)"
    ' FROM "employee" e LEFT JOIN h ON h."employee_id" = e."id" GROUP BY e."agency_id"'
)
# people with open needs per agency and group
_CITY_NEEDS = (
    'SELECT "agency_id", "group", COUNT(DISTINCT "employee_id") FROM "kompetensi_need"'
    ' WHERE "year" = ? AND "status" <> ? GROUP BY "agency_id", "group"'
)
_AGENCIES = 'SELECT "id", "code", "name" FROM "agency" ORDER BY "code"'


async def city_summary(ctx: ServiceContext, year: int) -> list[AgencyLine]:
    """BKPSDM: per agency, people with open needs per group, people below 20 verified JP,
    verified and pending JP."""
    if not ctx.require_viewer().is_central_admin:
        raise NotAllowed("access.central_admin")
    year = check_year(year)
    # per agency in SQL (a row per agency, or per agency and group): three statements
    staff = {
        agency_id: (int(n), int(below), int(jp), int(pending_jp))
        for agency_id, n, below, jp, pending_jp in await plain.select(
            _CITY_HOURS, [*_COUNTED, year, JP_RIGHT]
        )
    }
    people = {
        (agency_id, group): n
        for agency_id, group, n in await plain.select(
            _CITY_NEEDS, [year, NeedStatus.DISMISSED.value]
        )
    }
    lines = []
    for agency_id, code, name in await plain.select(_AGENCIES, []):
        if not staff.get(agency_id, (0,))[0]:
            continue
        n, below, jp, pending_jp = staff[agency_id]
        lines.append(
            AgencyLine(
                agency_id,
                code,
                name,
                n,
                people.get((agency_id, "MANAJERIAL"), 0),
                people.get((agency_id, "TEKNIS"), 0),
                people.get((agency_id, "SOSIAL_KULTURAL"), 0),
                below,
                jp,
                pending_jp,
            )
        )
    return lines


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
        "kompetensi.plan_approved": (
            "Rencana pengembangan {year} sudah disetujui; minta pejabat penilai "
            "mengembalikannya untuk mengubah kegiatan.",
            "The development plan of {year} is approved; ask your rater to return it to "
            "change its activities.",
        ),
        "kompetensi.plan_empty": (
            "Rencana pengembangan {year} belum memiliki kegiatan.",
            "The development plan of {year} has no planned activity yet.",
        ),
        "kompetensi.plan_state": (
            "Rencana pengembangan berstatus {status}; tindakan ini tidak dapat dilakukan.",
            "The development plan is {status}; this cannot be done now.",
        ),
        "kompetensi.plan_no_rater": (
            "Belum ada pejabat penilai untuk {year} (SKP tahun itu) yang dapat menyetujui rencana.",
            "There is no rater for {year} yet (an SKP of that year) to approve the plan.",
        ),
        "kompetensi.not_plan_rater": (
            "Hanya pejabat penilai pegawai ini yang dapat menyetujui atau mengembalikan "
            "rencana pengembangannya.",
            "Only this employee's rater can approve or return their development plan.",
        ),
        "kompetensi.activity_cancelled": (
            "Kegiatan ini sudah dibatalkan.",
            "This activity was cancelled.",
        ),
        "kompetensi.activity_done": (
            "Kegiatan ini sudah dicatat selesai dan tidak dapat dibatalkan.",
            "This activity is recorded as completed and cannot be cancelled.",
        ),
        "kompetensi.record_verified": (
            "Catatan ini sudah diverifikasi; sertifikatnya tidak dapat diganti.",
            "This record is verified; its certificate cannot be replaced.",
        ),
        "kompetensi.record_not_pending": (
            "Catatan ini berstatus {status}; hanya sertifikat yang menunggu verifikasi yang "
            "dapat diverifikasi atau ditolak.",
            "This record is {status}; only a certificate waiting for verification can be "
            "verified or rejected.",
        ),
        "kompetensi.verify_own": (
            "Anda tidak dapat memverifikasi catatan pengembangan Anda sendiri.",
            "You cannot verify your own development record.",
        ),
        "kompetensi.no_certificate": (
            "Catatan ini belum memiliki sertifikat.",
            "This record has no certificate yet.",
        ),
        "kompetensi.need_not_own": (
            "Kebutuhan pengembangan yang dipilih bukan milik Anda atau sudah ditolak.",
            "A chosen development need is not yours or was dismissed.",
        ),
    }
)
