"""The viewer: who is asking, with the roles that follow from their account and positions."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tortoise.expressions import Q

from kinerja_core.auth import subtree as kept
from kinerja_core.domain.enums import Role
from kinerja_core.models import Account
from kinerja_core.sql import fetch_all


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
    employee_row: Any = field(default=None, repr=False, compare=False)  # read with the viewer
    _subordinates: asyncio.Future | None = field(default=None, repr=False)

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

    async def subtree(self) -> kept.Subtree:
        """The employees below the viewer's positions, directly or indirectly, kept between
        org writes (:mod:`kinerja_core.auth.subtree`: one statement when kept)."""
        # A shared future: concurrent resolvers of one request wait for the same statement.
        if self._subordinates is None:
            self._subordinates = asyncio.ensure_future(
                kept.below(sorted(self.position_ids), self.day)
            )
        return await self._subordinates

    async def subordinate_ids(self) -> frozenset[int]:
        """Employees below the viewer's positions, directly or indirectly."""
        return (await self.subtree()).members

    async def direct_report_ids(self) -> frozenset[int]:
        """Employees holding a position that reports straight to one of the viewer's."""
        return (await self.subtree()).direct


# The viewer's running positions with what the roles need, and whether anyone reports to
# one of them, in one statement (raw SQL: it runs on every request, see issue 14).
_POSITIONS_SQL = (
    "SELECT p.id AS id, p.agency_id AS agency_id, p.unit_id AS unit_id,"
    " p.is_unit_head AS is_unit_head, u.parent_id AS unit_parent_id,"
    " CASE WHEN EXISTS (SELECT 1 FROM position r WHERE r.reports_to_id = p.id)"
    " THEN 1 ELSE 0 END AS has_reports"
    " FROM assignment a JOIN position p ON p.id = a.position_id JOIN unit u ON u.id = p.unit_id"
    " WHERE a.employee_id = ? AND a.start_date <= ? AND (a.end_date IS NULL OR a.end_date >= ?)"
)


async def build_viewer(*, employee_id: int, day: dt.date, **fields: Any) -> Viewer:
    """The viewer of an account whose fields are at hand (one statement for the positions);
    ``fields`` are :func:`viewer_with_positions`'s."""
    positions = await fetch_all(_POSITIONS_SQL, [employee_id, day, day])
    return viewer_with_positions(positions, employee_id=employee_id, day=day, **fields)


# The same running positions as _POSITIONS_SQL, as columns added to a statement that has the
# employee as ``e`` (LEFT JOINs: no position gives one row of NULLs), bound to (day, day).
POSITION_COLUMNS = (
    "p.id AS pos_id, p.agency_id AS pos_agency_id, p.unit_id AS pos_unit_id,"
    " p.is_unit_head AS pos_is_unit_head, u.parent_id AS pos_unit_parent_id,"
    " CASE WHEN EXISTS (SELECT 1 FROM position r WHERE r.reports_to_id = p.id)"
    " THEN 1 ELSE 0 END AS pos_has_reports"
)
POSITION_JOINS = (
    " LEFT JOIN assignment a ON a.employee_id = e.id AND a.start_date <= ?"
    " AND (a.end_date IS NULL OR a.end_date >= ?)"
    " LEFT JOIN position p ON p.id = a.position_id LEFT JOIN unit u ON u.id = p.unit_id"
)


def positions_of(rows: Sequence[Sequence[Any]], offset: int) -> list[dict[str, Any]]:
    """The positions of driver rows read with POSITION_COLUMNS starting at column ``offset``
    (read by position, no dict per row: it runs on every request), as _POSITIONS_SQL gives
    them."""
    end = offset + len(_POSITION_KEYS)
    return [
        dict(zip(_POSITION_KEYS, row[offset:end], strict=True))
        for row in rows
        if row[offset] is not None
    ]


# the keys of _POSITIONS_SQL's rows, in the order of POSITION_COLUMNS
_POSITION_KEYS = ("id", "agency_id", "unit_id", "is_unit_head", "unit_parent_id", "has_reports")


def viewer_with_positions(
    positions: list[dict[str, Any]],
    *,
    account_id: int,
    employee_id: int,
    nip: str,
    name: str,
    agency_id: int,
    is_central_admin: bool,
    admin_agency_id: int | None,
    must_change_password: bool,
    day: dt.date,
    employee_row: Any = None,
) -> Viewer:
    """The viewer of an account whose running positions are read."""
    heads = [p for p in positions if p["is_unit_head"]]
    return Viewer(
        account_id=account_id,
        employee_id=employee_id,
        nip=nip,
        name=name,
        agency_id=agency_id,
        is_central_admin=bool(is_central_admin),
        admin_agency_id=admin_agency_id,
        position_ids=frozenset(p["id"] for p in positions),
        head_agency_ids=frozenset(p["agency_id"] for p in heads if p["unit_parent_id"] is None),
        headed_unit_ids=frozenset(p["unit_id"] for p in heads),
        has_reports=any(p["has_reports"] for p in positions),
        day=day,
        must_change_password=bool(must_change_password),
        employee_row=employee_row,
    )


async def load_viewer(account: Account, day: dt.date | None = None) -> Viewer:
    """Build the viewer of an account (its employee must be prefetched)."""
    employee = account.employee
    return await build_viewer(
        account_id=account.id,
        employee_id=employee.id,
        nip=employee.nip,
        name=employee.name,
        agency_id=employee.agency_id,
        is_central_admin=account.is_central_admin,
        admin_agency_id=account.admin_agency_id,
        must_change_password=account.must_change_password,
        day=day or dt.date.today(),
        employee_row=employee,
    )
