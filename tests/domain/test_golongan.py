import pytest

from kinerja_core.domain import (
    PANGKAT,
    PNS_GOLONGAN,
    PPPK_GOLONGAN,
    EmployeeKind,
    RuleViolation,
    pangkat_for,
    validate_golongan,
)

PNS = EmployeeKind.PNS
PPPK = EmployeeKind.PPPK

OFFICIAL_PANGKAT = {
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


def test_pns_has_seventeen_grades_with_their_official_pangkat_lowest_first():
    assert PANGKAT == OFFICIAL_PANGKAT
    assert list(PNS_GOLONGAN) == list(OFFICIAL_PANGKAT)


@pytest.mark.parametrize("golongan, pangkat", OFFICIAL_PANGKAT.items())
def test_pangkat_for_gives_the_official_name(golongan, pangkat):
    assert pangkat_for(golongan) == pangkat


@pytest.mark.parametrize("typed", ["III/a", "iii/a", "III/A", "III-a", "III a", " III / a "])
def test_pns_golongan_is_normalized_from_common_spellings(typed):
    assert validate_golongan(typed, PNS) == "III/a"


@pytest.mark.parametrize("typed", ["III/e", "V/a", "IV/f", "IX", "3a", "Penata Muda"])
def test_unknown_pns_golongan_is_rejected_naming_what_was_typed(typed):
    with pytest.raises(RuleViolation) as caught:
        validate_golongan(typed, PNS)
    error = caught.value
    assert (error.field, error.code) == ("golongan", "golongan.unknown")
    assert f"'{typed.strip()}'" in error.message("id")
    assert "I/a-IV/e" in error.message("id")


def test_pppk_golongan_runs_from_i_to_xvii_without_pangkat():
    assert len(PPPK_GOLONGAN) == 17
    assert PPPK_GOLONGAN[0] == "I" and PPPK_GOLONGAN[-1] == "XVII"
    assert validate_golongan("ix", PPPK) == "IX"
    assert pangkat_for("IX") is None


def test_pppk_golongan_may_be_typed_as_an_arabic_number():
    assert validate_golongan("9", PPPK) == "IX"


@pytest.mark.parametrize("typed", ["XVIII", "0", "18", "III/a"])
def test_pppk_golongan_outside_i_to_xvii_is_rejected(typed):
    with pytest.raises(RuleViolation) as caught:
        validate_golongan(typed, PPPK)
    assert caught.value.code == "golongan.unknown"
    assert "I-XVII" in caught.value.message("en")


def test_empty_golongan_is_rejected_as_required():
    with pytest.raises(RuleViolation) as caught:
        validate_golongan("  ", PNS)
    assert (caught.value.field, caught.value.code) == ("golongan", "golongan.required")


def test_pangkat_for_unknown_golongan_is_none():
    assert pangkat_for("V/a") is None
    assert pangkat_for("") is None
