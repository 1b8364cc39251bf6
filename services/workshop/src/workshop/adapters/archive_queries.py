"""Read queries of the repair archive (维修档案): the customer's name, a vehicle's closed visits."""

from __future__ import annotations

from sqlalchemy import select

from aftersales_common.auth import Principal
from aftersales_common.db import Session
from aftersales_common.errors import NotFound
from workshop.adapters import tables as t
from workshop.adapters.repository import load_orders
from workshop.domain.repair_order import RepairOrder
from workshop.domain.statuses import OrderStatus


async def customer_name(session: Session, customer_id: str) -> str | None:
    """The customer's name as booking registered it (None when workshop never heard of them)."""
    row = await session.get(t.KnownCustomer, customer_id)
    return row.name if row is not None and row.name else None


async def delivered_orders(session: Session, vehicle_id: str,
                           principal: Principal) -> list[RepairOrder]:
    """A vehicle's delivered visits, newest first, within the caller's scope (404 otherwise)."""
    query = select(t.RepairOrder).where(t.RepairOrder.vehicle_id == vehicle_id)
    if principal.is_customer:
        query = query.where(t.RepairOrder.customer_id == principal.customer_id)
    else:
        query = query.where(t.RepairOrder.dealer_id.in_(principal.listable_dealers()))
    visible = (await session.execute(query.order_by(t.RepairOrder.created_at.desc()))).scalars()
    rows = list(visible)
    if not rows:
        vehicle = await session.get(t.KnownVehicle, vehicle_id)
        if vehicle is None:
            raise NotFound("vehicle not found / 未找到车辆")
        principal.check_record(vehicle.dealer_id, vehicle.customer_id)
    delivered = [r for r in rows if r.status == OrderStatus.DELIVERED.value]
    return await load_orders(session, delivered, full=True)
