"""Events parts publishes (topic `aftersales.parts`) and the one mapping from domain events.

Field names as in docs/events.md. Parts' events carry no times and no closed vocabulary;
quantities are plain decimal strings, money two-place strings.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import BaseModel

from aftersales_common.domain import DomainEvent
from aftersales_common.messaging.envelope import EventData
from aftersales_common.messaging.unit_of_work import Outbound
from aftersales_common.wire import Money
from aftersales_common.wire import PlainDecimal as Qty
from parts.domain import events as de


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


class PartPriceChanged(EventData):
    """A part entered the catalogue or was renamed or repriced (sale price, excl. VAT)."""

    event_type = "part.price_changed"
    dealer_id: str
    part_no: str
    name: str
    unit_price: Money


class StockLevelChanged(EventData):
    """A part's available quantity changed (receipt, reservation, issue, return, count) or a
    shortage got an arrival date: `on_order` what open shortages await, `expected_date` the
    earliest promised arrival (null: none promised)."""

    event_type = "stock.level_changed"
    dealer_id: str
    part_no: str
    available: Qty
    on_order: Qty
    expected_date: date | None


PUBLISHED: list[type[EventData]] = [PartsReserved, PartsShortage, PartsIssued, PartsReturned,
                                    StockLow, PartPriceChanged, StockLevelChanged]


def _lines(model: type[BaseModel], lines: tuple[Any, ...]) -> list[Any]:
    return [model.model_validate(line, from_attributes=True) for line in lines]


def _reserved(e: de.PartsReserved) -> Outbound:
    return Outbound(PartsReserved(order_id=e.order_id, dealer_id=e.dealer_id,
                                  lines=_lines(ReservedLine, e.lines)),
                    e.order_id, e.dealer_id, "order")


def _short(e: de.PartsShort) -> Outbound:
    return Outbound(PartsShortage(order_id=e.order_id, dealer_id=e.dealer_id, job_id=e.job_id,
                                  lines=_lines(ShortLine, e.lines)),
                    e.order_id, e.dealer_id, "order")


def _issued(e: de.PartsIssued) -> Outbound:
    return Outbound(PartsIssued(order_id=e.order_id, job_id=e.job_id, dealer_id=e.dealer_id,
                                lines=_lines(IssuedLine, e.lines)),
                    e.order_id, e.dealer_id, "order")


def _returned(e: de.PartsReturned) -> Outbound:
    return Outbound(PartsReturned(order_id=e.order_id, job_id=e.job_id, dealer_id=e.dealer_id,
                                  lines=_lines(IssuedLine, e.lines)),
                    e.order_id, e.dealer_id, "order")


def _stock_low(e: de.StockLow) -> Outbound:
    return Outbound(StockLow(dealer_id=e.dealer_id, part_no=e.part_no, on_hand=e.on_hand,
                             reserved=e.reserved, available=e.available,
                             reorder_point=e.reorder_point),
                    e.part_no, e.dealer_id, "part")


def _price(e: de.PartPriceChanged) -> Outbound:
    return Outbound(PartPriceChanged(dealer_id=e.dealer_id, part_no=e.part_no, name=e.name,
                                     unit_price=e.unit_price),
                    e.part_no, e.dealer_id, "part")


def _level(e: de.StockLevelChanged) -> Outbound:
    return Outbound(StockLevelChanged(dealer_id=e.dealer_id, part_no=e.part_no,
                                      available=e.available, on_order=e.on_order,
                                      expected_date=e.expected_date),
                    e.part_no, e.dealer_id, "part")


_MAPPING: dict[type[DomainEvent], Callable[[Any], Outbound]] = {
    de.PartsReserved: _reserved,
    de.PartsShort: _short,
    de.PartsIssued: _issued,
    de.PartsReturned: _returned,
    de.StockLow: _stock_low,
    de.PartPriceChanged: _price,
    de.StockLevelChanged: _level,
}


def publish(event: DomainEvent) -> Outbound:
    """The published contract of a domain event (payload, subject, dealer, aggregate type)."""
    try:
        mapper = _MAPPING[type(event)]
    except KeyError:
        raise TypeError(f"parts publishes no contract for {type(event).__name__}") from None
    return mapper(event)
