"""Golongan (grade) and pangkat (rank title).

PNS grades run I/a..IV/e, each with an official pangkat name printed on SKP documents.
PPPK grades run I..XVII (unverified upper bound, kept in one tuple) and carry no pangkat.
Input is normalised so ``iii/a``, ``III-A`` and ``III a`` all store as ``III/a``.
"""

from __future__ import annotations

import functools
import re

from .enums import EmployeeKind
from .errors import RuleViolation

PANGKAT: dict[str, str] = {
    "I/a": "Juru Muda",
    "I/b": "Juru Muda Tingkat I",
    "I/c": "Juru",
    "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda",
    "II/b": "Pengatur Muda Tingkat I",
    "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda",
    "III/b": "Penata Muda Tingkat I",
    "III/c": "Penata",
    "III/d": "Penata Tingkat I",
    "IV/a": "Pembina",
    "IV/b": "Pembina Tingkat I",
    "IV/c": "Pembina Utama Muda",
    "IV/d": "Pembina Utama Madya",
    "IV/e": "Pembina Utama",
}

# Lowest first, so a tuple index doubles as a sort key for "higher grade".
PNS_GOLONGAN: tuple[str, ...] = tuple(PANGKAT)
PPPK_GOLONGAN: tuple[str, ...] = (
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
)  # fmt: skip

_PNS_PATTERN = re.compile(r"^(IV|III|II|I)\s*[/.\-]?\s*([A-E])$", re.IGNORECASE)
_ALLOWED = {EmployeeKind.PNS: "I/a-IV/e", EmployeeKind.PPPK: "I-XVII"}


def validate_golongan(value: str, kind: EmployeeKind) -> str:
    """Return ``value`` in canonical form (``III/a``, ``IX``) or raise naming what was typed.

    PPPK grades are also accepted as Arabic numbers (``9`` -> ``IX``) since some source
    spreadsheets write them that way.
    """
    text = (value or "").strip()
    if not text:
        raise RuleViolation(code="golongan.required", field="golongan", params={"kind": kind})
    normalized: str | None
    if kind == EmployeeKind.PPPK:
        normalized = _normalize_pppk(text)
    else:
        normalized = _normalize_pns(text)
    if normalized is None:
        raise RuleViolation(
            code="golongan.unknown",
            field="golongan",
            params={"value": text, "kind": str(kind), "allowed": _ALLOWED[EmployeeKind(kind)]},
        )
    return normalized


@functools.lru_cache(maxsize=512)  # a few dozen golongan; ~100 lookups per team page
def pangkat_for(golongan: str) -> str | None:
    """The pangkat name of a PNS golongan (``III/a`` -> ``Penata Muda``); None for PPPK."""
    normalized = _normalize_pns(golongan.strip()) if golongan else None
    return PANGKAT.get(normalized) if normalized else None


def _normalize_pns(text: str) -> str | None:
    match = _PNS_PATTERN.match(text)
    if match is None:
        return None
    candidate = f"{match.group(1).upper()}/{match.group(2).lower()}"
    return candidate if candidate in PANGKAT else None  # I..III stop at d; only IV has e


def _normalize_pppk(text: str) -> str | None:
    if text.isdecimal() and text.isascii():
        number = int(text)
        return PPPK_GOLONGAN[number - 1] if 1 <= number <= len(PPPK_GOLONGAN) else None
    candidate = text.upper()
    return candidate if candidate in PPPK_GOLONGAN else None
