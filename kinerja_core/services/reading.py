"""Read use cases: one employee, employee search. Access is checked here, not in resolvers."""

from __future__ import annotations

from typing import Any, TypeVar

from tortoise.queryset import QuerySet

from kinerja_core.auth import access
from kinerja_core.auth.viewer import running_on
from kinerja_core.domain.enums import AssignmentKind, EmployeeKind, PositionType
from kinerja_core.models import Account, Agency, Assignment, Employee, Unit
from kinerja_core.services.common import clean_text, get_or_404, row_or_404
from kinerja_core.services.context import ServiceContext
from kinerja_core.services.inputs import optional_id
from kinerja_core.sql import fetch_all, fetch_tuples, int_list

# A name or NIP fragment; longer is no search a person types (and SQLite refuses LIKE
# patterns over 50,000 bytes as "too complex").
MAX_SEARCH = 100
M = TypeVar("M")


async def get_employee(ctx: ServiceContext, employee_id: Any) -> Employee:
    """An employee the viewer may read (self, people below, own agency as head/admin), as a
    plain row (what the session's viewer carries too: every Employee field reads either)."""
    viewer = ctx.require_viewer()
    employee = await row_or_404(Employee, employee_id, "id")
    await access.require_read_employee(viewer, employee.id, employee.agency_id)
    return employee


async def agencies(ctx: ServiceContext) -> list[Agency]:
    """Every agency, by code: the org chart is for every signed-in user."""
    ctx.require_viewer()
    return await Agency.all().order_by("code")


async def org_row(ctx: ServiceContext, model: type[M], row_id: Any, field: str = "id") -> M:
    """One row of the org chart (agency, unit, position) for a signed-in user."""
    ctx.require_viewer()
    return await get_or_404(model, row_id, field)


async def own_account(ctx: ServiceContext) -> Account:
    """The viewer's own account, with its employee."""
    viewer = ctx.require_viewer()
    return await Account.get(id=viewer.account_id).select_related("employee")


async def unit_subtree_ids(unit_id: int) -> list[int]:
    """The unit and every unit below it (one recursive statement)."""
    rows = await fetch_all(
        "WITH RECURSIVE tree(id) AS (SELECT id FROM unit WHERE id = ?"
        " UNION SELECT u.id FROM unit u JOIN tree t ON u.parent_id = t.id) SELECT id FROM tree",
        [unit_id],
    )
    return [row["id"] for row in rows]


async def employee_search(
    ctx: ServiceContext,
    *,
    agency_id: Any = None,
    unit_id: Any = None,
    kind: EmployeeKind | None = None,
    position_type: PositionType | None = None,
    search: str | None = None,
) -> QuerySet[Employee]:
    """Employees visible to the viewer matching the filters, as a queryset to paginate."""
    viewer = ctx.require_viewer()
    scope = await access.read_scope(viewer)
    qs = Employee.all()
    scope_filter = scope.employee_filter()
    if scope_filter is not None:
        qs = qs.filter(scope_filter)
    if agency_id is not None:
        qs = qs.filter(agency_id=optional_id(agency_id, "agencyId"))
    if kind is not None:
        qs = qs.filter(kind=kind)
    if search:
        term = clean_text(search, "search", max_len=MAX_SEARCH)
        qs = (
            qs.filter(name__icontains=term)
            if not term.isdigit()
            else qs.filter(nip__startswith=term)
        )
    if unit_id is not None or position_type is not None:
        held = Assignment.filter(running_on(ctx.today()))
        if unit_id is not None:
            unit = await get_or_404(Unit, unit_id, "unitId")
            held = held.filter(position__unit_id__in=await unit_subtree_ids(unit.id))
        if position_type is not None:
            held = held.filter(position__type=position_type)
        ids = await held.values_list("employee_id", flat=True)
        qs = qs.filter(id__in=list(set(ids)) or [0])
    return qs


__all__ = [
    "agencies",
    "employee_search",
    "get_employee",
    "int_list",
    "org_row",
    "own_account",
    "unit_subtree_ids",
]


async def employee_units(employee_ids: list[int], day: Any) -> dict[int, tuple[int, str, str]]:
    """``{employee id: (unit id, unit code, unit name)}`` of the definitive assignment running
    on ``day`` (the earliest started when several run); employees without one are absent.
    One statement, for plugins' figures per unit (``kinerja_core.api``)."""
    if not employee_ids:
        return {}
    out: dict[int, tuple[int, str, str]] = {}
    for employee_id, unit_id, code, name in await fetch_tuples(
        _EMPLOYEE_UNITS_SQL.format(ids=int_list(sorted(set(employee_ids)))),
        [AssignmentKind.DEFINITIF.value, day, day],
    ):
        out.setdefault(employee_id, (unit_id, code, name))
    return out


# plain SQL, not the query builder: an agency's ids inline (ints only) cost the builder more
# than the statement (a quarter of a kompetensi JP-per-unit request, issue 14)
_EMPLOYEE_UNITS_SQL = (
    "SELECT a.employee_id, u.id, u.code, u.name FROM assignment a"
    " JOIN position p ON p.id = a.position_id JOIN unit u ON u.id = p.unit_id"
    " WHERE a.employee_id IN {ids} AND a.kind = ? AND a.start_date <= ?"
    " AND (a.end_date IS NULL OR a.end_date >= ?) ORDER BY a.start_date, a.id"
)


async def agency_admin_ids(agency_ids: list[int]) -> dict[int, list[int]]:
    """``{agency id: [employee ids of its active admin accounts]}`` (one statement), e.g. for
    a plugin routing work to an agency's admins (``kinerja_core.api``)."""
    rows = (
        await Account.filter(admin_agency_id__in=sorted(set(agency_ids)), is_active=True)
        .order_by("employee_id")
        .values("admin_agency_id", "employee_id")
    )
    out: dict[int, list[int]] = {a: [] for a in agency_ids}
    for r in rows:
        out[r["admin_agency_id"]].append(r["employee_id"])
    return out
