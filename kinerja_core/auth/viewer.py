"""The viewer: who is asking, with the roles that follow from their account and positions."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass, field

from tortoise.expressions import Q

from kinerja_core.domain.enums import Role
from kinerja_core.models import Account, Assignment, Position
from kinerja_core.sql import fetch_all, int_list


def running_on(day: dt.date) -> Q:
    """Assignments that are running on ``day`` (started, not yet ended)."""
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


@dataclass
class Viewer:
    """One signed-in person. SUPERVISOR and AGENCY_HEAD are derived, never stored."""

    account_id: int
    employee_id: int
    nip: str
    name: str
    agency_id: int
    is_central_admin: bool
    admin_agency_id: int | None
    position_ids: frozenset[int]
    head_agency_ids: frozenset[int]
    headed_unit_ids: frozenset[int]
    has_reports: bool
    day: dt.date
    session_id: int | None = None
    must_change_password: bool = False  # after an admin reset: only changePassword works
    _subordinates: asyncio.Future | None = field(default=None, repr=False)
    _direct: asyncio.Future | None = field(default=None, repr=False)

    @property
    def roles(self) -> list[Role]:
        roles = [Role.EMPLOYEE]
        if self.has_reports:
            roles.append(Role.SUPERVISOR)
        if self.head_agency_ids:
            roles.append(Role.AGENCY_HEAD)
        if self.admin_agency_id is not None:
            roles.append(Role.AGENCY_ADMIN)
        if self.is_central_admin:
            roles.append(Role.CENTRAL_ADMIN)
        return roles

    def sees_agency(self, agency_id: int) -> bool:
        """Central admin sees all; agency admin and head see their agency."""
        return (
            self.is_central_admin
            or self.admin_agency_id == agency_id
            or agency_id in self.head_agency_ids
        )

    def manages_agency(self, agency_id: int) -> bool:
        """Central admin manages all agencies; an agency admin manages only their own."""
        return self.is_central_admin or self.admin_agency_id == agency_id

    async def subordinate_ids(self) -> frozenset[int]:
        """Employees below the viewer's positions, directly or indirectly (one SQL statement)."""
        # A shared future: concurrent resolvers of one request wait for the same statement.
        if self._subordinates is None:
            self._subordinates = asyncio.ensure_future(
                _employees_below(self.position_ids, self.day, direct=False)
            )
        return await self._subordinates

    async def direct_report_ids(self) -> frozenset[int]:
        if self._direct is None:
            self._direct = asyncio.ensure_future(
                _employees_below(self.position_ids, self.day, direct=True)
            )
        return await self._direct


async def _employees_below(
    position_ids: frozenset[int], day: dt.date, *, direct: bool
) -> frozenset[int]:
    if not position_ids:
        return frozenset()
    roots = int_list(sorted(position_ids))
    if direct:
        below = f"SELECT id FROM position WHERE reports_to_id IN {roots}"
        sql = (
            f"SELECT DISTINCT a.employee_id AS id FROM assignment a WHERE a.position_id IN "
            f"({below}) AND a.start_date <= ? AND (a.end_date IS NULL OR a.end_date >= ?)"
        )
    else:
        sql = (
            "WITH RECURSIVE below(id) AS ("
            f" SELECT id FROM position WHERE reports_to_id IN {roots}"
            " UNION SELECT p.id FROM position p JOIN below b ON p.reports_to_id = b.id)"
            " SELECT DISTINCT a.employee_id AS id FROM assignment a JOIN below b"
            " ON a.position_id = b.id"
            " WHERE a.start_date <= ? AND (a.end_date IS NULL OR a.end_date >= ?)"
        )
    rows = await fetch_all(sql, [day, day])
    return frozenset(row["id"] for row in rows)


async def load_viewer(account: Account, day: dt.date | None = None) -> Viewer:
    """Build the viewer of an account (its employee must be prefetched)."""
    day = day or dt.date.today()
    employee = account.employee
    assignments = await Assignment.filter(running_on(day), employee_id=employee.id).select_related(
        "position__unit"
    )
    positions = [a.position for a in assignments]
    position_ids = frozenset(p.id for p in positions)
    head_positions = [p for p in positions if p.is_unit_head]
    has_reports = (
        bool(position_ids) and await Position.filter(reports_to_id__in=list(position_ids)).exists()
    )
    return Viewer(
        account_id=account.id,
        employee_id=employee.id,
        nip=employee.nip,
        name=employee.name,
        agency_id=employee.agency_id,
        is_central_admin=account.is_central_admin,
        admin_agency_id=account.admin_agency_id,
        position_ids=position_ids,
        head_agency_ids=frozenset(p.agency_id for p in head_positions if p.unit.parent_id is None),
        headed_unit_ids=frozenset(p.unit_id for p in head_positions),
        has_reports=has_reports,
        day=day,
        must_change_password=account.must_change_password,
    )
