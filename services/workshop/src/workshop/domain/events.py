"""What happens to a repair order, in the domain's words; `contracts.publish` maps them out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from aftersales_common.domain import DomainEvent
from workshop.domain.delivery import NextService, RecordItem, RecordPart, WashOutcome
from workshop.domain.statuses import JobStatus, OrderStatus, PayType, QcLevel
from workshop.domain.terms import PartOrigin, Skill


@dataclass(frozen=True)
class PartNeed:
    """A part a job needs: part number, quantity, origin and, where needed, the consent to it."""

    part_no: str
    qty: Decimal
    origin: PartOrigin = PartOrigin.ORIGINAL
    consent_by: str | None = None
    """The customer who agreed to a remanufactured or used part (None for the others)."""
    consent_at: datetime | None = None


@dataclass(frozen=True)
class JobFacts:
    """A job as it stood when the event happened."""

    job_id: str
    op_code: str
    description: str
    labor_hours: Decimal
    pay_type: PayType
    status: JobStatus
    technician: str | None
    parts: tuple[PartNeed, ...]
    skill: Skill = Skill.MECHANICAL


@dataclass(frozen=True)
class OrderFacts:
    """The order as it stood when the event happened (a snapshot, not a live object)."""

    order_id: str
    order_no: str
    dealer_id: str
    appointment_id: str | None
    customer_id: str
    vehicle_id: str
    vin: str
    plate: str
    status: OrderStatus
    jobs: tuple[JobFacts, ...]


@dataclass(frozen=True)
class SignedEstimate:
    """The priced estimate as the customer signed it (kept unchanged afterwards)."""

    labour: Decimal
    parts: Decimal
    vat: Decimal
    total: Decimal
    quoted_total: Decimal
    promised_at: datetime | None
    signed_at: datetime
    signature: str | None = None
    """The drawn signature as a PNG data URL (not published in events)."""


@dataclass(frozen=True)
class ReserveLine:
    """A part to hold in stock now for a job the customer has just approved."""

    job_id: str
    part_no: str
    qty: Decimal


@dataclass(frozen=True, kw_only=True)
class OrderEvent(DomainEvent):
    """Base of every event about an order."""

    order: OrderFacts
    at: datetime


@dataclass(frozen=True, kw_only=True)
class OrderOpened(OrderEvent):
    pass


@dataclass(frozen=True, kw_only=True)
class OrderAuthorized(OrderEvent):
    reserve: tuple[ReserveLine, ...]
    signed: SignedEstimate | None = None


@dataclass(frozen=True, kw_only=True)
class AdditionalWorkRequested(OrderEvent):
    job_ids: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class AdditionalWorkApproved(OrderEvent):
    job_ids: tuple[str, ...]
    reserve: tuple[ReserveLine, ...]


@dataclass(frozen=True, kw_only=True)
class QcFailed(OrderEvent):
    level: QcLevel
    notes: str
    rework_job_ids: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class QcPassed(OrderEvent):
    """The final inspection passed: billing may invoice."""

    level: QcLevel
    notes: str


@dataclass(frozen=True, kw_only=True)
class VehicleReady(OrderEvent):
    """Washed (or washing declined) after the final inspection: the cashier and customer hear."""

    wash: WashOutcome = WashOutcome.WASHED


@dataclass(frozen=True, kw_only=True)
class VehicleDelivered(OrderEvent):
    odometer_km: int | None
    next_service: NextService | None = None


@dataclass(frozen=True, kw_only=True)
class OrderCancelled(OrderEvent):
    reason: str


@dataclass(frozen=True, kw_only=True)
class JobStarted(OrderEvent):
    job: JobFacts


@dataclass(frozen=True, kw_only=True)
class JobFinished(OrderEvent):
    job: JobFacts


@dataclass(frozen=True, kw_only=True)
class JobAssigned(OrderEvent):
    """Dispatch (派工): `job.technician` is the technician's login; `technician_id` the roster id."""

    job: JobFacts
    technician_id: str | None
    by: str


@dataclass(frozen=True, kw_only=True)
class JobPaused(OrderEvent):
    job: JobFacts
    reason: str
    note: str


@dataclass(frozen=True, kw_only=True)
class JobResumed(OrderEvent):
    job: JobFacts


@dataclass(frozen=True, kw_only=True)
class RepairRecordCreated(OrderEvent):
    """The electronic repair record of a delivered visit (JT/T 1132.2), for the provincial platform."""

    opened_at: datetime
    delivered_at: datetime
    odometer_km: int | None
    settlement_no: str | None
    fault_description: str
    items: tuple[RecordItem, ...]
    parts: tuple[RecordPart, ...]
    total_hours: Decimal


@dataclass(frozen=True, kw_only=True)
class VehicleExited(OrderEvent):
    """The gate checked the gate pass (出门证): the car left the premises."""

    code: str
    checked_by: str
