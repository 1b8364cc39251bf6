"""Events crm publishes (topic `aftersales.crm`), field names as in docs/events.md.

`callback.completed` is raised when a reached call (satisfied, dissatisfied, complaint) or a
survey completes a task, and once more when a survey is recorded on a task already completed:
that second event carries the same task with its `csi_score` filled in (consumers keep the latest).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import PlainSerializer

from aftersales_common.messaging.envelope import EventData
from crm.domain.csi import score_str

Score = Annotated[Decimal, PlainSerializer(score_str, return_type=str)]


class CallbackEvent(EventData):
    """Common payload of the follow-up task events."""

    task_id: str
    order_id: str
    dealer_id: str
    customer_id: str
    vehicle_id: str
    due_at: datetime
    status: str
    outcome: str | None = None
    csi_score: Score | None = None


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
    department: str | None = None
    responsible: str | None = None
    description: str
    resolution: str | None = None


class ComplaintOpened(ComplaintEvent):
    event_type = "complaint.opened"


class ComplaintResolved(ComplaintEvent):
    event_type = "complaint.resolved"


PUBLISHED: list[type[EventData]] = [
    CallbackScheduled, CallbackCompleted, CallbackSmsRequested, ComplaintOpened, ComplaintResolved,
]
