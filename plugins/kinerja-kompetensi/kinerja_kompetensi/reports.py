"""The training-needs report: who needs which competency, in which agency, how urgently, so
BKPSDM can plan classical training; and the certificate download.

Rows are the open needs (proposed or confirmed) of a year, HIGH priority first, then by
agency, competency group and name. BKPSDM (central admins) reads the whole city or one
agency; an agency's head and admins their agency. Downloads (``kinerja_register_downloads``,
served by the core at ``/documents/plugins/kompetensi/<name>``, signed in as ``/graphql``):

- ``training-needs.xlsx`` / ``training-needs.csv`` ``?year=[&agencyId=]``;
- ``certificate?recordId=``: a record's certificate, for whoever may read the employee's data.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from kinerja_core.api import (
    Agency,
    Download,
    DownloadFile,
    DownloadRequest,
    Employee,
    NotAllowed,
    ServiceContext,
    ValidationFailed,
    check_year,
    employee_units,
    register_messages,
    require_plugin_enabled,
)
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from tortoise.expressions import Subquery

from kinerja_kompetensi import plain, plans
from kinerja_kompetensi.models import (
    ActivityNeed,
    ActivityStatus,
    DevelopmentActivity,
    DevelopmentNeed,
    NeedStatus,
    narrowed,
)

PATH = "/documents/plugins/kompetensi/training-needs.{format}"
CERTIFICATE_PATH = "/documents/plugins/kompetensi/certificate"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
PRIORITY_ORDER = {"HIGH": 0, "MEDIUM": 1, "LOW": 2}
HEADERS = (
    "NIP",
    "Nama",
    "Perangkat Daerah",
    "Unit Kerja",
    "Kelompok Kompetensi",
    "Kebutuhan Pengembangan",
    "Prioritas",
    "Status",
    "Sumber",
    "Nilai Sumber",
    "Kegiatan Direncanakan",
    "JP Terverifikasi",
    "JP Menunggu Verifikasi",
)
GROUP_LABELS = {
    "MANAJERIAL": "Manajerial",
    "TEKNIS": "Teknis",
    "SOSIAL_KULTURAL": "Sosial Kultural",
}
PRIORITY_LABELS = {"HIGH": "Tinggi", "MEDIUM": "Sedang", "LOW": "Rendah"}
STATUS_LABELS = {"PROPOSED": "Diusulkan", "CONFIRMED": "Dikonfirmasi"}
SOURCE_LABELS = {
    "PREDIKAT": "Predikat kinerja",
    "BEHAVIOR": "Perilaku kerja",
    "INDICATOR": "IKI",
    "EMPLOYEE": "Usulan pegawai",
}


@dataclass
class NeedLine:
    need_id: int
    employee_id: int
    nip: str
    name: str
    agency_id: int
    agency_code: str
    agency_name: str
    unit_name: str
    group: str
    title: str
    priority: str
    status: str
    source: str
    source_value: str
    planned: list[str]
    jp: int
    pending_jp: int


async def require_scope(ctx: ServiceContext, agency_id: int | None) -> None:
    """The city for central admins (BKPSDM); an agency for its head and admins too."""
    viewer = ctx.require_viewer()
    if agency_id is None:
        if not viewer.is_central_admin:
            raise NotAllowed("access.central_admin")
        return
    if not viewer.sees_agency(agency_id):
        raise NotAllowed("access.denied")
    await require_plugin_enabled(ctx, plans.PLUGIN, agency_id)


async def training_needs(
    ctx: ServiceContext,
    year: int,
    agency_id: int | None = None,
    *,
    group: str | None = None,
    priority: str | None = None,
) -> list[NeedLine]:
    """The report's rows (access checked here); plain rows in four statements whatever the
    number of needs (the needs with their employee and agency, the planned activities for
    them, the units, the JP)."""
    year = check_year(year)
    await require_scope(ctx, agency_id)
    chosen, params = _open_needs(year, agency_id, group, priority)
    needs = await plain.select(
        'SELECT n.id, n.employee_id, n.agency_id, n."group", n.title, n.priority, n.status,'
        " n.source, n.source_value, e.nip, e.name, ag.code, ag.name"
        f" FROM {plain.table(DevelopmentNeed)} n"
        f" JOIN {plain.table(Employee)} e ON e.id = n.employee_id"
        f" JOIN {plain.table(Agency)} ag ON ag.id = n.agency_id WHERE {chosen} ORDER BY n.id",
        params,
    )
    if not needs:
        return []
    people = sorted({n[1] for n in needs})
    units = await employee_units(people, plans.day_of(ctx, year))
    planned = await _planned(chosen, params)
    # the needs' people as a subquery: not hundreds of parameters built one by one
    of_needs = DevelopmentNeed.filter(year=year).exclude(status=NeedStatus.DISMISSED)
    of_needs = narrowed(of_needs, agency_id=agency_id, group=group, priority=priority)
    hours = await plans.hours_by_employee(
        year, employee_id__in=Subquery(of_needs.values("employee_id"))
    )
    out = []
    for (
        need_id,
        employee_id,
        agency,
        group_,
        title,
        priority_,
        status,
        source,
        source_value,
        nip,
        name,
        agency_code,
        agency_name,
    ) in needs:
        jp = hours[employee_id]
        out.append(
            NeedLine(
                need_id=need_id,
                employee_id=employee_id,
                nip=nip,
                name=name,
                agency_id=agency,
                agency_code=agency_code,
                agency_name=agency_name,
                unit_name=units.get(employee_id, (None, "", ""))[2],
                group=group_,
                title=title,
                priority=priority_,
                status=status,
                source=source,
                source_value=source_value,
                planned=sorted(planned[need_id]),
                jp=jp.jp,
                pending_jp=jp.pending_jp,
            )
        )
    out.sort(key=lambda r: (PRIORITY_ORDER.get(r.priority, 9), r.agency_code, r.group, r.name))
    return out


def _open_needs(
    year: int, agency_id: int | None, group: str | None, priority: str | None
) -> tuple[str, list[object]]:
    """The condition on ``n`` (the need table) of the report's needs, and its parameters:
    the year's not dismissed needs, narrowed to the agency, group and priority given."""
    where = ["n.year = ?", "n.status <> ?"]
    params: list[object] = [year, NeedStatus.DISMISSED.value]
    for column, value in (("agency_id", agency_id), ('"group"', group), ("priority", priority)):
        if value is not None:
            where.append(f"n.{column} = ?")
            params.append(value)
    return " AND ".join(where), params


async def _planned(chosen: str, params: list[object]) -> dict[int, list[str]]:
    """``{need id: ["title (jp JP)", ...]}`` of the planned activities for the needs of the
    condition ``chosen`` on ``n`` (one statement)."""
    rows = await plain.select(
        f"SELECT l.need_id, a.title, a.jp FROM {plain.table(ActivityNeed)} l"
        f" JOIN {plain.table(DevelopmentActivity)} a ON a.id = l.activity_id"
        " WHERE a.status = ? AND l.need_id IN"
        f" (SELECT n.id FROM {plain.table(DevelopmentNeed)} n WHERE {chosen})",
        [ActivityStatus.PLANNED.value, *params],
    )
    planned: dict[int, list[str]] = defaultdict(list)
    for need_id, title, jp in rows:
        planned[need_id].append(f"{title} ({jp} JP)")
    return planned


def _cells(line: NeedLine) -> list[object]:
    return [
        line.nip,
        line.name,
        line.agency_name,
        line.unit_name,
        GROUP_LABELS.get(line.group, line.group),
        line.title,
        PRIORITY_LABELS.get(line.priority, line.priority),
        STATUS_LABELS.get(line.status, line.status),
        SOURCE_LABELS.get(line.source, line.source),
        line.source_value,
        "; ".join(line.planned),
        line.jp,
        line.pending_jp,
    ]


def workbook(lines: list[NeedLine], year: int, scope: str) -> bytes:
    """Sheets ``Kebutuhan`` (one row per need) and ``Ringkasan`` (people per group and
    agency)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Kebutuhan"
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in lines:
        sheet.append(_cells(line))
    for index, width in enumerate((20, 28, 30, 28, 16, 44, 10, 14, 16, 14, 44, 10, 12), 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    summary = book.create_sheet("Ringkasan")
    summary.append([f"Kebutuhan pelatihan {year}", scope])
    summary.append(["Perangkat Daerah", *GROUP_LABELS.values(), "Pegawai"])
    for cell in summary[2]:
        cell.font = Font(bold=True)
    people: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for line in lines:
        people[line.agency_name][line.group].add(line.employee_id)
        people[line.agency_name]["*"].add(line.employee_id)
    for agency in sorted(people):
        counts = [len(people[agency][g]) for g in GROUP_LABELS]
        summary.append([agency, *counts, len(people[agency]["*"])])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_text(lines: list[NeedLine]) -> bytes:
    """The same rows as the workbook's ``Kebutuhan`` sheet; UTF-8 with a BOM so spreadsheet
    programs read the names right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for line in lines:
        writer.writerow(_cells(line))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def report_url(year: int, agency_id: int | None, fmt: str) -> str:
    params = {"year": year} | ({"agencyId": agency_id} if agency_id is not None else {})
    return PATH.format(format=fmt) + "?" + urlencode(params)


async def _report(ctx: ServiceContext, request: DownloadRequest, fmt: str) -> DownloadFile:
    ctx.require_viewer()
    year = request.number("year", required=True) or 0
    agency_id = request.number("agencyId")
    if agency_id is not None and not await Agency.filter(id=agency_id).exists():
        raise ValidationFailed("kompetensi.report_agency", field="agencyId")
    lines = await training_needs(ctx, year, agency_id)
    scope = "Kota" if agency_id is None else (await Agency.get(id=agency_id)).code
    name = f"kebutuhan-pelatihan-{year}-{scope.lower()}.{fmt}"
    if fmt == "xlsx":
        return DownloadFile(name, XLSX, data=workbook(lines, year, scope))
    return DownloadFile(name, CSV, data=csv_text(lines))


async def report_xlsx(ctx: ServiceContext, request: DownloadRequest) -> DownloadFile:
    return await _report(ctx, request, "xlsx")


async def report_csv(ctx: ServiceContext, request: DownloadRequest) -> DownloadFile:
    return await _report(ctx, request, "csv")


async def certificate(ctx: ServiceContext, request: DownloadRequest) -> DownloadFile:
    ctx.require_viewer()
    return await plans.certificate_file(ctx, request.number("recordId", required=True) or 0)


DOWNLOADS = [
    Download(
        "training-needs.xlsx",
        report_xlsx,
        "The training-needs report of a year (?year=, optional &agencyId=): sheets Kebutuhan"
        " and Ringkasan.",
    ),
    Download("training-needs.csv", report_csv, "The training-needs report as CSV."),
    Download("certificate", certificate, "A record's certificate (?recordId=)."),
]


register_messages(
    {
        "kompetensi.report_agency": (
            "Perangkat daerah tidak ditemukan.",
            "No such agency.",
        ),
    }
)
