from datetime import date, timedelta

import pytest

from kinerja_core.domain import (
    PeriodKind,
    RuleViolation,
    build_period,
    build_periods,
    format_date,
    months_covered,
    period_containing,
)


@pytest.mark.parametrize("kind, count", [("MONTHLY", 12), ("QUARTERLY", 4), ("SEMESTER", 2)])
def test_periods_cover_the_whole_year_without_gaps(kind, count):
    periods = build_periods(2026, PeriodKind(kind))
    assert [p.number for p in periods] == list(range(1, count + 1))
    assert periods[0].start == date(2026, 1, 1)
    assert periods[-1].end == date(2026, 12, 31)
    for previous, following in zip(periods, periods[1:], strict=False):
        assert following.start == previous.end + timedelta(days=1)


def test_monthly_periods_are_labelled_with_indonesian_and_english_month_names():
    periods = build_periods(2026, PeriodKind.MONTHLY)
    assert (periods[0].label, periods[0].label_en) == ("Januari 2026", "January 2026")
    assert (periods[7].label, periods[7].label_en) == ("Agustus 2026", "August 2026")
    assert periods[11].label == "Desember 2026"


def test_february_of_a_leap_year_ends_on_the_29th():
    assert build_period(2028, PeriodKind.MONTHLY, 2).end == date(2028, 2, 29)


def test_quarters_are_labelled_triwulan_with_roman_numerals():
    q3 = build_period(2026, PeriodKind.QUARTERLY, 3)
    assert (q3.start, q3.end) == (date(2026, 7, 1), date(2026, 9, 30))
    assert (q3.label, q3.label_en) == ("Triwulan III 2026", "Q3 2026")


def test_semesters_are_labelled_with_roman_numerals():
    s2 = build_period(2026, PeriodKind.SEMESTER, 2)
    assert (s2.start, s2.end) == (date(2026, 7, 1), date(2026, 12, 31))
    assert (s2.label, s2.label_en) == ("Semester II 2026", "H2 2026")


@pytest.mark.parametrize("kind, months", [("MONTHLY", 1), ("QUARTERLY", 3), ("SEMESTER", 6)])
def test_months_covered_by_a_period(kind, months):
    assert months_covered(PeriodKind(kind), 1) == months
    assert build_period(2026, PeriodKind(kind), 1).months == months


@pytest.mark.parametrize("kind, number", [("QUARTERLY", 5), ("SEMESTER", 3), ("MONTHLY", 0)])
def test_period_number_the_year_does_not_have_is_rejected(kind, number):
    with pytest.raises(RuleViolation) as caught:
        months_covered(PeriodKind(kind), number)
    assert (caught.value.field, caught.value.code) == ("number", "period.number_out_of_range")


def test_rejected_quarter_number_message_says_how_many_there_are():
    with pytest.raises(RuleViolation) as caught:
        build_period(2026, PeriodKind.QUARTERLY, 5)
    assert (
        caught.value.message("id") == "Nomor periode triwulan harus antara 1 dan 4; yang diisi 5."
    )


def test_year_outside_the_calendar_is_rejected():
    with pytest.raises(RuleViolation) as caught:
        build_periods(0, PeriodKind.MONTHLY)
    assert (caught.value.field, caught.value.code) == ("year", "period.year")


def test_period_containing_a_day_is_found():
    period = period_containing(date(2026, 8, 17), PeriodKind.QUARTERLY)
    assert (period.number, period.label) == (3, "Triwulan III 2026")
    assert period.contains(date(2026, 8, 17))
    assert not period.contains(date(2026, 10, 1))


def test_dates_are_written_the_way_each_language_reads_them():
    assert format_date(date(2026, 1, 15), "id") == "15 Januari 2026"
    assert format_date(date(2026, 1, 15), "en") == "15 January 2026"
