"""Clock lines (domain.clocking) in and out of the `clock_line` table, for the order repository."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from aftersales_common.db import Session
from workshop.adapters import tables as t
from workshop.domain.clocking import ClockLine, LineEnd, LineKind, PauseReason
from workshop.domain.repair_order import RepairOrder


def line_of(row: t.ClockLine) -> ClockLine:
    """A clock line from its row."""
    return ClockLine(id=row.id, job_id=row.job_id, technician=row.technician,
                     kind=LineKind(row.kind), started_at=row.started_at, ended_at=row.ended_at,
                     end=LineEnd(row.end_reason) if row.end_reason else None,
                     reason=PauseReason(row.pause_reason) if row.pause_reason else None,
                     note=row.note or "")


async def attach(session: Session, orders: Iterable[RepairOrder]) -> None:
    """Give every job of these orders its clock lines (oldest first)."""
    jobs = {j.id: j for o in orders for j in o.jobs}
    if not jobs:
        return
    rows = (await session.execute(
        select(t.ClockLine).where(t.ClockLine.job_id.in_(list(jobs)))
        .order_by(t.ClockLine.started_at, t.ClockLine.id))).scalars()
    for row in rows:
        jobs[row.job_id].clock_lines.append(line_of(row))


async def save(session: Session, order: RepairOrder) -> None:
    """Write the order's clock lines (new ones added, closed ones updated)."""
    lines = [(job.id, line) for job in order.jobs for line in job.clock_lines]
    if not lines:
        return
    await session.flush()  # the job rows first: lines refer to them
    for job_id, line in lines:
        row = await session.get(t.ClockLine, line.id)
        if row is None:
            row = t.ClockLine(id=line.id, order_id=order.id, job_id=job_id,
                              technician=line.technician, kind=line.kind.value,
                              started_at=line.started_at)
        row.technician, row.kind, row.started_at = line.technician, line.kind.value, line.started_at
        row.ended_at = line.ended_at
        row.end_reason = line.end.value if line.end else None
        row.pause_reason = line.reason.value if line.reason else None
        row.note = line.note
        session.add(row)
