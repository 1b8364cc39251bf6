"""Request and response bodies (separate from the tables: no mass assignment)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from aftersales_common.wire import PlainDecimal as Amount
from workshop.adapters.repository import OrderView
from workshop.domain.order import QcLevel

Text = Annotated[str, Field(max_length=2000)]


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OrderCreate(Input):
    dealer_id: str = Field(min_length=1, max_length=36)
    customer_id: str = Field(min_length=1, max_length=36)
    vehicle_id: str = Field(min_length=1, max_length=36)
    vin: str = Field(min_length=17, max_length=17)
    plate: str = Field(min_length=1, max_length=20)
    model: str = Field(default="", max_length=100)
    concern: Text = ""
    service_type: str = Field(default="repair", max_length=20)


class InspectionIn(Input):
    odometer_km: int = Field(ge=0, le=3_000_000)
    fuel_level: int = Field(ge=0, le=100, description="fuel gauge in percent (0 empty, 100 full)")
    notes: Text = ""
    damages: list[Annotated[str, Field(max_length=500)]] = Field(default=[], max_length=50)
    valuables: list[Annotated[str, Field(max_length=500)]] = Field(default=[], max_length=50)


class PartIn(Input):
    part_no: str = Field(min_length=1, max_length=40)
    qty: Decimal = Field(gt=0, le=10_000)


class JobCreate(Input):
    op_code: str = Field(min_length=1, max_length=40)
    description: str = Field(min_length=1, max_length=500)
    labor_hours: Decimal = Field(gt=0, le=100, decimal_places=2)
    pay_type: str = Field(pattern="^(customer|warranty|internal)$")
    parts: list[PartIn] = Field(default=[], max_length=50)


class Signature(Input):
    signed_by: str = Field(min_length=1, max_length=120)


class AdditionalWorkDecision(Signature):
    job_ids: list[str] = Field(min_length=1, max_length=50)


class Assignment(Input):
    technician: str = Field(min_length=1, max_length=120)


class FinishIn(Input):
    notes: Text | None = None


class QcIn(Input):
    passed: bool
    notes: Text = ""
    level: QcLevel = QcLevel.FINAL
    job_ids: list[str] | None = Field(default=None, max_length=50,
                                      description="on a failure, the jobs to redo (default all)")


class DeliverIn(Input):
    odometer_km: int | None = Field(default=None, ge=0, le=3_000_000)


class CancelIn(Input):
    reason: str = Field(min_length=1, max_length=500)


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class PartOut(Out):
    part_no: str
    qty: Amount


class JobOut(Out):
    id: str
    order_id: str
    position: int
    op_code: str
    description: str
    labor_hours: Amount
    pay_type: str
    parts: list[PartOut]
    status: str
    additional: bool
    technician: str | None
    rework_count: int
    requested_by: str
    decided_by: str | None
    started_at: datetime | None
    finished_at: datetime | None
    finish_notes: str | None
    created_at: datetime


class OrderOut(Out):
    id: str
    order_no: str
    dealer_id: str
    appointment_id: str | None
    customer_id: str
    vehicle_id: str
    vin: str
    plate: str
    model: str
    service_type: str
    concern: str
    status: str
    paid: bool
    paid_at: datetime | None
    invoice_id: str | None
    waiting_parts: bool
    rework_count: int
    opened_by: str
    authorized_by: str | None
    authorized_at: datetime | None
    qc_passed_at: datetime | None
    delivered_at: datetime | None
    delivery_odometer_km: int | None
    cancel_reason: str | None
    created_at: datetime
    updated_at: datetime
    jobs: list[JobOut] = []


class InspectionOut(Out):
    odometer_km: int
    fuel_level: int
    notes: str
    damages: list[str]
    valuables: list[str]
    inspected_by: str
    inspected_at: datetime


class QcOut(Out):
    id: str
    level: str
    passed: bool
    notes: str
    rework_job_ids: list[str]
    inspector: str
    created_at: datetime


class PartsStatusOut(Out):
    part_no: str
    status: str
    held: Amount
    issued: Amount
    short: Amount
    expected_date: date | None


class OrderDetail(OrderOut):
    inspection: InspectionOut | None
    qc_checks: list[QcOut]
    parts_status: list[PartsStatusOut]

    @classmethod
    def of(cls, view: OrderView) -> OrderDetail:
        """The full order as the desk shows it."""
        base: dict[str, Any] = OrderOut.model_validate(view.order).model_dump()
        return cls.model_validate({
            **base, "jobs": view.jobs, "inspection": view.inspection,
            "qc_checks": view.qc_checks, "parts_status": view.parts,
        })


class BoardCard(BaseModel):
    order_id: str
    order_no: str
    plate: str
    model: str
    status: str
    colour: str
    waiting_parts: bool
    jobs_total: int
    jobs_finished: int
    technicians: list[str]
    created_at: datetime
