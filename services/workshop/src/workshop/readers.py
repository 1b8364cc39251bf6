"""Readers of other services' events: only the fields workshop uses; extra fields are ignored."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel


class AppointmentCheckedIn(BaseModel):
    """`appointment.checked_in` (booking): the car arrived; it also carries the vehicle file."""

    appointment_id: str
    dealer_id: str
    customer_id: str
    vehicle_id: str
    vin: str
    plate: str
    model: str
    service_type: str
    concern: str = ""


class CustomerFile(BaseModel):
    """`customer.registered` / `customer.updated` (booking)."""

    customer_id: str
    dealer_id: str
    name: str = ""


class VehicleFile(BaseModel):
    """`vehicle.registered` / `vehicle.updated` (booking)."""

    vehicle_id: str
    customer_id: str
    dealer_id: str
    vin: str
    plate: str
    model: str


class PartQty(BaseModel):
    part_no: str
    qty: Decimal


class PartsReserved(BaseModel):
    """`parts.reserved`: lines newly held for the order."""

    order_id: str
    dealer_id: str
    lines: list[PartQty]


class ShortLine(BaseModel):
    part_no: str
    qty_requested: Decimal
    qty_short: Decimal
    expected_date: date | None = None


class PartsShortage(BaseModel):
    """`parts.shortage`: what a job still lacks."""

    order_id: str
    dealer_id: str
    job_id: str | None = None
    lines: list[ShortLine]


class PartsIssued(BaseModel):
    """`parts.issued`: parts handed to a job."""

    order_id: str
    job_id: str
    dealer_id: str
    lines: list[PartQty]


class InvoicePaid(BaseModel):
    """`invoice.paid` (billing): the order's bill is settled."""

    invoice_id: str
    order_id: str
    dealer_id: str


class PaymentRefunded(BaseModel):
    """`payment.refunded` (billing): `invoice_settled` false re-opens the bill."""

    invoice_id: str
    order_id: str
    dealer_id: str
    invoice_settled: bool
