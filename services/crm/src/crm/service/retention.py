"""Retention tasks: created from workshop's deferred work, completed by the reminder call."""

from __future__ import annotations

from datetime import date

from aftersales_common.auth import Principal
from aftersales_common.clock import utcnow
from aftersales_common.db import Session
from aftersales_common.messaging.envelope import CloudEvent
from aftersales_common.messaging.unit_of_work import UnitOfWork
from crm.adapters import retention_repo
from crm.adapters.retention_repo import RetentionTasks
from crm.domain.retention import (
    DeferredWorkFacts,
    RetentionOutcome,
    RetentionSource,
    RetentionStatus,
    RetentionTask,
)
from crm.readers import WorkDeferred


async def on_work_deferred(uow: UnitOfWork, data: WorkDeferred, event: CloudEvent) -> None:
    """Work the customer deferred or declined: a reminder due when workshop says (once)."""
    tasks = RetentionTasks(uow)
    if await tasks.exists(RetentionSource.DEFERRED_WORK, data.deferred_id):
        return
    facts = DeferredWorkFacts(
        deferred_id=data.deferred_id, dealer_id=data.dealer_id, customer_id=data.customer_id,
        vehicle_id=data.vehicle_id, order_id=data.order_id, order_no=data.order_no,
        plate=data.plate, op_code=data.op_code, description=data.description, kind=data.kind,
        reason=data.reason, due_on=data.reminder_due)
    tasks.add(RetentionTask.for_deferred_work(facts, at=utcnow()))


async def complete(*, uow: UnitOfWork, principal: Principal, task_id: str,
                   outcome: RetentionOutcome, note: str) -> RetentionTask:
    """The reminder call reached the customer."""
    task = await RetentionTasks(uow).get(task_id, principal)
    principal.require_staff_of(task.dealer_id)
    task.complete(outcome=outcome, note=note, by=principal.sub, at=utcnow())
    return task


async def tasks(session: Session, *, principal: Principal, dealer_id: str | None,
                status: RetentionStatus | None, vehicle_id: str | None, customer_id: str | None,
                due_before: date | None, limit: int,
                cursor: str | None) -> tuple[list[RetentionTask], str | None]:
    """A page of retention tasks of the caller's dealers."""
    dealers = principal.listable_dealers(dealer_id)
    if not dealers:
        return [], None
    return await retention_repo.retention_tasks(
        session, dealer_ids=dealers, status=status, vehicle_id=vehicle_id,
        customer_id=customer_id, due_before=due_before, limit=limit, cursor=cursor)
