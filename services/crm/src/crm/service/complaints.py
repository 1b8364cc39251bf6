"""Complaint commands: open, name who is responsible, follow up weekly, resolve."""

from __future__ import annotations

from datetime import datetime

from aftersales_common.auth import Principal
from aftersales_common.clock import utcnow
from aftersales_common.errors import Conflict
from aftersales_common.messaging.outbox import UnitOfWork
from crm import contracts as ev
from crm.adapters.repository import CrmRepository
from crm.adapters.tables import CallbackTask, Complaint, ComplaintFollowUp
from crm.config import CrmSettings
from crm.domain import complaints as rules
from crm.domain.complaints import ComplaintStatus
from crm.service.publishing import raise_complaint


async def open_for_task(uow: UnitOfWork, *, task: CallbackTask, settings: CrmSettings,
                        opened_by: str, description: str, department: str | None,
                        responsible: str | None, now: datetime) -> Complaint:
    """Open a complaint on a task (or return the one still unresolved); no commit.

    `complaint.opened` is raised once the department and the responsible person are named,
    so that every opened event tells the receiver who handles it.
    """
    repo = CrmRepository(uow.session)
    existing = await repo.unresolved_complaint(task.id)
    if existing is not None:
        return existing
    complaint = Complaint(
        dealer_id=task.dealer_id, task_id=task.id, order_id=task.order_id,
        customer_id=task.customer_id, vehicle_id=task.vehicle_id, description=description,
        department=department, responsible=responsible, opened_by=opened_by,
        assign_by=rules.assign_by(now, settings.default_timezone), created_at=now,
    )
    uow.session.add(complaint)
    await _open_when_assigned(uow, complaint, now)
    return complaint


async def _open_when_assigned(uow: UnitOfWork, complaint: Complaint, now: datetime) -> None:
    if complaint.status == ComplaintStatus.UNASSIGNED and rules.is_assigned(
            complaint.department, complaint.responsible):
        complaint.status = ComplaintStatus.OPEN
        complaint.next_follow_up_due = rules.next_follow_up_due(now, customer_satisfied=False)
        uow.session.add(complaint)
        await raise_complaint(uow, complaint, ev.ComplaintOpened)


async def create_complaint(*, uow: UnitOfWork, principal: Principal, settings: CrmSettings,
                           task_id: str, description: str, department: str,
                           responsible: str) -> Complaint:
    """Open a complaint on a follow-up task with its department and responsible person."""
    repo = CrmRepository(uow.session)
    task = await repo.task(task_id, principal, for_update=True)
    if await repo.unresolved_complaint(task.id):
        raise Conflict("this follow-up already has an unresolved complaint / 该回访已有未解决的投诉",
                       code="complaint-exists")
    complaint = await open_for_task(uow, task=task, settings=settings, opened_by=principal.sub,
                                    description=description, department=department,
                                    responsible=responsible, now=utcnow())
    await uow.commit()
    return complaint


async def update_complaint(*, uow: UnitOfWork, principal: Principal, complaint_id: str,
                           changes: dict[str, str | None]) -> Complaint:
    """Name (or change) the department and the responsible person, or edit the description."""
    complaint = await CrmRepository(uow.session).complaint(complaint_id, principal, for_update=True)
    rules.check_editable(complaint.status)
    for field, value in changes.items():
        if value is not None:
            setattr(complaint, field, value.strip())
    uow.session.add(complaint)
    await _open_when_assigned(uow, complaint, utcnow())
    await uow.commit()
    return complaint


async def follow_up(*, uow: UnitOfWork, principal: Principal, complaint_id: str, note: str,
                    customer_satisfied: bool) -> tuple[Complaint, ComplaintFollowUp]:
    """Call the customer again; weekly until they are satisfied."""
    complaint = await CrmRepository(uow.session).complaint(complaint_id, principal, for_update=True)
    rules.check_open(complaint.status, "follow up")
    now = utcnow()
    entry = ComplaintFollowUp(complaint_id=complaint.id, note=note,
                              customer_satisfied=customer_satisfied, agent=principal.sub,
                              created_at=now)
    complaint.customer_satisfied = customer_satisfied
    complaint.next_follow_up_due = rules.next_follow_up_due(now, customer_satisfied)
    uow.session.add_all([entry, complaint])
    await uow.commit()
    return complaint, entry


async def resolve(*, uow: UnitOfWork, principal: Principal, complaint_id: str,
                  resolution: str) -> Complaint:
    """Close the complaint; only once a follow-up found the customer satisfied."""
    complaint = await CrmRepository(uow.session).complaint(complaint_id, principal, for_update=True)
    rules.check_resolvable(complaint.status, complaint.customer_satisfied)
    complaint.status = ComplaintStatus.RESOLVED
    complaint.resolution = resolution
    complaint.resolved_at = utcnow()
    complaint.next_follow_up_due = None
    uow.session.add(complaint)
    await raise_complaint(uow, complaint, ev.ComplaintResolved)
    await uow.commit()
    return complaint
