from datetime import UTC, datetime, timedelta, timezone
from itertools import product

import pytest

from kinerja_core.domain import (
    PLAN_TRANSITIONS,
    AppealAction,
    AppealStatus,
    EvaluationAction,
    EvaluationStatus,
    PlanAction,
    PlanStatus,
    RuleViolation,
    allowed_actions,
    appeal_deadline,
    check_appeal_window,
    is_editable,
    status_after_edit,
    transition,
    transition_appeal,
    transition_evaluation,
)

ALLOWED = [
    (PlanStatus.DRAFT, PlanAction.SUBMIT, PlanStatus.SUBMITTED),
    (PlanStatus.SUBMITTED, PlanAction.APPROVE, PlanStatus.APPROVED),
    (PlanStatus.SUBMITTED, PlanAction.RETURN, PlanStatus.RETURNED),
    (PlanStatus.RETURNED, PlanAction.REVISE, PlanStatus.DRAFT),
    (PlanStatus.APPROVED, PlanAction.CLOSE, PlanStatus.CLOSED),
    (PlanStatus.DRAFT, PlanAction.CLOSE, PlanStatus.CLOSED),
]
REFUSED = [
    (status, action)
    for status, action in product(PlanStatus, PlanAction)
    if (status, action) not in {(s, a) for s, a, _ in ALLOWED}
]


def test_plan_transition_table_is_exactly_the_documented_one():
    assert PLAN_TRANSITIONS == {(s, a): t for s, a, t in ALLOWED}


@pytest.mark.parametrize("status, action, expected", ALLOWED)
def test_plan_moves_along_an_allowed_transition(status, action, expected):
    assert transition(status, action) is expected


@pytest.mark.parametrize("status, action", REFUSED)
def test_plan_refuses_a_transition_not_in_the_table(status, action):
    with pytest.raises(RuleViolation) as caught:
        transition(status, action)
    error = caught.value
    assert (error.field, error.code) == ("status", "plan.transition")
    assert (error.params["from"], error.params["action"]) == (status.value, action.value)


def test_refused_transition_message_names_the_action_and_the_status():
    with pytest.raises(RuleViolation) as caught:
        transition(PlanStatus.DRAFT, PlanAction.APPROVE)
    assert caught.value.message("id") == "Tidak dapat menyetujui SKP yang berstatus Draf."
    assert caught.value.message("en") == (
        "Cannot approve a performance plan (SKP) whose status is Draft."
    )


def test_closed_plan_accepts_no_action():
    assert allowed_actions(PlanStatus.CLOSED) == []


def test_allowed_actions_lists_what_a_submitted_plan_can_undergo():
    assert allowed_actions(PlanStatus.SUBMITTED) == [PlanAction.APPROVE, PlanAction.RETURN]


def test_action_may_be_a_plain_string_in_any_case():
    assert transition("DRAFT", "submit") is PlanStatus.SUBMITTED


def test_unknown_action_is_rejected():
    with pytest.raises(RuleViolation) as caught:
        transition(PlanStatus.DRAFT, "publish")
    assert (caught.value.field, caught.value.code) == ("action", "workflow.action_unknown")


@pytest.mark.parametrize(
    "status, editable",
    [
        (PlanStatus.DRAFT, True),
        (PlanStatus.RETURNED, True),
        (PlanStatus.SUBMITTED, False),
        (PlanStatus.APPROVED, False),
        (PlanStatus.CLOSED, False),
    ],
)
def test_only_draft_and_returned_plans_are_editable(status, editable):
    assert is_editable(status) is editable


def test_editing_a_returned_plan_moves_it_back_to_draft():
    assert status_after_edit(PlanStatus.RETURNED) is PlanStatus.DRAFT
    assert status_after_edit(PlanStatus.DRAFT) is PlanStatus.DRAFT


def test_editing_an_approved_plan_is_refused():
    with pytest.raises(RuleViolation) as caught:
        status_after_edit(PlanStatus.APPROVED)
    assert (caught.value.field, caught.value.code) == ("status", "plan.not_editable")
    assert "Disetujui" in caught.value.message("id")


def test_draft_evaluation_can_be_finalized():
    assert transition_evaluation(EvaluationStatus.DRAFT, EvaluationAction.FINALIZE) is (
        EvaluationStatus.FINAL
    )


def test_final_evaluation_cannot_be_finalized_again():
    with pytest.raises(RuleViolation) as caught:
        transition_evaluation(EvaluationStatus.FINAL, EvaluationAction.FINALIZE)
    assert caught.value.code == "evaluation.transition"
    assert caught.value.message("id") == "Tidak dapat memfinalkan evaluasi yang berstatus Final."


def test_filed_appeal_can_be_decided_once():
    assert transition_appeal(AppealStatus.FILED, AppealAction.DECIDE) is AppealStatus.DECIDED
    with pytest.raises(RuleViolation) as caught:
        transition_appeal(AppealStatus.DECIDED, AppealAction.DECIDE)
    assert caught.value.code == "appeal.transition"


# Appeal window: 14 calendar days after finalisation

FINALIZED = datetime(2026, 1, 1, 16, 0)


def test_appeal_deadline_is_the_end_of_the_14th_day_after_finalisation():
    assert appeal_deadline(FINALIZED) == datetime(2026, 1, 15, 23, 59, 59, 999999)


def test_appeal_on_day_14_is_accepted():
    check_appeal_window(FINALIZED, FINALIZED + timedelta(days=14))
    check_appeal_window(FINALIZED, datetime(2026, 1, 15, 23, 59, 59))


def test_appeal_on_day_15_is_refused_naming_the_deadline():
    with pytest.raises(RuleViolation) as caught:
        check_appeal_window(FINALIZED, datetime(2026, 1, 16, 0, 0))
    error = caught.value
    assert (error.field, error.code) == ("evaluationId", "appeal.too_late")
    assert error.params["deadline"] == "2026-01-15"
    assert "15 Januari 2026" in error.message("id")
    assert "15 January 2026" in error.message("en")


def test_appeal_on_the_day_of_finalisation_is_accepted():
    check_appeal_window(FINALIZED, FINALIZED + timedelta(minutes=5))


def test_appeal_window_length_is_configurable():
    check_appeal_window(FINALIZED, datetime(2026, 1, 8, 12, 0), days=7)
    with pytest.raises(RuleViolation):
        check_appeal_window(FINALIZED, datetime(2026, 1, 9, 0, 0), days=7)


def test_appeal_deadline_ends_the_day_in_the_timezone_of_finalisation():
    wib = timezone(timedelta(hours=7))
    finalized = datetime(2026, 1, 1, 9, 0, tzinfo=wib)
    # 16 Jan 00:30 WIB is still 15 Jan in UTC, but the day counted is the local one.
    late = datetime(2026, 1, 15, 17, 30, tzinfo=UTC)
    with pytest.raises(RuleViolation):
        check_appeal_window(finalized, late)
    check_appeal_window(finalized, datetime(2026, 1, 15, 16, 59, tzinfo=UTC))
