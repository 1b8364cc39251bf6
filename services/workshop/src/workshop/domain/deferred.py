"""Declined and deferred work (客户暂缓/拒绝的维修项目): it stays on the vehicle's record and is
offered again at the next visit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from aftersales_common.clock import in_dealer_zone, new_id
from aftersales_common.domain import Aggregate
from aftersales_common.errors import Conflict, InvalidInput
from workshop.domain.events import PartNeed

DEFAULT_REMINDER_DAYS = 30
"""Without a date from the customer, CRM reminds them this many days later."""
MAX_REMINDER_DAYS = 2 * 365


class DeferralKind(StrEnum):
    DEFERRED = "deferred"  # 暂缓: the customer wants it later
    DECLINED = "declined"  # 拒绝: the customer said no (still recommended)


class DeferredStatus(StrEnum):
    OPEN = "open"  # on the vehicle's record, offered at the next visit
    TAKEN_UP = "taken_up"  # added to a later order's estimate


@dataclass(eq=False)
class DeferredWork(Aggregate):
    """A job the customer did not take, kept on the vehicle's record."""

    id: str
    dealer_id: str
    vehicle_id: str
    customer_id: str
    order_id: str
    order_no: str
    job_id: str
    op_code: str
    description: str
    labor_hours: Decimal
    parts: tuple[PartNeed, ...]
    kind: DeferralKind
    reason: str
    remind_on: date | None
    recorded_by: str
    recorded_at: datetime
    status: DeferredStatus = DeferredStatus.OPEN
    taken_up_order_id: str | None = None
    taken_up_job_id: str | None = None
    taken_up_at: datetime | None = None

    @classmethod
    def keep(cls, *, dealer_id: str, vehicle_id: str, customer_id: str, order_id: str,
             order_no: str, job_id: str, op_code: str, description: str, labor_hours: Decimal,
             parts: tuple[PartNeed, ...], kind: DeferralKind, reason: str,
             remind_on: date | None, by: str, at: datetime) -> DeferredWork:
        """Put a job the customer did not take on the vehicle's record."""
        check_remind_on(remind_on, at)
        return cls(id=new_id(), dealer_id=dealer_id, vehicle_id=vehicle_id,
                   customer_id=customer_id, order_id=order_id, order_no=order_no, job_id=job_id,
                   op_code=op_code, description=description, labor_hours=labor_hours,
                   parts=parts, kind=kind, reason=reason.strip(), remind_on=remind_on,
                   recorded_by=by, recorded_at=at)

    def take_up(self, *, order_id: str, job_id: str, at: datetime) -> None:
        """Offered again and accepted: the work is now on a later order's estimate."""
        if self.status != DeferredStatus.OPEN:
            raise Conflict("this deferred work was already added to an order / 该暂缓项目已加入委托书",
                           code="deferred-work-taken-up")
        if order_id == self.order_id:
            raise Conflict("deferred work is offered at a later visit, not on its own order / "
                           "暂缓项目只能加入之后的委托书", code="same-order")
        self.status = DeferredStatus.TAKEN_UP
        self.taken_up_order_id, self.taken_up_job_id, self.taken_up_at = order_id, job_id, at

    def reminder_due(self) -> date:
        """When CRM should remind the customer: the date given, else 30 days after."""
        return self.remind_on or (in_dealer_zone(self.recorded_at).date()
                                  + timedelta(days=DEFAULT_REMINDER_DAYS))


def check_remind_on(remind_on: date | None, at: datetime) -> None:
    """A reminder date lies after today and within two years."""
    if remind_on is None:
        return
    today = in_dealer_zone(at).date()
    if remind_on <= today or remind_on > today + timedelta(days=MAX_REMINDER_DAYS):
        raise InvalidInput("remind_on must be a future date within two years / 提醒日期须在今后两年内",
                           field="remind_on")
