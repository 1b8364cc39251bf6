"""Booking routes: thin, translate HTTP to a handler call."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from aftersales_common.auth import Principal
from aftersales_common.web.deps import PrincipalDep, RuntimeDep, require
from aftersales_common.web.pagination import Page
from booking.adapters.repository import BookingRepository
from booking.api import schemas as s
from booking.service import handlers

router = APIRouter(tags=["booking"])

STAFF_DESK = ("service_advisor", "manager", "callback_agent")
Desk = Annotated[Principal, Depends(require(*STAFF_DESK))]
Booker = Annotated[Principal, Depends(require(*STAFF_DESK, "customer"))]
Advisor = Annotated[Principal, Depends(require("service_advisor", "manager"))]
Limit = Annotated[int, Query(ge=1, le=200)]


@router.post("/customers", status_code=201, response_model=s.CustomerOut)
async def register_customer(body: s.CustomerCreate, rt: RuntimeDep, who: Desk) -> Any:
    """Create a customer file (客户档案)."""
    async with rt.uow() as uow:
        return await handlers.register_customer(uow=uow, principal=who, **body.model_dump())


@router.get("/customers", response_model=Page[s.CustomerOut])
async def list_customers(rt: RuntimeDep, who: PrincipalDep, dealer_id: str | None = None,
                         phone: str | None = None, limit: Limit = 50,
                         cursor: str | None = None) -> Any:
    """Customers of the caller's dealers (a customer sees only themself)."""
    async with rt.uow() as uow:
        items, nxt = await BookingRepository(uow.session).list_customers(
            who, dealer_id, phone, limit, cursor)
        return {"items": items, "next_cursor": nxt}


@router.get("/customers/{customer_id}", response_model=s.CustomerOut)
async def get_customer(customer_id: str, rt: RuntimeDep, who: PrincipalDep) -> Any:
    async with rt.uow() as uow:
        return await BookingRepository(uow.session).customer(customer_id, who)


@router.patch("/customers/{customer_id}", response_model=s.CustomerOut)
async def update_customer(customer_id: str, body: s.CustomerUpdate, rt: RuntimeDep,
                          who: Booker) -> Any:
    """Update contact data or preferences (e.g. no callbacks)."""
    async with rt.uow() as uow:
        return await handlers.update_customer(uow=uow, principal=who, customer_id=customer_id,
                                              changes=body.model_dump(exclude_unset=True))


@router.post("/vehicles", status_code=201, response_model=s.VehicleOut)
async def register_vehicle(body: s.VehicleCreate, rt: RuntimeDep, who: Desk) -> Any:
    """Add a vehicle to a customer's file."""
    async with rt.uow() as uow:
        return await handlers.register_vehicle(uow=uow, principal=who, **body.model_dump())


@router.get("/vehicles", response_model=Page[s.VehicleOut])
async def list_vehicles(rt: RuntimeDep, who: PrincipalDep, dealer_id: str | None = None,
                        customer_id: str | None = None, limit: Limit = 50,
                        cursor: str | None = None) -> Any:
    async with rt.uow() as uow:
        items, nxt = await BookingRepository(uow.session).list_vehicles(
            who, dealer_id, customer_id, limit, cursor)
        return {"items": items, "next_cursor": nxt}


@router.get("/vehicles/{vehicle_id}", response_model=s.VehicleOut)
async def get_vehicle(vehicle_id: str, rt: RuntimeDep, who: PrincipalDep) -> Any:
    async with rt.uow() as uow:
        return await BookingRepository(uow.session).vehicle(vehicle_id, who)


@router.get("/slots", response_model=list[s.SlotOut])
async def slots(rt: RuntimeDep, _who: PrincipalDep, dealer_id: str, date: date,
                service_type: str = "maintenance") -> Any:
    """The day's slots and how many places each has free."""
    async with rt.uow() as uow:
        rows = await handlers.free_slots(uow=uow, settings=rt.settings,  # type: ignore[arg-type]
                                         dealer_id=dealer_id, day=date,
                                         service_type=service_type)
    return [{"start": a, "end": b, "free": f} for a, b, f in rows]


@router.post("/appointments", status_code=201, response_model=s.AppointmentOut)
async def book(body: s.AppointmentCreate, rt: RuntimeDep, who: Booker) -> Any:
    """Book a slot (409 when full)."""
    async with rt.uow() as uow:
        return await handlers.book_appointment(uow=uow, principal=who,
                                               settings=rt.settings,  # type: ignore[arg-type]
                                               **body.model_dump())


@router.get("/appointments", response_model=Page[s.AppointmentOut])
async def list_appointments(rt: RuntimeDep, who: PrincipalDep, dealer_id: str | None = None,
                            customer_id: str | None = None, status: str | None = None,
                            start_from: datetime | None = None, start_to: datetime | None = None,
                            limit: Limit = 50, cursor: str | None = None) -> Any:
    async with rt.uow() as uow:
        items, nxt = await BookingRepository(uow.session).list_appointments(
            who, dealer_id, customer_id, status, start_from, start_to, limit, cursor)
        return {"items": items, "next_cursor": nxt}


@router.get("/appointments/{appointment_id}", response_model=s.AppointmentOut)
async def get_appointment(appointment_id: str, rt: RuntimeDep, who: PrincipalDep) -> Any:
    async with rt.uow() as uow:
        return await BookingRepository(uow.session).appointment(appointment_id, who)


@router.post("/appointments/{appointment_id}/check-in", response_model=s.AppointmentOut)
async def check_in(appointment_id: str, rt: RuntimeDep, who: Advisor) -> Any:
    """The car has arrived: opens a repair order in the workshop."""
    async with rt.uow() as uow:
        return await handlers.check_in(uow=uow, principal=who, appointment_id=appointment_id)


@router.post("/appointments/{appointment_id}/cancel", response_model=s.AppointmentOut)
async def cancel(appointment_id: str, rt: RuntimeDep, who: Booker,
                 body: s.Reason | None = None) -> Any:
    async with rt.uow() as uow:
        return await handlers.cancel(uow=uow, principal=who, appointment_id=appointment_id,
                                     reason=body.reason if body else None)


@router.post("/appointments/{appointment_id}/reschedule", response_model=s.AppointmentOut)
async def reschedule(appointment_id: str, body: s.AppointmentReschedule, rt: RuntimeDep,
                     who: Booker) -> Any:
    async with rt.uow() as uow:
        return await handlers.reschedule(uow=uow, principal=who,
                                         settings=rt.settings,  # type: ignore[arg-type]
                                         appointment_id=appointment_id, start=body.start,
                                         reason=body.reason)


@router.post("/appointments/{appointment_id}/no-show", response_model=s.AppointmentOut)
async def no_show(appointment_id: str, rt: RuntimeDep, who: Advisor,
                  body: s.Reason | None = None) -> Any:
    async with rt.uow() as uow:
        return await handlers.mark_no_show(uow=uow, principal=who,
                                           appointment_id=appointment_id,
                                           reason=body.reason if body else None)
