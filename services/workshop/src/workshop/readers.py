"""Readers of other services' events: only the fields workshop uses; extra fields are ignored."""

from __future__ import annotations

from datetime import date, datetime
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
    checked_in_at: datetime | None = None
    """When the car arrived (reception measures the time to greet from it)."""


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
    """`invoice.paid` (billing): the order's bill is settled; its number is the settlement no."""

    invoice_id: str
    order_id: str
    dealer_id: str
    invoice_no: str | None = None
    total: Decimal | None = None


class PaymentRefunded(BaseModel):
    """`payment.refunded` (billing): `invoice_settled` false re-opens the bill."""

    invoice_id: str
    order_id: str
    dealer_id: str
    invoice_settled: bool


class DealerRatesChanged(BaseModel):
    """`dealer_rates.changed` (billing): the labour and VAT rates estimates are priced with."""

    dealer_id: str
    labour_rate: Decimal
    vat_rate: Decimal
    currency: str


class PartPriceChanged(BaseModel):
    """`part.price_changed` (parts): a part's name and sale price."""

    dealer_id: str
    part_no: str
    name: str = ""
    unit_price: Decimal


class StockLevelChanged(BaseModel):
    """`stock.level_changed` (parts): what is available and when more arrives."""

    dealer_id: str
    part_no: str
    available: Decimal
    on_order: Decimal = Decimal(0)
    expected_date: date | None = None
