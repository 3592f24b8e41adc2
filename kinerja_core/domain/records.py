"""Derived records, as pure functions: the snapshots frozen on SKP and evaluations, the choice
of the pejabat penilai and the provenance of typed-in realisasi.

The services (``services.plans``, ``services.evaluation``, ``services.monitoring``) and the
demo (``demo.plans``, ``demo.evaluation``, ``demo.monitoring``) both build these values here,
so the demo's bulk writes store exactly what the services would. The arguments are read by
attribute only (``nip``, ``name``, ``golongan`` of a person; ``name``, ``type``, ``level`` of a
position; ``code``, ``name`` of a unit or agency; ``id`` where the record keeps it), so the
ORM rows and the demo's in-memory nodes both fit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Protocol, TypeVar

from kinerja_core.domain.enums import AssignmentKind
from kinerja_core.domain.golongan import pangkat_for

MANUAL_SOURCE = "core.manual"
"""The provenance ``source`` of a realisasi typed in by the employee."""

_HOLDER_ORDER = {AssignmentKind.DEFINITIF: 0, AssignmentKind.PLT: 1, AssignmentKind.PLH: 2}


class Person(Protocol):
    id: Any
    nip: str
    name: str
    golongan: str | None


class Place(Protocol):
    """A position (``name``, ``type``, ``level``), unit or agency (``code``, ``name``)."""

    id: Any
    name: str


class PeriodFacts(Protocol):
    id: Any
    kind: Any
    number: int


H = TypeVar("H")


def pick_holder(
    holdings: Iterable[tuple[H, AssignmentKind | str, dt.date]], exclude: H | None = None
) -> H | None:
    """Who acts in a position from its running holdings ``(holder, kind, start)``: the
    definitive holder first, else a Plt, else a Plh, the latest start first; never ``exclude``
    (the SKP's owner cannot rate themselves)."""
    candidates = [h for h in holdings if h[0] is not None and h[0] != exclude]
    if not candidates:
        return None
    candidates.sort(key=lambda h: (_HOLDER_ORDER[AssignmentKind(h[1])], -h[2].toordinal()))
    return candidates[0][0]


def person_record(employee: Person, held: Place | None) -> dict[str, Any]:
    """A person as the SKP snapshot prints them."""
    return {
        "nip": employee.nip,
        "name": employee.name,
        "golongan": employee.golongan,
        "pangkat": pangkat_for(employee.golongan) if employee.golongan else None,
        "position": held.name if held else None,
    }


def plan_identity(
    *,
    employee: Person,
    position: Any,
    unit: Any,
    agency: Any,
    rater: Person | None,
    rater_position: Place | None,
    rater_superior: Person | None,
    superior_position: Place | None,
    period_start: dt.date,
    period_end: dt.date,
) -> dict[str, Any]:
    """Who, where and when as it stands at approval (``PerformancePlan.snapshot``)."""
    return {
        "employee": person_record(employee, position),
        "position": {"name": position.name, "type": _text(position.type), "level": position.level},
        "unit": {"code": unit.code, "name": unit.name},
        "agency": {"code": agency.code, "name": agency.name},
        "rater": person_record(rater, rater_position) if rater is not None else None,
        "rater_superior": (
            person_record(rater_superior, superior_position) if rater_superior is not None else None
        ),
        "period_start": period_start.isoformat(),
        "period_end": period_end.isoformat(),
    }


def period_record(
    *, id: Any, kind: Any, number: int, start: dt.date, end: dt.date, label: str, label_en: str
) -> dict[str, Any]:
    """A period as the evaluation snapshot keeps it."""
    return {
        "id": id,
        "kind": _text(kind),
        "number": number,
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "label": label,
        "label_en": label_en,
    }


def evaluation_identity(
    *,
    kind: Any,
    year: int,
    employee: Person,
    position: Any,
    unit: Any,
    agency: Any,
    rater: Person,
    rater_position: Place | None,
    period: dict[str, Any] | None,
    result_rating: Any,
    behavior_rating: Any,
    predikat: Any,
) -> dict[str, Any]:
    """Who, where and by whom, frozen when an evaluation is finalised (``Evaluation.snapshot``):
    a later mutasi must not rewrite the document. ``period``: :func:`period_record`."""
    return {
        "kind": _text(kind),
        "year": year,
        "employee": {
            "id": employee.id,
            "nip": employee.nip,
            "name": employee.name,
            "golongan": employee.golongan,
        },
        "position": {
            "id": position.id,
            "name": position.name,
            "type": _text(position.type),
            "level": position.level,
        },
        "unit": {"id": unit.id, "code": unit.code, "name": unit.name},
        "agency": {"id": agency.id, "code": agency.code, "name": agency.name},
        "rater": {
            "id": rater.id,
            "nip": rater.nip,
            "name": rater.name,
            "position": rater_position.name if rater_position else "",
        },
        "period": period,
        "result_rating": _text(result_rating),
        "behavior_rating": _text(behavior_rating),
        "predikat": _text(predikat),
    }


def manual_provenance(entered_by_nip: str) -> dict[str, Any]:
    """The provenance of a realisasi the employee typed in (computed ones:
    ``services.computed.provenance_of``)."""
    return {"source": MANUAL_SOURCE, "enteredBy": entered_by_nip}


def _text(value: Any) -> Any:
    """An enum's value (``str`` of a StrEnum), anything else as it is."""
    return value.value if hasattr(value, "value") else value
