"""Paying online (线上支付): the port a payment provider implements, and what it answers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Protocol


class IntentStatus(StrEnum):
    """Where the provider says the customer's payment stands."""

    REQUIRES_CONFIRMATION = "requires_confirmation"  # waiting for the customer (or the provider)
    SUCCEEDED = "succeeded"  # the money is ours: record it on the invoice
    FAILED = "failed"


@dataclass(frozen=True)
class PaymentIntent:
    """One attempt to collect an invoice's balance through the provider."""

    provider: str
    provider_payment_id: str  # the provider's own id: a payment is recorded once per id
    invoice_id: str
    amount: Decimal
    currency: str
    status: IntentStatus


class PaymentProvider(Protocol):
    """What billing needs from a payment provider (WeChat Pay, Alipay, a sandbox...)."""

    name: str

    async def create_intent(self, *, invoice_id: str, amount: Decimal, currency: str,
                            idempotency_key: str) -> PaymentIntent:
        """Ask the provider to collect `amount`; the same key gives back the same intent."""
        ...

    async def retrieve(self, provider_payment_id: str) -> PaymentIntent | None:
        """The intent as the provider sees it now (None: the provider does not know it)."""
        ...
