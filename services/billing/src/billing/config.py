"""Billing settings (environment variables)."""

from __future__ import annotations

from decimal import Decimal

from aftersales_common.settings import ServiceSettings


class BillingSettings(ServiceSettings):
    """Defaults for a dealer without its own rate row (`DEFAULT_LABOUR_RATE`, `VAT_RATE`...)."""

    default_labour_rate: Decimal = Decimal("300.00")  # CNY per labour hour, VAT-exclusive
    vat_rate: Decimal = Decimal("0.13")  # China's VAT on repair services and goods
    default_currency: str = "CNY"
    seed_demo: bool = True
