from datetime import date

import pytest

from kinerja_core.domain import EmployeeKind, ParsedNip, RuleViolation, validate_nip

PNS = EmployeeKind.PNS
PPPK = EmployeeKind.PPPK


def rejected(value: str, kind: EmployeeKind = PNS, **kwargs) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        validate_nip(value, kind, **kwargs)
    assert caught.value.field == "nip"
    return caught.value


def test_valid_pns_nip_is_parsed_into_its_parts():
    assert validate_nip("198609262015051001", PNS) == ParsedNip(
        normalized="198609262015051001",
        birth_date=date(1986, 9, 26),
        tmt_year=2015,
        tmt_month=5,
        gender="L",
        sequence=1,
    )


def test_nip_typed_with_spaces_is_accepted_and_normalized():
    parsed = validate_nip(" 19860926 201505 2 999 ", PNS)
    assert parsed.normalized == "198609262015052999"
    assert parsed.gender == "P"
    assert parsed.sequence == 999


@pytest.mark.parametrize("value", ["", "   "])
def test_empty_nip_is_rejected_as_required(value):
    assert rejected(value).code == "nip.required"


def test_nip_of_17_digits_is_rejected_naming_the_length():
    error = rejected("19860926201505100")
    assert error.code == "nip.length"
    assert error.params["length"] == 17
    assert error.message("id") == "NIP harus 18 digit angka; yang diisi 17 digit."
    assert error.message("en") == "The NIP must be 18 digits; got 17."


def test_nip_with_a_letter_is_rejected_naming_the_character_and_position():
    error = rejected("19860926A01505100")
    assert error.code == "nip.not_digits"
    assert error.params == {"label": "NIP", "char": "A", "position": 9}
    assert "'A'" in error.message("id") and "posisi 9" in error.message("id")


def test_nip_with_dashes_is_rejected_as_not_digits():
    assert rejected("19860926-201505-1-001").code == "nip.not_digits"


def test_nip_with_non_ascii_digits_is_rejected():
    assert rejected("١٩٨٦٠٩٢٦٢٠١٥٠٥١٠٠١").code == "nip.not_digits"


@pytest.mark.parametrize(
    "value, birth_part",
    [
        ("198602302015051001", "19860230"),  # 30 February
        ("198613012015051001", "19861301"),  # month 13
        ("198609002015051001", "19860900"),  # day 00
        ("000001012015051001", "00000101"),  # year 0000
    ],
)
def test_nip_with_invalid_birth_date_is_rejected_naming_the_birth_date(value, birth_part):
    error = rejected(value)
    assert error.code == "nip.birth_date"
    assert error.params["birth_date"] == birth_part
    assert birth_part in error.message("id")
    assert "Tanggal lahir" in error.message("id")


def test_nip_with_birth_date_in_the_future_is_rejected_when_today_is_given():
    error = rejected("202101012040011001", today=date(2020, 6, 1))
    assert error.code == "nip.birth_date_future"


def test_nip_born_today_is_accepted():
    assert validate_nip("202006012040011001", PNS, today=date(2020, 6, 1)).birth_date == date(
        2020, 6, 1
    )


def test_future_birth_date_is_not_checked_without_today():
    assert validate_nip("210001012140011001", PNS).birth_date == date(2100, 1, 1)


@pytest.mark.parametrize("month", ["00", "13", "21"])
def test_pns_nip_with_tmt_month_outside_01_to_12_is_rejected_naming_the_month(month):
    error = rejected(f"198609262015{month}1001")
    assert error.code == "nip.tmt_month"
    assert error.params["tmt_month"] == month
    assert f"digit 13-14: {month}" in error.message("id")


@pytest.mark.parametrize("digits_13_14", ["21", "99", "00"])
def test_pppk_number_skips_the_tmt_month_check(digits_13_14):
    parsed = validate_nip(f"19860926 2021{digits_13_14} 1 001", PPPK)
    assert parsed.tmt_year == 2021
    assert parsed.tmt_month is None


def test_pppk_errors_call_the_number_ni_pppk():
    assert rejected("1986092620212110", PPPK).message("id").startswith("NI PPPK harus 18 digit")


@pytest.mark.parametrize("digit", ["0", "3", "9"])
def test_nip_with_gender_digit_other_than_1_or_2_is_rejected_naming_the_digit(digit):
    error = rejected(f"19860926201505{digit}001")
    assert error.code == "nip.gender"
    assert error.params["gender"] == digit
    assert "digit 15" in error.message("id")


@pytest.mark.parametrize("tmt", ["198609", "198501", "000101"])
def test_nip_appointed_in_or_before_the_birth_month_is_rejected(tmt):
    error = rejected(f"19860926{tmt}1001")
    assert error.code == "nip.appointment_before_birth"
    assert error.params["birth"] == "1986-09"


def test_nip_appointed_the_month_after_birth_passes_the_appointment_check():
    assert validate_nip("198609261986101001", PNS).tmt_month == 10


def test_pppk_appointed_in_a_year_before_birth_is_rejected_comparing_years_only():
    error = rejected("198609261985211001", PPPK)
    assert error.code == "nip.appointment_before_birth"
    assert error.params == {"label": "NI PPPK", "tmt": "1985", "birth": "1986"}
    assert validate_nip("198609261986211001", PPPK).tmt_year == 1986


def test_nip_with_sequence_000_is_rejected_naming_the_sequence():
    error = rejected("198609262015051000")
    assert error.code == "nip.sequence"
    assert "Nomor urut" in error.message("id")


def test_nip_sequence_999_is_accepted():
    assert validate_nip("198609262015051999", PNS).sequence == 999
