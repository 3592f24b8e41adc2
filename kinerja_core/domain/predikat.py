"""Predikat: derived from the two ratings through the matrix of PermenPANRB 6/2022.

The predikat is never typed in, so the matrix lives here once and everything else calls it.
"""

from __future__ import annotations

from .enums import OrgPredikat, Predikat, Rating
from .errors import RuleViolation

_ATAS = Rating.DI_ATAS_EKSPEKTASI
_SESUAI = Rating.SESUAI_EKSPEKTASI
_BAWAH = Rating.DI_BAWAH_EKSPEKTASI

# (hasil kerja, perilaku) -> predikat. Poor behaviour caps good results at KURANG (misconduct).
PREDIKAT_MATRIX: dict[tuple[Rating, Rating], Predikat] = {
    (_ATAS, _BAWAH): Predikat.KURANG,
    (_ATAS, _SESUAI): Predikat.BAIK,
    (_ATAS, _ATAS): Predikat.SANGAT_BAIK,
    (_SESUAI, _BAWAH): Predikat.KURANG,
    (_SESUAI, _SESUAI): Predikat.BAIK,
    (_SESUAI, _ATAS): Predikat.BAIK,
    (_BAWAH, _BAWAH): Predikat.SANGAT_KURANG,
    (_BAWAH, _SESUAI): Predikat.BUTUH_PERBAIKAN,
    (_BAWAH, _ATAS): Predikat.BUTUH_PERBAIKAN,
}

PREDIKAT_ORDER: tuple[Predikat, ...] = (
    Predikat.SANGAT_BAIK,
    Predikat.BAIK,
    Predikat.BUTUH_PERBAIKAN,
    Predikat.KURANG,
    Predikat.SANGAT_KURANG,
)

# Official wording, used as-is in both languages (it is what appears on the documents).
PREDIKAT_LABEL: dict[Predikat, str] = {
    Predikat.SANGAT_BAIK: "Sangat Baik",
    Predikat.BAIK: "Baik",
    Predikat.BUTUH_PERBAIKAN: "Butuh Perbaikan",
    Predikat.KURANG: "Kurang",
    Predikat.SANGAT_KURANG: "Sangat Kurang",
}
ORG_PREDIKAT_LABEL: dict[OrgPredikat, str] = {
    OrgPredikat.ISTIMEWA: "Istimewa",
    OrgPredikat.BAIK: "Baik",
    OrgPredikat.BUTUH_PERBAIKAN: "Butuh Perbaikan",
    OrgPredikat.KURANG: "Kurang",
    OrgPredikat.SANGAT_KURANG: "Sangat Kurang",
}


def derive_predikat(result: Rating, behavior: Rating) -> Predikat:
    """The predikat for a hasil kerja rating (``result``) and a perilaku rating (``behavior``)."""
    return PREDIKAT_MATRIX[(_rating(result, "resultRating"), _rating(behavior, "behaviorRating"))]


def predikat_rank(predikat: Predikat) -> int:
    """0 for SANGAT_BAIK up to 4 for SANGAT_KURANG: sort key, lower is better."""
    return PREDIKAT_ORDER.index(Predikat(predikat))


def needs_development(predikat: Predikat) -> bool:
    """BUTUH_PERBAIKAN or worse turns into a competency development need."""
    return predikat_rank(predikat) >= predikat_rank(Predikat.BUTUH_PERBAIKAN)


def _rating(value: Rating | str, field: str) -> Rating:
    try:
        return Rating(value)
    except ValueError:
        raise RuleViolation(code="rating.unknown", field=field, params={"value": value}) from None
