"""Organisation use cases: agencies, unit trees, positions, employees and their assignments.

Central admins manage every agency; an agency admin manages their own agency only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kinerja_core.auth import access
from kinerja_core.domain.enums import (
    AssignmentKind,
    EmployeeKind,
    FunctionalLevel,
    PeriodKind,
    PlanStatus,
    PositionType,
)
from kinerja_core.domain.golongan import validate_golongan
from kinerja_core.domain.nip import validate_nip
from kinerja_core.errors import Conflict, ValidationFailed
from kinerja_core.models import Agency, Assignment, Employee, PerformancePlan, Position, Unit
from kinerja_core.services import audit
from kinerja_core.services.common import bump, check_version, clean_text, get_or_404, lock_row
from kinerja_core.services.context import ServiceContext
from kinerja_core.services.inputs import check_date

UNSET: Any = object()


def _require_manage_person(viewer: Any, employee: Employee, position: Position) -> None:
    """Acting on someone's assignment needs both their agency and the position's agency.

    Otherwise an agency admin could pull another agency's employee into a position of their
    own (becoming that person's supervisor) or end that person's assignment there.
    """
    access.require_manage_agency(viewer, position.agency_id)
    access.require_manage_agency(viewer, employee.agency_id)


def clean_code(value: str, field: str) -> str:
    """An agency or unit code, upper-cased: letters, digits, ``-``, ``_`` and ``.`` only.

    Shared with the bulk import (:mod:`kinerja_core.services.bulk_import`), which applies
    the same rules to each row as these one-by-one use cases do.
    """
    code = clean_text(value, field, required=True, max_len=32).upper()
    if not all(ch.isalnum() or ch in "-_." for ch in code):
        raise ValidationFailed("invalid", field=field, reason="A-Z, 0-9, - _ .")
    return code


async def create_agency(
    ctx: ServiceContext, code: str, name: str, period_kind: PeriodKind = PeriodKind.MONTHLY
) -> Agency:
    """Central admin adds an OPD; its root unit (the OPD itself) is created with it."""
    access.require_central_admin(ctx.require_viewer())
    code = clean_code(code, "code")
    name = clean_text(name, "name", required=True, max_len=200)
    async with ctx.transaction():
        if await Agency.filter(code=code).exists():
            raise Conflict("conflict.exists", field="code", entity="Agency")
        agency = await Agency.create(code=code, name=name, period_kind=period_kind)
        root = await Unit.create(agency=agency, code=code, name=name)
        await audit.record(ctx, "agency.create", "Agency", agency.id, after=audit.snapshot(agency))
        await audit.record(ctx, "unit.create", "Unit", root.id, after=audit.snapshot(root))
    return agency


async def update_agency(
    ctx: ServiceContext,
    agency_id: Any,
    *,
    name: str | None = None,
    period_kind: PeriodKind | None = None,
    version: int | None = None,
) -> Agency:
    """Rename an agency or change how it splits the year into monitoring periods."""
    viewer = ctx.require_viewer()
    async with ctx.transaction():
        agency = await get_or_404(Agency, agency_id, "agencyId")
        access.require_manage_agency(viewer, agency.id)
        check_version(agency, version)
        before = audit.snapshot(agency)
        if name is not None:
            agency.name = clean_text(name, "name", required=True, max_len=200)
        if period_kind is not None:
            agency.period_kind = period_kind
        await bump(agency, "name", "period_kind")
        await audit.record(
            ctx, "agency.update", "Agency", agency.id, before, audit.snapshot(agency)
        )
    return agency


async def _ensure_no_cycle(unit: Unit, parent: Unit | None) -> None:
    seen = {unit.id}
    while parent is not None:
        if parent.id in seen:
            raise ValidationFailed("org.unit_cycle", field="parentId")
        seen.add(parent.id)
        parent = await Unit.get_or_none(id=parent.parent_id) if parent.parent_id else None


async def create_unit(ctx: ServiceContext, parent_id: Any, code: str, name: str) -> Unit:
    """Add a unit under ``parent_id`` (same agency)."""
    viewer = ctx.require_viewer()
    parent = await get_or_404(Unit, parent_id, "parentId")
    access.require_manage_agency(viewer, parent.agency_id)
    code = clean_code(code, "code")
    name = clean_text(name, "name", required=True, max_len=200)
    async with ctx.transaction():
        if await Unit.filter(agency_id=parent.agency_id, code=code).exists():
            raise Conflict("conflict.exists", field="code", entity="Unit")
        unit = await Unit.create(agency_id=parent.agency_id, parent=parent, code=code, name=name)
        await audit.record(ctx, "unit.create", "Unit", unit.id, after=audit.snapshot(unit))
    return unit


async def update_unit(
    ctx: ServiceContext,
    unit_id: Any,
    *,
    name: str | None = None,
    parent_id: Any = UNSET,
    version: int | None = None,
) -> Unit:
    """Rename or move a unit inside its agency; the tree may not get a cycle."""
    viewer = ctx.require_viewer()
    async with ctx.transaction():
        unit = await get_or_404(Unit, unit_id, "unitId")
        access.require_manage_agency(viewer, unit.agency_id)
        check_version(unit, version)
        before = audit.snapshot(unit)
        if name is not None:
            unit.name = clean_text(name, "name", required=True, max_len=200)
        if parent_id is not UNSET:
            if unit.parent_id is None:
                raise ValidationFailed("org.root_unit", field="parentId")
            parent = await get_or_404(Unit, parent_id, "parentId")
            if parent.agency_id != unit.agency_id:
                raise ValidationFailed("org.other_agency", field="parentId")
            await _ensure_no_cycle(unit, parent)
            unit.parent_id = parent.id
        await bump(unit, "name", "parent_id")
        await audit.record(ctx, "unit.update", "Unit", unit.id, before, audit.snapshot(unit))
    return unit


def check_level(type_: PositionType, level: str) -> str:
    """The jenjang of a position, upper-cased; a functional position must have a known one."""
    level = (level or "").strip().upper()
    if type_ is PositionType.FUNGSIONAL and level not in FunctionalLevel.__members__:
        raise ValidationFailed(
            "org.functional_level", field="level", levels=", ".join(FunctionalLevel.__members__)
        )
    return level


async def _check_reports_to(
    viewer: Any, position_id: int | None, reports_to_id: Any
) -> Position | None:
    if reports_to_id is None:
        return None
    superior = await get_or_404(Position, reports_to_id, "reportsToId")
    # a reporting line into another agency (a kepala dinas under the Sekda) is BKPSDM's call:
    # it makes that agency's people supervisors of this position's holder
    access.require_manage_agency(viewer, superior.agency_id)
    seen = {position_id} if position_id else set()
    cursor: Position | None = superior
    while cursor is not None:
        if cursor.id in seen:
            raise ValidationFailed("org.position_cycle", field="reportsToId")
        seen.add(cursor.id)
        cursor = (
            await Position.get_or_none(id=cursor.reports_to_id) if cursor.reports_to_id else None
        )
    return superior


async def create_position(
    ctx: ServiceContext,
    unit_id: Any,
    name: str,
    type: PositionType,
    *,
    level: str = "",
    is_unit_head: bool = False,
    reports_to_id: Any = None,
) -> Position:
    """Add a jabatan to a unit; ``reports_to_id`` gives its holder's pejabat penilai."""
    viewer = ctx.require_viewer()
    unit = await get_or_404(Unit, unit_id, "unitId")
    access.require_manage_agency(viewer, unit.agency_id)
    name = clean_text(name, "name", required=True, max_len=200)
    level = check_level(type, level)
    async with ctx.transaction():
        superior = await _check_reports_to(viewer, None, reports_to_id)
        if is_unit_head:
            await lock_row(Unit, unit.id)  # no index says "one head per unit"
        if is_unit_head and await Position.filter(unit_id=unit.id, is_unit_head=True).exists():
            raise Conflict("org.unit_has_head", field="isUnitHead")
        position = await Position.create(
            agency_id=unit.agency_id,
            unit=unit,
            name=name,
            type=type,
            level=level,
            is_unit_head=is_unit_head,
            reports_to=superior,
        )
        await audit.record(
            ctx, "position.create", "Position", position.id, after=audit.snapshot(position)
        )
    return position


async def update_position(
    ctx: ServiceContext,
    position_id: Any,
    *,
    name: str | None = None,
    level: str | None = None,
    reports_to_id: Any = UNSET,
    version: int | None = None,
) -> Position:
    """Rename a position, change its level or the position it reports to."""
    viewer = ctx.require_viewer()
    async with ctx.transaction():
        position = await get_or_404(Position, position_id, "positionId")
        access.require_manage_agency(viewer, position.agency_id)
        check_version(position, version)
        before = audit.snapshot(position)
        if name is not None:
            position.name = clean_text(name, "name", required=True, max_len=200)
        if level is not None:
            position.level = check_level(position.type, level)
        if reports_to_id is not UNSET:
            superior = await _check_reports_to(viewer, position.id, reports_to_id)
            position.reports_to_id = superior.id if superior else None
        await bump(position, "name", "level", "reports_to_id")
        await audit.record(
            ctx, "position.update", "Position", position.id, before, audit.snapshot(position)
        )
    return position


async def create_employee(
    ctx: ServiceContext,
    agency_id: Any,
    nip: str,
    name: str,
    kind: EmployeeKind,
    golongan: str = "",
    email: str = "",
) -> Employee:
    """Register an ASN in an agency; the NIP is checked part by part."""
    viewer = ctx.require_viewer()
    agency = await get_or_404(Agency, agency_id, "agencyId")
    access.require_manage_agency(viewer, agency.id)
    parsed = validate_nip(nip, kind, today=ctx.today())
    name = clean_text(name, "name", required=True, max_len=200)
    golongan = validate_golongan(golongan, kind) if golongan else ""
    async with ctx.transaction():
        if await Employee.filter(nip=parsed.normalized).exists():
            raise Conflict("conflict.exists", field="nip", entity="Employee")
        employee = await Employee.create(
            agency=agency,
            nip=parsed.normalized,
            name=name,
            kind=kind,
            golongan=golongan,
            email=clean_text(email, "email", max_len=200),
        )
        await audit.record(
            ctx, "employee.create", "Employee", employee.id, after=audit.snapshot(employee)
        )
    return employee


async def update_employee(
    ctx: ServiceContext,
    employee_id: Any,
    *,
    name: str | None = None,
    golongan: str | None = None,
    email: str | None = None,
    agency_id: Any = None,
    version: int | None = None,
) -> Employee:
    """Change an employee's name, golongan, e-mail, or move them to another agency."""
    viewer = ctx.require_viewer()
    async with ctx.transaction():
        employee = await get_or_404(Employee, employee_id, "employeeId")
        access.require_manage_agency(viewer, employee.agency_id)
        check_version(employee, version)
        before = audit.snapshot(employee)
        if name is not None:
            employee.name = clean_text(name, "name", required=True, max_len=200)
        if golongan is not None:
            employee.golongan = validate_golongan(golongan, employee.kind) if golongan else ""
        if email is not None:
            employee.email = clean_text(email, "email", max_len=200)
        if agency_id is not None:
            target = await get_or_404(Agency, agency_id, "agencyId")
            access.require_manage_agency(viewer, target.id)
            employee.agency_id = target.id
        await bump(employee, "name", "golongan", "email", "agency_id")
        await audit.record(
            ctx, "employee.update", "Employee", employee.id, before, audit.snapshot(employee)
        )
    return employee


def ended_on_mutasi(plan: PerformancePlan, last_day: dt.date) -> None:
    """An approved SKP of a position left on ``last_day`` covers the days up to then: it
    stays APPROVED (its rater still evaluates it), its end moves, its approval snapshot stays."""
    plan.period_end = min(plan.period_end, last_day)


async def end_plans_on_mutasi(
    ctx: ServiceContext, employee_id: int, position_id: int, last_day: dt.date
) -> None:
    """An approved SKP of the position left covers the days up to the mutasi, no further, so
    its angka kredit and months count those days only (docs/evaluation-rules.md)."""
    plans = await PerformancePlan.filter(
        employee_id=employee_id,
        position_id=position_id,
        status=PlanStatus.APPROVED,
        period_start__lte=last_day,
        period_end__gt=last_day,
    )
    for plan in plans:
        before = audit.snapshot(plan)
        ended_on_mutasi(plan, last_day)
        await bump(plan, "period_end")
        await audit.record(
            ctx, "plan.end_on_mutasi", "PerformancePlan", plan.id, before, audit.snapshot(plan)
        )


async def assign_position(
    ctx: ServiceContext,
    employee_id: Any,
    position_id: Any,
    start_date: dt.date,
    *,
    kind: AssignmentKind = AssignmentKind.DEFINITIF,
    end_date: dt.date | None = None,
) -> Assignment:
    """Put an employee in a position from ``start_date``.

    A new definitive assignment is a mutasi: the previous definitive one ends the day before,
    the SKPs of the previous position that are not approved yet are closed, and an approved
    one ends that day too. Plt/Plh are
    acting assignments held beside the definitive one.
    """
    viewer = ctx.require_viewer()
    employee = await get_or_404(Employee, employee_id, "employeeId")
    position = await get_or_404(Position, position_id, "positionId")
    _require_manage_person(viewer, employee, position)
    check_date(start_date, "startDate")
    check_date(end_date, "endDate")
    if end_date is not None and end_date < start_date:
        raise ValidationFailed("org.assignment_dates", field="endDate")
    async with ctx.transaction():
        if position.is_unit_head:
            await lock_row(Position, position.id)  # no index says "one holder of a head post"
            taken = (
                await Assignment.filter(position_id=position.id, kind=kind, end_date__isnull=True)
                .exclude(employee_id=employee.id)
                .exists()
            )
            if taken:
                raise Conflict("org.position_taken", field="positionId")
        if kind is AssignmentKind.DEFINITIF:
            previous = await Assignment.filter(
                employee_id=employee.id, kind=AssignmentKind.DEFINITIF, end_date__isnull=True
            )
            for old in previous:
                if old.start_date >= start_date:
                    raise ValidationFailed("org.assignment_overlap", field="startDate")
                before = audit.snapshot(old)
                old.end_date = start_date - dt.timedelta(days=1)
                await bump(old, "end_date")
                await audit.record(
                    ctx, "assignment.end", "Assignment", old.id, before, audit.snapshot(old)
                )
                closed = await PerformancePlan.filter(
                    employee_id=employee.id,
                    position_id=old.position_id,
                    status__in=[PlanStatus.DRAFT, PlanStatus.RETURNED, PlanStatus.SUBMITTED],
                ).update(status=PlanStatus.CLOSED)
                if closed:
                    await audit.record(
                        ctx,
                        "plan.close_on_mutasi",
                        "Employee",
                        employee.id,
                        after={"closed": closed},
                    )
                await end_plans_on_mutasi(ctx, employee.id, old.position_id, old.end_date)
        assignment = await Assignment.create(
            employee=employee,
            position=position,
            kind=kind,
            start_date=start_date,
            end_date=end_date,
        )
        await audit.record(
            ctx, "assignment.create", "Assignment", assignment.id, after=audit.snapshot(assignment)
        )
    return assignment


async def end_assignment(ctx: ServiceContext, assignment_id: Any, end_date: dt.date) -> Assignment:
    """End an assignment (retirement, end of a Plt); a definitive one ends its approved SKP."""
    viewer = ctx.require_viewer()
    async with ctx.transaction():
        assignment = await get_or_404(
            Assignment, assignment_id, "assignmentId", related=("position", "employee")
        )
        _require_manage_person(viewer, assignment.employee, assignment.position)
        check_date(end_date, "endDate")
        if end_date < assignment.start_date:
            raise ValidationFailed("org.assignment_dates", field="endDate")
        before = audit.snapshot(assignment)
        assignment.end_date = end_date
        await bump(assignment, "end_date")
        await audit.record(
            ctx, "assignment.end", "Assignment", assignment.id, before, audit.snapshot(assignment)
        )
        if assignment.kind == AssignmentKind.DEFINITIF:
            await end_plans_on_mutasi(ctx, assignment.employee_id, assignment.position_id, end_date)
    return assignment
