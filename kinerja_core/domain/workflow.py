"""Status workflows of SKP, evaluations and appeals, and the appeal deadline.

Each workflow is a table (status, action) -> next status, so the allowed moves can be read,
listed in the API and tested cell by cell; anything not in the table is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta
from enum import StrEnum
from typing import Any, TypeVar

from .enums import (
    AppealAction,
    AppealStatus,
    EvaluationAction,
    EvaluationStatus,
    PlanAction,
    PlanStatus,
)
from .errors import RuleViolation
from .periods import format_date

PLAN_TRANSITIONS: dict[tuple[PlanStatus, PlanAction], PlanStatus] = {
    (PlanStatus.DRAFT, PlanAction.SUBMIT): PlanStatus.SUBMITTED,
    (PlanStatus.SUBMITTED, PlanAction.APPROVE): PlanStatus.APPROVED,
    (PlanStatus.SUBMITTED, PlanAction.RETURN): PlanStatus.RETURNED,
    (PlanStatus.RETURNED, PlanAction.REVISE): PlanStatus.DRAFT,
    # Mutasi closes the plan; a draft that will never be submitted can be closed too.
    (PlanStatus.APPROVED, PlanAction.CLOSE): PlanStatus.CLOSED,
    (PlanStatus.DRAFT, PlanAction.CLOSE): PlanStatus.CLOSED,
}

EVALUATION_TRANSITIONS: dict[tuple[EvaluationStatus, EvaluationAction], EvaluationStatus] = {
    (EvaluationStatus.DRAFT, EvaluationAction.FINALIZE): EvaluationStatus.FINAL,
}

APPEAL_TRANSITIONS: dict[tuple[AppealStatus, AppealAction], AppealStatus] = {
    (AppealStatus.FILED, AppealAction.DECIDE): AppealStatus.DECIDED,
}

EDITABLE_PLAN_STATUSES: frozenset[PlanStatus] = frozenset({PlanStatus.DRAFT, PlanStatus.RETURNED})

DEFAULT_APPEAL_DAYS = 14

# (Indonesian, English) wording for messages; keyed by value, shared across the workflows.
STATUS_LABEL: dict[str, tuple[str, str]] = {
    "DRAFT": ("Draf", "Draft"),
    "SUBMITTED": ("Diajukan", "Submitted"),
    "APPROVED": ("Disetujui", "Approved"),
    "RETURNED": ("Dikembalikan", "Returned"),
    "CLOSED": ("Ditutup", "Closed"),
    "FINAL": ("Final", "Final"),
    "FILED": ("Diajukan", "Filed"),
    "DECIDED": ("Diputus", "Decided"),
}
ACTION_LABEL: dict[str, tuple[str, str]] = {
    "SUBMIT": ("mengajukan", "submit"),
    "APPROVE": ("menyetujui", "approve"),
    "RETURN": ("mengembalikan", "return"),
    "REVISE": ("memperbaiki", "revise"),
    "CLOSE": ("menutup", "close"),
    "FINALIZE": ("memfinalkan", "finalise"),
    "DECIDE": ("memutuskan", "decide"),
}

S = TypeVar("S", bound=StrEnum)
A = TypeVar("A", bound=StrEnum)


def transition(status: PlanStatus | str, action: PlanAction | str) -> PlanStatus:
    """The SKP status after ``action``; refused with ``plan.transition`` if not allowed."""
    return _apply(
        PLAN_TRANSITIONS, PlanStatus(status), _action(PlanAction, action), code="plan.transition"
    )


def allowed_actions(status: PlanStatus) -> list[PlanAction]:
    """What can be done to an SKP in ``status``, for buttons the client shows."""
    return [action for (source, action) in PLAN_TRANSITIONS if source == status]


def is_editable(status: PlanStatus) -> bool:
    """Only a plan not yet under review (DRAFT) or sent back (RETURNED) may change."""
    return status in EDITABLE_PLAN_STATUSES


def status_after_edit(status: PlanStatus) -> PlanStatus:
    """Editing a RETURNED plan moves it back to DRAFT; a plan under review or later is refused."""
    if not is_editable(status):
        raise RuleViolation(code="plan.not_editable", field="status", params=_status_params(status))
    return PlanStatus.DRAFT


def transition_evaluation(
    status: EvaluationStatus | str, action: EvaluationAction | str
) -> EvaluationStatus:
    """The evaluation status after ``action``; a FINAL evaluation never changes again."""
    return _apply(
        EVALUATION_TRANSITIONS,
        EvaluationStatus(status),
        _action(EvaluationAction, action),
        code="evaluation.transition",
    )


def transition_appeal(status: AppealStatus | str, action: AppealAction | str) -> AppealStatus:
    """The appeal status after ``action``; the decision is final, so DECIDED is terminal."""
    return _apply(
        APPEAL_TRANSITIONS,
        AppealStatus(status),
        _action(AppealAction, action),
        code="appeal.transition",
    )


def appeal_deadline(finalized_at: datetime, days: int = DEFAULT_APPEAL_DAYS) -> datetime:
    """The last moment an appeal is accepted: the end of the ``days``-th day after finalising.

    Counted in calendar days, so finalising at 16:00 still leaves the whole 14th day, as people
    count deadlines. The day ends in ``finalized_at``'s timezone: pass local time (WIB) or an
    aware datetime in Asia/Pontianak, not UTC, or the day boundary moves by seven hours.
    """
    last_day = finalized_at.date() + timedelta(days=days)
    return datetime.combine(last_day, time.max, tzinfo=finalized_at.tzinfo)


def check_appeal_window(
    finalized_at: datetime, now: datetime, days: int = DEFAULT_APPEAL_DAYS
) -> None:
    """Refuse an appeal filed after ``appeal_deadline`` with ``appeal.too_late``."""
    deadline = appeal_deadline(finalized_at, days)
    if now > deadline:
        raise RuleViolation(
            code="appeal.too_late",
            field="evaluationId",
            params={
                "days": days,
                "deadline": deadline.date().isoformat(),
                "deadline_id": format_date(deadline.date(), "id"),
                "deadline_en": format_date(deadline.date(), "en"),
            },
        )


def _action(action_type: type[A], action: A | str) -> A:
    try:
        return action_type(str(action).upper())
    except ValueError:
        raise RuleViolation(
            code="workflow.action_unknown", field="action", params={"action": str(action)}
        ) from None


def _apply(table: Mapping[tuple[S, A], S], status: S, action: A, *, code: str) -> S:
    target = table.get((status, action))
    if target is None:
        params = {**_status_params(status), "action": str(action)}
        params["action_id"], params["action_en"] = ACTION_LABEL[action]
        raise RuleViolation(code=code, field="status", params=params)
    return target


def _status_params(status: StrEnum) -> dict[str, Any]:
    status_id, status_en = STATUS_LABEL[status]
    return {
        "from": str(status),
        "status": str(status),
        "status_id": status_id,
        "status_en": status_en,
    }
