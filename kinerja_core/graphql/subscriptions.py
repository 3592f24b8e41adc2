"""Core subscriptions (WebSocket, graphql-transport-ws at ``/graphql``).

Each yields the core type the queries return, so a client selects the same fields. Who gets
which event is decided in :mod:`kinerja_core.realtime.visibility` (the row-level rules of the
queries); ``planId`` narrows a subscription to one SKP the viewer may read.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Callable
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from kinerja_core.auth import access
from kinerja_core.domain.errors import RuleViolation
from kinerja_core.errors import KinerjaError
from kinerja_core.graphql.errors import graphql_error
from kinerja_core.graphql.types.base import from_model
from kinerja_core.graphql.types.evaluation import Evaluation
from kinerja_core.graphql.types.monitoring import Feedback, Realization
from kinerja_core.graphql.types.plans import PerformancePlan
from kinerja_core.models import PerformancePlan as PlanRow
from kinerja_core.realtime import deliveries
from kinerja_core.realtime.stream import connection_of, session_ended
from kinerja_core.realtime.visibility import (
    EVALUATION,
    FEEDBACK,
    PLAN_STATUS,
    REALIZATION,
    Topic,
    visible_row,
)
from kinerja_core.services.common import get_or_404

PlanIdArg = Annotated[
    strawberry.ID | None,
    strawberry.argument(description="Only this SKP (any SKP the viewer may read)."),
]


async def _narrowed_plan(info: Info, plan_id: strawberry.ID | None) -> int | None:
    """The SKP a subscription is narrowed to, after checking the viewer may read it."""
    if plan_id is None:
        return None
    try:
        viewer = info.context.require_viewer()
        plan = await get_or_404(PlanRow, plan_id, "planId")
        await access.require_read_plan(viewer, plan)
    except (KinerjaError, RuleViolation) as exc:
        raise graphql_error(exc, info.context.lang) from exc
    return plan.id


async def _stream(
    info: Info, topic: Topic, plan_id: strawberry.ID | None, convert: Callable[[Any], Any]
) -> AsyncIterator[Any]:
    connection = connection_of(info)  # over the WebSocket only (a clear error otherwise)
    if await connection.revalidate() is None:  # signed out since connecting
        raise session_ended(connection, info.context.lang)
    narrowed = await _narrowed_plan(info, plan_id)
    source = deliveries(
        info,
        (topic.event,),
        lambda viewer, event: visible_row(topic, viewer, event, narrowed),
        session_checked=True,
    )
    return source.map(lambda delivery: convert(delivery[1]))


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Umpan balik given on the viewer's own SKP, as the rater gives it. With"
        " planId: on that SKP."
    )
    async def feedback_received(
        self, info: Info, plan_id: PlanIdArg = None
    ) -> AsyncGenerator[Feedback, None]:
        return await _stream(info, FEEDBACK, plan_id, lambda row: from_model(Feedback, row))

    @strawberry.subscription(
        description="An SKP the viewer owns or rates changed status (submitted, approved,"
        " returned...). With planId: that SKP."
    )
    async def plan_status_changed(
        self, info: Info, plan_id: PlanIdArg = None
    ) -> AsyncGenerator[PerformancePlan, None]:
        return await _stream(
            info, PLAN_STATUS, plan_id, lambda row: from_model(PerformancePlan, row)
        )

    @strawberry.subscription(
        description="An evaluation was finalised on an SKP the viewer owns, rates or decides"
        " appeals for. With planId: on that SKP."
    )
    async def evaluation_finalized(
        self, info: Info, plan_id: PlanIdArg = None
    ) -> AsyncGenerator[Evaluation, None]:
        return await _stream(info, EVALUATION, plan_id, lambda row: from_model(Evaluation, row))

    @strawberry.subscription(
        description="A realisasi was recorded or corrected on an SKP the viewer may read (own,"
        " rated, below them, their agency as head or admin). With planId: that SKP."
    )
    async def realization_recorded(
        self, info: Info, plan_id: PlanIdArg = None
    ) -> AsyncGenerator[Realization, None]:
        return await _stream(info, REALIZATION, plan_id, lambda row: from_model(Realization, row))
