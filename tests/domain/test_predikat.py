import pytest

from kinerja_core.domain import (
    PREDIKAT_ORDER,
    Predikat,
    Rating,
    RuleViolation,
    derive_predikat,
    needs_development,
    predikat_rank,
)

ATAS = Rating.DI_ATAS_EKSPEKTASI
SESUAI = Rating.SESUAI_EKSPEKTASI
BAWAH = Rating.DI_BAWAH_EKSPEKTASI

# The table of docs/domain.md, row = hasil kerja, column = perilaku.
MATRIX = [
    (ATAS, BAWAH, Predikat.KURANG),
    (ATAS, SESUAI, Predikat.BAIK),
    (ATAS, ATAS, Predikat.SANGAT_BAIK),
    (SESUAI, BAWAH, Predikat.KURANG),
    (SESUAI, SESUAI, Predikat.BAIK),
    (SESUAI, ATAS, Predikat.BAIK),
    (BAWAH, BAWAH, Predikat.SANGAT_KURANG),
    (BAWAH, SESUAI, Predikat.BUTUH_PERBAIKAN),
    (BAWAH, ATAS, Predikat.BUTUH_PERBAIKAN),
]


@pytest.mark.parametrize("result, behavior, expected", MATRIX)
def test_predikat_follows_the_matrix_cell(result, behavior, expected):
    assert derive_predikat(result, behavior) is expected


def test_result_and_behavior_are_not_interchangeable():
    # Good results with poor behaviour is misconduct (KURANG); the reverse needs improvement.
    assert derive_predikat(result=ATAS, behavior=BAWAH) is Predikat.KURANG
    assert derive_predikat(result=BAWAH, behavior=ATAS) is Predikat.BUTUH_PERBAIKAN


def test_ratings_given_as_plain_strings_are_accepted():
    assert derive_predikat("DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI") is Predikat.SANGAT_BAIK


def test_unknown_rating_is_rejected_naming_which_rating():
    with pytest.raises(RuleViolation) as caught:
        derive_predikat(ATAS, "BAGUS")
    assert (caught.value.field, caught.value.code) == ("behaviorRating", "rating.unknown")
    assert "'BAGUS'" in caught.value.message("id")


def test_predikat_order_is_best_first():
    assert PREDIKAT_ORDER == (
        Predikat.SANGAT_BAIK,
        Predikat.BAIK,
        Predikat.BUTUH_PERBAIKAN,
        Predikat.KURANG,
        Predikat.SANGAT_KURANG,
    )
    assert predikat_rank(Predikat.SANGAT_BAIK) < predikat_rank(Predikat.SANGAT_KURANG)


@pytest.mark.parametrize(
    "predikat, expected",
    [
        (Predikat.SANGAT_BAIK, False),
        (Predikat.BAIK, False),
        (Predikat.BUTUH_PERBAIKAN, True),
        (Predikat.KURANG, True),
        (Predikat.SANGAT_KURANG, True),
    ],
)
def test_butuh_perbaikan_or_worse_needs_development(predikat, expected):
    assert needs_development(predikat) is expected
