"""Organisation predikat of units and the kurva: how it bounds the unit's staff predikat.

The leader one level up sets a unit's organisation predikat for a period (or the year), in
``services.kurva.set_organization_rating`` (a kurva decision: it re-checks the unit's final
distribution); finalising an evaluation and the kurva report measure the unit against it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from kinerja_core.auth import access
from kinerja_core.domain.enums import EvaluationKind, EvaluationStatus, OrgPredikat, Predikat
from kinerja_core.domain.kurva import KurvaFinding, check_distribution
from kinerja_core.domain.predikat import PREDIKAT_ORDER
from kinerja_core.errors import ValidationFailed
from kinerja_core.i18n import register_messages
from kinerja_core.models import Employee, OrganizationRating, Period, Unit
from kinerja_core.services.common import get_or_404, row_or_404
from kinerja_core.services.context import ServiceContext
from kinerja_core.services.rows import columns, fetch_rows
from kinerja_core.sql import fetch_all


def period_filter(period_id: int | None) -> dict[str, Any]:
    """Filter kwargs for "this period", or for the year when ``period_id`` is None."""
    # NULL never equals NULL in SQL: the annual row (no period) needs IS NULL.
    return {"period_id": period_id} if period_id is not None else {"period_id__isnull": True}


def period_sql(alias: str, period_id: int | None) -> tuple[str, list[Any]]:
    """:func:`period_filter` in SQL: the condition on ``alias.period_id`` and its parameters."""
    if period_id is None:
        return f"{alias}.period_id IS NULL", []
    return f"{alias}.period_id = ?", [period_id]


async def period_of_agency(
    period_id: Any, agency_id: int, year: int, *, plain: bool = False
) -> Period:
    """The period ``period_id``, refused unless it belongs to the agency and the year
    (``plain``: as a plain row, for reads)."""
    if plain:
        period = await row_or_404(Period, period_id, "periodId")
    else:
        period = await get_or_404(Period, period_id, "periodId")
    if period.agency_id != agency_id or period.year != year:
        raise ValidationFailed("evaluation.period_mismatch", field="periodId", year=year)
    return period


async def organization_rating_for(
    unit_id: int, year: int, period_id: int | None, *, plain: bool = False
) -> OrganizationRating | None:
    """The organisation predikat of a unit for a period (or the year), if set (``plain``: as
    a plain row, for reads)."""
    if plain:
        same_period, key = period_sql("o", period_id)
        rows = await fetch_rows(
            OrganizationRating,
            f"SELECT {columns(OrganizationRating, 'o')} FROM organization_rating o"
            f" WHERE o.unit_id = ? AND o.year = ? AND {same_period} ORDER BY o.id LIMIT 1",
            [unit_id, year, *key],
        )
        return rows[0] if rows else None
    return await OrganizationRating.filter(
        unit_id=unit_id, year=year, **period_filter(period_id)
    ).first()


async def unit_predikats(
    unit_id: int,
    kind: EvaluationKind,
    year: int,
    period_id: int | None,
) -> list[Predikat]:
    """The FINAL predikat per employee of a unit (by SKP unit) for one period or the year.

    An employee counts once even with two SKP after mutasi. The kurva check of finalising
    uses the whole distribution, drafts included (``services.kurva``).
    """
    same_period, key = period_sql("ev", period_id)
    rows = [
        (r["employee_id"], r["predikat"])
        for r in await fetch_all(
            "SELECT pp.employee_id AS employee_id, ev.predikat AS predikat FROM evaluation ev"
            " JOIN performance_plan pp ON pp.id = ev.plan_id WHERE pp.unit_id = ?"
            f" AND ev.kind = ? AND ev.year = ? AND ev.status = ? AND {same_period}"
            " ORDER BY ev.finalized_at, ev.id",
            [
                unit_id,
                EvaluationKind(kind).value,
                year,
                EvaluationStatus.FINAL.value,
                *key,
            ],
        )
    ]
    by_employee = {employee_id: Predikat(p) for employee_id, p in rows}
    return list(by_employee.values())


def finding_json(finding: KurvaFinding) -> dict[str, Any]:
    """A kurva finding as stored with the evaluation and shown to clients."""
    return {
        "code": finding.code,
        "org": str(finding.org),
        "predikats": [str(p) for p in finding.predikats],
        "bound": finding.bound,
        "percent": finding.percent,
        "actual": finding.actual,
        "limit": finding.limit,
        "total": finding.total,
        "params": finding.params,
    }


@dataclass
class KurvaReport:
    """The predikat distribution of a unit for a period (or the year) against the kurva."""

    unit: Unit
    period: Period | None
    year: int
    kind: EvaluationKind
    organization_rating: OrganizationRating | None
    counts: dict[Predikat, int]
    total: int
    findings: list[KurvaFinding]


async def kurva_report(
    ctx: ServiceContext, unit_id: Any, year: int, period_id: Any = None
) -> KurvaReport:
    """Counts of FINAL predikat in a unit, its organisation predikat and any breach.

    Who may: the unit's head and the heads above it, the agency head/admin, a central admin.
    """
    viewer = ctx.require_viewer()
    unit = await row_or_404(Unit, unit_id, "unitId")
    await access.require_read_unit(viewer, unit)
    period = (
        await period_of_agency(period_id, unit.agency_id, year, plain=True) if period_id else None
    )
    key = period.id if period else None
    kind = EvaluationKind.PERIODIC if period else EvaluationKind.ANNUAL
    org = await organization_rating_for(unit.id, year, key, plain=True)
    predikats = await unit_predikats(unit.id, kind, year, key)
    findings = []
    if org is not None:
        findings = check_distribution(
            OrgPredikat(org.rating), predikats, ctx.settings.kurva_rounding
        )
    counted = Counter(predikats)
    return KurvaReport(
        unit=unit,
        period=period,
        year=year,
        kind=kind,
        organization_rating=org,
        counts={p: counted.get(p, 0) for p in PREDIKAT_ORDER},
        total=len(predikats),
        findings=findings,
    )


async def prime_report(reader: Any, report: KurvaReport) -> None:
    """Hand the report's unit and period and its organisation predikat's setter (one
    statement) to the request's loaders, so that its fields answer at once."""
    loaders = reader.loaders
    loaders.by_id(Unit).prime(report.unit.id, report.unit)
    if report.period is not None:
        loaders.by_id(Period).prime(report.period.id, report.period)
    org = report.organization_rating
    if org is not None and org.set_by_id is not None:
        for row in await fetch_rows(
            Employee,
            f"SELECT {columns(Employee, 'e')} FROM employee e WHERE e.id = ?",
            [org.set_by_id],
        ):
            loaders.by_id(Employee).prime(row.id, row)


MESSAGES = {
    "access.org_rating": (
        "Predikat organisasi unit ini hanya dapat ditetapkan oleh pimpinan unit satu tingkat "
        "di atasnya.",
        "Only the head of the unit one level up can set this unit's organisation rating.",
    ),
    "access.org_rating_top": (
        "Predikat organisasi unit teratas OPD hanya dapat ditetapkan oleh admin pusat (BKPSDM).",
        "Only a central administrator (BKPSDM) can set the organisation rating of an agency's "
        "top unit.",
    ),
    "access.unit_report": (
        "Anda hanya dapat melihat laporan unit yang Anda pimpin atau unit di bawahnya.",
        "You can only see the reports of units you lead or units below them.",
    ),
    "evaluation.period_mismatch": (
        "Periode yang dipilih bukan periode OPD ini untuk tahun {year}.",
        "The chosen period is not one of this agency's periods for {year}.",
    ),
}
register_messages(MESSAGES)
