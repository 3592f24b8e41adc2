"""Angka kredit follows the months an SKP covers (issue 10 point 2), on the annual and the
periodic evaluations and after an appeal; the yearly and cumulative totals per employee."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kinerja_core.domain.periods import months_in_span
from tests.support import YEAR
from tests.test_evaluation import approved_plan, evaluate, finalize, monthly_periods
from tests.test_evaluation_appeals import decide, file_appeal


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        ((1, 1), (12, 31), 12),
        ((11, 1), (12, 31), 2),
        ((7, 1), (12, 31), 6),
        ((1, 1), (3, 15), 3),  # a mutasi on 16 March: March goes to the first SKP
        ((3, 16), (12, 31), 9),
        ((1, 10), (12, 31), 12),  # appointed on 10 January: January counts
        ((1, 16), (12, 31), 11),
        ((1, 1), (1, 14), 0),
        ((5, 20), (5, 10), 0),
    ],
)
def test_months_in_span(start, end, months):
    assert months_in_span(dt.date(YEAR, *start), dt.date(YEAR, *end)) == months


def test_adjacent_spans_never_count_a_month_twice():
    for split in range(1, 365):
        cut = dt.date(YEAR, 1, 1) + dt.timedelta(days=split)
        first = months_in_span(dt.date(YEAR, 1, 1), cut - dt.timedelta(days=1))
        second = months_in_span(cut, dt.date(YEAR, 12, 31))
        assert first + second == 12, cut


async def span_plan(world, start: tuple[int, int], end: tuple[int, int] = (12, 31)):
    plan = await approved_plan(world, "staff_p2p", "kabid", "head")
    plan.period_start, plan.period_end = dt.date(YEAR, *start), dt.date(YEAR, *end)
    await plan.save()
    return plan


async def test_annual_credit_of_a_november_december_skp_is_two_twelfths(client, world):
    plan = await span_plan(world, (11, 1))
    await monthly_periods(world, open_months=12)
    draft = await evaluate(client, world.kabid.token, plan)  # annual BAIK, Ahli Pertama 12.5
    done = await finalize(client, world.kabid.token, draft["id"])
    assert done["evaluation"]["kind"] == "ANNUAL"
    assert Decimal(done["evaluation"]["creditPoints"]) == Decimal("2.083")  # 12.5 x 2/12


async def test_annual_credit_of_a_july_december_skp_is_half(client, world):
    plan = await span_plan(world, (7, 1))
    await monthly_periods(world, open_months=12)
    draft = await evaluate(
        client, world.kabid.token, plan, "DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI"
    )
    done = await finalize(client, world.kabid.token, draft["id"])
    assert Decimal(done["evaluation"]["creditPoints"]) == Decimal("9.375")  # 18.75 / 2


async def test_monthly_credits_add_up_to_the_annual_one(client, world):
    plan = await span_plan(world, (11, 1))
    periods = await monthly_periods(world, open_months=12)
    monthly = Decimal(0)
    for period in periods[10:]:
        draft = await evaluate(client, world.kabid.token, plan, period=period)
        monthly += Decimal(
            (await finalize(client, world.kabid.token, draft["id"]))["evaluation"]["creditPoints"]
        )
    annual = await evaluate(client, world.kabid.token, plan)
    done = await finalize(client, world.kabid.token, annual["id"])
    assert abs(monthly - Decimal(done["evaluation"]["creditPoints"])) <= Decimal("0.001")
    assert monthly == Decimal("2.084")  # 2 x 1.042 (each rounded to 3 places)


async def test_a_period_outside_the_skp_dates_cannot_be_rated(client, world):
    plan = await span_plan(world, (11, 1))
    periods = await monthly_periods(world, open_months=12)
    refused = await evaluate(client, world.kabid.token, plan, period=periods[9])
    assert refused["code"] == "evaluation.period_outside_plan"


async def test_an_appeal_recomputes_the_credit_for_the_same_months(client, world):
    plan = await span_plan(world, (7, 1))
    await monthly_periods(world, open_months=12)
    draft = await evaluate(client, world.kabid.token, plan)  # BAIK: 6.25
    final = (await finalize(client, world.kabid.token, draft["id"]))["evaluation"]
    assert Decimal(final["creditPoints"]) == Decimal("6.25")
    appeal = await file_appeal(client, world.staff_p2p.token, final["id"])
    decided = await decide(
        client,
        world.head.token,
        appeal["id"],
        "CHANGE",
        resultRating="DI_ATAS_EKSPEKTASI",
        behaviorRating="DI_ATAS_EKSPEKTASI",
    )
    assert Decimal(decided["evaluation"]["creditPoints"]) == Decimal("9.375")
