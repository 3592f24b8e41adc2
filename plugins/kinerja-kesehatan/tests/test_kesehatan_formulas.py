"""The four indicator types, with hand-computed numbers: formulas, PWS cumulation, scopes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from kesehatan_support import YEAR, seed_example
from kinerja_core.domain.enums import PeriodKind
from kinerja_core.domain.periods import build_period
from kinerja_core.plugins.indicator import Direction, Scope

from kinerja_kesehatan.coverage import aggregate, year_to_date
from kinerja_kesehatan.indicators import (
    DROPOUT_DPT,
    DROPOUT_MR,
    IDL_COVERAGE,
    INDICATOR_TYPES,
    LEFTOUT_BCG,
    kelurahan_choices,
    puskesmas_choices,
)


def month(number: int):
    return build_period(YEAR, PeriodKind.MONTHLY, number)


def row(report_id, kelurahan_id, month_number, target, idl, dpt1, dpt3, mr1, newborns, bcg):
    return {
        "report_id": report_id,
        "kelurahan_id": kelurahan_id,
        "month": dt.date(2025, month_number, 1),
        "puskesmas_id": 1,
        "puskesmas_name": "Puskesmas A",
        "target_infants": target,
        "idl": idl,
        "dpt1": dpt1,
        "dpt3": dpt3,
        "mr1": mr1,
        "newborns": newborns,
        "bcg": bcg,
    }


def test_the_formulas_on_totals_without_a_database():
    totals = aggregate(
        [
            row(1, 10, 1, 100, 8, 10, 9, 8, 10, 9),
            row(1, 11, 1, 50, 4, 5, 4, 5, 6, 6),
            row(2, 10, 2, 110, 9, 10, 8, 7, 9, 9),  # the target of kelurahan 10 revised to 110
        ]
    )
    # IDL: (8 + 4 + 9) / (110 + 50) x 100 -- the annual target, latest per kelurahan, not summed
    assert totals.idl_coverage().value == Decimal("13.1250")
    assert (totals.idl, totals.target_infants) == (21, 160)
    # drop-out DPT: (25 - 21) / 25 x 100, drop-out MR: (25 - 20) / 25 x 100
    assert totals.dropout_dpt().value == Decimal("16.0000")
    assert totals.dropout_mr().value == Decimal("20.0000")
    # left-out BCG: (25 - 24) / 25 x 100
    assert totals.leftout_bcg().value == Decimal("4.0000")
    assert [r.id for r in totals.records] == ["1", "2"]
    assert [r.label for r in totals.records] == ["Puskesmas A 2025-01", "Puskesmas A 2025-02"]


def test_no_rows_or_a_zero_denominator_give_no_value():
    empty = aggregate([])
    assert empty.idl_coverage().value is None and empty.idl_coverage().numerator is None
    zero = aggregate([row(1, 10, 1, 0, 0, 0, 0, 0, 0, 0)])
    for value in (zero.idl_coverage(), zero.dropout_dpt(), zero.leftout_bcg()):
        assert value.value is None and value.denominator == 0
    # more DPT3 than DPT1 (catch-up) is a negative drop-out, shown as it is
    negative = aggregate([row(1, 10, 1, 10, 1, 4, 5, 4, 1, 1)])
    assert negative.dropout_dpt().value == Decimal("-25.0000")


def test_year_to_date_target():
    assert year_to_date(100, 3) == Decimal("25.00")
    assert year_to_date(432, 2) == Decimal("72.00")
    assert year_to_date(95, 7) == Decimal("55.42")


def test_the_types_are_cumulative_with_their_direction():
    assert [t.code for t in INDICATOR_TYPES] == [
        "kesehatan.idl_coverage",
        "kesehatan.dropout_dpt",
        "kesehatan.dropout_mr",
        "kesehatan.leftout_bcg",
    ]
    assert all(t.cumulative and t.unit == "%" and t.multiplier == 100 for t in INDICATOR_TYPES)
    assert IDL_COVERAGE.direction == Direction.HIGHER_IS_BETTER
    assert {t.direction for t in INDICATOR_TYPES[1:]} == {Direction.LOWER_IS_BETTER}
    assert [(p.name, p.required) for p in IDL_COVERAGE.parameters] == [
        ("puskesmas", False),
        ("kelurahan", False),
    ]


async def test_city_values_of_each_type_from_the_reports(city):
    reports = await seed_example(city)
    scope = Scope(agency_id=city.dinkes.id)
    # January + February: IDL 10+5+20+12+4 = 51 over 132+60+240 = 432 (DALAM-BUGIS revised)
    idl = await IDL_COVERAGE.compute(scope, month(2))
    assert (idl.value, idl.numerator, idl.denominator) == (
        Decimal("11.8056"),
        Decimal(51),
        Decimal(432),
    )
    assert [r.id for r in idl.records] == [
        reports[("KPD", 1)]["id"],
        reports[("SGN", 1)]["id"],
        reports[("KPD", 2)]["id"],
    ]
    assert idl.records[0].entity == "ImmunizationReport"
    assert idl.records[0].label == f"Puskesmas Kampung Dalam {YEAR}-01"
    # DPT1 12+6+25+10+5 = 58, DPT3 11+5+20+10+4 = 50: 8 / 58
    dpt = await DROPOUT_DPT.compute(scope, month(2))
    assert (dpt.value, dpt.numerator, dpt.denominator) == (
        Decimal("13.7931"),
        Decimal(8),
        Decimal(58),
    )
    # MR1 10+6+22+9+5 = 52: 6 / 58
    mr = await DROPOUT_MR.compute(scope, month(2))
    assert (mr.value, mr.numerator, mr.denominator) == (Decimal("10.3448"), 6, 58)
    # newborns 13+7+26+11+5 = 62, BCG 12+5+26+11+5 = 59: 3 / 62
    bcg = await LEFTOUT_BCG.compute(scope, month(2))
    assert (bcg.value, bcg.numerator, bcg.denominator) == (Decimal("4.8387"), 3, 62)
    assert "3 laporan" in bcg.note


async def test_values_accumulate_from_january_against_the_annual_target(city):
    await seed_example(city)
    scope = Scope(agency_id=city.dinkes.id)
    values = [(await IDL_COVERAGE.compute(scope, month(n))) for n in (1, 2, 3, 12)]
    # Jan 35/420, Feb 51/432, Mar 69/432, Dec the same as March (no later report)
    assert [(v.numerator, v.denominator) for v in values] == [
        (35, 420),
        (51, 432),
        (69, 432),
        (69, 432),
    ]
    assert [v.value for v in values] == [
        Decimal("8.3333"),
        Decimal("11.8056"),
        Decimal("15.9722"),
        Decimal("15.9722"),
    ]
    quarter = await IDL_COVERAGE.compute(scope, build_period(YEAR, PeriodKind.QUARTERLY, 1))
    assert (quarter.numerator, quarter.denominator) == (69, 432)
    assert len(values[0].records) == 2 and len(values[2].records) == 4


async def test_scope_by_puskesmas_and_by_kelurahan(city):
    await seed_example(city)
    kpd = Scope(agency_id=city.dinkes.id, parameters={"puskesmas": "KPD"})
    value = await IDL_COVERAGE.compute(kpd, month(2))  # (10+5+12+4) / (132+60)
    assert (value.value, value.numerator, value.denominator) == (Decimal("16.1458"), 31, 192)
    tanjung = Scope(agency_id=city.dinkes.id, parameters={"kelurahan": "TANJUNG-HILIR"})
    value = await IDL_COVERAGE.compute(tanjung, month(2))  # (5+4) / 60
    assert (value.value, value.numerator, value.denominator) == (Decimal("15.0000"), 9, 60)
    value = await DROPOUT_DPT.compute(tanjung, month(2))  # (11 - 9) / 11
    assert (value.value, value.numerator, value.denominator) == (Decimal("18.1818"), 2, 11)
    both = Scope(
        agency_id=city.dinkes.id, parameters={"puskesmas": "KPD", "kelurahan": "DALAM-BUGIS"}
    )
    value = await IDL_COVERAGE.compute(both, month(1))
    assert (value.numerator, value.denominator) == (10, 120)
    saigon = Scope(agency_id=city.dinkes.id, parameters={"puskesmas": "SGN"})
    value = await LEFTOUT_BCG.compute(saigon, month(3))  # (26+22 - (26+20)) / 48
    assert (value.value, value.numerator, value.denominator) == (Decimal("4.1667"), 2, 48)


async def test_no_data_gives_no_value_and_a_note(city):
    await seed_example(city)
    mismatch = Scope(
        agency_id=city.dinkes.id, parameters={"puskesmas": "SGN", "kelurahan": "DALAM-BUGIS"}
    )
    last_year = build_period(YEAR - 1, PeriodKind.MONTHLY, 12)
    for scope, period in (
        (mismatch, month(3)),
        (Scope(agency_id=city.dinkes.id), last_year),
        (Scope(agency_id=city.disdik.id), month(3)),  # another agency's data never counts
    ):
        for kind in INDICATOR_TYPES:
            value = await kind.compute(scope, period)
            assert value.value is None and value.numerator is None and value.records == ()
            assert value.note.startswith("Belum ada laporan imunisasi")


async def test_a_zero_denominator_is_noted(city):
    await city.submit("SGN", 1, [city.line("SAIGON", 10, 0, 0, 0, 0, 0, 0)])
    value = await DROPOUT_DPT.compute(Scope(agency_id=city.dinkes.id), month(1))
    assert value.value is None and value.denominator == 0 and len(value.records) == 1
    assert "Penyebut bernilai 0" in value.note


@pytest.mark.parametrize("agency", ["dinkes", "disdik"])
async def test_parameter_choices_come_from_the_agencys_rows(city, agency):
    agency_id = getattr(city, agency).id
    puskesmas = await puskesmas_choices(agency_id)
    kelurahan = await kelurahan_choices(agency_id)
    if agency == "disdik":
        assert puskesmas == [] and kelurahan == []
        return
    assert [(c.value, c.label) for c in puskesmas] == [
        ("KPD", "Puskesmas Kampung Dalam"),
        ("SGN", "Puskesmas Saigon"),
    ]
    assert [(c.value, c.label) for c in kelurahan] == [
        ("DALAM-BUGIS", "Dalam Bugis (Puskesmas Kampung Dalam)"),
        ("SAIGON", "Saigon (Puskesmas Saigon)"),
        ("TANJUNG-HILIR", "Tanjung Hilir (Puskesmas Kampung Dalam)"),
    ]
