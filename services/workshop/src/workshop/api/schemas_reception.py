"""Bodies of reception: the structured walk-around, reception choices, 3C, deferred work, 三包."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from aftersales_common.web.inputs import Day, DecimalText, text
from aftersales_common.wire import DealerTime
from aftersales_common.wire import PlainDecimal as Amount
from workshop.domain.deferred import DeferralKind, DeferredStatus, DeferredWork
from workshop.domain.rules import AlertReason
from workshop.domain.sanbao import AlertStatus
from workshop.domain.visit import OldParts, PaymentMethod, VisitType
from workshop.domain.walkaround import (
    DamageKind,
    DamageMark,
    Protection,
    TrunkItem,
    Tyre,
    TyreCondition,
    Valuable,
    WalkAroundDetail,
    Wheel,
    Zone,
)

Text = Annotated[str, text(2000)]
Note = Annotated[str, text(500)]
Short = Annotated[str, text(200)]


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# ---- the structured walk-around ------------------------------------------------------------
class DamageMarkIn(Input):
    zone: Zone
    kind: DamageKind
    x: float = Field(ge=0, le=1, description="0 left .. 1 right on the top-view diagram")
    y: float = Field(ge=0, le=1, description="0 front .. 1 rear on the top-view diagram")
    note: Note = ""


class TyreIn(Input):
    wheel: Wheel
    condition: TyreCondition
    tread_mm: Annotated[Decimal, Field(ge=0, le=20, decimal_places=1), DecimalText()] | None = None


class ValuableIn(Input):
    item: Annotated[str, text(200, min_length=1)]
    kept: bool = Field(description="true: the dealer keeps it (recorded); false: handed to the "
                                   "customer")


class WalkAroundFields(Input):
    """The structured walk-around; every field optional so old bodies stay valid."""

    interior_ok: bool | None = Field(default=None, description="interior electrics all working")
    interior_faults: list[Short] = Field(default=[], max_length=30)
    vin_checked: bool = Field(default=False, description="VIN checked against plate and papers")
    vin_mismatch: Note | None = Field(default=None, description="what did not match, if anything")
    damage_marks: list[DamageMarkIn] = Field(default=[], max_length=60)
    tyres: list[TyreIn] = Field(default=[], max_length=5)
    leaks: list[Short] = Field(default=[], max_length=20)
    trunk_items: list[TrunkItem] = Field(default=[], max_length=len(TrunkItem))
    valuable_items: list[ValuableIn] = Field(default=[], max_length=30)
    protection: list[Protection] = Field(default=[], max_length=len(Protection),
                                         description="三件套 fitted: seat, wheel, floor covers")

    def detail(self) -> WalkAroundDetail | None:
        """The domain value (None when none of the structured fields was given)."""
        if not self.model_fields_set & set(WalkAroundFields.model_fields):
            return None
        return WalkAroundDetail(
            interior_ok=self.interior_ok, interior_faults=tuple(self.interior_faults),
            vin_checked=self.vin_checked, vin_mismatch=self.vin_mismatch or None,
            damage_marks=tuple(DamageMark(m.zone, m.kind, m.x, m.y, m.note)
                               for m in self.damage_marks),
            tyres=tuple(Tyre(t.wheel, t.condition, t.tread_mm) for t in self.tyres),
            leaks=tuple(self.leaks), trunk_items=tuple(dict.fromkeys(self.trunk_items)),
            valuable_items=tuple(Valuable(v.item, v.kept) for v in self.valuable_items),
            protection=tuple(dict.fromkeys(self.protection)))

    def old_fields(self) -> dict[str, Any]:
        """The body without the structured fields (what the old handler parameters take)."""
        return self.model_dump(exclude=set(WalkAroundFields.model_fields))


class DamageMarkOut(Out):
    zone: Zone
    kind: DamageKind
    x: float
    y: float
    note: str


class TyreOut(Out):
    wheel: Wheel
    condition: TyreCondition
    tread_mm: Amount | None


class ValuableOut(Out):
    item: str
    kept: bool


class WalkAroundDetailOut(Out):
    interior_ok: bool | None
    interior_faults: list[str]
    vin_checked: bool
    vin_mismatch: str | None
    damage_marks: list[DamageMarkOut]
    tyres: list[TyreOut]
    leaks: list[str]
    trunk_items: list[TrunkItem]
    valuable_items: list[ValuableOut]
    protection: list[Protection]
    kept_valuables: list[str]
    fully_protected: bool


# ---- reception, 3C ---------------------------------------------------------------------------
class ReceptionIn(Input):
    visit_type: VisitType | None = Field(default=None, description=(
        "maintenance, warranty, paid_repair, rework (返修); the service_type follows"))
    customer_words: Text | None = Field(default=None, description=(
        "the customer's own words, verbatim; fixed once the customer signed"))
    payment_method: PaymentMethod | None = None
    old_parts: OldParts | None = Field(default=None, description="keep (to the customer) or "
                                                                 "dispose")
    extra_work_needs_approval: bool = Field(default=True, description=(
        "the customer is told that additional work is done only once they approve it; it "
        "cannot be waived (false: 422)"))


class ThreeCIn(Input):
    concern: Text | None = Field(default=None, description="the concern (before signing only)")
    cause: Text | None = None
    correction: Text | None = None


class ThreeCOut(Out):
    concern: str
    cause: str
    correction: str
    updated_by: str | None
    updated_at: DealerTime | None


class ComebackOut(Out):
    of_order: str
    of_order_no: str
    op_code: str
    system: str | None
    within_km: int | None = Field(description="km driven since that delivery (null: unknown)")
    within_days: int = Field(description="whole days since that delivery")
    period_km: int
    period_days: int
    free: bool


# ---- deferred work --------------------------------------------------------------------------
class DeferIn(Input):
    kind: DeferralKind = Field(default=DeferralKind.DEFERRED, description=(
        "deferred (the customer wants it later) or declined"))
    reason: Annotated[str, text(500, min_length=1)]
    remind_on: Day | None = Field(default=None, description=(
        "when the customer wants to be reminded (CRM's reminder; default 30 days later)"))


class DeferredPartOut(Out):
    part_no: str
    qty: Amount


class DeferredWorkOut(Out):
    id: str
    dealer_id: str
    vehicle_id: str
    customer_id: str
    order_id: str
    order_no: str
    job_id: str
    op_code: str
    description: str
    labor_hours: Amount
    parts: list[DeferredPartOut]
    kind: DeferralKind
    reason: str
    remind_on: date | None
    reminder_due: date
    status: DeferredStatus
    recorded_by: str
    recorded_at: DealerTime
    taken_up_order_id: str | None
    taken_up_at: DealerTime | None

    @classmethod
    def of(cls, work: DeferredWork) -> DeferredWorkOut:
        return cls.model_validate({**{f: getattr(work, f) for f in cls.model_fields
                                      if f != "reminder_due"},
                                   "reminder_due": work.reminder_due()})


# ---- 三包 -------------------------------------------------------------------------------------
class SanbaoAlertOut(Out):
    id: str
    dealer_id: str
    vehicle_id: str
    customer_id: str
    vin: str
    plate: str
    reason: AlertReason = Field(description=(
        "cumulative_days (累计修理超过30日), same_problem (同一严重问题修理超过4次), safety_fault "
        "(同一安全性能故障修理2次)"))
    system: str | None
    count: int
    limit: int
    order_ids: list[str]
    raised_on_order: str
    raised_at: DealerTime
    status: AlertStatus
    acknowledged_by: str | None
    acknowledged_at: DealerTime | None
    note: str


class AcknowledgeIn(Input):
    note: Note = ""
