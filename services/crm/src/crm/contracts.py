"""Events crm publishes (topic `aftersales.crm`) and the one mapping from its domain events.

`callback.completed` is raised when a reached call (satisfied, dissatisfied, complaint) or a
survey completes a task, and once more when a survey is recorded on a task already completed:
that second event carries the same task with its `csi_score` filled in (consumers keep the latest).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any

from pydantic import PlainSerializer, WithJsonSchema

from aftersales_common.domain import DomainEvent
from aftersales_common.messaging.envelope import EventData
from aftersales_common.messaging.unit_of_work import Outbound
from aftersales_common.wire import DealerTime
from crm.domain import events as domain
from crm.domain.callable_list import Exclusion, Usage
from crm.domain.complaints import ComplaintCategory, ComplaintStatus
from crm.domain.csi import SurveyArea, score_str
from crm.domain.follow_up import DayPart, Outcome, TaskOutcome, TaskStatus

Score = Annotated[Decimal, PlainSerializer(score_str, return_type=str),
                  WithJsonSchema({"type": "string", "pattern": r"^\d{1,3}\.\d$"})]
"""A CSI score on the wire: a decimal string with one place ("88.2")."""

# The closed vocabularies, as published (JSON Schema `enum`).
__all__ = ["ComplaintCategory", "ComplaintStatus", "DayPart", "Exclusion", "Outcome",
           "SurveyArea", "TaskOutcome", "TaskStatus", "Usage"]


class CallbackEvent(EventData):
    """Common payload of the follow-up task events."""

    task_id: str
    order_id: str
    dealer_id: str
    customer_id: str
    vehicle_id: str
    due_at: DealerTime
    status: TaskStatus
    outcome: TaskOutcome | None = None
    csi_score: Score | None = None
    completed_at: DealerTime | None = None


class CallbackScheduled(CallbackEvent):
    event_type = "callback.scheduled"


class CallbackCompleted(CallbackEvent):
    event_type = "callback.completed"


class CallbackSmsRequested(EventData):
    """After 3 unanswered attempts: the SMS gateway partner sends the message."""

    event_type = "callback.sms_requested"
    task_id: str
    order_id: str
    dealer_id: str
    customer_id: str
    phone: str
    template: str


class ComplaintEvent(EventData):
    """Common payload of the complaint events."""

    complaint_id: str
    task_id: str
    order_id: str
    dealer_id: str
    customer_id: str
    category: ComplaintCategory | None = None
    department: str | None = None
    responsible: str | None = None
    description: str
    resolution: str | None = None


class ComplaintOpened(ComplaintEvent):
    event_type = "complaint.opened"
    next_follow_up_due: DealerTime | None = None


class ComplaintResolved(ComplaintEvent):
    event_type = "complaint.resolved"
    resolved_at: DealerTime


PUBLISHED: list[type[EventData]] = [
    CallbackScheduled, CallbackCompleted, CallbackSmsRequested, ComplaintOpened, ComplaintResolved,
]


def _fields(event: DomainEvent) -> dict[str, Any]:
    return dict(vars(event))


def _callback(contract: type[CallbackEvent]) -> Callable[[Any], Outbound]:
    def mapped(event: domain.CallbackEvent) -> Outbound:
        return Outbound(contract.model_validate(_fields(event)), subject=event.task_id,
                        dealer_id=event.dealer_id, aggregate_type="callback")
    return mapped


def _sms(event: domain.CallbackSmsRequested) -> Outbound:
    return Outbound(CallbackSmsRequested.model_validate(_fields(event)), subject=event.task_id,
                    dealer_id=event.dealer_id, aggregate_type="callback")


def _complaint(contract: type[ComplaintEvent]) -> Callable[[Any], Outbound]:
    def mapped(event: domain.ComplaintEvent) -> Outbound:
        return Outbound(contract.model_validate(_fields(event)), subject=event.complaint_id,
                        dealer_id=event.dealer_id, aggregate_type="complaint")
    return mapped


_MAPPING: dict[type[DomainEvent], Callable[[Any], Outbound]] = {
    domain.CallbackScheduled: _callback(CallbackScheduled),
    domain.CallbackCompleted: _callback(CallbackCompleted),
    domain.CallbackSmsRequested: _sms,
    domain.ComplaintOpened: _complaint(ComplaintOpened),
    domain.ComplaintResolved: _complaint(ComplaintResolved),
}


def publish(event: DomainEvent) -> Outbound:
    """The published contract of one of crm's domain events (the only mapping)."""
    try:
        mapped = _MAPPING[type(event)]
    except KeyError:
        raise TypeError(f"crm publishes no contract for {type(event).__name__}") from None
    return mapped(event)
