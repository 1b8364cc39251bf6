"""The dealer's workshop policy: the configurable numbers the workshop's rules use.

One value object per dealer (stored by `adapters/policy_repo.py`, edited at `/api/workshop/policy`);
`WorkshopPolicy()` holds the defaults from the sources and the regulations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from workshop.domain.terms import GuaranteeClass


@dataclass(frozen=True)
class Period:
    """A limit by distance or time, whichever comes first."""

    km: int
    days: int


def _guarantees() -> dict[GuaranteeClass, Period]:
    return {GuaranteeClass.MINOR: Period(2_000, 10), GuaranteeClass.LEVEL2: Period(5_000, 30),
            GuaranteeClass.MAJOR: Period(20_000, 100)}


@dataclass(frozen=True)
class SanbaoLimits:
    """家用汽车产品修理更换退货责任规定 (2021)."""

    validity: Period = Period(50_000, 2 * 365)
    single_repair_days: int = 5  # over this: loaner car or compensation
    cumulative_repair_days: int = 30  # over this within validity: replacement / return alert
    same_problem_repairs: int = 4  # more than this for the same serious problem: alert
    safety_repairs: int = 2  # this many repairs of the same safety-related fault: alert


@dataclass(frozen=True)
class WorkshopPolicy:
    # reception
    greet_target_minutes: int = 5
    # estimate
    estimate_margin_pct: Decimal = Decimal("0")  # quoted may exceed computed by at most 10%
    handover_minutes: int = 10
    free_check_minutes: int = 10
    qc_minutes: int = 15
    washing_minutes: int = 20
    workday_start: str = "08:30"
    workday_end: str = "18:00"
    # dispatch
    reserve_capacity_pct: int = 10
    # rules
    guarantees: dict[GuaranteeClass, Period] = field(default_factory=_guarantees)
    sanbao: SanbaoLimits = SanbaoLimits()
    # delivery
    next_service_km: int = 5_000
    next_service_months: int = 6

    MAX_MARGIN_PCT = Decimal("10")
