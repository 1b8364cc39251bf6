"""Bodies of the catalogue, menus, policy and estimate endpoints."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from aftersales_common.web.inputs import DecimalText, Id, text
from aftersales_common.wire import DealerTime, Money
from aftersales_common.wire import PlainDecimal as Amount
from workshop.domain import estimate as est
from workshop.domain.catalogue import Menu, Operation
from workshop.domain.policy import Period, SanbaoLimits, WorkshopPolicy
from workshop.domain.repair_order import RepairOrder
from workshop.domain.statuses import OrderStatus, PayType
from workshop.domain.terms import GuaranteeClass, PartOrigin, Skill, VehicleSystem

Code = Annotated[str, text(40, min_length=1)]
Name = Annotated[str, text(200, min_length=1)]
NameEn = Annotated[str, text(200)]
Hours = Annotated[Decimal, Field(gt=0, le=100, decimal_places=2), DecimalText()]
Qty = Annotated[Decimal, Field(gt=0, le=10_000, max_digits=15, decimal_places=3), DecimalText()]
Minutes = Annotated[int, Field(ge=0, le=600)]
Clock = Annotated[str, Field(max_length=5, pattern=r"^([01]\d|2[0-3]):[0-5]\d$", examples=["08:30"])]


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---- policy ----------------------------------------------------------------------------
class PeriodIO(Input):
    km: int = Field(ge=0, le=1_000_000)
    days: int = Field(ge=0, le=3650)


class GuaranteesIO(Input):
    """Repair quality guarantee periods per class (机动车维修管理规定)."""

    minor: PeriodIO
    level2: PeriodIO
    major: PeriodIO


class SanbaoIO(Input):
    """三包 thresholds (家用汽车产品修理更换退货责任规定, 2021)."""

    validity: PeriodIO
    single_repair_days: int = Field(ge=1, le=365)
    cumulative_repair_days: int = Field(ge=1, le=365)
    same_problem_repairs: int = Field(ge=1, le=50)
    safety_repairs: int = Field(ge=1, le=50)


class PolicyIn(Input):
    """Every number of the dealer's workshop policy (PUT replaces them all)."""

    greet_target_minutes: int = Field(ge=1, le=120)
    estimate_margin_pct: Annotated[Decimal, Field(ge=0, le=10, decimal_places=2), DecimalText()] = \
        Field(description="quoted may exceed the computed estimate by at most 10%")
    handover_minutes: Minutes
    free_check_minutes: Minutes
    qc_minutes: Minutes
    washing_minutes: Minutes
    workday_start: Clock
    workday_end: Clock
    reserve_capacity_pct: int = Field(ge=0, le=100)
    guarantees: GuaranteesIO
    sanbao: SanbaoIO
    next_service_km: int = Field(ge=500, le=100_000)
    next_service_months: int = Field(ge=1, le=36)

    @model_validator(mode="after")
    def _day(self) -> PolicyIn:
        if self.workday_start >= self.workday_end:
            raise ValueError("workday_end must be after workday_start / 下班时间须晚于上班时间")
        return self

    def policy(self) -> WorkshopPolicy:
        """The domain value."""
        g = self.guarantees
        sb = self.sanbao
        return WorkshopPolicy(
            greet_target_minutes=self.greet_target_minutes,
            estimate_margin_pct=self.estimate_margin_pct,
            handover_minutes=self.handover_minutes, free_check_minutes=self.free_check_minutes,
            qc_minutes=self.qc_minutes, washing_minutes=self.washing_minutes,
            workday_start=self.workday_start, workday_end=self.workday_end,
            reserve_capacity_pct=self.reserve_capacity_pct,
            guarantees={GuaranteeClass.MINOR: Period(g.minor.km, g.minor.days),
                        GuaranteeClass.LEVEL2: Period(g.level2.km, g.level2.days),
                        GuaranteeClass.MAJOR: Period(g.major.km, g.major.days)},
            sanbao=SanbaoLimits(validity=Period(sb.validity.km, sb.validity.days),
                                single_repair_days=sb.single_repair_days,
                                cumulative_repair_days=sb.cumulative_repair_days,
                                same_problem_repairs=sb.same_problem_repairs,
                                safety_repairs=sb.safety_repairs),
            next_service_km=self.next_service_km, next_service_months=self.next_service_months)


class PeriodOut(BaseModel):
    km: int
    days: int


class PolicyOut(BaseModel):
    dealer_id: str
    greet_target_minutes: int
    estimate_margin_pct: Amount
    max_margin_pct: Amount
    handover_minutes: int
    free_check_minutes: int
    qc_minutes: int
    washing_minutes: int
    workday_start: str
    workday_end: str
    reserve_capacity_pct: int
    guarantees: dict[GuaranteeClass, PeriodOut]
    sanbao: dict[str, Any]
    next_service_km: int
    next_service_months: int
    updated_by: str | None = Field(description="null: the defaults apply")
    updated_at: DealerTime | None

    @classmethod
    def of(cls, dealer_id: str, p: WorkshopPolicy,
           updated: tuple[str, datetime] | None) -> PolicyOut:
        return cls(
            dealer_id=dealer_id, greet_target_minutes=p.greet_target_minutes,
            estimate_margin_pct=p.estimate_margin_pct, max_margin_pct=WorkshopPolicy.MAX_MARGIN_PCT,
            handover_minutes=p.handover_minutes, free_check_minutes=p.free_check_minutes,
            qc_minutes=p.qc_minutes, washing_minutes=p.washing_minutes,
            workday_start=p.workday_start, workday_end=p.workday_end,
            reserve_capacity_pct=p.reserve_capacity_pct,
            guarantees={k: PeriodOut(km=v.km, days=v.days) for k, v in p.guarantees.items()},
            sanbao={"validity": {"km": p.sanbao.validity.km, "days": p.sanbao.validity.days},
                    "single_repair_days": p.sanbao.single_repair_days,
                    "cumulative_repair_days": p.sanbao.cumulative_repair_days,
                    "same_problem_repairs": p.sanbao.same_problem_repairs,
                    "safety_repairs": p.sanbao.safety_repairs},
            next_service_km=p.next_service_km, next_service_months=p.next_service_months,
            updated_by=updated[0] if updated else None, updated_at=updated[1] if updated else None)


# ---- operations and menus --------------------------------------------------------------
class OperationUpdate(Input):
    name: Name
    name_en: NameEn = ""
    standard_hours: Hours
    skill: Skill
    guarantee_class: GuaranteeClass = GuaranteeClass.MINOR
    system: VehicleSystem = VehicleSystem.OTHER
    safety_related: bool = False
    active: bool = True


class OperationCreate(OperationUpdate):
    dealer_id: Id
    op_code: Code


class OperationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    dealer_id: str
    op_code: str
    name: str
    name_en: str
    standard_hours: Amount
    skill: Skill
    guarantee_class: GuaranteeClass
    system: VehicleSystem
    safety_related: bool
    active: bool
    updated_by: str
    updated_at: DealerTime

    @classmethod
    def of(cls, op: Operation) -> OperationOut:
        return cls.model_validate(op)


class MenuPartIO(Input):
    part_no: Annotated[str, text(40, min_length=1)]
    qty: Qty


class MenuUpdate(Input):
    name: Name
    name_en: NameEn = ""
    mileage_km: int | None = Field(default=None, gt=0, le=1_000_000)
    operations: list[Code] = Field(min_length=1, max_length=30)
    parts: list[MenuPartIO] = Field(default=[], max_length=50)
    active: bool = True


class MenuCreate(MenuUpdate):
    dealer_id: Id
    code: Code


class MenuPartOut(BaseModel):
    part_no: str
    qty: Amount


class MenuOut(BaseModel):
    dealer_id: str
    code: str
    name: str
    name_en: str
    mileage_km: int | None
    operations: list[str]
    parts: list[MenuPartOut]
    active: bool
    updated_by: str
    updated_at: DealerTime

    @classmethod
    def of(cls, m: Menu) -> MenuOut:
        return cls(dealer_id=m.dealer_id, code=m.code, name=m.name, name_en=m.name_en,
                   mileage_km=m.mileage_km, operations=list(m.operations),
                   parts=[MenuPartOut(part_no=p.part_no, qty=p.qty) for p in m.parts],
                   active=m.active, updated_by=m.updated_by, updated_at=m.updated_at)


class MenuApply(Input):
    menu_code: Code
    pay_type: PayType = PayType.CUSTOMER


# ---- the estimate ----------------------------------------------------------------------
class LabourLineOut(BaseModel):
    job_id: str
    op_code: str
    description: str
    hours: Amount
    rate: Money
    amount: Money
    pay_type: PayType
    customer_amount: Money


class PartsLineOut(BaseModel):
    job_id: str
    part_no: str
    name: str
    qty: Amount
    unit_price: Money | None = Field(description="null: parts has not priced this part yet")
    amount: Money
    pay_type: PayType
    customer_amount: Money
    origin: PartOrigin
    consent_by: str | None
    available: bool
    short_qty: Amount
    expected_date: date | None


class SignedOut(BaseModel):
    """What the customer signed (kept as signed, whatever the estimate says later)."""

    labour: Money
    parts: Money
    vat: Money
    total: Money
    quoted_total: Money
    promised_at: DealerTime | None
    signed_at: DealerTime
    signature: str | None = Field(default=None, description="the drawn signature (PNG data URL)")


class EstimateOut(BaseModel):
    order_id: str
    order_no: str
    status: OrderStatus
    currency: str
    rates_known: bool = Field(description="false until billing announced the dealer's rates")
    labour_rate: Money
    labour_lines: list[LabourLineOut]
    parts_lines: list[PartsLineOut]
    labour: Money = Field(description="labour the customer pays, excl. VAT")
    parts: Money = Field(description="parts the customer pays, excl. VAT")
    subtotal: Money
    vat_rate: Amount
    vat: Money
    total: Money
    margin_pct: Amount
    quoted_total: Money = Field(description="total plus the margin (at most 10%)")
    warranty_amount: Money = Field(description="value of warranty work, not charged")
    internal_amount: Money = Field(description="value of internal work, not charged")
    work_hours: Amount
    aux_minutes: int = Field(description="handover, free checks, QC and washing")
    parts_ready_on: date | None
    promised_at: DealerTime | None = Field(
        description="null while a short part has no arrival date")
    complete: bool = Field(description="every rate and price known")
    signed: SignedOut | None

    @classmethod
    def of(cls, order: RepairOrder, e: est.Estimate) -> EstimateOut:
        return cls(
            order_id=order.id, order_no=order.order_no, status=order.status, currency=e.currency,
            rates_known=e.rates_known, labour_rate=e.labour_rate,
            labour_lines=[LabourLineOut.model_validate(ln, from_attributes=True)
                          for ln in e.labour_lines],
            parts_lines=[PartsLineOut.model_validate(ln, from_attributes=True)
                         for ln in e.parts_lines],
            labour=e.labour, parts=e.parts, subtotal=e.subtotal, vat_rate=e.vat_rate, vat=e.vat,
            total=e.total, margin_pct=e.margin_pct, quoted_total=e.quoted_total,
            warranty_amount=e.warranty_amount, internal_amount=e.internal_amount,
            work_hours=e.work_hours, aux_minutes=e.aux_minutes, parts_ready_on=e.parts_ready_on,
            promised_at=e.promised_at, complete=e.complete,
            signed=signed_out(order, with_signature=False))


def signed_out(order: RepairOrder, *, with_signature: bool = True) -> SignedOut | None:
    """The signed figures of an order (None before signing)."""
    s = order.signed
    if s is None:
        return None
    return SignedOut(labour=s.labour, parts=s.parts, vat=s.vat, total=s.total,
                     quoted_total=s.quoted_total, promised_at=s.promised_at, signed_at=s.signed_at,
                     signature=s.signature if with_signature else None)
