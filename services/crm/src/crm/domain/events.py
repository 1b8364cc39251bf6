"""What happens to follow-up tasks and complaints, in the domain's words (mapped in contracts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from aftersales_common.domain import DomainEvent


@dataclass(frozen=True, kw_only=True)
class CallbackEvent(DomainEvent):
    """A follow-up task as it stood when the event happened."""

    task_id: str
    order_id: str
    dealer_id: str
    customer_id: str
    vehicle_id: str
    due_at: datetime
    status: str
    outcome: str | None
    csi_score: Decimal | None
    completed_at: datetime | None


@dataclass(frozen=True, kw_only=True)
class CallbackScheduled(CallbackEvent):
    """A delivered car's customer is on the callable list."""


@dataclass(frozen=True, kw_only=True)
class CallbackCompleted(CallbackEvent):
    """The customer was reached (or surveyed); again when a survey adds the CSI score."""


@dataclass(frozen=True, kw_only=True)
class CallbackSmsRequested(DomainEvent):
    """Three calls went unanswered: the SMS partner texts the customer."""

    task_id: str
    order_id: str
    dealer_id: str
    customer_id: str
    phone: str
    template: str


@dataclass(frozen=True, kw_only=True)
class ComplaintEvent(DomainEvent):
    """A complaint as it stood when the event happened."""

    complaint_id: str
    task_id: str
    order_id: str
    dealer_id: str
    customer_id: str
    category: str | None
    department: str | None
    responsible: str | None
    description: str
    resolution: str | None


@dataclass(frozen=True, kw_only=True)
class ComplaintOpened(ComplaintEvent):
    """The department and the responsible person are named: the complaint is being handled."""

    next_follow_up_due: datetime | None


@dataclass(frozen=True, kw_only=True)
class ComplaintResolved(ComplaintEvent):
    """A follow-up found the customer satisfied and the complaint is closed."""

    resolved_at: datetime
