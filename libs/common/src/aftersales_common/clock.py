"""Time helpers: everything stored in UTC, shown in the dealer's zone."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def new_id() -> str:
    """A new opaque id (UUID4 string)."""
    return str(uuid.uuid4())


_display_zone = ZoneInfo("Asia/Shanghai")


def set_display_zone(name: str) -> None:
    """The dealer time zone in which times are written out (settings.default_timezone)."""
    global _display_zone
    _display_zone = ZoneInfo(name)


def display_zone() -> ZoneInfo:
    """The zone times are shown and published in (one per deployment for now; docs/risks.md)."""
    return _display_zone


def in_dealer_zone(value: datetime) -> datetime:
    """An aware datetime expressed in the dealer's offset (same instant)."""
    if value.tzinfo is None:
        raise ValueError("naive datetime: times must carry an offset")
    return value.astimezone(_display_zone)
