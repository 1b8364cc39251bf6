"""Booking's aggregates in and out of their rows, within one unit of work.

Every aggregate loaded or added is handed to the unit of work with its saver
(`uow.track`); at commit the saver writes it back (explicit mapping, field by field)
and the unit of work turns the events it recorded into outbox rows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from aftersales_common.db import insert_ignore
from aftersales_common.errors import Conflict, NotFound
from aftersales_common.messaging.unit_of_work import UnitOfWork
from booking.adapters import queries
from booking.adapters import tables as rows
from booking.domain.appointment import Appointment, VehicleOnFile
from booking.domain.calendar import Calendar
from booking.domain.capacity import SlotCapacity, SlotFull
from booking.domain.customer import Customer, DuplicateCustomer
from booking.domain.limits import OpenAppointment
from booking.domain.values import (
    AppointmentStatus,
    Channel,
    ContactChannel,
    Lane,
    ServiceType,
    Usage,
)
from booking.domain.vehicle import DuplicateVehicle, Vehicle

_CUSTOMER = rows.Customer.__table__  # type: ignore[attr-defined]
_VEHICLE = rows.Vehicle.__table__  # type: ignore[attr-defined]
_CUSTOMER_WITH_PHONE = select(_CUSTOMER.c.id).where(
    _CUSTOMER.c.dealer_id == bindparam("dealer_id"), _CUSTOMER.c.phone == bindparam("phone"))


class BookingRepository:
    """Loads and adds booking's aggregates; the unit of work saves them at commit."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.session = uow.session

    # customers
    async def customer(self, customer_id: str) -> Customer:
        """The customer file (locked until commit: it is written back whole); NotFound when none."""
        row = await self.session.get(rows.Customer, customer_id, with_for_update=True)
        if row is None:
            raise NotFound("customer not found / 客户不存在")
        customer = Customer(
            id=row.id, dealer_id=row.dealer_id, name=row.name, phone=row.phone, email=row.email,
            created_at=row.created_at, callback_opt_out=row.callback_opt_out,
            sms_opt_out=row.sms_opt_out, preferred_channel=ContactChannel(row.preferred_channel))
        self.uow.track(customer, self._save_customer)
        return customer

    async def customer_id_with_phone(self, dealer_id: str, phone: str) -> str | None:
        """The id of the dealer's customer with this E.164 number, if any."""
        return await self.session.scalar(_CUSTOMER_WITH_PHONE,
                                         {"dealer_id": dealer_id, "phone": phone})

    def add_customer(self, customer: Customer) -> None:
        """A new customer file, inserted at commit (one INSERT; its unique phone is a 409)."""
        self.uow.track(customer, self._insert_customer)

    async def _save_customer(self, c: Customer) -> None:
        await self._write(rows.Customer, c.id, DuplicateCustomer, self._customer_row(c))

    async def _insert_customer(self, c: Customer) -> None:
        await self._insert(_CUSTOMER, DuplicateCustomer, self._customer_row(c))

    @staticmethod
    def _customer_row(c: Customer) -> dict[str, Any]:
        return dict(
            id=c.id, dealer_id=c.dealer_id, name=c.name, phone=c.phone, email=c.email,
            callback_opt_out=c.callback_opt_out, sms_opt_out=c.sms_opt_out,
            preferred_channel=c.preferred_channel.value, created_at=c.created_at)

    # vehicles
    async def vehicle(self, vehicle_id: str) -> Vehicle:
        """The vehicle (locked until commit: it is written back whole); NotFound when none."""
        row = await self.session.get(rows.Vehicle, vehicle_id, with_for_update=True)
        if row is None:
            raise NotFound("vehicle not found / 车辆不存在")
        vehicle = Vehicle(
            id=row.id, dealer_id=row.dealer_id, customer_id=row.customer_id, vin=row.vin,
            plate=row.plate, model=row.model, created_at=row.created_at, usage=Usage(row.usage),
            mileage_km=row.mileage_km, last_service_at=row.last_service_at)
        self.uow.track(vehicle, self._save_vehicle)
        return vehicle

    async def vehicle_id_with_vin(self, dealer_id: str, vin: str) -> str | None:
        """The id of the dealer's vehicle with this VIN, if any."""
        return await self.session.scalar(select(rows.Vehicle.id).where(
            rows.Vehicle.dealer_id == dealer_id, rows.Vehicle.vin == vin))

    def add_vehicle(self, vehicle: Vehicle) -> None:
        """A new vehicle, inserted at commit (one INSERT; its unique VIN is a 409)."""
        self.uow.track(vehicle, self._insert_vehicle)

    async def _save_vehicle(self, v: Vehicle) -> None:
        await self._write(rows.Vehicle, v.id, DuplicateVehicle, self._vehicle_row(v))

    async def _insert_vehicle(self, v: Vehicle) -> None:
        await self._insert(_VEHICLE, DuplicateVehicle, self._vehicle_row(v))

    @staticmethod
    def _vehicle_row(v: Vehicle) -> dict[str, Any]:
        return dict(
            id=v.id, dealer_id=v.dealer_id, customer_id=v.customer_id, vin=v.vin, plate=v.plate,
            model=v.model, usage=v.usage.value, mileage_km=v.mileage_km,
            last_service_at=v.last_service_at, created_at=v.created_at)

    # appointments
    async def appointment(self, appointment_id: str) -> Appointment:
        """The appointment with its vehicle's register data; NotFound when there is none."""
        row = await self.session.get(rows.Appointment, appointment_id, with_for_update=True)
        car = await self.session.get(rows.Vehicle, row.vehicle_id) if row else None
        if row is None or car is None:
            raise NotFound("appointment not found / 预约不存在")
        appointment = Appointment(
            id=row.id, dealer_id=row.dealer_id, customer_id=row.customer_id,
            vehicle=VehicleOnFile(car.id, car.vin, car.plate, car.model), start=row.start,
            end=row.end, service_type=ServiceType(row.service_type), concern=row.concern,
            channel=Channel(row.channel), booked_by=row.booked_by, created_at=row.created_at,
            status=AppointmentStatus(row.status), checked_in_at=row.checked_in_at)
        self.uow.track(appointment, self._save_appointment)
        return appointment

    async def open_appointments(self, customer_id: str, now: datetime) -> list[OpenAppointment]:
        """The customer's booked appointments that have not started yet."""
        t = rows.Appointment
        result = await self.session.execute(
            select(t.id, t.vehicle_id, t.start).where(
                t.customer_id == customer_id, t.status == AppointmentStatus.BOOKED.value,
                t.start > now))
        return [OpenAppointment(r.id, r.vehicle_id, r.start) for r in result]

    def add_appointment(self, appointment: Appointment) -> None:
        """A new appointment, inserted at commit."""
        self.uow.track(appointment, self._save_appointment)

    async def _save_appointment(self, a: Appointment) -> None:
        await self._write(rows.Appointment, a.id, None, dict(
            id=a.id, dealer_id=a.dealer_id, customer_id=a.customer_id, vehicle_id=a.vehicle_id,
            start=a.start, end=a.end, lane=a.lane.value, service_type=a.service_type.value,
            concern=a.concern, status=a.status.value, channel=a.channel.value,
            initiated_by=a.initiated_by.value, booked_by=a.booked_by,
            checked_in_at=a.checked_in_at, created_at=a.created_at))

    # capacity
    async def calendar(self, dealer_id: str, default: Calendar) -> Calendar:
        """The dealer's calendar (or the configured default)."""
        return await queries.calendar(self.session, dealer_id, default)

    async def slot(self, dealer_id: str, lane: Lane, start: datetime, capacity: int
                   ) -> SlotCapacity:
        """One slot of a lane with the places booked in it."""
        booked = await queries.booked_places(self.session, dealer_id, lane.value, [start])
        slot = SlotCapacity(dealer_id=dealer_id, lane=lane, start=start, capacity=capacity,
                            booked=booked.get(start, 0))
        self.uow.track(slot, self._save_slot)
        return slot

    async def _save_slot(self, slot: SlotCapacity) -> None:
        # Apply the places taken as increments guarded by `booked < capacity`, never as an
        # absolute count: a concurrent booking may have taken the last place since loading.
        while slot.taken > 0:
            if not await self._take_place(slot):
                raise SlotFull()
            slot.taken -= 1
        while slot.taken < 0:
            await self._give_back_place(slot)
            slot.taken += 1

    async def _take_place(self, slot: SlotCapacity) -> bool:
        t = rows.SlotUsage
        await insert_ignore(self.session, t.__table__, {
            "dealer_id": slot.dealer_id, "lane": slot.lane.value, "start": slot.start,
            "booked": 0}, ["dealer_id", "lane", "start"])
        result: Any = await self.session.execute(
            update(t).where(t.dealer_id == slot.dealer_id, t.lane == slot.lane.value,
                            t.start == slot.start, t.booked < slot.capacity)
            .values(booked=t.booked + 1))
        return bool(result.rowcount == 1)

    async def _give_back_place(self, slot: SlotCapacity) -> None:
        t = rows.SlotUsage
        await self.session.execute(
            update(t).where(t.dealer_id == slot.dealer_id, t.lane == slot.lane.value,
                            t.start == slot.start, t.booked > 0)
            .values(booked=t.booked - 1))

    async def _insert(self, table: Any, duplicate: Callable[[], Conflict],
                      values: dict[str, Any]) -> None:
        """Insert a new aggregate's row (SQLAlchemy Core, no identity map to load it into);
        a unique key taken meanwhile is a 409."""
        try:
            await self.session.execute(insert(table), values)
        except IntegrityError:
            raise duplicate() from None

    async def _write(self, table: Any, key: str, duplicate: Callable[[], Conflict] | None,
                     values: dict[str, Any]) -> None:
        """Insert the row or update it field by field; a unique key taken meanwhile is a 409."""
        row = await self.session.get(table, key)
        if row is not None:
            for name, value in values.items():
                setattr(row, name, value)
            return
        self.session.add(table(**values))
        try:
            await self.session.flush()
        except IntegrityError:
            if duplicate is None:
                raise
            raise duplicate() from None
