"""IKI targets: what a valid target is, how achievement is computed, year-to-date targets.

Decimal throughout, so a target of 0.1 stays 0.1 and percentages do not drift.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .enums import PlanApproach
from .errors import RuleViolation

NumberLike = Decimal | int | float | str

_HUNDRED = Decimal(100)
_PERCENT_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Target:
    """A validated target: a single ``value``, a ``minimum``..``maximum`` range, or narrative."""

    approach: PlanApproach
    value: Decimal | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    narrative: str | None = None

    @property
    def is_range(self) -> bool:
        """Whether the target is a min..max range rather than one value."""
        return self.minimum is not None


def validate_target(
    approach: PlanApproach,
    value: NumberLike | None = None,
    minimum: NumberLike | None = None,
    maximum: NumberLike | None = None,
    narrative: str | None = None,
) -> Target:
    """Check a target as entered and return it normalised.

    KUANTITATIF: one non-negative ``value``, or a non-negative ``minimum`` <= ``maximum``,
    never both forms. KUALITATIF: a non-blank ``narrative``; any numbers sent along are
    dropped (a form switched from quantitative keeps its old numbers, they mean nothing now).
    Errors name the API field: ``target``, ``targetMin``, ``targetMax``, ``targetNarrative``.
    """
    text = (narrative or "").strip() or None
    if PlanApproach(approach) == PlanApproach.KUALITATIF:
        if text is None:
            raise RuleViolation(code="target.narrative_required", field="targetNarrative")
        return Target(approach=PlanApproach.KUALITATIF, narrative=text)

    single = _decimal(value, "target")
    low = _decimal(minimum, "targetMin")
    high = _decimal(maximum, "targetMax")
    has_range = low is not None or high is not None
    if single is not None and has_range:
        raise RuleViolation(code="target.value_and_range", field="target")
    if single is None and not has_range:
        raise RuleViolation(code="target.required", field="target")
    if has_range and (low is None or high is None):
        if low is None:
            field, missing_id, missing_en = "targetMin", "target minimum", "minimum"
        else:
            field, missing_id, missing_en = "targetMax", "target maksimum", "maximum"
        raise RuleViolation(
            code="target.range_incomplete",
            field=field,
            params={"missing_id": missing_id, "missing_en": missing_en},
        )
    for field, number in (("target", single), ("targetMin", low), ("targetMax", high)):
        if number is not None and number < 0:
            raise RuleViolation(code="target.negative", field=field, params={"value": str(number)})
    if low is not None and high is not None and low > high:
        raise RuleViolation(
            code="target.min_above_max",
            field="targetMax",
            params={"min": str(low), "max": str(high)},
        )
    return Target(
        approach=PlanApproach.KUANTITATIF,
        value=single,
        minimum=low,
        maximum=high,
        narrative=text,
    )


def achievement(
    target: NumberLike | None,
    realized: NumberLike | None,
    higher_is_better: bool = True,
    *,
    minimum: NumberLike | None = None,
    maximum: NumberLike | None = None,
) -> Decimal | None:
    """Achievement in percent (2 decimals), or None when nothing can be said yet.

    Single target, higher is better: realized / target x 100 (may exceed 100).
    Lower is better (e.g. a drop-out rate): (2 x target - realized) / target x 100, not below
    0 (the usual SAKIP formula for negative-polarity indicators; unverified for SKP).
    A target of 0: 100 if met, else 0. A range counts 100 anywhere inside it; outside, the
    nearest bound acts as the single target.
    """
    actual = _decimal(realized, "realized")
    if actual is None:
        return None
    low = _decimal(minimum, "targetMin")
    high = _decimal(maximum, "targetMax")
    if low is not None and high is not None:
        if low <= actual <= high:
            return _HUNDRED.quantize(_PERCENT_PLACES)
        reference = low if actual < low else high
    else:
        single = _decimal(target, "target")
        if single is None:
            return None
        reference = single
    if reference == 0:
        met = actual >= 0 if higher_is_better else actual <= 0
        percent = _HUNDRED if met else Decimal(0)
    elif higher_is_better:
        percent = actual / reference * _HUNDRED
    else:
        percent = max((2 * reference - actual) / reference * _HUNDRED, Decimal(0))
    return percent.quantize(_PERCENT_PLACES, rounding=ROUND_HALF_UP)


def cumulative_target(annual: NumberLike, month: int, months_in_year: int = 12) -> Decimal:
    """Year-to-date target after ``month``: annual x month / months_in_year (not rounded)."""
    if not 1 <= month <= months_in_year:
        raise RuleViolation(
            code="target.month_out_of_range",
            field="month",
            params={"month": month, "months_in_year": months_in_year},
        )
    amount = _decimal(annual, "target")
    if amount is None:
        raise RuleViolation(code="target.required", field="target")
    return amount * month / months_in_year


def _decimal(value: NumberLike | None, field: str) -> Decimal | None:
    """Decimal from API input; floats go through str so 0.1 stays 0.1."""
    if value is None:
        return None
    try:
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, ValueError, TypeError):
        number = Decimal("NaN")
    if not number.is_finite():
        raise RuleViolation(code="target.not_finite", field=field, params={"value": str(value)})
    return number
