"""One function per command: load the order, call its method, hand it back. The route commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from aftersales_common.auth import Principal
from aftersales_common.clock import in_dealer_zone, utcnow
from aftersales_common.messaging.unit_of_work import UnitOfWork
from workshop.adapters.catalogue_repo import OperationCatalogue
from workshop.adapters.repository import OrderRepository, VehicleFiles
from workshop.config import WorkshopSettings
from workshop.domain.catalogue import job_from_catalogue
from workshop.domain.events import PartNeed
from workshop.domain.reception import verify_walk_in
from workshop.domain.repair_order import Job, RepairOrder
from workshop.domain.terms import Skill
from workshop.domain.values import order_number
from workshop.domain.visit import VISIT_TO_SERVICE, VisitType
from workshop.domain.walkaround import WalkAroundDetail
from workshop.service import reception

SUPERVISORS = frozenset({"foreman", "admin"})
"""Who may start a job assigned to someone else."""


async def open_order(*, uow: UnitOfWork, settings: WorkshopSettings, dealer_id: str,
                     appointment_id: str | None, customer_id: str, vehicle_id: str, vin: str,
                     plate: str, model: str, service_type: str, concern: str, by: str,
                     at: datetime, visit_type: str | None = None,
                     arrived_at: datetime | None = None,
                     customer_words: str | None = None) -> RepairOrder:
    """A new repair order numbered in the dealer's local day."""
    repo = OrderRepository(uow)
    day = in_dealer_zone(at).date()
    number = order_number(settings.order_no_prefix, day, await repo.next_sequence(dealer_id, day))
    if visit_type and service_type == "repair":
        service_type = VISIT_TO_SERVICE[VisitType(visit_type)]
    order = RepairOrder.open(order_no=number, dealer_id=dealer_id, appointment_id=appointment_id,
                             customer_id=customer_id, vehicle_id=vehicle_id, vin=vin, plate=plate,
                             model=model, service_type=service_type, concern=concern, by=by, at=at)
    repo.add(order)
    await reception.assess_opening(uow=uow, order=order, visit_type=visit_type,
                                   arrived_at=arrived_at, customer_words=customer_words, at=at)
    return order


async def open_walk_in(*, uow: UnitOfWork, principal: Principal, settings: WorkshopSettings,
                       dealer_id: str, customer_id: str, vehicle_id: str, vin: str | None,
                       plate: str | None, model: str | None, concern: str,
                       service_type: str, visit_type: str | None = None,
                       arrived_at: datetime | None = None,
                       customer_words: str | None = None) -> RepairOrder:
    """A customer without an appointment, on the files booking keeps (422 when they do not fit)."""
    principal.require_staff_of(dealer_id)
    files = VehicleFiles(uow.session)
    vehicle = verify_walk_in(dealer_id=dealer_id, customer_id=customer_id, vehicle_id=vehicle_id,
                             customer=await files.customer(customer_id),
                             vehicle=await files.vehicle(vehicle_id),
                             vin=vin, plate=plate, model=model)
    return await open_order(uow=uow, settings=settings, dealer_id=dealer_id, appointment_id=None,
                            customer_id=customer_id, vehicle_id=vehicle_id, vin=vehicle.vin,
                            plate=vehicle.plate, model=vehicle.model, service_type=service_type,
                            concern=concern, by=principal.sub, at=utcnow(), visit_type=visit_type,
                            arrived_at=arrived_at, customer_words=customer_words)


async def record_inspection(*, uow: UnitOfWork, principal: Principal, order_id: str,
                            odometer_km: int, fuel_level: int, notes: str, damages: list[str],
                            valuables: list[str],
                            detail: WalkAroundDetail | None = None) -> RepairOrder:
    """The walk-around (环车检查); `detail` is the structured record (domain/walkaround.py)."""
    order = await OrderRepository(uow).get(order_id, principal)
    order.record_walk_around(odometer_km=odometer_km, fuel_level=fuel_level, notes=notes,
                             damages=damages, valuables=valuables, by=principal.sub, at=utcnow(),
                             detail=detail)
    return order


async def add_job(*, uow: UnitOfWork, principal: Principal, order_id: str, op_code: str,
                  description: str | None, labor_hours: Decimal | None, pay_type: str,
                  parts: Sequence[tuple[str, Decimal] | PartNeed],
                  skill: Skill | None = None) -> Job:
    """A job on the estimate, or after signing additional work awaiting the customer.

    An operation of the dealer's catalogue gives the skill, and the standard hours and the name
    when the request leaves them out; any other code needs hours and a description (422).
    """
    order = await OrderRepository(uow).get(order_id, principal)
    job = job_from_catalogue(await OperationCatalogue(uow.session).get(order.dealer_id, op_code),
                             description=description, labor_hours=labor_hours, skill=skill)
    added = order.add_job(op_code=op_code, description=job.description,
                          labor_hours=job.labor_hours, pay_type=pay_type, parts=parts,
                          by=principal.sub, at=utcnow(), skill=job.skill)
    await reception.assess_job(uow=uow, order=order, job=added, at=added.created_at)
    return added


async def authorize(*, uow: UnitOfWork, principal: Principal, order_id: str,
                    signed_by: str) -> RepairOrder:
    """The customer signed the estimate."""
    order = await OrderRepository(uow).get(order_id, principal)
    order.authorize(signed_by=signed_by, at=utcnow())
    return order


async def decide_additional_work(*, uow: UnitOfWork, principal: Principal, order_id: str,
                                 job_ids: Sequence[str], signed_by: str,
                                 approve: bool, reason: str | None = None,
                                 remind_on: date | None = None) -> RepairOrder:
    """The customer approves or declines additional work (追加维修); declined work stays on the
    vehicle's record (deferred work, offered again at the next visit)."""
    order = await OrderRepository(uow).get(order_id, principal)
    chosen = order.decide_additional_work(job_ids=job_ids, approve=approve, signed_by=signed_by,
                                          at=utcnow())
    if not approve:
        await reception.keep_declined(uow=uow, order=order, jobs=chosen, by=signed_by,
                                      reason=reason, remind_on=remind_on)
    return order


async def start_job(*, uow: UnitOfWork, principal: Principal, job_id: str) -> Job:
    """Work begins; a supervisor may start a job assigned to someone else."""
    order = await OrderRepository(uow).of_job(job_id, principal)
    return order.start_job(job_id=job_id, technician=principal.sub,
                           may_override=bool(principal.roles & SUPERVISORS), at=utcnow())


async def finish_job(*, uow: UnitOfWork, principal: Principal, job_id: str,
                     notes: str | None) -> Job:
    """The technician finished the job."""
    order = await OrderRepository(uow).of_job(job_id, principal)
    return order.finish_job(job_id=job_id, notes=notes, at=utcnow())


async def cancel(*, uow: UnitOfWork, principal: Principal, order_id: str,
                 reason: str) -> RepairOrder:
    """Call the order off before work starts."""
    order = await OrderRepository(uow).get(order_id, principal)
    order.cancel(reason=reason, by=principal.sub, at=utcnow())
    return order
