"""The recap workbook (.xlsx): an agency (or one unit and the units under it) for a year or
a period, with the dashboard's figures and filters.

Sheets (headers in Indonesian):

- ``Ringkasan``: what the recap covers and the agency totals;
- ``Pegawai``: one row per SKP of the year (and one per employee holding a definitive
  position there without an SKP): NIP, name, position, unit, SKP status, IKI with realisasi,
  progress, predikat of the period (or the annual one), angka kredit;
- ``Unit``: the dashboard's figures per unit (employees, SKP by status, realisasi, final
  evaluations, predikat distribution, organisation predikat).

Who may: whoever may open the agency dashboard (its head and admins, central admins).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from tortoise.expressions import Q

from kinerja_core.domain.enums import (
    AssignmentKind,
    EvaluationKind,
    EvaluationStatus,
    PlanStatus,
    Predikat,
)
from kinerja_core.domain.periods import build_period
from kinerja_core.errors import ValidationFailed
from kinerja_core.i18n import register_messages
from kinerja_core.models import Assignment, Evaluation, PerformancePlan, Unit
from kinerja_core.services import dashboard
from kinerja_core.services.bulk_import import XLSX_CONTENT_TYPE
from kinerja_core.services.common import get_or_404
from kinerja_core.services.context import ServiceContext
from kinerja_core.services.documents import labels

RECAP_PATH = "/documents/recap.xlsx"
SHEETS = ("Ringkasan", "Pegawai", "Unit")
PEGAWAI_HEADERS = (
    "NIP",
    "Nama",
    "Jabatan",
    "Unit Kerja",
    "Status SKP",
    "Jumlah IKI",
    "IKI dengan Realisasi",
    "Progres Realisasi (%)",
    "Predikat Kinerja",
    "Angka Kredit",
    "ID SKP",
)
UNIT_HEADERS = (
    "Kode Unit",
    "Unit Kerja",
    "Jumlah Pegawai",
    "SKP Disetujui",
    "SKP Diajukan",
    "SKP Draf/Dikembalikan",
    "SKP Ditutup",
    "SKP dengan Realisasi",
    "Evaluasi Final",
    *(labels.predikat(p) for p in Predikat),
    "Predikat Organisasi",
)
NO_PLAN = "Belum ada SKP"
HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")

__all__ = ["RECAP_PATH", "SHEETS", "XLSX_CONTENT_TYPE", "Recap", "recap_url", "recap_workbook"]


@dataclass
class Recap:
    filename: str
    data: bytes
    employees: int  # rows on the Pegawai sheet
    units: int


def _subtree(units: list[Unit], root_id: int) -> set[int]:
    children: dict[int | None, list[int]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit.id)
    found, todo = set(), [root_id]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(children.get(current, []))
    return found


async def recap_workbook(
    ctx: ServiceContext, agency_id: Any, year: int, period_id: Any = None, unit_id: Any = None
) -> Recap:
    """The recap of an agency (or a unit's subtree) for ``year`` (or one of its periods)."""
    figures = await dashboard.agency_dashboard(ctx, agency_id, year, period_id)
    agency, period = figures.agency, figures.period
    all_units = [u.unit for u in figures.units]
    chosen = await _unit(agency.id, unit_id)
    unit_ids = _subtree(all_units, chosen.id) if chosen else {u.id for u in all_units}
    unit_rows = [u for u in figures.units if u.unit.id in unit_ids]
    names = {u.id: u.name for u in all_units}

    plans = await (
        PerformancePlan.filter(agency_id=agency.id, year=year, unit_id__in=list(unit_ids) or [0])
        .select_related("employee", "position")
        .order_by("unit_id", "id")
    )
    progress = dict(
        zip(
            [p.id for p in plans],
            await dashboard.plan_progress([p.id for p in plans]),
            strict=True,
        )
    )
    evaluations = Evaluation.filter(
        plan_id__in=[p.id for p in plans] or [0], status=EvaluationStatus.FINAL
    )
    evaluations = (
        evaluations.filter(period_id=period.id)
        if period
        else evaluations.filter(kind=EvaluationKind.ANNUAL)
    )
    by_plan = {e.plan_id: e for e in await evaluations}
    today = ctx.today()
    with_plan = {p.employee_id for p in plans}
    running = await (
        Assignment.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today),
            kind=AssignmentKind.DEFINITIF,
            position__agency_id=agency.id,
            position__unit_id__in=list(unit_ids) or [0],
            start_date__lte=today,
        )
        .select_related("employee", "position")
        .order_by("position__unit_id", "employee__nip")
    )
    holders: list[Assignment] = []
    for assignment in running:  # people holding a definitive position here without an SKP
        if assignment.employee_id not in with_plan:
            with_plan.add(assignment.employee_id)
            holders.append(assignment)

    book = Workbook()
    summary = book.active
    summary.title = "Ringkasan"
    scope = f"{chosen.name} (dan unit di bawahnya)" if chosen else "Seluruh unit"
    if period:
        label = build_period(period.year, period.kind, period.number).label
    else:
        label = f"Tahun {year} (evaluasi tahunan)"
    total_plans = len(plans)
    done = sum(1 for p in plans if p.id in by_plan)
    indicators = sum(progress[p.id].indicators for p in plans)
    realized = sum(progress[p.id].indicators_realized for p in plans)
    summary_rows = [
        ("Rekap Kinerja Pegawai", ""),
        ("Perangkat Daerah", agency.name),
        ("Unit", scope),
        ("Tahun", year),
        ("Periode", label),
        ("Dibuat", ctx.now().strftime("%Y-%m-%d %H:%M UTC")),
        ("", ""),
        ("Jumlah Pegawai", sum(u.employees for u in unit_rows)),
        ("Jumlah SKP", total_plans),
        *(
            (f"SKP {labels.PLAN_STATUS[s]}", sum(1 for p in plans if p.status == s))
            for s in PlanStatus
        ),
        ("Pegawai tanpa SKP", len(holders)),
        ("Progres Realisasi (%)", _percent(realized, indicators)),
        ("Evaluasi Final", done),
        *(
            (f"Predikat {labels.predikat(p)}", sum(1 for e in by_plan.values() if e.predikat == p))
            for p in Predikat
        ),
    ]
    for row in summary_rows:
        summary.append(list(row))
    summary["A1"].font = Font(bold=True, size=13)
    for cell in summary["A"]:
        if cell.row > 1:
            cell.font = Font(bold=True)
    summary.column_dimensions["A"].width = 28
    summary.column_dimensions["B"].width = 48

    people = book.create_sheet("Pegawai")
    _header(people, PEGAWAI_HEADERS)
    for plan in plans:
        p = progress[plan.id]
        evaluation = by_plan.get(plan.id)
        people.append(
            [
                plan.employee.nip,
                plan.employee.name,
                plan.position.name,
                names.get(plan.unit_id, ""),
                labels.PLAN_STATUS.get(plan.status, str(plan.status)),
                p.indicators,
                p.indicators_realized,
                _percent(p.indicators_realized, p.indicators),
                labels.predikat(evaluation.predikat) if evaluation else "",
                float(evaluation.credit_points)
                if evaluation and evaluation.credit_points is not None
                else None,
                plan.id,
            ]
        )
    for holder in holders:
        people.append(
            [
                holder.employee.nip,
                holder.employee.name,
                holder.position.name,
                names.get(holder.position.unit_id, ""),
                NO_PLAN,
                0,
                0,
                None,
                "",
                None,
                None,
            ]
        )
    for cell in people["A"][1:]:
        cell.number_format = "@"  # an 18-digit NIP stays text, never 1.98E+17
    _widths(people, (20, 30, 36, 36, 16, 11, 11, 12, 16, 12, 9))

    per_unit = book.create_sheet("Unit")
    _header(per_unit, UNIT_HEADERS)
    for u in unit_rows:
        status = u.plans_by_status
        per_unit.append(
            [
                u.unit.code,
                u.unit.name,
                u.employees,
                status.get(PlanStatus.APPROVED, 0),
                status.get(PlanStatus.SUBMITTED, 0),
                status.get(PlanStatus.DRAFT, 0) + status.get(PlanStatus.RETURNED, 0),
                status.get(PlanStatus.CLOSED, 0),
                u.plans_with_realization,
                u.evaluations_done,
                *(u.predikat.get(p, 0) for p in Predikat),
                labels.org_predikat(u.organization_rating),
            ]
        )
    _widths(per_unit, (18, 40, 10, 10, 10, 12, 10, 12, 10, 10, 10, 10, 10, 10, 16))

    out = io.BytesIO()
    book.save(out)
    which = f"periode-{period.number}" if period else "tahunan"
    part = f"-{chosen.code}" if chosen else ""
    return Recap(
        filename=f"rekap-kinerja-{agency.code}{part}-{year}-{which}.xlsx",
        data=out.getvalue(),
        employees=len(plans) + len(holders),
        units=len(unit_rows),
    )


async def _unit(agency_id: int, unit_id: Any) -> Unit | None:
    if unit_id is None:
        return None
    unit = await get_or_404(Unit, unit_id, "unitId")
    if unit.agency_id != agency_id:
        raise ValidationFailed("recap.unit_mismatch", field="unitId")
    return unit


async def recap_url(
    ctx: ServiceContext, agency_id: Any, year: int, period_id: Any = None, unit_id: Any = None
) -> str:
    """Where to GET the recap, once the viewer's access and the filters are checked."""
    agency, period = await dashboard.agency_scope(ctx, agency_id, year, period_id)
    unit = await _unit(agency.id, unit_id)
    query = {"agencyId": agency.id, "year": year}
    if period is not None:
        query["periodId"] = period.id
    if unit is not None:
        query["unitId"] = unit.id
    return RECAP_PATH + "?" + urlencode(query)


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _header(sheet: Any, headers: tuple[str, ...]) -> None:
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}1"


def _widths(sheet: Any, widths: tuple[int, ...]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


register_messages(
    {
        "recap.unit_mismatch": (
            "Unit ini bukan milik OPD yang dipilih.",
            "This unit does not belong to the chosen agency.",
        ),
    }
)
