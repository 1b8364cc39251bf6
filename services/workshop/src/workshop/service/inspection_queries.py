"""Reads of the health check: checklists, an order's inspection with its jobs, photo bytes."""

from __future__ import annotations

from aftersales_common.auth import Principal
from aftersales_common.db import Session
from aftersales_common.errors import NotFound
from aftersales_common.storage import ObjectNotFound, ObjectStore
from workshop.adapters import inspection_repo as q
from workshop.adapters import queries as orders
from workshop.domain.inspection import Checklist, Inspection
from workshop.domain.repair_order import RepairOrder


async def checklists(session: Session, *, principal: Principal,
                     dealer_id: str) -> list[Checklist]:
    """The dealer's checklists (staff of that dealer)."""
    principal.require_staff_of(dealer_id)
    return await q.checklists(session, dealer_id)


async def of_order(session: Session, *, principal: Principal,
                   order_id: str) -> tuple[Inspection, RepairOrder]:
    """An order's health check with the order (its jobs say what became of each finding)."""
    inspection = await q.inspection_of_order(session, order_id, principal)
    return inspection, await orders.order(session, inspection.order_id, principal)


async def inspection(session: Session, *, principal: Principal,
                     inspection_id: str) -> Inspection:
    """One health check the caller may see."""
    return await q.inspection(session, inspection_id, principal)


async def photo(session: Session, store: ObjectStore, *, principal: Principal,
                photo_id: str) -> tuple[bytes, str]:
    """A photo's bytes and type: staff of its dealer, or the customer whose order it is."""
    ref = await q.photo(session, photo_id, principal)
    try:
        return await store.get(ref.key)
    except ObjectNotFound:
        raise NotFound("photo not found / 未找到照片") from None
