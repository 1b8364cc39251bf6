"""The follow-up call (回访): who is called, by when, and what each attempt and the survey do."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from aftersales_common.clock import new_id
from aftersales_common.domain import Aggregate, Transitions
from aftersales_common.errors import Conflict, InvalidInput
from crm.domain.callable_list import Exclusion
from crm.domain.csi import Survey, check_scores, csi_score
from crm.domain.events import (
    CallbackCompleted,
    CallbackEvent,
    CallbackScheduled,
    CallbackSmsRequested,
)

MAX_UNANSWERED = 3
SMS_TEMPLATE = "callback_unreachable"


class TaskStatus(StrEnum):
    OPEN = "open"
    COMPLETED = "completed"
    UNREACHABLE = "unreachable"
    EXCLUDED = "excluded"


class Outcome(StrEnum):
    """What came of one call attempt."""

    NO_ANSWER = "no_answer"
    BUSY = "busy"
    WRONG_NUMBER = "wrong_number"
    SATISFIED = "satisfied"
    DISSATISFIED = "dissatisfied"
    COMPLAINT = "complaint"
    CALL_BACK_LATER = "call_back_later"


class TaskOutcome(StrEnum):
    """How a completed task ended: the reached call's outcome, or `surveyed` without one."""

    SATISFIED = "satisfied"
    DISSATISFIED = "dissatisfied"
    COMPLAINT = "complaint"
    SURVEYED = "surveyed"


class DayPart(StrEnum):
    """Attempts should vary the time of day (domain.md §8)."""

    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


UNANSWERED = frozenset({Outcome.NO_ANSWER, Outcome.BUSY, Outcome.WRONG_NUMBER})
REACHED = frozenset({Outcome.SATISFIED, Outcome.DISSATISFIED, Outcome.COMPLAINT})
SURVEYED = TaskOutcome.SURVEYED

_COMPLETED = ("the follow-up is already completed / 回访已完成", "callback-completed")
_EXCLUDED = ("this customer is not to be called / 该客户不在回访名单", "callback-excluded")
_CALLS = ("answer", "miss", "give_up", "postpone")
S = TaskStatus

# answer: a reached call; miss: an unanswered one below the limit (or after it);
# give_up: the unanswered call that reaches the limit; postpone: "call back later".
FOLLOW_UP = Transitions.of(
    [
        ([S.OPEN, S.UNREACHABLE], "answer", S.COMPLETED),
        ([S.OPEN], "miss", S.OPEN),
        ([S.UNREACHABLE], "miss", S.UNREACHABLE),
        ([S.OPEN], "give_up", S.UNREACHABLE),
        ([S.OPEN], "postpone", S.OPEN),
        ([S.UNREACHABLE], "postpone", S.UNREACHABLE),
        ([S.OPEN, S.UNREACHABLE, S.COMPLETED], "survey", S.COMPLETED),
        ([S.OPEN], "exclude", S.EXCLUDED),
    ],
    refusals={
        **{(S.COMPLETED, a): _COMPLETED for a in _CALLS},
        **{(S.EXCLUDED, a): _EXCLUDED for a in (*_CALLS, "survey")},
    },
)


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


def day_part(at: datetime, timezone: str) -> DayPart:
    """Morning, afternoon or evening in the dealer's zone."""
    hour = at.astimezone(ZoneInfo(timezone)).hour
    if hour < 12:
        return DayPart.MORNING
    if hour < 18:
        return DayPart.AFTERNOON
    return DayPart.EVENING


def parse_outcome(value: str) -> Outcome:
    """An attempt outcome from the closed vocabulary (422 otherwise)."""
    try:
        return Outcome(value)
    except ValueError as exc:
        raise InvalidInput(f"outcome must be one of {', '.join(o.value for o in Outcome)}") from exc


def opens_complaint(outcome: str, open_complaint: bool) -> bool:
    """A complaint always opens one; a dissatisfied customer only when the agent asks."""
    if outcome == Outcome.COMPLAINT:
        return True
    if open_complaint and outcome != Outcome.DISSATISFIED:
        raise InvalidInput("open_complaint is only for the outcomes dissatisfied or complaint")
    return open_complaint


@dataclass(frozen=True)
class CallAttempt:
    """One call to the customer and what came of it."""

    id: str
    task_id: str
    dealer_id: str
    outcome: Outcome
    note: str | None
    number_called: str | None
    day_part: DayPart
    agent: str
    created_at: datetime


@dataclass(frozen=True)
class Delivery:
    """A delivered repair order: the fact that puts a customer on the callable list."""

    order_id: str
    order_no: str
    dealer_id: str
    vehicle_id: str
    customer_id: str
    delivered_at: datetime
    odometer_km: int | None


@dataclass(frozen=True)
class SmsContact:
    """What the SMS needs from the customer file: the number and the consent."""

    phone: str
    sms_opt_out: bool


@dataclass(eq=False)
class FollowUp(Aggregate):
    """One follow-up call task per delivered repair order (回访任务)."""

    id: str
    dealer_id: str
    order_id: str
    order_no: str
    customer_id: str
    vehicle_id: str
    delivered_at: datetime
    odometer_km: int | None
    callable_from: datetime
    due_at: datetime
    status: TaskStatus
    created_at: datetime
    excluded_reason: Exclusion | None = None
    outcome: TaskOutcome | None = None
    attempts_count: int = 0
    unanswered_attempts: int = 0
    sms_requested_at: datetime | None = None
    completed_at: datetime | None = None
    csi_score: Decimal | None = None
    attempts: list[CallAttempt] = field(default_factory=list)
    survey: Survey | None = None

    @classmethod
    def schedule(cls, delivery: Delivery, *, exclusion: Exclusion | None, follow_up_days: int,
                 timezone: str, at: datetime) -> FollowUp:
        """The task for a delivery: due within `follow_up_days`; excluded ones are kept, not called."""
        when = schedule(delivery.delivered_at, follow_up_days=follow_up_days, timezone=timezone)
        task = cls(
            id=new_id(), dealer_id=delivery.dealer_id, order_id=delivery.order_id,
            order_no=delivery.order_no, customer_id=delivery.customer_id,
            vehicle_id=delivery.vehicle_id, delivered_at=delivery.delivered_at,
            odometer_km=delivery.odometer_km, callable_from=when.callable_from,
            due_at=when.due_at, status=S.EXCLUDED if exclusion else S.OPEN,
            excluded_reason=exclusion, created_at=at,
        )
        if exclusion is None:
            task.record(task._snapshot(CallbackScheduled))
        return task

    def log_attempt(self, outcome: str, by: str, at: datetime, *, timezone: str,
                    note: str | None = None, number_called: str | None = None,
                    contact: SmsContact | None = None) -> CallAttempt:
        """Record one call: reached completes the task, the 3rd unanswered asks for one SMS."""
        result = parse_outcome(outcome)
        self.status = FOLLOW_UP.next(self.status, self._action_for(result))
        attempt = CallAttempt(
            id=new_id(), task_id=self.id, dealer_id=self.dealer_id, outcome=result, note=note,
            number_called=number_called, day_part=day_part(at, timezone), agent=by, created_at=at)
        self.attempts.append(attempt)
        self.attempts_count += 1
        if result in UNANSWERED:
            self.unanswered_attempts += 1
            if self.status is S.UNREACHABLE and self.sms_requested_at is None:
                self._request_sms(contact, at)
        if result in REACHED:
            self.outcome, self.completed_at = TaskOutcome(result.value), at
            self.record(self._snapshot(CallbackCompleted))
        return attempt

    def _action_for(self, outcome: Outcome) -> str:
        if outcome in REACHED:
            return "answer"
        if outcome in UNANSWERED:
            last = self.status is S.OPEN and self.unanswered_attempts + 1 >= MAX_UNANSWERED
            return "give_up" if last else "miss"
        return "postpone"

    def _request_sms(self, contact: SmsContact | None, at: datetime) -> None:
        """Text the customer, unless they refused SMS or no number is known."""
        if contact is not None and contact.sms_opt_out:
            return
        phone = (contact.phone if contact else None) or self.last_number_called
        if not phone:
            return
        self.sms_requested_at = at
        self.record(CallbackSmsRequested(
            task_id=self.id, order_id=self.order_id, dealer_id=self.dealer_id,
            customer_id=self.customer_id, phone=phone, template=SMS_TEMPLATE))

    @property
    def last_number_called(self) -> str | None:
        """The number of the latest attempt that named one."""
        return next((a.number_called for a in reversed(self.attempts) if a.number_called), None)

    @property
    def untried_day_parts(self) -> list[DayPart]:
        """Times of day not tried yet, so the next attempt can vary it."""
        tried = {a.day_part for a in self.attempts}
        return [p for p in DayPart if p not in tried]

    def record_survey(self, scores: Mapping[str, int], comment: str | None,
                      weights: Mapping[str, Decimal], by: str, at: datetime) -> Survey:
        """Weight the five areas into the CSI; a survey also completes a task not yet completed."""
        if self.survey is not None:
            raise Conflict("this follow-up already has a survey / 该回访已有满意度调查",
                           code="survey-exists")
        status = FOLLOW_UP.next(self.status, "survey")
        checked = check_scores(scores)
        survey = Survey(id=new_id(), task_id=self.id, dealer_id=self.dealer_id, scores=checked,
                        weights=dict(weights), csi_score=csi_score(checked, weights),
                        comment=comment, surveyed_by=by, created_at=at)
        if self.status is not S.COMPLETED:
            # The customer answered the survey, so they were reached: the call is done.
            self.completed_at = at
            self.outcome = self.outcome or SURVEYED
        self.status, self.survey, self.csi_score = status, survey, survey.csi_score
        self.record(self._snapshot(CallbackCompleted))
        return survey

    def exclude(self, reason: Exclusion) -> bool:
        """Take a task nobody has called yet off the list (an opt-out or a company car later)."""
        if self.attempts_count or not FOLLOW_UP.allows(self.status, "exclude"):
            return False
        self.status, self.excluded_reason = FOLLOW_UP.next(self.status, "exclude"), reason
        return True

    def _snapshot(self, kind: type[CallbackEvent]) -> CallbackEvent:
        return kind(task_id=self.id, order_id=self.order_id, dealer_id=self.dealer_id,
                    customer_id=self.customer_id, vehicle_id=self.vehicle_id, due_at=self.due_at,
                    status=self.status.value, outcome=self.outcome.value if self.outcome else None,
                    csi_score=self.csi_score, completed_at=self.completed_at)
