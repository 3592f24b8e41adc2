from decimal import Decimal

import pytest

from kinerja_core.domain import (
    ANNUAL_COEFFICIENT,
    PREDIKAT_PERCENT,
    FunctionalLevel,
    Predikat,
    RuleViolation,
    angka_kredit,
)


def test_ahli_pertama_with_annual_sangat_baik_earns_18_75():
    assert angka_kredit(Predikat.SANGAT_BAIK, FunctionalLevel.AHLI_PERTAMA) == Decimal("18.75")


def test_credit_is_quantized_to_three_decimals():
    assert (
        angka_kredit(Predikat.SANGAT_BAIK, FunctionalLevel.AHLI_PERTAMA).as_tuple().exponent == -3
    )


@pytest.mark.parametrize(
    "predikat, level, months, expected",
    [
        (Predikat.BAIK, FunctionalLevel.AHLI_MUDA, 6, "12.500"),  # 100% x 25 x 6/12
        (Predikat.BUTUH_PERBAIKAN, FunctionalLevel.AHLI_MADYA, 12, "28.125"),  # 75% x 37.5
        (Predikat.KURANG, FunctionalLevel.TERAMPIL, 1, "0.208"),  # 0.2083..
        (Predikat.SANGAT_KURANG, FunctionalLevel.PEMULA, 1, "0.078"),  # 0.078125
        (Predikat.SANGAT_BAIK, FunctionalLevel.AHLI_UTAMA, 3, "18.750"),  # 150% x 50 x 3/12
    ],
)
def test_periodic_credit_is_percent_times_coefficient_times_months_over_12(
    predikat, level, months, expected
):
    assert angka_kredit(predikat, level, months) == Decimal(expected)


def test_tables_hold_the_regulation_figures():
    assert {p.value: v for p, v in PREDIKAT_PERCENT.items()} == {
        "SANGAT_BAIK": 150,
        "BAIK": 100,
        "BUTUH_PERBAIKAN": 75,
        "KURANG": 50,
        "SANGAT_KURANG": 25,
    }
    assert {lvl.value: str(v) for lvl, v in ANNUAL_COEFFICIENT.items()} == {
        "PEMULA": "3.75",
        "TERAMPIL": "5",
        "MAHIR": "12.5",
        "PENYELIA": "25",
        "AHLI_PERTAMA": "12.5",
        "AHLI_MUDA": "25",
        "AHLI_MADYA": "37.5",
        "AHLI_UTAMA": "50",
    }


@pytest.mark.parametrize("spoken", ["AHLI_PERTAMA", "Ahli Pertama", "ahli-pertama"])
def test_level_may_be_given_in_its_spoken_form(spoken):
    assert angka_kredit(Predikat.SANGAT_BAIK, spoken) == Decimal("18.75")


def test_unknown_level_is_rejected_naming_the_level():
    with pytest.raises(RuleViolation) as caught:
        angka_kredit(Predikat.BAIK, "AHLI_SUPER")
    assert (caught.value.field, caught.value.code) == ("level", "angka_kredit.level_unknown")
    assert "'AHLI_SUPER'" in caught.value.message("id")
    assert "AHLI_PERTAMA" in caught.value.message("id")


@pytest.mark.parametrize("months", [0, 13, -1])
def test_months_outside_1_to_12_are_rejected(months):
    with pytest.raises(RuleViolation) as caught:
        angka_kredit(Predikat.BAIK, FunctionalLevel.AHLI_MUDA, months)
    assert (caught.value.field, caught.value.code) == ("months", "angka_kredit.months")
