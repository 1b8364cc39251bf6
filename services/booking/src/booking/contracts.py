"""Events booking publishes (topic `aftersales.booking`)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from aftersales_common.messaging.envelope import EventData


class ContactPreferences(BaseModel):
    """What the customer allows us to do."""

    callback_opt_out: bool = False
    sms_opt_out: bool = False
    preferred_channel: str = "phone"


class CustomerRegistered(EventData):
    event_type = "customer.registered"
    customer_id: str
    dealer_id: str
    name: str
    phone: str
    email: str | None = None
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
    usage: str
    mileage_km: int | None = None


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
    start: datetime
    end: datetime
    service_type: str
    concern: str
    status: str
    reason: str | None = None


class AppointmentBooked(AppointmentEvent):
    event_type = "appointment.booked"


class AppointmentRescheduled(AppointmentEvent):
    event_type = "appointment.rescheduled"
    previous_start: datetime


class AppointmentCancelled(AppointmentEvent):
    event_type = "appointment.cancelled"


class AppointmentCheckedIn(AppointmentEvent):
    event_type = "appointment.checked_in"
    checked_in_at: datetime


class AppointmentNoShow(AppointmentEvent):
    event_type = "appointment.no_show"


PUBLISHED: list[type[EventData]] = [
    CustomerRegistered, CustomerUpdated, VehicleRegistered, VehicleUpdated, AppointmentBooked,
    AppointmentRescheduled, AppointmentCancelled, AppointmentCheckedIn, AppointmentNoShow,
]
