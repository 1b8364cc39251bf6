"""Booking settings (environment variables)."""

from __future__ import annotations

from aftersales_common.settings import ServiceSettings


class BookingSettings(ServiceSettings):
    """Defaults for a dealer without its own calendar row."""

    default_timezone: str = "Asia/Shanghai"
    default_open: str = "08:30"
    default_close: str = "17:30"
    default_slot_minutes: int = 60
    default_bays: int = 3
    default_quick_bays: int = 1
    min_lead_minutes: int = 0
    seed_demo: bool = True
