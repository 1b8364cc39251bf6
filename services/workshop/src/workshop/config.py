"""Workshop settings (environment variables)."""

from __future__ import annotations

from aftersales_common.settings import ServiceSettings


class WorkshopSettings(ServiceSettings):
    """The dealer's day (for order numbers and the board) and the order number prefix."""

    default_timezone: str = "Asia/Shanghai"
    order_no_prefix: str = "RO"
