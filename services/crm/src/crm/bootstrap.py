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
from crm import contracts
from crm.adapters.tables import messaging, metadata
from crm.api.routes import router
from crm.api.routes_retention import router as retention_router
from crm.config import CrmSettings
from crm.readers import CustomerFile, Delivery, VehicleFile, WorkDeferred
from crm.service import reactions as on
from crm.service import retention

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def build_reactions(settings: CrmSettings) -> Reactions:
    """What crm reads: booking's customer and vehicle files, workshop's deliveries (all v1)."""
    return (
        Reactions()
        .on("customer.registered", CustomerFile, on.on_customer, major=1)
        .on("customer.updated", CustomerFile, on.on_customer, major=1)
        .on("vehicle.registered", VehicleFile, on.on_vehicle, major=1)
        .on("vehicle.updated", VehicleFile, on.on_vehicle, major=1)
        .on("vehicle.delivered", Delivery, partial(on.on_vehicle_delivered, settings=settings),
            major=1)
        .on("work.deferred", WorkDeferred, retention.on_work_deferred, major=1)
    )


def build_runtime(settings: CrmSettings | None = None,
                  transport: Transport | None = None) -> ServiceRuntime:
    """CRM reads booking's customer/vehicle events and workshop's deliveries."""
    settings = settings or CrmSettings()
    return LiveRuntime(  # its commits wake long polls
        name="crm", settings=settings, metadata=metadata, tables=messaging,
        migrations_dir=MIGRATIONS, transport=transport, subscriptions=["booking", "workshop"],
        reactions=build_reactions(settings), event_mapper=contracts.publish,
    )


def create_app(settings: CrmSettings | None = None,
               transport: Transport | None = None) -> FastAPI:
    """The crm service app."""
    return create_service_app(
        build_runtime(settings, transport), [router, retention_router], title="Aftersales crm",
        description="Follow-up calls, CSI surveys and complaints. 回访、满意度调查与投诉",
        contracts=contracts.PUBLISHED,
    )
