"""Commands of dispatch and clocking: the roster, assigning by skill, pause and resume."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time

from aftersales_common.auth import Principal
from aftersales_common.clock import utcnow
from aftersales_common.errors import InvalidInput
from aftersales_common.messaging.unit_of_work import UnitOfWork
from workshop.adapters.repository import OrderRepository
from workshop.adapters.technicians_repo import TechnicianRepository
from workshop.domain.clocking import PauseReason
from workshop.domain.repair_order import Job, RepairOrder
from workshop.domain.technicians import Technician
from workshop.domain.terms import Skill
from workshop.service.handlers import SUPERVISORS


async def register_technician(*, uow: UnitOfWork, principal: Principal, dealer_id: str,
                              user_id: str, name: str, skills: Sequence[Skill], team: str,
                              shift_start: str | time, shift_end: str | time, active: bool) -> Technician:
    """A technician joins the dealer's roster (409 when the login is on it already)."""
    principal.require_staff_of(dealer_id)
    tech = Technician.register(dealer_id=dealer_id, user_id=user_id, name=name, skills=skills,
                               team=team, shift_start=shift_start, shift_end=shift_end,
                               active=active, at=utcnow())
    await TechnicianRepository(uow).add(tech)
    return tech


async def revise_technician(*, uow: UnitOfWork, principal: Principal, technician_id: str,
                            name: str, skills: Sequence[Skill], team: str,
                            shift_start: str | time, shift_end: str | time,
                            active: bool) -> Technician:
    """Change a technician's skills, team, shift or whether they take work."""
    tech = await TechnicianRepository(uow).get(technician_id, principal)
    principal.require_staff_of(tech.dealer_id)
    tech.revise(name=name, skills=skills, team=team, shift_start=shift_start,
                shift_end=shift_end, active=active, at=utcnow())
    return tech


async def assign_job(*, uow: UnitOfWork, principal: Principal, job_id: str,
                     technician_id: str | None, technician: str | None) -> Job:
    """Dispatch (派工) to a technician of the order's dealer who has the job's skill (409 else)."""
    if not technician_id and not (technician or "").strip():
        raise InvalidInput("technician_id: name the technician / 请指定技师", field="technician_id")
    order = await OrderRepository(uow).of_job(job_id, principal)
    tech = await TechnicianRepository(uow).for_assignment(
        order.dealer_id, technician_id=technician_id, user_id=technician)
    return order.assign(job_id=job_id, technician=tech.user_id, by=principal.sub, at=utcnow(),
                        skills=tech.skills, technician_id=tech.id)


async def pause_job(*, uow: UnitOfWork, principal: Principal, job_id: str, reason: PauseReason,
                    note: str) -> Job:
    """Clock off an unfinished job with the reason."""
    order = await OrderRepository(uow).of_job(job_id, principal)
    return order.pause_job(job_id=job_id, technician=principal.sub,
                           may_override=bool(principal.roles & SUPERVISORS), reason=reason,
                           note=note, at=utcnow())


async def resume_job(*, uow: UnitOfWork, principal: Principal, job_id: str) -> Job:
    """Clock on again after a pause."""
    order = await OrderRepository(uow).of_job(job_id, principal)
    return order.resume_job(job_id=job_id, technician=principal.sub,
                            may_override=bool(principal.roles & SUPERVISORS), at=utcnow())


async def set_customer_waiting(*, uow: UnitOfWork, principal: Principal, order_id: str,
                               waiting: bool) -> RepairOrder:
    """The customer waits in the lounge (or left): dispatch priority follows."""
    order = await OrderRepository(uow).get(order_id, principal)
    principal.require_staff_of(order.dealer_id)
    order.mark_customer_waiting(waiting=waiting, at=utcnow())
    return order
