from decimal import Decimal

import pytest

from kinerja_core.domain import (
    PlanApproach,
    RuleViolation,
    Target,
    achievement,
    cumulative_target,
    validate_target,
)

KUANT = PlanApproach.KUANTITATIF
KUAL = PlanApproach.KUALITATIF


def violation(*args, **kwargs) -> tuple[str | None, str]:
    with pytest.raises(RuleViolation) as caught:
        validate_target(*args, **kwargs)
    return caught.value.field, caught.value.code


def test_quantitative_single_target_is_accepted_as_decimal():
    assert validate_target(KUANT, value=12) == Target(approach=KUANT, value=Decimal(12))


def test_float_target_keeps_its_written_value():
    assert validate_target(KUANT, value=0.1).value == Decimal("0.1")


def test_quantitative_range_target_is_accepted():
    target = validate_target(KUANT, minimum=80, maximum=100)
    assert (target.minimum, target.maximum, target.is_range) == (80, 100, True)


def test_range_with_equal_bounds_is_accepted():
    assert validate_target(KUANT, minimum=5, maximum=5).minimum == 5


def test_quantitative_target_without_any_number_is_rejected():
    assert violation(KUANT) == ("target", "target.required")


def test_quantitative_target_with_both_value_and_range_is_rejected():
    assert violation(KUANT, value=10, minimum=5, maximum=15) == ("target", "target.value_and_range")


def test_range_with_only_a_minimum_is_rejected_naming_the_missing_maximum():
    with pytest.raises(RuleViolation) as caught:
        validate_target(KUANT, minimum=5)
    assert (caught.value.field, caught.value.code) == ("targetMax", "target.range_incomplete")
    assert "target maksimum" in caught.value.message("id")


def test_range_with_only_a_maximum_is_rejected_naming_the_missing_minimum():
    assert violation(KUANT, maximum=5) == ("targetMin", "target.range_incomplete")


def test_range_with_minimum_above_maximum_is_rejected_on_the_maximum():
    with pytest.raises(RuleViolation) as caught:
        validate_target(KUANT, minimum=100, maximum=80)
    assert (caught.value.field, caught.value.code) == ("targetMax", "target.min_above_max")
    assert caught.value.message("id") == (
        "Target maksimum (80) tidak boleh lebih kecil dari target minimum (100)."
    )


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"value": -1}, "target"),
        ({"minimum": -5, "maximum": 5}, "targetMin"),
        ({"minimum": -10, "maximum": -5}, "targetMin"),
    ],
)
def test_negative_target_is_rejected_naming_the_input(kwargs, field):
    assert violation(KUANT, **kwargs) == (field, "target.negative")


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "abc"])
def test_target_that_is_not_a_number_is_rejected(bad):
    assert violation(KUANT, value=bad) == ("target", "target.not_finite")


def test_qualitative_target_needs_a_narrative():
    assert violation(KUAL) == ("targetNarrative", "target.narrative_required")
    assert violation(KUAL, narrative="   ") == ("targetNarrative", "target.narrative_required")


def test_qualitative_target_keeps_the_trimmed_narrative_and_drops_numbers():
    target = validate_target(KUAL, value=10, narrative="  Laporan diterima tepat waktu ")
    assert target == Target(approach=KUAL, narrative="Laporan diterima tepat waktu")


# Achievement


@pytest.mark.parametrize(
    "target, realized, expected",
    [(10, 8, "80.00"), (10, 12, "120.00"), (3, 1, "33.33"), (100, 0, "0.00")],
)
def test_achievement_against_a_single_target_is_realized_over_target(target, realized, expected):
    assert achievement(target, realized) == Decimal(expected)


@pytest.mark.parametrize(
    "target, realized, expected",
    [(10, 10, "100.00"), (10, 5, "150.00"), (10, 15, "50.00"), (10, 30, "0.00")],
)
def test_achievement_when_lower_is_better_rewards_staying_below_the_target(
    target, realized, expected
):
    assert achievement(target, realized, higher_is_better=False) == Decimal(expected)


@pytest.mark.parametrize("realized", [80, 90, 100])
def test_achievement_within_a_range_is_100(realized):
    assert achievement(None, realized, minimum=80, maximum=100) == Decimal(100)


def test_achievement_outside_a_range_is_measured_against_the_nearest_bound():
    assert achievement(None, 40, minimum=80, maximum=100) == Decimal(50)
    assert achievement(None, 120, minimum=80, maximum=100) == Decimal(120)
    assert achievement(None, 120, False, minimum=80, maximum=100) == Decimal(80)


def test_achievement_against_a_zero_target_is_all_or_nothing():
    assert achievement(0, 0, higher_is_better=False) == Decimal(100)
    assert achievement(0, 2, higher_is_better=False) == Decimal(0)
    assert achievement(0, 2) == Decimal(100)


def test_achievement_without_realisation_or_target_is_unknown():
    assert achievement(10, None) is None
    assert achievement(None, 5) is None


# Year-to-date target


def test_cumulative_target_is_annual_times_month_over_twelve():
    assert cumulative_target(120, 3) == Decimal(30)
    assert cumulative_target(Decimal("100"), 12) == Decimal(100)


@pytest.mark.parametrize("month", [0, 13])
def test_cumulative_target_rejects_a_month_outside_the_year(month):
    with pytest.raises(RuleViolation) as caught:
        cumulative_target(120, month)
    assert (caught.value.field, caught.value.code) == ("month", "target.month_out_of_range")
