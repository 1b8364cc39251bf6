"""All of workshop's queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from aftersales_common.auth import Principal
from aftersales_common.db import insert_ignore
from aftersales_common.errors import NotFound
from aftersales_common.web.pagination import keyset, page_of
from workshop.adapters.tables import (
    Inspection,
    Job,
    OrderCounter,
    PartsStatus,
    QcCheck,
    RepairOrder,
)
from workshop.domain.order import ACTIVE_ORDER, OrderStatus
from workshop.domain.supply import PartSupply


@dataclass
class OrderView:
    """An order with everything the desk shows about it."""

    order: RepairOrder
    jobs: list[Job]
    inspection: Inspection | None = None
    qc_checks: list[QcCheck] = field(default_factory=list)
    parts: list[PartsStatus] = field(default_factory=list)


class WorkshopRepository:
    """Reads and writes within one session, always scoped to the caller."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def order(self, order_id: str, principal: Principal) -> RepairOrder:
        row = await self.session.get(RepairOrder, order_id)
        if row is None:
            raise NotFound("repair order not found")
        principal.check_record(row.dealer_id, row.customer_id)
        return row

    async def order_unscoped(self, order_id: str) -> RepairOrder | None:
        """For event handlers: the producer is trusted, there is no caller."""
        return await self.session.get(RepairOrder, order_id)

    async def order_of_appointment(self, appointment_id: str) -> RepairOrder | None:
        return (await self.session.execute(
            select(RepairOrder).where(RepairOrder.appointment_id == appointment_id)
        )).scalar_one_or_none()

    async def job(self, job_id: str, principal: Principal) -> tuple[RepairOrder, Job]:
        row = await self.session.get(Job, job_id)
        if row is None:
            raise NotFound("job not found")
        return await self.order(row.order_id, principal), row

    async def jobs(self, order_id: str) -> list[Job]:
        return list((await self.session.execute(
            select(Job).where(Job.order_id == order_id).order_by(Job.position)
        )).scalars())

    async def jobs_of(self, order_ids: list[str]) -> dict[str, list[Job]]:
        out: dict[str, list[Job]] = defaultdict(list)
        if order_ids:
            rows = (await self.session.execute(
                select(Job).where(Job.order_id.in_(order_ids)).order_by(Job.order_id, Job.position)
            )).scalars()
            for job in rows:
                out[job.order_id].append(job)
        return out

    async def view(self, order: RepairOrder) -> OrderView:
        """The order with its jobs, walk-around, quality checks and parts status."""
        qc = (await self.session.execute(
            select(QcCheck).where(QcCheck.order_id == order.id).order_by(QcCheck.created_at)
        )).scalars()
        parts = (await self.session.execute(
            select(PartsStatus).where(PartsStatus.order_id == order.id).order_by(PartsStatus.part_no)
        )).scalars()
        return OrderView(order, await self.jobs(order.id),
                         await self.session.get(Inspection, order.id), list(qc), list(parts))

    async def next_sequence(self, dealer_id: str, day: date) -> int:
        """Atomically take the next order number of the dealer's day."""
        key = f"{day:%Y%m%d}"
        await insert_ignore(self.session, OrderCounter.__table__,
                            {"dealer_id": dealer_id, "day": key, "last": 0}, ["dealer_id", "day"])
        await self.session.execute(
            update(OrderCounter)
            .where(OrderCounter.dealer_id == dealer_id, OrderCounter.day == key)
            .values(last=OrderCounter.last + 1)
        )
        last = await self.session.scalar(
            select(OrderCounter.last).where(OrderCounter.dealer_id == dealer_id,
                                            OrderCounter.day == key))
        return int(last or 0)

    async def supply(self, order_id: str, part_no: str) -> tuple[PartsStatus, PartSupply]:
        """The parts status row of a part on an order (new when absent) and its domain state."""
        row = await self.session.get(PartsStatus, (order_id, part_no))
        if row is None:
            row = PartsStatus(order_id=order_id, part_no=part_no)
        state = PartSupply(
            held=row.held, issued=row.issued, awaiting_initial=row.awaiting_initial,
            short_by_job={j: Decimal(q) for j, q in (row.short_by_job or {}).items()},
            expected_date=row.expected_date,
        )
        return row, state

    async def any_short(self, order_id: str) -> bool:
        rows = (await self.session.execute(
            select(PartsStatus.short).where(PartsStatus.order_id == order_id))).scalars()
        return any(q > 0 for q in rows)

    async def list_orders(self, principal: Principal, *, dealer_id: str | None,
                          appointment_id: str | None, status: str | None,
                          vehicle_id: str | None, customer_id: str | None, limit: int,
                          cursor: str | None) -> tuple[list[RepairOrder], str | None]:
        query = select(RepairOrder)
        if principal.is_customer:
            query = query.where(RepairOrder.customer_id == principal.customer_id)
        else:
            query = query.where(RepairOrder.dealer_id.in_(principal.listable_dealers(dealer_id)))
        filters: dict[str, Any] = {"appointment_id": appointment_id, "status": status,
                                   "vehicle_id": vehicle_id, "customer_id": customer_id}
        for name, value in filters.items():
            if value:
                query = query.where(getattr(RepairOrder, name) == value)
        rows = (await self.session.execute(
            keyset(query, RepairOrder.created_at, RepairOrder.id, limit, cursor))).scalars().all()
        return page_of(list(rows), limit)

    async def board(self, dealer_id: str, start: datetime, end: datetime) -> list[RepairOrder]:
        """Cars in the workshop on a day: opened that day, or earlier and not yet gone."""
        active = [s.value for s in ACTIVE_ORDER]
        query = select(RepairOrder).where(
            RepairOrder.dealer_id == dealer_id,
            RepairOrder.status != OrderStatus.CANCELLED.value,
            RepairOrder.created_at < end,
            or_(RepairOrder.created_at >= start, RepairOrder.status.in_(active)),
        ).order_by(RepairOrder.created_at, RepairOrder.id).limit(500)
        return list((await self.session.execute(query)).scalars())
