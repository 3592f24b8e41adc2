"""Organisation queries and mutations: agencies, units, positions, employees, assignments."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from kinerja_core import models
from kinerja_core.domain.enums import AssignmentKind, EmployeeKind, PeriodKind, PositionType
from kinerja_core.graphql.errors import mutate, query, result_union
from kinerja_core.graphql.pagination import Connection, paginate_query
from kinerja_core.graphql.types.base import converter, from_model
from kinerja_core.graphql.types.org import Agency, Assignment, Employee, Position, Unit
from kinerja_core.services import org, reading

AgencyResult = result_union("AgencyResult", Agency)
UnitResult = result_union("UnitResult", Unit)
PositionResult = result_union("PositionResult", Position)
EmployeeResult = result_union("EmployeeResult", Employee)
AssignmentResult = result_union("AssignmentResult", Assignment)


@strawberry.input(description="A new agency (OPD).")
class CreateAgencyInput:
    code: str = strawberry.field(description="Short unique code, e.g. DINKES.")
    name: str = strawberry.field(description="Official name.")
    period_kind: PeriodKind = strawberry.field(
        default=PeriodKind.MONTHLY, description="Monitoring period length."
    )


@strawberry.input(description="Changes to an agency; omitted fields stay.")
class UpdateAgencyInput:
    id: strawberry.ID
    name: str | None = None
    period_kind: PeriodKind | None = None
    version: int | None = strawberry.field(default=None, description="The version you read.")


@strawberry.input(description="A new unit under an existing one.")
class CreateUnitInput:
    parent_id: strawberry.ID = strawberry.field(description="The unit above it.")
    code: str = strawberry.field(description="Code, unique inside the agency.")
    name: str


@strawberry.input(description="Changes to a unit; omitted fields stay.")
class UpdateUnitInput:
    id: strawberry.ID
    name: str | None = None
    parent_id: strawberry.ID | None = strawberry.field(default=None, description="Move under.")
    version: int | None = None


@strawberry.input(description="A new position (jabatan).")
class CreatePositionInput:
    unit_id: strawberry.ID
    name: str
    type: PositionType
    level: str = strawberry.field(default="", description="E.g. PRATAMA, AHLI_PERTAMA.")
    is_unit_head: bool = strawberry.field(default=False, description="Leads its unit.")
    reports_to_id: strawberry.ID | None = strawberry.field(
        default=None, description="Position of the pejabat penilai."
    )


@strawberry.input(description="Changes to a position; omitted fields stay.")
class UpdatePositionInput:
    id: strawberry.ID
    name: str | None = None
    level: str | None = None
    reports_to_id: strawberry.ID | None = None
    version: int | None = None


@strawberry.input(description="A new employee (ASN).")
class CreateEmployeeInput:
    agency_id: strawberry.ID
    nip: str = strawberry.field(description="18 digits; spaces are ignored.")
    name: str
    kind: EmployeeKind
    golongan: str = strawberry.field(default="", description="E.g. III/a (PNS) or IX (PPPK).")
    email: str = ""


@strawberry.input(description="Changes to an employee; omitted fields stay.")
class UpdateEmployeeInput:
    id: strawberry.ID
    name: str | None = None
    golongan: str | None = None
    email: str | None = None
    agency_id: strawberry.ID | None = None
    version: int | None = None


@strawberry.input(description="Put an employee in a position.")
class AssignPositionInput:
    employee_id: strawberry.ID
    position_id: strawberry.ID
    start_date: dt.date
    kind: AssignmentKind = AssignmentKind.DEFINITIF
    end_date: dt.date | None = None


@strawberry.input(description="Filters of the employee search.")
class EmployeeFilter:
    agency_id: strawberry.ID | None = None
    unit_id: strawberry.ID | None = strawberry.field(default=None, description="Incl. below.")
    kind: EmployeeKind | None = None
    position_type: PositionType | None = None
    search: str | None = strawberry.field(default=None, description="Part of name or NIP.")


@strawberry.type
class Query:
    @strawberry.field(description="All agencies (OPD).")
    async def agencies(self, info: Info) -> list[Agency]:
        rows = await query(info, lambda: reading.agencies(info.context.service))
        return [from_model(Agency, a) for a in rows]

    @strawberry.field(description="One agency by id.")
    async def agency(self, info: Info, id: strawberry.ID) -> Agency:
        ctx = info.context.service
        return from_model(
            Agency, await query(info, lambda: reading.org_row(ctx, models.Agency, id))
        )

    @strawberry.field(description="One unit by id.")
    async def unit(self, info: Info, id: strawberry.ID) -> Unit:
        ctx = info.context.service
        return from_model(Unit, await query(info, lambda: reading.org_row(ctx, models.Unit, id)))

    @strawberry.field(description="One position by id.")
    async def position(self, info: Info, id: strawberry.ID) -> Position:
        ctx = info.context.service
        row = await query(info, lambda: reading.org_row(ctx, models.Position, id))
        return from_model(Position, row)

    @strawberry.field(description="One employee the viewer may see.")
    async def employee(self, info: Info, id: strawberry.ID) -> Employee:
        row = await query(info, lambda: reading.get_employee(info.context.service, id))
        return from_model(Employee, row)

    @strawberry.field(description="Search the employees the viewer may see.")
    async def employees(
        self,
        info: Info,
        filter: EmployeeFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Employee]:
        f = filter or EmployeeFilter()

        async def run() -> Connection[Employee]:
            qs = await reading.employee_search(
                info.context.service,
                agency_id=f.agency_id,
                unit_id=f.unit_id,
                kind=f.kind,
                position_type=f.position_type,
                search=f.search,
            )
            return await paginate_query(info, qs, converter(Employee), first, after)

        return await query(info, run)


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Central admin: add an agency with its top unit.")
    async def create_agency(self, info: Info, input: CreateAgencyInput) -> AgencyResult:
        ctx = info.context.service

        async def run() -> Agency:
            row = await org.create_agency(ctx, input.code, input.name, input.period_kind)
            return from_model(Agency, row)

        return await mutate(info, run)

    @strawberry.mutation(description="Rename an agency or change its period length.")
    async def update_agency(self, info: Info, input: UpdateAgencyInput) -> AgencyResult:
        ctx = info.context.service

        async def run() -> Agency:
            row = await org.update_agency(
                ctx, input.id, name=input.name, period_kind=input.period_kind, version=input.version
            )
            return from_model(Agency, row)

        return await mutate(info, run)

    @strawberry.mutation(description="Add a unit under another unit of the same agency.")
    async def create_unit(self, info: Info, input: CreateUnitInput) -> UnitResult:
        ctx = info.context.service

        async def run() -> Unit:
            return from_model(
                Unit, await org.create_unit(ctx, input.parent_id, input.code, input.name)
            )

        return await mutate(info, run)

    @strawberry.mutation(description="Rename or move a unit.")
    async def update_unit(self, info: Info, input: UpdateUnitInput) -> UnitResult:
        ctx = info.context.service
        extra = {} if input.parent_id is None else {"parent_id": input.parent_id}

        async def run() -> Unit:
            row = await org.update_unit(
                ctx, input.id, name=input.name, version=input.version, **extra
            )
            return from_model(Unit, row)

        return await mutate(info, run)

    @strawberry.mutation(description="Add a position (jabatan) to a unit.")
    async def create_position(self, info: Info, input: CreatePositionInput) -> PositionResult:
        ctx = info.context.service

        async def run() -> Position:
            row = await org.create_position(
                ctx,
                input.unit_id,
                input.name,
                input.type,
                level=input.level,
                is_unit_head=input.is_unit_head,
                reports_to_id=input.reports_to_id,
            )
            return from_model(Position, row)

        return await mutate(info, run)

    @strawberry.mutation(description="Change a position's name, level or superior position.")
    async def update_position(self, info: Info, input: UpdatePositionInput) -> PositionResult:
        ctx = info.context.service
        extra = {} if input.reports_to_id is None else {"reports_to_id": input.reports_to_id}

        async def run() -> Position:
            row = await org.update_position(
                ctx, input.id, name=input.name, level=input.level, version=input.version, **extra
            )
            return from_model(Position, row)

        return await mutate(info, run)

    @strawberry.mutation(description="Register an employee; the NIP is validated part by part.")
    async def create_employee(self, info: Info, input: CreateEmployeeInput) -> EmployeeResult:
        ctx = info.context.service

        async def run() -> Employee:
            row = await org.create_employee(
                ctx, input.agency_id, input.nip, input.name, input.kind, input.golongan, input.email
            )
            return from_model(Employee, row)

        return await mutate(info, run)

    @strawberry.mutation(description="Change an employee's data.")
    async def update_employee(self, info: Info, input: UpdateEmployeeInput) -> EmployeeResult:
        ctx = info.context.service

        async def run() -> Employee:
            row = await org.update_employee(
                ctx,
                input.id,
                name=input.name,
                golongan=input.golongan,
                email=input.email,
                agency_id=input.agency_id,
                version=input.version,
            )
            return from_model(Employee, row)

        return await mutate(info, run)

    @strawberry.mutation(description="Assign a position (a new definitive one is a mutasi).")
    async def assign_position(self, info: Info, input: AssignPositionInput) -> AssignmentResult:
        ctx = info.context.service

        async def run() -> Assignment:
            row = await org.assign_position(
                ctx,
                input.employee_id,
                input.position_id,
                input.start_date,
                kind=input.kind,
                end_date=input.end_date,
            )
            return from_model(Assignment, row)

        return await mutate(info, run)

    @strawberry.mutation(description="End an assignment on a date.")
    async def end_assignment(
        self, info: Info, id: strawberry.ID, end_date: dt.date
    ) -> AssignmentResult:
        ctx = info.context.service

        async def run() -> Assignment:
            return from_model(Assignment, await org.end_assignment(ctx, id, end_date))

        return await mutate(info, run)
