"""Reads for the routes: one read-only session each, no writes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from aftersales_common.auth import Principal
from aftersales_common.clock import display_zone, utcnow
from aftersales_common.db import Session
from workshop.adapters import queries as q
from workshop.domain.board import board_dealers
from workshop.domain.repair_order import RepairOrder


async def order(session: Session, *, principal: Principal, order_id: str) -> RepairOrder:
    """The full order (jobs, walk-around, checks, parts status) if the caller may see it."""
    return await q.order(session, order_id, principal)


async def orders(session: Session, *, principal: Principal, dealer_id: str | None,
                 filters: dict[str, Any], limit: int,
                 cursor: str | None) -> tuple[list[RepairOrder], str | None]:
    """A page of orders the caller may see."""
    return await q.orders(session, principal, dealer_id=dealer_id, filters=filters, limit=limit,
                          cursor=cursor)


async def board(session: Session, *, principal: Principal, dealer_id: str,
                day: date | None) -> list[RepairOrder]:
    """The board of a dealer's day (in the dealer's zone); empty for a dealer not the caller's."""
    dealers = board_dealers(dealer_id, staff=principal.is_staff, dealer_ids=principal.dealer_ids)
    zone = display_zone()
    day = day or utcnow().astimezone(zone).date()
    start = datetime.combine(day, time(0), zone).astimezone(UTC)
    return await q.board(session, dealers, start, start + timedelta(days=1))
