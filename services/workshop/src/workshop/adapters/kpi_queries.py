"""Reads for the manager's view and the hours reports: the orders of a period, in full."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select

from aftersales_common.db import Session
from workshop.adapters import tables as t
from workshop.adapters.repository import load_orders
from workshop.domain.repair_order import RepairOrder
from workshop.domain.statuses import OrderStatus


async def orders_between(session: Session, dealer_id: str, start: datetime,
                         end: datetime) -> list[RepairOrder]:
    """Orders of a dealer that were in the workshop at some time in [start, end), in full."""
    rows = list((await session.execute(select(t.RepairOrder).where(
        t.RepairOrder.dealer_id == dealer_id,
        t.RepairOrder.created_at < end,
        or_(t.RepairOrder.delivered_at.is_(None), t.RepairOrder.delivered_at >= start),  # type: ignore[union-attr]
        or_(t.RepairOrder.status != OrderStatus.CANCELLED.value, t.RepairOrder.created_at >= start),
    ).order_by(t.RepairOrder.created_at).limit(5000))).scalars())
    return await load_orders(session, rows, full=True)
