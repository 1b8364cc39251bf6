"""What happens to stock and reservations, in the domain's words (mapped in `parts.contracts`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from aftersales_common.domain import DomainEvent


@dataclass(frozen=True, kw_only=True)
class ReservedLine:
    """Stock newly held for an order."""

    part_no: str
    qty: Decimal
    unit_price: Decimal


@dataclass(frozen=True, kw_only=True)
class ShortLine:
    """What a job needs that stock cannot cover (qty_short of qty_requested)."""

    part_no: str
    qty_requested: Decimal
    qty_short: Decimal
    expected_date: date | None = None


@dataclass(frozen=True, kw_only=True)
class IssuedLine:
    """Parts handed to (or brought back from) a job, at a sale price."""

    part_no: str
    name: str
    qty: Decimal
    unit_price: Decimal


@dataclass(frozen=True, kw_only=True)
class PartsReserved(DomainEvent):
    order_id: str
    dealer_id: str
    lines: tuple[ReservedLine, ...]


@dataclass(frozen=True, kw_only=True)
class PartsShort(DomainEvent):
    order_id: str
    dealer_id: str
    job_id: str | None
    lines: tuple[ShortLine, ...]


@dataclass(frozen=True, kw_only=True)
class PartsIssued(DomainEvent):
    order_id: str
    job_id: str
    dealer_id: str
    lines: tuple[IssuedLine, ...]


@dataclass(frozen=True, kw_only=True)
class PartsReturned(DomainEvent):
    order_id: str
    job_id: str
    dealer_id: str
    lines: tuple[IssuedLine, ...]


@dataclass(frozen=True, kw_only=True)
class StockLow(DomainEvent):
    """Available stock dropped (again) below the part's reorder point."""

    dealer_id: str
    part_no: str
    on_hand: Decimal
    reserved: Decimal
    available: Decimal
    reorder_point: Decimal


@dataclass(frozen=True, kw_only=True)
class PartPriceChanged(DomainEvent):
    """A part entered the catalogue, or its name or sale price changed."""

    dealer_id: str
    part_no: str
    name: str
    unit_price: Decimal


@dataclass(frozen=True, kw_only=True)
class StockLevelChanged(DomainEvent):
    """A part's available quantity (or its expected arrival) changed; once per transaction."""

    dealer_id: str
    part_no: str
    available: Decimal
    on_order: Decimal
    expected_date: date | None
