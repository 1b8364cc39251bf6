"""Values on a repair order: VIN, labour hours, quantities, the order number."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from aftersales_common.errors import InvalidInput

VIN_RE = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")
SERVICE_TYPES = ("maintenance", "repair", "warranty", "campaign", "quick")

MAX_LABOR_HOURS = Decimal(100)
HOURS_PLACES = 2
QTY_PLACES = 3


def normalise_vin(raw: str) -> str:
    """Upper-case VIN of 17 characters without I, O or Q."""
    vin = raw.strip().upper()
    if not VIN_RE.match(vin):
        raise InvalidInput("VIN must be 17 characters (letters except I, O, Q, and digits)")
    return vin


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _decimal(value: Decimal | int | str, field: str) -> Decimal:
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise InvalidInput(f"{field} must be a decimal number") from exc
    if not number.is_finite():
        raise InvalidInput(f"{field} must be a finite number")
    return number


def labor_hours(value: Decimal | int | str) -> Decimal:
    """Labour hours (工时): more than 0, at most 100, at most two decimal places."""
    hours = _decimal(value, "labor_hours")
    if hours <= 0 or hours > MAX_LABOR_HOURS:
        raise InvalidInput(f"labor_hours must be more than 0 and at most {MAX_LABOR_HOURS}")
    if _places(hours) > HOURS_PLACES:
        raise InvalidInput(f"labor_hours has more than {HOURS_PLACES} decimal places")
    return hours


def part_qty(value: Decimal | int | str) -> Decimal:
    """A part quantity: more than 0, at most three decimal places (litres of oil, pieces)."""
    qty = _decimal(value, "qty")
    if qty <= 0:
        raise InvalidInput("qty must be more than 0")
    if _places(qty) > QTY_PLACES:
        raise InvalidInput(f"qty has more than {QTY_PLACES} decimal places")
    return qty


def normalise_part_no(raw: str) -> str:
    """Part numbers are compared upper-case without surrounding blanks."""
    part_no = raw.strip().upper()
    if not part_no:
        raise InvalidInput("part_no must not be blank")
    return part_no


def order_number(prefix: str, day: date, sequence: int) -> str:
    """Human-readable order number per dealer and day, e.g. RO20261122-0001."""
    return f"{prefix}{day:%Y%m%d}-{sequence:04d}"
