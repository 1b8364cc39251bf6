"""Complaints (投诉): a department and a responsible person named the same day, weekly
follow-ups until the customer is satisfied, then resolved."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from aftersales_common.errors import Conflict

FOLLOW_UP_EVERY = timedelta(days=7)


class ComplaintStatus(StrEnum):
    UNASSIGNED = "unassigned"  # department and responsible person still to be named
    OPEN = "open"
    RESOLVED = "resolved"


def assign_by(opened_at: datetime, timezone: str) -> datetime:
    """The responsible person is named the same day: the end of the opening day, local time."""
    tz = ZoneInfo(timezone)
    day = opened_at.astimezone(tz).date()
    return datetime.combine(day + timedelta(days=1), time.min, tz)


def is_assigned(department: str | None, responsible: str | None) -> bool:
    """Both the department and a person are named."""
    return bool(department and department.strip() and responsible and responsible.strip())


def check_open(status: str, action: str) -> None:
    """Follow-ups and resolution need an assigned complaint that is not yet resolved."""
    current = ComplaintStatus(status)
    if current is ComplaintStatus.RESOLVED:
        raise Conflict(f"cannot {action}: the complaint is resolved / 投诉已解决",
                       code="complaint-resolved")
    if current is ComplaintStatus.UNASSIGNED:
        raise Conflict(f"cannot {action}: name the department and the responsible person first "
                       "/ 请先指定责任部门和责任人", code="complaint-unassigned")


def check_editable(status: str) -> None:
    """A resolved complaint is closed."""
    if status == ComplaintStatus.RESOLVED:
        raise Conflict("the complaint is resolved / 投诉已解决", code="complaint-resolved")


def next_follow_up_due(at: datetime, customer_satisfied: bool) -> datetime | None:
    """Weekly until the customer is satisfied."""
    return None if customer_satisfied else at + FOLLOW_UP_EVERY


def check_resolvable(status: str, customer_satisfied: bool | None) -> None:
    """Resolved only once a follow-up found the customer satisfied."""
    check_open(status, "resolve")
    if not customer_satisfied:
        raise Conflict("the customer is not satisfied yet: follow up again / 客户尚未满意，请继续跟进",
                       code="customer-not-satisfied")
