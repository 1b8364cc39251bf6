"""The visit at reception (接车/制单): its kind, arrival, greeting, the customer's words, the choices
the repair order records (payment method, old parts, the approval rule) and the flags the rules
raise (repeat repair, guarantee-period comeback, 三包 loaner)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from aftersales_common.errors import InvalidInput


class VisitType(StrEnum):
    """What the visit is for (the sources' four kinds)."""

    MAINTENANCE = "maintenance"  # 保养
    WARRANTY = "warranty"  # 保修 / 索赔
    PAID_REPAIR = "paid_repair"  # 一般维修（客户付费）
    REWORK = "rework"  # 返修: the same problem again after an earlier repair


class Arrival(StrEnum):
    """Booked (from a check-in) or walk-in."""

    BOOKED = "booked"
    WALK_IN = "walk_in"


class PaymentMethod(StrEnum):
    """How the customer will settle, as the repair order records it."""

    CASH = "cash"
    CARD = "card"
    WECHAT = "wechat"
    ALIPAY = "alipay"
    TRANSFER = "transfer"
    INSURANCE = "insurance"
    WARRANTY = "warranty"


class OldParts(StrEnum):
    """What happens to the replaced parts: the customer keeps them or the dealer disposes of them."""

    KEEP = "keep"
    DISPOSE = "dispose"


SERVICE_TO_VISIT = {
    "maintenance": VisitType.MAINTENANCE, "quick": VisitType.MAINTENANCE,
    "repair": VisitType.PAID_REPAIR, "warranty": VisitType.WARRANTY,
    "campaign": VisitType.WARRANTY,  # recalls and campaigns: the manufacturer pays
}
"""The old `service_type` (booking's and old clients') read as a visit type."""

VISIT_TO_SERVICE = {
    VisitType.MAINTENANCE: "maintenance", VisitType.WARRANTY: "warranty",
    VisitType.PAID_REPAIR: "repair", VisitType.REWORK: "repair",
}
"""The `service_type` kept for old clients when a new client gives only `visit_type`."""


def visit_of(service_type: str, visit_type: VisitType | str | None) -> VisitType:
    """The visit type given, else the one the service type implies."""
    if visit_type:
        try:
            return VisitType(visit_type)
        except ValueError:
            raise InvalidInput(f"visit_type must be one of {', '.join(VisitType)}",
                               field="visit_type") from None
    return SERVICE_TO_VISIT.get(service_type, VisitType.PAID_REPAIR)


@dataclass(frozen=True)
class Greeting:
    """How long the customer waited to be greeted, against the dealer's target."""

    minutes: int
    late: bool


def greeting(arrived_at: datetime, greeted_at: datetime, target_minutes: int) -> Greeting:
    """Whole minutes waited; late only when the wait exceeded the target (5:00 is on time)."""
    waited = max(0.0, (greeted_at - arrived_at).total_seconds())
    return Greeting(minutes=int(waited // 60), late=waited > target_minutes * 60)


@dataclass(frozen=True)
class Comeback:
    """A new visit for the same problem inside the repair quality guarantee period (质量保证期)."""

    of_order: str
    of_order_no: str
    op_code: str
    system: str | None
    within_km: int | None
    """Kilometres driven since that delivery (None when an odometer reading is missing)."""
    within_days: int
    """Whole days since that delivery."""
    period_km: int
    period_days: int
    free: bool = True


COMEBACK_REASON = "质量保证期内返修 / comeback within the repair guarantee period"


@dataclass
class Reception:
    """What the advisor records at reception, beside the order's own fields."""

    visit_type: VisitType = VisitType.PAID_REPAIR
    arrival: Arrival = Arrival.WALK_IN
    arrived_at: datetime | None = None
    greeted_at: datetime | None = None
    greeted_by: str | None = None
    greet_target_minutes: int = 5
    customer_words: str = ""
    payment_method: PaymentMethod | None = None
    old_parts: OldParts | None = None
    extra_work_needs_approval: bool = False
    """The customer acknowledged that additional work is done only once they approve it."""
    recorded_by: str | None = None
    recorded_at: datetime | None = None
    repeat_of: str | None = None
    comeback: Comeback | None = None
    loaner_required: bool = False
    loaner_due_at: datetime | None = None

    @property
    def greet(self) -> Greeting | None:
        """Minutes to greet and lateness, once greeted."""
        if self.arrived_at is None or self.greeted_at is None:
            return None
        return greeting(self.arrived_at, self.greeted_at, self.greet_target_minutes)
