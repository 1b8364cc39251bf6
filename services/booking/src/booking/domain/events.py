"""What happens in booking, in the domain's words: the events its aggregates record.

Each carries the facts after the change, who did it (`by`) and when (`at`).
`booking.contracts.publish` maps them to the published contracts; what is published
is decided there, not here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from aftersales_common.domain import DomainEvent
from booking.domain.values import (
    AppointmentStatus,
    Channel,
    ContactChannel,
    InitiatedBy,
    ServiceType,
    Usage,
)


@dataclass(frozen=True, kw_only=True)
class CustomerFileChanged(DomainEvent):
    """The customer file (客户档案) as it is now."""

    customer_id: str
    dealer_id: str
    name: str
    phone: str
    email: str | None
    callback_opt_out: bool
    sms_opt_out: bool
    preferred_channel: ContactChannel
    by: str
    at: datetime


@dataclass(frozen=True, kw_only=True)
class CustomerRegistered(CustomerFileChanged):
    """A new customer file."""


@dataclass(frozen=True, kw_only=True)
class CustomerUpdated(CustomerFileChanged):
    """Contact data or preferences changed."""


@dataclass(frozen=True, kw_only=True)
class VehicleFileChanged(DomainEvent):
    """The vehicle as it is now."""

    vehicle_id: str
    customer_id: str
    dealer_id: str
    vin: str
    plate: str
    model: str
    usage: Usage
    mileage_km: int | None
    last_service_at: datetime | None
    by: str
    at: datetime


@dataclass(frozen=True, kw_only=True)
class VehicleRegistered(VehicleFileChanged):
    """A vehicle added to a customer's file."""


@dataclass(frozen=True, kw_only=True)
class VehicleUpdated(VehicleFileChanged):
    """The vehicle's facts changed (e.g. a service delivered: date and mileage)."""


@dataclass(frozen=True, kw_only=True)
class AppointmentChanged(DomainEvent):
    """The appointment as it is now, with the vehicle it is for."""

    appointment_id: str
    dealer_id: str
    customer_id: str
    vehicle_id: str
    vin: str
    plate: str
    model: str
    start: datetime
    end: datetime
    service_type: ServiceType
    concern: str
    status: AppointmentStatus
    channel: Channel
    initiated_by: InitiatedBy
    by: str
    at: datetime
    reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class AppointmentBooked(AppointmentChanged):
    """A place in a slot is held for the customer's car."""


@dataclass(frozen=True, kw_only=True)
class AppointmentRescheduled(AppointmentChanged):
    """Moved to another slot."""

    previous_start: datetime


@dataclass(frozen=True, kw_only=True)
class AppointmentCancelled(AppointmentChanged):
    """Cancelled by the customer or the dealer; the place is free again."""


@dataclass(frozen=True, kw_only=True)
class AppointmentCheckedIn(AppointmentChanged):
    """The car arrived (the workshop opens a repair order); `at` is the arrival."""


@dataclass(frozen=True, kw_only=True)
class AppointmentMarkedNoShow(AppointmentChanged):
    """The customer did not come."""
