"""GraphQL of the kesehatan plugin: fields start with ``kesehatan``, types with ``Kesehatan``.

Every root field and the ``Agency.kesehatanPuskesmas`` field go through the services, which
check first that the plugin is enabled for the agency: a disabled agency gets ``PluginDisabled``
(a typed result for mutations, an error and ``null`` for queries) and no data. Lists inside the
types load through per-request DataLoaders, so the number of SQL statements does not grow with
the number of reports, lines or agencies.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import AsyncGenerator, Sequence
from decimal import Decimal
from typing import Any

import strawberry
from kinerja_core.api import (
    Employee,
    events,
    max_items,
    may_read_agency_data,
    mutate,
    reads_context,
    require_plugin_data,
    resolve_children,
    resolve_one,
    result_union,
    trim,
)
from strawberry.types import Info

from kinerja_kesehatan import models, services


@strawberry.enum(name="KesehatanCoverageLevel", description="The areas coverage is shown for.")
class CoverageLevel(enum.Enum):
    CITY = "CITY"
    PUSKESMAS = "PUSKESMAS"
    KELURAHAN = "KELURAHAN"


@strawberry.type(name="KesehatanKelurahan", description="A kelurahan in a puskesmas' area.")
class KesehatanKelurahan:
    id: strawberry.ID
    code: str = strawberry.field(description="Short code, unique in the agency.")
    name: str = strawberry.field(description="Name of the kelurahan.")
    puskesmas_id: strawberry.ID = strawberry.field(description="Its puskesmas.")


def _kelurahan(row: models.Kelurahan) -> KesehatanKelurahan:
    return KesehatanKelurahan(
        id=strawberry.ID(str(row.id)),
        code=row.code,
        name=row.name,
        puskesmas_id=strawberry.ID(str(row.puskesmas_id)),
    )


@strawberry.type(name="KesehatanPuskesmas", description="A puskesmas of Dinas Kesehatan.")
class KesehatanPuskesmas:
    id: strawberry.ID
    code: str = strawberry.field(description="Short code, unique in the agency.")
    name: str = strawberry.field(description="Name, e.g. Puskesmas Kampung Dalam.")
    kecamatan: str = strawberry.field(description="Its district (kecamatan).")
    row: strawberry.Private[Any]

    @strawberry.field(
        description="The kelurahan of its working area, by code.", metadata=max_items(5, maximum=50)
    )
    @reads_context
    def kelurahan(self, info: Info) -> list[KesehatanKelurahan]:
        return resolve_children(
            info, models.Kelurahan, "puskesmas_id", self.row, _kelurahan, order_by=("code",)
        )


def _puskesmas(row: models.Puskesmas) -> KesehatanPuskesmas:
    return KesehatanPuskesmas(
        id=strawberry.ID(str(row.id)),
        code=row.code,
        name=row.name,
        kecamatan=row.kecamatan,
        row=row,
    )


@strawberry.type(
    name="KesehatanReportLine",
    description="One kelurahan of a monthly report: the annual target and the month's counts.",
)
class KesehatanReportLine:
    target_infants: int = strawberry.field(description="Annual target infants (sasaran bayi).")
    idl: int = strawberry.field(
        description="Infants 0-11 months with complete basic immunisation in the month."
    )
    dpt1: int = strawberry.field(description="Infants given DPT-HB-Hib 1 in the month.")
    dpt3: int = strawberry.field(description="Infants given DPT-HB-Hib 3 in the month.")
    mr1: int = strawberry.field(description="Infants given MR 1 in the month.")
    newborns: int = strawberry.field(description="Live births in the month.")
    bcg: int = strawberry.field(description="Infants given BCG in the month.")
    row: strawberry.Private[Any]

    @strawberry.field(description="The kelurahan.")
    @reads_context
    def kelurahan(self, info: Info) -> KesehatanKelurahan:
        return resolve_one(info, models.Kelurahan, self.row.kelurahan_id, _kelurahan)


def _line(row: models.ImmunizationReportLine) -> KesehatanReportLine:
    return KesehatanReportLine(
        target_infants=row.target_infants,
        idl=row.idl,
        dpt1=row.dpt1,
        dpt3=row.dpt3,
        mr1=row.mr1,
        newborns=row.newborns,
        bcg=row.bcg,
        row=row,
    )


async def _employee_name(info: Info, employee_id: int | None) -> str | None:
    if employee_id is None:
        return None
    employee = await info.context.reader.one(Employee, employee_id)
    return employee.name if employee else None


@strawberry.type(name="KesehatanReport", description="A puskesmas' immunisation report of a month.")
class KesehatanReport:
    id: strawberry.ID
    month: dt.date = strawberry.field(description="First day of the month reported.")
    version: int = strawberry.field(description="Pass back to correct the report.")
    created_at: dt.datetime = strawberry.field(description="When it was entered.")
    updated_at: dt.datetime = strawberry.field(description="When it was last changed.")
    row: strawberry.Private[Any]

    @strawberry.field(description="The reporting puskesmas.")
    @reads_context
    def puskesmas(self, info: Info) -> KesehatanPuskesmas:
        return resolve_one(info, models.Puskesmas, self.row.puskesmas_id, _puskesmas)

    @strawberry.field(description="One line per kelurahan.", metadata=max_items(10, maximum=50))
    @reads_context
    def lines(self, info: Info) -> list[KesehatanReportLine]:
        return resolve_children(
            info,
            models.ImmunizationReportLine,
            "report_id",
            self.row,
            _line,
            order_by=("kelurahan_id",),
        )

    @strawberry.field(description="Who entered it.")
    async def entered_by_name(self, info: Info) -> str | None:
        return await _employee_name(info, self.row.entered_by_id)

    @strawberry.field(description="Who corrected it last, if anyone.")
    async def corrected_by_name(self, info: Info) -> str | None:
        return await _employee_name(info, self.row.corrected_by_id)

    @strawberry.field(
        description="Entered after the deadline (setting report_deadline_day of the next month)."
    )
    async def late(self, info: Info) -> bool:
        day = await services.deadline_day(info.context.service, self.row.agency_id)
        return services.is_late(self.row, day)


def _report(row: models.ImmunizationReport) -> KesehatanReport:
    return KesehatanReport(
        id=strawberry.ID(str(row.id)),
        month=row.month,
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
        row=row,
    )


@strawberry.type(
    name="KesehatanCoverage",
    description=(
        "Coverage of one area from January to a month (PWS): cumulative counts against the "
        "annual target."
    ),
)
class KesehatanCoverage:
    level: CoverageLevel = strawberry.field(description="CITY, PUSKESMAS or KELURAHAN.")
    area_id: strawberry.ID | None = strawberry.field(
        description="The puskesmas or kelurahan; null for the city."
    )
    area_code: str = strawberry.field(description="Code of the area (the agency's for the city).")
    area_name: str = strawberry.field(description="Name of the area.")
    month: dt.date = strawberry.field(description="Last month counted (first day).")
    reports: int = strawberry.field(description="Monthly reports counted.")
    target_infants: int = strawberry.field(
        description="Annual target infants: each kelurahan's latest sasaran bayi, added up."
    )
    target_infants_year_to_date: Decimal = strawberry.field(
        description="Year-to-date target infants: annual x month / 12."
    )
    idl: int = strawberry.field(description="Infants with complete basic immunisation (cum.).")
    dpt1: int = strawberry.field(description="DPT-HB-Hib 1 (cumulative).")
    dpt3: int = strawberry.field(description="DPT-HB-Hib 3 (cumulative).")
    mr1: int = strawberry.field(description="MR 1 (cumulative).")
    newborns: int = strawberry.field(description="Live births (cumulative).")
    bcg: int = strawberry.field(description="BCG (cumulative).")
    idl_coverage: Decimal | None = strawberry.field(
        description="IDL / annual target infants x 100; null without data."
    )
    dropout_dpt: Decimal | None = strawberry.field(
        description="(DPT-HB-Hib1 - DPT-HB-Hib3) / DPT-HB-Hib1 x 100; null without data."
    )
    dropout_mr: Decimal | None = strawberry.field(
        description="(DPT-HB-Hib1 - MR1) / DPT-HB-Hib1 x 100; null without data."
    )
    leftout_bcg: Decimal | None = strawberry.field(
        description="(Newborns - BCG) / newborns x 100; null without data."
    )
    idl_target: Decimal = strawberry.field(description="Annual IDL target, % (setting).")
    idl_target_year_to_date: Decimal = strawberry.field(
        description="Year-to-date IDL target, %: annual x month / 12."
    )


def _coverage(row: services.CoverageRow) -> KesehatanCoverage:
    t = row.totals
    return KesehatanCoverage(
        level=CoverageLevel(row.level),
        area_id=None if row.area_id is None else strawberry.ID(str(row.area_id)),
        area_code=row.area_code,
        area_name=row.area_name,
        month=row.month,
        reports=t.reports,
        target_infants=t.target_infants,
        target_infants_year_to_date=trim(row.target_infants_year_to_date),
        idl=t.idl,
        dpt1=t.dpt1,
        dpt3=t.dpt3,
        mr1=t.mr1,
        newborns=t.newborns,
        bcg=t.bcg,
        idl_coverage=trim(t.idl_coverage().value),
        dropout_dpt=trim(t.dropout_dpt().value),
        dropout_mr=trim(t.dropout_mr().value),
        leftout_bcg=trim(t.leftout_bcg().value),
        idl_target=trim(row.idl_target),
        idl_target_year_to_date=trim(row.idl_target_year_to_date),
    )


@strawberry.input(name="KesehatanReportLineInput", description="One kelurahan of a report.")
class ReportLineInput:
    kelurahan_id: strawberry.ID = strawberry.field(description="A kelurahan of the puskesmas.")
    target_infants: int = strawberry.field(description="Annual target infants (sasaran bayi).")
    idl: int = strawberry.field(description="Infants with complete basic immunisation.")
    dpt1: int = strawberry.field(description="DPT-HB-Hib 1 given.")
    dpt3: int = strawberry.field(description="DPT-HB-Hib 3 given.")
    mr1: int = strawberry.field(description="MR 1 given.")
    newborns: int = strawberry.field(description="Live births.")
    bcg: int = strawberry.field(description="BCG given.")


@strawberry.input(name="KesehatanSubmitReportInput", description="A puskesmas' monthly report.")
class SubmitReportInput:
    puskesmas_id: strawberry.ID = strawberry.field(description="The reporting puskesmas.")
    month: dt.date = strawberry.field(description="Any day of the month reported.")
    lines: list[ReportLineInput] = strawberry.field(
        description="One line per kelurahan of the puskesmas."
    )


def _lines(lines: Sequence[ReportLineInput]) -> list[services.LineInput]:
    return [
        services.LineInput(
            kelurahan_id=line.kelurahan_id,
            target_infants=line.target_infants,
            idl=line.idl,
            dpt1=line.dpt1,
            dpt3=line.dpt3,
            mr1=line.mr1,
            newborns=line.newborns,
            bcg=line.bcg,
        )
        for line in lines
    ]


KesehatanAddPuskesmasResult = result_union("KesehatanAddPuskesmasResult", KesehatanPuskesmas)
KesehatanAddKelurahanResult = result_union("KesehatanAddKelurahanResult", KesehatanKelurahan)
KesehatanSubmitReportResult = result_union("KesehatanSubmitReportResult", KesehatanReport)
KesehatanCorrectReportResult = result_union("KesehatanCorrectReportResult", KesehatanReport)


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="An agency's immunisation reports as they are entered or corrected: the"
        " coverage of their puskesmas changes with them. For who may read the agency's reports."
    )
    async def kesehatan_report_saved(
        self, info: Info, agency_id: strawberry.ID
    ) -> AsyncGenerator[KesehatanReport, None]:
        agency = await require_plugin_data(info, services.PLUGIN, agency_id)

        async def visible(viewer: Any, event: Any) -> bool:
            return event.id_of("agency_id") == agency and may_read_agency_data(viewer, agency)

        async def to_type(event: Any) -> KesehatanReport | None:
            row = await event.load(models.ImmunizationReport, event.id_of("report_id"))
            return None if row is None else _report(row)

        return events(info, "kesehatan_report_saved", visible=visible).map(to_type)


@strawberry.type
class Query:
    @strawberry.field(
        description="An agency's puskesmas, by code.", metadata=max_items(25, maximum=500)
    )
    async def kesehatan_puskesmas(
        self, info: Info, agency_id: strawberry.ID
    ) -> list[KesehatanPuskesmas] | None:
        rows = await services.list_puskesmas(info.context.service, agency_id)
        return [_puskesmas(r) for r in rows]

    @strawberry.field(
        description="An agency's immunisation reports of a year, by month.",
        metadata=max_items(300, maximum=6000),  # 12 per puskesmas (23 in Pontianak)
    )
    async def kesehatan_reports(
        self,
        info: Info,
        agency_id: strawberry.ID,
        year: int,
        puskesmas_id: strawberry.ID | None = None,
    ) -> list[KesehatanReport] | None:
        rows = await services.list_reports(info.context.service, agency_id, year, puskesmas_id)
        return [_report(r) for r in rows]

    @strawberry.field(description="One immunisation report.")
    async def kesehatan_report(self, info: Info, id: strawberry.ID) -> KesehatanReport | None:
        return _report(await services.get_report(info.context.service, id))

    @strawberry.field(
        description=(
            "Immunisation coverage from January to `month` of `year` per area (PWS): the city, "
            "each puskesmas or each kelurahan."
        ),
        metadata=max_items(100, maximum=500),  # one per kelurahan at most (29 in Pontianak)
    )
    async def kesehatan_coverage(
        self,
        info: Info,
        agency_id: strawberry.ID,
        year: int,
        month: int,
        level: CoverageLevel = CoverageLevel.CITY,
    ) -> list[KesehatanCoverage] | None:
        rows = await services.coverage(info.context.service, agency_id, year, month, level.value)
        return [_coverage(r) for r in rows]


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Add a puskesmas to an agency (its admins, central admins).")
    async def kesehatan_add_puskesmas(
        self,
        info: Info,
        agency_id: strawberry.ID,
        code: str,
        name: str,
        kecamatan: str = "",
    ) -> KesehatanAddPuskesmasResult:
        async def run() -> KesehatanPuskesmas:
            row = await services.add_puskesmas(
                info.context.service, agency_id, code, name, kecamatan
            )
            return _puskesmas(row)

        return await mutate(info, run)

    @strawberry.mutation(description="Add a kelurahan to a puskesmas' working area.")
    async def kesehatan_add_kelurahan(
        self, info: Info, puskesmas_id: strawberry.ID, code: str, name: str
    ) -> KesehatanAddKelurahanResult:
        async def run() -> KesehatanKelurahan:
            row = await services.add_kelurahan(info.context.service, puskesmas_id, code, name)
            return _kelurahan(row)

        return await mutate(info, run)

    @strawberry.mutation(
        description="Enter a puskesmas' monthly report (one per month; correct it afterwards)."
    )
    async def kesehatan_submit_report(
        self, info: Info, input: SubmitReportInput
    ) -> KesehatanSubmitReportResult:
        async def run() -> KesehatanReport:
            row = await services.submit_report(
                info.context.service, input.puskesmas_id, input.month, _lines(input.lines)
            )
            return _report(row)

        return await mutate(info, run)

    @strawberry.mutation(
        description="Correct a report: every line again, with the version read (audited)."
    )
    async def kesehatan_correct_report(
        self, info: Info, id: strawberry.ID, version: int, lines: list[ReportLineInput]
    ) -> KesehatanCorrectReportResult:
        async def run() -> KesehatanReport:
            row = await services.correct_report(info.context.service, id, version, _lines(lines))
            return _report(row)

        return await mutate(info, run)


@strawberry.type(description="Kesehatan fields of the core Agency type.")
class AgencyFields:
    @strawberry.field(
        description="The agency's puskesmas, by code (plugin kesehatan).",
        metadata=max_items(25, maximum=500),
    )
    async def kesehatan_puskesmas(self, info: Info) -> list[KesehatanPuskesmas] | None:
        # ``self`` is the core Agency object, ``self.row`` its row
        await require_plugin_data(info, services.PLUGIN, self.row.id)
        rows = await info.context.reader.children(
            models.Puskesmas, "agency_id", self.row, order_by=("code",)
        )
        return [_puskesmas(r) for r in rows]


TYPES = [
    KesehatanPuskesmas,
    KesehatanKelurahan,
    KesehatanReport,
    KesehatanReportLine,
    KesehatanCoverage,
    CoverageLevel,
]
