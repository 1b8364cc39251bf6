"""Declined and deferred work: defer a job, list what the vehicle has open, offer it again."""

from __future__ import annotations

from datetime import date

from aftersales_common.auth import Principal
from aftersales_common.clock import utcnow
from aftersales_common.errors import NotFound
from aftersales_common.messaging.unit_of_work import UnitOfWork
from workshop.adapters.deferred_repo import DeferredWorkRepository
from workshop.adapters.repository import OrderRepository
from workshop.domain.deferred import DeferralKind, DeferredWork
from workshop.domain.repair_order import Job, RepairOrder
from workshop.domain.statuses import PayType
from workshop.service import handlers


async def defer_job(*, uow: UnitOfWork, principal: Principal, job_id: str, kind: DeferralKind,
                    reason: str, remind_on: date | None) -> tuple[RepairOrder, DeferredWork]:
    """The customer defers or declines a job not yet approved (on the estimate or additional)."""
    order = await OrderRepository(uow).of_job(job_id, principal)
    work = order.defer_job(job_id=job_id, kind=kind, reason=reason, remind_on=remind_on,
                           by=principal.sub, at=utcnow())
    DeferredWorkRepository(uow).add(work)
    return order, work


async def take_up(*, uow: UnitOfWork, principal: Principal, order_id: str,
                  deferred_id: str) -> Job:
    """Offered again at a later visit and accepted: the work joins this order's estimate (or,
    after signing, awaits the customer's approval as additional work)."""
    order = await OrderRepository(uow).get(order_id, principal)
    principal.require_staff_of(order.dealer_id)
    work = await DeferredWorkRepository(uow).get(deferred_id, principal)
    if work.vehicle_id != order.vehicle_id or work.dealer_id != order.dealer_id:
        raise NotFound("deferred work not found for this vehicle / 该车辆无此暂缓项目")
    job = await handlers.add_job(uow=uow, principal=principal, order_id=order_id,
                                 op_code=work.op_code, description=work.description,
                                 labor_hours=work.labor_hours, pay_type=PayType.CUSTOMER.value,
                                 parts=[(p.part_no, p.qty) for p in work.parts])
    work.take_up(order_id=order.id, job_id=job.id, at=utcnow())
    return job
