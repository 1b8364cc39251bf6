"""China's rules on a vehicle's repair history, as pure functions of that history and the policy.

- Repair quality guarantee periods (机动车维修管理规定): a new visit for the same problem (same
  operation, or same vehicle system) inside the period of the earlier repair's guarantee class,
  counted from its delivery in km and in days, whichever ends first, is a free comeback.
- 三包 (家用汽车产品修理更换退货责任规定, 2021), within the validity (2 years / 50,000 km): a single
  repair over 5 days → loaner car or compensation; over 30 cumulative repair days, more than 4
  repairs of the same serious problem, or 2 repairs of the same safety-related fault →
  replacement / return alert for the manager.

Repair days follow the regulation's counting: whole 24-hour periods, a part-day counted as one.
The vehicle's sale date is not known to the workshop: its first visit here is used as the start of
the validity (a lower bound of its age: the alerts err on the customer's side).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from workshop.domain.policy import SanbaoLimits, WorkshopPolicy
from workshop.domain.terms import GuaranteeClass, VehicleSystem
from workshop.domain.visit import Comeback, VisitType

SERIOUS_SYSTEMS = frozenset({VehicleSystem.ENGINE, VehicleSystem.TRANSMISSION,
                             VehicleSystem.STEERING, VehicleSystem.BRAKING,
                             VehicleSystem.SUSPENSION, VehicleSystem.AIRBAG})
"""Systems whose failure is a serious problem (主要总成、安全系统) for the 三包 counts."""

DAY_SECONDS = 24 * 3600


@dataclass(frozen=True)
class OpInfo:
    """What the catalogue says about an operation (unknown operations: minor, no system)."""

    guarantee_class: GuaranteeClass = GuaranteeClass.MINOR
    system: VehicleSystem | None = None
    safety_related: bool = False


@dataclass(frozen=True)
class PastJob:
    op_code: str
    info: OpInfo = OpInfo()


@dataclass(frozen=True)
class Visit:
    """One order of the vehicle as the rules see it (performed jobs only)."""

    order_id: str
    order_no: str
    visit_type: VisitType
    opened_at: datetime
    delivered_at: datetime | None = None
    delivery_odometer_km: int | None = None
    odometer_km: int | None = None
    """At reception (walk-around), if recorded."""
    jobs: tuple[PastJob, ...] = ()


# ---- guarantee periods -------------------------------------------------------------------
def same_problem(a: PastJob, code: str, info: OpInfo) -> bool:
    """The same operation, or the same known system (not 'other')."""
    if a.op_code == code:
        return True
    return (a.info.system is not None and a.info.system == info.system
            and a.info.system != VehicleSystem.OTHER)


def find_comeback(history: Iterable[Visit], *, op_code: str, info: OpInfo, at: datetime,
                  odometer_km: int | None, policy: WorkshopPolicy) -> Comeback | None:
    """The latest delivered visit whose guarantee still covers this problem, if any.

    Inside the period means at most `days` whole days since delivery and, when both readings are
    known, at most `km` driven since; the earlier repair's guarantee class sets the period.
    """
    delivered = sorted((v for v in history if v.delivered_at is not None),
                       key=lambda v: v.delivered_at or v.opened_at, reverse=True)
    for visit in delivered:
        assert visit.delivered_at is not None
        for job in visit.jobs:
            if not same_problem(job, op_code, info):
                continue
            period = policy.guarantees[job.info.guarantee_class]
            days = int((at - visit.delivered_at).total_seconds() // DAY_SECONDS)
            km = (odometer_km - visit.delivery_odometer_km
                  if odometer_km is not None and visit.delivery_odometer_km is not None else None)
            if days <= period.days and (km is None or km <= period.km):
                return Comeback(of_order=visit.order_id, of_order_no=visit.order_no,
                                op_code=job.op_code,
                                system=job.info.system.value if job.info.system else None,
                                within_km=km, within_days=max(days, 0), period_km=period.km,
                                period_days=period.days)
    return None


def repeat_of(history: Sequence[Visit], visit_type: VisitType) -> str | None:
    """A visit declared rework (返修) repeats the vehicle's latest delivered visit."""
    if visit_type != VisitType.REWORK:
        return None
    delivered = [v for v in history if v.delivered_at is not None]
    if not delivered:
        return None
    return max(delivered, key=lambda v: v.delivered_at or v.opened_at).order_id


# ---- 三包 ----------------------------------------------------------------------------------
class AlertReason(StrEnum):
    CUMULATIVE_DAYS = "cumulative_days"  # 累计修理时间超过30日
    SAME_PROBLEM = "same_problem"  # 同一严重质量问题修理超过4次
    SAFETY_FAULT = "safety_fault"  # 同一安全性能故障修理2次


@dataclass(frozen=True)
class Finding:
    """A 三包 threshold crossed: why, on which system, how many, against which limit, which orders."""

    reason: AlertReason
    system: str | None
    count: int
    limit: int
    order_ids: tuple[str, ...] = field(default=())

    @property
    def key(self) -> tuple[str, str]:
        """One alert per vehicle, reason and system."""
        return self.reason.value, self.system or ""


def repair_days(opened_at: datetime, closed_at: datetime) -> int:
    """Days a repair took: whole 24-hour periods, a started one counted (不足24小时以1日计)."""
    seconds = max(0.0, (closed_at - opened_at).total_seconds())
    return max(1, math.ceil(seconds / DAY_SECONDS))


def loaner_due(opened_at: datetime, now: datetime, limits: SanbaoLimits) -> bool:
    """A single repair over the limit (5 days) owes the customer a loaner car or compensation."""
    return repair_days(opened_at, now) > limits.single_repair_days


def within_validity(first_visit: datetime, at: datetime, odometer_km: int | None,
                    limits: SanbaoLimits) -> bool:
    """Inside 三包 validity: fewer days than the limit since the first known visit, km not over."""
    if (at - first_visit).total_seconds() > limits.validity.days * DAY_SECONDS:
        return False
    return odometer_km is None or odometer_km <= limits.validity.km


def _repairs(visits: Iterable[Visit], at: datetime, limits: SanbaoLimits) -> list[Visit]:
    visits = list(visits)
    if not visits:
        return []
    first = min(v.opened_at for v in visits)
    return [v for v in visits if v.visit_type != VisitType.MAINTENANCE and within_validity(
        first, v.opened_at, v.odometer_km or v.delivery_odometer_km, limits)]


def sanbao_findings(visits: Iterable[Visit], *, at: datetime,
                    limits: SanbaoLimits) -> list[Finding]:
    """Every replacement / return threshold the vehicle's repairs inside the validity cross.

    Maintenance visits are not repairs; an order still open counts its days up to `at`.
    """
    repairs = sorted(_repairs(visits, at, limits), key=lambda v: v.opened_at)
    found: list[Finding] = []
    days = sum(repair_days(v.opened_at, v.delivered_at or at) for v in repairs)
    if days > limits.cumulative_repair_days:
        found.append(Finding(AlertReason.CUMULATIVE_DAYS, None, days,
                             limits.cumulative_repair_days, tuple(v.order_id for v in repairs)))
    serious: dict[VehicleSystem, list[str]] = defaultdict(list)
    safety: dict[str, list[str]] = defaultdict(list)
    for v in repairs:
        systems = {j.info.system for j in v.jobs if j.info.system in SERIOUS_SYSTEMS}
        for system in systems:
            if system is not None:
                serious[system].append(v.order_id)
        faults = {j.info.system.value if j.info.system else j.op_code
                  for j in v.jobs if j.info.safety_related}
        for fault in faults:
            safety[fault].append(v.order_id)
    for system, orders in serious.items():
        if len(orders) > limits.same_problem_repairs:
            found.append(Finding(AlertReason.SAME_PROBLEM, system.value, len(orders),
                                 limits.same_problem_repairs, tuple(orders)))
    for fault, orders in safety.items():
        if len(orders) >= limits.safety_repairs:
            found.append(Finding(AlertReason.SAFETY_FAULT, fault, len(orders),
                                 limits.safety_repairs, tuple(orders)))
    return found
