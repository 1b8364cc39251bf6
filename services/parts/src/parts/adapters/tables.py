"""Parts' own database tables (SQLModel, own metadata) plus the seedwork tables."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, Date, Index, UniqueConstraint
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from aftersales_common.clock import new_id, utcnow
from aftersales_common.db import money_column, utc_column
from aftersales_common.messaging.tables import messaging_tables
from parts.adapters.types import QuantityType

ZERO = Decimal(0)


class PartsTable(SQLModel, registry=registry()):
    """Base of parts' tables: a metadata of its own."""


def _qty(**kw: object) -> Column:  # type: ignore[type-arg]
    return Column(QuantityType(), **kw)  # type: ignore[arg-type]


class Part(PartsTable, table=True):
    """A catalogue entry of one dealer (配件目录)."""

    __table_args__ = (UniqueConstraint("dealer_id", "part_no", name="uq_part_dealer_part_no"),)
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    dealer_id: str = Field(index=True, max_length=36)
    part_no: str = Field(max_length=40)
    name: str = Field(max_length=200)
    unit: str = Field(default="pcs", max_length=10)
    unit_price: Decimal = Field(sa_column=money_column(nullable=False))
    unit_cost: Decimal = Field(sa_column=money_column(nullable=False))
    reorder_point: Decimal = Field(default=ZERO, sa_column=_qty(nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class Stock(PartsTable, table=True):
    """The stock of a part: the row every movement updates with one guarded UPDATE."""

    __table_args__ = (
        CheckConstraint("on_hand >= 0", name="ck_stock_on_hand_not_negative"),
        CheckConstraint("reserved >= 0", name="ck_stock_reserved_not_negative"),
        CheckConstraint("reserved <= on_hand", name="ck_stock_reserved_within_on_hand"),
    )
    dealer_id: str = Field(primary_key=True, max_length=36)
    part_no: str = Field(primary_key=True, max_length=40)
    on_hand: Decimal = Field(default=ZERO, sa_column=_qty(nullable=False))
    reserved: Decimal = Field(default=ZERO, sa_column=_qty(nullable=False))


class StockMovement(PartsTable, table=True):
    """The ledger (库存台账): one row per change of on_hand or reserved, with the result."""

    __tablename__ = "stock_movement"
    __table_args__ = (Index("ix_stock_movement_dealer_part", "dealer_id", "part_no"),)
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    dealer_id: str = Field(max_length=36)
    part_no: str = Field(max_length=40)
    kind: str = Field(max_length=20)
    on_hand_delta: Decimal = Field(sa_column=_qty(nullable=False))
    reserved_delta: Decimal = Field(sa_column=_qty(nullable=False))
    on_hand_after: Decimal = Field(sa_column=_qty(nullable=False))
    reserved_after: Decimal = Field(sa_column=_qty(nullable=False))
    order_id: str | None = Field(default=None, index=True, max_length=36)
    job_id: str | None = Field(default=None, max_length=36)
    reference: str | None = Field(default=None, max_length=120)
    reason: str | None = Field(default=None, max_length=500)
    unit_cost: Decimal | None = Field(default=None, sa_column=money_column(nullable=True))
    actor: str = Field(max_length=120)
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class Reservation(PartsTable, table=True):
    """Parts held for one job of a repair order (预留), one row per (order, job, part)."""

    __table_args__ = (
        UniqueConstraint("dealer_id", "order_id", "job_id", "part_no",
                         name="uq_reservation_order_job_part"),
    )
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    dealer_id: str = Field(index=True, max_length=36)
    order_id: str = Field(index=True, max_length=36)
    job_id: str = Field(max_length=36)
    part_no: str = Field(max_length=40)
    qty_requested: Decimal = Field(sa_column=_qty(nullable=False))
    qty_held: Decimal = Field(default=ZERO, sa_column=_qty(nullable=False))
    qty_issued: Decimal = Field(default=ZERO, sa_column=_qty(nullable=False))
    status: str = Field(default="held", max_length=20)
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class Issue(PartsTable, table=True):
    """Parts issued to a job (领料): at most one row per (order, job, part), so never twice."""

    __table_args__ = (
        UniqueConstraint("dealer_id", "order_id", "job_id", "part_no", name="uq_issue_order_job_part"),
    )
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    dealer_id: str = Field(index=True, max_length=36)
    order_id: str = Field(index=True, max_length=36)
    job_id: str = Field(max_length=36)
    part_no: str = Field(max_length=40)
    name: str = Field(max_length=200)
    qty: Decimal = Field(sa_column=_qty(nullable=False))
    qty_returned: Decimal = Field(default=ZERO, sa_column=_qty(nullable=False))
    unit_price: Decimal = Field(sa_column=money_column(nullable=False))
    unit_cost: Decimal = Field(sa_column=money_column(nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class Shortage(PartsTable, table=True):
    """A need the stock could not cover (缺件), open until filled or the order is cancelled."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    dealer_id: str = Field(index=True, max_length=36)
    order_id: str = Field(index=True, max_length=36)
    job_id: str | None = Field(default=None, max_length=36)
    part_no: str = Field(max_length=40)
    qty_requested: Decimal = Field(sa_column=_qty(nullable=False))
    qty_short: Decimal = Field(sa_column=_qty(nullable=False))
    stage: str = Field(default="reserve", max_length=10)
    status: str = Field(default="open", max_length=12, index=True)
    expected_date: date | None = Field(default=None, sa_column=Column(Date(), nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


metadata = PartsTable.metadata
messaging = messaging_tables(metadata)
