"""Parts settings (environment variables)."""

from __future__ import annotations

from aftersales_common.settings import ServiceSettings


class PartsSettings(ServiceSettings):
    """Parts needs nothing beyond the common settings but the demo switch."""

    seed_demo: bool = True
