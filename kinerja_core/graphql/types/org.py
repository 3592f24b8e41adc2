"""Organisation types: Agency, Unit, Position, Employee, Assignment."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from kinerja_core import models
from kinerja_core.domain.enums import AssignmentKind, EmployeeKind, PeriodKind, PositionType
from kinerja_core.domain.golongan import pangkat_for
from kinerja_core.graphql.execution import reads_context
from kinerja_core.graphql.types.base import from_model, read_one

AssignmentKindEnum = strawberry.enum(AssignmentKind, description="Definitive or acting (Plt/Plh).")
EmployeeKindEnum = strawberry.enum(EmployeeKind, description="ASN status: PNS or PPPK.")
PeriodKindEnum = strawberry.enum(PeriodKind, description="How an agency splits the year.")
PositionTypeEnum = strawberry.enum(PositionType, description="Kind of jabatan.")


@strawberry.type(description="An OPD (Organisasi Perangkat Daerah), e.g. Dinas Kesehatan.")
class Agency:
    id: strawberry.ID
    code: str = strawberry.field(description="Short code, e.g. DINKES.")
    name: str = strawberry.field(description="Official name.")
    period_kind: PeriodKind = strawberry.field(description="Monitoring period length.")
    version: int = strawberry.field(description="Pass back on update to avoid lost changes.")
    row: strawberry.Private[Any]

    @strawberry.field(description="The agency's top unit (the OPD itself).")
    async def root_unit(self, info: Info) -> Unit | None:
        units = await info.context.reader.children(
            models.Unit, "agency_id", self.row, parent_id__isnull=True
        )
        return from_model(Unit, units[0]) if units else None

    @strawberry.field(description="All units of the agency, top-down by id.")
    async def units(self, info: Info) -> list[Unit]:
        rows = await info.context.reader.children(models.Unit, "agency_id", self.row)
        return [from_model(Unit, r) for r in rows]


@strawberry.type(description="A unit in an agency's tree: sekretariat, bidang, seksi, UPT.")
class Unit:
    id: strawberry.ID
    code: str = strawberry.field(description="Code, unique inside the agency.")
    name: str = strawberry.field(description="Name of the unit.")
    version: int = strawberry.field(description="Pass back on update to avoid lost changes.")
    row: strawberry.Private[Any]

    @strawberry.field(description="The agency the unit belongs to.")
    @reads_context
    def agency(self, info: Info) -> Agency:
        return read_one(
            info, models.Agency, self.row.agency_id, lambda row: from_model(Agency, row)
        )

    @strawberry.field(description="The unit above, none for the agency's top unit.")
    @reads_context
    def parent(self, info: Info) -> Unit | None:
        if self.row.parent_id is None:
            return None
        return read_one(info, models.Unit, self.row.parent_id, lambda row: from_model(Unit, row))

    @strawberry.field(description="Units directly below.")
    async def children(self, info: Info) -> list[Unit]:
        rows = await info.context.reader.children(models.Unit, "parent_id", self.row)
        return [from_model(Unit, r) for r in rows]

    @strawberry.field(description="Positions (jabatan) in this unit.")
    async def positions(self, info: Info) -> list[Position]:
        rows = await info.context.reader.children(models.Position, "unit_id", self.row)
        return [from_model(Position, r) for r in rows]


@strawberry.type(description="A jabatan; `reportsTo` gives its holder's pejabat penilai.")
class Position:
    id: strawberry.ID
    name: str = strawberry.field(description="Name of the position.")
    type: PositionType = strawberry.field(description="JPT, ADMINISTRATOR, PENGAWAS, ...")
    level: str = strawberry.field(description="Level, e.g. PRATAMA or AHLI_PERTAMA.")
    is_unit_head: bool = strawberry.field(description="This position leads its unit.")
    version: int = strawberry.field(description="Pass back on update to avoid lost changes.")
    row: strawberry.Private[Any]

    @strawberry.field(description="The unit of the position.")
    @reads_context
    def unit(self, info: Info) -> Unit:
        return read_one(info, models.Unit, self.row.unit_id, lambda row: from_model(Unit, row))

    @strawberry.field(description="The position this one reports to.")
    async def reports_to(self, info: Info) -> Position | None:
        if self.row.reports_to_id is None:
            return None
        row = await info.context.reader.one(models.Position, self.row.reports_to_id)
        return from_model(Position, row)

    @strawberry.field(description="Positions reporting directly to this one.")
    async def reports(self, info: Info) -> list[Position]:
        rows = await info.context.reader.children(models.Position, "reports_to_id", self.row)
        return [from_model(Position, r) for r in rows]


@strawberry.type(description="An ASN: PNS or PPPK.")
class Employee:
    id: strawberry.ID
    nip: str = strawberry.field(description="18-digit NIP (or NI PPPK).")
    name: str = strawberry.field(description="Full name with titles.")
    kind: EmployeeKind = strawberry.field(description="PNS or PPPK.")
    golongan: str = strawberry.field(description="Golongan/ruang, e.g. III/a, or IX for PPPK.")
    email: str = strawberry.field(description="Work e-mail.")
    version: int = strawberry.field(description="Pass back on update to avoid lost changes.")
    row: strawberry.Private[Any]

    @strawberry.field(description="Pangkat of the golongan, e.g. Penata Muda for III/a.")
    def pangkat(self) -> str | None:
        return pangkat_for(self.golongan) if self.golongan else None

    @strawberry.field(description="The agency the employee belongs to.")
    @reads_context
    def agency(self, info: Info) -> Agency:
        return read_one(
            info, models.Agency, self.row.agency_id, lambda row: from_model(Agency, row)
        )

    @strawberry.field(description="Assignments, current and past, newest first.")
    async def assignments(self, info: Info) -> list[Assignment]:
        rows = await info.context.reader.children(
            models.Assignment, "employee_id", self.row, order_by=("-start_date", "-id")
        )
        return [from_model(Assignment, r) for r in rows]

    @strawberry.field(description="The definitive position held today, if any.")
    async def current_position(self, info: Info) -> Position | None:
        from kinerja_core.services.dashboard import current_definitive

        rows = await info.context.reader.children(
            models.Assignment, "employee_id", self.row, order_by=("-start_date", "-id")
        )
        current = current_definitive(rows, info.context.service.today())
        if current is None:
            return None
        pos = await info.context.reader.one(models.Position, current.position_id)
        return from_model(Position, pos)

    @strawberry.field(description="SKPs of this employee the viewer may read, newest first.")
    async def plans(
        self, info: Info, year: int | None = None
    ) -> list[
        Annotated[PerformancePlan, strawberry.lazy("kinerja_core.graphql.types.plans")]  # noqa: F821
    ]:
        from kinerja_core.graphql.types.plans import employee_plans

        return await employee_plans(info, self.row.id, year)


def employee_of(info: Info, employee_id: int | None) -> Any:
    """The readable employee ``employee_id`` (none for none), at once when already loaded."""
    if employee_id is None:
        return None
    return read_one(
        info,
        models.Employee,
        employee_id,
        lambda row: None if row is None else from_model(Employee, row),
    )


@strawberry.type(description="An employee holding a position from a date (Plt/Plh: acting).")
class Assignment:
    id: strawberry.ID
    kind: AssignmentKind = strawberry.field(description="DEFINITIF, PLT or PLH.")
    start_date: dt.date = strawberry.field(description="First day.")
    end_date: dt.date | None = strawberry.field(description="Last day, none while running.")
    version: int = strawberry.field(description="Pass back on update to avoid lost changes.")
    row: strawberry.Private[Any]

    @strawberry.field(description="The position held.")
    @reads_context
    def position(self, info: Info) -> Position:
        return read_one(
            info, models.Position, self.row.position_id, lambda row: from_model(Position, row)
        )

    @strawberry.field(description="The employee.")
    @reads_context
    def employee(self, info: Info) -> Employee:
        return read_one(
            info, models.Employee, self.row.employee_id, lambda row: from_model(Employee, row)
        )
