"""Technicians in and out of their rows; the reads dispatch and the reports need."""

from __future__ import annotations

from sqlalchemy import select

from aftersales_common.auth import Principal
from aftersales_common.db import Session
from aftersales_common.errors import Conflict, InvalidInput, NotFound
from aftersales_common.messaging.unit_of_work import UnitOfWork
from workshop.adapters import tables as t
from workshop.adapters.repository import load_orders
from workshop.domain.repair_order import RepairOrder
from workshop.domain.statuses import WORKING
from workshop.domain.technicians import Technician, shift_time
from workshop.domain.terms import Skill


def technician_of(row: t.Technician) -> Technician:
    """The aggregate from its row."""
    return Technician(id=row.id, dealer_id=row.dealer_id, user_id=row.user_id, name=row.name,
                      skills=frozenset(Skill(s) for s in row.skills or []), team=row.team,
                      shift_start=shift_time(row.shift_start, "shift_start"),
                      shift_end=shift_time(row.shift_end, "shift_end"), active=row.active,
                      created_at=row.created_at, updated_at=row.updated_at)


class TechnicianRepository:
    """Technicians within one unit of work (tracked: written back on commit)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.session: Session = uow.session

    async def get(self, technician_id: str, principal: Principal) -> Technician:
        """A technician of one of the caller's dealers (404 otherwise)."""
        row = await self.session.get(t.Technician, technician_id)
        if row is None:
            raise NotFound("technician not found / 未找到技师")
        principal.check_record(row.dealer_id)
        return self._track(technician_of(row))

    async def for_assignment(self, dealer_id: str, *, technician_id: str | None,
                             user_id: str | None) -> Technician:
        """The active technician of this dealer named by roster id or login (422 otherwise)."""
        field = "technician_id" if technician_id else "technician"
        query = select(t.Technician).where(t.Technician.dealer_id == dealer_id)
        query = query.where(t.Technician.id == technician_id if technician_id
                            else t.Technician.user_id == (user_id or "").strip())
        row = (await self.session.execute(query)).scalars().first()
        if row is None:
            raise InvalidInput(f"{field}: no technician of this dealer by that name / 本店没有该技师",
                               field=field)
        if not row.active:
            raise InvalidInput(f"{field}: {row.name} is not active / 该技师已停用", field=field)
        return technician_of(row)

    async def add(self, tech: Technician) -> None:
        """A new technician (409 when the login is on the dealer's roster already)."""
        taken = await self.session.scalar(select(t.Technician.id).where(
            t.Technician.dealer_id == tech.dealer_id, t.Technician.user_id == tech.user_id))
        if taken:
            raise Conflict(f"{tech.user_id} is on the roster already / 该账号已登记为技师",
                           code="technician-exists")
        self._track(tech)

    def _track(self, tech: Technician) -> Technician:
        self.uow.track(tech, self._save)
        return tech

    async def _save(self, tech: Technician) -> None:
        row = await self.session.get(t.Technician, tech.id) or t.Technician(
            id=tech.id, dealer_id=tech.dealer_id, user_id=tech.user_id, name=tech.name,
            shift_start="08:30", shift_end="17:30", created_at=tech.created_at)
        row.name, row.team, row.active = tech.name, tech.team, tech.active
        row.skills = sorted(s.value for s in tech.skills)
        row.shift_start = f"{tech.shift_start:%H:%M}"
        row.shift_end = f"{tech.shift_end:%H:%M}"
        row.updated_at = tech.updated_at
        self.session.add(row)


# ---- reads ---------------------------------------------------------------------------
async def roster(session: Session, dealer_id: str) -> list[Technician]:
    """Every technician of a dealer, by team and name."""
    rows = (await session.execute(select(t.Technician).where(t.Technician.dealer_id == dealer_id)
                                  .order_by(t.Technician.team, t.Technician.name))).scalars()
    return [technician_of(r) for r in rows]


async def technician(session: Session, technician_id: str, principal: Principal) -> Technician:
    """One technician of the caller's dealers (404 otherwise)."""
    row = await session.get(t.Technician, technician_id)
    if row is None:
        raise NotFound("technician not found / 未找到技师")
    principal.check_record(row.dealer_id)
    return technician_of(row)


async def orders_in_work(session: Session, dealer_id: str) -> list[RepairOrder]:
    """Signed orders with the car in the workshop (jobs and clock lines loaded)."""
    rows = list((await session.execute(select(t.RepairOrder).where(
        t.RepairOrder.dealer_id == dealer_id,
        t.RepairOrder.status.in_([s.value for s in WORKING]))
        .order_by(t.RepairOrder.created_at).limit(500))).scalars())
    return await load_orders(session, rows, full=False)



async def order_of_job(session: Session, job_id: str, principal: Principal) -> RepairOrder:
    """The order owning a job, with its jobs and clock lines (404 out of scope)."""
    job = await session.get(t.Job, job_id)
    if job is None:
        raise NotFound("job not found / 未找到维修项目")
    row = await session.get(t.RepairOrder, job.order_id)
    if row is None:
        raise NotFound("job not found / 未找到维修项目")
    principal.check_record(row.dealer_id, row.customer_id)
    (order,) = await load_orders(session, [row], full=False)
    return order
