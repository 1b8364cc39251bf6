"""Building and raising workshop's events from the order's rows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from aftersales_common.messaging.envelope import EventData, make_event
from aftersales_common.messaging.outbox import UnitOfWork
from workshop import contracts as ev
from workshop.adapters.tables import Job, RepairOrder

SERVICE = "workshop"
AGGREGATE = "repair_order"


def part_lines(job: Job) -> list[ev.PartLine]:
    return [ev.PartLine(part_no=p["part_no"], qty=Decimal(p["qty"])) for p in job.parts]


def job_line(job: Job) -> ev.JobLine:
    return ev.JobLine(job_id=job.id, op_code=job.op_code, description=job.description,
                      labor_hours=job.labor_hours, pay_type=job.pay_type, status=job.status,
                      parts=part_lines(job))


def order_payload(cls: type[ev.OrderEvent], order: RepairOrder, jobs: list[Job],
                  **extra: Any) -> ev.OrderEvent:
    """An `order.*` payload carrying the full jobs list."""
    return cls(order_id=order.id, order_no=order.order_no, dealer_id=order.dealer_id,
               appointment_id=order.appointment_id, customer_id=order.customer_id,
               vehicle_id=order.vehicle_id, vin=order.vin, plate=order.plate,
               status=order.status, jobs=[job_line(j) for j in jobs], **extra)


def job_payload(cls: type[ev.JobEvent], order: RepairOrder, job: Job) -> ev.JobEvent:
    return cls(order_id=order.id, job_id=job.id, dealer_id=order.dealer_id,
               technician=job.technician, op_code=job.op_code, pay_type=job.pay_type,
               parts=part_lines(job))


async def raise_event(uow: UnitOfWork, payload: EventData, order: RepairOrder) -> None:
    """Record an event about the order in the outbox (subject and key: the order id)."""
    await uow.publish(make_event(payload, service=SERVICE, subject=order.id,
                                 dealer_id=order.dealer_id), aggregate_type=AGGREGATE)
