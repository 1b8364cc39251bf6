"""The follow-up call (回访): who is called, by when, and what an attempt does to the task."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from aftersales_common.errors import Conflict, InvalidInput

MAX_UNANSWERED = 3
SMS_TEMPLATE = "callback_unreachable"


class TaskStatus(StrEnum):
    OPEN = "open"
    COMPLETED = "completed"
    UNREACHABLE = "unreachable"
    EXCLUDED = "excluded"


class Outcome(StrEnum):
    NO_ANSWER = "no_answer"
    BUSY = "busy"
    WRONG_NUMBER = "wrong_number"
    SATISFIED = "satisfied"
    DISSATISFIED = "dissatisfied"
    COMPLAINT = "complaint"
    CALL_BACK_LATER = "call_back_later"


UNANSWERED = frozenset({Outcome.NO_ANSWER, Outcome.BUSY, Outcome.WRONG_NUMBER})
REACHED = frozenset({Outcome.SATISFIED, Outcome.DISSATISFIED, Outcome.COMPLAINT})
# The task outcome when a survey completes a task nobody had logged a reached call on.
SURVEYED = "surveyed"


class Exclusion(StrEnum):
    """Why a delivery is left off the callable list (domain.md §8)."""

    COMPANY_CAR = "company_car"
    STAFF_CAR = "staff_car"
    CALLBACK_OPT_OUT = "callback_opt_out"


def exclusion_reason(usage: str | None, callback_opt_out: bool) -> Exclusion | None:
    """Company and staff cars and customers who asked not to be called are not called."""
    if usage == "company":
        return Exclusion.COMPANY_CAR
    if usage == "staff":
        return Exclusion.STAFF_CAR
    if callback_opt_out:
        return Exclusion.CALLBACK_OPT_OUT
    return None


@dataclass(frozen=True)
class Schedule:
    """When a delivery's follow-up call may start and by when it is due."""

    callable_from: datetime
    due_at: datetime


def schedule(delivered_at: datetime, *, follow_up_days: int, timezone: str) -> Schedule:
    """Due `follow_up_days` after delivery; callable from the next local day (yesterday's list)."""
    if delivered_at.tzinfo is None:
        raise InvalidInput("delivered_at must carry a time zone offset (RFC 3339)")
    if follow_up_days < 1:
        raise InvalidInput("the follow-up period must be at least one day")
    tz = ZoneInfo(timezone)
    next_day = delivered_at.astimezone(tz).date() + timedelta(days=1)
    due_at = delivered_at + timedelta(days=follow_up_days)
    callable_from = min(datetime.combine(next_day, time.min, tz), due_at)
    return Schedule(callable_from=callable_from, due_at=due_at)


def day_part(at: datetime, timezone: str) -> str:
    """Morning, afternoon or evening in the dealer's zone: attempts should vary it."""
    hour = at.astimezone(ZoneInfo(timezone)).hour
    if hour < 12:
        return "morning"
    if hour < 18:
        return "afternoon"
    return "evening"


@dataclass(frozen=True)
class AttemptEffect:
    """What one call attempt does to its task."""

    status: TaskStatus
    unanswered: int
    completes: bool
    request_sms: bool


def apply_attempt(*, status: str, outcome: str, unanswered: int,
                  sms_requested: bool) -> AttemptEffect:
    """The task after an attempt: reached completes it; the 3rd unanswered makes it unreachable.

    The SMS is requested once, when the task first becomes unreachable. An unreachable customer
    may still be reached later (e.g. calls back after the SMS): a reached outcome completes it.
    """
    try:
        result = Outcome(outcome)
    except ValueError as exc:
        raise InvalidInput(f"outcome must be one of {', '.join(o.value for o in Outcome)}") from exc
    current = TaskStatus(status)
    if current is TaskStatus.COMPLETED:
        raise Conflict("the follow-up is already completed / 回访已完成", code="callback-completed")
    if current is TaskStatus.EXCLUDED:
        raise Conflict("this customer is not to be called / 该客户不在回访名单",
                       code="callback-excluded")
    if result in REACHED:
        return AttemptEffect(TaskStatus.COMPLETED, unanswered, completes=True, request_sms=False)
    if result in UNANSWERED:
        unanswered += 1
        if unanswered >= MAX_UNANSWERED:
            return AttemptEffect(TaskStatus.UNREACHABLE, unanswered, completes=False,
                                 request_sms=not sms_requested)
    return AttemptEffect(current, unanswered, completes=False, request_sms=False)


def opens_complaint(outcome: str, open_complaint: bool) -> bool:
    """A complaint always opens one; a dissatisfied customer only when the agent asks."""
    if outcome == Outcome.COMPLAINT:
        return True
    if open_complaint and outcome != Outcome.DISSATISFIED:
        raise InvalidInput("open_complaint is only for the outcomes dissatisfied or complaint")
    return open_complaint


def check_survey_allowed(status: str, has_survey: bool) -> None:
    """One survey per task, never on a task that is not to be called."""
    if has_survey:
        raise Conflict("this follow-up already has a survey / 该回访已有满意度调查",
                       code="survey-exists")
    if status == TaskStatus.EXCLUDED:
        raise Conflict("this customer is not to be called / 该客户不在回访名单",
                       code="callback-excluded")
