"""Bodies of the checks, washing, delivery, the gate and the repair archive."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from aftersales_common.web.inputs import Actor, Id, text
from aftersales_common.wire import DealerTime, Money
from aftersales_common.wire import PlainDecimal as Amount
from workshop.domain.delivery import Document, NextServiceBasis, OldPartsHandling, WashOutcome
from workshop.domain.statuses import JobStatus, PayType, QcLevel
from workshop.domain.terms import GuaranteeClass, PartOrigin

Text = Annotated[str, text(2000)]
Note = Annotated[str, text(500)]


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# ---- requests -----------------------------------------------------------------------------
class QcChecklistAnswerIn(Input):
    item: Annotated[str, text(40, min_length=1)]
    ok: bool
    note: Note = ""


class QcIn(Input):
    passed: bool
    notes: Text = ""
    level: QcLevel = Field(default=QcLevel.FINAL, description=(
        "in order: self (technician or foreman), foreman (foreman), final (qc_inspector), "
        "pre_delivery (service_advisor, once the car is washed and ready); a failure at any "
        "level restarts at self"))
    job_ids: list[Id] | None = Field(default=None, max_length=50,
                                      description="on a failure, the jobs to redo (default all)")
    checklist: list[QcChecklistAnswerIn] | None = Field(default=None, max_length=100, description=(
        "the level's checklist (GET /qc-checklists), every point answered once; a pass with a "
        "point not ok is 422. Optional for older clients."))


class WashIn(Input):
    washed: bool = Field(default=True, description=(
        "true: washed (洗车完成); false: the customer declined washing (recorded as declined)"))


class DeliverIn(Input):
    odometer_km: int | None = Field(default=None, ge=0, le=3_000_000)
    warranty_signed_by: Actor | None = Field(default=None, description=(
        "the customer who signed the warranty settlement; required when the order has warranty "
        "work (422 otherwise)"))
    old_parts_handled: OldPartsHandling | None = Field(default=None, description=(
        "handed_over or disposed; must match the customer's old-parts choice when one was made"))
    documents_handed: list[Document] = Field(default=[], max_length=20)


# ---- responses ----------------------------------------------------------------------------
class QcChecklistItemOut(Out):
    code: str
    name: str
    name_en: str


class QcChecklistOut(BaseModel):
    dealer_id: str
    level: QcLevel
    items: list[QcChecklistItemOut]


class QcChecklistAnswerOut(Out):
    item: str
    ok: bool
    note: str


class WashOut(Out):
    outcome: WashOutcome
    by: str
    at: DealerTime


class NextServiceOut(Out):
    due_on: date
    due_km: int | None
    basis: NextServiceBasis


class HandoverOut(Out):
    warranty_signed_by: str | None
    old_parts_handled: OldPartsHandling | None
    documents: list[Document]


class GatePassOut(Out):
    code: str
    qr_text: str
    issued_by: str
    issued_at: DealerTime
    exited_at: DealerTime | None
    checked_by: str | None
    used: bool


class GatePassView(GatePassOut):
    """The pass with the car it lets out (what the gate and the printed pass show)."""

    order_id: str
    order_no: str
    plate: str
    model: str
    vin: str


class TechnicianComebacks(Out):
    technician: str
    jobs: int = Field(description="jobs of theirs sent back to rework by a failed check")
    orders: int
    by_level: dict[str, int]


# ---- the repair archive (维修档案) ----------------------------------------------------------
class ArchivePart(BaseModel):
    part_no: str
    name: str | None
    qty: Amount
    origin: PartOrigin
    consent_by: str | None = None


class ArchiveJob(BaseModel):
    job_id: str
    op_code: str
    description: str
    pay_type: PayType
    status: JobStatus
    additional: bool
    labor_hours: Amount
    clocked_hours: Amount | None = None
    technician: str | None
    rework_count: int
    decided_by: str | None
    decided_at: DealerTime | None
    started_at: DealerTime | None
    finished_at: DealerTime | None
    parts: list[ArchivePart]


class ArchiveCheck(BaseModel):
    level: QcLevel
    passed: bool
    inspector: str
    at: DealerTime
    notes: str
    rework_job_ids: list[str]
    checklist: list[QcChecklistAnswerOut]


class ArchiveGuarantee(BaseModel):
    """The quality guarantee period (质量保证期) of the visit's work, from the delivery."""

    guarantee_class: GuaranteeClass
    km: int
    days: int
    until: date
    until_km: int | None


class ArchiveCustomer(BaseModel):
    customer_id: str
    name: str | None


class ArchiveVehicle(BaseModel):
    vehicle_id: str
    vin: str
    plate: str
    model: str


class ArchiveVisit(BaseModel):
    service_type: str
    concern: str = Field(description="the customer's words / the fault described at reception")
    opened_at: DealerTime
    opened_by: str
    appointment_id: str | None


class ArchiveWalkAround(BaseModel):
    odometer_km: int
    fuel_level: int
    notes: str
    damages: list[str]
    valuables: list[str]
    inspected_by: str
    inspected_at: DealerTime


class ArchiveEstimate(BaseModel):
    """The authorisation and, when priced, the figures the customer signed."""

    authorized_by: str | None
    authorized_at: DealerTime | None
    labour: Money | None = None
    parts: Money | None = None
    vat: Money | None = None
    total: Money | None = None
    quoted_total: Money | None = None
    promised_at: DealerTime | None = None
    signed_at: DealerTime | None = None


class ArchiveDecision(BaseModel):
    """Additional work (追加维修) and the customer's decision on it."""

    job_id: str
    op_code: str
    description: str
    status: JobStatus
    requested_by: str
    decided_by: str | None
    decided_at: DealerTime | None


class ArchiveSettlement(BaseModel):
    invoice_id: str | None
    settlement_no: str | None
    total: Money | None
    paid: bool
    paid_at: DealerTime | None


class ArchiveDelivery(BaseModel):
    delivered_at: DealerTime
    delivered_by: str | None
    odometer_km: int | None
    ready_at: DealerTime | None
    wash: WashOutcome | None
    warranty_signed_by: str | None
    old_parts_handled: OldPartsHandling | None
    documents: list[Document]
    next_service: NextServiceOut | None
    gate_pass_code: str | None
    exited_at: DealerTime | None


class Archive(BaseModel):
    """The repair archive (维修档案) of one visit, with the contents the regulation lists."""

    order_id: str
    order_no: str
    dealer_id: str
    status: str
    customer: ArchiveCustomer
    vehicle: ArchiveVehicle
    visit: ArchiveVisit
    walk_around: ArchiveWalkAround | None
    estimate: ArchiveEstimate
    additional_work: list[ArchiveDecision]
    jobs: list[ArchiveJob]
    checks: list[ArchiveCheck]
    settlement: ArchiveSettlement
    delivery: ArchiveDelivery | None
    guarantee: ArchiveGuarantee | None


class ArchiveSummary(BaseModel):
    """One archived (delivered) visit in a vehicle's list."""

    order_id: str
    order_no: str
    opened_at: DealerTime
    delivered_at: DealerTime | None
    odometer_km: int | None
    settlement_no: str | None
    total: Money | None
    concern: str
    jobs: list[str] = Field(description="what was done: op code and name")


