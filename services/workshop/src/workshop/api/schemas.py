"""Request and response bodies (separate from the tables: no mass assignment)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from aftersales_common.web.inputs import Actor, DecimalText, Id, Vin, text
from aftersales_common.wire import DealerTime
from aftersales_common.wire import PlainDecimal as Amount
from workshop.domain.board import Colour
from workshop.domain.progress import Progress
from workshop.domain.repair_order import RepairOrder
from workshop.domain.statuses import JobStatus, OrderStatus, PayType, QcLevel
from workshop.domain.values import SERVICE_TYPES

Text = Annotated[str, text(2000)]
Note = Annotated[str, text(500)]


class ServiceType(StrEnum):
    """The closed vocabulary of service types (the same as booking's)."""

    MAINTENANCE = "maintenance"
    REPAIR = "repair"
    WARRANTY = "warranty"
    CAMPAIGN = "campaign"
    QUICK = "quick"


assert tuple(ServiceType) == SERVICE_TYPES


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OrderCreate(Input):
    dealer_id: Id
    customer_id: Id
    vehicle_id: Id
    vin: Vin | None = Field(default=None,
                            description="optional: taken from the vehicle file; must match it")
    plate: Annotated[str, text(20, min_length=1)] | None = Field(
        default=None, description="optional: taken from the vehicle file; must match it")
    model: Annotated[str, text(100)] | None = Field(
        default=None, description="optional: taken from the vehicle file; must match it")
    concern: Text = ""
    service_type: ServiceType = ServiceType.REPAIR


class InspectionIn(Input):
    odometer_km: int = Field(ge=0, le=3_000_000)
    fuel_level: int = Field(ge=0, le=100, description="fuel gauge in percent (0 empty, 100 full)")
    notes: Text = ""
    damages: list[Note] = Field(default=[], max_length=50)
    valuables: list[Note] = Field(default=[], max_length=50)


class PartIn(Input):
    part_no: Annotated[str, text(40, min_length=1)]
    qty: Annotated[Decimal, Field(gt=0, le=10_000, max_digits=15, decimal_places=3), DecimalText()]


class JobCreate(Input):
    op_code: Annotated[str, text(40, min_length=1)]
    description: Annotated[str, text(500, min_length=1)]
    labor_hours: Annotated[Decimal, Field(gt=0, le=100, decimal_places=2), DecimalText()]
    pay_type: PayType
    parts: list[PartIn] = Field(default=[], max_length=50)


class Signature(Input):
    signed_by: Actor


class AdditionalWorkDecision(Signature):
    job_ids: list[Id] = Field(min_length=1, max_length=50)


class Assignment(Input):
    technician: Actor


class FinishIn(Input):
    notes: Text | None = None


class QcIn(Input):
    passed: bool
    notes: Text = ""
    level: QcLevel = Field(default=QcLevel.FINAL, description=(
        "in order: self (technician or foreman), foreman (foreman), final (qc_inspector), "
        "pre_delivery (service_advisor); a failure at any level restarts at self"))
    job_ids: list[Id] | None = Field(default=None, max_length=50,
                                      description="on a failure, the jobs to redo (default all)")


class DeliverIn(Input):
    odometer_km: int | None = Field(default=None, ge=0, le=3_000_000)


class CancelIn(Input):
    reason: Annotated[str, text(500, min_length=1)]


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
    pay_type: PayType
    parts: list[PartOut]
    status: JobStatus
    additional: bool
    technician: str | None
    rework_count: int
    requested_by: str
    decided_by: str | None
    started_at: DealerTime | None
    finished_at: DealerTime | None
    finish_notes: str | None
    created_at: DealerTime


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
    status: OrderStatus
    progress: Progress = Field(description="what the customer follows: received, in_repair, "
                                           "quality_check, ready, delivered (or cancelled)")
    paid: bool
    paid_at: DealerTime | None
    invoice_id: str | None
    waiting_parts: bool
    rework_count: int
    qc_stage: QcLevel | None = Field(description="the last check passed in the current round")
    opened_by: str
    authorized_by: str | None
    authorized_at: DealerTime | None
    qc_passed_at: DealerTime | None
    delivered_at: DealerTime | None
    delivery_odometer_km: int | None
    cancel_reason: str | None
    created_at: DealerTime
    updated_at: DealerTime
    jobs: list[JobOut] = []


class InspectionOut(Out):
    odometer_km: int
    fuel_level: int
    notes: str
    damages: list[str]
    valuables: list[str]
    inspected_by: str
    inspected_at: DealerTime


class QcOut(Out):
    id: str
    level: QcLevel
    passed: bool
    notes: str
    rework_job_ids: list[str]
    inspector: str
    created_at: DealerTime


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
    def of(cls, order: RepairOrder) -> OrderDetail:
        """The full order as the desk shows it."""
        return cls.model_validate({
            **order_fields(order), "inspection": order.walk_around,
            "qc_checks": order.qc_checks,
            "parts_status": [PartsStatusOut(part_no=p, status=s.status, held=s.held,
                                            issued=s.issued, short=s.short,
                                            expected_date=s.expected_date)
                             for p, s in sorted(order.supplies.items())],
        })


def order_fields(order: RepairOrder) -> dict[str, Any]:
    """The order's own fields and jobs (what a list shows)."""
    return {name: getattr(order, name) for name in OrderOut.model_fields}


class BoardCard(BaseModel):
    """One car on the progress board."""

    order_id: str
    order_no: str
    plate: str
    model: str
    status: OrderStatus
    colour: Colour
    waiting_parts: bool
    jobs_total: int
    jobs_finished: int
    technicians: list[str]
    created_at: DealerTime
