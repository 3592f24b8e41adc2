"""Row-level access: the one place that decides who may read or change what.

- An employee reads and writes only their own data.
- A supervisor reads the data of everyone below them (directly or indirectly) and is the rater
  of the plans that name them as pejabat penilai (their direct reports at drafting time).
- The atasan pejabat penilai named on a plan decides its appeals.
- An agency head and an agency admin see their agency; an agency admin also manages it.
- A central admin (BKPSDM) sees and manages everything.

Services call these before touching data; resolvers never decide access themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.expressions import Q

from kinerja_core.auth.viewer import Viewer
from kinerja_core.errors import NotAllowed
from kinerja_core.sql import fetch_all


@dataclass(frozen=True)
class ReadScope:
    """Which employees a viewer may read: everyone, or some agencies plus some people."""

    everyone: bool
    agency_ids: frozenset[int]
    employee_ids: frozenset[int]  # the viewer's subtree as kept (shared, not copied)
    viewer_id: int | None = None  # and the viewer

    def allows(self, employee_id: int, agency_id: int) -> bool:
        return (
            self.everyone
            or agency_id in self.agency_ids
            or employee_id == self.viewer_id
            or employee_id in self.employee_ids
        )

    def people(self) -> set[int]:
        """The employees named (besides the agencies): the subtree and the viewer."""
        named = set(self.employee_ids)
        if self.viewer_id is not None:
            named.add(self.viewer_id)
        return named

    def employee_filter(self, prefix: str = "") -> Q | None:
        """A Q over employees (``prefix`` like ``"employee__"``), or None for everyone."""
        if self.everyone:
            return None
        return Q(**{f"{prefix}agency_id__in": list(self.agency_ids) or [0]}) | Q(
            **{f"{prefix}id__in": sorted(self.people())}
        )


async def read_scope(viewer: Viewer) -> ReadScope:
    if viewer.is_central_admin:
        return ReadScope(True, frozenset(), frozenset())
    agencies = set(viewer.head_agency_ids)
    if viewer.admin_agency_id is not None:
        agencies.add(viewer.admin_agency_id)
    # the kept subtree's own frozenset: a copy with the viewer added would be a new set as
    # large as the subtree on every request (1 MB at 100,000 employees, docs/performance-log.md)
    people = await viewer.subordinate_ids() if viewer.has_reports else frozenset()
    return ReadScope(False, frozenset(agencies), people, viewer.employee_id)


async def can_read_employee(viewer: Viewer, employee_id: int, agency_id: int) -> bool:
    """One employee's data: the employee, anyone above them, their agency's head and admins,
    central admins."""
    if employee_id == viewer.employee_id or viewer.sees_agency(agency_id):
        return True
    return viewer.has_reports and employee_id in await viewer.subordinate_ids()


async def require_read_employee(viewer: Viewer, employee_id: int, agency_id: int) -> None:
    """:func:`can_read_employee` or ``NotAllowed("access.denied")``."""
    if not await can_read_employee(viewer, employee_id, agency_id):
        raise NotAllowed("access.denied")


def plan_named(viewer: Viewer, plan) -> bool:
    """The viewer is the plan's employee, rater or rater's superior (no scope needed)."""
    return viewer.employee_id in (plan.employee_id, plan.rater_id, plan.rater_superior_id)


def plan_readable(viewer: Viewer, scope: ReadScope, plan) -> bool:
    """``can_read_plan`` with the viewer's scope already at hand (no statement)."""
    if plan_named(viewer, plan):
        return True
    return scope.allows(plan.employee_id, plan.agency_id)


async def can_read_plan(viewer: Viewer, plan) -> bool:
    """Owner, rater, rater's superior, agency head/admin, central admin, or any superior."""
    if viewer.employee_id in (plan.employee_id, plan.rater_id, plan.rater_superior_id):
        return True
    return await can_read_employee(viewer, plan.employee_id, plan.agency_id)


async def require_read_plan(viewer: Viewer, plan) -> None:
    if not await can_read_plan(viewer, plan):
        raise NotAllowed("access.denied")


def may_read_agency_data(viewer: Viewer, agency_id: int) -> bool:
    """An agency's own data (plugin data, which plugins are on): its employees, head and
    admins, central admins."""
    return viewer.agency_id == agency_id or viewer.sees_agency(agency_id)


def require_agency_member(viewer: Viewer, agency_id: int) -> None:
    """:func:`may_read_agency_data` or ``NotAllowed("access.denied")``."""
    if not may_read_agency_data(viewer, agency_id):
        raise NotAllowed("access.denied")


def require_central_admin(viewer: Viewer) -> None:
    if not viewer.is_central_admin:
        raise NotAllowed("access.central_admin")


def require_manage_agency(viewer: Viewer, agency_id: int) -> None:
    """Change units, positions, employees, accounts and periods of an agency."""
    if not viewer.manages_agency(agency_id):
        raise NotAllowed("access.agency")


def require_plan_owner(viewer: Viewer, plan) -> None:
    if plan.employee_id != viewer.employee_id:
        raise NotAllowed("access.not_own")


def require_plan_rater(viewer: Viewer, plan) -> None:
    """Approve, return, give feedback and rate: only the plan's pejabat penilai."""
    if plan.rater_id is None or plan.rater_id != viewer.employee_id:
        raise NotAllowed("access.not_rater")


def require_rater_superior(viewer: Viewer, plan) -> None:
    if plan.rater_superior_id is None or plan.rater_superior_id != viewer.employee_id:
        raise NotAllowed("access.not_rater_superior")


def require_set_organization_rating(viewer: Viewer, unit) -> None:
    """A unit's organisation predikat: the head one level up; BKPSDM for an agency's top unit."""
    if unit.parent_id is None:
        if not viewer.is_central_admin:
            raise NotAllowed("access.org_rating_top")
    elif unit.parent_id not in viewer.headed_unit_ids:
        raise NotAllowed("access.org_rating")


async def require_read_unit(viewer: Viewer, unit) -> None:
    """Unit reports (kurva): its head and the heads above it, agency head/admin, central admin."""
    if viewer.sees_agency(unit.agency_id):
        return
    if viewer.headed_unit_ids:
        rows = await fetch_all(
            "WITH RECURSIVE up(id, parent_id) AS (SELECT id, parent_id FROM unit WHERE id = ?"
            " UNION SELECT u.id, u.parent_id FROM unit u JOIN up ON u.id = up.parent_id)"
            " SELECT id FROM up",
            [unit.id],
        )
        if any(row["id"] in viewer.headed_unit_ids for row in rows):
            return
    raise NotAllowed("access.unit_report")
