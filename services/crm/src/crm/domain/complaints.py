"""Complaints (投诉): a department and a responsible person named the same day, weekly
follow-ups until the customer is satisfied, then resolved."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from aftersales_common.clock import new_id
from aftersales_common.domain import Aggregate, Transitions
from aftersales_common.errors import Conflict
from crm.domain.events import ComplaintOpened, ComplaintResolved
from crm.domain.follow_up import FollowUp

FOLLOW_UP_EVERY = timedelta(days=7)


class ComplaintStatus(StrEnum):
    UNASSIGNED = "unassigned"  # department and responsible person still to be named
    OPEN = "open"
    RESOLVED = "resolved"


class ComplaintCategory(StrEnum):
    """The customer-service guide's categories, which complaints are reported by."""

    SERVICE_ATTITUDE = "service_attitude"
    REPAIR_QUALITY = "repair_quality"
    BODY_AND_PAINT = "body_and_paint"
    WASHING = "washing"
    LABOUR_PRICE = "labour_price"
    PARTS_PRICE = "parts_price"
    LATE_DELIVERY = "late_delivery"
    LOUNGE_COMFORT = "lounge_comfort"
    UNWILLING_TO_SAY = "unwilling_to_say"


C = ComplaintStatus
_RESOLVED = "the complaint is resolved / 投诉已解决"
_UNASSIGNED = "name the department and the responsible person first / 请先指定责任部门和责任人"

COMPLAINT = Transitions.of(
    [
        ([C.UNASSIGNED], "amend", C.UNASSIGNED),
        ([C.OPEN], "amend", C.OPEN),
        ([C.UNASSIGNED], "assign", C.OPEN),
        ([C.OPEN], "follow_up", C.OPEN),
        ([C.OPEN], "resolve", C.RESOLVED),
    ],
    refusals={
        (C.RESOLVED, "amend"): (_RESOLVED, "complaint-resolved"),
        (C.RESOLVED, "assign"): (_RESOLVED, "complaint-resolved"),
        (C.RESOLVED, "follow_up"): (f"cannot follow up: {_RESOLVED}", "complaint-resolved"),
        (C.RESOLVED, "resolve"): (f"cannot resolve: {_RESOLVED}", "complaint-resolved"),
        (C.UNASSIGNED, "follow_up"): (f"cannot follow up: {_UNASSIGNED}", "complaint-unassigned"),
        (C.UNASSIGNED, "resolve"): (f"cannot resolve: {_UNASSIGNED}", "complaint-unassigned"),
    },
)


def assign_by(opened_at: datetime, timezone: str) -> datetime:
    """The responsible person is named the same day: the end of the opening day, local time."""
    tz = ZoneInfo(timezone)
    day = opened_at.astimezone(tz).date()
    return datetime.combine(day + timedelta(days=1), time.min, tz)


def is_named(value: str | None) -> bool:
    """A department or person counts once it is more than blanks."""
    return bool(value and value.strip())


def next_follow_up_due(at: datetime, customer_satisfied: bool) -> datetime | None:
    """Weekly until the customer is satisfied."""
    return None if customer_satisfied else at + FOLLOW_UP_EVERY


@dataclass(frozen=True)
class ComplaintFollowUp:
    """A second (third...) call to a complaining customer."""

    id: str
    complaint_id: str
    note: str
    customer_satisfied: bool
    agent: str
    created_at: datetime


@dataclass(eq=False)
class Complaint(Aggregate):
    """A complaint from a follow-up call, followed up weekly until resolved."""

    id: str
    dealer_id: str
    task_id: str
    order_id: str
    customer_id: str
    vehicle_id: str
    description: str
    opened_by: str
    assign_by: datetime
    created_at: datetime
    status: ComplaintStatus = C.UNASSIGNED
    category: ComplaintCategory | None = None
    department: str | None = None
    responsible: str | None = None
    next_follow_up_due: datetime | None = None
    customer_satisfied: bool | None = None
    resolution: str | None = None
    resolved_at: datetime | None = None
    follow_ups: list[ComplaintFollowUp] = field(default_factory=list)

    @classmethod
    def open(cls, task: FollowUp, *, description: str, by: str, at: datetime, timezone: str,
             category: ComplaintCategory | None = None, department: str | None = None,
             responsible: str | None = None) -> Complaint:
        """A complaint on a follow-up; opened (and announced) once both names are given."""
        complaint = cls(
            id=new_id(), dealer_id=task.dealer_id, task_id=task.id, order_id=task.order_id,
            customer_id=task.customer_id, vehicle_id=task.vehicle_id,
            description=description.strip(), opened_by=by, assign_by=assign_by(at, timezone),
            created_at=at, category=category,
        )
        complaint.amend(department=department, responsible=responsible, by=by, at=at)
        return complaint

    def amend(self, *, by: str, at: datetime, description: str | None = None,
              category: ComplaintCategory | None = None, department: str | None = None,
              responsible: str | None = None) -> None:
        """Edit what is given; naming both the department and the person assigns it."""
        self.status = COMPLAINT.next(self.status, "amend")
        if description is not None:
            self.description = description.strip()
        if category is not None:
            self.category = category
        dept = department.strip() if department is not None else self.department
        person = responsible.strip() if responsible is not None else self.responsible
        if self.status is C.UNASSIGNED and is_named(dept) and is_named(person):
            self.assign(dept or "", person or "", by=by, at=at)
        else:
            self.department, self.responsible = dept, person

    def assign(self, department: str, responsible: str, *, by: str, at: datetime) -> None:
        """Name who handles it: the complaint opens and the first follow-up is due in a week."""
        if not (is_named(department) and is_named(responsible)):
            raise Conflict(_UNASSIGNED, code="complaint-unassigned")
        self.status = COMPLAINT.next(self.status, "assign")
        self.department, self.responsible = department.strip(), responsible.strip()
        self.next_follow_up_due = next_follow_up_due(at, customer_satisfied=False)
        self.record(ComplaintOpened(**self._facts(), next_follow_up_due=self.next_follow_up_due))

    def follow_up(self, note: str, customer_satisfied: bool, *, by: str,
                  at: datetime) -> ComplaintFollowUp:
        """Call the customer again; the next call is due a week later until they are satisfied."""
        self.status = COMPLAINT.next(self.status, "follow_up")
        entry = ComplaintFollowUp(id=new_id(), complaint_id=self.id, note=note,
                                  customer_satisfied=customer_satisfied, agent=by, created_at=at)
        self.follow_ups.append(entry)
        self.customer_satisfied = customer_satisfied
        self.next_follow_up_due = next_follow_up_due(at, customer_satisfied)
        return entry

    def resolve(self, resolution: str, *, by: str, at: datetime) -> None:
        """Close it, only once a follow-up found the customer satisfied."""
        status = COMPLAINT.next(self.status, "resolve")
        if not self.customer_satisfied:
            raise Conflict("the customer is not satisfied yet: follow up again / "
                           "客户尚未满意，请继续跟进", code="customer-not-satisfied")
        self.status, self.resolution, self.resolved_at = status, resolution, at
        self.next_follow_up_due = None
        self.record(ComplaintResolved(**self._facts(), resolved_at=at))

    def _facts(self) -> dict[str, Any]:
        return {
            "complaint_id": self.id, "task_id": self.task_id, "order_id": self.order_id,
            "dealer_id": self.dealer_id, "customer_id": self.customer_id,
            "category": self.category.value if self.category else None,
            "department": self.department, "responsible": self.responsible,
            "description": self.description, "resolution": self.resolution,
        }
