"""One function per command: load, apply the rules, write, raise events, commit."""

from __future__ import annotations

from decimal import Decimal
from zoneinfo import ZoneInfo

from aftersales_common.auth import Principal
from aftersales_common.clock import utcnow
from aftersales_common.errors import Conflict, Forbidden, InvalidInput
from aftersales_common.messaging.outbox import UnitOfWork
from aftersales_common.money import decimal_str
from workshop import contracts as ev
from workshop.adapters.repository import OrderView, WorkshopRepository
from workshop.adapters.tables import Inspection, Job, QcCheck, RepairOrder
from workshop.config import WorkshopSettings
from workshop.domain import order as rules
from workshop.domain import values
from workshop.domain.order import JobStatus, QcLevel
from workshop.domain.values import (
    PAY_TYPES,
    SERVICE_TYPES,
    normalise_part_no,
    normalise_vin,
    order_number,
    part_qty,
)
from workshop.service.events import job_payload, order_payload, raise_event

SUPERVISORS = frozenset({"foreman", "admin"})
INSPECTORS = frozenset({"qc_inspector", "foreman", "admin"})


def _staff_for(principal: Principal, dealer_id: str) -> None:
    if principal.is_customer or dealer_id not in principal.dealer_ids:
        raise Forbidden("you do not work for this dealer")


def _touch(uow: UnitOfWork, *rows: object) -> None:
    for row in rows:
        if isinstance(row, RepairOrder):
            row.updated_at = utcnow()
        uow.session.add(row)


async def open_order(uow: UnitOfWork, *, settings: WorkshopSettings, dealer_id: str,
                     appointment_id: str | None, customer_id: str, vehicle_id: str, vin: str,
                     plate: str, model: str, service_type: str, concern: str,
                     opened_by: str) -> RepairOrder:
    """Write a new repair order and raise `order.opened` (the caller commits)."""
    repo = WorkshopRepository(uow.session)
    day = utcnow().astimezone(ZoneInfo(settings.default_timezone)).date()
    sequence = await repo.next_sequence(dealer_id, day)
    order = RepairOrder(
        order_no=order_number(settings.order_no_prefix, day, sequence), dealer_id=dealer_id,
        appointment_id=appointment_id, customer_id=customer_id, vehicle_id=vehicle_id,
        vin=vin, plate=plate, model=model, service_type=service_type, concern=concern,
        opened_by=opened_by,
    )
    uow.session.add(order)
    await raise_event(uow, order_payload(ev.OrderOpened, order, []), order)
    return order


async def open_walk_in(*, uow: UnitOfWork, principal: Principal, settings: WorkshopSettings,
                       dealer_id: str, customer_id: str, vehicle_id: str, vin: str, plate: str,
                       model: str, concern: str, service_type: str) -> OrderView:
    """A customer without an appointment: the advisor opens the order at the desk."""
    _staff_for(principal, dealer_id)
    if service_type not in SERVICE_TYPES:
        raise InvalidInput(f"service_type must be one of {', '.join(SERVICE_TYPES)}")
    order = await open_order(
        uow, settings=settings, dealer_id=dealer_id, appointment_id=None,
        customer_id=customer_id, vehicle_id=vehicle_id, vin=normalise_vin(vin),
        plate=plate.strip().upper(), model=model.strip(), service_type=service_type,
        concern=concern, opened_by=principal.sub)
    await uow.commit()
    return OrderView(order, [])


async def record_inspection(*, uow: UnitOfWork, principal: Principal, order_id: str,
                            odometer_km: int, fuel_level: int, notes: str, damages: list[str],
                            valuables: list[str]) -> OrderView:
    """The walk-around (环车检查); recording it again before signing replaces it."""
    repo = WorkshopRepository(uow.session)
    order = await repo.order(order_id, principal)
    rules.check_inspection(order)
    row = await uow.session.get(Inspection, order.id) or Inspection(
        order_id=order.id, odometer_km=odometer_km, fuel_level=fuel_level,
        inspected_by=principal.sub)
    row.odometer_km, row.fuel_level, row.notes = odometer_km, fuel_level, notes
    row.damages, row.valuables = list(damages), list(valuables)
    row.inspected_by, row.inspected_at = principal.sub, utcnow()
    _touch(uow, row, order)
    await uow.commit()
    return await repo.view(order)


async def add_job(*, uow: UnitOfWork, principal: Principal, order_id: str, op_code: str,
                  description: str, labor_hours: Decimal, pay_type: str,
                  parts: list[tuple[str, Decimal]]) -> Job:
    """A job on the estimate, or after signing additional work awaiting the customer."""
    repo = WorkshopRepository(uow.session)
    order = await repo.order(order_id, principal)
    jobs = await repo.jobs(order.id)
    status = rules.new_job_status(order)
    if pay_type not in PAY_TYPES:
        raise InvalidInput(f"pay_type must be one of {', '.join(PAY_TYPES)}")
    job = Job(
        order_id=order.id, position=len(jobs) + 1, op_code=op_code.strip(),
        description=description.strip(), labor_hours=values.labor_hours(labor_hours), pay_type=pay_type,
        parts=[{"part_no": normalise_part_no(p), "qty": decimal_str(part_qty(q))}
               for p, q in parts],
        status=status, additional=status == JobStatus.PENDING_APPROVAL,
        requested_by=principal.sub,
    )
    _touch(uow, job, order)
    if job.additional:
        await raise_event(uow, order_payload(ev.OrderAdditionalWorkRequested, order,
                                             [*jobs, job], job_ids=[job.id]), order)
    await uow.commit()
    return job


async def authorize(*, uow: UnitOfWork, principal: Principal, order_id: str,
                    signed_by: str) -> OrderView:
    """The customer signed the estimate; parts reserves from `order.authorized`."""
    repo = WorkshopRepository(uow.session)
    order = await repo.order(order_id, principal)
    jobs = await repo.jobs(order.id)
    now = utcnow()
    for job in rules.authorize(order, jobs):
        job.decided_by, job.decided_at = signed_by, now
        _touch(uow, job)
    order.authorized_by, order.authorized_at = signed_by, now
    _touch(uow, order)
    await raise_event(uow, order_payload(ev.OrderAuthorized, order, jobs), order)
    await uow.commit()
    return await repo.view(order)


async def decide_additional_work(*, uow: UnitOfWork, principal: Principal, order_id: str,
                                 job_ids: list[str], signed_by: str, approve: bool) -> OrderView:
    """The customer approves (parts then reserves) or declines extra work (追加维修)."""
    repo = WorkshopRepository(uow.session)
    order = await repo.order(order_id, principal)
    jobs = await repo.jobs(order.id)
    chosen = rules.decide_additional_work(order, jobs, job_ids, approve=approve)
    now = utcnow()
    for job in chosen:
        job.decided_by, job.decided_at = signed_by, now
        _touch(uow, job)
    _touch(uow, order)
    if approve:
        await raise_event(uow, order_payload(ev.OrderAdditionalWorkApproved, order, jobs,
                                             job_ids=[j.id for j in chosen]), order)
    await uow.commit()
    return await repo.view(order)


async def assign_job(*, uow: UnitOfWork, principal: Principal, job_id: str,
                     technician: str) -> Job:
    """Dispatch (派工): the foreman gives the job to a technician."""
    order, job = await WorkshopRepository(uow.session).job(job_id, principal)
    rules.assign(order, job, technician.strip())
    _touch(uow, job)
    await uow.commit()
    return job


async def start_job(*, uow: UnitOfWork, principal: Principal, job_id: str) -> Job:
    """Work begins; an unassigned job goes to whoever starts it. Parts issues on `job.started`."""
    order, job = await WorkshopRepository(uow.session).job(job_id, principal)
    if (job.technician and job.technician != principal.sub
            and not principal.roles & SUPERVISORS):
        raise Conflict(f"the job is assigned to {job.technician} / 该项目已派给 {job.technician}",
                       code="assigned-elsewhere")
    rules.start_job(order, job, principal.sub)
    job.started_at = utcnow()
    _touch(uow, job, order)
    await raise_event(uow, job_payload(ev.JobStarted, order, job), order)
    await uow.commit()
    return job


async def finish_job(*, uow: UnitOfWork, principal: Principal, job_id: str,
                     notes: str | None) -> Job:
    """The technician finished and self-checked the job."""
    order, job = await WorkshopRepository(uow.session).job(job_id, principal)
    rules.finish_job(order, job)
    job.finished_at, job.finish_notes = utcnow(), notes
    _touch(uow, job, order)
    await raise_event(uow, job_payload(ev.JobFinished, order, job), order)
    await uow.commit()
    return job


async def record_qc(*, uow: UnitOfWork, principal: Principal, order_id: str, passed: bool,
                    notes: str, level: QcLevel, job_ids: list[str] | None) -> OrderView:
    """A quality check; a failure sends jobs back to rework, a final pass releases the car."""
    if level != QcLevel.SELF and not principal.roles & INSPECTORS:
        raise Forbidden("only a QC inspector or the foreman may do this check")
    repo = WorkshopRepository(uow.session)
    order = await repo.order(order_id, principal)
    jobs = await repo.jobs(order.id)
    rework = rules.record_qc(order, jobs, passed=passed, level=level, failed_job_ids=job_ids)
    now = utcnow()
    _touch(uow, QcCheck(order_id=order.id, level=level, passed=passed, notes=notes,
                        rework_job_ids=[j.id for j in rework], inspector=principal.sub,
                        created_at=now), *rework, order)
    if rework:
        await raise_event(uow, order_payload(ev.OrderQcFailed, order, jobs, qc_level=level,
                                             notes=notes), order)
    elif order.status == rules.OrderStatus.QC_PASSED:
        order.qc_passed_at = now
        await raise_event(uow, order_payload(ev.OrderQcPassed, order, jobs, qc_level=level,
                                             notes=notes), order)
        await raise_event(uow, ev.VehicleReady(order_id=order.id, dealer_id=order.dealer_id,
                                               vehicle_id=order.vehicle_id,
                                               customer_id=order.customer_id, ready_at=now),
                          order)
    await uow.commit()
    return await repo.view(order)


async def deliver(*, uow: UnitOfWork, principal: Principal, order_id: str,
                  odometer_km: int | None) -> OrderView:
    """Hand the car back (交车): 409 until the final check passed and the bill is paid."""
    repo = WorkshopRepository(uow.session)
    order = await repo.order(order_id, principal)
    rules.deliver(order)
    inspection = await uow.session.get(Inspection, order.id)
    if odometer_km is not None and inspection and odometer_km < inspection.odometer_km:
        raise InvalidInput(f"odometer_km is below the {inspection.odometer_km} km recorded at "
                           "reception / 交车里程小于接车里程")
    if odometer_km is None and inspection:
        odometer_km = inspection.odometer_km
    order.delivered_at, order.delivered_by = utcnow(), principal.sub
    order.delivery_odometer_km = odometer_km
    _touch(uow, order)
    await raise_event(uow, ev.VehicleDelivered(
        order_id=order.id, order_no=order.order_no, dealer_id=order.dealer_id,
        vehicle_id=order.vehicle_id, customer_id=order.customer_id,
        delivered_at=order.delivered_at, odometer_km=odometer_km), order)
    await uow.commit()
    return await repo.view(order)


async def cancel(*, uow: UnitOfWork, principal: Principal, order_id: str,
                 reason: str) -> OrderView:
    """Call the order off before work starts; parts releases what it held."""
    repo = WorkshopRepository(uow.session)
    order = await repo.order(order_id, principal)
    jobs = await repo.jobs(order.id)
    rules.cancel(order)
    order.cancel_reason = reason
    _touch(uow, order)
    await raise_event(uow, order_payload(ev.OrderCancelled, order, jobs), order)
    await uow.commit()
    return await repo.view(order)
