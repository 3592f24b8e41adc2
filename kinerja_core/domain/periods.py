"""Monitoring periods of a year (monthly, quarterly, per semester) and their labels.

An agency picks the period length; everything that is per period (rencana aksi, realisasi,
periodic evaluation, angka kredit months) derives its dates and month count from here.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from .enums import PeriodKind
from .errors import Language, RuleViolation

MONTH_NAMES_ID: tuple[str, ...] = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
# Spelled out rather than calendar.month_name, which follows the process locale.
MONTH_NAMES_EN: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

MONTHS_PER_PERIOD: dict[PeriodKind, int] = {
    PeriodKind.MONTHLY: 1,
    PeriodKind.QUARTERLY: 3,
    PeriodKind.SEMESTER: 6,
}

_ROMAN = ("I", "II", "III", "IV")
# (Indonesian, English) name of one period of each kind, for messages.
_KIND_NAME: dict[PeriodKind, tuple[str, str]] = {
    PeriodKind.MONTHLY: ("periode bulanan", "monthly period"),
    PeriodKind.QUARTERLY: ("periode triwulan", "quarter"),
    PeriodKind.SEMESTER: ("periode semester", "semester"),
}


@dataclass(frozen=True)
class PeriodSpec:
    """One period: its place in the year, first and last day, and labels people recognise."""

    kind: PeriodKind
    year: int
    number: int
    start: date
    end: date
    label: str
    label_en: str

    @property
    def months(self) -> int:
        """How many months the period covers (1, 3 or 6)."""
        return MONTHS_PER_PERIOD[self.kind]

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls inside the period (both ends included)."""
        return self.start <= day <= self.end


def period_count(kind: PeriodKind) -> int:
    """Periods in a year: 12, 4 or 2."""
    return 12 // MONTHS_PER_PERIOD[PeriodKind(kind)]


def months_covered(kind: PeriodKind, number: int) -> int:
    """Months in period ``number`` of ``kind``; refuses a number the year does not have."""
    _check_number(PeriodKind(kind), number)
    return MONTHS_PER_PERIOD[PeriodKind(kind)]


def months_in_span(start: date, end: date) -> int:
    """Months ``start..end`` (both included) counts for angka kredit: a calendar month counts
    when its 15th day lies in the span.

    The regulation counts whole months (Peraturan BKN 3/2023: months / 12); the 15th decides a
    month split by a mutasi, so adjacent SKP of a year never count a month twice and add up to
    at most 12 (docs/evaluation-rules.md).
    """
    if end < start:
        return 0
    first = start.year * 12 + start.month - 1 + (start.day > 15)
    last = end.year * 12 + end.month - 1 - (end.day < 15)
    return max(0, last - first + 1)


def build_period(year: int, kind: PeriodKind, number: int) -> PeriodSpec:
    """Period ``number`` (1-based) of ``kind`` in ``year``."""
    kind = PeriodKind(kind)
    if not 1 <= year <= 9999:  # what a calendar date can hold
        raise RuleViolation(code="period.year", field="year", params={"year": year})
    _check_number(kind, number)
    span = MONTHS_PER_PERIOD[kind]
    first_month = (number - 1) * span + 1
    last_month = first_month + span - 1
    start = date(year, first_month, 1)
    end = date(year, last_month, calendar.monthrange(year, last_month)[1])
    if kind == PeriodKind.MONTHLY:
        label = f"{MONTH_NAMES_ID[first_month - 1]} {year}"
        label_en = f"{MONTH_NAMES_EN[first_month - 1]} {year}"
    elif kind == PeriodKind.QUARTERLY:
        label, label_en = f"Triwulan {_ROMAN[number - 1]} {year}", f"Q{number} {year}"
    else:
        label, label_en = f"Semester {_ROMAN[number - 1]} {year}", f"H{number} {year}"
    return PeriodSpec(kind, year, number, start, end, label, label_en)


def build_periods(year: int, kind: PeriodKind) -> list[PeriodSpec]:
    """All periods of ``kind`` in ``year``, in order; together they cover 1 Jan - 31 Dec."""
    return [build_period(year, kind, n) for n in range(1, period_count(kind) + 1)]


def period_containing(day: date, kind: PeriodKind) -> PeriodSpec:
    """The period of ``kind`` that ``day`` falls in."""
    number = (day.month - 1) // MONTHS_PER_PERIOD[PeriodKind(kind)] + 1
    return build_period(day.year, kind, number)


def format_date(day: date, lang: Language = "id") -> str:
    """``15 Januari 2026`` / ``15 January 2026``: how dates read in messages and documents."""
    names = MONTH_NAMES_ID if lang == "id" else MONTH_NAMES_EN
    return f"{day.day} {names[day.month - 1]} {day.year}"


def _check_number(kind: PeriodKind, number: int) -> None:
    count = period_count(kind)
    if not 1 <= number <= count:
        kind_id, kind_en = _KIND_NAME[kind]
        raise RuleViolation(
            code="period.number_out_of_range",
            field="number",
            params={
                "kind": str(kind),
                "kind_id": kind_id,
                "kind_en": kind_en,
                "number": number,
                "count": count,
            },
        )
