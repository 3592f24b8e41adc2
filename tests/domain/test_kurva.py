import pytest

from kinerja_core.domain import (
    KURVA_RULES,
    KurvaFinding,
    KurvaMode,
    KurvaRule,
    OrgPredikat,
    Predikat,
    RuleViolation,
    check_distribution,
    enforce_kurva,
)

SB = Predikat.SANGAT_BAIK
B = Predikat.BAIK
BP = Predikat.BUTUH_PERBAIKAN
K = Predikat.KURANG
SK = Predikat.SANGAT_KURANG


def unit(**counts: int) -> list[Predikat]:
    """A unit's predikat list from counts, e.g. unit(SANGAT_BAIK=7, BAIK=3)."""
    return [Predikat(name) for name, n in counts.items() for _ in range(n)]


def codes(org: OrgPredikat, predikats: list[Predikat], **kwargs) -> list[tuple[str, tuple]]:
    return [(f.code, f.predikats) for f in check_distribution(org, predikats, **kwargs)]


def test_rules_cover_every_organisation_predikat():
    assert set(KURVA_RULES) == set(OrgPredikat)


def test_empty_unit_has_no_findings():
    for org in OrgPredikat:
        assert check_distribution(org, []) == []


# ISTIMEWA: SANGAT_BAIK at most 70%


def test_istimewa_unit_with_70_percent_sangat_baik_is_within_the_kurva():
    assert codes(OrgPredikat.ISTIMEWA, unit(SANGAT_BAIK=7, BAIK=3)) == []


def test_istimewa_unit_with_80_percent_sangat_baik_breaches_the_at_most_70_percent_rule():
    [finding] = check_distribution(OrgPredikat.ISTIMEWA, unit(SANGAT_BAIK=8, BAIK=2))
    assert finding == KurvaFinding(
        code="kurva.at_most_share",
        org=OrgPredikat.ISTIMEWA,
        predikats=(SB,),
        bound="at_most",
        percent=70,
        actual=8,
        limit=7,
        total=10,
    )
    assert finding.message("id") == (
        "Unit berpredikat organisasi Istimewa: pegawai berpredikat Sangat Baik paling banyak "
        "70% (7 dari 10 pegawai); saat ini 8 pegawai."
    )
    assert finding.message("en") == (
        "Unit rated Istimewa: at most 70% of employees (7 of 10) may be rated Sangat Baik; "
        "currently 8."
    )


# BAIK: BAIK at most 70%; at least one BUTUH_PERBAIKAN or KURANG


def test_baik_unit_with_70_percent_baik_and_one_butuh_perbaikan_is_within_the_kurva():
    assert codes(OrgPredikat.BAIK, unit(SANGAT_BAIK=2, BAIK=7, BUTUH_PERBAIKAN=1)) == []


def test_baik_unit_satisfies_the_at_least_one_rule_with_a_kurang_too():
    assert codes(OrgPredikat.BAIK, unit(SANGAT_BAIK=2, BAIK=7, KURANG=1)) == []


def test_baik_unit_with_80_percent_baik_breaches_the_at_most_70_percent_rule():
    assert codes(OrgPredikat.BAIK, unit(BAIK=8, SANGAT_BAIK=1, KURANG=1)) == [
        ("kurva.at_most_share", (B,))
    ]


def test_baik_unit_without_any_butuh_perbaikan_or_kurang_breaches_the_at_least_one_rule():
    [finding] = check_distribution(OrgPredikat.BAIK, unit(SANGAT_BAIK=3, BAIK=7))
    assert (finding.code, finding.predikats, finding.limit, finding.actual) == (
        "kurva.at_least_count",
        (BP, K),
        1,
        0,
    )
    assert "Butuh Perbaikan / Kurang" in finding.message("id")


# BUTUH_PERBAIKAN: BUTUH_PERBAIKAN at least 60%; SANGAT_BAIK at most 10%


def test_butuh_perbaikan_unit_with_60_percent_butuh_perbaikan_and_one_sangat_baik_is_within():
    assert codes(OrgPredikat.BUTUH_PERBAIKAN, unit(BUTUH_PERBAIKAN=6, SANGAT_BAIK=1, BAIK=3)) == []


def test_butuh_perbaikan_unit_with_50_percent_butuh_perbaikan_breaches_the_at_least_rule():
    assert codes(OrgPredikat.BUTUH_PERBAIKAN, unit(BUTUH_PERBAIKAN=5, BAIK=5)) == [
        ("kurva.at_least_share", (BP,))
    ]


def test_butuh_perbaikan_unit_with_20_percent_sangat_baik_breaches_the_at_most_rule():
    assert codes(OrgPredikat.BUTUH_PERBAIKAN, unit(BUTUH_PERBAIKAN=8, SANGAT_BAIK=2)) == [
        ("kurva.at_most_share", (SB,))
    ]


# KURANG: KURANG at least 60%; BUTUH_PERBAIKAN at least 10%; SANGAT_BAIK at most 10%


def test_kurang_unit_meeting_all_three_rules_is_within_the_kurva():
    assert codes(OrgPredikat.KURANG, unit(KURANG=6, BUTUH_PERBAIKAN=1, SANGAT_BAIK=1, BAIK=2)) == []


def test_kurang_unit_with_too_few_kurang_breaches_the_at_least_60_percent_rule():
    assert codes(OrgPredikat.KURANG, unit(KURANG=5, BUTUH_PERBAIKAN=1, BAIK=4)) == [
        ("kurva.at_least_share", (K,))
    ]


def test_kurang_unit_without_butuh_perbaikan_breaches_the_at_least_10_percent_rule():
    assert codes(OrgPredikat.KURANG, unit(KURANG=7, BAIK=3)) == [("kurva.at_least_share", (BP,))]


def test_kurang_unit_with_two_sangat_baik_of_ten_breaches_the_at_most_10_percent_rule():
    assert codes(OrgPredikat.KURANG, unit(KURANG=6, BUTUH_PERBAIKAN=2, SANGAT_BAIK=2)) == [
        ("kurva.at_most_share", (SB,))
    ]


# SANGAT_KURANG: SANGAT_KURANG at least 60%; KURANG or BUTUH_PERBAIKAN at least 10%; no SB


def test_sangat_kurang_unit_meeting_all_three_rules_is_within_the_kurva():
    assert codes(OrgPredikat.SANGAT_KURANG, unit(SANGAT_KURANG=6, KURANG=1, BAIK=3)) == []


def test_sangat_kurang_unit_counts_butuh_perbaikan_towards_the_kurang_or_bp_rule():
    assert codes(OrgPredikat.SANGAT_KURANG, unit(SANGAT_KURANG=6, BUTUH_PERBAIKAN=1, BAIK=3)) == []


def test_sangat_kurang_unit_with_too_few_sangat_kurang_breaches_the_at_least_60_percent_rule():
    assert codes(OrgPredikat.SANGAT_KURANG, unit(SANGAT_KURANG=5, KURANG=2, BAIK=3)) == [
        ("kurva.at_least_share", (SK,))
    ]


def test_sangat_kurang_unit_without_kurang_or_bp_breaches_the_at_least_10_percent_rule():
    assert codes(OrgPredikat.SANGAT_KURANG, unit(SANGAT_KURANG=7, BAIK=3)) == [
        ("kurva.at_least_share", (K, BP))
    ]


def test_sangat_kurang_unit_with_a_single_sangat_baik_breaches_the_none_allowed_rule():
    [finding] = check_distribution(
        OrgPredikat.SANGAT_KURANG, unit(SANGAT_KURANG=6, KURANG=3, SANGAT_BAIK=1)
    )
    assert (finding.code, finding.limit, finding.actual) == ("kurva.none_allowed", 0, 1)
    assert finding.message("id") == (
        "Unit berpredikat organisasi Sangat Kurang: tidak boleh ada pegawai berpredikat "
        "Sangat Baik; saat ini 1 dari 10 pegawai."
    )


def test_every_breached_rule_is_reported_not_only_the_first():
    assert len(check_distribution(OrgPredikat.KURANG, unit(SANGAT_BAIK=10))) == 3


# Rounding for units whose size does not divide evenly


@pytest.mark.parametrize("rounding, limit", [("floor", 3), ("ceil", 4), ("round", 4)])
def test_at_most_bound_of_a_small_unit_follows_the_configured_rounding(rounding, limit):
    # 70% of 5 is 3.5 employees.
    four_of_five = unit(SANGAT_BAIK=4, BAIK=1)
    findings = check_distribution(OrgPredikat.ISTIMEWA, four_of_five, rounding)
    assert [f.limit for f in findings] == ([limit] if limit < 4 else [])


@pytest.mark.parametrize("rounding, required", [("floor", 0), ("ceil", 1), ("round", 1)])
def test_at_least_bound_of_a_small_unit_follows_the_configured_rounding(rounding, required):
    # 10% of 5 is half an employee; round is half-up, not banker's rounding.
    no_bp = unit(KURANG=5)
    findings = check_distribution(OrgPredikat.KURANG, no_bp, rounding)
    assert [f.limit for f in findings if f.predikats == (BP,)] == ([required] if required else [])


def test_at_most_share_still_allows_one_employee_in_a_tiny_unit_by_default():
    # 10% of 3 floors to 0, which would silently turn "at most 10%" into "none".
    assert (
        check_distribution(OrgPredikat.BUTUH_PERBAIKAN, unit(SANGAT_BAIK=1, BUTUH_PERBAIKAN=2))
        == []
    )


def test_at_most_share_can_be_made_strict_for_tiny_units():
    findings = check_distribution(
        OrgPredikat.BUTUH_PERBAIKAN,
        unit(SANGAT_BAIK=1, BUTUH_PERBAIKAN=2),
        at_most_keeps_one=False,
    )
    assert [(f.code, f.limit) for f in findings] == [("kurva.at_most_share", 0)]


def test_unknown_rounding_is_refused_even_for_an_empty_unit():
    with pytest.raises(RuleViolation) as caught:
        check_distribution(OrgPredikat.ISTIMEWA, [], "banker")
    assert (caught.value.field, caught.value.code) == ("rounding", "kurva.rounding_unknown")


def test_a_deployment_can_pass_its_own_rule_table():
    stricter = {
        OrgPredikat.ISTIMEWA: (
            KurvaRule(code="kurva.at_most_share", predikats=(SB,), bound="at_most", percent=50),
        )
    }
    assert check_distribution(OrgPredikat.ISTIMEWA, unit(SANGAT_BAIK=6, BAIK=4)) == []
    assert codes(OrgPredikat.ISTIMEWA, unit(SANGAT_BAIK=6, BAIK=4), rules=stricter) == [
        ("kurva.at_most_share", (SB,))
    ]


def test_predikat_given_as_plain_strings_are_counted():
    assert codes(OrgPredikat.ISTIMEWA, ["SANGAT_BAIK"] * 8 + ["BAIK"] * 2) == [
        ("kurva.at_most_share", (SB,))
    ]


# Mode


def test_warn_mode_hands_the_findings_back():
    findings = check_distribution(OrgPredikat.ISTIMEWA, unit(SANGAT_BAIK=8, BAIK=2))
    assert enforce_kurva(findings, KurvaMode.WARN) == findings


def test_block_mode_raises_the_first_finding_as_a_rule_violation():
    findings = check_distribution(OrgPredikat.ISTIMEWA, unit(SANGAT_BAIK=8, BAIK=2))
    with pytest.raises(RuleViolation) as caught:
        enforce_kurva(findings, KurvaMode.BLOCK)
    assert caught.value.code == "kurva.at_most_share"
    assert caught.value.message("id") == findings[0].message("id")


def test_block_mode_passes_a_distribution_within_the_kurva():
    assert enforce_kurva([], KurvaMode.BLOCK) == []
