"""The dealer's slot calendar: opening hours cut into slots, each with a capacity."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from aftersales_common.errors import InvalidInput


@dataclass(frozen=True)
class Calendar:
    """A dealer's working day."""

    timezone: str
    open: time
    close: time
    slot_minutes: int
    bays: int
    quick_bays: int

    def capacity(self, lane: str) -> int:
        """How many appointments one slot of a lane takes."""
        return self.quick_bays if lane == "quick" else self.bays

    def slots(self, day: date) -> list[tuple[datetime, datetime]]:
        """The day's slots as (start, end), timezone-aware in the dealer's zone."""
        tz = ZoneInfo(self.timezone)
        start = datetime.combine(day, self.open, tz)
        close = datetime.combine(day, self.close, tz)
        step = timedelta(minutes=self.slot_minutes)
        out = []
        while start + step <= close:
            out.append((start, start + step))
            start += step
        return out

    def slot_at(self, start: datetime) -> tuple[datetime, datetime]:
        """The slot beginning exactly at `start`; InvalidInput otherwise."""
        if start.tzinfo is None:
            raise InvalidInput("start must carry a time zone offset (RFC 3339)")
        local = start.astimezone(ZoneInfo(self.timezone))
        for slot in self.slots(local.date()):
            if slot[0] == local:
                return slot
        raise InvalidInput("start is not the beginning of a slot within opening hours")


def check_lead_time(start: datetime, now: datetime, min_lead_minutes: int) -> None:
    """Refuse appointments in the past or closer than the dealer's lead time."""
    if start.astimezone(UTC) < now + timedelta(minutes=min_lead_minutes):
        raise InvalidInput("the appointment must start in the future "
                           f"(at least {min_lead_minutes} minutes ahead)")
