"""Checks of values where they enter: ids, text, decimals, years.

Every use case parses its arguments with these before a value reaches SQL, so bad input
answers a typed ``ValidationError`` naming the field, the same on SQLite and PostgreSQL
(which differ: SQLite stores a NUL byte, PostgreSQL refuses it; SQLite takes any 64-bit id,
PostgreSQL's INTEGER ends at 2^31 - 1). The limits are listed in docs/input-checks.md.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from kinerja_core.errors import ValidationFailed
from kinerja_core.i18n import register_messages

# Primary keys are INTEGER columns: PostgreSQL's int4 range, so SQLite answers alike.
MAX_ID = 2**31 - 1
_ID = re.compile(r"[0-9]{1,10}")

# Years a plan, a period or a report may be about (PermenPANRB 6/2022 is from 2022; the
# range leaves room for migrated history and for planning ahead).
MIN_YEAR = 2000
MAX_YEAR = 2100

# Dates of records (assignments, reports): from the oldest service record still relevant
# (an ASN appointed in the 1980s) to the end of the year range.
MIN_DATE = dt.date(1950, 1, 1)
MAX_DATE = dt.date(MAX_YEAR, 12, 31)

# NUMERIC(18, 4) columns: 14 digits before the point, 4 after.
DECIMAL_PLACES = 4
DECIMAL_INTEGER_DIGITS = 14

# Control characters (C0 except tab, line feed and carriage return; DEL; C1) and lone
# surrogates: invisible, break exports, and PostgreSQL cannot store NUL or a lone surrogate.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def parse_id(value: Any, field: str) -> int:
    """An id as sent (``"42"`` or ``42``) as an int in 1..2^31-1, else a ValidationError."""
    if isinstance(value, bool):
        value = None
    text = str(value) if isinstance(value, int | str) else ""
    if not _ID.fullmatch(text) or not 1 <= int(text) <= MAX_ID:
        raise ValidationFailed("input.id", field=field, max=MAX_ID)
    return int(text)


def optional_id(value: Any, field: str) -> int | None:
    """:func:`parse_id`, with None (not given) passed through."""
    return None if value is None else parse_id(value, field)


def check_text(value: str, field: str) -> str:
    """Refuse control characters (tabs and line breaks are fine) in a text input."""
    if _CONTROL.search(value):
        raise ValidationFailed("input.control_characters", field=field)
    return value


def clean_line(value: str | None, field: str, *, max_len: int) -> str:
    """A single-line text input: trimmed, bounded, no control characters at all."""
    text = check_text((value or "").strip(), field)
    if "\n" in text or "\r" in text or "\t" in text:
        raise ValidationFailed("input.control_characters", field=field)
    if len(text) > max_len:
        raise ValidationFailed("too_long", field=field, max=max_len)
    return unicodedata.normalize("NFC", text)


def check_year(year: Any, field: str = "year", *, code: str = "input.year") -> int:
    """A year in MIN_YEAR..MAX_YEAR (a plugin may name its own message ``code``; it gets
    ``min`` and ``max``)."""
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationFailed(code, field=field, min=MIN_YEAR, max=MAX_YEAR)
    return year


def check_date(day: dt.date | None, field: str) -> dt.date | None:
    """A date in MIN_DATE..MAX_DATE (year 1 or 9999 is a typing slip, and breaks date sums)."""
    if day is not None and not MIN_DATE <= day <= MAX_DATE:
        raise ValidationFailed(
            "input.date", field=field, min=MIN_DATE.isoformat(), max=MAX_DATE.isoformat()
        )
    return day


def check_decimal(number: Decimal | None, field: str) -> Decimal | None:
    """A decimal that fits NUMERIC(18, 4) exactly: never rounded (``1e-7`` is not 0)."""
    if number is None:
        return None
    try:
        exponent = number.as_tuple().exponent
        if not number.is_finite() or not isinstance(exponent, int):
            raise InvalidOperation
    except InvalidOperation:
        raise ValidationFailed("input.decimal", field=field) from None
    if exponent < -DECIMAL_PLACES and number != number.quantize(Decimal(1).scaleb(-DECIMAL_PLACES)):
        raise ValidationFailed("input.decimal_places", field=field, places=DECIMAL_PLACES)
    if abs(number) >= Decimal(10) ** DECIMAL_INTEGER_DIGITS:
        raise ValidationFailed("input.decimal_size", field=field, digits=DECIMAL_INTEGER_DIGITS)
    return number


register_messages(
    {
        "input.id": (
            "{field} harus berupa id angka bulat antara 1 dan {max}.",
            "{field} must be a whole-number id between 1 and {max}.",
        ),
        "input.control_characters": (
            "{field} berisi karakter kontrol yang tidak dapat disimpan; hapus karakter itu.",
            "{field} contains control characters that cannot be stored; remove them.",
        ),
        "input.year": (
            "{field} harus berupa tahun antara {min} dan {max}.",
            "{field} must be a year between {min} and {max}.",
        ),
        "input.date": (
            "{field} harus berupa tanggal antara {min} dan {max}.",
            "{field} must be a date between {min} and {max}.",
        ),
        "input.decimal": ("{field} harus berupa angka.", "{field} must be a number."),
        "input.decimal_places": (
            "{field} boleh memiliki paling banyak {places} angka di belakang koma.",
            "{field} may have at most {places} digits after the decimal point.",
        ),
        "input.decimal_size": (
            "{field} terlalu besar (paling banyak {digits} angka sebelum koma).",
            "{field} is too large (at most {digits} digits before the decimal point).",
        ),
    }
)
