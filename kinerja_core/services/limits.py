"""Where rows are written, the domain's bounds on a list hold (:mod:`kinerja_core.domain.limits`).

A write that would make a list longer than its bound is refused with a ``ValidationError``
naming the input field and the limit, inside the write's transaction, so nothing is written.
The same constants are the largest ``first`` of the GraphQL lists that show the rows, so a
list can always be read in full.
"""

from __future__ import annotations

from typing import Any

from tortoise.models import Model
from tortoise.queryset import QuerySet

from kinerja_core.errors import ValidationFailed
from kinerja_core.i18n import register_messages
from kinerja_core.services.common import lock_row


async def require_room(
    rows: QuerySet, limit: int, code: str, field: str, *, owner: tuple[type[Model], Any]
) -> None:
    """Refuse (``code`` on ``field``, with ``max``) when ``rows`` already holds ``limit`` rows.

    ``owner`` (model, id) is the row the list hangs off: it is locked first, so two writers
    adding to the same list at once cannot both see room for one more (PostgreSQL).
    """
    await lock_row(*owner)
    if await rows.count() >= limit:
        raise ValidationFailed(code, field=field, max=limit)


register_messages(
    {
        "limit.work_results": (
            "Satu SKP memuat paling banyak {max} RHK; hapus atau gabungkan RHK lain dulu.",
            "An SKP holds at most {max} work results (RHK); remove or merge one first.",
        ),
        "limit.indicators": (
            "Satu RHK memuat paling banyak {max} IKI; hapus atau gabungkan IKI lain dulu.",
            "A work result (RHK) holds at most {max} indicators (IKI); remove or merge one first.",
        ),
        "limit.action_plans": (
            "Satu RHK memuat paling banyak {max} rencana aksi.",
            "A work result (RHK) holds at most {max} action plans (rencana aksi).",
        ),
        "limit.action_plans_period": (
            "Satu RHK memuat paling banyak {max} rencana aksi dalam satu periode.",
            "A work result (RHK) holds at most {max} action plans (rencana aksi) in one period.",
        ),
        "limit.feedback": (
            "Satu realisasi memuat paling banyak {max} umpan balik.",
            "A realisation holds at most {max} pieces of feedback.",
        ),
        "limit.evidence_links": (
            "Satu realisasi memuat paling banyak {max} tautan bukti dukung.",
            "A realisation holds at most {max} evidence links.",
        ),
    }
)
