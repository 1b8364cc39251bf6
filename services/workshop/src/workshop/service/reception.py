"""Reception commands and the rules that read the vehicle's history (comebacks, repeats, 三包).

The hooks (`assess_*`) run inside the caller's unit of work: at opening, after a job is added,
after delivery. Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from aftersales_common.auth import Principal
from aftersales_common.clock import utcnow
from aftersales_common.messaging.unit_of_work import UnitOfWork
from workshop.adapters.alerts_repo import SanbaoAlerts, open_orders
from workshop.adapters.deferred_repo import DeferredWorkRepository
from workshop.adapters.history_queries import op_infos, vehicle_history, visit_now
from workshop.adapters.policy_repo import PolicyRepository
from workshop.adapters.repository import OrderRepository
from workshop.domain.policy import WorkshopPolicy
from workshop.domain.repair_order import Job, RepairOrder
from workshop.domain.rules import (
    OpInfo,
    Visit,
    find_comeback,
    repeat_of,
    sanbao_findings,
    within_validity,
)
from workshop.domain.sanbao import SanbaoAlert
from workshop.domain.visit import OldParts, PaymentMethod, VisitType, visit_of


# ---- hooks -------------------------------------------------------------------------------
async def assess_opening(*, uow: UnitOfWork, order: RepairOrder, visit_type: str | None,
                         arrived_at: datetime | None, customer_words: str | None,
                         at: datetime) -> None:
    """At opening: the visit, arrival and words; a declared rework names the visit it repeats;
    the 三包 thresholds are checked against the vehicle's repairs so far."""
    policy = await PolicyRepository(uow.session).get(order.dealer_id)
    kind = visit_of(order.service_type, visit_type)
    order.note_arrival(visit_type=kind, arrived_at=arrived_at,
                       customer_words=order.concern if customer_words is None else customer_words,
                       greet_target_minutes=policy.greet_target_minutes)
    history = await vehicle_history(uow.session, dealer_id=order.dealer_id,
                                    vehicle_id=order.vehicle_id, excluding=order.id)
    order.mark_repeat(repeat_of(history, kind))
    await _sanbao(uow, order, history, policy, at)


async def assess_job(*, uow: UnitOfWork, order: RepairOrder, job: Job, at: datetime) -> None:
    """A job for the same problem as a repair still under guarantee: a free comeback."""
    history = await vehicle_history(uow.session, dealer_id=order.dealer_id,
                                    vehicle_id=order.vehicle_id, excluding=order.id)
    if not history:
        return
    policy = await PolicyRepository(uow.session).get(order.dealer_id)
    code = job.op_code.upper()
    info = (await op_infos(uow.session, order.dealer_id, [code])).get(code, OpInfo())
    odometer = order.walk_around.odometer_km if order.walk_around else None
    comeback = find_comeback(history, op_code=code, info=info, at=at, odometer_km=odometer,
                             policy=policy)
    if comeback is not None:
        order.flag_comeback(job=job, comeback=comeback, at=at)


async def assess_delivery(*, uow: UnitOfWork, order: RepairOrder, at: datetime) -> None:
    """At delivery: a repair that took too long owes a loaner; the 三包 thresholds again."""
    policy = await PolicyRepository(uow.session).get(order.dealer_id)
    history = await vehicle_history(uow.session, dealer_id=order.dealer_id,
                                    vehicle_id=order.vehicle_id, excluding=order.id)
    await _sanbao(uow, order, history, policy, at)


async def keep_declined(*, uow: UnitOfWork, order: RepairOrder, jobs: Sequence[Job], by: str,
                        reason: str | None, remind_on: date | None) -> None:
    """Additional work the customer declined stays on the vehicle's record."""
    repo = DeferredWorkRepository(uow)
    for work in order.keep_declined(jobs, reason=reason or "", remind_on=remind_on, by=by,
                                    at=utcnow()):
        repo.add(work)


async def _sanbao(uow: UnitOfWork, order: RepairOrder, history: list[Visit],
                  policy: WorkshopPolicy, at: datetime) -> None:
    limits = policy.sanbao
    infos = await op_infos(uow.session, order.dealer_id, [j.op_code for j in order.jobs])
    visits = [*history, visit_now(order, infos)]
    first = min(v.opened_at for v in visits)
    now = visits[-1]
    order.check_loaner(at=at, limits=limits, in_validity=within_validity(
        first, now.opened_at, now.odometer_km or now.delivery_odometer_km, limits))
    findings = sanbao_findings(visits, at=at, limits=limits)
    if not findings:
        return
    alerts = SanbaoAlerts(uow)
    known = {a.key: a for a in await alerts.of_vehicle(order.dealer_id, order.vehicle_id)}
    for finding in findings:
        if (alert := known.get(finding.key)) is not None:
            alert.refresh(finding, at)
            continue
        alert = SanbaoAlert.raise_for(finding, dealer_id=order.dealer_id,
                                      vehicle_id=order.vehicle_id, customer_id=order.customer_id,
                                      vin=order.vin, plate=order.plate, order_id=order.id, at=at)
        alerts.add(alert)
        order.alert_raised(alert, at=at)


# ---- commands ----------------------------------------------------------------------------
async def greet(*, uow: UnitOfWork, principal: Principal, order_id: str) -> RepairOrder:
    """The advisor greets the customer (the first greeting counts)."""
    order = await OrderRepository(uow).get(order_id, principal)
    principal.require_staff_of(order.dealer_id)
    policy = await PolicyRepository(uow.session).get(order.dealer_id)
    order.greet(by=principal.sub, at=utcnow(), target_minutes=policy.greet_target_minutes)
    return order


async def record_reception(*, uow: UnitOfWork, principal: Principal, order_id: str,
                           visit_type: VisitType | None, customer_words: str | None,
                           payment_method: PaymentMethod | None, old_parts: OldParts | None,
                           extra_work_needs_approval: bool) -> RepairOrder:
    """What the repair order records at reception; a visit now declared rework is matched."""
    order = await OrderRepository(uow).get(order_id, principal)
    principal.require_staff_of(order.dealer_id)
    order.record_reception(visit_type=visit_type, customer_words=customer_words,
                           payment_method=payment_method, old_parts=old_parts,
                           extra_work_needs_approval=extra_work_needs_approval,
                           by=principal.sub, at=utcnow())
    if order.visit_type == VisitType.REWORK and order.repeat_of is None:
        history = await vehicle_history(uow.session, dealer_id=order.dealer_id,
                                        vehicle_id=order.vehicle_id, excluding=order.id)
        order.mark_repeat(repeat_of(history, VisitType.REWORK))
    return order


async def record_three_c(*, uow: UnitOfWork, principal: Principal, job_id: str,
                         concern: str | None, cause: str | None,
                         correction: str | None) -> Job:
    """Concern / cause / correction of a job."""
    order = await OrderRepository(uow).of_job(job_id, principal)
    principal.require_staff_of(order.dealer_id)
    return order.record_three_c(job_id=job_id, concern=concern, cause=cause,
                                correction=correction, by=principal.sub, at=utcnow())


async def acknowledge_alert(*, uow: UnitOfWork, principal: Principal, alert_id: str,
                            note: str) -> SanbaoAlert:
    """The manager has taken a 三包 alert up."""
    alert = await SanbaoAlerts(uow).get(alert_id, principal)
    principal.require_staff_of(alert.dealer_id)
    alert.acknowledge(by=principal.sub, note=note, at=utcnow())
    return alert


async def check_open_orders(*, uow: UnitOfWork, principal: Principal,
                            dealer_id: str) -> list[RepairOrder]:
    """三包 for cars still in the workshop: each one over the single-repair limit is flagged
    (loaner due) once; returns the orders flagged now."""
    principal.require_staff_of(dealer_id)
    policy = await PolicyRepository(uow.session).get(dealer_id)
    repo, at = OrderRepository(uow), utcnow()
    flagged: list[RepairOrder] = []
    for order_id in await open_orders(uow.session, [dealer_id]):
        order = await repo.get(order_id, principal)
        if order.loaner_required:
            continue
        history = await vehicle_history(uow.session, dealer_id=dealer_id,
                                        vehicle_id=order.vehicle_id, excluding=order.id)
        await _sanbao(uow, order, history, policy, at)
        if order.loaner_required:
            flagged.append(order)
    return flagged
