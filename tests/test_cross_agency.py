"""An agency admin manages their own agency only: every route into another agency's people,
positions, units and periods is refused with NotAllowed and writes nothing.

The world: ``admin`` administers Dinas Kesehatan; ``disdik_staff`` and ``disdik_head`` work in
Dinas Pendidikan. Central admins (``central``) may still act across agencies.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kinerja_core.domain.enums import EmployeeKind, PlanStatus
from kinerja_core.models import (
    Assignment,
    AuditEntry,
    Employee,
    PerformancePlan,
    Period,
    Position,
    Unit,
)
from tests.support import YEAR, gql, ok
from tests.test_plans import create_plan

RESULT = "__typename ... on UserError { code }"

CREATE_POSITION = (
    "mutation($input: CreatePositionInput!) { createPosition(input: $input) {"
    f" __typename ... on Position {{ id }} {RESULT} }} }}"
)
UPDATE_POSITION = (
    "mutation($input: UpdatePositionInput!) { updatePosition(input: $input) {"
    f" {RESULT} }} }}"
)
ASSIGN = (
    "mutation($input: AssignPositionInput!) { assignPosition(input: $input) {"
    f" __typename ... on Assignment {{ id }} {RESULT} }} }}"
)
END = (
    "mutation($id: ID!, $endDate: Date!) { endAssignment(id: $id, endDate: $endDate) {"
    f" {RESULT} }} }}"
)
CREATE_ACCOUNT = (
    "mutation($e: ID!, $p: String!) { createAccount(employeeId: $e, password: $p) {"
    f" {RESULT} }} }}"
)
RESET_PASSWORD = (
    "mutation($e: ID!, $p: String!) { resetPassword(employeeId: $e, password: $p) {"
    f" {RESULT} }} }}"
)
UPDATE_EMPLOYEE = (
    "mutation($input: UpdateEmployeeInput!) { updateEmployee(input: $input) {"
    f" {RESULT} }} }}"
)
CREATE_EMPLOYEE = (
    "mutation($input: CreateEmployeeInput!) { createEmployee(input: $input) {"
    f" {RESULT} }} }}"
)
CREATE_UNIT = (
    f"mutation($input: CreateUnitInput!) {{ createUnit(input: $input) {{ {RESULT} }} }}"
)
UPDATE_UNIT = (
    f"mutation($input: UpdateUnitInput!) {{ updateUnit(input: $input) {{ {RESULT} }} }}"
)
UPDATE_AGENCY = (
    f"mutation($input: UpdateAgencyInput!) {{ updateAgency(input: $input) {{ {RESULT} }} }}"
)
SETUP_PERIODS = (
    "mutation($a: ID!, $y: Int!) { setupPeriods(agencyId: $a, year: $y) {"
    f" {RESULT} }} }}"
)

START = dt.date(YEAR, 3, 1).isoformat()


async def run(client, person, query: str, field: str, **variables) -> dict:
    return ok(await gql(client, query, variables, token=person.token, lang="en"), field)


def refused(result: dict) -> None:
    assert result["__typename"] == "NotAllowed", result
    assert result["code"] == "access.agency", result


async def audit_count() -> int:
    return await AuditEntry.all().count()


async def own_position(client, world, **extra) -> str:
    """A position the Dinkes admin creates in their own agency (allowed)."""
    created = await run(
        client,
        world.admin,
        CREATE_POSITION,
        "createPosition",
        input={"unitId": str(world.units["umum"].id), "name": "Analis", "type": "PELAKSANA",
               "reportsToId": str(world.kasubag.position.id), **extra},
    )
    assert created["__typename"] == "Position", created
    return created["id"]


@pytest.mark.parametrize("kind", ["PLT", "DEFINITIF"])
async def test_agency_admin_cannot_assign_another_agencys_employee(client, world, kind):
    plan = await create_plan(client, world.disdik_staff)
    position_id = await own_position(client, world)
    before = (await Assignment.all().count(), await audit_count())

    result = await run(
        client, world.admin, ASSIGN, "assignPosition",
        input={"employeeId": world.disdik_staff.id, "positionId": position_id,
               "startDate": START, "kind": kind},
    )

    refused(result)
    assert (await Assignment.all().count(), await audit_count()) == before
    running = await Assignment.filter(employee_id=world.disdik_staff.employee.id)
    assert [a.end_date for a in running] == [None]
    assert (await PerformancePlan.get(id=plan["id"])).status is PlanStatus.DRAFT
    # and so the admin never becomes a reader of that person's SKP
    body = await gql(client, "query($id: ID!) { plan(id: $id) { id } }", {"id": plan["id"]},
                     token=world.admin.token, lang="en")
    assert body["errors"][0]["extensions"]["code"] == "access.denied"


async def test_central_admin_may_still_assign_across_agencies(client, world):
    position_id = await own_position(client, world)

    result = await run(
        client, world.central, ASSIGN, "assignPosition",
        input={"employeeId": world.disdik_staff.id, "positionId": position_id,
               "startDate": START, "kind": "PLT"},
    )

    assert result["__typename"] == "Assignment", result


async def test_agency_admin_cannot_end_another_agencys_person_assignment(client, world):
    # the Plt of a Disdik employee in a Dinkes position, set up by BKPSDM
    position_id = await own_position(client, world)
    plt = await run(
        client, world.central, ASSIGN, "assignPosition",
        input={"employeeId": world.disdik_staff.id, "positionId": position_id,
               "startDate": START, "kind": "PLT"},
    )
    definitive = await Assignment.get(employee_id=world.disdik_staff.employee.id, kind="DEFINITIF")
    before = await audit_count()

    for assignment_id in (plt["id"], str(definitive.id)):
        result = await run(client, world.admin, END, "endAssignment",
                           id=assignment_id, endDate=dt.date(YEAR, 6, 30).isoformat())
        refused(result)
    assert await Assignment.filter(employee_id=world.disdik_staff.employee.id,
                                   end_date__isnull=False).count() == 0
    assert await audit_count() == before


async def test_agency_admin_cannot_create_or_reset_another_agencys_account(client, world):
    newcomer = await Employee.create(
        nip=world.next_nip(), name="Baru Disdik", kind=EmployeeKind.PNS,
        agency_id=world.agencies["disdik"].id,
    )
    before = await audit_count()

    refused(await run(client, world.admin, CREATE_ACCOUNT, "createAccount",
                      e=str(newcomer.id), p="kata-sandi-yang-panjang-1"))
    refused(await run(client, world.admin, RESET_PASSWORD, "resetPassword",
                      e=world.disdik_staff.id, p="kata-sandi-yang-panjang-1"))
    assert await audit_count() == before


async def test_agency_admin_cannot_edit_or_take_another_agencys_employee(client, world):
    before = await audit_count()

    refused(await run(client, world.admin, UPDATE_EMPLOYEE, "updateEmployee",
                      input={"id": world.disdik_staff.id, "name": "Diganti"}))
    # moving one's own employee out, or someone else's in
    refused(await run(client, world.admin, UPDATE_EMPLOYEE, "updateEmployee",
                      input={"id": world.staff.id, "agencyId": str(world.agencies["disdik"].id)}))
    refused(await run(client, world.admin, CREATE_EMPLOYEE, "createEmployee",
                      input={"agencyId": str(world.agencies["disdik"].id),
                             "nip": "199001012015011001", "name": "Baru", "kind": "PNS"}))
    assert (await Employee.get(id=world.disdik_staff.employee.id)).name == "Disdik_Staff Test"
    assert await audit_count() == before


async def test_agency_admin_cannot_hang_positions_under_another_agency(client, world):
    foreign_superior = str(world.disdik_head.position.id)
    mine = await own_position(client, world)
    positions, before = await Position.all().count(), await audit_count()

    refused(await run(
        client, world.admin, CREATE_POSITION, "createPosition",
        input={"unitId": str(world.units["umum"].id), "name": "Analis", "type": "PELAKSANA",
               "reportsToId": foreign_superior},
    ))
    refused(await run(client, world.admin, UPDATE_POSITION, "updatePosition",
                      input={"id": mine, "reportsToId": foreign_superior}))
    # nor make another agency's position report to one of theirs
    refused(await run(client, world.admin, UPDATE_POSITION, "updatePosition",
                      input={"id": str(world.disdik_staff.position.id), "reportsToId": mine}))
    assert await Position.all().count() == positions
    assert (await Position.get(id=mine)).reports_to_id == world.kasubag.position.id
    assert await audit_count() == before


async def test_agency_admin_cannot_touch_another_agencys_units_agency_or_periods(client, world):
    disdik = world.agencies["disdik"]
    units, before = await Unit.all().count(), await audit_count()

    refused(await run(client, world.admin, CREATE_UNIT, "createUnit",
                      input={"parentId": str(world.units["disdik"].id), "code": "X",
                             "name": "Bidang X"}))
    refused(await run(client, world.admin, UPDATE_UNIT, "updateUnit",
                      input={"id": str(world.units["disdik"].id), "name": "Diganti"}))
    refused(await run(client, world.admin, UPDATE_AGENCY, "updateAgency",
                      input={"id": str(disdik.id), "name": "Diganti"}))
    refused(await run(client, world.admin, SETUP_PERIODS, "setupPeriods",
                      a=str(disdik.id), y=YEAR))
    moved = await run(client, world.admin, UPDATE_UNIT, "updateUnit",
                      input={"id": str(world.units["umum"].id),
                             "parentId": str(world.units["disdik"].id)})
    assert moved["__typename"] in ("NotAllowed", "ValidationError"), moved
    assert await Unit.all().count() == units
    assert await Period.filter(agency_id=disdik.id).count() == 0
    assert await audit_count() == before
