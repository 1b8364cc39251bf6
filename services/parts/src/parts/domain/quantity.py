"""Quantities: exact Decimals with at most three places (litres of oil, metres of hose, pieces)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from aftersales_common.errors import InvalidInput

QTY_PLACES = 3
ZERO = Decimal(0)


def to_qty(value: Decimal | int | str, *, field: str = "qty") -> Decimal:
    """An exact quantity; InvalidInput when it is not a number or has more than three places."""
    try:
        qty = Decimal(value)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise InvalidInput(f"{field} must be a decimal number") from exc
    if not qty.is_finite():
        raise InvalidInput(f"{field} must be a finite number")
    exponent = qty.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -QTY_PLACES:
        raise InvalidInput(f"{field} has more than {QTY_PLACES} decimal places")
    return qty
