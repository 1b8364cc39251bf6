"""Payment providers behind billing's port: the sandbox for development and tests."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from decimal import Decimal

from aftersales_common.clock import new_id
from billing.config import BillingSettings
from billing.domain.online_payment import IntentStatus, PaymentIntent, PaymentProvider


class SandboxProvider:
    """Pretends to be a provider: every intent succeeds at once (or on `confirm`), no money moves.

    Intents live in memory only; it exists for development and tests and is refused in
    production (settings).
    """

    name = "sandbox"

    def __init__(self, *, auto_confirm: bool = True) -> None:
        self.auto_confirm = auto_confirm
        self._intents: dict[str, PaymentIntent] = {}
        self._by_key: dict[str, str] = {}
        self._lock = asyncio.Lock()

    async def create_intent(self, *, invoice_id: str, amount: Decimal, currency: str,
                            idempotency_key: str) -> PaymentIntent:
        async with self._lock:
            known = self._by_key.get(idempotency_key)
            if known is not None:
                return self._intents[known]
            status = (IntentStatus.SUCCEEDED if self.auto_confirm
                      else IntentStatus.REQUIRES_CONFIRMATION)
            intent = PaymentIntent(provider=self.name, provider_payment_id=f"sbx_{new_id()}",
                                   invoice_id=invoice_id, amount=amount, currency=currency,
                                   status=status)
            self._intents[intent.provider_payment_id] = intent
            self._by_key[idempotency_key] = intent.provider_payment_id
            return intent

    async def retrieve(self, provider_payment_id: str) -> PaymentIntent | None:
        return self._intents.get(provider_payment_id)

    def confirm(self, provider_payment_id: str) -> PaymentIntent:
        """The customer completed the payment at the (pretend) provider."""
        intent = replace(self._intents[provider_payment_id], status=IntentStatus.SUCCEEDED)
        self._intents[provider_payment_id] = intent
        return intent


def build_provider(settings: BillingSettings) -> PaymentProvider | None:
    """The provider named by `PAYMENT_PROVIDER` (None: online payment is switched off)."""
    if settings.payment_provider == "sandbox":
        return SandboxProvider(auto_confirm=settings.payment_sandbox_auto_confirm)
    return None
