"""Events workshop publishes (topic `aftersales.workshop`); field names as in docs/events.md."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from aftersales_common.messaging.envelope import EventData
from aftersales_common.wire import PlainDecimal as Amount


class PartLine(BaseModel):
    part_no: str
    qty: Amount


class JobLine(BaseModel):
    job_id: str
    op_code: str
    description: str
    labor_hours: Amount
    pay_type: str
    status: str
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
    status: str
    jobs: list[JobLine]


class OrderOpened(OrderEvent):
    event_type = "order.opened"


class OrderAuthorized(OrderEvent):
    event_type = "order.authorized"


class OrderAdditionalWorkRequested(OrderEvent):
    event_type = "order.additional_work_requested"
    job_ids: list[str]


class OrderAdditionalWorkApproved(OrderEvent):
    event_type = "order.additional_work_approved"
    job_ids: list[str]


class OrderQcFailed(OrderEvent):
    event_type = "order.qc_failed"
    qc_level: str
    notes: str | None = None


class OrderQcPassed(OrderEvent):
    event_type = "order.qc_passed"
    qc_level: str
    notes: str | None = None


class OrderCancelled(OrderEvent):
    event_type = "order.cancelled"


class JobEvent(EventData):
    """Common payload of `job.*` events."""

    order_id: str
    job_id: str
    dealer_id: str
    technician: str | None
    op_code: str
    pay_type: str
    parts: list[PartLine]


class JobStarted(JobEvent):
    event_type = "job.started"


class JobFinished(JobEvent):
    event_type = "job.finished"


class VehicleReady(EventData):
    event_type = "vehicle.ready"
    order_id: str
    dealer_id: str
    vehicle_id: str
    customer_id: str
    ready_at: datetime


class VehicleDelivered(EventData):
    event_type = "vehicle.delivered"
    order_id: str
    order_no: str
    dealer_id: str
    vehicle_id: str
    customer_id: str
    delivered_at: datetime
    odometer_km: int | None


PUBLISHED: list[type[EventData]] = [
    OrderOpened, OrderAuthorized, OrderAdditionalWorkRequested, OrderAdditionalWorkApproved,
    OrderQcFailed, OrderQcPassed, OrderCancelled, JobStarted, JobFinished, VehicleReady,
    VehicleDelivered,
]
