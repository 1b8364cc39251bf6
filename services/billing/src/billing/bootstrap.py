"""Wiring: settings -> runtime -> app. The only place that knows every piece."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from fastapi import FastAPI

from aftersales_common.messaging.inbox import Reactions
from aftersales_common.messaging.transport import Transport
from aftersales_common.runtime import ServiceRuntime
from aftersales_common.web.app import create_service_app
from aftersales_common.web.longpoll import LiveRuntime
from billing import contracts
from billing.adapters.payment_providers import build_provider
from billing.adapters.tables import messaging, metadata
from billing.api.routes import router
from billing.config import BillingSettings
from billing.readers import OrderAuthorizedRead, PartsIssuedRead, PartsReturnedRead, QcPassedRead
from billing.seed import seed_demo
from billing.service import estimates, reactions

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def build_reactions(settings: BillingSettings) -> Reactions:
    """The events billing reads, each with its reader and major version."""
    return (
        Reactions()
        .on("order.qc_passed", QcPassedRead, partial(reactions.on_qc_passed, settings=settings), major=1)
        .on("parts.issued", PartsIssuedRead, partial(reactions.on_parts_issued, settings=settings),
            major=1)
        .on("parts.returned", PartsReturnedRead,
            partial(reactions.on_parts_returned, settings=settings), major=1)
        .on("order.authorized", OrderAuthorizedRead, estimates.on_order_authorized, major=1)
    )


def build_runtime(settings: BillingSettings | None = None,
                  transport: Transport | None = None) -> ServiceRuntime:
    """Billing reads the workshop's QC pass and parts' issues and returns; it publishes invoice events."""
    settings = settings or BillingSettings()
    runtime = LiveRuntime(  # its commits wake long polls
        name="billing", settings=settings, metadata=metadata, tables=messaging,
        migrations_dir=MIGRATIONS, transport=transport, subscriptions=["workshop", "parts"],
        reactions=build_reactions(settings), event_mapper=contracts.publish,
        seed=seed_demo if settings.seed_demo and settings.app_env != "production" else None,
    )
    runtime.extras["payment_provider"] = build_provider(settings)
    return runtime


def create_app(settings: BillingSettings | None = None,
               transport: Transport | None = None) -> FastAPI:
    """The billing service app."""
    return create_service_app(
        build_runtime(settings, transport), [router], title="Aftersales billing",
        description="Invoices from the repair order, payments, refunds and credit notes. 结算服务",
        contracts=contracts.PUBLISHED,
    )
