"""Angka kredit: the credit a functional-position holder earns from a predikat.

credit = predikat percentage / 100 x annual coefficient of the level x months / 12.
Decimal throughout: the figure is cumulated towards promotion and must not drift.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .enums import FunctionalLevel, Predikat
from .errors import RuleViolation

PREDIKAT_PERCENT: dict[Predikat, int] = {
    Predikat.SANGAT_BAIK: 150,
    Predikat.BAIK: 100,
    Predikat.BUTUH_PERBAIKAN: 75,
    Predikat.KURANG: 50,
    Predikat.SANGAT_KURANG: 25,
}

ANNUAL_COEFFICIENT: dict[FunctionalLevel, Decimal] = {
    FunctionalLevel.PEMULA: Decimal("3.75"),
    FunctionalLevel.TERAMPIL: Decimal("5"),
    FunctionalLevel.MAHIR: Decimal("12.5"),
    FunctionalLevel.PENYELIA: Decimal("25"),
    FunctionalLevel.AHLI_PERTAMA: Decimal("12.5"),
    FunctionalLevel.AHLI_MUDA: Decimal("25"),
    FunctionalLevel.AHLI_MADYA: Decimal("37.5"),
    FunctionalLevel.AHLI_UTAMA: Decimal("50"),
}

_PLACES = Decimal("0.001")


def angka_kredit(predikat: Predikat, level: FunctionalLevel | str, months: int = 12) -> Decimal:
    """Credit for ``months`` (1-12) at ``level`` with ``predikat``, to 3 decimals (half up).

    ``level`` also accepts the spoken form ("Ahli Pertama", "ahli-pertama").
    """
    level_code = "_".join(str(level).replace("-", " ").upper().split())
    if level_code not in FunctionalLevel.__members__:
        raise RuleViolation(
            code="angka_kredit.level_unknown",
            field="level",
            params={"level": level, "allowed": ", ".join(ANNUAL_COEFFICIENT)},
        )
    if not 1 <= months <= 12:
        raise RuleViolation(code="angka_kredit.months", field="months", params={"months": months})
    percent = PREDIKAT_PERCENT[Predikat(predikat)]
    coefficient = ANNUAL_COEFFICIENT[FunctionalLevel(level_code)]
    credit = Decimal(percent) / 100 * coefficient * months / 12
    return credit.quantize(_PLACES, rounding=ROUND_HALF_UP)
