"""Money as Decimal, exact to the fen (two places), half-up rounding as on a Chinese fapiao."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def to_money(value: Decimal | int | str) -> Decimal:
    """Round a value to two decimal places, half up."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def money_str(value: Decimal) -> str:
    """The contract's wire form: a decimal string with two places."""
    return f"{to_money(value):.2f}"


def decimal_str(value: Decimal | int | str) -> str:
    """Wire form of quantities and hours: a plain normalised decimal string ("2", "1.5")."""
    text = format(Decimal(value).normalize(), "f")
    return "0" if text in ("-0", "0") else text
