"""Deferred and declined work in and out of its rows (commands) and the vehicle's list (reads)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from aftersales_common.auth import Principal
from aftersales_common.db import Session
from aftersales_common.errors import NotFound
from aftersales_common.messaging.unit_of_work import UnitOfWork
from aftersales_common.money import decimal_str
from workshop.adapters import tables as t
from workshop.domain.deferred import DeferralKind, DeferredStatus, DeferredWork
from workshop.domain.events import PartNeed

_FIELDS = ("dealer_id", "vehicle_id", "customer_id", "order_id", "order_no", "job_id", "op_code",
           "description", "labor_hours", "reason", "remind_on", "recorded_by", "recorded_at",
           "taken_up_order_id", "taken_up_job_id", "taken_up_at")


def deferred_of(row: t.DeferredWork) -> DeferredWork:
    """The record from its row."""
    return DeferredWork(
        id=row.id, kind=DeferralKind(row.kind), status=DeferredStatus(row.status),
        parts=tuple(PartNeed(p["part_no"], Decimal(p["qty"])) for p in row.parts or []),
        **{f: getattr(row, f) for f in _FIELDS})


class DeferredWorkRepository:
    """Deferred work within one unit of work (tracked, written at commit)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.session: Session = uow.session

    def add(self, work: DeferredWork) -> None:
        self.uow.track(work, self._save)

    async def get(self, deferred_id: str, principal: Principal) -> DeferredWork:
        """One record, 404 when missing or out of the caller's scope (locked for the update)."""
        row = await self.session.get(t.DeferredWork, deferred_id, with_for_update=True)
        if row is None:
            raise NotFound("deferred work not found / 未找到暂缓项目")
        principal.check_record(row.dealer_id, row.customer_id)
        work = deferred_of(row)
        self.uow.track(work, self._save)
        return work

    async def _save(self, work: DeferredWork) -> None:
        row = await self.session.get(t.DeferredWork, work.id) or t.DeferredWork(
            id=work.id, kind=work.kind.value, **{f: getattr(work, f) for f in _FIELDS})
        for name in _FIELDS:
            setattr(row, name, getattr(work, name))
        row.kind, row.status = work.kind.value, work.status.value
        row.parts = [{"part_no": p.part_no, "qty": decimal_str(p.qty)} for p in work.parts]
        self.session.add(row)


async def of_vehicle(session: Session, *, vehicle_id: str, dealer_ids: list[str] | None,
                     customer_id: str | None, include_taken_up: bool) -> list[DeferredWork]:
    """A vehicle's deferred work, newest first, limited to the caller's dealers or own records."""
    query = select(t.DeferredWork).where(t.DeferredWork.vehicle_id == vehicle_id)
    if dealer_ids is not None:
        query = query.where(t.DeferredWork.dealer_id.in_(dealer_ids))
    if customer_id is not None:
        query = query.where(t.DeferredWork.customer_id == customer_id)
    if not include_taken_up:
        query = query.where(t.DeferredWork.status == DeferredStatus.OPEN.value)
    rows = (await session.execute(query.order_by(t.DeferredWork.recorded_at.desc(),
                                                 t.DeferredWork.id).limit(200))).scalars()
    return [deferred_of(r) for r in rows]
