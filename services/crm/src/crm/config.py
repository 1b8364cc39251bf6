"""CRM settings (environment variables); `DEFAULT_TIMEZONE` comes from the shared settings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import Field, field_validator

from aftersales_common.errors import InvalidInput
from aftersales_common.settings import ServiceSettings
from crm.domain.csi import DEFAULT_WEIGHTS, parse_weights


class CrmSettings(ServiceSettings):
    """Follow-up deadline and CSI weights; refuses weights that do not sum to 1 at start-up."""

    follow_up_days: int = Field(default=3, ge=1, le=30)
    csi_weights: dict[str, Decimal] = Field(default_factory=lambda: dict(DEFAULT_WEIGHTS))

    @field_validator("csi_weights", mode="before")
    @classmethod
    def _valid_weights(cls, value: Any) -> dict[str, Decimal]:
        try:
            return parse_weights(value)
        except InvalidInput as exc:
            raise ValueError(f"CSI_WEIGHTS: {exc.detail}") from exc
