"""Request and response bodies (separate from the tables: no mass assignment)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from aftersales_common.web.inputs import Actor, Day, DecimalText, Id, Moment, Vin, text
from aftersales_common.wire import DealerTime
from aftersales_common.wire import PlainDecimal as Amount
from workshop.api.schemas_catalogue import SignedOut, signed_out
from workshop.api.schemas_delivery import (
    GatePassOut,
    HandoverOut,
    NextServiceOut,
    QcChecklistAnswerOut,
    WashOut,
)
from workshop.api.schemas_dispatch import ClockLineOut
from workshop.api.schemas_reception import (
    ComebackOut,
    ThreeCOut,
    WalkAroundDetailOut,
    WalkAroundFields,
)
from workshop.domain.board import Colour
from workshop.domain.progress import Progress
from workshop.domain.repair_order import RepairOrder
from workshop.domain.statuses import JobStatus, OrderStatus, PayType, QcLevel
from workshop.domain.terms import PartOrigin, Skill
from workshop.domain.values import SERVICE_TYPES
from workshop.domain.visit import Arrival, OldParts, PaymentMethod, VisitType

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
    visit_type: VisitType | None = Field(default=None, description=(
        "maintenance, warranty, paid_repair or rework (返修); default from service_type"))
    arrived_at: Moment | None = Field(default=None, description="when the car arrived (default now)")
    customer_words: Text | None = Field(default=None, description=(
        "the customer's own words, verbatim (default: the concern)"))


class InspectionIn(WalkAroundFields):
    odometer_km: int = Field(ge=0, le=3_000_000)
    fuel_level: int = Field(ge=0, le=100, description="fuel gauge in percent (0 empty, 100 full)")
    notes: Text = ""
    damages: list[Note] = Field(default=[], max_length=50)
    valuables: list[Note] = Field(default=[], max_length=50)


class PartIn(Input):
    part_no: Annotated[str, text(40, min_length=1)]
    qty: Annotated[Decimal, Field(gt=0, le=10_000, max_digits=15, decimal_places=3), DecimalText()]
    origin: PartOrigin = Field(default=PartOrigin.ORIGINAL, description=(
        "original 原厂件, equivalent 同质件, remanufactured 再制造件, used 旧件; the last two "
        "need consent_by (422 without)"))
    consent_by: Annotated[str, text(120, min_length=1)] | None = Field(
        default=None, description="the customer who agreed to a remanufactured or used part")


class JobCreate(Input):
    op_code: Annotated[str, text(40, min_length=1)]
    description: Annotated[str, text(500, min_length=1)] | None = Field(
        default=None, description="optional for an operation of the catalogue (its name)")
    labor_hours: Annotated[Decimal, Field(gt=0, le=100, decimal_places=2), DecimalText()] | None = \
        Field(default=None, description="optional for an operation of the catalogue (its "
                                        "standard hours); required otherwise")
    pay_type: PayType
    skill: Skill | None = Field(default=None, description=(
        "taken from the catalogue operation when the op_code is in it; else this (default "
        "mechanical)"))
    parts: list[PartIn] = Field(default=[], max_length=50)


class Signature(Input):
    signed_by: Actor


class EstimateSignature(Signature):
    signature: Annotated[str, text(280_000)] | None = Field(default=None, description=(
        "the drawn signature as a PNG data URL (data:image/png;base64,...), at most 200 KB"))


class AdditionalWorkDecision(Signature):
    job_ids: list[Id] = Field(min_length=1, max_length=50)
    reason: Note | None = Field(default=None, description=(
        "on a decline: why (kept with the work on the vehicle's record)"))
    remind_on: Day | None = Field(default=None, description=(
        "on a decline: when CRM should remind the customer (default 30 days later)"))


class Assignment(Input):
    """Name the technician by roster id (`technician_id`) or, as older clients do, by login."""

    technician_id: Id | None = Field(default=None, description="the technician's roster id")
    technician: Actor | None = Field(
        default=None, description="older clients: the technician's login (user id) instead")


class FinishIn(Input):
    notes: Text | None = None


class CancelIn(Input):
    reason: Annotated[str, text(500, min_length=1)]


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class PartOut(Out):
    part_no: str
    qty: Amount
    origin: PartOrigin = PartOrigin.ORIGINAL
    consent_by: str | None = None
    consent_at: DealerTime | None = None


class JobOut(Out):
    id: str
    order_id: str
    position: int
    op_code: str
    description: str
    labor_hours: Amount
    pay_type: PayType
    skill: Skill
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
    clock_lines: list[ClockLineOut] = Field(default=[], description="clocking: work and rework")
    three_c: ThreeCOut | None = Field(default=None, description="concern / cause / correction")
    pay_reason: str | None = Field(default=None, description=(
        "why the rules chose the pay type (e.g. a free comeback within the guarantee period)"))
    finding_id: str | None = Field(default=None, description=(
        "the health-check finding this job prices (additional work from the inspection)"))


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
    wash: WashOut | None = Field(default=None, description="washed or declined, by whom, when")
    ready_at: DealerTime | None = Field(default=None, description=(
        "washed (or washing declined) after the final inspection: ready to collect"))
    handover: HandoverOut | None = None
    next_service: NextServiceOut | None = Field(default=None, description=(
        "the next service recommended at delivery, by date and by mileage"))
    gate_pass: GatePassOut | None = None
    invoice_no: str | None = Field(default=None, description="the settlement number (结算单号)")
    cancel_reason: str | None
    customer_waiting: bool = False
    visit_type: VisitType = VisitType.PAID_REPAIR
    arrival: Arrival = Arrival.WALK_IN
    arrived_at: DealerTime | None = None
    greeted_at: DealerTime | None = None
    greet_minutes: int | None = Field(default=None, description="minutes from arrival to greeting")
    greeted_late: bool | None = Field(default=None, description="greeted after the dealer's target")
    customer_words: str = Field(default="", description="the customer's own words, verbatim")
    payment_method: PaymentMethod | None = None
    old_parts: OldParts | None = None
    extra_work_needs_approval: bool = False
    repeat_of: str | None = Field(default=None, description="the earlier order this visit repeats")
    comeback: ComebackOut | None = Field(default=None, description=(
        "same problem within the repair guarantee period: the matching job is free"))
    loaner_required: bool = Field(default=False, description=(
        "三包: the repair took over the single-repair limit (loaner car or compensation)"))
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
    detail: WalkAroundDetailOut | None = Field(default=None, description="structured walk-around")


class QcOut(Out):
    id: str
    level: QcLevel
    passed: bool
    notes: str
    rework_job_ids: list[str]
    inspector: str
    created_at: DealerTime
    checklist: list[QcChecklistAnswerOut] = []
    rework_by: dict[str, str] = Field(default={}, description=(
        "job sent back -> its technician (the comeback counts against them)"))


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
    signed_estimate: SignedOut | None = Field(
        default=None, description="the priced estimate as the customer signed it")

    @classmethod
    def of(cls, order: RepairOrder) -> OrderDetail:
        """The full order as the desk shows it."""
        return cls.model_validate({
            **order_fields(order), "inspection": order.walk_around,
            "qc_checks": order.qc_checks, "signed_estimate": signed_out(order),
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
