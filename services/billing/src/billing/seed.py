"""Demo data for the embedded mode: the demo dealers' labour rates."""

from __future__ import annotations

from decimal import Decimal

from aftersales_common.auth.demo import DEMO_DEALER_ID, OTHER_DEALER_ID
from aftersales_common.runtime import ServiceRuntime
from billing.adapters.repository import rates_of
from billing.adapters.tables import DealerRate
from billing.config import BillingSettings
from billing.service.handlers import announce_rates

# Labour per hour, VAT-exclusive: a volume-brand 4S dealer and a premium-brand one.
DEMO_RATES = {DEMO_DEALER_ID: Decimal("300.00"), OTHER_DEALER_ID: Decimal("420.00")}


async def seed_demo(runtime: ServiceRuntime) -> None:
    """Insert the demo rates once (existing rows are left alone); VAT follows the settings.

    The rates in effect are announced (`dealer_rates.changed`) at every start of the embedded
    mode, so a workshop database created after the first start learns them too.
    """
    settings: BillingSettings = runtime.settings  # type: ignore[assignment]
    async with runtime.uow() as uow:  # commits on a clean exit
        for dealer_id, rate in DEMO_RATES.items():
            if await uow.session.get(DealerRate, dealer_id) is None:
                uow.session.add(DealerRate(dealer_id=dealer_id, labour_rate=rate))
        await uow.session.flush()
        for dealer_id in DEMO_RATES:
            announce_rates(uow, dealer_id, await rates_of(uow.session, dealer_id, settings))
