"""Washing, delivery (交车) and what the car leaves with: the handover, the next service advice and
the electronic repair record (汽车维修电子健康档案, data elements of JT/T 1132.2)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from aftersales_common.errors import InvalidInput
from workshop.domain.policy import Period
from workshop.domain.terms import GuaranteeClass, PartOrigin


class WashOutcome(StrEnum):
    """Washing (洗车) after the final inspection: done, or declined by the customer."""

    WASHED = "washed"
    DECLINED = "declined"


@dataclass(frozen=True)
class Wash:
    """Who washed the car (or recorded that the customer declined it), and when."""

    outcome: WashOutcome
    by: str
    at: datetime


class OldPartsHandling(StrEnum):
    """What happened to the old parts at delivery (旧件): it must match the customer's choice."""

    HANDED_OVER = "handed_over"
    DISPOSED = "disposed"


OLD_PARTS_EXPECTED = {"keep": OldPartsHandling.HANDED_OVER, "dispose": OldPartsHandling.DISPOSED}
"""The customer's choice at reception -> what delivery must record."""


class Document(StrEnum):
    """Documents and items handed to the customer at delivery."""

    SETTLEMENT = "settlement"  # 结算单
    REPAIR_ORDER = "repair_order"  # 维修委托书
    PARTS_LIST = "parts_list"  # 配件清单
    RECEIPTS = "receipts"  # 发票/收据
    WARRANTY_SETTLEMENT = "warranty_settlement"  # 索赔结算单
    KEYS = "keys"  # 钥匙
    REGISTRATION = "registration"  # 行驶证
    MANUAL = "manual"  # 保养手册


class NextServiceBasis(StrEnum):
    """Where the next-service advice comes from: the dealer's interval, or the maintenance menus."""

    POLICY = "policy"
    MENU = "menu"


@dataclass(frozen=True)
class NextService:
    """The next service recommended at delivery, by date and by mileage (whichever comes first)."""

    due_on: date
    due_km: int | None
    basis: NextServiceBasis


@dataclass(frozen=True)
class ServiceTerms:
    """What the next-service advice is computed from: the dealer's interval and its menus."""

    every_km: int = 5_000
    every_months: int = 6
    menu_km: int | None = None
    """The mileage of the maintenance menu done on this visit, if any."""
    menu_mileages: tuple[int, ...] = ()
    """Every menu mileage of the dealer (5,000, 10,000, ...)."""


@dataclass(frozen=True)
class Handover:
    """What the advisor recorded at delivery besides the odometer."""

    warranty_signed_by: str | None
    old_parts_handled: OldPartsHandling | None
    documents: tuple[Document, ...]


def add_months(day: date, months: int) -> date:
    """`day` plus whole months, on the last day of a shorter month (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_service(*, delivered_on: date, odometer_km: int | None, every_km: int, every_months: int,
                 menu_km: int | None = None, menu_mileages: Iterable[int] = ()) -> NextService:
    """Next service by date (delivery + months) and by mileage.

    After a maintenance menu (e.g. the 10,000 km service) the mileage is the dealer's next menu
    above both that menu and the odometer (e.g. 15,000 km); otherwise odometer + the interval.
    """
    due_on = add_months(delivered_on, every_months)
    if menu_km is not None:
        floor = max(menu_km, odometer_km or 0)
        above = sorted(m for m in menu_mileages if m > floor)
        if above:
            return NextService(due_on, above[0], NextServiceBasis.MENU)
    reference = odometer_km if odometer_km is not None else menu_km
    return NextService(due_on, None if reference is None else reference + every_km,
                       NextServiceBasis.POLICY)


def check_handover(*, has_warranty_work: bool, old_parts_choice: str | None,
                   warranty_signed_by: str | None, old_parts_handled: OldPartsHandling | None,
                   documents: tuple[Document, ...]) -> Handover:
    """The delivery record: warranty work needs the customer's signature (422 otherwise); the old
    parts must be handled as the customer chose."""
    signer = (warranty_signed_by or "").strip() or None
    if has_warranty_work and signer is None:
        raise InvalidInput("warranty work needs the customer's signature on the warranty settlement"
                           " / 含索赔项目，须客户在索赔结算单上签字", field="warranty_signed_by")
    expected = OLD_PARTS_EXPECTED.get(old_parts_choice or "")
    if old_parts_handled is not None and expected is not None and old_parts_handled != expected:
        raise InvalidInput(f"the customer chose to {old_parts_choice} the old parts: record "
                           f"{expected.value} / 旧件处理须与客户在接车时的选择一致",
                           field="old_parts_handled")
    return Handover(signer, old_parts_handled, tuple(dict.fromkeys(documents)))


# ---- the electronic repair record -------------------------------------------------------------
@dataclass(frozen=True)
class RecordItem:
    """A repair item of the record: operation code, name, hours."""

    op_code: str
    name: str
    labor_hours: Decimal
    pay_type: str


@dataclass(frozen=True)
class RecordPart:
    """A part of the record: number, name when known, quantity, origin."""

    part_no: str
    name: str | None
    qty: Decimal
    origin: PartOrigin


# ---- the repair quality guarantee (质量保证期) -------------------------------------------------
_RANK = {GuaranteeClass.MINOR: 0, GuaranteeClass.LEVEL2: 1, GuaranteeClass.MAJOR: 2}


@dataclass(frozen=True)
class Guarantee:
    """The visit's quality guarantee: the longest class of its work, until a date or a mileage."""

    guarantee_class: GuaranteeClass
    km: int
    days: int
    until: date
    until_km: int | None


def guarantee(*, classes: Iterable[GuaranteeClass], periods: Mapping[GuaranteeClass, Period],
              delivered_on: date, odometer_km: int | None) -> Guarantee:
    """From the delivery: the period of the longest class among the work done (minor if none)."""
    chosen = max(classes, key=lambda c: _RANK[c], default=GuaranteeClass.MINOR)
    period = periods[chosen]
    return Guarantee(chosen, period.km, period.days, delivered_on + timedelta(days=period.days),
                     None if odometer_km is None else odometer_km + period.km)
