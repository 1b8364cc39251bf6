"""Reactions to workshop events. They never commit: the consumer adds the inbox row and commits."""

from __future__ import annotations

from aftersales_common.messaging.envelope import CloudEvent
from aftersales_common.messaging.inbox import EventHandler
from aftersales_common.messaging.outbox import UnitOfWork
from parts.service import stock
from parts.service.readers import JobStarted, OrderEvent, needs_of


def _actor(event: CloudEvent) -> str:
    return f"event:{event.type}:{event.id}"[:120]


async def on_order_authorized(uow: UnitOfWork, event: CloudEvent) -> None:
    """The customer signed the estimate: reserve the approved jobs' parts."""
    data = OrderEvent.model_validate(event.data).model_copy(update={"job_ids": None})
    await stock.reserve_jobs(uow, dealer_id=data.dealer_id, order_id=data.order_id,
                             jobs=data.jobs_to_supply(), actor=_actor(event))


async def on_additional_work_approved(uow: UnitOfWork, event: CloudEvent) -> None:
    """Extra work approved (追加维修): reserve the parts of those jobs only."""
    data = OrderEvent.model_validate(event.data)  # no job_ids: every approved job not yet served
    await stock.reserve_jobs(uow, dealer_id=data.dealer_id, order_id=data.order_id,
                             jobs=data.jobs_to_supply(), actor=_actor(event))


async def on_job_started(uow: UnitOfWork, event: CloudEvent) -> None:
    """The technician started: issue the job's parts (once per job, even after rework)."""
    data = JobStarted.model_validate(event.data)
    await stock.issue_job(uow, dealer_id=data.dealer_id, order_id=data.order_id,
                          job_id=data.job_id, needs=needs_of(data.parts), actor=_actor(event))


async def on_order_cancelled(uow: UnitOfWork, event: CloudEvent) -> None:
    """The order is off: release what is still held; issued parts stay with the order."""
    data = OrderEvent.model_validate(event.data)
    await stock.release_order(uow, dealer_id=data.dealer_id, order_id=data.order_id,
                              actor=_actor(event))


HANDLERS: dict[str, EventHandler] = {
    "order.authorized": on_order_authorized,
    "order.additional_work_approved": on_additional_work_approved,
    "job.started": on_job_started,
    "order.cancelled": on_order_cancelled,
}
