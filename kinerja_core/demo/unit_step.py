"""Demo: one unit finalised through the kurva unit step, by the real service.

The evaluation builder leaves one unit's evaluations of its latest period in DRAFT
(``EvaluationBuilder.unit_step``); here the head one level up finalises the unit at once
with ``services.unit_evaluations``, as a user would through ``finalizeUnitEvaluations``: the
kurva is checked on the unit's whole distribution, each evaluation is frozen and audited, and
the unit step has its own audit entry (``evaluation.finalize_unit``).
"""

from __future__ import annotations

import datetime as dt

from kinerja_core.demo.cast import Login, _agency_label
from kinerja_core.demo.evaluation import EvaluationBuilder
from kinerja_core.settings import Settings


async def finalize_demo_unit(
    settings: Settings, builder: EvaluationBuilder, today: dt.date, request_id: str
) -> tuple[str, Login | None]:
    """Run the unit step on the unit the builder left in DRAFT: a progress line and a login."""
    from kinerja_core.auth.viewer import load_viewer
    from kinerja_core.models import Account
    from kinerja_core.services.context import ServiceContext
    from kinerja_core.services.unit_evaluations import finalize_unit_evaluations

    if builder.unit_step is None:
        return "no unit with a head above it evaluated in its latest period", None
    unit, period, head, moment = builder.unit_step
    account = await Account.filter(employee_id=head.id).select_related("employee").first()
    assert account is not None, head.nip
    ctx = ServiceContext(
        settings=settings,
        viewer=await load_viewer(account, today),
        request_id=request_id,
        clock=lambda: moment,
    )
    done = await finalize_unit_evaluations(ctx, unit.id, period.start.year, period.id)
    note = (
        f"finalised {unit.name}, {period.label} at once (kurva unit step, "
        f"{len(done.evaluations)} evaluations)"
    )
    line = (
        f"{unit.name}, {period.label}: {len(done.evaluations)} evaluations finalised at once by "
        f"{head.name} ({head.position.name}), {len(done.findings)} kurva finding(s)"
    )
    return line, Login("head above a unit", head.nip, head.name, _agency_label(head), note)
