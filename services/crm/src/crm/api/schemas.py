"""Request and response bodies (separate from the tables: no mass assignment)."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from crm.adapters.tables import (
    CallAttempt,
    CallbackTask,
    Complaint,
    ComplaintFollowUp,
    CsiSurvey,
    CustomerContact,
)
from crm.domain.csi import AREAS, score_str

Score = Annotated[Decimal, PlainSerializer(score_str, return_type=str)]
OutcomeIn = Literal["no_answer", "busy", "wrong_number", "satisfied", "dissatisfied", "complaint",
                    "call_back_later"]
AreaScore = Annotated[int, Field(ge=0, le=10, strict=True)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
Name = Annotated[str, Field(min_length=1, max_length=100)]


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
    delivered_at: datetime
    callable_from: datetime
    due_at: datetime
    status: str
    excluded_reason: str | None
    attempts_count: int
    unanswered_attempts: int
    outcome: str | None
    csi_score: Score | None
    sms_requested_at: datetime | None
    completed_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, task: CallbackTask, contact: CustomerContact | None) -> CallbackOut:
        fields = {k: getattr(task, k) for k in cls.model_fields
                  if k not in ("customer_name", "customer_phone", "csi_score")}
        return cls(**fields, csi_score=Decimal(task.csi_score) if task.csi_score else None,
                   customer_name=contact.name if contact else None,
                   customer_phone=contact.phone if contact else None)


class ComplaintDraftIn(BaseModel):
    """Optional details of the complaint a call opens (department and person may follow)."""

    model_config = ConfigDict(extra="forbid")
    description: Text | None = None
    department: Name | None = None
    responsible: Name | None = None


class AttemptCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcome: OutcomeIn
    note: str | None = Field(default=None, max_length=2000)
    number_called: str | None = Field(default=None, min_length=3, max_length=30)
    open_complaint: bool = Field(
        default=False, description="with outcome dissatisfied: open a complaint too")
    complaint: ComplaintDraftIn | None = None


class AttemptOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    task_id: str
    outcome: str
    note: str | None
    number_called: str | None
    day_part: str
    agent: str
    created_at: datetime


class AttemptLoggedOut(AttemptOut):
    """The attempt, the task after it and the complaint it opened (if any)."""

    task: CallbackOut
    complaint_id: str | None = None


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
    comment: str | None = Field(default=None, max_length=2000)


class SurveyOut(BaseModel):
    id: str
    task_id: str
    scores: dict[str, int]
    csi_score: Score
    weights: dict[str, str]
    comment: str | None
    surveyed_by: str
    created_at: datetime

    @classmethod
    def of(cls, survey: CsiSurvey) -> SurveyOut:
        return cls(id=survey.id, task_id=survey.task_id,
                   scores={a: getattr(survey, a) for a in AREAS},
                   csi_score=Decimal(survey.csi_score), weights=json.loads(survey.weights),
                   comment=survey.comment, surveyed_by=survey.surveyed_by,
                   created_at=survey.created_at)


class ComplaintCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    task_id: str = Field(min_length=1, max_length=36)
    description: Text
    department: Name
    responsible: Name


class ComplaintUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: Text | None = None
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
    model_config = ConfigDict(from_attributes=True)
    id: str
    complaint_id: str
    note: str
    customer_satisfied: bool
    agent: str
    created_at: datetime


class ComplaintOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    dealer_id: str
    task_id: str
    order_id: str
    customer_id: str
    vehicle_id: str
    description: str
    department: str | None
    responsible: str | None
    status: str
    assign_by: datetime
    next_follow_up_due: datetime | None
    customer_satisfied: bool | None
    resolution: str | None
    resolved_at: datetime | None
    opened_by: str
    created_at: datetime


class ComplaintDetail(ComplaintOut):
    follow_ups: list[FollowUpOut]


class CallbackDetail(CallbackOut):
    """A task with its calls, its survey and its complaints."""

    attempts: list[AttemptOut]
    survey: SurveyOut | None
    complaints: list[ComplaintOut]


class DissatisfiedOut(BaseModel):
    task_id: str
    order_id: str
    order_no: str
    customer_id: str
    customer_name: str | None
    phone: str | None
    outcome: str | None
    csi_score: Score | None
    completed_at: datetime | None


class CsiReportOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    dealer_ids: list[str]
    date_from: date = Field(alias="from")
    date_to: date = Field(alias="to")
    count: int
    average_csi: Score | None
    areas: dict[str, Score | None]
    dissatisfied: list[DissatisfiedOut]


def attempt_logged(attempt: CallAttempt, task: CallbackTask, contact: CustomerContact | None,
                   complaint: Complaint | None) -> AttemptLoggedOut:
    base = AttemptOut.model_validate(attempt).model_dump()
    return AttemptLoggedOut(**base, task=CallbackOut.of(task, contact),
                            complaint_id=complaint.id if complaint else None)


def complaint_detail(complaint: Complaint, follow_ups: list[ComplaintFollowUp]) -> ComplaintDetail:
    base = ComplaintOut.model_validate(complaint).model_dump()
    return ComplaintDetail(**base, follow_ups=[FollowUpOut.model_validate(f) for f in follow_ups])
