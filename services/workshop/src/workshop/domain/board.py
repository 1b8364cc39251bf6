"""The progress board (维修进度看板): red waiting, yellow in repair, green nearly done."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from workshop.domain.order import JobStatus, OrderStatus


class Colour(StrEnum):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"


def colour_of(order_status: str, job_statuses: Iterable[str], waiting_parts: bool) -> Colour:
    """Colour of an order's card on the board."""
    statuses = [s for s in job_statuses if s not in (JobStatus.DECLINED, JobStatus.PENDING_APPROVAL)]
    if order_status == OrderStatus.QC_PASSED:
        return Colour.GREEN
    working = any(s in (JobStatus.IN_PROGRESS, JobStatus.REWORK) for s in statuses)
    if order_status in (OrderStatus.OPENED, OrderStatus.AUTHORIZED) or (waiting_parts and not working):
        return Colour.RED
    if statuses and all(s == JobStatus.FINISHED for s in statuses):
        return Colour.GREEN
    return Colour.YELLOW
