"""Billing settings (environment variables)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import model_validator

from aftersales_common.settings import ServiceSettings


class BillingSettings(ServiceSettings):
    """Defaults for a dealer without its own rate row (`DEFAULT_LABOUR_RATE`, `VAT_RATE`...)."""

    default_labour_rate: Decimal = Decimal("300.00")  # CNY per labour hour, VAT-exclusive
    vat_rate: Decimal = Decimal("0.13")  # China's VAT on repair services and goods
    default_currency: str = "CNY"
    seed_demo: bool = True
    # Online payment by the customer: `sandbox` (development and tests: no money moves) or
    # `none` (switched off). A real provider is another adapter behind the same port.
    payment_provider: Literal["sandbox", "none"] = "sandbox"
    payment_sandbox_auto_confirm: bool = True  # false: intents wait for a confirmation

    @model_validator(mode="after")
    def _no_sandbox_in_production(self) -> BillingSettings:
        if self.app_env == "production" and self.payment_provider == "sandbox":
            raise ValueError("APP_ENV=production refuses PAYMENT_PROVIDER=sandbox "
                             "(set a real provider, or none)")
        return self
