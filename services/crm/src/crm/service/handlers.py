"""Commands: load the aggregate, check the caller, call its method. The route's unit of work
saves it and publishes what it recorded; nothing here commits."""

from __future__ import annotations

from dataclasses import dataclass

from aftersales_common.auth import Principal
from aftersales_common.clock import utcnow
from aftersales_common.errors import Conflict
from aftersales_common.messaging.unit_of_work import UnitOfWork
from crm.adapters.repository import CrmRepository
from crm.config import CrmSettings
from crm.domain.callable_list import Contact
from crm.domain.complaints import Complaint, ComplaintCategory
from crm.domain.csi import Survey
from crm.domain.follow_up import CallAttempt, FollowUp, Outcome, SmsContact, opens_complaint


@dataclass(frozen=True)
class ComplaintDraft:
    """What the agent knows of a complaint while on the phone."""

    description: str | None = None
    category: ComplaintCategory | None = None
    department: str | None = None
    responsible: str | None = None


@dataclass(frozen=True)
class AttemptLogged:
    """The attempt, the task after it, its customer and the complaint it opened (if any)."""

    attempt: CallAttempt
    task: FollowUp
    contact: Contact | None
    complaint: Complaint | None


_DEFAULT_COMPLAINT = {
    Outcome.COMPLAINT.value: "客户投诉 / customer complaint",
    Outcome.DISSATISFIED.value: "客户不满意 / customer dissatisfied",
}


async def _task(repo: CrmRepository, principal: Principal, task_id: str) -> FollowUp:
    task = await repo.follow_up(task_id)
    principal.check_record(task.dealer_id)  # 404: another dealer's task is not revealed
    principal.require_staff_of(task.dealer_id)
    return task


async def _complaint(repo: CrmRepository, principal: Principal, complaint_id: str) -> Complaint:
    complaint = await repo.complaint(complaint_id)
    principal.check_record(complaint.dealer_id)
    principal.require_staff_of(complaint.dealer_id)
    return complaint


async def log_attempt(*, uow: UnitOfWork, principal: Principal, settings: CrmSettings,
                      task_id: str, outcome: str, note: str | None, number_called: str | None,
                      open_complaint: bool, complaint: ComplaintDraft | None) -> AttemptLogged:
    """Record one call; a complaint call (or a dissatisfied one, when asked) opens a complaint."""
    repo = CrmRepository(uow)
    task = await _task(repo, principal, task_id)
    contact = await repo.contact(task.customer_id)
    sms = SmsContact(contact.phone, contact.sms_opt_out) if contact else None
    now = utcnow()
    attempt = task.log_attempt(outcome, principal.sub, now, timezone=settings.default_timezone,
                               note=note, number_called=number_called, contact=sms)
    opened = None
    if opens_complaint(outcome, open_complaint):
        draft = complaint or ComplaintDraft()
        opened = await _open_complaint(
            repo, task, principal, settings, draft.description or note or _DEFAULT_COMPLAINT[outcome],
            draft.category, draft.department, draft.responsible)
    return AttemptLogged(attempt, task, contact, opened)


async def _open_complaint(repo: CrmRepository, task: FollowUp, principal: Principal,
                          settings: CrmSettings, description: str,
                          category: ComplaintCategory | None, department: str | None,
                          responsible: str | None) -> Complaint:
    """A new complaint on the task, or the one still unresolved (one at a time per task)."""
    existing = await repo.unresolved_complaint(task.id)
    if existing is not None:
        return existing
    complaint = Complaint.open(task, description=description, category=category,
                               department=department, responsible=responsible,
                               by=principal.sub, at=utcnow(), timezone=settings.default_timezone)
    repo.add_complaint(complaint)
    return complaint


async def record_survey(*, uow: UnitOfWork, principal: Principal, settings: CrmSettings,
                        task_id: str, scores: dict[str, int], comment: str | None) -> Survey:
    """Weight the five areas into the CSI with the configured weights."""
    task = await _task(CrmRepository(uow), principal, task_id)
    return task.record_survey(scores, comment, settings.csi_weights, principal.sub, utcnow())


async def rate_visit(*, uow: UnitOfWork, principal: Principal, settings: CrmSettings,
                     order_id: str, scores: dict[str, int], comment: str | None) -> Survey:
    """The customer answers the CSI survey of their own delivered visit, once (409 after)."""
    task = await CrmRepository(uow).follow_up_of_order(order_id)
    principal.check_record(task.dealer_id, task.customer_id)  # 404: not their visit
    return task.record_survey(scores, comment, settings.csi_weights, principal.sub, utcnow())


async def create_complaint(*, uow: UnitOfWork, principal: Principal, settings: CrmSettings,
                           task_id: str, description: str, department: str, responsible: str,
                           category: ComplaintCategory | None = None) -> Complaint:
    """Open a complaint on a follow-up task with its department and responsible person."""
    repo = CrmRepository(uow)
    task = await _task(repo, principal, task_id)
    if await repo.unresolved_complaint(task.id):
        raise Conflict("this follow-up already has an unresolved complaint / 该回访已有未解决的投诉",
                       code="complaint-exists")
    return await _open_complaint(repo, task, principal, settings, description, category,
                                 department, responsible)


async def update_complaint(*, uow: UnitOfWork, principal: Principal, complaint_id: str,
                           description: str | None = None,
                           category: ComplaintCategory | None = None,
                           department: str | None = None,
                           responsible: str | None = None) -> Complaint:
    """Name (or change) the department and the responsible person, or edit the description."""
    complaint = await _complaint(CrmRepository(uow), principal, complaint_id)
    complaint.amend(description=description, category=category, department=department,
                    responsible=responsible, by=principal.sub, at=utcnow())
    return complaint


async def follow_up_complaint(*, uow: UnitOfWork, principal: Principal, complaint_id: str,
                              note: str, customer_satisfied: bool) -> Complaint:
    """Call the customer again; weekly until they are satisfied."""
    complaint = await _complaint(CrmRepository(uow), principal, complaint_id)
    complaint.follow_up(note, customer_satisfied, by=principal.sub, at=utcnow())
    return complaint


async def resolve_complaint(*, uow: UnitOfWork, principal: Principal, complaint_id: str,
                            resolution: str) -> Complaint:
    """Close the complaint; only once a follow-up found the customer satisfied."""
    complaint = await _complaint(CrmRepository(uow), principal, complaint_id)
    complaint.resolve(resolution, by=principal.sub, at=utcnow())
    return complaint
