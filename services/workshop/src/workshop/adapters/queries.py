"""Read queries for the desk, the lists and the board (read-only sessions)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_, select

from aftersales_common.auth import Principal
from aftersales_common.db import Session
from aftersales_common.errors import NotFound
from aftersales_common.web.pagination import keyset, page_of
from workshop.adapters import tables as t
from workshop.adapters.repository import load_orders
from workshop.domain.repair_order import RepairOrder
from workshop.domain.statuses import ACTIVE, OrderStatus


async def order(session: Session, order_id: str, principal: Principal) -> RepairOrder:
    """One order with everything the desk shows; 404 when out of the caller's scope."""
    row = await session.get(t.RepairOrder, order_id)
    if row is None:
        raise NotFound("repair order not found / 未找到维修委托书")
    principal.check_record(row.dealer_id, row.customer_id)
    (found,) = await load_orders(session, [row], full=True)
    return found


async def orders(session: Session, principal: Principal, *, dealer_id: str | None,
                 filters: dict[str, Any], limit: int,
                 cursor: str | None) -> tuple[list[RepairOrder], str | None]:
    """A page of orders (with their jobs) of the caller's dealers, or a customer's own."""
    query = select(t.RepairOrder)
    if principal.is_customer:
        query = query.where(t.RepairOrder.customer_id == principal.customer_id)
    else:
        query = query.where(t.RepairOrder.dealer_id.in_(principal.listable_dealers(dealer_id)))
    for name, value in filters.items():
        if value:
            query = query.where(getattr(t.RepairOrder, name) == value)
    rows = (await session.execute(
        keyset(query, t.RepairOrder.created_at, t.RepairOrder.id, limit, cursor))).scalars().all()
    page, nxt = page_of(list(rows), limit)
    return await load_orders(session, page, full=False), nxt


async def board(session: Session, dealer_ids: list[str], start: datetime,
                end: datetime) -> list[RepairOrder]:
    """Cars in the workshop on a day: opened that day, or earlier and not yet gone."""
    if not dealer_ids:
        return []
    query = select(t.RepairOrder).where(
        t.RepairOrder.dealer_id.in_(dealer_ids),
        t.RepairOrder.status != OrderStatus.CANCELLED.value,
        t.RepairOrder.created_at < end,
        or_(t.RepairOrder.created_at >= start, t.RepairOrder.status.in_([s.value for s in ACTIVE])),
    ).order_by(t.RepairOrder.created_at, t.RepairOrder.id).limit(500)
    rows = list((await session.execute(query)).scalars())
    return await load_orders(session, rows, full=False)
