"""Demo catalogue and opening stock for the embedded mode (idempotent: existing parts are kept).

Demo dealer (`DEMO_DEALER_ID`):

| part_no | name | unit_price | unit_cost | on_hand | reorder_point |
|---|---|---|---|---|---|
| OIL-5W30-4L | 机油 5W-30 4L engine oil | 298.00 | 180.00 | 40 | 10 |
| FLT-OIL-001 | 机油滤清器 oil filter | 45.00 | 20.00 | 60 | 10 |
| FLT-AIR-001 | 空气滤清器 air filter | 88.00 | 40.00 | 30 | 5 |
| BRK-PAD-F01 | 前刹车片 front brake pads | 520.00 | 300.00 | 10 | 2 |
| WIPER-650 | 雨刮片 wiper blade 650 mm | 120.00 | 50.00 | 2 | 5 (already low) |

Other dealer (`OTHER_DEALER_ID`), the same part numbers at its own prices and stock:

| part_no | name | unit_price | unit_cost | on_hand | reorder_point |
|---|---|---|---|---|---|
| OIL-5W30-4L | 机油 5W-30 4L engine oil | 305.00 | 185.00 | 12 | 4 |
| FLT-OIL-001 | 机油滤清器 oil filter | 48.00 | 21.00 | 15 | 4 |

Opening stock enters as a `receipt` movement referenced `opening stock / 期初库存`, so the
ledger explains it like any other figure.
"""

from __future__ import annotations

from decimal import Decimal

from aftersales_common.auth.demo import DEMO_DEALER_ID, OTHER_DEALER_ID
from aftersales_common.clock import utcnow
from aftersales_common.runtime import ServiceRuntime
from parts.adapters.repository import PartsRepository
from parts.domain.stock import Part, StockItem

D = Decimal
DEMO_CATALOGUE: list[tuple[str, str, str, Decimal, Decimal, Decimal, Decimal]] = [
    (DEMO_DEALER_ID, "OIL-5W30-4L", "机油 5W-30 4L engine oil", D("298.00"), D("180.00"), D(40), D(10)),
    (DEMO_DEALER_ID, "FLT-OIL-001", "机油滤清器 oil filter", D("45.00"), D("20.00"), D(60), D(10)),
    (DEMO_DEALER_ID, "FLT-AIR-001", "空气滤清器 air filter", D("88.00"), D("40.00"), D(30), D(5)),
    (DEMO_DEALER_ID, "BRK-PAD-F01", "前刹车片 front brake pads", D("520.00"), D("300.00"), D(10), D(2)),
    (DEMO_DEALER_ID, "WIPER-650", "雨刮片 wiper blade 650 mm", D("120.00"), D("50.00"), D(2), D(5)),
    (OTHER_DEALER_ID, "OIL-5W30-4L", "机油 5W-30 4L engine oil", D("305.00"), D("185.00"), D(12), D(4)),
    (OTHER_DEALER_ID, "FLT-OIL-001", "机油滤清器 oil filter", D("48.00"), D("21.00"), D(15), D(4)),
]


async def seed_demo(runtime: ServiceRuntime) -> None:
    """Insert the demo parts with their opening stock once (the unit of work commits)."""
    at = utcnow()
    async with runtime.uow() as uow:
        repo = PartsRepository(uow)
        for dealer_id, part_no, name, price, cost, on_hand, reorder in DEMO_CATALOGUE:
            if await repo.stock_item(dealer_id, part_no) is not None:
                continue
            item = StockItem(part=Part.register(
                dealer_id=dealer_id, part_no=part_no, name=name, unit="pcs", unit_price=price,
                unit_cost=cost, reorder_point=reorder, at=at))
            repo.add(item)
            item.receive(on_hand, actor="seed", at=at, reference="opening stock / 期初库存")
