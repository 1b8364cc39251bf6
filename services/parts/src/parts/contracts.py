"""Events parts publishes (topic `aftersales.parts`); field names as in docs/events.md."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from aftersales_common.messaging.envelope import EventData
from aftersales_common.wire import Money
from aftersales_common.wire import PlainDecimal as Qty


class ReservedLine(BaseModel):
    part_no: str
    qty: Qty
    unit_price: Money


class PartsReserved(EventData):
    """Stock now held for the order (lines newly reserved by this event)."""

    event_type = "parts.reserved"
    order_id: str
    dealer_id: str
    lines: list[ReservedLine]


class ShortLine(BaseModel):
    part_no: str
    qty_requested: Qty
    qty_short: Qty
    expected_date: date | None = None


class PartsShortage(EventData):
    """What a job needs that stock cannot cover (qty_short of qty_requested)."""

    event_type = "parts.shortage"
    order_id: str
    dealer_id: str
    job_id: str | None
    lines: list[ShortLine]


class IssuedLine(BaseModel):
    part_no: str
    name: str
    qty: Qty
    unit_price: Money


class PartsIssued(EventData):
    """Parts handed to a job, at the catalogue sale price of the moment (excl. VAT)."""

    event_type = "parts.issued"
    order_id: str
    job_id: str
    dealer_id: str
    lines: list[IssuedLine]


class PartsReturned(PartsIssued):
    """Issued parts brought back to stock, at the price they were issued at."""

    event_type = "parts.returned"


class StockLow(EventData):
    """Available stock dropped below the part's reorder point."""

    event_type = "parts.stock_low"
    dealer_id: str
    part_no: str
    on_hand: Qty
    reserved: Qty
    available: Qty
    reorder_point: Qty


PUBLISHED: list[type[EventData]] = [PartsReserved, PartsShortage, PartsIssued, PartsReturned,
                                    StockLow]
