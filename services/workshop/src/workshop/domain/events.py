"""What happens to a repair order, in the domain's words; `contracts.publish` maps them out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from aftersales_common.domain import DomainEvent
from workshop.domain.statuses import JobStatus, OrderStatus, PayType, QcLevel


@dataclass(frozen=True)
class PartNeed:
    """A part a job needs: part number and quantity."""

    part_no: str
    qty: Decimal


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
    pass


@dataclass(frozen=True, kw_only=True)
class VehicleDelivered(OrderEvent):
    odometer_km: int | None


@dataclass(frozen=True, kw_only=True)
class OrderCancelled(OrderEvent):
    reason: str


@dataclass(frozen=True, kw_only=True)
class JobStarted(OrderEvent):
    job: JobFacts


@dataclass(frozen=True, kw_only=True)
class JobFinished(OrderEvent):
    job: JobFacts
