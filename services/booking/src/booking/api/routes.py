"""Booking routes: parse, open a unit of work (commands) or a reader (queries), call, shape.

A command's unit of work commits when the `async with` block ends cleanly, before the
response is sent; an error inside it rolls everything back (state and events).
"""

from __future__ import annotations

from typing import Annotated, Any, cast

from fastapi import APIRouter, Depends, Query

from aftersales_common.auth import Principal
from aftersales_common.auth.principal import STAFF_ROLES
from aftersales_common.web.deps import RuntimeDep, require
from aftersales_common.web.inputs import Day, Id, Moment
from aftersales_common.web.pagination import Cursor, Page
from booking.api import schemas as s
from booking.config import BookingSettings
from booking.domain.values import AppointmentStatus, ServiceType
from booking.service import handlers, queries

router = APIRouter(tags=["booking"])

STAFF_DESK = ("service_advisor", "manager", "callback_agent")
Desk = Annotated[Principal, Depends(require(*STAFF_DESK))]
Booker = Annotated[Principal, Depends(require(*STAFF_DESK, "customer"))]
Advisor = Annotated[Principal, Depends(require("service_advisor", "manager"))]
# Reads: every staff role of the record's dealer, and customers for their own records
# (customers' phone and e-mail are masked for the roles that do not need them).
Reader = Annotated[Principal, Depends(require(*STAFF_ROLES, "customer"))]
Limit = Annotated[int, Query(ge=1, le=200)]


def _settings(rt: RuntimeDep) -> BookingSettings:
    return cast(BookingSettings, rt.settings)


Settings = Annotated[BookingSettings, Depends(_settings)]


@router.post("/customers", status_code=201, response_model=s.CustomerOut)
async def register_customer(body: s.CustomerCreate, rt: RuntimeDep, who: Desk) -> Any:
    """Open a customer file (客户档案)."""
    async with rt.uow() as uow:
        customer = await handlers.register_customer(uow=uow, principal=who, **body.model_dump())
    return s.CustomerOut.shown_to(who, customer)


@router.get("/customers", response_model=Page[s.CustomerOut])
async def list_customers(rt: RuntimeDep, who: Reader, dealer_id: Id | None = None,
                         phone: s.PhoneFilter = None, limit: Limit = 50,
                         cursor: Cursor | None = None) -> Any:
    """Customers of the caller's dealers (a customer sees only themself); `phone` in any form."""
    async with rt.reader() as session:
        items, nxt = await queries.customers(session, who, dealer_id=dealer_id, phone=phone,
                                             limit=limit, cursor=cursor)
    return {"items": [s.CustomerOut.shown_to(who, row) for row in items], "next_cursor": nxt}


@router.get("/customers/{customer_id}", response_model=s.CustomerOut)
async def get_customer(customer_id: Id, rt: RuntimeDep, who: Reader) -> Any:
    """One customer file."""
    async with rt.reader() as session:
        customer = await queries.customer(session, who, customer_id)
    return s.CustomerOut.shown_to(who, customer)


@router.patch("/customers/{customer_id}", response_model=s.CustomerOut)
async def update_customer(customer_id: Id, body: s.CustomerUpdate, rt: RuntimeDep,
                          who: Booker) -> Any:
    """Update contact data or preferences (e.g. no callbacks)."""
    async with rt.uow() as uow:
        customer = await handlers.update_customer(uow=uow, principal=who, customer_id=customer_id,
                                                  **body.model_dump(exclude_unset=True))
    return s.CustomerOut.shown_to(who, customer)


@router.post("/vehicles", status_code=201, response_model=s.VehicleOut)
async def register_vehicle(body: s.VehicleCreate, rt: RuntimeDep, who: Desk) -> Any:
    """Add a vehicle to a customer's file."""
    async with rt.uow() as uow:
        vehicle = await handlers.register_vehicle(uow=uow, principal=who, **body.model_dump())
    return s.VehicleOut.of(vehicle)


@router.get("/vehicles", response_model=Page[s.VehicleOut])
async def list_vehicles(rt: RuntimeDep, who: Reader, dealer_id: Id | None = None,
                        customer_id: Id | None = None, limit: Limit = 50,
                        cursor: Cursor | None = None) -> Any:
    """Vehicles of the caller's dealers (a customer sees only their own)."""
    async with rt.reader() as session:
        items, nxt = await queries.vehicles(session, who, dealer_id=dealer_id,
                                            customer_id=customer_id, limit=limit, cursor=cursor)
    return {"items": [s.VehicleOut.of(row) for row in items], "next_cursor": nxt}


@router.get("/vehicles/{vehicle_id}", response_model=s.VehicleOut)
async def get_vehicle(vehicle_id: Id, rt: RuntimeDep, who: Reader) -> Any:
    """One vehicle."""
    async with rt.reader() as session:
        vehicle = await queries.vehicle(session, who, vehicle_id)
    return s.VehicleOut.of(vehicle)


@router.get("/slots", response_model=list[s.SlotOut])
async def slots(rt: RuntimeDep, who: Reader, settings: Settings, dealer_id: Id,
                date: Day, service_type: ServiceType = ServiceType.MAINTENANCE) -> Any:
    """The day's slots and how many places each has free."""
    async with rt.reader() as session:
        day = await queries.free_slots(session, who, settings, dealer_id=dealer_id, day=date,
                                       service_type=service_type)
    return [s.SlotOut.of(slot) for slot in day]


@router.post("/appointments", status_code=201, response_model=s.AppointmentOut)
async def book(body: s.AppointmentCreate, rt: RuntimeDep, who: Booker,
               settings: Settings) -> Any:
    """Book a slot (409 when full)."""
    async with rt.uow() as uow:
        appointment = await handlers.book_appointment(uow=uow, principal=who, settings=settings,
                                                      **body.model_dump())
    return s.AppointmentOut.of(appointment)


@router.get("/appointments", response_model=Page[s.AppointmentOut])
async def list_appointments(rt: RuntimeDep, who: Reader, dealer_id: Id | None = None,
                            customer_id: Id | None = None,
                            status: AppointmentStatus | None = None,
                            start_from: Moment | None = None, start_to: Moment | None = None,
                            limit: Limit = 50, cursor: Cursor | None = None) -> Any:
    """Appointments of the caller's dealers (a customer sees only their own)."""
    async with rt.reader() as session:
        items, nxt = await queries.appointments(
            session, who, dealer_id=dealer_id, customer_id=customer_id, status=status,
            start_from=start_from, start_to=start_to, limit=limit, cursor=cursor)
    return {"items": [s.AppointmentOut.of(row) for row in items], "next_cursor": nxt}


@router.get("/appointments/{appointment_id}", response_model=s.AppointmentOut)
async def get_appointment(appointment_id: Id, rt: RuntimeDep, who: Reader) -> Any:
    """One appointment."""
    async with rt.reader() as session:
        appointment = await queries.appointment(session, who, appointment_id)
    return s.AppointmentOut.of(appointment)


@router.post("/appointments/{appointment_id}/check-in", response_model=s.AppointmentOut)
async def check_in(appointment_id: Id, rt: RuntimeDep, who: Advisor) -> Any:
    """The car has arrived: opens a repair order in the workshop."""
    async with rt.uow() as uow:
        appointment = await handlers.check_in(uow=uow, principal=who, appointment_id=appointment_id)
    return s.AppointmentOut.of(appointment)


@router.post("/appointments/{appointment_id}/cancel", response_model=s.AppointmentOut)
async def cancel(appointment_id: Id, rt: RuntimeDep, who: Booker, settings: Settings,
                 body: s.Reason | None = None) -> Any:
    """Cancel and free the place: the customer or the dealer's staff."""
    async with rt.uow() as uow:
        appointment = await handlers.cancel(uow=uow, principal=who, settings=settings,
                                            appointment_id=appointment_id,
                                            reason=body.reason if body else None)
    return s.AppointmentOut.of(appointment)


@router.post("/appointments/{appointment_id}/reschedule", response_model=s.AppointmentOut)
async def reschedule(appointment_id: Id, body: s.AppointmentReschedule, rt: RuntimeDep,
                     who: Booker, settings: Settings) -> Any:
    """Move to another slot (409 when it is full)."""
    async with rt.uow() as uow:
        appointment = await handlers.reschedule(uow=uow, principal=who, settings=settings,
                                                appointment_id=appointment_id, start=body.start,
                                                reason=body.reason)
    return s.AppointmentOut.of(appointment)


@router.post("/appointments/{appointment_id}/no-show", response_model=s.AppointmentOut)
async def no_show(appointment_id: Id, rt: RuntimeDep, who: Advisor,
                  body: s.Reason | None = None) -> Any:
    """The customer did not come."""
    async with rt.uow() as uow:
        appointment = await handlers.mark_no_show(uow=uow, principal=who,
                                                  appointment_id=appointment_id,
                                                  reason=body.reason if body else None)
    return s.AppointmentOut.of(appointment)
