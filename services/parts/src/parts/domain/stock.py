"""Stock levels and movements: on_hand >= reserved >= 0, available = on_hand - reserved.

Every change of stock is a movement (Δon_hand, Δreserved). A movement is allowed only when
the level after it still satisfies the invariant; the repository enforces the very same rule
in one guarded SQL UPDATE, so concurrent writers can never break it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from aftersales_common.errors import Conflict
from parts.domain.quantity import ZERO

# Job statuses (workshop's) that do not authorise taking parts for the job.
NOT_APPROVED = frozenset(
    {"declined", "pending", "pending_approval", "cancelled", "rejected", "proposed", "requested"}
)


class MovementKind(StrEnum):
    """Why stock changed: one row of the ledger each."""

    RECEIPT = "receipt"
    RESERVE = "reserve"
    RELEASE = "release"
    ISSUE = "issue"
    RETURN = "return"
    ADJUSTMENT = "adjustment"


@dataclass(frozen=True)
class StockLevel:
    """The stock of one part at one dealer."""

    on_hand: Decimal = ZERO
    reserved: Decimal = ZERO

    @property
    def available(self) -> Decimal:
        """What can still be reserved or issued without touching anyone's reservation."""
        return self.on_hand - self.reserved

    @property
    def valid(self) -> bool:
        """The invariant: 0 <= reserved <= on_hand."""
        return self.on_hand >= 0 and self.reserved >= 0 and self.reserved <= self.on_hand

    def moved(self, on_hand_delta: Decimal = ZERO, reserved_delta: Decimal = ZERO) -> StockLevel:
        """The level after a movement; Conflict (409) when it would break the invariant."""
        after = StockLevel(self.on_hand + on_hand_delta, self.reserved + reserved_delta)
        if not after.valid:
            raise Conflict(
                f"not enough stock: on hand {self.on_hand}, reserved {self.reserved} / 库存不足",
                code="stock-short",
            )
        return after


def issue_movement(qty: Decimal, held: Decimal) -> tuple[Decimal, Decimal]:
    """Issuing `qty` to a job that holds `held`: the goods leave, the job's whole hold ends.

    Any part of `qty` not covered by the hold comes out of available stock; a hold larger
    than `qty` is released back to available.
    """
    return -qty, -held


def split_request(requested: Decimal, available: Decimal) -> tuple[Decimal, Decimal]:
    """Reserve what is available (never more), report the rest short: (reserve, short)."""
    take = min(requested, max(available, ZERO))
    return take, requested - take


def falls_low(before: StockLevel, after: StockLevel, reorder_point: Decimal) -> bool:
    """A change that lowered available stock and left it below the reorder point."""
    return after.available < before.available and after.available < reorder_point


def takes_parts(job_status: str | None) -> bool:
    """Only approved jobs get parts; declined or still pending ones do not."""
    return (job_status or "approved").lower() not in NOT_APPROVED


def needs_by_part(lines: Iterable[tuple[str, Decimal]]) -> dict[str, Decimal]:
    """Sum a job's part lines by part number (two lines of one part are one need), sorted.

    Sorting fixes the order in which stock rows are locked, so two orders reserving the
    same parts concurrently cannot deadlock.
    """
    total: dict[str, Decimal] = {}
    for part_no, qty in lines:
        if qty > 0:
            total[part_no] = total.get(part_no, ZERO) + qty
    return dict(sorted(total.items()))


def normalise_part_no(raw: str) -> str:
    """Part numbers are compared upper-case without surrounding blanks."""
    return raw.strip().upper()
