"""Retention tasks (客户促进): reminders to bring a customer back for work they put off.

The first source is declined or deferred work (workshop's `work.deferred`): a reminder due on the
date the customer asked for, else 30 days after they deferred it (workshop decides the date and
sends it as `reminder_due`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from aftersales_common.clock import new_id
from aftersales_common.domain import Aggregate
from aftersales_common.errors import Conflict


class RetentionSource(StrEnum):
    DEFERRED_WORK = "deferred_work"  # 客户暂缓/拒绝的维修项目


class RetentionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"


class RetentionOutcome(StrEnum):
    """What the reminder call found (the retention outcomes of the sources)."""

    BOOKED = "booked"  # coming: booked now
    LATER = "later"  # not yet (mileage not reached, away): remind again later
    NOT_COMING = "not_coming"
    DONE_ELSEWHERE = "done_elsewhere"


@dataclass(frozen=True)
class DeferredWorkFacts:
    """What workshop told about the work the customer put off."""

    deferred_id: str
    dealer_id: str
    customer_id: str
    vehicle_id: str
    order_id: str
    order_no: str
    plate: str
    op_code: str
    description: str
    kind: str
    reason: str
    due_on: date


@dataclass(eq=False)
class RetentionTask(Aggregate):
    """A reminder to call the customer back about something they still need done."""

    id: str
    dealer_id: str
    customer_id: str
    vehicle_id: str
    source: RetentionSource
    source_id: str
    order_id: str
    order_no: str
    plate: str
    title: str
    reason: str
    due_on: date
    created_at: datetime
    status: RetentionStatus = RetentionStatus.OPEN
    outcome: RetentionOutcome | None = None
    note: str = ""
    done_by: str | None = None
    done_at: datetime | None = None

    @classmethod
    def for_deferred_work(cls, facts: DeferredWorkFacts, *, at: datetime) -> RetentionTask:
        """A reminder about declined or deferred work, due when workshop says."""
        kind = "暂缓 deferred" if facts.kind == "deferred" else "拒绝 declined"
        return cls(id=new_id(), dealer_id=facts.dealer_id, customer_id=facts.customer_id,
                   vehicle_id=facts.vehicle_id, source=RetentionSource.DEFERRED_WORK,
                   source_id=facts.deferred_id, order_id=facts.order_id, order_no=facts.order_no,
                   plate=facts.plate, title=f"{facts.op_code} {facts.description} ({kind})",
                   reason=facts.reason, due_on=facts.due_on, created_at=at)

    def complete(self, *, outcome: RetentionOutcome, note: str, by: str, at: datetime) -> None:
        """The customer was reached: what they said."""
        if self.status == RetentionStatus.DONE:
            raise Conflict("the reminder is already done / 该提醒已完成", code="reminder-done")
        self.status, self.outcome, self.note = RetentionStatus.DONE, outcome, note.strip()
        self.done_by, self.done_at = by, at
