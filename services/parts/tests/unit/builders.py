"""Builders for pure domain tests: catalogue parts and stock items, no database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from parts.domain.stock import Part, StockItem

DEALER = "D1"
T0 = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


def at(minutes: int = 0) -> datetime:
    return T0 + timedelta(minutes=minutes)


def stock(part_no: str = "BRK", on_hand: str = "10", reserved: str = "0", *,
          reorder_point: str = "2", price: str = "520.00", name: str = "brake pads") -> StockItem:
    part = Part.register(dealer_id=DEALER, part_no=part_no, name=name, unit="pcs",
                         unit_price=Decimal(price), unit_cost=Decimal("300.00"),
                         reorder_point=Decimal(reorder_point), at=T0)
    return StockItem(part=part, on_hand=Decimal(on_hand), reserved=Decimal(reserved))
