"""Time helpers: everything stored in UTC, shown in the dealer's zone."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def new_id() -> str:
    """A new opaque id (UUID4 string)."""
    return str(uuid.uuid4())
