"""Booking's commands: check who may, load the aggregates, call their methods.

The route opened the unit of work and commits it on a clean exit; the aggregates'
recorded events become outbox rows in that same commit. Nothing here commits,
writes the outbox or builds an event payload.
"""

from __future__ import annotations

from datetime import datetime

from aftersales_common.auth import Principal
from aftersales_common.clock import utcnow
from aftersales_common.errors import Forbidden
from aftersales_common.messaging.unit_of_work import UnitOfWork
from booking.adapters.repository import BookingRepository
from booking.config import BookingSettings
from booking.domain.appointment import Appointment
from booking.domain.calendar import check_lead_time
from booking.domain.customer import Customer, DuplicateCustomer
from booking.domain.limits import check_open_appointments
from booking.domain.values import Channel, booking_channel, lane_of, normalise_phone
from booking.domain.vehicle import DuplicateVehicle, Vehicle


async def register_customer(*, uow: UnitOfWork, principal: Principal, dealer_id: str, name: str,
                            phone: str, email: str | None, callback_opt_out: bool,
                            sms_opt_out: bool, preferred_channel: str) -> Customer:
    """Open a customer file (one per phone number and dealer)."""
    principal.require_staff_of(dealer_id)
    repo = BookingRepository(uow)
    if await repo.customer_id_with_phone(dealer_id, normalise_phone(phone)):
        raise DuplicateCustomer()
    customer = Customer.register(
        dealer_id=dealer_id, name=name, phone=phone, email=email,
        callback_opt_out=callback_opt_out, sms_opt_out=sms_opt_out,
        preferred_channel=preferred_channel, by=principal.sub, at=utcnow())
    repo.add_customer(customer)
    return customer


async def update_customer(*, uow: UnitOfWork, principal: Principal, customer_id: str,
                          name: str | None = None, phone: str | None = None,
                          email: str | None = None, callback_opt_out: bool | None = None,
                          sms_opt_out: bool | None = None,
                          preferred_channel: str | None = None) -> Customer:
    """Change contact data or preferences: the dealer's staff or the customer themself."""
    repo = BookingRepository(uow)
    customer = await _customer_in_reach(repo, principal, customer_id)
    if phone is not None and normalise_phone(phone) != customer.phone:
        if principal.is_customer:
            # Whether another file holds the number is not the customer's to learn (no oracle):
            # every change of number is refused alike and goes through the dealer's desk.
            raise Forbidden("a new phone number is recorded by the dealer's staff, who verify "
                            "it / 更换手机号请联系经销商", code="phone-change-by-staff",
                            field="phone")
        holder = await repo.customer_id_with_phone(customer.dealer_id, normalise_phone(phone))
        if holder and holder != customer.id:
            raise DuplicateCustomer()
    customer.update(by=principal.sub, at=utcnow(), name=name, phone=phone, email=email,
                    callback_opt_out=callback_opt_out, sms_opt_out=sms_opt_out,
                    preferred_channel=preferred_channel)
    return customer


async def register_vehicle(*, uow: UnitOfWork, principal: Principal, dealer_id: str,
                           customer_id: str, vin: str, plate: str, model: str, usage: str,
                           mileage_km: int | None) -> Vehicle:
    """Add a vehicle to a customer's file (one per VIN and dealer)."""
    principal.require_staff_of(dealer_id)
    repo = BookingRepository(uow)
    customer = await _customer_in_reach(repo, principal, customer_id)
    vehicle = Vehicle.register(customer=customer, dealer_id=dealer_id, vin=vin, plate=plate,
                               model=model, usage=usage, mileage_km=mileage_km,
                               by=principal.sub, at=utcnow())
    if await repo.vehicle_id_with_vin(dealer_id, vehicle.vin):
        raise DuplicateVehicle()
    repo.add_vehicle(vehicle)
    return vehicle


async def book_appointment(*, uow: UnitOfWork, principal: Principal, settings: BookingSettings,
                           customer_id: str, vehicle_id: str, start: datetime,
                           service_type: str, concern: str,
                           channel: Channel | None = None) -> Appointment:
    """Book a slot; SlotFull (409) when no place is free. Never overbooks, even concurrently."""
    repo = BookingRepository(uow)
    customer = await _customer_in_reach(repo, principal, customer_id)
    vehicle = await repo.vehicle(vehicle_id)
    principal.check_record(vehicle.dealer_id, vehicle.customer_id)
    how = booking_channel(channel, by_customer=principal.is_customer)
    lane = lane_of(service_type)
    calendar = await repo.calendar(customer.dealer_id, settings.default_calendar())
    slot_start, slot_end = calendar.slot_at(start)
    now = utcnow()
    check_lead_time(slot_start, now, settings.min_lead_minutes)
    check_open_appointments(await repo.open_appointments(customer.id, now), vehicle_id=vehicle.id,
                            start=slot_start, timezone=calendar.timezone,
                            limit=settings.max_open_appointments_per_customer)
    appointment = Appointment.book(
        customer=customer, vehicle=vehicle, start=slot_start, end=slot_end,
        service_type=service_type, concern=concern, channel=how, by=principal.sub, at=now)
    slot = await repo.slot(customer.dealer_id, lane, slot_start, calendar.capacity(lane))
    slot.take()
    repo.add_appointment(appointment)
    return appointment


async def check_in(*, uow: UnitOfWork, principal: Principal, appointment_id: str) -> Appointment:
    """The car arrived: the workshop opens a repair order from the event."""
    appointment = await BookingRepository(uow).appointment(appointment_id)
    principal.check_record(appointment.dealer_id, appointment.customer_id)
    principal.require_staff_of(appointment.dealer_id)
    appointment.check_in(by=principal.sub, at=utcnow())
    return appointment


async def cancel(*, uow: UnitOfWork, principal: Principal, settings: BookingSettings,
                 appointment_id: str, reason: str | None) -> Appointment:
    """Cancel and give the place back: the customer or the dealer's staff."""
    repo = BookingRepository(uow)
    appointment = await _appointment_in_reach(repo, principal, appointment_id)
    appointment.cancel(by=principal.sub, at=utcnow(), reason=reason)
    calendar = await repo.calendar(appointment.dealer_id, settings.default_calendar())
    slot = await repo.slot(appointment.dealer_id, appointment.lane, appointment.start,
                           calendar.capacity(appointment.lane))
    slot.release()
    return appointment


async def mark_no_show(*, uow: UnitOfWork, principal: Principal, appointment_id: str,
                       reason: str | None) -> Appointment:
    """The customer did not come; the place is not given back (the slot has passed)."""
    appointment = await BookingRepository(uow).appointment(appointment_id)
    principal.check_record(appointment.dealer_id, appointment.customer_id)
    principal.require_staff_of(appointment.dealer_id)
    appointment.mark_no_show(by=principal.sub, at=utcnow(), reason=reason)
    return appointment


async def reschedule(*, uow: UnitOfWork, principal: Principal, settings: BookingSettings,
                     appointment_id: str, start: datetime, reason: str | None) -> Appointment:
    """Move to another slot: take a place there, give the old one back."""
    repo = BookingRepository(uow)
    appointment = await _appointment_in_reach(repo, principal, appointment_id)
    calendar = await repo.calendar(appointment.dealer_id, settings.default_calendar())
    new_start, new_end = calendar.slot_at(start)
    now = utcnow()
    check_lead_time(new_start, now, settings.min_lead_minutes)
    check_open_appointments(await repo.open_appointments(appointment.customer_id, now),
                            vehicle_id=appointment.vehicle_id, start=new_start,
                            timezone=calendar.timezone,
                            limit=settings.max_open_appointments_per_customer,
                            moving=appointment.id)
    old_start, lane = appointment.start, appointment.lane
    if appointment.reschedule(to_start=new_start, to_end=new_end, by=principal.sub, at=now,
                              reason=reason):
        capacity = calendar.capacity(lane)
        (await repo.slot(appointment.dealer_id, lane, new_start, capacity)).take()
        (await repo.slot(appointment.dealer_id, lane, old_start, capacity)).release()
    return appointment


async def _customer_in_reach(repo: BookingRepository, principal: Principal,
                             customer_id: str) -> Customer:
    """The customer file if the caller may act on it: their own, or staff of its dealer."""
    customer = await repo.customer(customer_id)
    principal.check_record(customer.dealer_id, customer.id)
    if not principal.is_customer:
        principal.require_staff_of(customer.dealer_id)
    return customer


async def _appointment_in_reach(repo: BookingRepository, principal: Principal,
                                appointment_id: str) -> Appointment:
    """The appointment if the caller may change it: their own, or staff of its dealer."""
    appointment = await repo.appointment(appointment_id)
    principal.check_record(appointment.dealer_id, appointment.customer_id)
    if not principal.is_customer:
        principal.require_staff_of(appointment.dealer_id)
    return appointment
