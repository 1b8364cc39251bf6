"""Explicit mapping between crm's rows and its domain objects (both directions)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, TypeVar

from sqlmodel import SQLModel

from crm.adapters import tables as t
from crm.adapters.tables import CallbackTask, CsiSurvey, CustomerContact, VehicleUsage
from crm.domain.callable_list import Contact, Exclusion, Usage, Vehicle
from crm.domain.complaints import (
    Complaint,
    ComplaintCategory,
    ComplaintFollowUp,
    ComplaintStatus,
)
from crm.domain.csi import AREAS, Survey
from crm.domain.follow_up import CallAttempt, DayPart, FollowUp, Outcome, TaskOutcome, TaskStatus

R = TypeVar("R", bound=SQLModel)

_TASK_FIELDS = ("dealer_id", "order_id", "order_no", "customer_id", "vehicle_id", "delivered_at",
                "odometer_km", "callable_from", "due_at", "attempts_count",
                "unanswered_attempts", "sms_requested_at", "completed_at", "csi_score",
                "created_at")
_COMPLAINT_FIELDS = ("dealer_id", "task_id", "order_id", "customer_id", "vehicle_id",
                     "description", "department", "responsible", "assign_by",
                     "next_follow_up_due", "customer_satisfied", "resolution", "resolved_at",
                     "opened_by", "created_at")


def contact_of(row: CustomerContact) -> Contact:
    return Contact(customer_id=row.id, dealer_id=row.dealer_id, name=row.name, phone=row.phone,
                   callback_opt_out=row.callback_opt_out, sms_opt_out=row.sms_opt_out,
                   as_of=row.as_of)


def contact_row(contact: Contact, row: CustomerContact | None) -> CustomerContact:
    return _written(CustomerContact, row, id=contact.customer_id, dealer_id=contact.dealer_id,
                    name=contact.name, phone=contact.phone,
                    callback_opt_out=contact.callback_opt_out, sms_opt_out=contact.sms_opt_out,
                    as_of=contact.as_of)


def vehicle_of(row: VehicleUsage) -> Vehicle:
    return Vehicle(vehicle_id=row.id, dealer_id=row.dealer_id, customer_id=row.customer_id,
                   vin=row.vin, plate=row.plate, model=row.model, usage=Usage(row.usage),
                   as_of=row.as_of)


def vehicle_row(vehicle: Vehicle, row: VehicleUsage | None) -> VehicleUsage:
    return _written(VehicleUsage, row, id=vehicle.vehicle_id, dealer_id=vehicle.dealer_id,
                    customer_id=vehicle.customer_id, vin=vehicle.vin, plate=vehicle.plate,
                    model=vehicle.model, usage=vehicle.usage.value, as_of=vehicle.as_of)


def attempt_of(row: t.CallAttempt) -> CallAttempt:
    return CallAttempt(id=row.id, task_id=row.task_id, dealer_id=row.dealer_id,
                       outcome=Outcome(row.outcome), note=row.note,
                       number_called=row.number_called, day_part=DayPart(row.day_part),
                       agent=row.agent, created_at=row.created_at)


def attempt_row(attempt: CallAttempt) -> t.CallAttempt:
    return t.CallAttempt(id=attempt.id, task_id=attempt.task_id, dealer_id=attempt.dealer_id,
                      outcome=attempt.outcome.value, note=attempt.note,
                      number_called=attempt.number_called, day_part=attempt.day_part.value,
                      agent=attempt.agent, created_at=attempt.created_at)


def survey_of(row: CsiSurvey) -> Survey:
    return Survey(id=row.id, task_id=row.task_id, dealer_id=row.dealer_id,
                  scores={a: getattr(row, a) for a in AREAS},
                  weights={a: Decimal(w) for a, w in json.loads(row.weights).items()},
                  csi_score=Decimal(row.csi_score), comment=row.comment,
                  surveyed_by=row.surveyed_by, created_at=row.created_at)


def survey_row(survey: Survey) -> CsiSurvey:
    return CsiSurvey(id=survey.id, task_id=survey.task_id, dealer_id=survey.dealer_id,
                     **survey.scores, csi_score=survey.csi_score,
                     weights=json.dumps({a: str(w) for a, w in survey.weights.items()}),
                     comment=survey.comment, surveyed_by=survey.surveyed_by,
                     created_at=survey.created_at)


def follow_up_of(row: CallbackTask, attempts: list[t.CallAttempt],
                 survey: CsiSurvey | None) -> FollowUp:
    return FollowUp(
        id=row.id, **{f: getattr(row, f) for f in _TASK_FIELDS},
        status=TaskStatus(row.status),
        excluded_reason=Exclusion(row.excluded_reason) if row.excluded_reason else None,
        outcome=TaskOutcome(row.outcome) if row.outcome else None,
        attempts=[attempt_of(a) for a in attempts],
        survey=survey_of(survey) if survey else None,
    )


def task_row(task: FollowUp, row: CallbackTask | None) -> CallbackTask:
    return _written(CallbackTask, row, id=task.id, **{f: getattr(task, f) for f in _TASK_FIELDS},
                    status=task.status.value,
                    excluded_reason=task.excluded_reason.value if task.excluded_reason else None,
                    outcome=task.outcome.value if task.outcome else None)


def complaint_follow_up_of(row: t.ComplaintFollowUp) -> ComplaintFollowUp:
    return ComplaintFollowUp(id=row.id, complaint_id=row.complaint_id, note=row.note,
                             customer_satisfied=row.customer_satisfied, agent=row.agent,
                             created_at=row.created_at)


def complaint_follow_up_row(entry: ComplaintFollowUp) -> t.ComplaintFollowUp:
    return t.ComplaintFollowUp(id=entry.id, complaint_id=entry.complaint_id, note=entry.note,
                       customer_satisfied=entry.customer_satisfied, agent=entry.agent,
                       created_at=entry.created_at)


def complaint_of(row: t.Complaint, follow_ups: list[t.ComplaintFollowUp]) -> Complaint:
    return Complaint(
        id=row.id, **{f: getattr(row, f) for f in _COMPLAINT_FIELDS},
        status=ComplaintStatus(row.status),
        category=ComplaintCategory(row.category) if row.category else None,
        follow_ups=[complaint_follow_up_of(f) for f in follow_ups],
    )


def complaint_row(complaint: Complaint, row: t.Complaint | None) -> t.Complaint:
    return _written(t.Complaint, row, id=complaint.id,
                    **{f: getattr(complaint, f) for f in _COMPLAINT_FIELDS},
                    status=complaint.status.value,
                    category=complaint.category.value if complaint.category else None)


def _written(kind: type[R], row: R | None, **values: Any) -> R:
    """A new row with these values, or the loaded row updated to them."""
    if row is None:
        return kind(**values)
    for name, value in values.items():
        setattr(row, name, value)
    return row
