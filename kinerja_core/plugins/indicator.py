"""The indicator-type contract: what a plugin declares and what its computation returns.

An :class:`IndicatorType` describes one agency indicator the way a good definition does (code,
name, definition, numerator and denominator labels, multiplier, unit, direction, periodicity,
cumulative or not, the parameters it takes) and computes its value for a :class:`Scope` and a
period from the plugin's own data, as an :class:`IndicatorValue` with its provenance.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kinerja_core.domain.periods import PeriodSpec


class Direction(enum.StrEnum):
    """Whether a higher value is an improvement (coverage) or a lower one is (drop-out)."""

    HIGHER_IS_BETTER = "HIGHER_IS_BETTER"
    LOWER_IS_BETTER = "LOWER_IS_BETTER"


class Periodicity(enum.StrEnum):
    """How often the data behind an indicator arrive."""

    MONTHLY = "MONTHLY"
    QUARTERLY = "QUARTERLY"
    SEMESTER = "SEMESTER"
    YEARLY = "YEARLY"


class ParameterKind(enum.StrEnum):
    """The type of a parameter's value as it is stored on the IKI (JSON)."""

    STRING = "STRING"
    INTEGER = "INTEGER"
    CHOICE = "CHOICE"


@dataclass(frozen=True)
class Choice:
    """One allowed value of a CHOICE parameter, e.g. a kelurahan or a puskesmas."""

    value: str
    label: str


ChoicesFn = Callable[[int], Awaitable[Sequence[Choice]] | Sequence[Choice]]


@dataclass(frozen=True)
class ParameterSpec:
    """A parameter an IKI sets when it names the indicator type (which kelurahan, which school).

    ``choices(agency_id)`` (sync or async) lists the allowed values for a CHOICE parameter;
    the value stored is ``Choice.value`` (a string).
    """

    name: str
    label: str
    kind: ParameterKind = ParameterKind.STRING
    description: str = ""
    required: bool = True
    choices: ChoicesFn | None = None


@dataclass(frozen=True)
class Scope:
    """What to compute for: the IKI's agency and parameters (and, when known, the IKI)."""

    agency_id: int
    parameters: dict[str, Any] = field(default_factory=dict)
    indicator_id: int | None = None
    employee_id: int | None = None


@dataclass(frozen=True)
class RecordRef:
    """A row the value was computed from: ``entity`` is the plugin's table (model) name."""

    entity: str
    id: str
    label: str = ""


@dataclass(frozen=True)
class IndicatorValue:
    """A computed value with its provenance; ``value`` is None when nothing can be said yet."""

    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    records: tuple[RecordRef, ...] = ()
    computed_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    note: str = ""

    def provenance(self) -> dict[str, Any]:
        """JSON-safe provenance, stored on the realisasi."""
        return {
            "numerator": _text(self.numerator),
            "denominator": _text(self.denominator),
            "records": [{"entity": r.entity, "id": r.id, "label": r.label} for r in self.records],
            "computedAt": self.computed_at.isoformat(),
            "note": self.note,
        }


Compute = Callable[[Scope, PeriodSpec], Awaitable[IndicatorValue]]


@dataclass(frozen=True)
class IndicatorType:
    """One indicator a plugin computes. ``compute(scope, period)`` is async.

    ``cumulative`` types compute the value from 1 January to the end of ``period`` and are
    compared with the year-to-date target (annual x month / 12); others use the period alone.
    """

    code: str
    name: str
    definition: str
    compute: Compute
    numerator_label: str = ""
    denominator_label: str = ""
    multiplier: Decimal = Decimal(100)
    unit: str = "%"
    direction: Direction = Direction.HIGHER_IS_BETTER
    periodicity: Periodicity = Periodicity.MONTHLY
    cumulative: bool = False
    parameters: tuple[ParameterSpec, ...] = ()
    data_source: str = ""
    plugin: str = ""  # filled in by the core when the type is registered

    @property
    def higher_is_better(self) -> bool:
        return self.direction == Direction.HIGHER_IS_BETTER


def ratio(
    numerator: Decimal | int | None,
    denominator: Decimal | int | None,
    multiplier: Decimal | int = 100,
    *,
    records: Sequence[RecordRef] = (),
    note: str = "",
) -> IndicatorValue:
    """numerator / denominator x multiplier (4 decimals); no value while the denominator is 0."""
    num = None if numerator is None else Decimal(numerator)
    den = None if denominator is None else Decimal(denominator)
    value = None
    if num is not None and den:
        value = (num / den * Decimal(multiplier)).quantize(Decimal("0.0001"))
    return IndicatorValue(value, num, den, tuple(records), note=note)


def _text(number: Decimal | None) -> str | None:
    return None if number is None else str(number)
