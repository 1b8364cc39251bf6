"""Workshop's own database tables (SQLModel, own metadata) plus the seedwork tables."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from aftersales_common.clock import new_id, utcnow
from aftersales_common.db import decimal_column, utc_column
from aftersales_common.messaging.tables import messaging_tables


class WorkshopTable(SQLModel, registry=registry()):
    """Base of workshop's tables: a metadata of its own."""


def _json() -> Any:
    return Column(JSON, nullable=False)


class RepairOrder(WorkshopTable, table=True):
    """The repair order (维修委托书); at most one per appointment."""

    __tablename__ = "repair_order"
    __table_args__ = (UniqueConstraint("dealer_id", "order_no", name="uq_repair_order_dealer_no"),)
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    order_no: str = Field(max_length=30)
    dealer_id: str = Field(index=True, max_length=36)
    appointment_id: str | None = Field(default=None, unique=True, max_length=36)
    customer_id: str = Field(index=True, max_length=36)
    vehicle_id: str = Field(index=True, max_length=36)
    vin: str = Field(max_length=17)
    plate: str = Field(max_length=20)
    model: str = Field(default="", max_length=100)
    service_type: str = Field(max_length=20)
    concern: str = Field(default="", max_length=2000)
    status: str = Field(default="opened", max_length=20, index=True)
    paid: bool = False
    paid_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    invoice_id: str | None = Field(default=None, max_length=36)
    waiting_parts: bool = False
    rework_count: int = 0
    qc_stage: str | None = Field(default=None, max_length=20)
    opened_by: str = Field(max_length=120)
    authorized_by: str | None = Field(default=None, max_length=120)
    authorized_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    qc_passed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    delivered_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    delivered_by: str | None = Field(default=None, max_length=120)
    delivery_odometer_km: int | None = None
    cancel_reason: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False, index=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class Job(WorkshopTable, table=True):
    """One job (维修项目) on an order, with the parts it needs as [{part_no, qty}]."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    order_id: str = Field(foreign_key="repair_order.id", index=True, max_length=36)
    position: int
    op_code: str = Field(max_length=40)
    description: str = Field(max_length=500)
    labor_hours: Decimal = Field(sa_column=decimal_column(nullable=False))
    pay_type: str = Field(max_length=20)
    parts: list[dict[str, str]] = Field(default_factory=list, sa_column=_json())
    status: str = Field(max_length=20)
    additional: bool = False
    technician: str | None = Field(default=None, max_length=120)
    rework_count: int = 0
    requested_by: str = Field(max_length=120)
    decided_by: str | None = Field(default=None, max_length=120)
    decided_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    started_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    finished_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    finish_notes: str | None = Field(default=None, max_length=2000)
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class Inspection(WorkshopTable, table=True):
    """The walk-around at reception (环车检查); one per order, recorded again replaces it."""

    order_id: str = Field(foreign_key="repair_order.id", primary_key=True, max_length=36)
    odometer_km: int
    fuel_level: int
    notes: str = Field(default="", max_length=2000)
    damages: list[str] = Field(default_factory=list, sa_column=_json())
    valuables: list[str] = Field(default_factory=list, sa_column=_json())
    inspected_by: str = Field(max_length=120)
    inspected_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class QcCheck(WorkshopTable, table=True):
    """One quality check (质检) and, on a failure, the jobs it sent back."""

    __tablename__ = "qc_check"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    order_id: str = Field(foreign_key="repair_order.id", index=True, max_length=36)
    level: str = Field(max_length=20)
    passed: bool
    notes: str = Field(default="", max_length=2000)
    rework_job_ids: list[str] = Field(default_factory=list, sa_column=_json())
    inspector: str = Field(max_length=120)
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class PartsStatus(WorkshopTable, table=True):
    """What parts reported for one part number of an order (see domain.supply)."""

    __tablename__ = "parts_status"
    order_id: str = Field(foreign_key="repair_order.id", primary_key=True, max_length=36)
    part_no: str = Field(primary_key=True, max_length=40)
    held: Decimal = Field(default=Decimal(0), sa_column=decimal_column(nullable=False))
    issued: Decimal = Field(default=Decimal(0), sa_column=decimal_column(nullable=False))
    short: Decimal = Field(default=Decimal(0), sa_column=decimal_column(nullable=False))
    short_by_job: dict[str, str] = Field(default_factory=dict, sa_column=_json())
    awaiting_initial: Decimal = Field(default=Decimal(0), sa_column=decimal_column(nullable=False))
    expected_date: date | None = None
    status: str = Field(default="reserved", max_length=10)
    updated_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class OrderCounter(WorkshopTable, table=True):
    """Last order number handed out per dealer and day: the row that keeps numbers unique."""

    __tablename__ = "order_counter"
    dealer_id: str = Field(primary_key=True, max_length=36)
    day: str = Field(primary_key=True, max_length=8)
    last: int = 0


class KnownCustomer(WorkshopTable, table=True):
    """A customer booking registered (projection of `customer.*`), to check walk-ins against."""

    __tablename__ = "known_customer"
    customer_id: str = Field(primary_key=True, max_length=36)
    dealer_id: str = Field(index=True, max_length=36)
    name: str = Field(default="", max_length=200)
    updated_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class KnownVehicle(WorkshopTable, table=True):
    """A vehicle booking registered (projection of `vehicle.*` and check-ins)."""

    __tablename__ = "known_vehicle"
    vehicle_id: str = Field(primary_key=True, max_length=36)
    customer_id: str = Field(index=True, max_length=36)
    dealer_id: str = Field(index=True, max_length=36)
    vin: str = Field(max_length=17)
    plate: str = Field(max_length=20)
    model: str = Field(default="", max_length=100)
    updated_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


metadata = WorkshopTable.metadata
messaging = messaging_tables(metadata)
