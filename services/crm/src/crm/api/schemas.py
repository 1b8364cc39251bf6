"""Request and response bodies (separate from the tables: no mass assignment).

Every time is a `DealerTime`: written in the dealer's offset, as in the events.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from aftersales_common.web.inputs import Id, Phone, text
from aftersales_common.wire import DealerTime
from crm.contracts import (
    ComplaintCategory,
    ComplaintStatus,
    DayPart,
    Exclusion,
    Outcome,
    Score,
    TaskOutcome,
    TaskStatus,
)
from crm.domain.complaints import Complaint, ComplaintFollowUp
from crm.domain.csi import AREAS, Survey
from crm.domain.follow_up import CallAttempt, FollowUp
from crm.service.handlers import AttemptLogged
from crm.service.queries import CallbackView, CsiReport

AreaScore = Annotated[int, Field(ge=0, le=10, strict=True)]
Text = Annotated[str, text(2000, min_length=1)]
Name = Annotated[str, text(100, min_length=1)]


class CallbackOut(BaseModel):
    """A follow-up task as the callable list shows it."""

    id: str
    dealer_id: str
    order_id: str
    order_no: str
    customer_id: str
    vehicle_id: str
    customer_name: str | None = None
    customer_phone: str | None = None
    delivered_at: DealerTime
    callable_from: DealerTime
    due_at: DealerTime
    status: TaskStatus
    excluded_reason: Exclusion | None
    attempts_count: int
    unanswered_attempts: int
    untried_day_parts: list[DayPart] = Field(
        default_factory=list, description="times of day not tried yet: vary the next attempt")
    outcome: TaskOutcome | None
    csi_score: Score | None
    sms_requested_at: DealerTime | None
    completed_at: DealerTime | None
    created_at: DealerTime

    @classmethod
    def of(cls, view: CallbackView) -> CallbackOut:
        task, contact = view.task, view.contact
        fields = {k: getattr(task, k) for k in cls.model_fields
                  if k not in ("customer_name", "customer_phone")}
        return cls(**fields, customer_name=contact.name if contact else None,
                   customer_phone=contact.phone if contact else None)


class ComplaintDraftIn(BaseModel):
    """Optional details of the complaint a call opens (department and person may follow)."""

    model_config = ConfigDict(extra="forbid")
    description: Text | None = None
    category: ComplaintCategory | None = None
    department: Name | None = None
    responsible: Name | None = None


class AttemptCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcome: Outcome
    note: Annotated[str, text(2000)] | None = None
    number_called: Phone | None = None
    open_complaint: bool = Field(
        default=False, description="with outcome dissatisfied: open a complaint too")
    complaint: ComplaintDraftIn | None = None


class AttemptOut(BaseModel):
    id: str
    task_id: str
    outcome: Outcome
    note: str | None
    number_called: str | None
    day_part: DayPart
    agent: str
    created_at: DealerTime

    @classmethod
    def of(cls, attempt: CallAttempt) -> AttemptOut:
        return cls(**{k: getattr(attempt, k) for k in AttemptOut.model_fields})


class AttemptLoggedOut(AttemptOut):
    """The attempt, the task after it and the complaint it opened (if any)."""

    task: CallbackOut
    complaint_id: str | None = None

    @classmethod
    def of_logged(cls, done: AttemptLogged) -> AttemptLoggedOut:
        base = AttemptOut.of(done.attempt).model_dump()
        return cls(**base, task=CallbackOut.of(CallbackView(done.task, done.contact)),
                   complaint_id=done.complaint.id if done.complaint else None)


class SurveyScores(BaseModel):
    model_config = ConfigDict(extra="forbid")
    facilities: AreaScore
    personnel: AreaScore
    execution: AreaScore
    cost: AreaScore
    follow_up: AreaScore


class SurveyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    scores: SurveyScores
    comment: Annotated[str, text(2000)] | None = None


class SurveyOut(BaseModel):
    id: str
    task_id: str
    scores: dict[str, int]
    csi_score: Score
    weights: dict[str, str]
    comment: str | None
    surveyed_by: str
    created_at: DealerTime

    @classmethod
    def of(cls, survey: Survey) -> SurveyOut:
        return cls(id=survey.id, task_id=survey.task_id,
                   scores={a: survey.scores[a] for a in AREAS}, csi_score=survey.csi_score,
                   weights={a: str(w) for a, w in survey.weights.items()},
                   comment=survey.comment, surveyed_by=survey.surveyed_by,
                   created_at=survey.created_at)


class VisitOut(BaseModel):
    """A customer's delivered visit as they see it: no internal notes, only whether it is rated."""

    order_id: str
    order_no: str
    vehicle_id: str
    delivered_at: DealerTime
    rated: bool
    csi_score: Score | None
    rated_at: DealerTime | None

    @classmethod
    def of(cls, task: FollowUp) -> VisitOut:
        survey = task.survey
        return cls(order_id=task.order_id, order_no=task.order_no, vehicle_id=task.vehicle_id,
                   delivered_at=task.delivered_at, rated=survey is not None,
                   csi_score=survey.csi_score if survey else None,
                   rated_at=survey.created_at if survey else None)


class ComplaintCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    task_id: Id
    description: Text
    category: ComplaintCategory | None = None
    department: Name
    responsible: Name


class ComplaintUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: Text | None = None
    category: ComplaintCategory | None = None
    department: Name | None = None
    responsible: Name | None = None


class FollowUpCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: Text
    customer_satisfied: bool


class Resolution(BaseModel):
    model_config = ConfigDict(extra="forbid")
    resolution: Text


class FollowUpOut(BaseModel):
    id: str
    complaint_id: str
    note: str
    customer_satisfied: bool
    agent: str
    created_at: DealerTime

    @classmethod
    def of(cls, entry: ComplaintFollowUp) -> FollowUpOut:
        return cls(**{k: getattr(entry, k) for k in cls.model_fields})


class ComplaintOut(BaseModel):
    id: str
    dealer_id: str
    task_id: str
    order_id: str
    customer_id: str
    vehicle_id: str
    description: str
    category: ComplaintCategory | None = None
    department: str | None
    responsible: str | None
    status: ComplaintStatus
    assign_by: DealerTime
    next_follow_up_due: DealerTime | None
    customer_satisfied: bool | None
    resolution: str | None
    resolved_at: DealerTime | None
    opened_by: str
    created_at: DealerTime

    @classmethod
    def of(cls, complaint: Complaint) -> ComplaintOut:
        return cls(**{k: getattr(complaint, k) for k in ComplaintOut.model_fields})


class ComplaintDetail(ComplaintOut):
    follow_ups: list[FollowUpOut]

    @classmethod
    def of_complaint(cls, complaint: Complaint) -> ComplaintDetail:
        return cls(**ComplaintOut.of(complaint).model_dump(),
                   follow_ups=[FollowUpOut.of(f) for f in complaint.follow_ups])


class CallbackDetail(CallbackOut):
    """A task with its calls, its survey and its complaints."""

    attempts: list[AttemptOut]
    survey: SurveyOut | None
    complaints: list[ComplaintOut]

    @classmethod
    def of_view(cls, view: CallbackView) -> CallbackDetail:
        task = view.task
        return cls(**CallbackOut.of(view).model_dump(),
                   attempts=[AttemptOut.of(a) for a in task.attempts],
                   survey=SurveyOut.of(task.survey) if task.survey else None,
                   complaints=[ComplaintOut.of(c) for c in view.complaints])


class DissatisfiedOut(BaseModel):
    task_id: str
    order_id: str
    order_no: str
    customer_id: str
    customer_name: str | None
    phone: str | None
    outcome: TaskOutcome | None
    csi_score: Score | None
    completed_at: DealerTime | None

    @classmethod
    def of(cls, view: CallbackView) -> DissatisfiedOut:
        t, c = view.task, view.contact
        return cls(task_id=t.id, order_id=t.order_id, order_no=t.order_no,
                   customer_id=t.customer_id, customer_name=c.name if c else None,
                   phone=c.phone if c else None, outcome=t.outcome, csi_score=t.csi_score,
                   completed_at=t.completed_at)


class CsiReportOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    dealer_ids: list[str]
    date_from: date = Field(alias="from")
    date_to: date = Field(alias="to")
    count: int
    average_csi: Score | None
    areas: dict[str, Score | None]
    dissatisfied: list[DissatisfiedOut]

    @classmethod
    def of(cls, report: CsiReport) -> CsiReportOut:
        return cls(dealer_ids=report.dealer_ids, date_from=report.date_from,
                   date_to=report.date_to, count=report.count, average_csi=report.average_csi,
                   areas=report.areas,
                   dissatisfied=[DissatisfiedOut.of(v) for v in report.dissatisfied])

