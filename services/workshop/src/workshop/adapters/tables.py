"""Workshop's own database tables (SQLModel, own metadata) plus the seedwork tables."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from aftersales_common.clock import new_id, utcnow
from aftersales_common.db import decimal_column, money_column, utc_column
from aftersales_common.messaging.tables import messaging_tables


class WorkshopTable(SQLModel, registry=registry()):
    """Base of workshop's tables: a metadata of its own."""


def _json() -> Any:
    return Column(JSON, nullable=False)


class RepairOrder(WorkshopTable, table=True):
    """The repair order (维修委托书); at most one per appointment."""

    __tablename__ = "repair_order"
    __table_args__ = (UniqueConstraint("dealer_id", "order_no", name="uq_repair_order_dealer_no"),)
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    order_no: str = Field(max_length=30)
    dealer_id: str = Field(index=True, max_length=36)
    appointment_id: str | None = Field(default=None, unique=True, max_length=36)
    customer_id: str = Field(index=True, max_length=36)
    vehicle_id: str = Field(index=True, max_length=36)
    vin: str = Field(max_length=17)
    plate: str = Field(max_length=20)
    model: str = Field(default="", max_length=100)
    service_type: str = Field(max_length=20)
    concern: str = Field(default="", max_length=2000)
    status: str = Field(default="opened", max_length=20, index=True)
    paid: bool = False
    paid_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    invoice_id: str | None = Field(default=None, max_length=36)
    waiting_parts: bool = False
    rework_count: int = 0
    qc_stage: str | None = Field(default=None, max_length=20)
    opened_by: str = Field(max_length=120)
    authorized_by: str | None = Field(default=None, max_length=120)
    authorized_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    qc_passed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    delivered_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    delivered_by: str | None = Field(default=None, max_length=120)
    delivery_odometer_km: int | None = None
    # washing, delivery, next service advice and the settlement number (H5)
    wash_outcome: str | None = Field(default=None, max_length=10)
    washed_by: str | None = Field(default=None, max_length=120)
    ready_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    warranty_signed_by: str | None = Field(default=None, max_length=120)
    old_parts_handled: str | None = Field(default=None, max_length=20)
    documents_handed: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    next_service_on: date | None = None
    next_service_km: int | None = None
    next_service_basis: str | None = Field(default=None, max_length=10)
    invoice_no: str | None = Field(default=None, max_length=40)
    invoice_total: Decimal | None = Field(default=None, sa_column=money_column(nullable=True))
    cancel_reason: str | None = Field(default=None, max_length=500)
    customer_waiting: bool = False  # dispatch priority (H2)
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False, index=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))
    # the priced estimate as signed (H1)
    signed_labour: Decimal | None = Field(default=None, sa_column=money_column(nullable=True))
    signed_parts: Decimal | None = Field(default=None, sa_column=money_column(nullable=True))
    signed_vat: Decimal | None = Field(default=None, sa_column=money_column(nullable=True))
    signed_total: Decimal | None = Field(default=None, sa_column=money_column(nullable=True))
    signed_quoted_total: Decimal | None = Field(default=None, sa_column=money_column(nullable=True))
    promised_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    signed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    signature: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class Job(WorkshopTable, table=True):
    """One job (维修项目) on an order, with the parts it needs as [{part_no, qty}]."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    order_id: str = Field(foreign_key="repair_order.id", index=True, max_length=36)
    position: int
    op_code: str = Field(max_length=40)
    description: str = Field(max_length=500)
    labor_hours: Decimal = Field(sa_column=decimal_column(nullable=False))
    pay_type: str = Field(max_length=20)
    parts: list[dict[str, str]] = Field(default_factory=list, sa_column=_json())
    status: str = Field(max_length=20)
    additional: bool = False
    technician: str | None = Field(default=None, max_length=120)
    rework_count: int = 0
    requested_by: str = Field(max_length=120)
    decided_by: str | None = Field(default=None, max_length=120)
    decided_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    started_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    finished_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    finish_notes: str | None = Field(default=None, max_length=2000)
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))
    finding_id: str | None = Field(default=None, max_length=36)  # the DVI finding it prices (H3)
    skill: str = Field(default="mechanical", max_length=20)
    three_c: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    pay_reason: str | None = Field(default=None, max_length=200)


class Inspection(WorkshopTable, table=True):
    """The walk-around at reception (环车检查); one per order, recorded again replaces it."""

    order_id: str = Field(foreign_key="repair_order.id", primary_key=True, max_length=36)
    odometer_km: int
    fuel_level: int
    notes: str = Field(default="", max_length=2000)
    damages: list[str] = Field(default_factory=list, sa_column=_json())
    valuables: list[str] = Field(default_factory=list, sa_column=_json())
    inspected_by: str = Field(max_length=120)
    inspected_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))
    detail: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class QcCheck(WorkshopTable, table=True):
    """One quality check (质检) and, on a failure, the jobs it sent back."""

    __tablename__ = "qc_check"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    order_id: str = Field(foreign_key="repair_order.id", index=True, max_length=36)
    level: str = Field(max_length=20)
    passed: bool
    notes: str = Field(default="", max_length=2000)
    rework_job_ids: list[str] = Field(default_factory=list, sa_column=_json())
    inspector: str = Field(max_length=120)
    checklist: list[dict[str, Any]] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    rework_technicians: list[list[str]] | None = Field(default=None,
                                                       sa_column=Column(JSON, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class PartsStatus(WorkshopTable, table=True):
    """What parts reported for one part number of an order (see domain.supply)."""

    __tablename__ = "parts_status"
    order_id: str = Field(foreign_key="repair_order.id", primary_key=True, max_length=36)
    part_no: str = Field(primary_key=True, max_length=40)
    held: Decimal = Field(default=Decimal(0), sa_column=decimal_column(nullable=False))
    issued: Decimal = Field(default=Decimal(0), sa_column=decimal_column(nullable=False))
    short: Decimal = Field(default=Decimal(0), sa_column=decimal_column(nullable=False))
    short_by_job: dict[str, str] = Field(default_factory=dict, sa_column=_json())
    awaiting_initial: Decimal = Field(default=Decimal(0), sa_column=decimal_column(nullable=False))
    expected_date: date | None = None
    status: str = Field(default="reserved", max_length=10)
    updated_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class OrderCounter(WorkshopTable, table=True):
    """Last order number handed out per dealer and day: the row that keeps numbers unique."""

    __tablename__ = "order_counter"
    dealer_id: str = Field(primary_key=True, max_length=36)
    day: str = Field(primary_key=True, max_length=8)
    last: int = 0


class KnownCustomer(WorkshopTable, table=True):
    """A customer booking registered (projection of `customer.*`), to check walk-ins against."""

    __tablename__ = "known_customer"
    customer_id: str = Field(primary_key=True, max_length=36)
    dealer_id: str = Field(index=True, max_length=36)
    name: str = Field(default="", max_length=200)
    updated_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class KnownVehicle(WorkshopTable, table=True):
    """A vehicle booking registered (projection of `vehicle.*` and check-ins)."""

    __tablename__ = "known_vehicle"
    vehicle_id: str = Field(primary_key=True, max_length=36)
    customer_id: str = Field(index=True, max_length=36)
    dealer_id: str = Field(index=True, max_length=36)
    vin: str = Field(max_length=17)
    plate: str = Field(max_length=20)
    model: str = Field(default="", max_length=100)
    updated_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class WorkshopPolicyRow(WorkshopTable, table=True):
    """The dealer's workshop policy (domain.policy.WorkshopPolicy as JSON); no row: defaults."""

    __tablename__ = "workshop_policy"
    dealer_id: str = Field(primary_key=True, max_length=36)
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=_json())
    updated_by: str = Field(max_length=120)
    updated_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class Operation(WorkshopTable, table=True):
    """One operation of a dealer's catalogue (工时目录)."""

    __tablename__ = "operation"
    dealer_id: str = Field(primary_key=True, max_length=36)
    op_code: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=200)
    name_en: str = Field(default="", max_length=200)
    standard_hours: Decimal = Field(sa_column=decimal_column(nullable=False))
    skill: str = Field(max_length=20)
    guarantee_class: str = Field(max_length=20)
    system: str = Field(max_length=20)
    safety_related: bool = False
    active: bool = True
    updated_by: str = Field(max_length=120)
    updated_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class MaintenanceMenu(WorkshopTable, table=True):
    """A maintenance menu (保养菜单): operations and parts as one bundle."""

    __tablename__ = "maintenance_menu"
    dealer_id: str = Field(primary_key=True, max_length=36)
    code: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=200)
    name_en: str = Field(default="", max_length=200)
    mileage_km: int | None = None
    operations: list[str] = Field(default_factory=list, sa_column=_json())
    parts: list[dict[str, str]] = Field(default_factory=list, sa_column=_json())
    active: bool = True
    updated_by: str = Field(max_length=120)
    updated_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class DealerRate(WorkshopTable, table=True):
    """Billing's labour and VAT rates per dealer (projection of `dealer_rates.changed`)."""

    __tablename__ = "dealer_rate"
    dealer_id: str = Field(primary_key=True, max_length=36)
    labour_rate: Decimal = Field(sa_column=money_column(nullable=False))
    vat_rate: Decimal = Field(sa_column=decimal_column(nullable=False))
    currency: str = Field(default="CNY", max_length=3)
    updated_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class PartPrice(WorkshopTable, table=True):
    """Parts' catalogue prices (projection of `part.price_changed`)."""

    __tablename__ = "part_price"
    dealer_id: str = Field(primary_key=True, max_length=36)
    part_no: str = Field(primary_key=True, max_length=40)
    name: str = Field(default="", max_length=200)
    unit_price: Decimal = Field(sa_column=money_column(nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class PartStock(WorkshopTable, table=True):
    """Parts' available stock and what is on order (projection of `stock.level_changed`)."""

    __tablename__ = "part_stock"
    dealer_id: str = Field(primary_key=True, max_length=36)
    part_no: str = Field(primary_key=True, max_length=40)
    available: Decimal = Field(sa_column=decimal_column(nullable=False))
    on_order: Decimal = Field(default=Decimal(0), sa_column=decimal_column(nullable=False))
    expected_date: date | None = None
    updated_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class Technician(WorkshopTable, table=True):
    """A technician on a dealer's roster (domain.technicians): skills, team and shift."""

    __tablename__ = "technician"
    __table_args__ = (UniqueConstraint("dealer_id", "user_id", name="uq_technician_dealer_user"),)
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    dealer_id: str = Field(index=True, max_length=36)
    user_id: str = Field(max_length=120)
    name: str = Field(max_length=120)
    skills: list[str] = Field(default_factory=list, sa_column=_json())
    team: str = Field(default="", max_length=60)
    shift_start: str = Field(max_length=5)
    shift_end: str = Field(max_length=5)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class ClockLine(WorkshopTable, table=True):
    """One clock line of a job (domain.clocking): work or rework, from clock-on to clock-off."""

    __tablename__ = "clock_line"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    order_id: str = Field(foreign_key="repair_order.id", index=True, max_length=36)
    job_id: str = Field(foreign_key="job.id", index=True, max_length=36)
    technician: str = Field(index=True, max_length=120)
    kind: str = Field(max_length=10)
    started_at: datetime = Field(sa_column=utc_column(nullable=False, index=True))
    ended_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    end_reason: str | None = Field(default=None, max_length=10)
    pause_reason: str | None = Field(default=None, max_length=20)
    note: str = Field(default="", max_length=500)


class QcChecklistItem(WorkshopTable, table=True):
    """One point of a dealer's checklist for one level of the checks (seeded from the defaults)."""

    __tablename__ = "qc_checklist_item"
    dealer_id: str = Field(primary_key=True, max_length=36)
    level: str = Field(primary_key=True, max_length=20)
    code: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=200)
    name_en: str = Field(default="", max_length=200)
    position: int = 0


class GatePass(WorkshopTable, table=True):
    """The gate pass (出门证) issued at delivery; `exited_at` once the gate checked it."""

    __tablename__ = "gate_pass"
    order_id: str = Field(foreign_key="repair_order.id", primary_key=True, max_length=36)
    code: str = Field(unique=True, index=True, max_length=16)
    dealer_id: str = Field(index=True, max_length=36)
    issued_by: str = Field(max_length=120)
    issued_at: datetime = Field(sa_column=utc_column(nullable=False))
    exited_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    checked_by: str | None = Field(default=None, max_length=120)


class Reception(WorkshopTable, table=True):
    """Reception of one order (接车): visit, arrival and greeting, words, choices, rule flags."""

    order_id: str = Field(foreign_key="repair_order.id", primary_key=True, max_length=36)
    visit_type: str = Field(max_length=20)
    arrival: str = Field(max_length=10)
    arrived_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    greeted_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    greeted_by: str | None = Field(default=None, max_length=120)
    greet_target_minutes: int = 5
    customer_words: str = Field(default="", max_length=2000)
    payment_method: str | None = Field(default=None, max_length=20)
    old_parts: str | None = Field(default=None, max_length=10)
    extra_work_needs_approval: bool = False
    recorded_by: str | None = Field(default=None, max_length=120)
    recorded_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    repeat_of: str | None = Field(default=None, max_length=36, index=True)
    comeback: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    loaner_required: bool = False
    loaner_due_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class DeferredWork(WorkshopTable, table=True):
    """A job the customer deferred or declined, kept on the vehicle's record (domain/deferred.py)."""

    __tablename__ = "deferred_work"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    dealer_id: str = Field(index=True, max_length=36)
    vehicle_id: str = Field(index=True, max_length=36)
    customer_id: str = Field(index=True, max_length=36)
    order_id: str = Field(foreign_key="repair_order.id", index=True, max_length=36)
    order_no: str = Field(max_length=30)
    job_id: str = Field(max_length=36)
    op_code: str = Field(max_length=40)
    description: str = Field(max_length=500)
    labor_hours: Decimal = Field(sa_column=decimal_column(nullable=False))
    parts: list[dict[str, str]] = Field(default_factory=list, sa_column=_json())
    kind: str = Field(max_length=10)
    reason: str = Field(default="", max_length=500)
    remind_on: date | None = None
    status: str = Field(default="open", max_length=10)
    recorded_by: str = Field(max_length=120)
    recorded_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))
    taken_up_order_id: str | None = Field(default=None, max_length=36)
    taken_up_job_id: str | None = Field(default=None, max_length=36)
    taken_up_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class SanbaoAlert(WorkshopTable, table=True):
    """A 三包 replacement / return alert for the manager (domain/sanbao.py)."""

    __tablename__ = "sanbao_alert"
    __table_args__ = (UniqueConstraint("vehicle_id", "reason", "system_key",
                                       name="uq_sanbao_alert_vehicle_reason"),)
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    dealer_id: str = Field(index=True, max_length=36)
    vehicle_id: str = Field(index=True, max_length=36)
    customer_id: str = Field(max_length=36)
    vin: str = Field(max_length=17)
    plate: str = Field(max_length=20)
    reason: str = Field(max_length=20)
    system_key: str = Field(default="", max_length=40)
    count: int
    limit: int
    order_ids: list[str] = Field(default_factory=list, sa_column=_json())
    raised_on_order: str = Field(max_length=36)
    status: str = Field(default="open", max_length=15)
    acknowledged_by: str | None = Field(default=None, max_length=120)
    acknowledged_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    note: str = Field(default="", max_length=500)
    raised_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False, index=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


# ---- the digital vehicle inspection (健康车检, H3) ------------------------------------------
class DviChecklist(WorkshopTable, table=True):
    """A dealer's health check sheet (健康车检项目单): groups and points as JSON."""

    __tablename__ = "dvi_checklist"
    id: str = Field(primary_key=True, max_length=36)
    dealer_id: str = Field(index=True, max_length=36)
    name_zh: str = Field(max_length=200)
    name_en: str = Field(default="", max_length=200)
    groups: list[dict[str, str]] = Field(default_factory=list, sa_column=_json())
    points: list[dict[str, Any]] = Field(default_factory=list, sa_column=_json())
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class DviInspection(WorkshopTable, table=True):
    """One order's health check (domain.inspection.Inspection)."""

    __tablename__ = "dvi_inspection"
    id: str = Field(primary_key=True, max_length=36)
    order_id: str = Field(foreign_key="repair_order.id", unique=True, max_length=36)
    dealer_id: str = Field(index=True, max_length=36)
    customer_id: str = Field(index=True, max_length=36)
    vehicle_id: str = Field(max_length=36)
    checklist_id: str = Field(foreign_key="dvi_checklist.id", max_length=36)
    status: str = Field(max_length=12)
    started_by: str = Field(max_length=120)
    started_at: datetime = Field(sa_column=utc_column(nullable=False))
    completed_by: str | None = Field(default=None, max_length=120)
    completed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    updated_at: datetime = Field(sa_column=utc_column(nullable=False))


class DviResult(WorkshopTable, table=True):
    """How one point was graded."""

    __tablename__ = "dvi_result"
    inspection_id: str = Field(foreign_key="dvi_inspection.id", primary_key=True, max_length=36)
    point_code: str = Field(primary_key=True, max_length=40)
    grade: str = Field(max_length=10)
    note: str = Field(default="", max_length=1000)
    measured: Decimal | None = Field(default=None, sa_column=decimal_column(nullable=True))
    graded_by: str = Field(max_length=120)
    graded_at: datetime = Field(sa_column=utc_column(nullable=False))


class DviFinding(WorkshopTable, table=True):
    """A finding; `job_id` once the advisor priced it as additional work."""

    __tablename__ = "dvi_finding"
    id: str = Field(primary_key=True, max_length=36)
    inspection_id: str = Field(foreign_key="dvi_inspection.id", index=True, max_length=36)
    position: int
    point_code: str | None = Field(default=None, max_length=40)
    severity: str = Field(max_length=10)
    title: str = Field(max_length=300)
    note: str = Field(default="", max_length=1000)
    raised_by: str = Field(max_length=120)
    raised_at: datetime = Field(sa_column=utc_column(nullable=False))
    job_id: str | None = Field(default=None, max_length=36)
    proposed_by: str | None = Field(default=None, max_length=120)
    proposed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class Photo(WorkshopTable, table=True):
    """A photo kept in the object store under `object_key` (no EXIF location)."""

    __tablename__ = "photo"
    id: str = Field(primary_key=True, max_length=36)
    dealer_id: str = Field(index=True, max_length=36)
    order_id: str = Field(foreign_key="repair_order.id", index=True, max_length=36)
    customer_id: str = Field(max_length=36)
    inspection_id: str | None = Field(default=None, foreign_key="dvi_inspection.id", index=True,
                                      max_length=36)
    point_code: str | None = Field(default=None, max_length=40)
    finding_id: str | None = Field(default=None, max_length=36)
    object_key: str = Field(max_length=300)
    content_type: str = Field(max_length=40)
    size_bytes: int
    width: int
    height: int
    uploaded_by: str = Field(max_length=120)
    uploaded_at: datetime = Field(sa_column=utc_column(nullable=False))


metadata = WorkshopTable.metadata
messaging = messaging_tables(metadata)
