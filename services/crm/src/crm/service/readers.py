"""Tolerant readers: just the fields crm uses from booking's and workshop's events."""

from __future__ import annotations

from pydantic import AwareDatetime, BaseModel


class ContactPreferences(BaseModel):
    callback_opt_out: bool = False
    sms_opt_out: bool = False


class CustomerFile(BaseModel):
    """`customer.registered` / `customer.updated`."""

    customer_id: str
    dealer_id: str
    name: str = ""
    phone: str = ""
    contact_preferences: ContactPreferences = ContactPreferences()


class VehicleFile(BaseModel):
    """`vehicle.registered` / `vehicle.updated`."""

    vehicle_id: str
    customer_id: str
    dealer_id: str
    vin: str = ""
    plate: str = ""
    model: str = ""
    usage: str = "private"


class Delivery(BaseModel):
    """`vehicle.delivered`."""

    order_id: str
    order_no: str = ""
    dealer_id: str
    vehicle_id: str
    customer_id: str
    delivered_at: AwareDatetime
    odometer_km: int | None = None
