"""Use cases of the kesehatan plugin: one transaction each, access checked, audited.

- Writing (puskesmas, kelurahan, monthly reports and their corrections): the agency's admin or
  a central admin (``access.require_manage_agency``).
- Reading: any signed-in employee of the agency, its head and admins, central admins.
- Every use case first checks that the plugin is enabled for the agency (``PluginDisabled``).

A report holds one line per kelurahan of its puskesmas. Bad input is refused with a
``ValidationFailed`` naming the field (``lines.2.dpt3``), before anything is written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from kinerja_core.api import (
    MONTH_NAMES_EN,
    MONTH_NAMES_ID,
    Agency,
    Conflict,
    NotFound,
    ServiceContext,
    ValidationFailed,
    audit,
    bump,
    check_year,
    clean_text,
    get_or_404,
    parse_id,
    plugin_config,
    read_child_rows,
    read_rows,
    refresh_computed,
    register_agency_data,
    register_agency_rows,
    register_messages,
    require_plugin_data,
)
from tortoise.exceptions import IntegrityError

from kinerja_kesehatan.coverage import COUNTS, Totals, group, year_to_date
from kinerja_kesehatan.models import (
    ImmunizationReport,
    ImmunizationReportLine,
    Kelurahan,
    Puskesmas,
)

PLUGIN = "kesehatan"
MAX_COUNT = 100_000  # per kelurahan: far above any real sasaran bayi or monthly count
MIN_YEAR = 2000
CODE = re.compile(r"^[A-Z0-9][A-Z0-9_.-]{0,31}$")

# (numerator, denominator): refused when the numerator is larger, unless the config allows it
PAIRS = (("idl", "target_infants"), ("dpt3", "dpt1"), ("mr1", "dpt1"), ("bcg", "newborns"))
LABELS: dict[str, tuple[str, str]] = {
    "target_infants": ("sasaran bayi", "target infants"),
    "idl": ("bayi imunisasi dasar lengkap", "infants with complete basic immunisation"),
    "dpt1": ("DPT-HB-Hib1", "DPT-HB-Hib1"),
    "dpt3": ("DPT-HB-Hib3", "DPT-HB-Hib3"),
    "mr1": ("MR1", "MR1"),
    "newborns": ("bayi lahir hidup", "newborns"),
    "bcg": ("BCG", "BCG"),
}
CAMEL = {
    "target_infants": "targetInfants",
    "idl": "idl",
    "dpt1": "dpt1",
    "dpt3": "dpt3",
    "mr1": "mr1",
    "newborns": "newborns",
    "bcg": "bcg",
}


@dataclass(frozen=True)
class LineInput:
    """One kelurahan of a report as entered: the annual target and the month's counts."""

    kelurahan_id: Any
    target_infants: int
    idl: int
    dpt1: int
    dpt3: int
    mr1: int
    newborns: int
    bcg: int


@dataclass(frozen=True)
class CoverageRow:
    """Coverage of one area (the city, a puskesmas or a kelurahan) up to a month."""

    level: str
    area_id: int | None
    area_code: str
    area_name: str
    month: dt.date
    totals: Totals
    idl_target: Decimal  # the annual IDL target in percent (config)

    @property
    def idl_target_year_to_date(self) -> Decimal:
        return year_to_date(self.idl_target, self.month.month)

    @property
    def target_infants_year_to_date(self) -> Decimal:
        return year_to_date(self.totals.target_infants, self.month.month)


LEVELS = ("CITY", "PUSKESMAS", "KELURAHAN")


# the reader hands these out to the agency's own people (kinerja_core.services.reader)
register_agency_data(Puskesmas)
register_agency_data(Kelurahan)
register_agency_data(ImmunizationReport)
register_agency_rows(ImmunizationReportLine)

ENTITIES = {
    Puskesmas: ("Puskesmas", "Puskesmas"),
    Kelurahan: ("Kelurahan", "Kelurahan"),
    ImmunizationReport: ("Laporan imunisasi", "Immunisation report"),
}


def _not_found(model: type, id: Any, field: str) -> NotFound:
    name, name_en = ENTITIES[model]
    return NotFound("kesehatan.not_found", field=field, entity=name, entity_en=name_en, id=str(id))


async def _get(model: type, id: Any, field: str) -> Any:
    """The row with ``id`` or a NotFound naming the input ``field`` (a malformed id: the
    core's ``input.id`` ValidationError, before any SQL runs)."""
    key = parse_id(id, field)
    row = await model.filter(id=key).first()
    if row is None:
        raise _not_found(model, id, field)
    return row


async def _agency(agency_id: Any) -> Agency:
    return await get_or_404(Agency, agency_id, "agencyId")


async def _read_agency(ctx: ServiceContext, agency_id: Any) -> Any:
    """The agency as a plain row, for the reads: one statement for every field of a request
    that asks the same agency (``read_rows``); NotFound as :func:`_agency` gives it."""
    found = await read_rows(ctx, Agency, id=parse_id(agency_id, "agencyId"))
    if not found:
        raise NotFound("not_found", field="agencyId", entity="Agency", id=agency_id)
    return found[0]


def _code(value: str | None) -> str:
    code = (value or "").strip().upper()
    if not code:
        raise ValidationFailed("required", field="code")
    if not CODE.match(code):
        raise ValidationFailed("kesehatan.code_invalid", field="code", value=code)
    return code


# -- puskesmas and kelurahan -------------------------------------------------------------------


async def add_puskesmas(
    ctx: ServiceContext, agency_id: Any, code: str, name: str, kecamatan: str = ""
) -> Puskesmas:
    """A new puskesmas of an agency (its admin or a central admin); codes unique per agency."""
    agency = await _agency(agency_id)
    await require_plugin_data(ctx, PLUGIN, agency.id, write=True)
    code = _code(code)
    name = clean_text(name, "name", required=True, max_len=200)
    kecamatan = clean_text(kecamatan, "kecamatan", max_len=100)
    async with ctx.transaction():
        if await Puskesmas.filter(agency_id=agency.id, code=code).exists():
            raise Conflict("kesehatan.code_taken", field="code", value=code)
        try:
            row = await Puskesmas.create(
                agency_id=agency.id, code=code, name=name, kecamatan=kecamatan
            )
        except IntegrityError:  # the same code added by a concurrent request
            raise Conflict("kesehatan.code_taken", field="code", value=code) from None
        await audit.record(
            ctx, "kesehatan.puskesmas.create", "Puskesmas", row.id, after=audit.snapshot(row)
        )
    return row


async def add_kelurahan(ctx: ServiceContext, puskesmas_id: Any, code: str, name: str) -> Kelurahan:
    """A kelurahan in a puskesmas' working area; codes unique per agency."""
    puskesmas = await _get(Puskesmas, puskesmas_id, "puskesmasId")
    await require_plugin_data(ctx, PLUGIN, puskesmas.agency_id, write=True)
    code = _code(code)
    name = clean_text(name, "name", required=True, max_len=200)
    async with ctx.transaction():
        if await Kelurahan.filter(agency_id=puskesmas.agency_id, code=code).exists():
            raise Conflict("kesehatan.code_taken", field="code", value=code)
        try:
            row = await Kelurahan.create(
                agency_id=puskesmas.agency_id, puskesmas_id=puskesmas.id, code=code, name=name
            )
        except IntegrityError:
            raise Conflict("kesehatan.code_taken", field="code", value=code) from None
        await audit.record(
            ctx, "kesehatan.kelurahan.create", "Kelurahan", row.id, after=audit.snapshot(row)
        )
    return row


async def list_puskesmas(ctx: ServiceContext, agency_id: Any) -> list[Puskesmas]:
    agency = await _agency(agency_id)
    await require_plugin_data(ctx, PLUGIN, agency.id)
    return await Puskesmas.filter(agency_id=agency.id).order_by("code")


# -- reports -----------------------------------------------------------------------------------


def _month_params(month: dt.date) -> dict[str, str]:
    return {
        "month": f"{MONTH_NAMES_ID[month.month - 1]} {month.year}",
        "month_en": f"{MONTH_NAMES_EN[month.month - 1]} {month.year}",
    }


def _check_month(ctx: ServiceContext, month: dt.date) -> dt.date:
    if not isinstance(month, dt.date):
        raise ValidationFailed("required", field="month")
    month = dt.date(month.year, month.month, 1)
    if month.year < MIN_YEAR:
        raise ValidationFailed("kesehatan.month_too_early", field="month", year=MIN_YEAR)
    if month > ctx.today().replace(day=1):
        raise ValidationFailed("kesehatan.month_future", field="month", **_month_params(month))
    return month


def _count(value: Any, field: str, name: str, kelurahan: str) -> int:
    params = {"label": LABELS[name][0], "label_en": LABELS[name][1], "kelurahan": kelurahan}
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationFailed("kesehatan.count_integer", field=field, **params)
    if value < 0:
        raise ValidationFailed("kesehatan.count_negative", field=field, **params)
    if value > MAX_COUNT:
        raise ValidationFailed("kesehatan.count_too_large", field=field, max=MAX_COUNT, **params)
    return value


async def _check_lines(
    ctx: ServiceContext, puskesmas: Puskesmas, lines: Sequence[LineInput | Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """The lines as rows to write, or ValidationFailed naming the first bad field."""
    kelurahan = {k.id: k for k in await Kelurahan.filter(puskesmas_id=puskesmas.id)}
    if not kelurahan:
        raise ValidationFailed("kesehatan.no_kelurahan", field="puskesmasId", name=puskesmas.name)
    config = await plugin_config(ctx, PLUGIN, puskesmas.agency_id)
    allow_above = bool(config.get("allow_numerator_above_denominator"))
    clean: list[dict[str, Any]] = []
    seen: set[int] = set()
    for index, line in enumerate(lines):
        data = asdict(line) if isinstance(line, LineInput) else dict(line)
        where = f"lines.{index}"
        try:
            kelurahan_id = int(data.get("kelurahan_id"))
        except (TypeError, ValueError):
            kelurahan_id = None
        row = kelurahan.get(kelurahan_id) if kelurahan_id is not None else None
        if row is None:
            raise ValidationFailed(
                "kesehatan.kelurahan_not_in_puskesmas",
                field=f"{where}.kelurahanId",
                id=str(data.get("kelurahan_id")),
                puskesmas=puskesmas.name,
            )
        if row.id in seen:
            raise ValidationFailed(
                "kesehatan.kelurahan_twice", field=f"{where}.kelurahanId", kelurahan=row.name
            )
        seen.add(row.id)
        counts = {
            name: _count(data.get(name), f"{where}.{CAMEL[name]}", name, row.name)
            for name in COUNTS
        }
        if not allow_above:
            for numerator, denominator in PAIRS:
                if counts[numerator] > counts[denominator]:
                    raise ValidationFailed(
                        "kesehatan.above_denominator",
                        field=f"{where}.{CAMEL[numerator]}",
                        label=LABELS[numerator][0],
                        label_en=LABELS[numerator][1],
                        value=counts[numerator],
                        other=LABELS[denominator][0],
                        other_en=LABELS[denominator][1],
                        other_value=counts[denominator],
                        kelurahan=row.name,
                    )
        clean.append({"kelurahan_id": row.id, **counts})
    missing = [k.name for k in sorted(kelurahan.values(), key=lambda k: k.code) if k.id not in seen]
    if missing:
        raise ValidationFailed(
            "kesehatan.kelurahan_missing", field="lines", kelurahan=", ".join(missing)
        )
    return sorted(clean, key=lambda r: r["kelurahan_id"])


async def _lines_snapshot(report_id: int) -> list[dict[str, Any]]:
    rows = (
        await ImmunizationReportLine.filter(report_id=report_id)
        .order_by("kelurahan_id")
        .values("kelurahan_id", *COUNTS, kelurahan_code="kelurahan__code")
    )
    return [dict(r) for r in rows]


def _snapshot(report: ImmunizationReport, lines: list[dict[str, Any]]) -> dict[str, Any]:
    data = audit.snapshot(report) or {}
    data["lines"] = lines
    return data


async def submit_report(
    ctx: ServiceContext,
    puskesmas_id: Any,
    month: dt.date,
    lines: Sequence[LineInput | Mapping[str, Any]],
) -> ImmunizationReport:
    """A puskesmas' report for a month (first day; any day of it is accepted); one per month."""
    viewer = ctx.require_viewer()
    puskesmas = await _get(Puskesmas, puskesmas_id, "puskesmasId")
    await require_plugin_data(ctx, PLUGIN, puskesmas.agency_id, write=True)
    month = _check_month(ctx, month)
    rows = await _check_lines(ctx, puskesmas, lines)
    exists = Conflict(
        "kesehatan.report_exists", field="month", puskesmas=puskesmas.name, **_month_params(month)
    )
    async with ctx.transaction():
        if await _report_exists(puskesmas.id, month):
            raise exists
        try:
            report = await ImmunizationReport.create(
                agency_id=puskesmas.agency_id,
                puskesmas_id=puskesmas.id,
                month=month,
                entered_by_id=viewer.employee_id,
            )
        except IntegrityError:  # the same month submitted by a concurrent request
            raise exists from None
        await ImmunizationReportLine.bulk_create(
            [ImmunizationReportLine(report_id=report.id, **row) for row in rows]
        )
        after = _snapshot(report, await _lines_snapshot(report.id))
        await audit.record(
            ctx, "kesehatan.report.submit", "ImmunizationReport", report.id, after=after
        )
        _emit(ctx, report)
    await refresh_computed(ctx, PLUGIN, report.agency_id)
    return report


async def correct_report(
    ctx: ServiceContext,
    report_id: Any,
    version: int,
    lines: Sequence[LineInput | Mapping[str, Any]],
) -> ImmunizationReport:
    """Replace a report's lines; ``version`` is the one the client read (stale: Conflict).

    Audited with the lines before and after. Identical lines change nothing.
    """
    viewer = ctx.require_viewer()
    report = await _get(ImmunizationReport, report_id, "id")
    await require_plugin_data(ctx, PLUGIN, report.agency_id, write=True)
    if version != report.version:
        raise Conflict("conflict.version", field="version", current=report.version)
    puskesmas = await Puskesmas.get(id=report.puskesmas_id)
    rows = await _check_lines(ctx, puskesmas, lines)
    async with ctx.transaction():
        before_lines = await _lines_snapshot(report.id)
        if [_counts_of(r) for r in before_lines] == [_counts_of(r) for r in rows]:
            return report
        before = _snapshot(report, before_lines)
        report.corrected_by_id = viewer.employee_id
        report.updated_at = ctx.now()
        await bump(report, "corrected_by_id", "updated_at")  # Conflict if changed meanwhile
        await ImmunizationReportLine.filter(report_id=report.id).delete()
        await ImmunizationReportLine.bulk_create(
            [ImmunizationReportLine(report_id=report.id, **row) for row in rows]
        )
        after = _snapshot(report, await _lines_snapshot(report.id))
        await audit.record(
            ctx, "kesehatan.report.correct", "ImmunizationReport", report.id, before, after
        )
        _emit(ctx, report)
    await refresh_computed(ctx, PLUGIN, report.agency_id)
    return report


async def _report_exists(puskesmas_id: int, month: dt.date) -> bool:
    return await ImmunizationReport.filter(puskesmas_id=puskesmas_id, month=month).exists()


def _counts_of(row: Mapping[str, Any]) -> tuple[int, ...]:
    return (row["kelurahan_id"], *(row[name] for name in COUNTS))


def _emit(ctx: ServiceContext, report: ImmunizationReport) -> None:
    ctx.emit(
        "kesehatan_report_saved",
        agency_id=report.agency_id,
        puskesmas_id=report.puskesmas_id,
        report_id=report.id,
        month=report.month.isoformat(),
    )


async def get_report(ctx: ServiceContext, report_id: Any) -> ImmunizationReport:
    report = await _get(ImmunizationReport, report_id, "id")
    await require_plugin_data(ctx, PLUGIN, report.agency_id)
    return report


def _check_year(year: int) -> int:
    return check_year(year, code="kesehatan.year")


async def list_reports(
    ctx: ServiceContext, agency_id: Any, year: int, puskesmas_id: Any = None
) -> list[Any]:
    """An agency's reports of a year (at most puskesmas x 12), by month then puskesmas.

    Plain rows, with their puskesmas, lines and the lines' kelurahan at hand for the fields
    (one statement each, whatever the number of reports)."""
    agency = await _read_agency(ctx, agency_id)
    await require_plugin_data(ctx, PLUGIN, agency.id)
    _check_year(year)
    filters: dict[str, Any] = {}
    if puskesmas_id is not None:
        puskesmas = await _get(Puskesmas, puskesmas_id, "puskesmasId")
        if puskesmas.agency_id != agency.id:
            raise _not_found(Puskesmas, puskesmas_id, "puskesmasId")
        filters["puskesmas_id"] = puskesmas.id
    reports = await _year_reports(ctx, agency.id, year, **filters)
    if reports:
        await read_rows(ctx, Puskesmas, agency_id=agency.id, order_by=("code",))
        await read_rows(ctx, Kelurahan, agency_id=agency.id)
        await _report_lines(ctx, reports)
    return reports


async def coverage(
    ctx: ServiceContext, agency_id: Any, year: int, month: int, level: str
) -> list[CoverageRow]:
    """Cumulative coverage from January to ``month`` per area of ``level``.

    Every area of the level is listed, those without reports with zero counts and no values.
    """
    agency = await _read_agency(ctx, agency_id)
    await require_plugin_data(ctx, PLUGIN, agency.id)
    _check_year(year)
    if not 1 <= month <= 12:
        raise ValidationFailed("kesehatan.month_number", field="month")
    level = str(level).upper()
    if level not in LEVELS:
        raise ValidationFailed("kesehatan.level", field="level", levels=", ".join(LEVELS))
    until = dt.date(year, month, 1)
    config = await plugin_config(ctx, PLUGIN, agency.id)
    idl_target = Decimal(str(config.get("idl_target_percent", 100)))
    puskesmas = await read_rows(ctx, Puskesmas, agency_id=agency.id, order_by=("code",))
    rows = await _coverage_lines(ctx, agency.id, year, until, puskesmas)

    def row(level: str, area: Any, totals: Totals | None) -> CoverageRow:
        return CoverageRow(
            level=level,
            area_id=None if area is None else area.id,
            area_code=agency.code if area is None else area.code,
            area_name=agency.name if area is None else area.name,
            month=until,
            totals=totals or Totals(),
            idl_target=idl_target,
        )

    if level == "CITY":
        return [row(level, None, group(rows, lambda r: None).get(None))]
    if level == "PUSKESMAS":
        by_area = group(rows, lambda r: r["puskesmas_id"])
        areas = puskesmas
    else:
        by_area = group(rows, lambda r: r["kelurahan_id"])
        areas = await read_rows(ctx, Kelurahan, agency_id=agency.id, order_by=("code",))
    return [row(level, area, by_area.get(area.id)) for area in areas]


async def _coverage_lines(
    ctx: ServiceContext, agency_id: int, year: int, until: dt.date, puskesmas: Sequence[Any]
) -> list[dict[str, Any]]:
    """The rows :func:`fetch_lines` gives, from plain rows: the reports of the year up to
    ``until`` in month order, their lines (by kelurahan), with the names of ``puskesmas``.

    The year's reports and lines are read as :func:`list_reports` reads them, so a request
    with both the coverage and the report list of a year reads them once."""
    reports = await _year_reports(ctx, agency_id, year)
    if not reports:
        return []
    names = {p.id: p.name for p in puskesmas}
    lines = await _report_lines(ctx, reports)
    return [
        {
            **{name: getattr(line, name) for name in COUNTS},
            "report_id": report.id,
            "kelurahan_id": line.kelurahan_id,
            "month": report.month,
            "puskesmas_id": report.puskesmas_id,
            "puskesmas_name": names.get(report.puskesmas_id),
        }
        for report in reports
        if report.month <= until
        for line in lines.get(report.id, ())
    ]


async def _year_reports(ctx: ServiceContext, agency_id: int, year: int, **filters: Any) -> list:
    """An agency's reports of a year as plain rows, by month then puskesmas."""
    return await read_rows(
        ctx,
        ImmunizationReport,
        agency_id=agency_id,
        month__gte=dt.date(year, 1, 1),
        month__lte=dt.date(year, 12, 1),
        order_by=("month", "puskesmas_id"),
        **filters,
    )


async def _report_lines(ctx: ServiceContext, reports: Sequence[Any]) -> dict[int, list]:
    """The reports' lines by kelurahan, at hand for ``KesehatanReport.lines``."""
    return await read_child_rows(
        ctx, ImmunizationReportLine, "report_id", reports, order_by=("kelurahan_id",)
    )


async def deadline_day(ctx: ServiceContext, agency_id: int) -> int:
    """The configured day of the next month by which a report is due."""
    config = await plugin_config(ctx, PLUGIN, agency_id)
    return int(config.get("report_deadline_day") or 10)


def is_late(report: ImmunizationReport, day: int) -> bool:
    """Whether the report was first entered after the deadline (day ``day`` of next month)."""
    month = report.month
    following = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    deadline = following.replace(day=min(max(day, 1), 28))
    created = report.created_at
    if created is None:
        return False
    return created.date() > deadline


register_messages(
    {
        "kesehatan.not_found": (
            "{entity} dengan id {id} tidak ditemukan.",
            "{entity_en} with id {id} was not found.",
        ),
        "kesehatan.code_invalid": (
            "Kode {value} tidak valid: gunakan huruf besar, angka, titik, - atau _ "
            "(paling banyak 32 karakter).",
            "The code {value} is invalid: use capital letters, digits, dots, - or _ "
            "(at most 32 characters).",
        ),
        "kesehatan.code_taken": (
            "Kode {value} sudah dipakai di OPD ini.",
            "The code {value} is already used in this agency.",
        ),
        "kesehatan.no_kelurahan": (
            "{name} belum memiliki kelurahan: tambahkan kelurahan wilayah kerjanya dahulu.",
            "{name} has no kelurahan yet: add the kelurahan of its working area first.",
        ),
        "kesehatan.month_future": (
            "Laporan {month} belum dapat diisi: bulan itu belum tiba.",
            "The report for {month_en} cannot be entered yet: that month has not begun.",
        ),
        "kesehatan.month_too_early": (
            "Bulan laporan paling awal tahun {year}.",
            "The report month cannot be before {year}.",
        ),
        "kesehatan.month_number": (
            "Bulan harus antara 1 dan 12.",
            "The month must be between 1 and 12.",
        ),
        "kesehatan.year": (
            "Tahun harus antara {min} dan {max}.",
            "The year must be between {min} and {max}.",
        ),
        "kesehatan.level": (
            "Tingkat wilayah harus salah satu dari: {levels}.",
            "The level must be one of: {levels}.",
        ),
        "kesehatan.report_exists": (
            "Laporan {puskesmas} bulan {month} sudah ada: koreksi laporan itu.",
            "The report of {puskesmas} for {month_en} already exists: correct it instead.",
        ),
        "kesehatan.kelurahan_not_in_puskesmas": (
            "Kelurahan dengan id {id} tidak termasuk wilayah kerja {puskesmas}.",
            "The kelurahan with id {id} is not in the working area of {puskesmas}.",
        ),
        "kesehatan.kelurahan_twice": (
            "Kelurahan {kelurahan} diisi lebih dari sekali.",
            "Kelurahan {kelurahan} is entered more than once.",
        ),
        "kesehatan.kelurahan_missing": (
            "Laporan harus memuat setiap kelurahan wilayah kerja; belum diisi: {kelurahan}.",
            "The report must cover every kelurahan of the working area; missing: {kelurahan}.",
        ),
        "kesehatan.count_integer": (
            "Jumlah {label} kelurahan {kelurahan} harus bilangan bulat.",
            "The number of {label_en} of kelurahan {kelurahan} must be a whole number.",
        ),
        "kesehatan.count_negative": (
            "Jumlah {label} kelurahan {kelurahan} tidak boleh negatif.",
            "The number of {label_en} of kelurahan {kelurahan} cannot be negative.",
        ),
        "kesehatan.count_too_large": (
            "Jumlah {label} kelurahan {kelurahan} paling banyak {max}.",
            "The number of {label_en} of kelurahan {kelurahan} cannot be more than {max}.",
        ),
        "kesehatan.above_denominator": (
            "Jumlah {label} ({value}) kelurahan {kelurahan} melebihi {other} ({other_value}).",
            "The number of {label_en} ({value}) of kelurahan {kelurahan} is more than "
            "{other_en} ({other_value}).",
        ),
    }
)
