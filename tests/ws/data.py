"""Rows the subscription tests need, made directly (SKP planning is tested on its own), and the
GraphQL documents they send. Every write that should raise an event goes through /graphql."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from kinerja_core.domain.enums import (
    EvaluationKind,
    PeriodKind,
    PeriodStatus,
    PlanApproach,
    PlanForm,
    PlanStatus,
    Predikat,
    Rating,
)
from kinerja_core.models import Evaluation, Indicator, PerformancePlan, Period, WorkResult
from tests.support import YEAR

FEEDBACK = """mutation($input: GiveFeedbackInput!) { giveFeedback(input: $input) {
  __typename ... on Feedback { id } ... on UserError { code message } } }"""
RETURN = """mutation($id: ID!, $note: String!) { returnPlan(id: $id, note: $note) {
  __typename ... on PerformancePlan { id status } ... on UserError { code message } } }"""
FINALIZE = """mutation($id: ID!) { finalizeEvaluation(id: $id) {
  __typename ... on EvaluationPayload { evaluation { id status } }
  ... on UserError { code message } } }"""
RECORD = """mutation($input: RecordRealizationInput!) { recordRealization(input: $input) {
  __typename ... on Realization { id } ... on UserError { code message } } }"""
LOGOUT = "mutation { logout { __typename } }"

SUB_FEEDBACK = """subscription($planId: ID) { feedbackReceived(planId: $planId) {
  id text target author { id name } plan { id status employee { id } } } }"""
SUB_STATUS = """subscription($planId: ID) { planStatusChanged(planId: $planId) {
  id status returnNote employee { id } rater { id } } }"""
SUB_EVALUATION = """subscription { evaluationFinalized {
  id status predikat plan { id } rater { id } } }"""
SUB_REALIZATION = """subscription($planId: ID) { realizationRecorded(planId: $planId) {
  id value period { id } indicator { id } recordedBy { id } } }"""


async def make_plan(
    world: Any,
    owner: str = "staff",
    rater: str = "kasubag",
    rater_superior: str = "sekretaris",
    status: PlanStatus = PlanStatus.APPROVED,
) -> tuple[PerformancePlan, WorkResult, Indicator]:
    """An SKP of ``owner`` with one RHK and one manual IKI (target 12 dokumen)."""
    person = world.people[owner]
    plan = await PerformancePlan.create(
        employee=person.employee,
        position=person.position,
        agency_id=person.position.agency_id,
        unit_id=person.position.unit_id,
        year=YEAR,
        form=PlanForm.JA_JF,
        approach=PlanApproach.KUANTITATIF,
        status=status,
        period_start=dt.date(YEAR, 1, 1),
        period_end=dt.date(YEAR, 12, 31),
        rater=world.people[rater].employee,
        rater_position=world.people[rater].position,
        rater_superior=world.people[rater_superior].employee,
    )
    work = await WorkResult.create(plan=plan, description="Laporan kepegawaian tersusun")
    indicator = await Indicator.create(
        work_result=work,
        description="Jumlah laporan",
        target_value=Decimal(12),
        unit="dokumen",
        indicator_type="core.manual",
        order=0,
    )
    return plan, work, indicator


async def open_period(world: Any, agency: str = "dinkes", number: int = 1) -> Period:
    """Month ``number`` of this year for the agency, OPEN."""
    start = dt.date(YEAR, number, 1)
    end = (dt.date(YEAR, number + 1, 1) if number < 12 else dt.date(YEAR + 1, 1, 1)) - dt.timedelta(
        days=1
    )
    return await Period.create(
        agency=world.agencies[agency],
        year=YEAR,
        kind=PeriodKind.MONTHLY,
        number=number,
        start_date=start,
        end_date=end,
        status=PeriodStatus.OPEN,
    )


async def draft_evaluation(world: Any, plan: PerformancePlan, period: Period) -> Evaluation:
    """A DRAFT periodic evaluation by the plan's rater, ready to be finalised."""
    return await Evaluation.create(
        plan=plan,
        kind=EvaluationKind.PERIODIC,
        period=period,
        year=plan.year,
        rater_id=plan.rater_id,
        result_rating=Rating.SESUAI_EKSPEKTASI,
        behavior_rating=Rating.SESUAI_EKSPEKTASI,
        predikat=Predikat.BAIK,
    )


def feedback_input(plan: Any, work: Any, text: str) -> dict[str, Any]:
    return {
        "input": {
            "planId": str(plan.id),
            "target": "WORK_RESULT",
            "workResultId": str(work.id),
            "text": text,
        }
    }
