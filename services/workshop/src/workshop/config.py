"""Workshop settings (environment variables)."""

from __future__ import annotations

from aftersales_common.settings import ServiceSettings
from aftersales_common.storage import ObjectStoreSettings


class WorkshopSettings(ServiceSettings, ObjectStoreSettings):
    """The order number prefix; the dealer's zone (`DEFAULT_TIMEZONE`) comes from the shared settings."""

    order_no_prefix: str = "RO"
    seed_demo: bool = True
    """Seed the demo dealer's data (technicians, …) outside production (seed.py)."""
    photo_max_bytes: int = 10 * 1024 * 1024
    """Larger inspection photos are refused (413); keep `MAX_UPLOAD_BYTES` above it."""
