"""NIP (PNS) and NI PPPK: the 18-digit employee number and what it encodes.

Layout: birth date YYYYMMDD (1-8), TMT YYYYMM (9-14), gender 1/2 (15), sequence (16-18).
The number is the key people search and BKN exports by, so a typo is caught at entry and the
message names the part that is wrong instead of just saying "invalid".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from .enums import EmployeeKind
from .errors import RuleViolation

NIP_LENGTH = 18
_DIGITS = frozenset("0123456789")
# Laki-laki, Perempuan: the letters Indonesian forms use.
_GENDER: dict[str, Literal["L", "P"]] = {"1": "L", "2": "P"}


@dataclass(frozen=True)
class ParsedNip:
    """A valid number and the facts it carries; ``tmt_month`` is ``None`` for PPPK."""

    normalized: str
    birth_date: date
    tmt_year: int
    tmt_month: int | None
    gender: Literal["L", "P"]
    sequence: int


def normalize_nip(value: str) -> str:
    """Drop all whitespace: people copy NIPs as ``19860926 201505 1 001``."""
    return "".join(value.split())


def validate_nip(value: str, kind: EmployeeKind, *, today: date | None = None) -> ParsedNip:
    """Check ``value`` as a NIP (PNS) or NI PPPK and return its parts.

    PPPK numbers skip the TMT-month check: their digits 13-14 are not a month (commonly "21",
    unverified, so not enforced either), and appointment-after-birth compares years only.
    ``today`` enables the "birth date not in the future" check; without it the check is
    skipped, because the domain does not read the clock.
    """
    is_pppk = kind == EmployeeKind.PPPK
    label = "NI PPPK" if is_pppk else "NIP"
    nip = normalize_nip(value or "")
    if not nip:
        raise RuleViolation(code="nip.required", field="nip", params={"label": label})
    for position, char in enumerate(nip, start=1):
        if char not in _DIGITS:
            raise RuleViolation(
                code="nip.not_digits",
                field="nip",
                params={"label": label, "char": char, "position": position},
            )
    if len(nip) != NIP_LENGTH:
        raise RuleViolation(
            code="nip.length", field="nip", params={"label": label, "length": len(nip)}
        )

    birth_part = nip[0:8]
    try:
        birth = date(int(birth_part[0:4]), int(birth_part[4:6]), int(birth_part[6:8]))
    except ValueError:
        raise RuleViolation(
            code="nip.birth_date", field="nip", params={"label": label, "birth_date": birth_part}
        ) from None
    if today is not None and birth > today:
        raise RuleViolation(
            code="nip.birth_date_future",
            field="nip",
            params={"label": label, "birth_date": birth_part},
        )

    tmt_year = int(nip[8:12])
    tmt_month: int | None = None
    if not is_pppk:
        tmt_month = int(nip[12:14])
        if not 1 <= tmt_month <= 12:
            raise RuleViolation(
                code="nip.tmt_month", field="nip", params={"label": label, "tmt_month": nip[12:14]}
            )
    appointed_after_birth = (
        tmt_year >= birth.year
        if tmt_month is None
        else (tmt_year, tmt_month) > (birth.year, birth.month)
    )
    if not appointed_after_birth:
        raise RuleViolation(
            code="nip.appointment_before_birth",
            field="nip",
            params={
                "label": label,
                "tmt": nip[8:12] if tmt_month is None else f"{nip[8:12]}-{nip[12:14]}",
                "birth": birth_part[0:4] if tmt_month is None else f"{birth:%Y-%m}",
            },
        )

    gender = _GENDER.get(nip[14])
    if gender is None:
        raise RuleViolation(
            code="nip.gender", field="nip", params={"label": label, "gender": nip[14]}
        )

    sequence = int(nip[15:18])
    if sequence == 0:
        raise RuleViolation(code="nip.sequence", field="nip", params={"label": label})

    return ParsedNip(
        normalized=nip,
        birth_date=birth,
        tmt_year=tmt_year,
        tmt_month=tmt_month,
        gender=gender,
        sequence=sequence,
    )
