"""The formulas, with numbers worked out by hand (no database)."""

from __future__ import annotations

from decimal import Decimal

from kinerja_pendidikan import rules
from kinerja_pendidikan.rules import Figures, Level

D = Decimal
ROWS = [
    Figures(participants=40, completed=38, baseline_score=D("50"), end_score=D("62")),  # +12
    Figures(participants=60, completed=54, baseline_score=D("55"), end_score=D("60")),  # +5
    Figures(participants=30, completed=0, baseline_score=D("60"), end_score=None),  # running
]


def test_score_gain_is_weighted_by_participants_over_scored_schools():
    numerator, denominator = rules.weighted_gain(ROWS)
    # (40 x 12 + 60 x 5) / (40 + 60) = 780 / 100
    assert (numerator, denominator) == (D(780), 100)
    assert rules.quotient(numerator, denominator) == D("7.8")
    assert ROWS[0].gain == D(12) and ROWS[2].gain is None


def test_a_gain_can_be_negative():
    numerator, denominator = rules.weighted_gain(
        [Figures(10, 10, D("70"), D("64.5")), Figures(30, 30, D("60"), D("61"))]
    )
    # (10 x -5.5 + 30 x 1) / 40 = -25 / 40
    assert rules.quotient(numerator, denominator) == D("-0.625")


def test_completion_counts_every_school_including_running_ones():
    assert rules.completion(ROWS) == (92, 130)
    assert rules.percent(92, 130) == D("70.7692")  # 92 / 130 x 100, 4 decimals
    assert ROWS[1].completion_rate == D(90)


def test_schools_meet_the_goal_at_or_above_it_and_unscored_ones_do_not_count():
    assert rules.goal_share(ROWS, D("60")) == (2, 2)  # 62 and 60 (equal counts)
    assert rules.goal_share(ROWS, D("61")) == (1, 2)
    assert rules.meets_goal(None, D(60)) is None
    assert rules.meets_goal(D("59.99"), D(60)) is False


def test_no_denominator_no_value():
    assert rules.percent(0, 0) is None and rules.quotient(D(0), 0) is None
    assert rules.weighted_gain([ROWS[2]]) == (D(0), 0)


def test_apk_may_pass_100_and_apm_counts_official_age_pupils_only():
    rows, total = rules.participation(
        [("Pontianak Kota", 1100, 950), ("Pontianak Barat", 800, 760), ("Pontianak Timur", 5, 5)],
        [("Pontianak Kota", 1000), ("Pontianak Barat", 1000), ("Pontianak Utara", 900)],
    )
    by_name = {r.kecamatan: r for r in rows}
    assert [r.kecamatan for r in rows] == sorted(by_name)
    assert (by_name["Pontianak Kota"].apk, by_name["Pontianak Kota"].apm) == (D(110), D(95))
    assert (by_name["Pontianak Barat"].apk, by_name["Pontianak Barat"].apm) == (D(80), D(76))
    # a kecamatan with only one of the two figures has no rate and stays out of the total
    assert by_name["Pontianak Timur"].apk is None and by_name["Pontianak Utara"].apm is None
    assert (total.pupils_total, total.pupils_official_age, total.population) == (1900, 1710, 2000)
    assert (total.apk, total.apm) == (D(95), D("85.5"))


def test_official_ages_follow_the_domain_rules():
    assert [rules.official_ages(level) for level in Level] == ["5-6", "7-12", "13-15"]
