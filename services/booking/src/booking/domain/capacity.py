"""How many cars a slot of a lane takes: a place is taken only if one is free."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from aftersales_common.domain import Aggregate
from aftersales_common.errors import Conflict
from booking.domain.values import Lane


class SlotFull(Conflict):
    """No place is free in the slot (409)."""

    code = "slot-full"

    def __init__(self) -> None:
        super().__init__("this slot is full / 该时段已约满")


@dataclass
class SlotCapacity(Aggregate):
    """One slot of one lane of a dealer's day: its capacity and the places booked.

    `taken` counts the places taken (or, negative, given back) since loading: the
    repository applies it as a conditional update, so two bookings that both saw a
    free place cannot both get it (the database has the last word under concurrency).
    """

    dealer_id: str
    lane: Lane
    start: datetime
    capacity: int
    booked: int = 0
    taken: int = 0

    @property
    def free(self) -> int:
        """Places still free (never negative, even if capacity was lowered)."""
        return max(self.capacity - self.booked, 0)

    def free_at(self, now: datetime) -> int:
        """Places that can still be booked at `now`: none once the slot has begun."""
        return 0 if self.start <= now else self.free

    def take(self) -> None:
        """Hold one place; SlotFull (409) when none is free. Never overbooks."""
        if self.free <= 0:
            raise SlotFull()
        self.booked += 1
        self.taken += 1

    def release(self) -> None:
        """Give a place back (a cancelled or moved appointment)."""
        if self.booked > 0:
            self.booked -= 1
            self.taken -= 1
