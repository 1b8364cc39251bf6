"""Booking settings (environment variables)."""

from __future__ import annotations

from datetime import time

from aftersales_common.settings import ServiceSettings
from booking.domain.calendar import Calendar


class BookingSettings(ServiceSettings):
    """The calendar of a dealer without its own calendar row, and the lead time.

    `default_timezone` (shared) is also the dealer zone in which times are written out.
    """

    default_open: str = "08:30"
    default_close: str = "17:30"
    default_slot_minutes: int = 60
    default_bays: int = 3
    default_quick_bays: int = 1
    min_lead_minutes: int = 0
    max_open_appointments_per_customer: int = 3
    """Booked, not yet started appointments one customer may hold (and one per vehicle a day)."""
    seed_demo: bool = True

    def default_calendar(self) -> Calendar:
        """The calendar these settings describe."""
        return Calendar(self.default_timezone, time.fromisoformat(self.default_open),
                        time.fromisoformat(self.default_close), self.default_slot_minutes,
                        self.default_bays, self.default_quick_bays)
