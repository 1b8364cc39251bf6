"""Dispatch (派工): the queue of work by priority, each technician's load, who is best placed.

Priority follows the sources: rework first, then a customer waiting in the lounge, then an
appointment, then a walk-in. Load compares the sold hours a technician already holds (assigned,
unfinished jobs) with the hours left in their current shift, or in their next one once today's is
over. `reserve_capacity_pct` of that capacity stays free for the unexpected: a technician whose
load would pass it is not suggested, though the foreman may still assign them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import IntEnum, StrEnum

from workshop.domain.repair_order import Job, RepairOrder
from workshop.domain.statuses import WORKING, JobStatus
from workshop.domain.technicians import Technician
from workshop.domain.terms import Skill

HOLDING = (JobStatus.APPROVED, JobStatus.IN_PROGRESS, JobStatus.PAUSED, JobStatus.REWORK)
"""Job statuses that hold a technician's time (assigned and not finished)."""

QUEUED = (JobStatus.APPROVED, JobStatus.REWORK)
TWO = Decimal("0.01")


class Priority(IntEnum):
    """Lower comes first."""

    REWORK = 0
    WAITING = 1
    APPOINTMENT = 2
    WALK_IN = 3


class PriorityName(StrEnum):
    REWORK = "rework"
    WAITING = "waiting"
    APPOINTMENT = "appointment"
    WALK_IN = "walk_in"


NAMES = {Priority.REWORK: PriorityName.REWORK, Priority.WAITING: PriorityName.WAITING,
         Priority.APPOINTMENT: PriorityName.APPOINTMENT, Priority.WALK_IN: PriorityName.WALK_IN}


def priority_of(*, rework: bool, customer_waiting: bool, appointment: bool) -> Priority:
    """Rework, then a waiting customer, then an appointment, then a walk-in."""
    if rework:
        return Priority.REWORK
    if customer_waiting:
        return Priority.WAITING
    return Priority.APPOINTMENT if appointment else Priority.WALK_IN


@dataclass(frozen=True)
class QueueItem:
    """A job waiting for a technician."""

    order: RepairOrder
    job: Job
    priority: Priority

    @property
    def priority_name(self) -> PriorityName:
        return NAMES[self.priority]


def queue(orders: Iterable[RepairOrder]) -> list[QueueItem]:
    """Approved (or sent back) jobs no one holds, of signed orders in work, by priority then age."""
    items = [QueueItem(order=o, job=j, priority=priority_of(
                rework=j.status == JobStatus.REWORK or j.rework_count > 0,
                customer_waiting=o.customer_waiting, appointment=o.appointment_id is not None))
             for o in orders if o.status in WORKING
             for j in o.jobs if j.status in QUEUED and not j.technician]
    return sorted(items, key=lambda i: (i.priority, i.order.created_at, i.job.position))


def available_hours(tech: Technician, now: datetime) -> Decimal:
    """Hours left in today's shift (`now` in the dealer's zone), or the next shift once it is over."""
    start = now.replace(hour=tech.shift_start.hour, minute=tech.shift_start.minute, second=0,
                        microsecond=0)
    end = start + timedelta(hours=float(tech.shift_hours))
    if now >= end:
        return tech.shift_hours
    left = (end - max(now, start)).total_seconds()
    return Decimal(str(left)) / 3600


@dataclass(frozen=True)
class Load:
    """A technician's held hours against the hours they have, with the reserve kept free."""

    technician: Technician
    held: Decimal
    """Sold hours of their assigned, unfinished jobs."""
    available: Decimal
    usable: Decimal
    """Available hours less the reserve."""
    jobs: int

    @property
    def ratio(self) -> Decimal:
        """Held over available (1 = full); above (100 - reserve)% the reserve is eaten."""
        if self.available <= 0:
            return Decimal(999)
        return (self.held / self.available).quantize(TWO, rounding=ROUND_HALF_UP)

    def fits(self, hours: Decimal) -> bool:
        """True when `hours` more stay inside the capacity outside the reserve."""
        return self.held + hours <= self.usable


def load_of(tech: Technician, orders: Iterable[RepairOrder], *, now: datetime,
            reserve_pct: int) -> Load:
    """The load of one technician from the orders in the workshop."""
    held = [j for o in orders if o.status in WORKING for j in o.jobs
            if j.technician == tech.user_id and j.status in HOLDING]
    available = available_hours(tech, now)
    usable = available * (100 - max(0, min(100, reserve_pct))) / 100
    return Load(technician=tech, held=sum((j.labor_hours for j in held), Decimal(0)),
                available=available, usable=usable, jobs=len(held))


@dataclass(frozen=True)
class Suggestion:
    """One technician weighed for a job."""

    load: Load
    has_skill: bool
    same_team: bool
    fits: bool

    @property
    def suggested(self) -> bool:
        """Has the skill and keeps the reserve free."""
        return self.has_skill and self.fits


def suggest(*, skill: Skill, hours: Decimal, teams_on_order: set[str],
            loads: Sequence[Load]) -> list[Suggestion]:
    """Active technicians ranked: the skill first, then the least loaded, then the order's team."""
    weighed = [Suggestion(load=ld, has_skill=ld.technician.can_do(skill),
                          same_team=bool(ld.technician.team) and ld.technician.team in teams_on_order,
                          fits=ld.fits(hours))
               for ld in loads if ld.technician.active]
    return sorted(weighed, key=lambda s: (not s.has_skill, not s.fits, s.load.ratio,
                                          not s.same_team, s.load.technician.name))


def teams_on(order: RepairOrder, job_id: str, roster: Iterable[Technician]) -> set[str]:
    """Teams of the technicians holding the order's other jobs."""
    by_user = {t.user_id: t.team for t in roster}
    return {by_user[j.technician] for j in order.jobs
            if j.id != job_id and j.technician in by_user and by_user[j.technician]}
