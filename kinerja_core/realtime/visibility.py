"""Who receives which core event: the row-level rules of queries, applied to each event.

Every core event concerns one SKP (``plan_id`` in its payload). A viewer receives it only if
:func:`kinerja_core.auth.access.can_read_plan` lets them read that SKP, which is exactly what
the queries that show the same rows require. On top of that, each subscription has a default
audience when no ``planId`` narrows it:

=======================  ===================================  ==================================
subscription             event                                default audience (may read + ...)
=======================  ===================================  ==================================
feedbackReceived         ``feedback_given``                   the SKP's owner (the employee)
planStatusChanged        ``plan_status_changed``              the owner and the pejabat penilai
evaluationFinalized      ``evaluation_finalized``             the owner, the pejabat penilai and
                                                              the atasan pejabat penilai
realizationRecorded      ``realization_recorded``             everyone who may read the SKP: the
                                                              owner, the rater and every superior,
                                                              the agency head and admin, BKPSDM
=======================  ===================================  ==================================

With ``planId`` the audience is anyone who may read that SKP (checked when subscribing and
again for every event). Rows are read when the event is delivered, after the write committed;
a row deleted meanwhile is not delivered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kinerja_core.auth import access
from kinerja_core.auth.viewer import Viewer
from kinerja_core.models import Evaluation, Feedback, PerformancePlan, Realization
from kinerja_core.realtime.hub import RealtimeEvent

OWNER, RATER, RATER_SUPERIOR = "employee_id", "rater_id", "rater_superior_id"


@dataclass(frozen=True)
class Topic:
    """A core event as a subscription delivers it."""

    event: str  # the domain event's name
    model: Any  # the row delivered (PerformancePlan for status changes)
    key: str  # the payload key holding that row's id
    audience: tuple[str, ...] | None  # plan fields naming the default audience; None: readers


FEEDBACK = Topic("feedback_given", Feedback, "feedback_id", (OWNER,))
PLAN_STATUS = Topic("plan_status_changed", PerformancePlan, "plan_id", (OWNER, RATER))
EVALUATION = Topic(
    "evaluation_finalized", Evaluation, "evaluation_id", (OWNER, RATER, RATER_SUPERIOR)
)
REALIZATION = Topic("realization_recorded", Realization, "realization_id", None)
TOPICS = (FEEDBACK, PLAN_STATUS, EVALUATION, REALIZATION)


async def plan_of(event: RealtimeEvent) -> PerformancePlan | None:
    return await event.load(PerformancePlan, event.id_of("plan_id"))


async def _row(topic: Topic, event: RealtimeEvent, plan: PerformancePlan) -> Any | None:
    """The topic's row of ``event``, provided it belongs to ``plan`` (the SKP access was
    checked on); None when it is gone or belongs elsewhere."""
    if topic.model is PerformancePlan:
        return plan
    pk = event.id_of(topic.key)
    if pk is None:
        return None
    if topic.model is Realization:  # realisasi -> IKI -> RHK -> SKP, in one statement
        return await event.memo(
            ("row-of-plan", Realization, pk, plan.id),
            lambda: Realization.filter(id=pk, indicator__work_result__plan_id=plan.id).first(),
        )
    row = await event.load(topic.model, pk)
    return row if row is not None and row.plan_id == plan.id else None


async def visible_row(
    topic: Topic, viewer: Viewer, event: RealtimeEvent, plan_id: int | None = None
) -> Any | None:
    """The row ``event`` delivers to ``viewer`` (narrowed to ``plan_id``), or None."""
    if event.name != topic.event:
        return None
    event_plan = event.id_of("plan_id")
    if plan_id is not None and event_plan != plan_id:
        return None  # narrowed to another SKP: no statement at all
    plan = await plan_of(event)
    if plan is None:
        return None
    if plan_id is None and topic.audience is not None:
        if viewer.employee_id not in {getattr(plan, f) for f in topic.audience}:
            return None
    if not await access.can_read_plan(viewer, plan):
        return None
    return await _row(topic, event, plan)
