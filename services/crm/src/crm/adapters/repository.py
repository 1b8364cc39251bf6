"""The command side: load crm's aggregates, hand them to the unit of work, write them back."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy import select

from aftersales_common.domain import Aggregate
from aftersales_common.errors import NotFound
from aftersales_common.messaging.unit_of_work import UnitOfWork
from crm.adapters import mapping as m
from crm.adapters import tables as t
from crm.domain.callable_list import Contact, Vehicle
from crm.domain.complaints import Complaint, ComplaintStatus
from crm.domain.follow_up import FollowUp, TaskStatus

A = TypeVar("A", bound=Aggregate)


class CrmRepository:
    """Loads aggregates in the unit of work's session; `uow.track` saves them at commit."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.session = uow.session
        self._stored: dict[str, set[str]] = {}  # aggregate id -> ids of child rows in the db

    # the callable list's projections (event side)
    async def contact(self, customer_id: str) -> Contact | None:
        row = await self.session.get(t.CustomerContact, customer_id)
        return self._tracked(m.contact_of(row), self._save_contact) if row else None

    def add_contact(self, contact: Contact) -> None:
        self.uow.track(contact, self._save_contact)

    async def _save_contact(self, contact: Contact) -> None:
        row = await self.session.get(t.CustomerContact, contact.customer_id)
        self.session.add(m.contact_row(contact, row))

    async def vehicle(self, vehicle_id: str) -> Vehicle | None:
        row = await self.session.get(t.VehicleUsage, vehicle_id)
        return self._tracked(m.vehicle_of(row), self._save_vehicle) if row else None

    def add_vehicle(self, vehicle: Vehicle) -> None:
        self.uow.track(vehicle, self._save_vehicle)

    async def _save_vehicle(self, vehicle: Vehicle) -> None:
        row = await self.session.get(t.VehicleUsage, vehicle.vehicle_id)
        self.session.add(m.vehicle_row(vehicle, row))

    # follow-up tasks
    async def follow_up(self, task_id: str) -> FollowUp:
        """One task, locked for this unit of work (concurrent calls on it queue)."""
        row = await self.session.get(t.CallbackTask, task_id, with_for_update=True)
        if row is None:
            raise NotFound("follow-up task not found")
        return await self._follow_up_of(row)

    async def follow_up_of_order(self, order_id: str) -> FollowUp:
        """The task of a delivered order, locked for this unit of work."""
        row = (await self.session.execute(
            select(t.CallbackTask).where(t.CallbackTask.order_id == order_id)
            .with_for_update())).scalar_one_or_none()
        if row is None:
            raise NotFound("visit not found / 未找到该次到店记录")
        return await self._follow_up_of(row)

    async def has_follow_up_for_order(self, order_id: str) -> bool:
        found = await self.session.scalar(
            select(t.CallbackTask.id).where(t.CallbackTask.order_id == order_id))
        return found is not None

    async def uncalled(self, *, customer_id: str | None = None,
                       vehicle_id: str | None = None) -> list[FollowUp]:
        """Open tasks nobody has tried to call yet, of a customer or a vehicle."""
        query = select(t.CallbackTask).where(t.CallbackTask.status == TaskStatus.OPEN.value,
                                             t.CallbackTask.attempts_count == 0)
        if customer_id:
            query = query.where(t.CallbackTask.customer_id == customer_id)
        if vehicle_id:
            query = query.where(t.CallbackTask.vehicle_id == vehicle_id)
        rows = (await self.session.execute(query)).scalars().all()
        return [await self._follow_up_of(row) for row in rows]

    def add_follow_up(self, task: FollowUp) -> None:
        self._stored[task.id] = set()
        self.uow.track(task, self._save_follow_up)

    async def _follow_up_of(self, row: t.CallbackTask) -> FollowUp:
        attempts = (await self.session.execute(
            select(t.CallAttempt).where(t.CallAttempt.task_id == row.id)
            .order_by(t.CallAttempt.created_at, t.CallAttempt.id))).scalars().all()
        survey = await self.session.scalar(select(t.CsiSurvey).where(t.CsiSurvey.task_id == row.id))
        task = m.follow_up_of(row, list(attempts), survey)
        self._stored[task.id] = {a.id for a in task.attempts} | ({survey.id} if survey else set())
        return self._tracked(task, self._save_follow_up)

    async def _save_follow_up(self, task: FollowUp) -> None:
        row = await self.session.get(t.CallbackTask, task.id)
        self.session.add(m.task_row(task, row))
        await self.session.flush()  # the task row first: attempts and surveys refer to it
        stored = self._stored.setdefault(task.id, set())
        for attempt in task.attempts:
            if attempt.id not in stored:
                self.session.add(m.attempt_row(attempt))
                stored.add(attempt.id)
        if task.survey is not None and task.survey.id not in stored:
            self.session.add(m.survey_row(task.survey))
            stored.add(task.survey.id)

    # complaints
    async def complaint(self, complaint_id: str) -> Complaint:
        """One complaint, locked for this unit of work."""
        row = await self.session.get(t.Complaint, complaint_id, with_for_update=True)
        if row is None:
            raise NotFound("complaint not found")
        return await self._complaint_of(row)

    async def unresolved_complaint(self, task_id: str) -> Complaint | None:
        row = await self.session.scalar(
            select(t.Complaint).where(t.Complaint.task_id == task_id,
                                      t.Complaint.status != ComplaintStatus.RESOLVED.value)
            .limit(1))
        return await self._complaint_of(row) if row is not None else None

    def add_complaint(self, complaint: Complaint) -> None:
        self._stored[complaint.id] = set()
        self.uow.track(complaint, self._save_complaint)

    async def _complaint_of(self, row: t.Complaint) -> Complaint:
        follow_ups = (await self.session.execute(
            select(t.ComplaintFollowUp).where(t.ComplaintFollowUp.complaint_id == row.id)
            .order_by(t.ComplaintFollowUp.created_at, t.ComplaintFollowUp.id))).scalars().all()
        complaint = m.complaint_of(row, list(follow_ups))
        self._stored[complaint.id] = {f.id for f in complaint.follow_ups}
        return self._tracked(complaint, self._save_complaint)

    async def _save_complaint(self, complaint: Complaint) -> None:
        row = await self.session.get(t.Complaint, complaint.id)
        self.session.add(m.complaint_row(complaint, row))
        await self.session.flush()
        stored = self._stored.setdefault(complaint.id, set())
        for entry in complaint.follow_ups:
            if entry.id not in stored:
                self.session.add(m.complaint_follow_up_row(entry))
                stored.add(entry.id)

    def _tracked(self, aggregate: A, save: Callable[[A], Awaitable[None]]) -> A:
        self.uow.track(aggregate, save)
        return aggregate
