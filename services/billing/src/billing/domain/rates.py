"""A dealer's rates as announced to the other services (workshop prices its estimates with them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from aftersales_common.domain import Aggregate, DomainEvent
from billing.domain.pricing import Rates


@dataclass(frozen=True, kw_only=True)
class DealerRatesChanged(DomainEvent):
    """The labour rate, VAT rate or currency invoices use changed (or is announced at seed)."""

    dealer_id: str
    labour_rate: Decimal
    vat_rate: Decimal
    currency: str
    at: datetime


@dataclass(eq=False)
class DealerRates(Aggregate):
    """The rates of one dealer in effect (the settings filling what the dealer has not set)."""

    dealer_id: str
    rates: Rates

    def announce(self, *, at: datetime) -> None:
        """Tell the other services the rates now in effect."""
        self.record(DealerRatesChanged(dealer_id=self.dealer_id,
                                       labour_rate=self.rates.labour_rate,
                                       vat_rate=self.rates.vat_rate,
                                       currency=self.rates.currency, at=at))
