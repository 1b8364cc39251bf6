"""One function per command: load, apply the rules, write, raise events, commit."""

from __future__ import annotations

from datetime import date, datetime

from aftersales_common.auth import Principal
from aftersales_common.clock import utcnow
from aftersales_common.errors import Conflict, Forbidden, InvalidInput, NotFound
from aftersales_common.messaging.envelope import EventData, make_event
from aftersales_common.messaging.outbox import UnitOfWork
from booking import contracts as ev
from booking.adapters.repository import BookingRepository
from booking.adapters.tables import Appointment, Customer, Vehicle
from booking.config import BookingSettings
from booking.domain.calendar import check_lead_time
from booking.domain.rules import USAGES, lane_of, normalise_phone, normalise_vin, transition

SERVICE = "booking"


async def _raise(uow: UnitOfWork, payload: EventData, *, subject: str, dealer_id: str,
                 aggregate: str) -> None:
    await uow.publish(make_event(payload, service=SERVICE, subject=subject, dealer_id=dealer_id),
                      aggregate_type=aggregate)


def _staff_for(principal: Principal, dealer_id: str) -> None:
    if principal.is_customer or dealer_id not in principal.dealer_ids:
        raise Forbidden("you do not work for this dealer")


def _customer_payload(c: Customer, cls: type[ev.CustomerRegistered]) -> ev.CustomerRegistered:
    return cls(
        customer_id=c.id, dealer_id=c.dealer_id, name=c.name, phone=c.phone, email=c.email,
        contact_preferences=ev.ContactPreferences(
            callback_opt_out=c.callback_opt_out, sms_opt_out=c.sms_opt_out,
            preferred_channel=c.preferred_channel,
        ),
    )


async def announce_customer(uow: UnitOfWork, customer: Customer) -> None:
    """Raise `customer.registered` for a new customer file."""
    await _raise(uow, _customer_payload(customer, ev.CustomerRegistered), subject=customer.id,
                 dealer_id=customer.dealer_id, aggregate="customer")


async def announce_vehicle(uow: UnitOfWork, vehicle: Vehicle) -> None:
    """Raise `vehicle.registered` for a new vehicle."""
    await _raise(uow, _vehicle_payload(vehicle, ev.VehicleRegistered), subject=vehicle.id,
                 dealer_id=vehicle.dealer_id, aggregate="vehicle")


async def register_customer(*, uow: UnitOfWork, principal: Principal, dealer_id: str, name: str,
                            phone: str, email: str | None, callback_opt_out: bool,
                            sms_opt_out: bool, preferred_channel: str) -> Customer:
    """Create a customer file (one per phone number and dealer)."""
    _staff_for(principal, dealer_id)
    repo = BookingRepository(uow.session)
    e164 = normalise_phone(phone)
    if await repo.customer_by_phone(dealer_id, e164):
        raise Conflict("a customer with this phone number exists / 该手机号已登记",
                       code="duplicate-customer")
    customer = Customer(dealer_id=dealer_id, name=name.strip(), phone=e164, email=email,
                        callback_opt_out=callback_opt_out, sms_opt_out=sms_opt_out,
                        preferred_channel=preferred_channel)
    uow.session.add(customer)
    await announce_customer(uow, customer)
    await uow.commit()
    return customer


async def update_customer(*, uow: UnitOfWork, principal: Principal, customer_id: str,
                          changes: dict[str, object]) -> Customer:
    """Change contact data or preferences; staff of the dealer or the customer."""
    repo = BookingRepository(uow.session)
    customer = await repo.customer(customer_id, principal)
    if "phone" in changes and changes["phone"] is not None:
        e164 = normalise_phone(str(changes["phone"]))
        other = await repo.customer_by_phone(customer.dealer_id, e164)
        if other and other.id != customer.id:
            raise Conflict("a customer with this phone number exists / 该手机号已登记",
                           code="duplicate-customer")
        changes["phone"] = e164
    for field, value in changes.items():
        if value is not None:
            setattr(customer, field, value)
    uow.session.add(customer)
    await _raise(uow, _customer_payload(customer, ev.CustomerUpdated), subject=customer.id,
                 dealer_id=customer.dealer_id, aggregate="customer")
    await uow.commit()
    return customer


def _vehicle_payload(v: Vehicle, cls: type[ev.VehicleRegistered]) -> ev.VehicleRegistered:
    return cls(vehicle_id=v.id, customer_id=v.customer_id, dealer_id=v.dealer_id, vin=v.vin,
               plate=v.plate, model=v.model, usage=v.usage, mileage_km=v.mileage_km)


async def register_vehicle(*, uow: UnitOfWork, principal: Principal, dealer_id: str,
                           customer_id: str, vin: str, plate: str, model: str, usage: str,
                           mileage_km: int | None) -> Vehicle:
    """Add a vehicle to a customer's file."""
    _staff_for(principal, dealer_id)
    repo = BookingRepository(uow.session)
    customer = await repo.customer(customer_id, principal)
    if customer.dealer_id != dealer_id:
        raise InvalidInput("the customer belongs to another dealer")
    if usage not in USAGES:
        raise InvalidInput(f"usage must be one of {', '.join(USAGES)}")
    vin = normalise_vin(vin)
    if await repo.vehicle_by_vin(dealer_id, vin):
        raise Conflict("a vehicle with this VIN exists / 该车架号已登记", code="duplicate-vehicle")
    vehicle = Vehicle(dealer_id=dealer_id, customer_id=customer_id, vin=vin,
                      plate=plate.strip().upper(), model=model.strip(), usage=usage,
                      mileage_km=mileage_km)
    uow.session.add(vehicle)
    await announce_vehicle(uow, vehicle)
    await uow.commit()
    return vehicle


async def free_slots(*, uow: UnitOfWork, settings: BookingSettings, dealer_id: str, day: date,
                     service_type: str) -> list[tuple[datetime, datetime, int]]:
    """The day's slots with how many places are free."""
    repo = BookingRepository(uow.session)
    lane = lane_of(service_type)
    calendar = await repo.calendar(dealer_id, settings)
    slots = calendar.slots(day)
    used = await repo.usage(dealer_id, lane, [s for s, _ in slots])
    capacity = calendar.capacity(lane)
    now = utcnow()
    return [(s, e, 0 if s <= now else max(capacity - used.get(s, 0), 0)) for s, e in slots]


def _appointment_payload(a: Appointment, v: Vehicle, cls: type[ev.AppointmentEvent],
                         **extra: object) -> ev.AppointmentEvent:
    return cls(appointment_id=a.id, dealer_id=a.dealer_id, customer_id=a.customer_id,
               vehicle_id=a.vehicle_id, vin=v.vin, plate=v.plate, model=v.model, start=a.start,
               end=a.end, service_type=a.service_type, concern=a.concern, status=a.status,
               **extra)


async def book_appointment(*, uow: UnitOfWork, principal: Principal, settings: BookingSettings,
                           customer_id: str, vehicle_id: str, start: datetime, service_type: str,
                           concern: str) -> Appointment:
    """Book a slot; Conflict (409) when it is full. Never overbooks, even concurrently."""
    repo = BookingRepository(uow.session)
    customer = await repo.customer(customer_id, principal)
    vehicle = await repo.vehicle(vehicle_id, principal)
    if vehicle.customer_id != customer.id:
        raise InvalidInput("the vehicle does not belong to this customer")
    lane = lane_of(service_type)
    calendar = await repo.calendar(customer.dealer_id, settings)
    slot_start, slot_end = calendar.slot_at(start)
    check_lead_time(slot_start, utcnow(), settings.min_lead_minutes)
    if not await repo.take_slot(customer.dealer_id, lane, slot_start, calendar.capacity(lane)):
        raise Conflict("this slot is full / 该时段已约满", code="slot-full")
    appointment = Appointment(
        dealer_id=customer.dealer_id, customer_id=customer.id, vehicle_id=vehicle.id,
        start=slot_start, end=slot_end, lane=lane, service_type=service_type, concern=concern,
        initiated_by="customer" if principal.is_customer else "dealer", booked_by=principal.sub,
    )
    uow.session.add(appointment)
    await _raise(uow, _appointment_payload(appointment, vehicle, ev.AppointmentBooked),
                 subject=appointment.id, dealer_id=appointment.dealer_id, aggregate="appointment")
    await uow.commit()
    return appointment


async def _load_for_change(uow: UnitOfWork, principal: Principal, appointment_id: str
                           ) -> tuple[BookingRepository, Appointment, Vehicle]:
    repo = BookingRepository(uow.session)
    appointment = await repo.appointment(appointment_id, principal)
    vehicle = await uow.session.get(Vehicle, appointment.vehicle_id)
    if vehicle is None:
        raise NotFound("vehicle not found")
    return repo, appointment, vehicle


async def check_in(*, uow: UnitOfWork, principal: Principal, appointment_id: str) -> Appointment:
    """The car arrived: the workshop opens a repair order from this event."""
    _repo, appointment, vehicle = await _load_for_change(uow, principal, appointment_id)
    _staff_for(principal, appointment.dealer_id)
    appointment.status = transition(appointment.status, "check_in")
    appointment.checked_in_at = utcnow()
    uow.session.add(appointment)
    await _raise(uow, _appointment_payload(appointment, vehicle, ev.AppointmentCheckedIn,
                                           checked_in_at=appointment.checked_in_at),
                 subject=appointment.id, dealer_id=appointment.dealer_id, aggregate="appointment")
    await uow.commit()
    return appointment


async def cancel(*, uow: UnitOfWork, principal: Principal, appointment_id: str,
                 reason: str | None) -> Appointment:
    """Cancel and free the slot; the customer or the dealer's staff."""
    repo, appointment, vehicle = await _load_for_change(uow, principal, appointment_id)
    appointment.status = transition(appointment.status, "cancel")
    await repo.release_slot(appointment.dealer_id, appointment.lane, appointment.start)
    uow.session.add(appointment)
    await _raise(uow, _appointment_payload(appointment, vehicle, ev.AppointmentCancelled,
                                           reason=reason),
                 subject=appointment.id, dealer_id=appointment.dealer_id, aggregate="appointment")
    await uow.commit()
    return appointment


async def mark_no_show(*, uow: UnitOfWork, principal: Principal, appointment_id: str,
                       reason: str | None) -> Appointment:
    """The customer did not come; the slot is not given back (it has passed)."""
    _repo, appointment, vehicle = await _load_for_change(uow, principal, appointment_id)
    _staff_for(principal, appointment.dealer_id)
    appointment.status = transition(appointment.status, "no_show")
    uow.session.add(appointment)
    await _raise(uow, _appointment_payload(appointment, vehicle, ev.AppointmentNoShow,
                                           reason=reason),
                 subject=appointment.id, dealer_id=appointment.dealer_id, aggregate="appointment")
    await uow.commit()
    return appointment


async def reschedule(*, uow: UnitOfWork, principal: Principal, settings: BookingSettings,
                     appointment_id: str, start: datetime, reason: str | None) -> Appointment:
    """Move to another slot: take the new place first, then free the old one."""
    repo, appointment, vehicle = await _load_for_change(uow, principal, appointment_id)
    transition(appointment.status, "reschedule")
    calendar = await repo.calendar(appointment.dealer_id, settings)
    new_start, new_end = calendar.slot_at(start)
    check_lead_time(new_start, utcnow(), settings.min_lead_minutes)
    if new_start == appointment.start:
        return appointment
    if not await repo.take_slot(appointment.dealer_id, appointment.lane, new_start,
                                calendar.capacity(appointment.lane)):
        raise Conflict("this slot is full / 该时段已约满", code="slot-full")
    await repo.release_slot(appointment.dealer_id, appointment.lane, appointment.start)
    previous = appointment.start
    appointment.start, appointment.end = new_start, new_end
    uow.session.add(appointment)
    await _raise(uow, _appointment_payload(appointment, vehicle, ev.AppointmentRescheduled,
                                           previous_start=previous, reason=reason),
                 subject=appointment.id, dealer_id=appointment.dealer_id, aggregate="appointment")
    await uow.commit()
    return appointment
