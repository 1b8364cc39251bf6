"""Column types of the parts database."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger
from sqlalchemy.types import TypeDecorator

SCALE = 1000  # thousandths: three decimal places, as domain.quantity allows


class QuantityType(TypeDecorator[Decimal]):
    """An exact Decimal quantity stored as an integer count of thousandths.

    Integers keep SQL arithmetic exact on every dialect, so guarded UPDATEs such as
    `on_hand - reserved >= :q` compare exact values (SQLite has no exact NUMERIC).
    """

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | int | None, dialect: Any) -> int | None:
        if value is None:
            return None
        scaled = Decimal(value) * SCALE
        if scaled != scaled.to_integral_value():
            raise ValueError(f"quantity {value} has more than three decimal places")
        return int(scaled)

    def process_result_value(self, value: int | None, dialect: Any) -> Decimal | None:
        return None if value is None else Decimal(int(value)) / SCALE
