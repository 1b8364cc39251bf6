"""Request and response bodies (separate from the tables: no mass assignment)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from aftersales_common.web.inputs import Day, DecimalText, Id, text
from aftersales_common.wire import DealerTime, Money
from aftersales_common.wire import PlainDecimal as Qty
from parts.domain.lines import ReservationState, ShortageStage, ShortageState
from parts.domain.stock import Movement, MovementKind, StockItem

MoneyIn = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2), DecimalText()]
QtyIn = Annotated[Decimal, Field(gt=0, max_digits=15, decimal_places=3), DecimalText()]
QtyLevel = Annotated[Decimal, Field(ge=0, max_digits=15, decimal_places=3), DecimalText()]
QtyDelta = Annotated[Decimal, Field(max_digits=15, decimal_places=3), DecimalText()]
DealerId = Id
PartNo = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*$")]


class PartCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    part_no: PartNo
    name: Annotated[str, text(200, min_length=1)]
    unit_price: MoneyIn
    unit_cost: MoneyIn
    dealer_id: DealerId
    reorder_point: QtyLevel = Decimal(0)
    unit: Annotated[str, text(10, min_length=1)] = "pcs"


class PartUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, text(200, min_length=1)] | None = None
    unit_price: MoneyIn | None = None
    unit_cost: MoneyIn | None = None
    reorder_point: QtyLevel | None = None
    unit: Annotated[str, text(10, min_length=1)] | None = None


class PartOut(BaseModel):
    id: str
    dealer_id: str
    part_no: str
    name: str
    unit: str
    unit_price: Money
    unit_cost: Money
    reorder_point: Qty
    on_hand: Qty
    reserved: Qty
    available: Qty
    below_reorder_point: bool
    created_at: DealerTime
    updated_at: DealerTime

    @classmethod
    def of(cls, item: StockItem) -> PartOut:
        p = item.part
        return cls(id=p.id, dealer_id=p.dealer_id, part_no=p.part_no, name=p.name, unit=p.unit,
                   unit_price=p.unit_price, unit_cost=p.unit_cost, reorder_point=p.reorder_point,
                   on_hand=item.on_hand, reserved=item.reserved, available=item.available,
                   below_reorder_point=item.below_reorder_point,
                   created_at=p.created_at, updated_at=p.updated_at)


class ReceiptCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    part_no: PartNo
    qty: QtyIn
    dealer_id: DealerId
    unit_cost: MoneyIn | None = None
    reference: Annotated[str, text(120)] | None = None


class AdjustmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    part_no: PartNo
    dealer_id: DealerId
    qty_delta: QtyDelta
    reason: Annotated[str, text(500, min_length=1)]


class ReturnCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    order_id: Id
    job_id: Id
    part_no: PartNo
    qty: QtyIn
    dealer_id: DealerId
    reason: Annotated[str, text(500)] | None = None


class MovementOut(BaseModel):
    """One ledger row: what changed, why, and the stock it left."""

    model_config = ConfigDict(from_attributes=True)
    id: str
    dealer_id: str
    part_no: str
    kind: MovementKind
    on_hand_delta: Qty
    reserved_delta: Qty
    on_hand_after: Qty
    reserved_after: Qty
    order_id: str | None
    job_id: str | None
    reference: str | None
    reason: str | None
    unit_cost: Money | None
    actor: str
    created_at: DealerTime


class StockChangeOut(MovementOut):
    """A receipt, adjustment or return: the ledger row plus the new stock figures."""

    on_hand: Qty
    reserved: Qty
    available: Qty

    @classmethod
    def of(cls, movement: Movement) -> StockChangeOut:
        return cls.model_validate(movement, from_attributes=True)


class ReservationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    dealer_id: str
    order_id: str
    job_id: str
    part_no: str
    qty_requested: Qty
    qty_held: Qty
    qty_issued: Qty
    status: ReservationState
    created_at: DealerTime
    updated_at: DealerTime


class ShortageOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    dealer_id: str
    order_id: str
    job_id: str | None
    part_no: str
    qty_requested: Qty
    qty_short: Qty
    stage: ShortageStage
    status: ShortageState
    expected_date: date | None
    created_at: DealerTime
    updated_at: DealerTime


class ShortageUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    expected_date: Day | None
