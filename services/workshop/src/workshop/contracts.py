"""Events workshop publishes (topic `aftersales.workshop`) and the one mapping from its domain events."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from aftersales_common.clock import in_dealer_zone
from aftersales_common.domain import DomainEvent
from aftersales_common.messaging.envelope import EventData
from aftersales_common.messaging.unit_of_work import Outbound
from aftersales_common.wire import DealerTime, Money
from aftersales_common.wire import PlainDecimal as Amount
from workshop.domain import events as ev
from workshop.domain import inspection as dvi
from workshop.domain import reception_steps as rs
from workshop.domain.clocking import PauseReason
from workshop.domain.deferred import DeferralKind
from workshop.domain.delivery import NextServiceBasis, WashOutcome
from workshop.domain.rules import AlertReason
from workshop.domain.statuses import JobStatus, OrderStatus, PayType, QcLevel
from workshop.domain.terms import PartOrigin, Skill

AGGREGATE = "repair_order"


class PartLine(BaseModel):
    part_no: str
    qty: Amount
    origin: PartOrigin = PartOrigin.ORIGINAL
    """original, equivalent, remanufactured or used (the last two with consent_by)."""
    consent_by: str | None = None


class ReserveLine(BaseModel):
    """A part to hold now for a job the customer has just approved."""

    job_id: str
    part_no: str
    qty: Amount


class JobLine(BaseModel):
    job_id: str
    op_code: str
    description: str
    labor_hours: Amount
    pay_type: PayType
    status: JobStatus
    parts: list[PartLine]
    skill: Skill = Skill.MECHANICAL


class OrderEvent(EventData):
    """Common payload of every `order.*` event: the order with its full jobs list."""

    order_id: str
    order_no: str
    dealer_id: str
    appointment_id: str | None
    customer_id: str
    vehicle_id: str
    vin: str
    plate: str
    status: OrderStatus
    jobs: list[JobLine]


class OrderOpened(OrderEvent):
    event_type = "order.opened"


class SignedEstimate(BaseModel):
    """The priced estimate the customer signed (money in the dealer's currency)."""

    labour: Money
    parts: Money
    vat: Money
    total: Money
    quoted_total: Money
    promised_at: DealerTime | None


class OrderAuthorized(OrderEvent):
    """The customer signed: `reserve` is exactly what parts holds now; `estimate` what was signed."""

    event_type = "order.authorized"
    reserve: list[ReserveLine]
    estimate: SignedEstimate | None = None


class OrderAdditionalWorkRequested(OrderEvent):
    event_type = "order.additional_work_requested"
    job_ids: list[str]


class OrderAdditionalWorkApproved(OrderEvent):
    """Additional work approved: `reserve` holds the parts of these jobs only."""

    event_type = "order.additional_work_approved"
    job_ids: list[str]
    reserve: list[ReserveLine]


class OrderQcFailed(OrderEvent):
    """A check failed at `qc_level`: `rework_job_ids` go back; the checks restart at `self`."""

    event_type = "order.qc_failed"
    qc_level: QcLevel
    notes: str | None = None
    rework_job_ids: list[str]


class OrderQcPassed(OrderEvent):
    """The final inspection passed: billing invoices the jobs."""

    event_type = "order.qc_passed"
    qc_level: QcLevel
    notes: str | None = None


class OrderCancelled(OrderEvent):
    """The order is off: parts releases everything held for it."""

    event_type = "order.cancelled"


class JobEvent(EventData):
    """Common payload of `job.*` events."""

    order_id: str
    job_id: str
    dealer_id: str
    technician: str | None
    op_code: str
    pay_type: PayType
    parts: list[PartLine]


class JobStarted(JobEvent):
    """Work began: `parts` are the lines to issue to this job."""

    event_type = "job.started"


class JobFinished(JobEvent):
    event_type = "job.finished"


class JobAssigned(OrderEvent):
    """Dispatch (派工): the job went to `technician` (their login; `technician_id` the roster id)."""

    event_type = "job.assigned"
    job_id: str
    technician: str
    technician_id: str | None = None
    assigned_by: str


class JobPaused(JobEvent):
    """The technician clocked off an unfinished job, with the reason (waiting for parts, …)."""

    event_type = "job.paused"
    reason: PauseReason
    note: str = ""
    paused_at: DealerTime


class JobResumed(JobEvent):
    """The technician clocked on again after a pause."""

    event_type = "job.resumed"
    resumed_at: DealerTime


class VehicleReady(EventData):
    """Past the final inspection and washed (or washing declined): the car can be collected."""

    event_type = "vehicle.ready"
    order_id: str
    dealer_id: str
    vehicle_id: str
    customer_id: str
    ready_at: DealerTime
    wash: WashOutcome = WashOutcome.WASHED


class NextServiceAdvice(BaseModel):
    """The next service recommended at delivery: by date and by mileage, whichever first."""

    due_on: date
    due_km: int | None
    basis: NextServiceBasis


class VehicleDelivered(EventData):
    event_type = "vehicle.delivered"
    order_id: str
    order_no: str
    dealer_id: str
    vehicle_id: str
    customer_id: str
    delivered_at: DealerTime
    odometer_km: int | None
    next_service: NextServiceAdvice | None = None


class RecordItemLine(BaseModel):
    """A repair item of the electronic record: operation code, name, labour hours."""

    op_code: str
    name: str
    labor_hours: Amount
    pay_type: PayType


class RecordPartLine(BaseModel):
    """A part of the electronic record; `name` when workshop knows it."""

    part_no: str
    name: str | None = None
    qty: Amount
    origin: PartOrigin


class RepairRecordCreated(EventData):
    """The electronic repair record (汽车维修电子健康档案, JT/T 1132.2 data elements) of a
    delivered visit: what partners upload to the provincial platform."""

    event_type = "repair_record.created"
    order_id: str
    order_no: str
    dealer_id: str
    dealer_name: str | None = None
    vehicle_id: str
    customer_id: str
    vin: str
    plate: str
    repair_started_on: date
    repair_ended_on: date
    opened_at: DealerTime
    delivered_at: DealerTime
    mileage_km: int | None
    settlement_no: str | None = Field(description="the invoice number (结算单号) once billing "
                                                  "reported it")
    fault_description: str
    items: list[RecordItemLine]
    parts: list[RecordPartLine]
    total_hours: Amount


class VehicleExited(EventData):
    """The gate checked the gate pass (出门证): the car left."""

    event_type = "vehicle.exited"
    order_id: str
    order_no: str
    dealer_id: str
    vehicle_id: str
    plate: str
    gate_pass_code: str
    checked_by: str
    exited_at: DealerTime


# ---- reception, deferred work, guarantee comebacks, 三包 (domain/reception_steps.py) ----------
class ComebackLine(BaseModel):
    """The earlier repair still under guarantee that this visit repeats."""

    of_order: str
    of_order_no: str
    op_code: str
    system: str | None
    within_km: int | None = Field(description="km driven since that delivery (null: unknown)")
    within_days: int = Field(description="whole days since that delivery")
    period_km: int
    period_days: int
    free: bool


class OrderComebackFlagged(OrderEvent):
    """Same problem inside the repair guarantee period (质量保证期): `job_id` is free (internal)."""

    event_type = "order.comeback_flagged"
    job_id: str
    comeback: ComebackLine


class WorkDeferred(EventData):
    """A job the customer deferred or declined stays on the vehicle's record; CRM reminds them."""

    event_type = "work.deferred"
    deferred_id: str
    order_id: str
    order_no: str
    dealer_id: str
    vehicle_id: str
    customer_id: str
    vin: str
    plate: str
    job_id: str
    op_code: str
    description: str
    labor_hours: Amount
    kind: DeferralKind
    reason: str
    remind_on: date | None = Field(description="the date the customer asked for, if any")
    reminder_due: date = Field(description="remind_on, else 30 days after deferring")
    deferred_at: DealerTime


class SanbaoLoanerDue(EventData):
    """三包: a single repair over the limit (5 days): a loaner car or compensation is owed."""

    event_type = "sanbao.loaner_due"
    order_id: str
    order_no: str
    dealer_id: str
    vehicle_id: str
    customer_id: str
    vin: str
    plate: str
    repair_days: int
    limit_days: int
    due_at: DealerTime


class SanbaoAlertRaised(EventData):
    """三包: a replacement / return threshold crossed (累计天数、同一严重问题、同一安全故障)."""

    event_type = "sanbao.alert_raised"
    alert_id: str
    order_id: str
    dealer_id: str
    vehicle_id: str
    customer_id: str
    vin: str
    plate: str
    reason: AlertReason
    system: str | None = Field(description="the system (or op code) the repairs share; null for "
                                           "cumulative days")
    count: int
    limit: int
    order_ids: list[str]
    raised_at: DealerTime


def _comeback(e: rs.ComebackFlagged) -> OrderEvent:
    c = e.comeback
    return _order(OrderComebackFlagged, e, job_id=e.job_id, comeback=ComebackLine(
        of_order=c.of_order, of_order_no=c.of_order_no, op_code=c.op_code, system=c.system,
        within_km=c.within_km, within_days=c.within_days, period_km=c.period_km,
        period_days=c.period_days, free=c.free))


def _deferred(e: rs.WorkDeferred) -> WorkDeferred:
    o, j = e.order, e.job
    return WorkDeferred(deferred_id=e.deferred_id, order_id=o.order_id, order_no=o.order_no,
                        dealer_id=o.dealer_id, vehicle_id=o.vehicle_id, customer_id=o.customer_id,
                        vin=o.vin, plate=o.plate, job_id=j.job_id, op_code=j.op_code,
                        description=j.description, labor_hours=j.labor_hours, kind=e.kind,
                        reason=e.reason, remind_on=e.remind_on, reminder_due=e.reminder_due,
                        deferred_at=e.at)


def _loaner(e: rs.LoanerDue) -> SanbaoLoanerDue:
    o = e.order
    return SanbaoLoanerDue(order_id=o.order_id, order_no=o.order_no, dealer_id=o.dealer_id,
                           vehicle_id=o.vehicle_id, customer_id=o.customer_id, vin=o.vin,
                           plate=o.plate, repair_days=e.repair_days, limit_days=e.limit_days,
                           due_at=e.at)


def _alert(e: rs.SanbaoAlertRaised) -> SanbaoAlertRaised:
    a = e.alert
    return SanbaoAlertRaised(alert_id=a.id, order_id=e.order.order_id, dealer_id=a.dealer_id,
                             vehicle_id=a.vehicle_id, customer_id=a.customer_id, vin=a.vin,
                             plate=a.plate, reason=a.reason, system=a.system, count=a.count,
                             limit=a.limit, order_ids=list(a.order_ids), raised_at=e.at)


# ---- the digital vehicle inspection (健康车检, H3) ------------------------------------------
class FindingLine(BaseModel):
    """A finding to tell the customer about (a point graded advise/urgent, or a free one)."""

    finding_id: str
    point_code: str | None
    severity: dvi.Severity
    title: str


class InspectionCompleted(EventData):
    """The health check is done: how many points in each grade, and the findings (CRM and
    the advisor follow the advise/urgent ones; priced ones become `additional_work_requested`)."""

    event_type = "inspection.completed"
    inspection_id: str
    order_id: str
    dealer_id: str
    customer_id: str
    vehicle_id: str
    completed_by: str
    completed_at: DealerTime
    points_total: int
    points_ok: int
    points_advise: int
    points_urgent: int
    findings: list[FindingLine]


def _inspection_completed(e: dvi.InspectionCompleted) -> Outbound:
    payload = InspectionCompleted(
        inspection_id=e.inspection_id, order_id=e.order_id, dealer_id=e.dealer_id,
        customer_id=e.customer_id, vehicle_id=e.vehicle_id, completed_by=e.by,
        completed_at=e.at, points_total=sum(e.grades.values()),
        points_ok=e.grades[dvi.Grade.OK], points_advise=e.grades[dvi.Grade.ADVISE],
        points_urgent=e.grades[dvi.Grade.URGENT],
        findings=[FindingLine(finding_id=f.id, point_code=f.point_code,
                              severity=dvi.Severity(f.severity.value), title=f.title)
                  for f in e.findings])
    return Outbound(payload=payload, subject=e.inspection_id, dealer_id=e.dealer_id,
                    aggregate_type="inspection")


PUBLISHED: list[type[EventData]] = [
    OrderOpened, OrderAuthorized, OrderAdditionalWorkRequested, OrderAdditionalWorkApproved,
    OrderQcFailed, OrderQcPassed, OrderCancelled, JobStarted, JobFinished, VehicleReady,
    VehicleDelivered, JobAssigned, JobPaused, JobResumed, RepairRecordCreated, VehicleExited,
    OrderComebackFlagged, WorkDeferred, SanbaoLoanerDue, SanbaoAlertRaised,
    InspectionCompleted,
]


def _parts(parts: tuple[ev.PartNeed, ...]) -> list[PartLine]:
    return [PartLine(part_no=p.part_no, qty=p.qty, origin=p.origin, consent_by=p.consent_by)
            for p in parts]


def _signed(signed: ev.SignedEstimate | None) -> SignedEstimate | None:
    if signed is None:
        return None
    return SignedEstimate(labour=signed.labour, parts=signed.parts, vat=signed.vat,
                          total=signed.total, quoted_total=signed.quoted_total,
                          promised_at=signed.promised_at)


def _reserve(lines: tuple[ev.ReserveLine, ...]) -> list[ReserveLine]:
    return [ReserveLine(job_id=r.job_id, part_no=r.part_no, qty=r.qty) for r in lines]


def _order(cls: type[OrderEvent], e: ev.OrderEvent, **extra: Any) -> OrderEvent:
    o = e.order
    jobs = [JobLine(job_id=j.job_id, op_code=j.op_code, description=j.description,
                    labor_hours=j.labor_hours, pay_type=j.pay_type, status=j.status,
                    parts=_parts(j.parts), skill=j.skill) for j in o.jobs]
    return cls(order_id=o.order_id, order_no=o.order_no, dealer_id=o.dealer_id,
               appointment_id=o.appointment_id, customer_id=o.customer_id,
               vehicle_id=o.vehicle_id, vin=o.vin, plate=o.plate, status=o.status, jobs=jobs,
               **extra)


def _job(cls: type[JobEvent], e: ev.JobStarted | ev.JobFinished | ev.JobPaused | ev.JobResumed,
         **extra: Any) -> JobEvent:
    return cls(order_id=e.order.order_id, job_id=e.job.job_id, dealer_id=e.order.dealer_id,
               technician=e.job.technician, op_code=e.job.op_code, pay_type=e.job.pay_type,
               parts=_parts(e.job.parts), **extra)


def _ready(e: ev.VehicleReady) -> VehicleReady:
    o = e.order
    return VehicleReady(order_id=o.order_id, dealer_id=o.dealer_id, vehicle_id=o.vehicle_id,
                        customer_id=o.customer_id, ready_at=e.at, wash=e.wash)


def _delivered(e: ev.VehicleDelivered) -> VehicleDelivered:
    o = e.order
    return VehicleDelivered(order_id=o.order_id, order_no=o.order_no, dealer_id=o.dealer_id,
                            vehicle_id=o.vehicle_id, customer_id=o.customer_id,
                            delivered_at=e.at, odometer_km=e.odometer_km,
                            next_service=None if e.next_service is None else NextServiceAdvice(
                                due_on=e.next_service.due_on, due_km=e.next_service.due_km,
                                basis=e.next_service.basis))


def _repair_record(e: ev.RepairRecordCreated) -> RepairRecordCreated:
    o = e.order
    return RepairRecordCreated(
        order_id=o.order_id, order_no=o.order_no, dealer_id=o.dealer_id, vehicle_id=o.vehicle_id,
        customer_id=o.customer_id, vin=o.vin, plate=o.plate,
        repair_started_on=in_dealer_zone(e.opened_at).date(),
        repair_ended_on=in_dealer_zone(e.delivered_at).date(), opened_at=e.opened_at,
        delivered_at=e.delivered_at, mileage_km=e.odometer_km, settlement_no=e.settlement_no,
        fault_description=e.fault_description,
        items=[RecordItemLine(op_code=i.op_code, name=i.name, labor_hours=i.labor_hours,
                              pay_type=PayType(i.pay_type)) for i in e.items],
        parts=[RecordPartLine(part_no=p.part_no, name=p.name, qty=p.qty, origin=p.origin)
               for p in e.parts],
        total_hours=e.total_hours)


def _exited(e: ev.VehicleExited) -> VehicleExited:
    o = e.order
    return VehicleExited(order_id=o.order_id, order_no=o.order_no, dealer_id=o.dealer_id,
                         vehicle_id=o.vehicle_id, plate=o.plate, gate_pass_code=e.code,
                         checked_by=e.checked_by, exited_at=e.at)


_MAPPING: dict[type[Any], Callable[[Any], EventData]] = {
    ev.OrderOpened: lambda e: _order(OrderOpened, e),
    ev.OrderAuthorized: lambda e: _order(OrderAuthorized, e, reserve=_reserve(e.reserve),
                                         estimate=_signed(e.signed)),
    ev.AdditionalWorkRequested: lambda e: _order(OrderAdditionalWorkRequested, e,
                                                 job_ids=list(e.job_ids)),
    ev.AdditionalWorkApproved: lambda e: _order(OrderAdditionalWorkApproved, e,
                                                job_ids=list(e.job_ids),
                                                reserve=_reserve(e.reserve)),
    ev.QcFailed: lambda e: _order(OrderQcFailed, e, qc_level=e.level, notes=e.notes,
                                  rework_job_ids=list(e.rework_job_ids)),
    ev.QcPassed: lambda e: _order(OrderQcPassed, e, qc_level=e.level, notes=e.notes),
    ev.OrderCancelled: lambda e: _order(OrderCancelled, e),
    ev.JobStarted: lambda e: _job(JobStarted, e),
    ev.JobFinished: lambda e: _job(JobFinished, e),
    ev.JobAssigned: lambda e: _order(JobAssigned, e, job_id=e.job.job_id,
                                     technician=e.job.technician or "",
                                     technician_id=e.technician_id, assigned_by=e.by),
    ev.JobPaused: lambda e: _job(JobPaused, e, reason=e.reason, note=e.note, paused_at=e.at),
    ev.JobResumed: lambda e: _job(JobResumed, e, resumed_at=e.at),
    ev.VehicleReady: _ready,
    ev.VehicleDelivered: _delivered,
    ev.RepairRecordCreated: lambda e: _repair_record(e),
    ev.VehicleExited: lambda e: _exited(e),
    rs.ComebackFlagged: _comeback,
    rs.WorkDeferred: _deferred,
    rs.LoanerDue: _loaner,
    rs.SanbaoAlertRaised: _alert,
}


def publish(event: DomainEvent) -> Outbound:
    """The one place a workshop domain event becomes its published contract."""
    if isinstance(event, dvi.InspectionCompleted):
        return _inspection_completed(event)
    if not isinstance(event, ev.OrderEvent) or type(event) not in _MAPPING:
        raise TypeError(f"workshop publishes no contract for {type(event).__name__}")
    payload = _MAPPING[type(event)](event)
    return Outbound(payload=payload, subject=event.order.order_id,
                    dealer_id=event.order.dealer_id, aggregate_type=AGGREGATE)
