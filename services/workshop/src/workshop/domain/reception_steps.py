"""The repair order's reception steps and the flags China's rules raise on it.

`ReceptionSteps` is mixed into `RepairOrder` (kept in its own module: the order's file is long
already); the methods are the aggregate's own and record its events.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from aftersales_common.domain import DomainEvent
from aftersales_common.errors import Conflict, InvalidInput
from workshop.domain import events as ev
from workshop.domain.deferred import DeferralKind, DeferredWork
from workshop.domain.policy import SanbaoLimits
from workshop.domain.rules import loaner_due, repair_days
from workshop.domain.sanbao import SanbaoAlert
from workshop.domain.statuses import OrderStatus, PayType
from workshop.domain.visit import (
    COMEBACK_REASON,
    VISIT_TO_SERVICE,
    Arrival,
    Comeback,
    OldParts,
    PaymentMethod,
    Reception,
    VisitType,
)

if TYPE_CHECKING:
    from workshop.domain.repair_order import Job

CLOSED = (OrderStatus.DELIVERED, OrderStatus.CANCELLED)


@dataclass(frozen=True)
class ThreeC:
    """Concern, cause, correction (3C) of one job."""

    concern: str = ""
    cause: str = ""
    correction: str = ""
    updated_by: str | None = None
    updated_at: datetime | None = None


# ---- events ------------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class ComebackFlagged(ev.OrderEvent):
    comeback: Comeback
    job_id: str


@dataclass(frozen=True, kw_only=True)
class WorkDeferred(ev.OrderEvent):
    deferred_id: str
    job: ev.JobFacts
    kind: DeferralKind
    reason: str
    remind_on: date | None
    reminder_due: date


@dataclass(frozen=True, kw_only=True)
class LoanerDue(ev.OrderEvent):
    repair_days: int
    limit_days: int


@dataclass(frozen=True, kw_only=True)
class SanbaoAlertRaised(ev.OrderEvent):
    alert: SanbaoAlert


class ReceptionSteps:
    """Reception (接车) and the rules' flags, as methods of the repair order."""

    if TYPE_CHECKING:
        id: str
        order_no: str
        appointment_id: str | None
        dealer_id: str
        customer_id: str
        vehicle_id: str
        service_type: str
        status: OrderStatus
        created_at: datetime
        delivered_at: datetime | None
        jobs: list[Job]
        reception: Reception

        def record(self, event: DomainEvent) -> None: ...
        def facts(self) -> ev.OrderFacts: ...
        def job(self, job_id: str, *, field: str = "job_id") -> Job: ...
        def _move(self, action: str, at: datetime) -> None: ...

    # ---- what the order shows ------------------------------------------------------------
    @property
    def visit_type(self) -> VisitType:
        return self.reception.visit_type

    @property
    def arrival(self) -> Arrival:
        return self.reception.arrival

    @property
    def arrived_at(self) -> datetime | None:
        return self.reception.arrived_at

    @property
    def greeted_at(self) -> datetime | None:
        return self.reception.greeted_at

    @property
    def greet_minutes(self) -> int | None:
        greet = self.reception.greet
        return None if greet is None else greet.minutes

    @property
    def greeted_late(self) -> bool | None:
        greet = self.reception.greet
        return None if greet is None else greet.late

    @property
    def customer_words(self) -> str:
        return self.reception.customer_words

    @property
    def payment_method(self) -> PaymentMethod | None:
        return self.reception.payment_method

    @property
    def old_parts(self) -> OldParts | None:
        return self.reception.old_parts

    @property
    def extra_work_needs_approval(self) -> bool:
        return self.reception.extra_work_needs_approval

    @property
    def repeat_of(self) -> str | None:
        return self.reception.repeat_of

    @property
    def comeback(self) -> Comeback | None:
        return self.reception.comeback

    @property
    def loaner_required(self) -> bool:
        return self.reception.loaner_required

    # ---- reception -----------------------------------------------------------------------
    def note_arrival(self, *, visit_type: VisitType, arrived_at: datetime | None,
                     customer_words: str, greet_target_minutes: int) -> None:
        """At opening: the visit, when the car arrived, and what the customer said."""
        self.reception = Reception(
            visit_type=visit_type, arrival=Arrival.BOOKED if self._booked() else Arrival.WALK_IN,
            arrived_at=arrived_at or self.created_at, customer_words=customer_words.strip(),
            greet_target_minutes=greet_target_minutes)

    def greet(self, *, by: str, at: datetime, target_minutes: int) -> bool:
        """The advisor greeted the customer (the first time counts); False when already greeted."""
        if self.reception.greeted_at is not None:
            return False
        self._move("record_walk_around", at)  # reception only: before the customer signs
        self.reception.greeted_at, self.reception.greeted_by = max(
            at, self.reception.arrived_at or at), by
        self.reception.greet_target_minutes = target_minutes
        return True

    def record_reception(self, *, visit_type: VisitType | None, customer_words: str | None,
                         payment_method: PaymentMethod | None, old_parts: OldParts | None,
                         extra_work_needs_approval: bool, by: str, at: datetime) -> None:
        """What the repair order records at reception; the customer's words are frozen once
        signed (the order then refuses any change here: 409)."""
        self._move("record_walk_around", at)
        if not extra_work_needs_approval:
            raise InvalidInput("additional work is done only with the customer's approval: this "
                               "cannot be waived / 追加维修须经客户同意，不可取消此条款",
                               field="extra_work_needs_approval")
        r = self.reception
        if visit_type is not None and visit_type != r.visit_type:
            r.visit_type = visit_type
            self.service_type = VISIT_TO_SERVICE[visit_type]
        if customer_words is not None:
            r.customer_words = customer_words.strip()
        r.payment_method = payment_method or r.payment_method
        r.old_parts = old_parts or r.old_parts
        r.extra_work_needs_approval = True
        r.recorded_by, r.recorded_at = by, at

    def record_three_c(self, *, job_id: str, concern: str | None, cause: str | None,
                       correction: str | None, by: str, at: datetime) -> Job:
        """3C of a job: the concern before signing; cause and correction until delivery."""
        job = self.job(job_id)
        if self.status in CLOSED:
            raise Conflict("the order is closed: its 3C is part of the record / 委托书已结束，3C不可修改",
                           code="order-closed")
        if concern is not None and concern.strip() != job.three_c.concern \
                and self.status != OrderStatus.OPENED:
            raise Conflict("the concern is the customer's, fixed once signed / 客户签字后故障描述不可修改",
                           code="concern-signed")
        old = job.three_c
        job.three_c = ThreeC(
            concern=old.concern if concern is None else concern.strip(),
            cause=old.cause if cause is None else cause.strip(),
            correction=old.correction if correction is None else correction.strip(),
            updated_by=by, updated_at=at)
        return job

    def mark_repeat(self, order_id: str | None) -> None:
        """An earlier visit this one repeats (返修), found in the vehicle's history."""
        if order_id and order_id != self.id:
            self.reception.repeat_of = order_id

    # ---- guarantee-period comeback -------------------------------------------------------
    def flag_comeback(self, *, job: Job, comeback: Comeback, at: datetime) -> None:
        """The job repeats a repair still under guarantee: free to the customer (internal)."""
        if job.pay_type == PayType.CUSTOMER:
            job.pay_type = PayType.INTERNAL
            job.pay_reason = COMEBACK_REASON
        first = self.reception.comeback is None
        if first:
            self.reception.comeback = comeback
        self.reception.repeat_of = self.reception.repeat_of or comeback.of_order
        if first:
            self.record(ComebackFlagged(order=self.facts(), at=at, comeback=comeback,
                                        job_id=job.id))

    # ---- declined and deferred work ------------------------------------------------------
    def defer_job(self, *, job_id: str, kind: DeferralKind, reason: str, remind_on: date | None,
                  by: str, at: datetime) -> DeferredWork:
        """The customer defers or declines a job not yet approved: it stays on the record."""
        job = self.job(job_id)
        self._move("defer_work", at)
        job.move("defer")
        job.decided_by, job.decided_at = by, at
        return self._keep(job, kind=kind, reason=reason, remind_on=remind_on, by=by, at=at)

    def keep_declined(self, jobs: Sequence[Job], *, reason: str, remind_on: date | None,
                      by: str, at: datetime) -> list[DeferredWork]:
        """Additional work the customer declined is kept on the vehicle's record too."""
        return [self._keep(j, kind=DeferralKind.DECLINED, reason=reason, remind_on=remind_on,
                           by=by, at=at) for j in jobs]

    def _keep(self, job: Job, *, kind: DeferralKind, reason: str, remind_on: date | None,
              by: str, at: datetime) -> DeferredWork:
        work = DeferredWork.keep(
            dealer_id=self.dealer_id, vehicle_id=self.vehicle_id, customer_id=self.customer_id,
            order_id=self.id, order_no=self.order_no, job_id=job.id, op_code=job.op_code,
            description=job.description, labor_hours=job.labor_hours, parts=job.parts,
            kind=kind, reason=reason, remind_on=remind_on, by=by, at=at)
        self.record(WorkDeferred(order=self.facts(), at=at, deferred_id=work.id, job=job.facts(),
                                 kind=kind, reason=work.reason, remind_on=remind_on,
                                 reminder_due=work.reminder_due()))
        return work

    # ---- 三包 ------------------------------------------------------------------------------
    def check_loaner(self, *, at: datetime, limits: SanbaoLimits, in_validity: bool) -> bool:
        """A repair over the single-repair limit owes a loaner car: flagged once, with its event."""
        if self.reception.loaner_required or not in_validity or self.status == OrderStatus.CANCELLED:
            return False
        end = self.delivered_at or at
        if not loaner_due(self.created_at, end, limits):
            return False
        self.reception.loaner_required, self.reception.loaner_due_at = True, at
        self.record(LoanerDue(order=self.facts(), at=at,
                              repair_days=repair_days(self.created_at, end),
                              limit_days=limits.single_repair_days))
        return True

    def alert_raised(self, alert: SanbaoAlert, *, at: datetime) -> None:
        """A replacement / return threshold crossed on this visit: the manager is told."""
        self.record(SanbaoAlertRaised(order=self.facts(), at=at, alert=alert))

    def _booked(self) -> bool:
        return self.appointment_id is not None
