"""Immunisation coverage the PWS way: cumulative counts since January against the annual target.

PWS (Pemantauan Wilayah Setempat) adds a kelurahan's monthly counts from 1 January up to the
month looked at and compares them with the ANNUAL target (sasaran bayi). The annual target of a
kelurahan is the one of its latest report in the year (a later report may revise it), never a
sum over months. An area (puskesmas, city) adds up its kelurahan.

- IDL coverage = infants with complete basic immunisation / target infants x 100
- drop-out DPT = (DPT-HB-Hib1 - DPT-HB-Hib3) / DPT-HB-Hib1 x 100
- drop-out MR = (DPT-HB-Hib1 - MR1) / DPT-HB-Hib1 x 100
- left-out BCG = (newborns - BCG) / newborns x 100

:func:`fetch_lines` reads the report lines of a scope in one statement, :func:`aggregate` is
pure (unit-tested without a database).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kinerja_core.api import IndicatorValue, RecordRef, ratio

from kinerja_kesehatan.models import ImmunizationReportLine

COUNTS = ("target_infants", "idl", "dpt1", "dpt3", "mr1", "newborns", "bcg")
MONTHLY = COUNTS[1:]  # counted in the month, added up since January
REPORT_ENTITY = "ImmunizationReport"


@dataclass
class Totals:
    """Cumulative counts of an area since January, the annual target and the reports used."""

    target_infants: int = 0
    idl: int = 0
    dpt1: int = 0
    dpt3: int = 0
    mr1: int = 0
    newborns: int = 0
    bcg: int = 0
    records: list[RecordRef] = field(default_factory=list)

    @property
    def reports(self) -> int:
        return len(self.records)

    def idl_coverage(self, note: str = "") -> IndicatorValue:
        return _value(self.idl, self.target_infants, self.records, note)

    def dropout_dpt(self, note: str = "") -> IndicatorValue:
        return _value(self.dpt1 - self.dpt3, self.dpt1, self.records, note)

    def dropout_mr(self, note: str = "") -> IndicatorValue:
        return _value(self.dpt1 - self.mr1, self.dpt1, self.records, note)

    def leftout_bcg(self, note: str = "") -> IndicatorValue:
        return _value(self.newborns - self.bcg, self.newborns, self.records, note)


def _value(numerator: int, denominator: int, records: Sequence[RecordRef], note: str):
    if not records:
        return ratio(None, None, 100, note=note)
    return ratio(numerator, denominator, 100, records=records, note=note)


def aggregate(rows: Iterable[Mapping[str, Any]]) -> Totals:
    """Totals of report-line rows (dicts from :func:`fetch_lines`), in month order.

    Monthly counts are added up; the target of each kelurahan is taken from its latest line.
    """
    totals = Totals()
    targets: dict[int, tuple[dt.date, int]] = {}
    seen: set[int] = set()
    for row in rows:
        for name in MONTHLY:
            setattr(totals, name, getattr(totals, name) + row[name])
        latest = targets.get(row["kelurahan_id"])
        if latest is None or latest[0] <= row["month"]:
            targets[row["kelurahan_id"]] = (row["month"], row["target_infants"])
        if row["report_id"] not in seen:
            seen.add(row["report_id"])
            label = f"{row['puskesmas_name']} {row['month']:%Y-%m}"
            totals.records.append(RecordRef(REPORT_ENTITY, str(row["report_id"]), label))
    totals.target_infants = sum(target for _, target in targets.values())
    return totals


def group(
    rows: Iterable[Mapping[str, Any]], key: Callable[[Mapping[str, Any]], Hashable]
) -> dict[Hashable, Totals]:
    """:func:`aggregate` per area (``key`` of a row: None for the city, an id otherwise)."""
    buckets: dict[Hashable, list[Mapping[str, Any]]] = {}
    for row in rows:
        buckets.setdefault(key(row), []).append(row)
    return {k: aggregate(v) for k, v in buckets.items()}


async def fetch_lines(
    agency_id: int,
    year: int,
    until: dt.date,
    *,
    puskesmas_code: str | None = None,
    kelurahan_code: str | None = None,
    puskesmas_id: int | None = None,
) -> list[dict[str, Any]]:
    """Report lines of the agency from 1 January of ``year`` to ``until``, month order."""
    query = ImmunizationReportLine.filter(
        report__agency_id=agency_id,
        report__month__gte=dt.date(year, 1, 1),
        report__month__lte=until,
    )
    if puskesmas_code:
        query = query.filter(report__puskesmas__code=puskesmas_code)
    if puskesmas_id is not None:
        query = query.filter(report__puskesmas_id=puskesmas_id)
    if kelurahan_code:
        query = query.filter(kelurahan__code=kelurahan_code)
    return await query.order_by("report__month", "report_id", "kelurahan_id").values(
        *COUNTS,
        "report_id",
        "kelurahan_id",
        month="report__month",
        puskesmas_id="report__puskesmas_id",
        puskesmas_name="report__puskesmas__name",
    )


def year_to_date(annual: Decimal | int, month: int) -> Decimal:
    """The PWS year-to-date target: annual x month / 12 (two decimals)."""
    return (Decimal(annual) * month / 12).quantize(Decimal("0.01"))
