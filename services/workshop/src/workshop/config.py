"""Workshop settings (environment variables)."""

from __future__ import annotations

from aftersales_common.settings import ServiceSettings


class WorkshopSettings(ServiceSettings):
    """The order number prefix; the dealer's zone (`DEFAULT_TIMEZONE`) comes from the shared settings."""

    order_no_prefix: str = "RO"
