"""Booking's reads for the routes: scoped to the caller, on a read-only session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from aftersales_common.auth import Principal
from aftersales_common.auth.principal import PII_ROLES
from aftersales_common.clock import utcnow
from aftersales_common.db import Session
from aftersales_common.errors import Forbidden, NotFound
from booking.adapters import queries as q
from booking.adapters import tables as rows
from booking.config import BookingSettings
from booking.domain.capacity import SlotCapacity
from booking.domain.values import lane_of

Page = tuple[list[Any], str | None]


@dataclass(frozen=True)
class FreeSlot:
    """A slot of the day and how many places it still has."""

    start: datetime
    end: datetime
    free: int


def _scope(principal: Principal, dealer_id: str | None) -> q.Scope:
    # Staff (admin included) see only their own dealers; a customer only their own records.
    if principal.is_customer:
        return q.Scope(dealer_ids=[], owner=principal.customer_id or "")
    return q.Scope(dealer_ids=principal.listable_dealers(dealer_id))


async def free_slots(session: Session, principal: Principal, settings: BookingSettings, *,
                     dealer_id: str, day: date, service_type: str) -> list[FreeSlot]:
    """The day's slots of the service type's lane with their free places.

    Only the dealer's staff and the dealer's customers (those with a customer file there)
    see its occupancy; anyone else gets 403.
    """
    if principal.is_customer:
        own = await q.customer(session, principal.customer_id or "")
        if own is None or own.dealer_id != dealer_id:
            raise Forbidden("you are not a customer of this dealer / 您不是该经销商的客户")
    else:
        principal.require_staff_of(dealer_id)
    lane = lane_of(service_type)
    calendar = await q.calendar(session, dealer_id, settings.default_calendar())
    slots = calendar.slots(day)
    booked = await q.booked_places(session, dealer_id, lane.value, [s for s, _ in slots])
    now = utcnow()
    capacity = calendar.capacity(lane)
    return [
        FreeSlot(start, end, SlotCapacity(dealer_id=dealer_id, lane=lane, start=start,
                                          capacity=capacity,
                                          booked=booked.get(start, 0)).free_at(now))
        for start, end in slots
    ]


async def customers(session: Session, principal: Principal, *, dealer_id: str | None,
                    phone: str | None, limit: int, cursor: str | None) -> Page:
    """Customer files the caller may see; `phone` is an E.164 number.

    Searching by phone is for the roles that see phone numbers (else the search would tell a
    masked role whose number it is); a customer's search runs on their own file only.
    """
    if phone and not principal.is_customer and not principal.has_any(PII_ROLES):
        raise Forbidden("your role may not search customers by phone / 无权按手机号查询")
    return await q.customers(session, _scope(principal, dealer_id), phone=phone, limit=limit,
                             cursor=cursor)


async def customer(session: Session, principal: Principal, customer_id: str) -> rows.Customer:
    """One customer file (404 when out of the caller's reach)."""
    row = await q.customer(session, customer_id)
    if row is None:
        raise NotFound("customer not found / 客户不存在")
    principal.check_record(row.dealer_id, row.id)
    return row


async def vehicles(session: Session, principal: Principal, *, dealer_id: str | None,
                   customer_id: str | None, limit: int, cursor: str | None) -> Page:
    """Vehicles the caller may see."""
    return await q.vehicles(session, _scope(principal, dealer_id), customer_id=customer_id,
                            limit=limit, cursor=cursor)


async def vehicle(session: Session, principal: Principal, vehicle_id: str) -> rows.Vehicle:
    """One vehicle (404 when out of the caller's reach)."""
    row = await q.vehicle(session, vehicle_id)
    if row is None:
        raise NotFound("vehicle not found / 车辆不存在")
    principal.check_record(row.dealer_id, row.customer_id)
    return row


async def appointments(session: Session, principal: Principal, *, dealer_id: str | None,
                       customer_id: str | None, status: str | None,
                       start_from: datetime | None, start_to: datetime | None, limit: int,
                       cursor: str | None) -> Page:
    """Appointments the caller may see."""
    return await q.appointments(session, _scope(principal, dealer_id), customer_id=customer_id,
                                status=status, start_from=start_from, start_to=start_to,
                                limit=limit, cursor=cursor)


async def appointment(session: Session, principal: Principal, appointment_id: str
                      ) -> rows.Appointment:
    """One appointment (404 when out of the caller's reach)."""
    row = await q.appointment(session, appointment_id)
    if row is None:
        raise NotFound("appointment not found / 预约不存在")
    principal.check_record(row.dealer_id, row.customer_id)
    return row
