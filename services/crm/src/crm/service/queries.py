"""Reads for the routes: scoped to the caller's dealers, on a read-only session."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from aftersales_common.auth import Principal
from aftersales_common.clock import utcnow
from aftersales_common.db import Session
from aftersales_common.errors import NotFound
from crm.adapters import queries as q
from crm.adapters.queries import ComplaintFilter, TaskFilter
from crm.config import CrmSettings
from crm.domain.callable_list import Contact
from crm.domain.complaints import Complaint
from crm.domain.csi import AREAS
from crm.domain.follow_up import FollowUp
from crm.domain.reports import DISSATISFIED_OUTCOMES, average, period

__all__ = ["ComplaintFilter", "TaskFilter"]


@dataclass(frozen=True)
class CallbackView:
    """A task as the callable list shows it, with its customer when crm knows them."""

    task: FollowUp
    contact: Contact | None
    complaints: list[Complaint] = field(default_factory=list)


@dataclass(frozen=True)
class CsiReport:
    dealer_ids: list[str]
    date_from: date
    date_to: date
    count: int
    average_csi: Decimal | None
    areas: dict[str, Decimal | None]
    dissatisfied: list[CallbackView]


async def callbacks(session: Session, principal: Principal, *, dealer_id: str | None,
                    order_id: str | None, customer_id: str | None, status: str | None,
                    due_before: datetime | None, callable_now: bool, limit: int,
                    cursor: str | None) -> tuple[list[CallbackView], str | None]:
    """Tasks of the caller's dealers; `callable_now` gives yesterday's and earlier deliveries."""
    scope = TaskFilter(dealer_ids=principal.listable_dealers(dealer_id), order_id=order_id,
                       customer_id=customer_id, status=status, due_before=due_before,
                       callable_at=utcnow() if callable_now else None)
    tasks, nxt = await q.follow_ups(session, scope, limit, cursor)
    contacts = await q.contacts(session, (t.customer_id for t in tasks))
    return [CallbackView(t, contacts.get(t.customer_id)) for t in tasks], nxt


async def callback(session: Session, principal: Principal, task_id: str) -> CallbackView:
    """One task with its attempts, survey and complaints (404 outside the caller's dealers)."""
    task = await q.follow_up(session, task_id)
    if task is None:
        raise NotFound("follow-up task not found")
    principal.check_record(task.dealer_id)
    return CallbackView(task, await q.contact(session, task.customer_id),
                        await q.complaints_of_task(session, task.id))


async def visits(session: Session, principal: Principal, *, pending: bool, limit: int,
                 cursor: str | None) -> tuple[list[FollowUp], str | None]:
    """The caller's own delivered visits and whether each is rated (customers only)."""
    if not principal.is_customer or principal.customer_id is None:
        return [], None
    return await q.visits_of(session, principal.customer_id, pending=pending, limit=limit,
                             cursor=cursor)


async def contact(session: Session, customer_id: str) -> Contact | None:
    """The customer file crm keeps (for a response after a command)."""
    return await q.contact(session, customer_id)


async def complaints(session: Session, principal: Principal, *, dealer_id: str | None,
                     status: str | None, task_id: str | None,
                     follow_up_due_before: datetime | None, limit: int,
                     cursor: str | None) -> tuple[list[Complaint], str | None]:
    """Complaints of the caller's dealers; `follow_up_due_before` finds overdue follow-ups."""
    scope = ComplaintFilter(dealer_ids=principal.listable_dealers(dealer_id), status=status,
                            task_id=task_id, follow_up_due_before=follow_up_due_before)
    return await q.complaints(session, scope, limit, cursor)


async def complaint(session: Session, principal: Principal, complaint_id: str) -> Complaint:
    found = await q.complaint(session, complaint_id)
    if found is None:
        raise NotFound("complaint not found")
    principal.check_record(found.dealer_id)
    return found


async def csi_report(session: Session, principal: Principal, settings: CrmSettings, *,
                     dealer_id: str | None, date_from: date | None,
                     date_to: date | None) -> CsiReport:
    """Surveys and dissatisfied customers of the caller's dealers in a period (local dates)."""
    tz = settings.default_timezone
    today = utcnow().astimezone(ZoneInfo(tz)).date()
    first, last, start, end = period(date_from, date_to, today, tz)
    dealers = principal.listable_dealers(dealer_id)
    surveys = await q.surveys_between(session, dealers, start, end)
    unhappy = await q.completed_with(session, dealers, DISSATISFIED_OUTCOMES, start, end)
    contacts = await q.contacts(session, (t.customer_id for t in unhappy))
    return CsiReport(
        dealer_ids=dealers, date_from=first, date_to=last, count=len(surveys),
        average_csi=average([s.csi_score for s in surveys]),
        areas={a: average([s.scores[a] for s in surveys]) for a in AREAS},
        dissatisfied=[CallbackView(t, contacts.get(t.customer_id)) for t in unhappy],
    )
