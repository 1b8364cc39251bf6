"""Reactions to workshop's events. They never commit: the consumer opens the unit of work,
adds the inbox row and commits on a clean exit."""

from __future__ import annotations

from aftersales_common.clock import utcnow
from aftersales_common.messaging.envelope import CloudEvent
from aftersales_common.messaging.unit_of_work import UnitOfWork
from parts.adapters.repository import PartsRepository
from parts.domain.reservation import parts_of
from parts.readers import JobStarted, OrderApproved, OrderCancelled


def _actor(event: CloudEvent) -> str:
    return f"event:{event.type}:{event.id}"[:120]


async def on_order_approved(uow: UnitOfWork, data: OrderApproved, event: CloudEvent) -> None:
    """`order.authorized` / `order.additional_work_approved`: reserve exactly the `reserve` lines."""
    jobs = data.jobs()
    repo = PartsRepository(uow)
    stock = await repo.stock_items(data.dealer_id, parts_of(jobs))  # stock rows first
    reservation = await repo.reservation(data.dealer_id, data.order_id)
    reservation.reserve(jobs, stock, actor=_actor(event), at=utcnow())


async def on_job_started(uow: UnitOfWork, data: JobStarted, event: CloudEvent) -> None:
    """The technician started: issue the job's parts (once per job, even after rework)."""
    needs = data.needs()
    repo = PartsRepository(uow)
    stock = await repo.stock_items(data.dealer_id, needs)
    reservation = await repo.reservation(data.dealer_id, data.order_id)
    reservation.issue(data.job_id, needs, stock, actor=_actor(event), at=utcnow())


async def on_order_cancelled(uow: UnitOfWork, data: OrderCancelled, event: CloudEvent) -> None:
    """The order is off: release everything held for it; issued parts stay with the order."""
    repo = PartsRepository(uow)
    stock = await repo.stock_items(data.dealer_id,
                                   await repo.held_parts(data.dealer_id, data.order_id))
    reservation = await repo.reservation(data.dealer_id, data.order_id)
    # A hold added between the unlocked read and the lock: lock its stock too.
    stock.update(await repo.stock_items(data.dealer_id,
                                        set(reservation.held_parts) - set(stock)))
    reservation.cancel(stock, actor=_actor(event), at=utcnow())
