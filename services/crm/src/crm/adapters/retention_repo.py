"""Retention tasks in and out of their rows (commands) and the lists (reads)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from aftersales_common.auth import Principal
from aftersales_common.db import Session
from aftersales_common.errors import NotFound
from aftersales_common.messaging.unit_of_work import UnitOfWork
from aftersales_common.web.pagination import keyset, page_of
from crm.adapters import tables as t
from crm.domain.retention import RetentionOutcome, RetentionSource, RetentionStatus, RetentionTask

_FIELDS = ("dealer_id", "customer_id", "vehicle_id", "source_id", "order_id", "order_no", "plate",
           "title", "reason", "due_on", "created_at", "note", "done_by", "done_at")


def task_of(row: t.RetentionTask) -> RetentionTask:
    return RetentionTask(id=row.id, source=RetentionSource(row.source),
                         status=RetentionStatus(row.status),
                         outcome=RetentionOutcome(row.outcome) if row.outcome else None,
                         **{f: getattr(row, f) for f in _FIELDS})


class RetentionTasks:
    """Retention tasks within one unit of work (tracked, written at commit)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.session: Session = uow.session

    async def exists(self, source: RetentionSource, source_id: str) -> bool:
        """A task from this source record was created already (events come at least once)."""
        return bool(await self.session.scalar(select(t.RetentionTask.id).where(
            t.RetentionTask.source == source.value, t.RetentionTask.source_id == source_id)))

    def add(self, task: RetentionTask) -> None:
        self.uow.track(task, self._save)

    async def get(self, task_id: str, principal: Principal) -> RetentionTask:
        """One task of the caller's dealers (404 otherwise), tracked."""
        row = await self.session.get(t.RetentionTask, task_id, with_for_update=True)
        if row is None:
            raise NotFound("reminder not found / 未找到提醒")
        principal.check_record(row.dealer_id, None)
        task = task_of(row)
        self.uow.track(task, self._save)
        return task

    async def _save(self, task: RetentionTask) -> None:
        row = await self.session.get(t.RetentionTask, task.id) or t.RetentionTask(
            id=task.id, source=task.source.value, **{f: getattr(task, f) for f in _FIELDS})
        for name in _FIELDS:
            setattr(row, name, getattr(task, name))
        row.status = task.status.value
        row.outcome = task.outcome.value if task.outcome else None
        self.session.add(row)


async def retention_tasks(session: Session, *, dealer_ids: list[str], status: RetentionStatus | None,
                          vehicle_id: str | None, customer_id: str | None,
                          due_before: date | None, limit: int,
                          cursor: str | None) -> tuple[list[RetentionTask], str | None]:
    """A page of the dealers' retention tasks, by creation."""
    query = select(t.RetentionTask).where(t.RetentionTask.dealer_id.in_(dealer_ids))
    if status is not None:
        query = query.where(t.RetentionTask.status == status.value)
    if vehicle_id:
        query = query.where(t.RetentionTask.vehicle_id == vehicle_id)
    if customer_id:
        query = query.where(t.RetentionTask.customer_id == customer_id)
    if due_before is not None:
        query = query.where(t.RetentionTask.due_on <= due_before)
    rows = (await session.execute(
        keyset(query, t.RetentionTask.created_at, t.RetentionTask.id, limit, cursor))).scalars().all()
    page, nxt = page_of(list(rows), limit)
    return [task_of(r) for r in page], nxt
