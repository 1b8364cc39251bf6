"""The manager's view of the workshop (看板管理): the arithmetic, on orders already loaded.

Definitions (hours are clock hours; a period is whole local days):
- efficiency = sold (flat-rate) hours of jobs finished in the period / hours clocked in it;
- productivity = hours clocked / hours attended, a technician attending their whole shift on
  each day they clocked on at least once;
- utilisation = sold hours / hours available (every active technician's shift, each day of the
  period up to today);
- comeback rate = finished orders (final check passed or delivered in the period) with a failed
  check or a job sent back to rework / finished orders; per technician, by their jobs;
- stages: average hours opened→authorised, authorised→first start, first start→final check
  passed, final check→delivered, over orders whose stage ended in the period;
- late: orders with a promised completion time that passed before delivery (or is past and the
  car is not delivered); orders without a promised time are not counted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from workshop.domain.clocking import efficiency, hours
from workshop.domain.repair_order import RepairOrder
from workshop.domain.statuses import JobStatus, OrderStatus
from workshop.domain.technicians import Technician

TWO = Decimal("0.01")


def ratio(numerator: Decimal | float, denominator: Decimal | float) -> Decimal | None:
    """numerator / denominator to two places; None when there is nothing to divide by."""
    if not denominator:
        return None
    return (Decimal(str(numerator)) / Decimal(str(denominator))).quantize(TWO, ROUND_HALF_UP)


@dataclass(frozen=True)
class Period:
    """Whole local days [first, last] in the dealer's zone."""

    first: date
    last: date
    zone: ZoneInfo

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(0), self.zone)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time(0), self.zone)

    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]

    def holds(self, moment: datetime | None) -> bool:
        return moment is not None and self.start <= moment < self.end

    def day_of(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()


@dataclass(frozen=True)
class DayFlow:
    day: date
    vehicles_in: int
    vehicles_out: int


@dataclass(frozen=True)
class Stage:
    name: str
    average_hours: Decimal | None
    orders: int


@dataclass(frozen=True)
class TechnicianFigures:
    user_id: str
    name: str
    team: str
    sold: Decimal
    clocked: Decimal
    attended: Decimal
    efficiency: Decimal | None
    productivity: Decimal | None
    jobs_finished: int
    comebacks: int
    comeback_rate: Decimal | None


@dataclass(frozen=True)
class Figures:
    """Everything the manager's view shows for a period."""

    flow: list[DayFlow]
    sold: Decimal
    clocked: Decimal
    rework_clocked: Decimal
    attended: Decimal
    available: Decimal
    efficiency: Decimal | None
    productivity: Decimal | None
    utilisation: Decimal | None
    orders_finished: int
    comeback_orders: int
    comeback_rate: Decimal | None
    stages: list[Stage]
    late_orders: int
    orders_with_promise: int
    technicians: list[TechnicianFigures] = field(default_factory=list)


def _first_start(order: RepairOrder) -> datetime | None:
    starts = [j.started_at for j in order.jobs if j.started_at is not None]
    return min(starts) if starts else None


def _comeback(order: RepairOrder) -> bool:
    return (order.rework_count > 0 or any(not c.passed for c in order.qc_checks)
            or any(j.rework_count > 0 for j in order.jobs))


def _finished(order: RepairOrder, period: Period) -> bool:
    return period.holds(order.qc_passed_at) or period.holds(order.delivered_at)


def _stage(name: str, pairs: Iterable[tuple[datetime | None, datetime | None]],
           period: Period) -> Stage:
    spans = [(end - begin).total_seconds() for begin, end in pairs
             if begin is not None and end is not None and period.holds(end) and end >= begin]
    average = hours(sum(spans) / len(spans)) if spans else None
    return Stage(name=name, average_hours=average, orders=len(spans))


def stages(orders: Sequence[RepairOrder], period: Period) -> list[Stage]:
    """Average time per stage over orders whose stage ended in the period."""
    return [
        _stage("opened_to_authorized", ((o.created_at, o.authorized_at) for o in orders), period),
        _stage("authorized_to_start", ((o.authorized_at, _first_start(o)) for o in orders), period),
        _stage("start_to_final_qc", ((_first_start(o), o.qc_passed_at) for o in orders), period),
        _stage("final_qc_to_delivered", ((o.qc_passed_at, o.delivered_at) for o in orders), period),
    ]


def _promised(order: RepairOrder) -> datetime | None:
    signed = order.signed
    return signed.promised_at if signed is not None else None


def late(orders: Sequence[RepairOrder], period: Period, now: datetime) -> tuple[int, int]:
    """(late orders, orders with a promised time due in the period or delivered in it)."""
    count = known = 0
    for o in orders:
        promised = _promised(o)
        if promised is None or o.status == OrderStatus.CANCELLED:
            continue
        if not (period.holds(promised) or period.holds(o.delivered_at)):
            continue
        known += 1
        if o.delivered_at is not None:
            count += o.delivered_at > promised
        else:
            count += promised < now
    return count, known


def figures(orders: Sequence[RepairOrder], roster: Sequence[Technician], period: Period,
            now: datetime) -> Figures:
    """The manager's figures for the period from the dealer's orders and technicians."""
    jobs = [(o, j) for o in orders for j in o.jobs]
    clock_end = min(now, period.end)
    sold_by: dict[str, Decimal] = defaultdict(Decimal)
    for _, j in jobs:
        if j.status == JobStatus.FINISHED and period.holds(j.finished_at):
            sold_by[j.technician or ""] += j.labor_hours
    seconds_by: dict[str, float] = defaultdict(float)
    rework_seconds = 0.0
    days_by: dict[str, set[date]] = defaultdict(set)
    for _, j in jobs:
        for line in j.clock_lines:
            spent = line.seconds_within(period.start, clock_end, now)
            seconds_by[line.technician] += spent
            rework_seconds += spent if line.kind == "rework" else 0.0
            if period.holds(line.started_at):
                days_by[line.technician].add(period.day_of(line.started_at))
    shifts = {t.user_id: t for t in roster}
    attended_by = {u: shifts[u].shift_hours * len(d) for u, d in days_by.items() if u in shifts}
    today = now.astimezone(period.zone).date()
    open_days = len([d for d in period.days() if d <= today])
    available = sum((t.shift_hours * open_days for t in roster if t.active), Decimal(0))
    sold = sum(sold_by.values(), Decimal(0))
    clocked = sum(seconds_by.values())
    attended = sum(attended_by.values(), Decimal(0))

    finished = [o for o in orders if _finished(o, period)]
    comebacks = [o for o in finished if _comeback(o)]
    count_late, known = late(orders, period, now)
    flow = [DayFlow(day=d,
                    vehicles_in=sum(period.day_of(o.created_at) == d for o in orders
                                    if period.holds(o.created_at)),
                    vehicles_out=sum(period.day_of(o.delivered_at) == d for o in orders
                                     if o.delivered_at is not None and period.holds(o.delivered_at)))
            for d in period.days()]
    return Figures(
        flow=flow, sold=sold, clocked=hours(clocked), rework_clocked=hours(rework_seconds),
        attended=attended.quantize(TWO), available=available.quantize(TWO),
        efficiency=efficiency(sold, clocked), productivity=ratio(clocked / 3600, attended),
        utilisation=ratio(sold, available), orders_finished=len(finished),
        comeback_orders=len(comebacks), comeback_rate=ratio(len(comebacks), len(finished)),
        stages=stages(orders, period), late_orders=count_late, orders_with_promise=known,
        technicians=_per_technician(roster, finished, sold_by, seconds_by, attended_by))


def _per_technician(roster: Sequence[Technician], finished: Sequence[RepairOrder],
                    sold_by: dict[str, Decimal], seconds_by: dict[str, float],
                    attended_by: dict[str, Decimal]) -> list[TechnicianFigures]:
    done: dict[str, int] = defaultdict(int)
    back: dict[str, int] = defaultdict(int)
    for o in finished:
        for j in o.jobs:
            if j.technician and j.status == JobStatus.FINISHED:
                done[j.technician] += 1
                back[j.technician] += j.rework_count > 0
    out = []
    for t in roster:
        u = t.user_id
        seconds, attended = seconds_by.get(u, 0.0), attended_by.get(u, Decimal(0))
        out.append(TechnicianFigures(
            user_id=u, name=t.name, team=t.team, sold=sold_by.get(u, Decimal(0)),
            clocked=hours(seconds), attended=attended.quantize(TWO),
            efficiency=efficiency(sold_by.get(u, Decimal(0)), seconds),
            productivity=ratio(seconds / 3600, attended), jobs_finished=done[u],
            comebacks=back[u], comeback_rate=ratio(back[u], done[u])))
    return out


@dataclass(frozen=True)
class TechnicianHours:
    """One technician's sold and clocked hours over a period, and the work sent back."""

    sold: Decimal
    work: Decimal
    rework: Decimal
    clocked: Decimal
    efficiency: Decimal | None
    jobs_finished: int
    comebacks: int
    """Jobs of theirs a failed check sent back to rework in the period."""


def technician_hours(tech: Technician, orders: Sequence[RepairOrder], period: Period,
                     now: datetime) -> TechnicianHours:
    """Sold hours of their jobs finished in the period against the time they clocked in it."""
    clock_end = min(now, period.end)
    mine = [j for o in orders for j in o.jobs if j.technician == tech.user_id]
    finished = [j for j in mine if j.status == JobStatus.FINISHED and period.holds(j.finished_at)]
    sold = sum((j.labor_hours for j in finished), Decimal(0))
    lines = [line for o in orders for j in o.jobs for line in j.clock_lines
             if line.technician == tech.user_id]
    work = sum(line.seconds_within(period.start, clock_end, now) for line in lines
               if line.kind == "work")
    rework = sum(line.seconds_within(period.start, clock_end, now) for line in lines
                 if line.kind == "rework")
    ids = {j.id for j in mine}
    comebacks = sum(1 for o in orders for c in o.qc_checks
                    if not c.passed and period.holds(c.created_at)
                    for job_id in c.rework_job_ids if job_id in ids)
    return TechnicianHours(sold=sold, work=hours(work), rework=hours(rework),
                           clocked=hours(work + rework), efficiency=efficiency(sold, work + rework),
                           jobs_finished=len(finished), comebacks=comebacks)
