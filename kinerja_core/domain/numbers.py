"""Numbers as people read them."""

from __future__ import annotations

from decimal import Decimal


def trim(number: Decimal | None) -> Decimal | None:
    """100.0000 -> 100, 12.5000 -> 12.5: numbers read as people typed them."""
    if number is None:
        return None
    number = Decimal(number)
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()
