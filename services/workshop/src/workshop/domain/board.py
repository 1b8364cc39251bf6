"""The progress board (维修进度看板): who may read it, and each card's colour."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from enum import StrEnum

from workshop.domain.statuses import JobStatus, OrderStatus


class Colour(StrEnum):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"


def board_dealers(dealer_id: str, *, staff: bool, dealer_ids: Collection[str]) -> list[str]:
    """The dealers whose board a caller sees: the one asked for, if they work there.

    No exception for admin: an admin reads only the dealers in their own token.
    """
    return [dealer_id] if staff and dealer_id in dealer_ids else []


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
