"""What parts tells the other services about a part's price and stock level."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from aftersales_common.domain import Aggregate
from parts.domain.events import StockLevelChanged


@dataclass(eq=False)
class StockLevelNotice(Aggregate):
    """One part's level, announced once per transaction after every movement is applied."""

    dealer_id: str
    part_no: str

    def announce(self, *, available: Decimal, on_order: Decimal,
                 expected_date: date | None) -> None:
        """`available` now; `on_order` what open shortages await, the earliest promised date."""
        self.record(StockLevelChanged(dealer_id=self.dealer_id, part_no=self.part_no,
                                      available=available, on_order=on_order,
                                      expected_date=expected_date))
