"""Reads of dispatch, clocking and the manager's view (read-only sessions)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from aftersales_common.auth import Principal
from aftersales_common.clock import display_zone, utcnow
from aftersales_common.db import Session
from aftersales_common.errors import InvalidInput
from workshop.adapters import kpi_queries
from workshop.adapters import queries as order_queries
from workshop.adapters import technicians_repo as techs
from workshop.adapters.policy_repo import PolicyRepository
from workshop.domain import dispatch, kpi
from workshop.domain.clocking import HoursTotal, JobHours, job_hours, total
from workshop.domain.repair_order import RepairOrder
from workshop.domain.statuses import JobStatus
from workshop.domain.technicians import Technician

MAX_DAYS = 366


async def technicians(session: Session, *, principal: Principal,
                      dealer_id: str) -> list[Technician]:
    """The dealer's roster (empty for a dealer the caller does not work for)."""
    if dealer_id not in principal.listable_dealers(dealer_id):
        return []
    return await techs.roster(session, dealer_id)


@dataclass(frozen=True)
class DispatchBoard:
    """What the foreman sees: the queue with a suggestion each, and every technician's load."""

    dealer_id: str
    reserve_capacity_pct: int
    at: datetime
    queue: list[tuple[dispatch.QueueItem, list[dispatch.Suggestion]]]
    loads: list[dispatch.Load]


async def _loads(session: Session, dealer_id: str, now: datetime
                 ) -> tuple[list[RepairOrder], list[Technician], list[dispatch.Load], int]:
    reserve = (await PolicyRepository(session).get(dealer_id)).reserve_capacity_pct
    orders = await techs.orders_in_work(session, dealer_id)
    roster = await techs.roster(session, dealer_id)
    local = now.astimezone(display_zone())
    loads = [dispatch.load_of(t, orders, now=local, reserve_pct=reserve) for t in roster]
    return orders, roster, loads, reserve


async def board(session: Session, *, principal: Principal, dealer_id: str) -> DispatchBoard:
    """The dispatch queue by priority and the technicians' load today (403 other dealers)."""
    principal.require_staff_of(dealer_id)
    now = utcnow()
    orders, roster, loads, reserve = await _loads(session, dealer_id, now)
    items = [(item, dispatch.suggest(
        skill=item.job.skill, hours=item.job.labor_hours, loads=loads,
        teams_on_order=dispatch.teams_on(item.order, item.job.id, roster)))
        for item in dispatch.queue(orders)]
    return DispatchBoard(dealer_id=dealer_id, reserve_capacity_pct=reserve, at=now, queue=items,
                         loads=loads)


async def suggestions(session: Session, *, principal: Principal,
                      job_id: str) -> tuple[RepairOrder, list[dispatch.Suggestion]]:
    """Technicians ranked for one job: the skill, the least loaded, the order's team."""
    order = await techs.order_of_job(session, job_id, principal)
    principal.require_staff_of(order.dealer_id)
    _, roster, loads, _ = await _loads(session, order.dealer_id, utcnow())
    job = order.job(job_id)
    return order, dispatch.suggest(skill=job.skill, hours=job.labor_hours, loads=loads,
                                   teams_on_order=dispatch.teams_on(order, job_id, roster))


@dataclass(frozen=True)
class OrderHours:
    order: RepairOrder
    jobs: list[JobHours]
    total: HoursTotal


async def order_hours(session: Session, *, principal: Principal, order_id: str) -> OrderHours:
    """Per job: sold hours against clocked work and rework (an open line counts up to now)."""
    order = await order_queries.order(session, order_id, principal)
    now = utcnow()
    jobs = [job_hours(job_id=j.id, op_code=j.op_code, description=j.description,
                      technician=j.technician, status=j.status.value, sold=j.labor_hours,
                      lines=j.clock_lines, now=now)
            for j in order.jobs if j.status not in (JobStatus.DECLINED, JobStatus.ESTIMATED,
                                                    JobStatus.PENDING_APPROVAL)]
    return OrderHours(order=order, jobs=jobs, total=total(jobs, now))


def period_of(first: date | None, last: date | None) -> kpi.Period:
    """The period asked for (default: the last 7 days to today); 422 when upside down or too long."""
    today = utcnow().astimezone(display_zone()).date()
    last = last or today
    first = first or last - timedelta(days=6)
    if first > last:
        raise InvalidInput("from must not be after to / 开始日期不能晚于结束日期", field="from")
    if (last - first).days >= MAX_DAYS:
        raise InvalidInput(f"a period is at most {MAX_DAYS} days / 期间最长 {MAX_DAYS} 天",
                           field="from")
    return kpi.Period(first=first, last=last, zone=display_zone())


async def technician_hours(session: Session, *, principal: Principal, technician_id: str,
                           first: date | None, last: date | None
                           ) -> tuple[Technician, kpi.Period, kpi.TechnicianHours]:
    """One technician's sold and clocked hours and comebacks over a period."""
    tech = await techs.technician(session, technician_id, principal)
    period = period_of(first, last)
    orders = await kpi_queries.orders_between(session, tech.dealer_id, period.start, period.end)
    return tech, period, kpi.technician_hours(tech, orders, period, utcnow())


async def figures(session: Session, *, principal: Principal, dealer_id: str, first: date | None,
                  last: date | None) -> tuple[kpi.Period, kpi.Figures]:
    """The manager's view of the workshop over a period (403 for another dealer)."""
    principal.require_staff_of(dealer_id)
    period = period_of(first, last)
    orders = await kpi_queries.orders_between(session, dealer_id, period.start, period.end)
    roster = await techs.roster(session, dealer_id)
    return period, kpi.figures(orders, roster, period, utcnow())
