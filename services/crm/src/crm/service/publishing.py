"""Raising crm's events into the unit of work's outbox."""

from __future__ import annotations

from decimal import Decimal

from aftersales_common.messaging.envelope import EventData, make_event
from aftersales_common.messaging.outbox import UnitOfWork
from crm import contracts as ev
from crm.adapters.tables import CallbackTask, Complaint

SERVICE = "crm"


async def raise_event(uow: UnitOfWork, payload: EventData, *, subject: str, dealer_id: str,
                      aggregate: str) -> None:
    """Write one event to the outbox in the current transaction."""
    await uow.publish(make_event(payload, service=SERVICE, subject=subject, dealer_id=dealer_id),
                      aggregate_type=aggregate)


async def raise_callback(uow: UnitOfWork, task: CallbackTask,
                         cls: type[ev.CallbackEvent]) -> None:
    """`callback.scheduled` or `callback.completed` with the task as it is now."""
    payload = cls(task_id=task.id, order_id=task.order_id, dealer_id=task.dealer_id,
                  customer_id=task.customer_id, vehicle_id=task.vehicle_id, due_at=task.due_at,
                  status=task.status, outcome=task.outcome,
                  csi_score=Decimal(task.csi_score) if task.csi_score else None)
    await raise_event(uow, payload, subject=task.id, dealer_id=task.dealer_id,
                      aggregate="callback")


async def raise_complaint(uow: UnitOfWork, complaint: Complaint,
                          cls: type[ev.ComplaintEvent]) -> None:
    """`complaint.opened` or `complaint.resolved`."""
    payload = cls(complaint_id=complaint.id, task_id=complaint.task_id,
                  order_id=complaint.order_id, dealer_id=complaint.dealer_id,
                  customer_id=complaint.customer_id, department=complaint.department,
                  responsible=complaint.responsible, description=complaint.description,
                  resolution=complaint.resolution)
    await raise_event(uow, payload, subject=complaint.id, dealer_id=complaint.dealer_id,
                      aggregate="complaint")
