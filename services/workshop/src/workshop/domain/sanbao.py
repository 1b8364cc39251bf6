"""三包 replacement / return alerts (更换、退货预警) the manager follows up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from aftersales_common.clock import new_id
from aftersales_common.domain import Aggregate
from aftersales_common.errors import Conflict
from workshop.domain.rules import AlertReason, Finding


class AlertStatus(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"  # the manager took it up with the customer / manufacturer


@dataclass(eq=False)
class SanbaoAlert(Aggregate):
    """One threshold crossed by one vehicle (per reason and system), kept up to date."""

    id: str
    dealer_id: str
    vehicle_id: str
    customer_id: str
    vin: str
    plate: str
    reason: AlertReason
    system: str | None
    count: int
    limit: int
    order_ids: tuple[str, ...]
    raised_on_order: str
    raised_at: datetime
    updated_at: datetime
    status: AlertStatus = AlertStatus.OPEN
    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = None
    note: str = ""

    @classmethod
    def raise_for(cls, finding: Finding, *, dealer_id: str, vehicle_id: str, customer_id: str,
                  vin: str, plate: str, order_id: str, at: datetime) -> SanbaoAlert:
        """A new alert from a finding of the rules."""
        return cls(id=new_id(), dealer_id=dealer_id, vehicle_id=vehicle_id,
                   customer_id=customer_id, vin=vin, plate=plate, reason=finding.reason,
                   system=finding.system, count=finding.count, limit=finding.limit,
                   order_ids=finding.order_ids, raised_on_order=order_id, raised_at=at,
                   updated_at=at)

    @property
    def key(self) -> tuple[str, str]:
        return self.reason.value, self.system or ""

    def refresh(self, finding: Finding, at: datetime) -> None:
        """The same threshold again, with more repairs: counts and orders follow."""
        if (finding.count, finding.order_ids) != (self.count, self.order_ids):
            self.count, self.order_ids, self.updated_at = finding.count, finding.order_ids, at

    def acknowledge(self, *, by: str, note: str, at: datetime) -> None:
        """The manager has taken the alert up."""
        if self.status == AlertStatus.ACKNOWLEDGED:
            raise Conflict("the alert was already acknowledged / 该预警已处理", code="acknowledged")
        self.status, self.acknowledged_by, self.acknowledged_at = AlertStatus.ACKNOWLEDGED, by, at
        self.note, self.updated_at = note.strip(), at
