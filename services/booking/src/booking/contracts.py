"""Events booking publishes (topic `aftersales.booking`) and the one mapping to them.

Closed vocabularies are enums (the JSON Schemas list their values) and every time is
written in the dealer's offset (`DealerTime`), as in the REST responses. Within v1
fields are only ever added. No field has a default: each is always sent (possibly null),
so the JSON Schemas mark every one required and readers may rely on them.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from aftersales_common.domain import DomainEvent
from aftersales_common.messaging.envelope import EventData
from aftersales_common.messaging.unit_of_work import Outbound
from aftersales_common.wire import DealerTime
from booking.domain import events as d
from booking.domain.values import (
    AppointmentStatus,
    Channel,
    ContactChannel,
    InitiatedBy,
    ServiceType,
    Usage,
)

# The published vocabularies are the domain's own enums (one list of values, not two).
__all__ = [
    "PUBLISHED", "AppointmentStatus", "Channel", "ContactChannel", "InitiatedBy", "ServiceType",
    "Usage", "publish",
]


class ContactPreferences(BaseModel):
    """What the customer allows us to do (consent: always sent, so readers may require it)."""

    callback_opt_out: bool
    sms_opt_out: bool
    preferred_channel: ContactChannel


class CustomerRegistered(EventData):
    event_type = "customer.registered"
    customer_id: str
    dealer_id: str
    name: str
    phone: str
    email: str | None
    contact_preferences: ContactPreferences


class CustomerUpdated(CustomerRegistered):
    event_type = "customer.updated"


class VehicleRegistered(EventData):
    event_type = "vehicle.registered"
    vehicle_id: str
    customer_id: str
    dealer_id: str
    vin: str
    plate: str
    model: str
    usage: Usage
    mileage_km: int | None
    last_service_at: DealerTime | None


class VehicleUpdated(VehicleRegistered):
    event_type = "vehicle.updated"


class AppointmentEvent(EventData):
    """Common payload of every appointment event."""

    appointment_id: str
    dealer_id: str
    customer_id: str
    vehicle_id: str
    vin: str
    plate: str
    model: str
    start: DealerTime
    end: DealerTime
    service_type: ServiceType
    concern: str
    status: AppointmentStatus
    channel: Channel
    initiated_by: InitiatedBy
    reason: str | None


class AppointmentBooked(AppointmentEvent):
    event_type = "appointment.booked"


class AppointmentRescheduled(AppointmentEvent):
    event_type = "appointment.rescheduled"
    previous_start: DealerTime


class AppointmentCancelled(AppointmentEvent):
    event_type = "appointment.cancelled"


class AppointmentCheckedIn(AppointmentEvent):
    event_type = "appointment.checked_in"
    checked_in_at: DealerTime


class AppointmentNoShow(AppointmentEvent):
    event_type = "appointment.no_show"


PUBLISHED: list[type[EventData]] = [
    CustomerRegistered, CustomerUpdated, VehicleRegistered, VehicleUpdated, AppointmentBooked,
    AppointmentRescheduled, AppointmentCancelled, AppointmentCheckedIn, AppointmentNoShow,
]


def _customer(e: d.CustomerFileChanged, contract: type[CustomerRegistered]) -> Outbound:
    payload = contract(
        customer_id=e.customer_id, dealer_id=e.dealer_id, name=e.name, phone=e.phone,
        email=e.email, contact_preferences=ContactPreferences(
            callback_opt_out=e.callback_opt_out, sms_opt_out=e.sms_opt_out,
            preferred_channel=e.preferred_channel))
    return Outbound(payload, subject=e.customer_id, dealer_id=e.dealer_id,
                    aggregate_type="customer")


def _vehicle(e: d.VehicleFileChanged, contract: type[VehicleRegistered]) -> Outbound:
    payload = contract(
        vehicle_id=e.vehicle_id, customer_id=e.customer_id, dealer_id=e.dealer_id, vin=e.vin,
        plate=e.plate, model=e.model, usage=e.usage, mileage_km=e.mileage_km,
        last_service_at=e.last_service_at)
    return Outbound(payload, subject=e.vehicle_id, dealer_id=e.dealer_id,
                    aggregate_type="vehicle")


def _appointment(e: d.AppointmentChanged, contract: type[AppointmentEvent],
                 **extra: Any) -> Outbound:
    payload = contract(
        appointment_id=e.appointment_id, dealer_id=e.dealer_id, customer_id=e.customer_id,
        vehicle_id=e.vehicle_id, vin=e.vin, plate=e.plate, model=e.model, start=e.start,
        end=e.end, service_type=e.service_type, concern=e.concern, status=e.status,
        channel=e.channel, initiated_by=e.initiated_by, reason=e.reason, **extra)
    return Outbound(payload, subject=e.appointment_id, dealer_id=e.dealer_id,
                    aggregate_type="appointment")


def publish(event: DomainEvent) -> Outbound:
    """The published contract of each domain event (the unit of work writes it to the outbox).

    Who did it (`by`) stays inside booking; the envelope's `time` says when it happened.
    """
    match event:
        case d.CustomerRegistered():
            return _customer(event, CustomerRegistered)
        case d.CustomerUpdated():
            return _customer(event, CustomerUpdated)
        case d.VehicleRegistered():
            return _vehicle(event, VehicleRegistered)
        case d.VehicleUpdated():
            return _vehicle(event, VehicleUpdated)
        case d.AppointmentBooked():
            return _appointment(event, AppointmentBooked)
        case d.AppointmentRescheduled():
            return _appointment(event, AppointmentRescheduled, previous_start=event.previous_start)
        case d.AppointmentCancelled():
            return _appointment(event, AppointmentCancelled)
        case d.AppointmentCheckedIn():
            return _appointment(event, AppointmentCheckedIn, checked_in_at=event.at)
        case d.AppointmentMarkedNoShow():
            return _appointment(event, AppointmentNoShow)
    raise TypeError(f"booking publishes no contract for {type(event).__name__}")
