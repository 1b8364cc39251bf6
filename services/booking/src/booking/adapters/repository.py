"""All of booking's queries."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from aftersales_common.auth import Principal
from aftersales_common.db import insert_ignore
from aftersales_common.errors import NotFound
from aftersales_common.web.pagination import keyset, page_of
from booking.adapters.tables import Appointment, Customer, DealerCalendar, SlotUsage, Vehicle
from booking.config import BookingSettings
from booking.domain.calendar import Calendar


class BookingRepository:
    """Reads and writes within one session, always scoped to the caller."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def customer(self, customer_id: str, principal: Principal) -> Customer:
        row = await self.session.get(Customer, customer_id)
        if row is None:
            raise NotFound("customer not found")
        principal.check_record(row.dealer_id, row.id)
        return row

    async def vehicle(self, vehicle_id: str, principal: Principal) -> Vehicle:
        row = await self.session.get(Vehicle, vehicle_id)
        if row is None:
            raise NotFound("vehicle not found")
        principal.check_record(row.dealer_id, row.customer_id)
        return row

    async def appointment(self, appointment_id: str, principal: Principal) -> Appointment:
        row = await self.session.get(Appointment, appointment_id)
        if row is None:
            raise NotFound("appointment not found")
        principal.check_record(row.dealer_id, row.customer_id)
        return row

    async def customer_by_phone(self, dealer_id: str, phone: str) -> Customer | None:
        return (
            await self.session.execute(
                select(Customer).where(Customer.dealer_id == dealer_id, Customer.phone == phone)
            )
        ).scalar_one_or_none()

    async def vehicle_by_vin(self, dealer_id: str, vin: str) -> Vehicle | None:
        return (
            await self.session.execute(
                select(Vehicle).where(Vehicle.dealer_id == dealer_id, Vehicle.vin == vin)
            )
        ).scalar_one_or_none()

    async def calendar(self, dealer_id: str, settings: BookingSettings) -> Calendar:
        row = await self.session.get(DealerCalendar, dealer_id)
        if row is None:
            return Calendar(
                settings.default_timezone, time.fromisoformat(settings.default_open),
                time.fromisoformat(settings.default_close), settings.default_slot_minutes,
                settings.default_bays, settings.default_quick_bays,
            )
        return Calendar(row.timezone, time.fromisoformat(row.open_time),
                        time.fromisoformat(row.close_time), row.slot_minutes, row.bays,
                        row.quick_bays)

    async def usage(self, dealer_id: str, lane: str, starts: list[datetime]) -> dict[datetime, int]:
        rows = (
            await self.session.execute(
                select(SlotUsage).where(
                    SlotUsage.dealer_id == dealer_id, SlotUsage.lane == lane,
                    SlotUsage.start.in_(starts),  # type: ignore[attr-defined]
                )
            )
        ).scalars()
        return {r.start: r.booked for r in rows}

    async def take_slot(self, dealer_id: str, lane: str, start: datetime, capacity: int) -> bool:
        """Atomically take one place in a slot; False when it is full."""
        await insert_ignore(
            self.session, SlotUsage.__table__,
            {"dealer_id": dealer_id, "lane": lane, "start": start, "booked": 0},
            ["dealer_id", "lane", "start"],
        )
        result: Any = await self.session.execute(
            update(SlotUsage)
            .where(
                SlotUsage.dealer_id == dealer_id, SlotUsage.lane == lane,  # type: ignore[arg-type]
                SlotUsage.start == start, SlotUsage.booked < capacity,  # type: ignore[arg-type]
            )
            .values(booked=SlotUsage.booked + 1)
        )
        return bool(result.rowcount == 1)

    async def release_slot(self, dealer_id: str, lane: str, start: datetime) -> None:
        await self.session.execute(
            update(SlotUsage)
            .where(
                SlotUsage.dealer_id == dealer_id, SlotUsage.lane == lane,  # type: ignore[arg-type]
                SlotUsage.start == start, SlotUsage.booked > 0,  # type: ignore[arg-type]
            )
            .values(booked=SlotUsage.booked - 1)
        )

    async def list_customers(self, principal: Principal, dealer_id: str | None,
                             phone: str | None, limit: int, cursor: str | None
                             ) -> tuple[list[Customer], str | None]:
        query = select(Customer)
        if principal.is_customer:
            query = query.where(Customer.id == principal.customer_id)
        else:
            query = query.where(Customer.dealer_id.in_(principal.listable_dealers(dealer_id)))  # type: ignore[attr-defined]
        if phone:
            query = query.where(Customer.phone == phone)
        rows = (await self.session.execute(
            keyset(query, Customer.created_at, Customer.id, limit, cursor))).scalars().all()
        return page_of(list(rows), limit)

    async def list_vehicles(self, principal: Principal, dealer_id: str | None,
                            customer_id: str | None, limit: int, cursor: str | None
                            ) -> tuple[list[Vehicle], str | None]:
        query = select(Vehicle)
        if principal.is_customer:
            query = query.where(Vehicle.customer_id == principal.customer_id)
        else:
            query = query.where(Vehicle.dealer_id.in_(principal.listable_dealers(dealer_id)))  # type: ignore[attr-defined]
        if customer_id:
            query = query.where(Vehicle.customer_id == customer_id)
        rows = (await self.session.execute(
            keyset(query, Vehicle.created_at, Vehicle.id, limit, cursor))).scalars().all()
        return page_of(list(rows), limit)

    async def list_appointments(self, principal: Principal, dealer_id: str | None,
                                customer_id: str | None, status: str | None,
                                start_from: datetime | None, start_to: datetime | None,
                                limit: int, cursor: str | None
                                ) -> tuple[list[Appointment], str | None]:
        query = select(Appointment)
        if principal.is_customer:
            query = query.where(Appointment.customer_id == principal.customer_id)
        else:
            query = query.where(Appointment.dealer_id.in_(principal.listable_dealers(dealer_id)))  # type: ignore[attr-defined]
        if customer_id:
            query = query.where(Appointment.customer_id == customer_id)
        if status:
            query = query.where(Appointment.status == status)
        if start_from:
            query = query.where(Appointment.start >= start_from)  # type: ignore[operator]
        if start_to:
            query = query.where(Appointment.start < start_to)  # type: ignore[operator]
        rows = (await self.session.execute(
            keyset(query, Appointment.created_at, Appointment.id, limit, cursor))).scalars().all()
        return page_of(list(rows), limit)
