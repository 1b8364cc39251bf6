"""Booking's own database tables (SQLModel, own metadata) plus the seedwork tables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from aftersales_common.clock import new_id, utcnow
from aftersales_common.db import utc_column
from aftersales_common.messaging.tables import messaging_tables


class BookingTable(SQLModel, registry=registry()):
    """Base of booking's tables: a metadata of its own."""


class Customer(BookingTable, table=True):
    __table_args__ = (UniqueConstraint("dealer_id", "phone", name="uq_customer_dealer_phone"),)
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    dealer_id: str = Field(index=True, max_length=36)
    name: str = Field(max_length=100)
    phone: str = Field(max_length=20)
    email: str | None = Field(default=None, max_length=200)
    callback_opt_out: bool = False
    sms_opt_out: bool = False
    preferred_channel: str = Field(default="phone", max_length=20)
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class Vehicle(BookingTable, table=True):
    __table_args__ = (UniqueConstraint("dealer_id", "vin", name="uq_vehicle_dealer_vin"),)
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    dealer_id: str = Field(index=True, max_length=36)
    customer_id: str = Field(foreign_key="customer.id", index=True, max_length=36)
    vin: str = Field(max_length=17)
    plate: str = Field(max_length=20)
    model: str = Field(max_length=100)
    usage: str = Field(default="private", max_length=20)
    mileage_km: int | None = None
    last_service_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class Appointment(BookingTable, table=True):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    dealer_id: str = Field(index=True, max_length=36)
    customer_id: str = Field(foreign_key="customer.id", index=True, max_length=36)
    vehicle_id: str = Field(foreign_key="vehicle.id", max_length=36)
    start: datetime = Field(sa_column=utc_column(nullable=False, index=True))
    end: datetime = Field(sa_column=utc_column(nullable=False))
    lane: str = Field(max_length=10)
    service_type: str = Field(max_length=20)
    concern: str = Field(default="", max_length=2000)
    status: str = Field(default="booked", max_length=20, index=True)
    channel: str = Field(default="app", max_length=10)
    initiated_by: str = Field(default="customer", max_length=10)
    booked_by: str = Field(max_length=120)
    checked_in_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class SlotUsage(BookingTable, table=True):
    """How many appointments hold a slot: the row that makes overbooking impossible."""

    __tablename__ = "slot_usage"
    dealer_id: str = Field(primary_key=True, max_length=36)
    lane: str = Field(primary_key=True, max_length=10)
    start: datetime = Field(sa_column=utc_column(primary_key=True))
    booked: int = 0


class DealerCalendar(BookingTable, table=True):
    __tablename__ = "dealer_calendar"
    dealer_id: str = Field(primary_key=True, max_length=36)
    timezone: str = Field(default="Asia/Shanghai", max_length=60)
    open_time: str = Field(default="08:30", max_length=5)
    close_time: str = Field(default="17:30", max_length=5)
    slot_minutes: int = 60
    bays: int = 3
    quick_bays: int = 1


metadata = BookingTable.metadata
messaging = messaging_tables(metadata)
