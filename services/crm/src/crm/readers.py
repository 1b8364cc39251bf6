"""Readers of other services' events: only the fields crm uses, consent and usage required.

Unknown extra fields are ignored (tolerant reader). A field that decides whether a customer
may be called (`usage`, `callback_opt_out`, `sms_opt_out`) has no default: an event without
it does not fit and is dead-lettered, never read as "private car, not opted out".
"""

from __future__ import annotations

from datetime import date

from pydantic import AwareDatetime, BaseModel, ConfigDict

from crm.domain.callable_list import Usage


class _Reader(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ContactPreferences(_Reader):
    callback_opt_out: bool
    sms_opt_out: bool


class CustomerFile(_Reader):
    """booking `customer.registered` / `customer.updated` v1."""

    customer_id: str
    dealer_id: str
    name: str = ""
    phone: str = ""
    contact_preferences: ContactPreferences


class VehicleFile(_Reader):
    """booking `vehicle.registered` / `vehicle.updated` v1."""

    vehicle_id: str
    customer_id: str
    dealer_id: str
    vin: str = ""
    plate: str = ""
    model: str = ""
    usage: Usage


class Delivery(_Reader):
    """workshop `vehicle.delivered` v1."""

    order_id: str
    order_no: str = ""
    dealer_id: str
    vehicle_id: str
    customer_id: str
    delivered_at: AwareDatetime
    odometer_km: int | None = None


class WorkDeferred(_Reader):
    """workshop `work.deferred` v1: a job the customer deferred or declined."""

    deferred_id: str
    order_id: str
    order_no: str = ""
    dealer_id: str
    vehicle_id: str
    customer_id: str
    plate: str = ""
    op_code: str
    description: str = ""
    kind: str
    reason: str = ""
    reminder_due: date
