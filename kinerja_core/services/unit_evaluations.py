"""Finalising a unit's evaluations for a period (or the year) at once: the kurva step.

The kurva bounds the unit's whole distribution (docs/kurva.md), so the head reviews the
unit's draft distribution (``services.kurva``) and finalises every open evaluation of the
unit together, in one transaction: in BLOCK mode refused with the findings when the final
distribution breaks the kurva or someone with an approved SKP is not rated yet; in WARN mode
the findings stored on each evaluation describe that final distribution.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kinerja_core.domain.kurva import KurvaFinding
from kinerja_core.errors import NotAllowed
from kinerja_core.i18n import register_messages
from kinerja_core.models import Evaluation, Unit
from kinerja_core.services import audit, kurva
from kinerja_core.services.common import lock_row
from kinerja_core.services.context import ServiceContext
from kinerja_core.services.evaluation import freeze_evaluation


@dataclass
class UnitFinalized:
    """The evaluations a unit step finalised, and the distribution it was judged on."""

    data: kurva.UnitDistributionData  # the unit after the step
    evaluations: list[Evaluation]
    findings: list[KurvaFinding]


async def finalize_unit_evaluations(
    ctx: ServiceContext, unit_id: Any, year: int, period_id: Any = None
) -> UnitFinalized:
    """Finalise every DRAFT evaluation of the unit for the period (or year) together.

    Who may: whoever may read the unit's distribution (its head and the heads above it, the
    agency head or admin, BKPSDM), except someone whose own evaluation is among the drafts:
    the unit head's own evaluation is finalised by the leader one level up, who also set the
    unit's organisation predikat.
    """
    viewer = ctx.require_viewer()
    unit, period = await kurva.unit_and_period(ctx, unit_id, year, period_id)
    async with ctx.transaction():
        await lock_row(Unit, unit.id)  # one kurva decision per unit at a time
        data = await kurva.gather(ctx, unit, year, period, lock=True)
        drafts = data.drafts
        if drafts and any(e.plan.employee_id == viewer.employee_id for e in drafts):
            raise NotAllowed("access.unit_own_evaluation")
        refused = await kurva.refusal(data)  # nothing open, a breach, someone unrated
        if refused is not None:
            raise refused
        finalising = sorted(data.distribution.open)
        stored = kurva.stored_findings(data, finalising)
        for row in drafts:
            await freeze_evaluation(ctx, row, row.plan, stored)
        await audit.record(
            ctx,
            "evaluation.finalize_unit",
            "Unit",
            unit.id,
            after={
                "year": year,
                "period_id": period.id if period else None,
                "kind": str(data.kind),
                "kurva_mode": str(data.mode),
                "organization_rating": data.organization_rating.rating
                if data.organization_rating
                else None,
                "evaluation_ids": [row.id for row in drafts],
                "total": data.distribution.total,
                "missing": data.distribution.missing,
                "counts": {str(p): n for p, n in data.distribution.counts.items()},
                "kurva_findings": stored,
            },
        )
    after = await kurva.gather(ctx, unit, year, period)  # what the unit looks like now
    return UnitFinalized(after, drafts, list(data.distribution.findings))


MESSAGES = {
    "access.unit_own_evaluation": (
        "Penilaian Anda sendiri termasuk dalam draf unit ini; finalisasi unit dilakukan oleh "
        "pimpinan satu tingkat di atasnya, admin OPD, atau admin pusat.",
        "Your own evaluation is among this unit's drafts; the unit is finalised by the head "
        "one level up, the agency admin or a central admin.",
    ),
}
register_messages(MESSAGES)
