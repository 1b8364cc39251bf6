"""Tolerant readers of workshop events: only the fields parts uses (extra fields ignored)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel

from parts.domain.quantity import to_qty
from parts.domain.stock import needs_by_part, normalise_part_no, takes_parts


class PartLine(BaseModel):
    part_no: str
    qty: Decimal


def needs_of(lines: list[PartLine]) -> dict[str, Decimal]:
    """A job's part lines as exact quantities per part number."""
    return needs_by_part((normalise_part_no(p.part_no), to_qty(p.qty)) for p in lines)


class OrderJob(BaseModel):
    job_id: str
    status: str | None = None
    parts: list[PartLine] = []


class OrderEvent(BaseModel):
    """`order.authorized`, `order.additional_work_approved`, `order.cancelled`."""

    order_id: str
    dealer_id: str
    jobs: list[OrderJob] = []
    job_ids: list[str] | None = None

    def jobs_to_supply(self) -> list[tuple[str, dict[str, Decimal]]]:
        """Approved jobs (only those named in `job_ids` when given) with their needs."""
        chosen = set(self.job_ids) if self.job_ids is not None else None
        return [(j.job_id, needs_of(j.parts)) for j in self.jobs
                if takes_parts(j.status) and (chosen is None or j.job_id in chosen)]


class JobStarted(BaseModel):
    """`job.started`."""

    order_id: str
    job_id: str
    dealer_id: str
    parts: list[PartLine] = []
