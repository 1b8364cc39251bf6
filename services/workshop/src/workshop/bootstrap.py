"""Wiring: settings -> reactions -> runtime -> app. The only place that knows every piece."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from aftersales_common.messaging.inbox import Reactions
from aftersales_common.messaging.transport import Transport
from aftersales_common.runtime import ServiceRuntime
from aftersales_common.storage import object_store
from aftersales_common.web.app import create_service_app
from aftersales_common.web.live import Notifier, NotifyingUnitOfWork
from workshop import contracts, readers
from workshop.adapters.tables import messaging, metadata
from workshop.api.routes import router
from workshop.api.routes_catalogue import router as catalogue_router
from workshop.api.routes_delivery import router as delivery_router
from workshop.api.routes_dispatch import router as dispatch_router
from workshop.api.routes_inspection import router as inspection_router
from workshop.api.routes_reception import router as reception_router
from workshop.config import WorkshopSettings
from workshop.seed import seed_demo
from workshop.service import price_reactions as prices
from workshop.service import reactions as r

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def build_reactions(settings: WorkshopSettings) -> Reactions:
    """Every event workshop reads, with its reader and major version."""
    return (
        Reactions()
        .on("appointment.checked_in", readers.AppointmentCheckedIn,
            partial(r.on_checked_in, settings=settings), major=1)
        .on("customer.registered", readers.CustomerFile, r.on_customer, major=1)
        .on("customer.updated", readers.CustomerFile, r.on_customer, major=1)
        .on("vehicle.registered", readers.VehicleFile, r.on_vehicle, major=1)
        .on("vehicle.updated", readers.VehicleFile, r.on_vehicle, major=1)
        .on("parts.reserved", readers.PartsReserved, r.on_parts_reserved, major=1)
        .on("parts.shortage", readers.PartsShortage, r.on_parts_shortage, major=1)
        .on("parts.issued", readers.PartsIssued, r.on_parts_issued, major=1)
        .on("invoice.paid", readers.InvoicePaid, r.on_invoice_paid, major=1)
        .on("payment.refunded", readers.PaymentRefunded, r.on_payment_refunded, major=1)
        .on("dealer_rates.changed", readers.DealerRatesChanged, prices.on_dealer_rates, major=1)
        .on("part.price_changed", readers.PartPriceChanged, prices.on_part_price, major=1)
        .on("stock.level_changed", readers.StockLevelChanged, prices.on_stock_level, major=1)
    )


class WorkshopRuntime(ServiceRuntime):
    """The runtime whose every commit (route or consumer) signals the live streams."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.live = Notifier()
        self.extras["live"] = self.live
        settings = kw["settings"]  # WorkshopSettings: where the photos go
        self.extras["objects"] = object_store(settings, settings.data_dir)

    def uow(self) -> Any:
        """A unit of work that, once committed, wakes the order and board streams."""
        return NotifyingUnitOfWork(super().uow(), self.live)


def build_runtime(settings: WorkshopSettings | None = None,
                  transport: Transport | None = None) -> ServiceRuntime:
    """Workshop reads booking (check-ins, customer and vehicle files), parts and billing."""
    settings = settings or WorkshopSettings()
    return WorkshopRuntime(
        name="workshop", settings=settings, metadata=metadata, tables=messaging,
        migrations_dir=MIGRATIONS, transport=transport,
        subscriptions=["booking", "parts", "billing"], reactions=build_reactions(settings),
        event_mapper=contracts.publish,
        seed=seed_demo if settings.seed_demo and settings.app_env != "production" else None,
    )


def create_app(settings: WorkshopSettings | None = None,
               transport: Transport | None = None) -> FastAPI:
    """The workshop service app."""
    return create_service_app(
        build_runtime(settings, transport), [router, delivery_router, dispatch_router,
                                          reception_router, catalogue_router,
                                          inspection_router], title="Aftersales workshop",
        description="Repair orders, jobs, quality control and delivery. 维修委托书与车间管理",
        contracts=contracts.PUBLISHED,
    )
