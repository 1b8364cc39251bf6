"""CRM's own database tables (SQLModel, own metadata) plus the seedwork tables."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from aftersales_common.clock import new_id, utcnow
from aftersales_common.db import decimal_column, utc_column
from aftersales_common.messaging.tables import messaging_tables


class CrmTable(SQLModel, registry=registry()):
    """Base of crm's tables: a metadata of its own."""


class CustomerContact(CrmTable, table=True):
    """Local projection of booking's customer file: who may be called, on which number."""

    __tablename__ = "customer_contact"
    id: str = Field(primary_key=True, max_length=36)
    dealer_id: str = Field(index=True, max_length=36)
    name: str = Field(max_length=100)
    phone: str = Field(max_length=30)
    callback_opt_out: bool = False
    sms_opt_out: bool = False
    as_of: datetime = Field(sa_column=utc_column(nullable=False))


class VehicleUsage(CrmTable, table=True):
    """Local projection of booking's vehicle: company and staff cars are not called."""

    __tablename__ = "vehicle_usage"
    id: str = Field(primary_key=True, max_length=36)
    dealer_id: str = Field(index=True, max_length=36)
    customer_id: str = Field(index=True, max_length=36)
    vin: str = Field(max_length=17)
    plate: str = Field(max_length=20)
    model: str = Field(max_length=100)
    usage: str = Field(default="private", max_length=20)
    as_of: datetime = Field(sa_column=utc_column(nullable=False))


class CallbackTask(CrmTable, table=True):
    """One follow-up call per delivered repair order (回访任务)."""

    __tablename__ = "callback_task"
    __table_args__ = (UniqueConstraint("order_id", name="uq_callback_task_order"),)
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    dealer_id: str = Field(index=True, max_length=36)
    order_id: str = Field(max_length=36)
    order_no: str = Field(default="", max_length=40)
    customer_id: str = Field(index=True, max_length=36)
    vehicle_id: str = Field(index=True, max_length=36)
    delivered_at: datetime = Field(sa_column=utc_column(nullable=False))
    odometer_km: int | None = None
    callable_from: datetime = Field(sa_column=utc_column(nullable=False))
    due_at: datetime = Field(sa_column=utc_column(nullable=False, index=True))
    status: str = Field(default="open", max_length=20, index=True)
    excluded_reason: str | None = Field(default=None, max_length=30)
    outcome: str | None = Field(default=None, max_length=20)
    attempts_count: int = 0
    unanswered_attempts: int = 0
    sms_requested_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    completed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    csi_score: Decimal | None = Field(default=None, sa_column=decimal_column(nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class CallAttempt(CrmTable, table=True):
    """One call to the customer and what came of it."""

    __tablename__ = "call_attempt"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    task_id: str = Field(foreign_key="callback_task.id", index=True, max_length=36)
    dealer_id: str = Field(max_length=36)
    outcome: str = Field(max_length=20)
    note: str | None = Field(default=None, max_length=2000)
    number_called: str | None = Field(default=None, max_length=30)
    day_part: str = Field(max_length=10)
    agent: str = Field(max_length=120)
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class CsiSurvey(CrmTable, table=True):
    """The customer's scores of the five areas and the weighted CSI (one per task)."""

    __tablename__ = "csi_survey"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    task_id: str = Field(foreign_key="callback_task.id", unique=True, max_length=36)
    dealer_id: str = Field(index=True, max_length=36)
    facilities: int
    personnel: int
    execution: int
    cost: int
    follow_up: int
    csi_score: Decimal = Field(sa_column=decimal_column(nullable=False))
    weights: str = Field(max_length=400)  # the weights used, as JSON: settings may change later
    comment: str | None = Field(default=None, max_length=2000)
    surveyed_by: str = Field(max_length=120)
    created_at: datetime = Field(default_factory=utcnow,
                                 sa_column=utc_column(nullable=False, index=True))


class Complaint(CrmTable, table=True):
    """A complaint from a follow-up call (投诉), followed up weekly until resolved."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    dealer_id: str = Field(index=True, max_length=36)
    task_id: str = Field(foreign_key="callback_task.id", index=True, max_length=36)
    order_id: str = Field(max_length=36)
    customer_id: str = Field(max_length=36)
    vehicle_id: str = Field(max_length=36)
    description: str = Field(max_length=2000)
    category: str | None = Field(default=None, max_length=30)
    department: str | None = Field(default=None, max_length=100)
    responsible: str | None = Field(default=None, max_length=100)
    status: str = Field(default="unassigned", max_length=20, index=True)
    assign_by: datetime = Field(sa_column=utc_column(nullable=False))
    next_follow_up_due: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    customer_satisfied: bool | None = None
    resolution: str | None = Field(default=None, max_length=2000)
    resolved_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    opened_by: str = Field(max_length=120)
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class ComplaintFollowUp(CrmTable, table=True):
    """A second (third...) call to a complaining customer."""

    __tablename__ = "complaint_follow_up"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    complaint_id: str = Field(foreign_key="complaint.id", index=True, max_length=36)
    note: str = Field(max_length=2000)
    customer_satisfied: bool
    agent: str = Field(max_length=120)
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class RetentionTask(CrmTable, table=True):
    """A reminder to bring the customer back (客户促进), e.g. for work they deferred."""

    __tablename__ = "retention_task"
    __table_args__ = (UniqueConstraint("source", "source_id", name="uq_retention_task_source"),)
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    dealer_id: str = Field(index=True, max_length=36)
    customer_id: str = Field(index=True, max_length=36)
    vehicle_id: str = Field(index=True, max_length=36)
    source: str = Field(max_length=20)
    source_id: str = Field(max_length=36)
    order_id: str = Field(max_length=36)
    order_no: str = Field(default="", max_length=30)
    plate: str = Field(default="", max_length=20)
    title: str = Field(max_length=600)
    reason: str = Field(default="", max_length=500)
    due_on: date = Field(index=True)
    status: str = Field(default="open", max_length=10)
    outcome: str | None = Field(default=None, max_length=20)
    note: str = Field(default="", max_length=500)
    done_by: str | None = Field(default=None, max_length=120)
    done_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


metadata = CrmTable.metadata
messaging = messaging_tables(metadata)
