"""Follow-up commands: log a call attempt, record the CSI survey."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from aftersales_common.auth import Principal
from aftersales_common.clock import utcnow
from aftersales_common.errors import Conflict
from aftersales_common.messaging.outbox import UnitOfWork
from crm import contracts as ev
from crm.adapters.repository import CrmRepository
from crm.adapters.tables import CallAttempt, CallbackTask, Complaint, CsiSurvey
from crm.config import CrmSettings
from crm.domain.csi import check_scores, csi_score, score_str
from crm.domain.follow_up import (
    SMS_TEMPLATE,
    SURVEYED,
    Outcome,
    TaskStatus,
    apply_attempt,
    check_survey_allowed,
    day_part,
    opens_complaint,
)
from crm.service.complaints import open_for_task
from crm.service.publishing import raise_callback, raise_event


@dataclass(frozen=True)
class ComplaintDraft:
    """What the agent knows of a complaint while on the phone."""

    description: str | None = None
    department: str | None = None
    responsible: str | None = None


@dataclass(frozen=True)
class AttemptLogged:
    attempt: CallAttempt
    task: CallbackTask
    complaint: Complaint | None


async def log_attempt(*, uow: UnitOfWork, principal: Principal, settings: CrmSettings,
                      task_id: str, outcome: str, note: str | None, number_called: str | None,
                      open_complaint: bool, complaint: ComplaintDraft | None) -> AttemptLogged:
    """Record one call; reached completes the task, the 3rd unanswered asks for an SMS."""
    repo = CrmRepository(uow.session)
    task = await repo.task(task_id, principal, for_update=True)
    effect = apply_attempt(status=task.status, outcome=outcome,
                           unanswered=task.unanswered_attempts,
                           sms_requested=task.sms_requested_at is not None)
    wants_complaint = opens_complaint(outcome, open_complaint)
    now = utcnow()
    attempt = CallAttempt(task_id=task.id, dealer_id=task.dealer_id, outcome=outcome, note=note,
                          number_called=number_called, agent=principal.sub, created_at=now,
                          day_part=day_part(now, settings.default_timezone))
    task.attempts_count += 1
    task.unanswered_attempts = effect.unanswered
    task.status = effect.status
    uow.session.add_all([attempt, task])
    if effect.completes:
        task.outcome, task.completed_at = outcome, now
        await raise_callback(uow, task, ev.CallbackCompleted)
    if effect.request_sms:
        await _request_sms(uow, repo, task, number_called)
    opened = None
    if wants_complaint:
        draft = complaint or ComplaintDraft()
        opened = await open_for_task(
            uow, task=task, settings=settings, opened_by=principal.sub, now=now,
            description=draft.description or note or _DEFAULT_COMPLAINT[outcome],
            department=draft.department, responsible=draft.responsible)
    await uow.commit()
    return AttemptLogged(attempt, task, opened)


_DEFAULT_COMPLAINT = {
    Outcome.COMPLAINT.value: "客户投诉 / customer complaint",
    Outcome.DISSATISFIED.value: "客户不满意 / customer dissatisfied",
}


async def _request_sms(uow: UnitOfWork, repo: CrmRepository, task: CallbackTask,
                       number_called: str | None) -> None:
    """Ask the SMS partner to text the customer, unless they refused SMS or no number is known."""
    contact = await repo.contact(task.customer_id)
    if contact is not None and contact.sms_opt_out:
        return
    phone = (contact.phone if contact else None) or number_called or \
        await repo.last_number_called(task.id)
    if not phone:
        return
    task.sms_requested_at = utcnow()
    await raise_event(uow, ev.CallbackSmsRequested(
        task_id=task.id, order_id=task.order_id, dealer_id=task.dealer_id,
        customer_id=task.customer_id, phone=phone, template=SMS_TEMPLATE,
    ), subject=task.id, dealer_id=task.dealer_id, aggregate="callback")


async def record_survey(*, uow: UnitOfWork, principal: Principal, settings: CrmSettings,
                        task_id: str, scores: dict[str, int],
                        comment: str | None) -> tuple[CsiSurvey, CallbackTask]:
    """Weight the five areas into the CSI; store it on the task and announce it."""
    repo = CrmRepository(uow.session)
    task = await repo.task(task_id, principal, for_update=True)
    check_survey_allowed(task.status, await repo.survey(task.id) is not None)
    checked = check_scores(scores)
    weights = settings.csi_weights
    score = csi_score(checked, weights)
    now = utcnow()
    survey = CsiSurvey(task_id=task.id, dealer_id=task.dealer_id, comment=comment,
                       facilities=checked["facilities"], personnel=checked["personnel"],
                       execution=checked["execution"], cost=checked["cost"],
                       follow_up=checked["follow_up"], csi_score=score_str(score),
                       surveyed_by=principal.sub, created_at=now,
                       weights=json.dumps({a: str(w) for a, w in weights.items()}))
    task.csi_score = survey.csi_score
    if task.status != TaskStatus.COMPLETED:
        # The customer answered the survey, so they were reached: the call is done.
        task.status, task.completed_at = TaskStatus.COMPLETED, now
        task.outcome = task.outcome or SURVEYED
    uow.session.add_all([survey, task])
    await raise_callback(uow, task, ev.CallbackCompleted)
    try:
        await uow.commit()
    except IntegrityError as exc:  # a concurrent survey of the same task won
        raise Conflict("this follow-up already has a survey / 该回访已有满意度调查",
                       code="survey-exists") from exc
    return survey, task
