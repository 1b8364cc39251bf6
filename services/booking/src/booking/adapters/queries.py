"""Read queries (all of booking's read SQL): lists, single records, calendars, booked places."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any, TypeVar

from sqlalchemy import select

from aftersales_common.db import Session
from aftersales_common.web.pagination import keyset, page_of
from booking.adapters import tables as rows
from booking.domain.calendar import Calendar

Row = TypeVar("Row", rows.Customer, rows.Vehicle, rows.Appointment)


@dataclass(frozen=True)
class Scope:
    """Which records a list may show: those of `dealer_ids`, or only one customer's own."""

    dealer_ids: list[str]
    owner: str | None = None


async def calendar(session: Session, dealer_id: str, default: Calendar) -> Calendar:
    """The dealer's calendar, or the configured default when it has none of its own."""
    row = await session.get(rows.DealerCalendar, dealer_id)
    if row is None:
        return default
    return Calendar(row.timezone, time.fromisoformat(row.open_time),
                    time.fromisoformat(row.close_time), row.slot_minutes, row.bays,
                    row.quick_bays)


async def booked_places(session: Session, dealer_id: str, lane: str, starts: list[datetime]
                        ) -> dict[datetime, int]:
    """How many places are booked in each of the given slots of a lane."""
    result = await session.execute(
        select(rows.SlotUsage).where(rows.SlotUsage.dealer_id == dealer_id,
                                     rows.SlotUsage.lane == lane,
                                     rows.SlotUsage.start.in_(starts)))
    return {r.start: r.booked for r in result.scalars()}


async def customer(session: Session, customer_id: str) -> rows.Customer | None:
    """One customer file by id."""
    return await session.get(rows.Customer, customer_id)


async def vehicle(session: Session, vehicle_id: str) -> rows.Vehicle | None:
    """One vehicle by id."""
    return await session.get(rows.Vehicle, vehicle_id)


async def appointment(session: Session, appointment_id: str) -> rows.Appointment | None:
    """One appointment by id."""
    return await session.get(rows.Appointment, appointment_id)


async def customers(session: Session, scope: Scope, *, phone: str | None, limit: int,
                    cursor: str | None) -> tuple[list[rows.Customer], str | None]:
    """Customer files in scope, optionally only the one with an (E.164) phone number."""
    if scope.owner:
        query = select(rows.Customer).where(rows.Customer.id == scope.owner)
    else:
        query = select(rows.Customer).where(rows.Customer.dealer_id.in_(scope.dealer_ids))
    if phone:
        query = query.where(rows.Customer.phone == phone)
    return await _page(session, query, rows.Customer, limit, cursor)


async def vehicles(session: Session, scope: Scope, *, customer_id: str | None, limit: int,
                   cursor: str | None) -> tuple[list[rows.Vehicle], str | None]:
    """Vehicles in scope, optionally of one customer."""
    query = _scoped(rows.Vehicle, scope)
    if customer_id:
        query = query.where(rows.Vehicle.customer_id == customer_id)
    return await _page(session, query, rows.Vehicle, limit, cursor)


async def appointments(session: Session, scope: Scope, *, customer_id: str | None,
                       status: str | None, start_from: datetime | None,
                       start_to: datetime | None, limit: int, cursor: str | None
                       ) -> tuple[list[rows.Appointment], str | None]:
    """Appointments in scope, filtered by customer, status and a start window."""
    query = _scoped(rows.Appointment, scope)
    if customer_id:
        query = query.where(rows.Appointment.customer_id == customer_id)
    if status:
        query = query.where(rows.Appointment.status == status)
    if start_from:
        query = query.where(rows.Appointment.start >= start_from)
    if start_to:
        query = query.where(rows.Appointment.start < start_to)
    return await _page(session, query, rows.Appointment, limit, cursor)


def _scoped(table: type[rows.Vehicle] | type[rows.Appointment], scope: Scope) -> Any:
    if scope.owner:
        return select(table).where(table.customer_id == scope.owner)
    return select(table).where(table.dealer_id.in_(scope.dealer_ids))


async def _page(session: Session, query: Any, table: type[Row], limit: int, cursor: str | None
                ) -> tuple[list[Row], str | None]:
    result = await session.execute(keyset(query, table.created_at, table.id, limit, cursor))
    return page_of(list(result.scalars().all()), limit)
