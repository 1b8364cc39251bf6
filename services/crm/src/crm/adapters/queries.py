"""The read side: queries for lists, details and the CSI report, on a read-only session."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from aftersales_common.db import Session
from aftersales_common.web.pagination import keyset, page_of
from crm.adapters import mapping as m
from crm.adapters import tables as t
from crm.domain.callable_list import Contact
from crm.domain.complaints import Complaint
from crm.domain.csi import Survey
from crm.domain.follow_up import FollowUp, TaskStatus


@dataclass(frozen=True)
class TaskFilter:
    """What the callable list is narrowed to (dealers already scoped to the caller)."""

    dealer_ids: list[str]
    order_id: str | None = None
    customer_id: str | None = None
    status: str | None = None
    due_before: datetime | None = None
    callable_at: datetime | None = None


@dataclass(frozen=True)
class ComplaintFilter:
    dealer_ids: list[str]
    status: str | None = None
    task_id: str | None = None
    follow_up_due_before: datetime | None = None


async def follow_up(session: Session, task_id: str) -> FollowUp | None:
    row = await session.get(t.CallbackTask, task_id)
    return (await _follow_ups(session, [row]))[0] if row else None


async def follow_ups(session: Session, f: TaskFilter, limit: int,
                     cursor: str | None) -> tuple[list[FollowUp], str | None]:
    query = select(t.CallbackTask).where(t.CallbackTask.dealer_id.in_(f.dealer_ids))
    if f.status:
        query = query.where(t.CallbackTask.status == f.status)
    else:  # excluded records are kept for reports, never shown as calls to make
        query = query.where(t.CallbackTask.status != TaskStatus.EXCLUDED.value)
    if f.order_id:
        query = query.where(t.CallbackTask.order_id == f.order_id)
    if f.customer_id:
        query = query.where(t.CallbackTask.customer_id == f.customer_id)
    if f.due_before:
        query = query.where(t.CallbackTask.due_at < f.due_before)
    if f.callable_at:
        query = query.where(t.CallbackTask.callable_from <= f.callable_at)
    rows = (await session.execute(
        keyset(query, t.CallbackTask.created_at, t.CallbackTask.id, limit, cursor))).scalars().all()
    page, nxt = page_of(list(rows), limit)
    return await _follow_ups(session, page), nxt


async def visits_of(session: Session, customer_id: str, *, pending: bool, limit: int,
                    cursor: str | None) -> tuple[list[FollowUp], str | None]:
    """A customer's delivered visits they may rate (excluded ones too are never shown);
    `pending`: only those not rated yet."""
    query = select(t.CallbackTask).where(t.CallbackTask.customer_id == customer_id,
                                         t.CallbackTask.status != TaskStatus.EXCLUDED.value)
    if pending:
        rated = select(t.CsiSurvey.task_id)
        query = query.where(t.CallbackTask.id.not_in(rated))
    rows = (await session.execute(
        keyset(query, t.CallbackTask.created_at, t.CallbackTask.id, limit, cursor))).scalars().all()
    page, nxt = page_of(list(rows), limit)
    return await _follow_ups(session, page), nxt


async def _follow_ups(session: Session, rows: Sequence[t.CallbackTask]) -> list[FollowUp]:
    """Tasks with their attempts and surveys, in three queries for the whole page."""
    ids = [r.id for r in rows]
    attempts: dict[str, list[t.CallAttempt]] = defaultdict(list)
    surveys: dict[str, t.CsiSurvey] = {}
    if ids:
        for a in (await session.execute(
                select(t.CallAttempt).where(t.CallAttempt.task_id.in_(ids))
                .order_by(t.CallAttempt.created_at, t.CallAttempt.id))).scalars():
            attempts[a.task_id].append(a)
        for s in (await session.execute(
                select(t.CsiSurvey).where(t.CsiSurvey.task_id.in_(ids)))).scalars():
            surveys[s.task_id] = s
    return [m.follow_up_of(r, attempts[r.id], surveys.get(r.id)) for r in rows]


async def contact(session: Session, customer_id: str) -> Contact | None:
    row = await session.get(t.CustomerContact, customer_id)
    return m.contact_of(row) if row else None


async def contacts(session: Session, customer_ids: Iterable[str]) -> dict[str, Contact]:
    ids = sorted(set(customer_ids))
    if not ids:
        return {}
    rows = (await session.execute(
        select(t.CustomerContact).where(t.CustomerContact.id.in_(ids)))).scalars()
    return {r.id: m.contact_of(r) for r in rows}


async def complaint(session: Session, complaint_id: str) -> Complaint | None:
    row = await session.get(t.Complaint, complaint_id)
    return (await _complaints(session, [row]))[0] if row else None


async def complaints_of_task(session: Session, task_id: str) -> list[Complaint]:
    rows = (await session.execute(
        select(t.Complaint).where(t.Complaint.task_id == task_id)
        .order_by(t.Complaint.created_at, t.Complaint.id))).scalars().all()
    return await _complaints(session, rows)


async def complaints(session: Session, f: ComplaintFilter, limit: int,
                     cursor: str | None) -> tuple[list[Complaint], str | None]:
    query = select(t.Complaint).where(t.Complaint.dealer_id.in_(f.dealer_ids))
    if f.status:
        query = query.where(t.Complaint.status == f.status)
    if f.task_id:
        query = query.where(t.Complaint.task_id == f.task_id)
    if f.follow_up_due_before:
        query = query.where(t.Complaint.next_follow_up_due < f.follow_up_due_before)
    rows = (await session.execute(
        keyset(query, t.Complaint.created_at, t.Complaint.id, limit, cursor))).scalars().all()
    page, nxt = page_of(list(rows), limit)
    return await _complaints(session, page), nxt


async def _complaints(session: Session, rows: Sequence[t.Complaint]) -> list[Complaint]:
    ids = [r.id for r in rows]
    entries: dict[str, list[t.ComplaintFollowUp]] = defaultdict(list)
    if ids:
        for e in (await session.execute(
                select(t.ComplaintFollowUp).where(t.ComplaintFollowUp.complaint_id.in_(ids))
                .order_by(t.ComplaintFollowUp.created_at, t.ComplaintFollowUp.id))).scalars():
            entries[e.complaint_id].append(e)
    return [m.complaint_of(r, entries[r.id]) for r in rows]


async def surveys_between(session: Session, dealer_ids: list[str], start: datetime,
                          end: datetime) -> list[Survey]:
    rows = (await session.execute(
        select(t.CsiSurvey).where(t.CsiSurvey.dealer_id.in_(dealer_ids),
                                  t.CsiSurvey.created_at >= start, t.CsiSurvey.created_at < end)
        .order_by(t.CsiSurvey.created_at))).scalars()
    return [m.survey_of(r) for r in rows]


async def completed_with(session: Session, dealer_ids: list[str], outcomes: Sequence[str],
                         start: datetime, end: datetime) -> list[FollowUp]:
    """Tasks completed in [start, end) with one of `outcomes` (the dissatisfied list)."""
    rows = (await session.execute(
        select(t.CallbackTask).where(t.CallbackTask.dealer_id.in_(dealer_ids),
                                     t.CallbackTask.outcome.in_(list(outcomes)),
                                     t.CallbackTask.completed_at >= start,
                                     t.CallbackTask.completed_at < end)
        .order_by(t.CallbackTask.completed_at))).scalars().all()
    return await _follow_ups(session, rows)
