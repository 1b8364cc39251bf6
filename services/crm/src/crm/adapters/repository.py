"""All of crm's queries."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from aftersales_common.auth import Principal
from aftersales_common.errors import NotFound
from aftersales_common.web.pagination import keyset, page_of
from crm.adapters.tables import (
    CallAttempt,
    CallbackTask,
    Complaint,
    ComplaintFollowUp,
    CsiSurvey,
    CustomerContact,
    VehicleUsage,
)
from crm.domain.complaints import ComplaintStatus
from crm.domain.follow_up import TaskStatus


class CrmRepository:
    """Reads and writes within one session; reads for a caller are scoped to their dealers."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # projections (event side: no caller)
    async def contact(self, customer_id: str) -> CustomerContact | None:
        return await self.session.get(CustomerContact, customer_id)

    async def vehicle(self, vehicle_id: str) -> VehicleUsage | None:
        return await self.session.get(VehicleUsage, vehicle_id)

    async def contacts_for(self, customer_ids: Iterable[str]) -> dict[str, CustomerContact]:
        ids = sorted(set(customer_ids))
        if not ids:
            return {}
        rows = (await self.session.execute(
            select(CustomerContact).where(CustomerContact.id.in_(ids)))).scalars()
        return {r.id: r for r in rows}

    # follow-up tasks
    async def task_for_order(self, order_id: str) -> CallbackTask | None:
        return (await self.session.execute(
            select(CallbackTask).where(CallbackTask.order_id == order_id))).scalar_one_or_none()

    async def task(self, task_id: str, principal: Principal, *,
                   for_update: bool = False) -> CallbackTask:
        """One task in the caller's scope; `for_update` locks it (concurrent calls queue)."""
        row = await self.session.get(CallbackTask, task_id, with_for_update=for_update)
        if row is None:
            raise NotFound("follow-up task not found")
        principal.check_record(row.dealer_id)
        return row

    async def uncalled_tasks(self, *, customer_id: str | None = None,
                         vehicle_id: str | None = None) -> list[CallbackTask]:
        """Tasks nobody has tried to call yet, of a customer or a vehicle."""
        query = select(CallbackTask).where(CallbackTask.status == TaskStatus.OPEN,
                                           CallbackTask.attempts_count == 0)
        if customer_id:
            query = query.where(CallbackTask.customer_id == customer_id)
        if vehicle_id:
            query = query.where(CallbackTask.vehicle_id == vehicle_id)
        return list((await self.session.execute(query)).scalars())

    async def list_tasks(self, principal: Principal, *, dealer_id: str | None,
                         order_id: str | None, customer_id: str | None, status: str | None,
                         due_before: datetime | None, callable_at: datetime | None, limit: int,
                         cursor: str | None) -> tuple[list[CallbackTask], str | None]:
        query = select(CallbackTask).where(
            CallbackTask.dealer_id.in_(principal.listable_dealers(dealer_id)))
        if status:
            query = query.where(CallbackTask.status == status)
        else:  # excluded records are kept for reports, never shown as calls to make
            query = query.where(CallbackTask.status != TaskStatus.EXCLUDED)
        if order_id:
            query = query.where(CallbackTask.order_id == order_id)
        if customer_id:
            query = query.where(CallbackTask.customer_id == customer_id)
        if due_before:
            query = query.where(CallbackTask.due_at < due_before)
        if callable_at:
            query = query.where(CallbackTask.callable_from <= callable_at)
        rows = (await self.session.execute(
            keyset(query, CallbackTask.created_at, CallbackTask.id, limit, cursor))).scalars().all()
        return page_of(list(rows), limit)

    async def attempts(self, task_id: str) -> list[CallAttempt]:
        return list((await self.session.execute(
            select(CallAttempt).where(CallAttempt.task_id == task_id)
            .order_by(CallAttempt.created_at, CallAttempt.id))).scalars())

    async def last_number_called(self, task_id: str) -> str | None:
        return (await self.session.execute(
            select(CallAttempt.number_called)
            .where(CallAttempt.task_id == task_id, CallAttempt.number_called.is_not(None))
            .order_by(CallAttempt.created_at.desc()).limit(1))).scalar_one_or_none()

    async def survey(self, task_id: str) -> CsiSurvey | None:
        return (await self.session.execute(
            select(CsiSurvey).where(CsiSurvey.task_id == task_id))).scalar_one_or_none()

    # complaints
    async def complaint(self, complaint_id: str, principal: Principal, *,
                        for_update: bool = False) -> Complaint:
        row = await self.session.get(Complaint, complaint_id, with_for_update=for_update)
        if row is None:
            raise NotFound("complaint not found")
        principal.check_record(row.dealer_id)
        return row

    async def complaints_of_task(self, task_id: str) -> list[Complaint]:
        return list((await self.session.execute(
            select(Complaint).where(Complaint.task_id == task_id)
            .order_by(Complaint.created_at, Complaint.id))).scalars())

    async def unresolved_complaint(self, task_id: str) -> Complaint | None:
        return (await self.session.execute(
            select(Complaint).where(Complaint.task_id == task_id,
                                    Complaint.status != ComplaintStatus.RESOLVED).limit(1)
        )).scalar_one_or_none()

    async def follow_ups(self, complaint_id: str) -> list[ComplaintFollowUp]:
        return list((await self.session.execute(
            select(ComplaintFollowUp).where(ComplaintFollowUp.complaint_id == complaint_id)
            .order_by(ComplaintFollowUp.created_at, ComplaintFollowUp.id))).scalars())

    async def list_complaints(self, principal: Principal, *, dealer_id: str | None,
                              status: str | None, task_id: str | None,
                              follow_up_due_before: datetime | None, limit: int,
                              cursor: str | None) -> tuple[list[Complaint], str | None]:
        query = select(Complaint).where(Complaint.dealer_id.in_(principal.listable_dealers(dealer_id)))
        if status:
            query = query.where(Complaint.status == status)
        if task_id:
            query = query.where(Complaint.task_id == task_id)
        if follow_up_due_before:
            query = query.where(Complaint.next_follow_up_due < follow_up_due_before)
        rows = (await self.session.execute(
            keyset(query, Complaint.created_at, Complaint.id, limit, cursor))).scalars().all()
        return page_of(list(rows), limit)

    # reports
    async def surveys_between(self, dealer_ids: list[str], start: datetime,
                              end: datetime) -> list[CsiSurvey]:
        return list((await self.session.execute(
            select(CsiSurvey).where(CsiSurvey.dealer_id.in_(dealer_ids),
                                    CsiSurvey.created_at >= start, CsiSurvey.created_at < end)
            .order_by(CsiSurvey.created_at))).scalars())

    async def dissatisfied_between(self, dealer_ids: list[str], outcomes: list[str],
                                   start: datetime, end: datetime) -> list[CallbackTask]:
        return list((await self.session.execute(
            select(CallbackTask).where(CallbackTask.dealer_id.in_(dealer_ids),
                                       CallbackTask.outcome.in_(outcomes),
                                       CallbackTask.completed_at >= start,
                                       CallbackTask.completed_at < end)
            .order_by(CallbackTask.completed_at))).scalars())
