"""Clocking (打卡计时): a job's clock lines, and clocked against sold (flat-rate) hours.

A line runs from a clock-on (start or resume) to a clock-off (pause with a reason, or finish).
A line opened while the job has been sent back to rework at least once is a rework line, so
rework keeps its own clock and never hides inside the first work.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from aftersales_common.clock import new_id
from aftersales_common.errors import Conflict, InvalidInput

HOURS = Decimal("0.01")


class LineKind(StrEnum):
    WORK = "work"
    REWORK = "rework"


class LineEnd(StrEnum):
    PAUSE = "pause"
    FINISH = "finish"


class PauseReason(StrEnum):
    """Why a technician clocked off a job that is not finished."""

    WAITING_PARTS = "waiting_parts"  # 等待配件
    WAITING_APPROVAL = "waiting_approval"  # 等待客户确认追加
    BREAK = "break"  # 休息 / 用餐
    OTHER = "other"  # 其他 (with a note)


@dataclass(eq=False)
class ClockLine:
    """One stretch of a technician's time on a job."""

    id: str
    job_id: str
    technician: str
    kind: LineKind
    started_at: datetime
    ended_at: datetime | None = None
    end: LineEnd | None = None
    reason: PauseReason | None = None
    note: str = ""

    @property
    def open(self) -> bool:
        return self.ended_at is None

    def seconds(self, now: datetime) -> float:
        """Seconds on this line; an open line counts up to `now`."""
        return max(0.0, ((self.ended_at or now) - self.started_at).total_seconds())

    def seconds_within(self, start: datetime, end: datetime, now: datetime) -> float:
        """Seconds of this line falling inside [start, end)."""
        lo, hi = max(self.started_at, start), min(self.ended_at or now, end)
        return max(0.0, (hi - lo).total_seconds())


def open_line(lines: list[ClockLine], *, job_id: str, technician: str, rework: bool,
              at: datetime) -> ClockLine:
    """Clock on: a new line (rework when the job was sent back); 409 if one is open already."""
    if any(line.open for line in lines):
        raise Conflict("the job is already clocked on / 该项目已在计时中", code="already-clocked-on")
    line = ClockLine(id=new_id(), job_id=job_id, technician=technician,
                     kind=LineKind.REWORK if rework else LineKind.WORK, started_at=at)
    lines.append(line)
    return line


def close_line(lines: Sequence[ClockLine], *, end: LineEnd, at: datetime,
               reason: PauseReason | None = None, note: str = "") -> ClockLine | None:
    """Clock off the open line (None when nothing was clocked on, e.g. work started before clocking)."""
    if end == LineEnd.PAUSE:
        if reason is None:
            raise InvalidInput("a pause needs a reason / 暂停须说明原因")
        if reason == PauseReason.OTHER and not note.strip():
            raise InvalidInput("note: say why when the reason is 'other' / 原因为“其他”时须填写说明")
    current = next((line for line in lines if line.open), None)
    if current is None:
        return None
    current.ended_at, current.end = max(at, current.started_at), end
    current.reason, current.note = reason, note.strip()
    return current


def hours(seconds: float) -> Decimal:
    """Seconds as hours with two places."""
    return (Decimal(str(seconds)) / 3600).quantize(HOURS, rounding=ROUND_HALF_UP)


def efficiency(sold: Decimal, clocked_seconds: float) -> Decimal | None:
    """Sold (flat-rate) hours per clocked hour, on the clocked hours as reported (two places):
    None until they show at least 0.01 h, so a few seconds on the clock never reads as 4,000x."""
    clocked = hours(clocked_seconds)
    if clocked <= 0:
        return None
    return (sold / clocked).quantize(HOURS, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class JobHours:
    """A job's sold hours against its clocked work and rework."""

    job_id: str
    op_code: str
    description: str
    technician: str | None
    status: str
    sold: Decimal
    work: Decimal
    rework: Decimal
    clocked: Decimal
    efficiency: Decimal | None
    clocked_on: bool
    lines: tuple[ClockLine, ...]


def job_hours(*, job_id: str, op_code: str, description: str, technician: str | None,
              status: str, sold: Decimal, lines: Iterable[ClockLine], now: datetime) -> JobHours:
    """Sold vs clocked for one job (an open line counts up to `now`)."""
    lines = tuple(sorted(lines, key=lambda line: line.started_at))
    work = sum(line.seconds(now) for line in lines if line.kind == LineKind.WORK)
    rework = sum(line.seconds(now) for line in lines if line.kind == LineKind.REWORK)
    return JobHours(job_id=job_id, op_code=op_code, description=description,
                    technician=technician, status=status, sold=sold, work=hours(work),
                    rework=hours(rework), clocked=hours(work + rework),
                    efficiency=efficiency(sold, work + rework),
                    clocked_on=any(line.open for line in lines), lines=lines)


@dataclass(frozen=True)
class HoursTotal:
    """Totals over several jobs."""

    sold: Decimal
    work: Decimal
    rework: Decimal
    clocked: Decimal
    efficiency: Decimal | None


def total(jobs: Iterable[JobHours], now: datetime) -> HoursTotal:
    """Sold and clocked over jobs, efficiency from the exact clocked seconds."""
    jobs = list(jobs)
    sold = sum((j.sold for j in jobs), Decimal(0))
    work = sum(line.seconds(now) for j in jobs for line in j.lines if line.kind == LineKind.WORK)
    rework = sum(line.seconds(now) for j in jobs for line in j.lines
                 if line.kind == LineKind.REWORK)
    return HoursTotal(sold=sold, work=hours(work), rework=hours(rework),
                      clocked=hours(work + rework), efficiency=efficiency(sold, work + rework))
