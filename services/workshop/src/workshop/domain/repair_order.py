"""The repair order (维修委托书): the aggregate that owns its jobs, checks and parts supply."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from aftersales_common.clock import new_id
from aftersales_common.domain import Aggregate
from aftersales_common.errors import Conflict, InvalidInput
from workshop.domain import events as ev
from workshop.domain import quality, values
from workshop.domain.events import JobFacts, OrderFacts, PartNeed, ReserveLine
from workshop.domain.progress import Progress, progress_of
from workshop.domain.statuses import JOB_FLOW, ORDER_FLOW, JobStatus, OrderStatus, PayType, QcLevel
from workshop.domain.supply import PartSupply

_UNFINISHED = (JobStatus.APPROVED, JobStatus.IN_PROGRESS, JobStatus.REWORK)


@dataclass(eq=False)
class Job:
    """One job (维修项目) on the order, with the parts it needs."""

    id: str
    order_id: str
    position: int
    op_code: str
    description: str
    labor_hours: Decimal
    pay_type: PayType
    parts: tuple[PartNeed, ...]
    status: JobStatus
    additional: bool
    requested_by: str
    created_at: datetime
    technician: str | None = None
    rework_count: int = 0
    decided_by: str | None = None
    decided_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    finish_notes: str | None = None

    def move(self, action: str) -> None:
        """Apply `action` through the job's transition table (409 when not allowed)."""
        self.status = JOB_FLOW.next(self.status, action)

    def facts(self) -> JobFacts:
        """The job as an event carries it."""
        return JobFacts(job_id=self.id, op_code=self.op_code, description=self.description,
                        labor_hours=self.labor_hours, pay_type=self.pay_type, status=self.status,
                        technician=self.technician, parts=self.parts)

    def reserve_lines(self) -> list[ReserveLine]:
        """The parts to hold for this job once the customer approved it."""
        return [ReserveLine(job_id=self.id, part_no=p.part_no, qty=p.qty) for p in self.parts]


@dataclass(frozen=True)
class WalkAround:
    """The walk-around at reception (环车检查)."""

    odometer_km: int
    fuel_level: int
    notes: str
    damages: tuple[str, ...]
    valuables: tuple[str, ...]
    inspected_by: str
    inspected_at: datetime


@dataclass(frozen=True)
class QcRecord:
    """One quality check: who, when, which level, the verdict and what it sent back."""

    id: str
    level: QcLevel
    passed: bool
    notes: str
    rework_job_ids: tuple[str, ...]
    inspector: str
    created_at: datetime


@dataclass(eq=False)
class RepairOrder(Aggregate):
    """A car's visit from reception to delivery; at most one per appointment."""

    id: str
    order_no: str
    dealer_id: str
    appointment_id: str | None
    customer_id: str
    vehicle_id: str
    vin: str
    plate: str
    model: str
    service_type: str
    concern: str
    opened_by: str
    created_at: datetime
    updated_at: datetime
    status: OrderStatus = OrderStatus.OPENED
    paid: bool = False
    paid_at: datetime | None = None
    invoice_id: str | None = None
    waiting_parts: bool = False
    rework_count: int = 0
    qc_stage: QcLevel | None = None
    """The last check passed in the current round (None: the round starts at `self`)."""
    authorized_by: str | None = None
    authorized_at: datetime | None = None
    qc_passed_at: datetime | None = None
    delivered_at: datetime | None = None
    delivered_by: str | None = None
    delivery_odometer_km: int | None = None
    cancel_reason: str | None = None
    jobs: list[Job] = field(default_factory=list)
    walk_around: WalkAround | None = None
    qc_checks: list[QcRecord] = field(default_factory=list)
    supplies: dict[str, PartSupply] = field(default_factory=dict)

    # ---- reception -------------------------------------------------------------------
    @classmethod
    def open(cls, *, order_no: str, dealer_id: str, appointment_id: str | None, customer_id: str,
             vehicle_id: str, vin: str, plate: str, model: str, service_type: str, concern: str,
             by: str, at: datetime) -> RepairOrder:
        """Open the order at reception (from a check-in or a walk-in)."""
        if service_type not in values.SERVICE_TYPES:
            raise InvalidInput(f"service_type must be one of {', '.join(values.SERVICE_TYPES)}")
        order = cls(id=new_id(), order_no=order_no, dealer_id=dealer_id,
                    appointment_id=appointment_id, customer_id=customer_id, vehicle_id=vehicle_id,
                    vin=vin, plate=plate, model=model, service_type=service_type, concern=concern,
                    opened_by=by, created_at=at, updated_at=at)
        order.record(ev.OrderOpened(order=order.facts(), at=at))
        return order

    def record_walk_around(self, *, odometer_km: int, fuel_level: int, notes: str,
                           damages: Sequence[str], valuables: Sequence[str], by: str,
                           at: datetime) -> None:
        """The walk-around belongs to reception, before signing; recording it again replaces it."""
        self._move("record_walk_around", at)
        self.walk_around = WalkAround(odometer_km, fuel_level, notes, tuple(damages),
                                      tuple(valuables), by, at)

    def add_job(self, *, op_code: str, description: str, labor_hours: Decimal | str,
                pay_type: str, parts: Iterable[tuple[str, Decimal | str]], by: str,
                at: datetime) -> Job:
        """On the estimate before signing; after, additional work awaiting the customer (追加维修)."""
        additional = self.status != OrderStatus.OPENED
        self._move("request_additional_work" if additional else "add_estimate_job", at)
        try:
            pay = PayType(pay_type)
        except ValueError:
            raise InvalidInput(f"pay_type must be one of {', '.join(PayType)}") from None
        job = Job(
            id=new_id(), order_id=self.id, position=len(self.jobs) + 1, op_code=op_code.strip(),
            description=description.strip(), labor_hours=values.labor_hours(labor_hours),
            pay_type=pay, parts=tuple(PartNeed(values.normalise_part_no(p), values.part_qty(q))
                                      for p, q in parts),
            status=JobStatus.PENDING_APPROVAL if additional else JobStatus.ESTIMATED,
            additional=additional, requested_by=by, created_at=at)
        self.jobs.append(job)
        if additional:
            self.record(ev.AdditionalWorkRequested(order=self.facts(), at=at, job_ids=(job.id,)))
        return job

    def authorize(self, *, signed_by: str, at: datetime) -> list[Job]:
        """The customer signed the estimate: its jobs are approved and their parts reserved."""
        ORDER_FLOW.next(self.status, "authorize")
        estimate = [j for j in self.jobs if j.status == JobStatus.ESTIMATED]
        if not estimate:
            raise Conflict("the estimate has no jobs yet / 估价单中还没有维修项目", code="no-jobs")
        for job in estimate:
            job.move("sign_estimate")
            job.decided_by, job.decided_at = signed_by, at
        self._move("authorize", at)
        self.authorized_by, self.authorized_at = signed_by, at
        self.record(ev.OrderAuthorized(order=self.facts(), at=at,
                                       reserve=_reserve(estimate)))
        return estimate

    def decide_additional_work(self, *, job_ids: Sequence[str], approve: bool, signed_by: str,
                               at: datetime) -> list[Job]:
        """The customer approves (parts then reserves) or declines additional work."""
        self._move("decide_additional_work", at)
        chosen = [self.job(i, field="job_ids") for i in dict.fromkeys(job_ids)]
        if not chosen:
            raise InvalidInput("job_ids must name jobs of this order")
        action = "approve" if approve else "decline"
        for job in chosen:
            JOB_FLOW.next(job.status, action)  # refuse before changing anything
        for job in chosen:
            job.move(action)
            job.decided_by, job.decided_at = signed_by, at
        if approve:
            self.record(ev.AdditionalWorkApproved(order=self.facts(), at=at,
                                                  job_ids=tuple(j.id for j in chosen),
                                                  reserve=_reserve(chosen)))
        return chosen

    # ---- the workshop ----------------------------------------------------------------
    def assign(self, *, job_id: str, technician: str, by: str, at: datetime) -> Job:
        """Dispatch (派工): the foreman gives a job to a technician."""
        job = self.job(job_id)
        self._move("assign", at)
        job.move("assign")
        job.technician = technician.strip()
        return job

    def start_job(self, *, job_id: str, technician: str, may_override: bool,
                  at: datetime) -> Job:
        """Work begins; a job assigned to someone else is theirs unless a supervisor starts it."""
        job = self.job(job_id)
        if job.technician and job.technician != technician and not may_override:
            raise Conflict(f"the job is assigned to {job.technician} / 该项目已派给 {job.technician}",
                           code="assigned-elsewhere")
        status = ORDER_FLOW.next(self.status, "start_job")
        job.move("start")
        job.technician = job.technician or technician
        job.started_at = at
        self.status, self.updated_at = status, at
        self.qc_stage = None  # new work: the checks start again from the self-check
        self.record(ev.JobStarted(order=self.facts(), at=at, job=job.facts()))
        return job

    def finish_job(self, *, job_id: str, notes: str | None, at: datetime) -> Job:
        """The technician finished the job."""
        job = self.job(job_id)
        self._move("finish_job", at)
        job.move("finish")
        job.finished_at, job.finish_notes = at, notes
        self.record(ev.JobFinished(order=self.facts(), at=at, job=job.facts()))
        return job

    # ---- quality and delivery --------------------------------------------------------
    def record_qc(self, *, level: QcLevel, passed: bool, by: str, roles: Collection[str],
                  at: datetime, notes: str = "", job_ids: Sequence[str] | None = None) -> list[Job]:
        """A quality check at `level`, in sequence; returns the jobs a failure sent to rework."""
        quality.may_sign(level, roles)
        finished = self._ready_for(level)
        quality.check_in_order(level, self.qc_stage)
        rework = [] if passed else self._rework(finished, job_ids)
        self.qc_checks.append(QcRecord(new_id(), level, passed, notes,
                                       tuple(j.id for j in rework), by, at))
        if not passed:
            self._move("fail_check", at)
            self.rework_count += 1
            self.qc_stage, self.qc_passed_at = None, None
            self.record(ev.QcFailed(order=self.facts(), at=at, level=level, notes=notes,
                                    rework_job_ids=tuple(j.id for j in rework)))
            return rework
        self.qc_stage = level
        if level == QcLevel.FINAL:
            self._move("pass_final", at)
            self.qc_passed_at = at
            self.record(ev.QcPassed(order=self.facts(), at=at, level=level, notes=notes))
            self.record(ev.VehicleReady(order=self.facts(), at=at))
        else:
            self._move("pass_pre_delivery" if level == QcLevel.PRE_DELIVERY else "pass_check", at)
        return []

    def deliver(self, *, by: str, at: datetime, odometer_km: int | None) -> None:
        """Hand the car back (交车): after the check before delivery, once paid."""
        ORDER_FLOW.next(self.status, "deliver")
        if self.qc_stage != QcLevel.PRE_DELIVERY:
            raise Conflict("the advisor's check before delivery has not passed / 交车前检查尚未通过",
                           code="pre-delivery-check-missing")
        if not self.paid:
            raise Conflict("the order is not paid yet / 委托书尚未结清，不能交车", code="not-paid")
        reception = self.walk_around.odometer_km if self.walk_around else None
        if odometer_km is not None and reception is not None and odometer_km < reception:
            raise InvalidInput(f"odometer_km is below the {reception} km recorded at reception / "
                               "交车里程小于接车里程")
        self._move("deliver", at)
        self.delivered_at, self.delivered_by = at, by
        self.delivery_odometer_km = odometer_km if odometer_km is not None else reception
        self.record(ev.VehicleDelivered(order=self.facts(), at=at,
                                        odometer_km=self.delivery_odometer_km))

    def cancel(self, *, reason: str, by: str, at: datetime) -> None:
        """Call the order off before work starts; parts releases everything it held."""
        self._move("cancel", at)
        self.cancel_reason = reason
        self.record(ev.OrderCancelled(order=self.facts(), at=at, reason=reason))

    @property
    def progress(self) -> Progress:
        """The stage the customer follows: received, in repair, quality check, ready, delivered."""
        return progress_of(self.status, [j.status for j in self.jobs])

    # ---- facts reported by billing and parts -----------------------------------------
    def mark_paid(self, *, invoice_id: str, at: datetime) -> None:
        """The invoice is settled: the car may be delivered."""
        self.paid, self.paid_at, self.invoice_id, self.updated_at = True, at, invoice_id, at

    def mark_unpaid(self, *, invoice_id: str, at: datetime) -> bool:
        """A refund left the invoice open: delivery waits for the next payment."""
        if self.invoice_id not in (None, invoice_id):
            return False  # a refund on another invoice says nothing about this order's bill
        self.paid, self.paid_at, self.invoice_id, self.updated_at = False, None, invoice_id, at
        return True

    def parts_reserved(self, *, lines: Iterable[tuple[str, Decimal]], at: datetime) -> None:
        """Stock held for the order (at signing, or arriving goods filling a shortage)."""
        for part_no, qty in lines:
            self.supply(part_no).reserved(qty)
        self._refresh_supply(at)

    def parts_short(self, *, job_id: str | None,
                    lines: Iterable[tuple[str, Decimal, Decimal, date | None]],
                    at: datetime) -> None:
        """A job waits for parts (缺件): the board shows the car red until they come."""
        job = next((j for j in self.jobs if j.id == job_id), None)
        before_work = job is None or job.started_at is None
        for part_no, requested, short, expected in lines:
            self.supply(part_no).shortage(job_id or "", requested, short, expected,
                                          before_work=before_work)
        self._refresh_supply(at)

    def parts_issued(self, *, job_id: str, lines: Iterable[tuple[str, Decimal]],
                     at: datetime) -> None:
        """Parts handed to a job."""
        for part_no, qty in lines:
            self.supply(part_no).issued_to(job_id, qty)
        self._refresh_supply(at)

    # ---- helpers ---------------------------------------------------------------------
    def job(self, job_id: str, *, field: str = "job_id") -> Job:
        """A job of this order; 422 naming the field when it is not one."""
        for job in self.jobs:
            if job.id == job_id:
                return job
        raise InvalidInput(f"{field} must name jobs of this order (unknown: {job_id})")

    def supply(self, part_no: str) -> PartSupply:
        """The running supply state of one part on this order."""
        return self.supplies.setdefault(values.normalise_part_no(part_no), PartSupply())

    def facts(self) -> OrderFacts:
        """A snapshot of the order for an event."""
        return OrderFacts(order_id=self.id, order_no=self.order_no, dealer_id=self.dealer_id,
                          appointment_id=self.appointment_id, customer_id=self.customer_id,
                          vehicle_id=self.vehicle_id, vin=self.vin, plate=self.plate,
                          status=self.status, jobs=tuple(j.facts() for j in self.jobs))

    def _move(self, action: str, at: datetime) -> None:
        self.status = ORDER_FLOW.next(self.status, action)
        self.updated_at = at

    def _refresh_supply(self, at: datetime) -> None:
        self.waiting_parts = any(s.short > 0 for s in self.supplies.values())
        self.updated_at = at

    def _ready_for(self, level: QcLevel) -> list[Job]:
        """The finished jobs to check; 409 while work or a customer decision is open."""
        ORDER_FLOW.next(self.status,
                        "pass_pre_delivery" if level == QcLevel.PRE_DELIVERY else "pass_check")
        if any(j.status == JobStatus.PENDING_APPROVAL for j in self.jobs):
            raise Conflict("additional work awaits the customer's decision / 追加维修待客户确认",
                           code="approval-pending")
        finished = [j for j in self.jobs if j.status == JobStatus.FINISHED]
        if not finished or any(j.status in _UNFINISHED for j in self.jobs):
            raise Conflict("not every approved job is finished / 尚有维修项目未完工",
                           code="jobs-unfinished")
        return finished

    def _rework(self, finished: list[Job], job_ids: Sequence[str] | None) -> list[Job]:
        by_id = {j.id: j for j in finished}
        unknown = [i for i in job_ids or () if i not in by_id]
        if unknown:
            raise InvalidInput(f"job_ids must name finished jobs of this order: {', '.join(unknown)}")
        chosen = [by_id[i] for i in dict.fromkeys(job_ids)] if job_ids else finished
        for job in chosen:
            job.move("send_to_rework")
            job.rework_count += 1
        return chosen


def _reserve(jobs: Iterable[Job]) -> tuple[ReserveLine, ...]:
    return tuple(line for job in jobs for line in job.reserve_lines())
