"""The repair order (维修委托书): the aggregate that owns its jobs, checks and parts supply."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from aftersales_common.clock import in_dealer_zone, new_id
from aftersales_common.domain import Aggregate
from aftersales_common.errors import Conflict, InvalidInput
from workshop.domain import clocking, quality, values
from workshop.domain import delivery as dl
from workshop.domain import events as ev
from workshop.domain.events import JobFacts, OrderFacts, PartNeed, ReserveLine, SignedEstimate
from workshop.domain.gate import GatePass
from workshop.domain.progress import Progress, progress_of
from workshop.domain.reception_steps import ReceptionSteps, ThreeC
from workshop.domain.statuses import JOB_FLOW, ORDER_FLOW, JobStatus, OrderStatus, PayType, QcLevel
from workshop.domain.supply import PartSupply
from workshop.domain.terms import NEEDS_CONSENT, PartOrigin, Skill
from workshop.domain.visit import Reception
from workshop.domain.walkaround import WalkAroundDetail

_UNFINISHED = (JobStatus.APPROVED, JobStatus.IN_PROGRESS, JobStatus.REWORK, JobStatus.PAUSED)


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
    clock_lines: list[clocking.ClockLine] = field(default_factory=list)
    """Clocking (domain/clocking.py): every stretch of work and rework on this job."""
    skill: Skill = Skill.MECHANICAL
    """What the job needs of a technician (from the catalogue operation, else as requested)."""
    three_c: ThreeC = field(default_factory=ThreeC)
    """Concern / cause / correction (reception_steps.record_three_c)."""
    pay_reason: str | None = None
    """Why the pay type is what it is when the rules chose it (e.g. a free comeback)."""
    finding_id: str | None = None
    """The health-check finding (domain/inspection.py) this job prices, if any."""

    def move(self, action: str) -> None:
        """Apply `action` through the job's transition table (409 when not allowed)."""
        self.status = JOB_FLOW.next(self.status, action)

    def facts(self) -> JobFacts:
        """The job as an event carries it."""
        return JobFacts(job_id=self.id, op_code=self.op_code, description=self.description,
                        labor_hours=self.labor_hours, pay_type=self.pay_type, status=self.status,
                        technician=self.technician, parts=self.parts, skill=self.skill)

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
    detail: WalkAroundDetail | None = None
    """The structured walk-around (domain/walkaround.py); None from old clients."""


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
    checklist: tuple[quality.ChecklistAnswer, ...] = ()
    """The level's checklist as answered (empty for clients that send none)."""
    rework_technicians: tuple[tuple[str, str], ...] = ()
    """(job id, technician) of each job sent back: the comeback counted against its technician."""

    @property
    def rework_by(self) -> dict[str, str]:
        """Job sent back -> its technician."""
        return dict(self.rework_technicians)


@dataclass(eq=False)
class RepairOrder(ReceptionSteps, Aggregate):
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
    wash: dl.Wash | None = None
    ready_at: datetime | None = None
    """Washed (or washing declined) after the final inspection: the car is ready to collect."""
    handover: dl.Handover | None = None
    next_service: dl.NextService | None = None
    gate_pass: GatePass | None = None
    invoice_no: str | None = None
    invoice_total: Decimal | None = None
    cancel_reason: str | None = None
    customer_waiting: bool = False
    """The customer waits in the lounge (set at reception): dispatch gives the jobs priority."""
    signed: SignedEstimate | None = None
    """What the customer signed: the estimate's figures and promised time (kept as signed)."""
    jobs: list[Job] = field(default_factory=list)
    walk_around: WalkAround | None = None
    qc_checks: list[QcRecord] = field(default_factory=list)
    supplies: dict[str, PartSupply] = field(default_factory=dict)
    reception: Reception = field(default_factory=Reception)
    """Visit type, arrival and greeting, the customer's words, payment and old parts, the
    rules' flags (domain/visit.py; methods in domain/reception_steps.py)."""

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
                           at: datetime, detail: WalkAroundDetail | None = None) -> None:
        """The walk-around belongs to reception, before signing; recording it again replaces it."""
        self._move("record_walk_around", at)
        self.walk_around = WalkAround(odometer_km, fuel_level, notes, tuple(damages),
                                      tuple(valuables), by, at, detail)

    def add_job(self, *, op_code: str, description: str, labor_hours: Decimal | str,
                pay_type: str, parts: Iterable[tuple[str, Decimal | str] | PartNeed], by: str,
                at: datetime, skill: Skill = Skill.MECHANICAL) -> Job:
        """On the estimate before signing; after, additional work awaiting the customer (追加维修).

        A part line is `(part_no, qty)` (an original part) or a `PartNeed` with its origin; a
        remanufactured or used part needs the customer's consent (`consent_by`), else 422.
        """
        additional = self.status != OrderStatus.OPENED
        self._move("request_additional_work" if additional else "add_estimate_job", at)
        try:
            pay = PayType(pay_type)
        except ValueError:
            raise InvalidInput(f"pay_type must be one of {', '.join(PayType)}") from None
        job = Job(
            id=new_id(), order_id=self.id, position=len(self.jobs) + 1, op_code=op_code.strip(),
            description=description.strip(), labor_hours=values.labor_hours(labor_hours),
            pay_type=pay, parts=tuple(_part_need(p, at) for p in parts),
            status=JobStatus.PENDING_APPROVAL if additional else JobStatus.ESTIMATED,
            additional=additional, requested_by=by, created_at=at, skill=Skill(skill))
        self.jobs.append(job)
        if additional:
            self.record(ev.AdditionalWorkRequested(order=self.facts(), at=at, job_ids=(job.id,)))
        return job

    def authorize(self, *, signed_by: str, at: datetime,
                  signed: SignedEstimate | None = None) -> list[Job]:
        """The customer signed the estimate: its jobs are approved and their parts reserved.

        `signed` keeps the priced estimate as the customer saw it (figures, promised time and
        the drawn signature); a remanufactured or used part without consent is 409.
        """
        ORDER_FLOW.next(self.status, "authorize")
        estimate = [j for j in self.jobs if j.status == JobStatus.ESTIMATED]
        if not estimate:
            raise Conflict("the estimate has no jobs yet / 估价单中还没有维修项目", code="no-jobs")
        unconsented = [p.part_no for j in estimate for p in j.parts
                       if p.origin in NEEDS_CONSENT and not p.consent_by]
        if unconsented:
            raise Conflict(f"the customer has not consented to the origin of {', '.join(unconsented)}"
                           " / 客户尚未同意使用再制造件或旧件", code="part-origin-consent-missing")
        for job in estimate:
            job.move("sign_estimate")
            job.decided_by, job.decided_at = signed_by, at
        self._move("authorize", at)
        self.authorized_by, self.authorized_at = signed_by, at
        self.signed = signed
        self.record(ev.OrderAuthorized(order=self.facts(), at=at,
                                       reserve=_reserve(estimate), signed=signed))
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
    def assign(self, *, job_id: str, technician: str, by: str, at: datetime,
               skills: Collection[Skill] | None = None, technician_id: str | None = None) -> Job:
        """Dispatch (派工): the foreman gives a job to a technician.

        `skills` are the technician's (from the roster): a job needing another skill is 409.
        """
        job = self.job(job_id)
        ORDER_FLOW.next(self.status, "assign")
        JOB_FLOW.next(job.status, "assign")
        if skills is not None and job.skill not in skills:
            raise Conflict(f"{technician} lacks the skill this job needs ({job.skill.value}) / "
                           "该技师不具备此项目所需的技能", code="skill-mismatch")
        self._move("assign", at)
        job.move("assign")
        job.technician = technician.strip()
        self.record(ev.JobAssigned(order=self.facts(), at=at, job=job.facts(),
                                   technician_id=technician_id, by=by))
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
        job.started_at = job.started_at or at  # a restart after rework keeps the first start
        clocking.open_line(job.clock_lines, job_id=job.id, technician=job.technician,
                           rework=job.rework_count > 0, at=at)
        self.status, self.updated_at = status, at
        self.qc_stage = None  # new work: the checks start again from the self-check
        self.record(ev.JobStarted(order=self.facts(), at=at, job=job.facts()))
        return job

    def pause_job(self, *, job_id: str, technician: str, may_override: bool,
                  reason: clocking.PauseReason, note: str, at: datetime) -> Job:
        """Clock off without finishing (waiting for parts, approval, a break…): the job shows paused."""
        job = self.job(job_id)
        self._owned(job, technician, may_override)
        ORDER_FLOW.next(self.status, "pause_job")
        JOB_FLOW.next(job.status, "pause")
        clocking.close_line(job.clock_lines, end=clocking.LineEnd.PAUSE, at=at, reason=reason,
                            note=note)
        self._move("pause_job", at)
        job.move("pause")
        self.record(ev.JobPaused(order=self.facts(), at=at, job=job.facts(), reason=reason,
                                 note=note.strip()))
        return job

    def resume_job(self, *, job_id: str, technician: str, may_override: bool,
                   at: datetime) -> Job:
        """Clock on again after a pause: a new line (rework if the job was sent back)."""
        job = self.job(job_id)
        self._owned(job, technician, may_override)
        self._move("resume_job", at)
        job.move("resume")
        clocking.open_line(job.clock_lines, job_id=job.id, technician=job.technician or technician,
                           rework=job.rework_count > 0, at=at)
        self.record(ev.JobResumed(order=self.facts(), at=at, job=job.facts()))
        return job

    def finish_job(self, *, job_id: str, notes: str | None, at: datetime) -> Job:
        """The technician finished the job (the open clock line closes)."""
        job = self.job(job_id)
        self._move("finish_job", at)
        job.move("finish")
        clocking.close_line(job.clock_lines, end=clocking.LineEnd.FINISH, at=at)
        job.finished_at, job.finish_notes = at, notes
        self.record(ev.JobFinished(order=self.facts(), at=at, job=job.facts()))
        return job

    # ---- quality and delivery --------------------------------------------------------
    def record_qc(self, *, level: QcLevel, passed: bool, by: str, roles: Collection[str],
                  at: datetime, notes: str = "", job_ids: Sequence[str] | None = None,
                  checklist: tuple[quality.ChecklistAnswer, ...] = ()) -> list[Job]:
        """A quality check at `level`, in sequence; returns the jobs a failure sent to rework.

        `checklist` is the level's sheet already verified against the dealer's items
        (`quality.verify_checklist`); the check before delivery waits for the car to be ready.
        """
        quality.may_sign(level, roles)
        finished = self._ready_for(level)
        quality.check_in_order(level, self.qc_stage)
        if level == QcLevel.PRE_DELIVERY and self.ready_at is None:
            raise Conflict("the car is not washed and ready yet / 车辆尚未完成洗车，不能做交车前检查",
                           code="not-ready")
        rework = [] if passed else self._rework(finished, job_ids)
        self.qc_checks.append(QcRecord(
            new_id(), level, passed, notes, tuple(j.id for j in rework), by, at, checklist,
            tuple((j.id, j.technician) for j in rework if j.technician)))
        if not passed:
            self._move("fail_check", at)
            self.rework_count += 1
            self.qc_stage, self.qc_passed_at = None, None
            self.wash, self.ready_at = None, None  # back to the workshop: wash again after the checks
            self.record(ev.QcFailed(order=self.facts(), at=at, level=level, notes=notes,
                                    rework_job_ids=tuple(j.id for j in rework)))
            return rework
        self.qc_stage = level
        if level == QcLevel.FINAL:
            self._move("pass_final", at)
            self.qc_passed_at = at
            self.record(ev.QcPassed(order=self.facts(), at=at, level=level, notes=notes))
        else:
            self._move("pass_pre_delivery" if level == QcLevel.PRE_DELIVERY else "pass_check", at)
        return []

    def wash_car(self, *, washed: bool, by: str, at: datetime) -> None:
        """Washing (洗车) after the final inspection, or the customer declined it: the car is ready."""
        self._move("wash", at)
        if self.ready_at is not None:
            raise Conflict("the car is already washed and ready / 车辆已洗车待交", code="already-ready")
        outcome = dl.WashOutcome.WASHED if washed else dl.WashOutcome.DECLINED
        self.wash, self.ready_at = dl.Wash(outcome, by, at), at
        self.record(ev.VehicleReady(order=self.facts(), at=at, wash=outcome))

    def deliver(self, *, by: str, at: datetime, odometer_km: int | None,
                warranty_signed_by: str | None = None,
                old_parts_handled: dl.OldPartsHandling | None = None,
                documents: Sequence[dl.Document] = (), terms: dl.ServiceTerms | None = None,
                part_names: Mapping[str, str] | None = None) -> None:
        """Hand the car back (交车): after the check before delivery, once paid.

        Warranty work needs the customer's signature; the old parts are handled as chosen; the
        order then carries the next-service advice and a gate pass, and the electronic repair
        record is published.
        """
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
        done = [j for j in self.jobs if j.status == JobStatus.FINISHED]
        self.handover = dl.check_handover(
            has_warranty_work=any(j.pay_type == PayType.WARRANTY for j in done),
            old_parts_choice=self._old_parts_choice(), warranty_signed_by=warranty_signed_by,
            old_parts_handled=old_parts_handled, documents=tuple(documents))
        self._move("deliver", at)
        self.delivered_at, self.delivered_by = at, by
        self.delivery_odometer_km = odometer_km if odometer_km is not None else reception
        terms = terms or dl.ServiceTerms()
        self.next_service = dl.next_service(
            delivered_on=in_dealer_zone(at).date(), odometer_km=self.delivery_odometer_km,
            every_km=terms.every_km, every_months=terms.every_months, menu_km=terms.menu_km,
            menu_mileages=terms.menu_mileages)
        self.gate_pass = GatePass.issue(by=by, at=at)
        self.record(ev.VehicleDelivered(order=self.facts(), at=at,
                                        odometer_km=self.delivery_odometer_km,
                                        next_service=self.next_service))
        self.record(self._repair_record(done, part_names or {}))

    def pass_gate(self, *, by: str, at: datetime) -> GatePass:
        """The gate checked the pass (出门证): the car leaves, once."""
        if self.gate_pass is None:
            raise Conflict("the car has not been delivered: no gate pass / 车辆未交车，无出门证",
                           code="no-gate-pass")
        self.gate_pass.check(by=by, at=at)
        self.updated_at = at
        self.record(ev.VehicleExited(order=self.facts(), at=at, code=self.gate_pass.code,
                                     checked_by=by))
        return self.gate_pass

    def cancel(self, *, reason: str, by: str, at: datetime) -> None:
        """Call the order off before work starts; parts releases everything it held."""
        self._move("cancel", at)
        self.cancel_reason = reason
        self.record(ev.OrderCancelled(order=self.facts(), at=at, reason=reason))

    @property
    def progress(self) -> Progress:
        """The stage the customer follows: received, in repair, quality check, ready, delivered."""
        return progress_of(self.status, [j.status for j in self.jobs],
                           ready=self.ready_at is not None)

    # ---- facts reported by billing and parts -----------------------------------------
    def mark_customer_waiting(self, *, waiting: bool, at: datetime) -> None:
        """The customer waits in the lounge (or has left): their jobs go first at dispatch."""
        if self.status in (OrderStatus.DELIVERED, OrderStatus.CANCELLED):
            raise Conflict("the order is closed / 委托书已结束", code="illegal-transition")
        self.customer_waiting, self.updated_at = waiting, at

    def mark_paid(self, *, invoice_id: str, at: datetime, invoice_no: str | None = None,
                  total: Decimal | None = None) -> None:
        """The invoice is settled: the car may be delivered (its number is the settlement no.)."""
        self.paid, self.paid_at, self.invoice_id, self.updated_at = True, at, invoice_id, at
        self.invoice_no = invoice_no or self.invoice_no
        self.invoice_total = total if total is not None else self.invoice_total

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

    @staticmethod
    def _owned(job: Job, technician: str, may_override: bool) -> None:
        """409 when the job is someone else's and the caller is no supervisor."""
        if job.technician and job.technician != technician and not may_override:
            raise Conflict(f"the job is assigned to {job.technician} / 该项目已派给 {job.technician}",
                           code="assigned-elsewhere")

    def _old_parts_choice(self) -> str | None:
        """The customer's old-parts choice at reception (keep / dispose), if they made one."""
        choice = self.reception.old_parts
        return None if choice is None else str(choice.value)

    def _repair_record(self, done: list[Job], names: Mapping[str, str]) -> ev.RepairRecordCreated:
        """The electronic repair record (JT/T 1132.2 data elements) of this visit."""
        assert self.delivered_at is not None
        return ev.RepairRecordCreated(
            order=self.facts(), at=self.delivered_at, opened_at=self.created_at,
            delivered_at=self.delivered_at, odometer_km=self.delivery_odometer_km,
            settlement_no=self.invoice_no,
            fault_description=self.reception.customer_words or self.concern,
            items=tuple(dl.RecordItem(j.op_code, j.description, j.labor_hours, j.pay_type.value)
                        for j in done),
            parts=tuple(dl.RecordPart(p.part_no, names.get(p.part_no), p.qty, p.origin)
                        for j in done for p in j.parts),
            total_hours=sum((j.labor_hours for j in done), Decimal(0)))

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


def _part_need(line: tuple[str, Decimal | str] | PartNeed, at: datetime) -> PartNeed:
    """A validated part line; remanufactured or used parts only with the customer's consent."""
    if not isinstance(line, PartNeed):
        part_no, qty = line
        line = PartNeed(part_no, values.part_qty(qty))
    origin = PartOrigin(line.origin)
    consent = (line.consent_by or "").strip() or None
    if origin in NEEDS_CONSENT and consent is None:
        raise InvalidInput(f"a {origin.value} part needs the customer's consent (consent_by) / "
                           "使用再制造件或旧件须记录客户同意人", field="parts.consent_by")
    if origin not in NEEDS_CONSENT:
        consent = None
    return PartNeed(values.normalise_part_no(line.part_no), values.part_qty(line.qty), origin,
                    consent, (line.consent_at or at) if consent else None)


def _reserve(jobs: Iterable[Job]) -> tuple[ReserveLine, ...]:
    return tuple(line for job in jobs for line in job.reserve_lines())
