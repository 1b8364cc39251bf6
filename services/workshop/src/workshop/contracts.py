"""Events workshop publishes (topic `aftersales.workshop`) and the one mapping from its domain events."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from aftersales_common.domain import DomainEvent
from aftersales_common.messaging.envelope import EventData
from aftersales_common.messaging.unit_of_work import Outbound
from aftersales_common.wire import DealerTime
from aftersales_common.wire import PlainDecimal as Amount
from workshop.domain import events as ev
from workshop.domain.statuses import JobStatus, OrderStatus, PayType, QcLevel

AGGREGATE = "repair_order"


class PartLine(BaseModel):
    part_no: str
    qty: Amount


class ReserveLine(BaseModel):
    """A part to hold now for a job the customer has just approved."""

    job_id: str
    part_no: str
    qty: Amount


class JobLine(BaseModel):
    job_id: str
    op_code: str
    description: str
    labor_hours: Amount
    pay_type: PayType
    status: JobStatus
    parts: list[PartLine]


class OrderEvent(EventData):
    """Common payload of every `order.*` event: the order with its full jobs list."""

    order_id: str
    order_no: str
    dealer_id: str
    appointment_id: str | None
    customer_id: str
    vehicle_id: str
    vin: str
    plate: str
    status: OrderStatus
    jobs: list[JobLine]


class OrderOpened(OrderEvent):
    event_type = "order.opened"


class OrderAuthorized(OrderEvent):
    """The customer signed: `reserve` is exactly what parts holds now."""

    event_type = "order.authorized"
    reserve: list[ReserveLine]


class OrderAdditionalWorkRequested(OrderEvent):
    event_type = "order.additional_work_requested"
    job_ids: list[str]


class OrderAdditionalWorkApproved(OrderEvent):
    """Additional work approved: `reserve` holds the parts of these jobs only."""

    event_type = "order.additional_work_approved"
    job_ids: list[str]
    reserve: list[ReserveLine]


class OrderQcFailed(OrderEvent):
    """A check failed at `qc_level`: `rework_job_ids` go back; the checks restart at `self`."""

    event_type = "order.qc_failed"
    qc_level: QcLevel
    notes: str | None = None
    rework_job_ids: list[str]


class OrderQcPassed(OrderEvent):
    """The final inspection passed: billing invoices the jobs."""

    event_type = "order.qc_passed"
    qc_level: QcLevel
    notes: str | None = None


class OrderCancelled(OrderEvent):
    """The order is off: parts releases everything held for it."""

    event_type = "order.cancelled"


class JobEvent(EventData):
    """Common payload of `job.*` events."""

    order_id: str
    job_id: str
    dealer_id: str
    technician: str | None
    op_code: str
    pay_type: PayType
    parts: list[PartLine]


class JobStarted(JobEvent):
    """Work began: `parts` are the lines to issue to this job."""

    event_type = "job.started"


class JobFinished(JobEvent):
    event_type = "job.finished"


class VehicleReady(EventData):
    event_type = "vehicle.ready"
    order_id: str
    dealer_id: str
    vehicle_id: str
    customer_id: str
    ready_at: DealerTime


class VehicleDelivered(EventData):
    event_type = "vehicle.delivered"
    order_id: str
    order_no: str
    dealer_id: str
    vehicle_id: str
    customer_id: str
    delivered_at: DealerTime
    odometer_km: int | None


PUBLISHED: list[type[EventData]] = [
    OrderOpened, OrderAuthorized, OrderAdditionalWorkRequested, OrderAdditionalWorkApproved,
    OrderQcFailed, OrderQcPassed, OrderCancelled, JobStarted, JobFinished, VehicleReady,
    VehicleDelivered,
]


def _parts(parts: tuple[ev.PartNeed, ...]) -> list[PartLine]:
    return [PartLine(part_no=p.part_no, qty=p.qty) for p in parts]


def _reserve(lines: tuple[ev.ReserveLine, ...]) -> list[ReserveLine]:
    return [ReserveLine(job_id=r.job_id, part_no=r.part_no, qty=r.qty) for r in lines]


def _order(cls: type[OrderEvent], e: ev.OrderEvent, **extra: Any) -> OrderEvent:
    o = e.order
    jobs = [JobLine(job_id=j.job_id, op_code=j.op_code, description=j.description,
                    labor_hours=j.labor_hours, pay_type=j.pay_type, status=j.status,
                    parts=_parts(j.parts)) for j in o.jobs]
    return cls(order_id=o.order_id, order_no=o.order_no, dealer_id=o.dealer_id,
               appointment_id=o.appointment_id, customer_id=o.customer_id,
               vehicle_id=o.vehicle_id, vin=o.vin, plate=o.plate, status=o.status, jobs=jobs,
               **extra)


def _job(cls: type[JobEvent], e: ev.JobStarted | ev.JobFinished) -> JobEvent:
    return cls(order_id=e.order.order_id, job_id=e.job.job_id, dealer_id=e.order.dealer_id,
               technician=e.job.technician, op_code=e.job.op_code, pay_type=e.job.pay_type,
               parts=_parts(e.job.parts))


def _ready(e: ev.VehicleReady) -> VehicleReady:
    o = e.order
    return VehicleReady(order_id=o.order_id, dealer_id=o.dealer_id, vehicle_id=o.vehicle_id,
                        customer_id=o.customer_id, ready_at=e.at)


def _delivered(e: ev.VehicleDelivered) -> VehicleDelivered:
    o = e.order
    return VehicleDelivered(order_id=o.order_id, order_no=o.order_no, dealer_id=o.dealer_id,
                            vehicle_id=o.vehicle_id, customer_id=o.customer_id,
                            delivered_at=e.at, odometer_km=e.odometer_km)


_MAPPING: dict[type[Any], Callable[[Any], EventData]] = {
    ev.OrderOpened: lambda e: _order(OrderOpened, e),
    ev.OrderAuthorized: lambda e: _order(OrderAuthorized, e, reserve=_reserve(e.reserve)),
    ev.AdditionalWorkRequested: lambda e: _order(OrderAdditionalWorkRequested, e,
                                                 job_ids=list(e.job_ids)),
    ev.AdditionalWorkApproved: lambda e: _order(OrderAdditionalWorkApproved, e,
                                                job_ids=list(e.job_ids),
                                                reserve=_reserve(e.reserve)),
    ev.QcFailed: lambda e: _order(OrderQcFailed, e, qc_level=e.level, notes=e.notes,
                                  rework_job_ids=list(e.rework_job_ids)),
    ev.QcPassed: lambda e: _order(OrderQcPassed, e, qc_level=e.level, notes=e.notes),
    ev.OrderCancelled: lambda e: _order(OrderCancelled, e),
    ev.JobStarted: lambda e: _job(JobStarted, e),
    ev.JobFinished: lambda e: _job(JobFinished, e),
    ev.VehicleReady: _ready,
    ev.VehicleDelivered: _delivered,
}


def publish(event: DomainEvent) -> Outbound:
    """The one place a workshop domain event becomes its published contract."""
    if not isinstance(event, ev.OrderEvent) or type(event) not in _MAPPING:
        raise TypeError(f"workshop publishes no contract for {type(event).__name__}")
    payload = _MAPPING[type(event)](event)
    return Outbound(payload=payload, subject=event.order.order_id,
                    dealer_id=event.order.dealer_id, aggregate_type=AGGREGATE)
