"""The proposal rules of the kompetensi plugin, alone (pure: no database).

The flow over HTTP (an evaluation finalised, the rater deciding, plans, records, the views) is
tested with the core's evaluation helpers in ``tests/test_kompetensi.py`` of the repository.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from kinerja_kompetensi.rules import IndicatorResult, propose

BASE = dict(
    predikat="BAIK",
    result_rating="SESUAI_EKSPEKTASI",
    behavior_rating="SESUAI_EKSPEKTASI",
    position_type="PELAKSANA",
    feedback_values=[],
    indicators=[],
    threshold=Decimal(50),
)


def groups(**changes):
    return [
        (p.group.value, p.source.value, p.priority.value) for p in propose(**{**BASE, **changes})
    ]


def test_a_good_evaluation_proposes_nothing():
    assert groups() == []


@pytest.mark.parametrize(
    "position,group",
    [
        ("PELAKSANA", "TEKNIS"),
        ("FUNGSIONAL", "TEKNIS"),
        ("PENGAWAS", "MANAJERIAL"),
        ("ADMINISTRATOR", "MANAJERIAL"),
        ("JPT", "MANAJERIAL"),
    ],
)
def test_results_below_expectation_give_a_managerial_or_technical_need(position, group):
    assert groups(
        predikat="BUTUH_PERBAIKAN", result_rating="DI_BAWAH_EKSPEKTASI", position_type=position
    ) == [(group, "PREDIKAT", "MEDIUM")]


def test_kurang_from_behaviour_alone_gives_the_behaviour_need_only():
    assert groups(predikat="KURANG", behavior_rating="DI_BAWAH_EKSPEKTASI") == [
        ("SOSIAL_KULTURAL", "BEHAVIOR", "MEDIUM")
    ]


def test_sangat_kurang_is_high_priority_and_feedback_names_the_values():
    out = propose(
        **{
            **BASE,
            "predikat": "SANGAT_KURANG",
            "result_rating": "DI_BAWAH_EKSPEKTASI",
            "behavior_rating": "DI_BAWAH_EKSPEKTASI",
            "feedback_values": ["LOYAL", "AKUNTABEL", "LOYAL"],
        }
    )
    assert [(p.group.value, p.behavior_value, p.priority.value) for p in out] == [
        ("TEKNIS", "", "HIGH"),
        ("SOSIAL_KULTURAL", "AKUNTABEL", "HIGH"),
        ("SOSIAL_KULTURAL", "LOYAL", "HIGH"),
    ]


def test_iki_below_the_threshold():
    ikis = [
        IndicatorResult(1, "A", Decimal("49.99")),
        IndicatorResult(2, "B", Decimal(50)),
        IndicatorResult(3, "C", Decimal("24.5")),
        IndicatorResult(4, "D", None),
    ]
    out = propose(**{**BASE, "indicators": ikis})
    assert [(p.indicator_id, p.priority.value, p.source_value) for p in out] == [
        (1, "MEDIUM", "49.99%"),
        (3, "HIGH", "24.5%"),
    ]


def test_the_effect_view_reads_an_iki_in_the_evaluated_period_or_the_years_last():
    # the effect view's reading of realisasi fetched as columns (effects._achievements)
    import datetime as dt
    import json
    from types import SimpleNamespace

    from kinerja_kompetensi.effects import _achievement_in

    iki = SimpleNamespace(id=7, target_value=Decimal(100), target_min=None, target_max=None)

    def realised(period_id, year, month, value, provenance=None):
        # a row as the driver gives it: indicator, period, value, provenance (JSON text),
        # the period's year and end
        text = None if provenance is None else json.dumps(provenance)
        return (7, period_id, str(value), text, year, dt.date(year, month, 28).isoformat())

    rows = {7: [realised(2, 2026, 2, 40), realised(1, 2026, 1, 30), realised(9, 2025, 12, 99)]}
    periodic = SimpleNamespace(period_id=1, year=2026)
    annual = SimpleNamespace(period_id=None, year=2026)
    assert _achievement_in(iki, periodic, rows) == Decimal("30.00")
    assert _achievement_in(iki, annual, rows) == Decimal("40.00")  # the year's last period
    assert _achievement_in(iki, SimpleNamespace(period_id=5, year=2026), rows) is None
    computed = {7: [realised(1, 2026, 1, 30, {"achievement": "75.5"})]}
    assert _achievement_in(iki, periodic, computed) == Decimal("75.5")
    assert _achievement_in(None, periodic, rows) is None
