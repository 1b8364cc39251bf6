"""Wiring: settings -> runtime -> app. The only place that knows every piece."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from aftersales_common.messaging.transport import Transport
from aftersales_common.runtime import ServiceRuntime
from aftersales_common.web.app import create_service_app
from booking import contracts
from booking.adapters.tables import messaging, metadata
from booking.api.routes import router
from booking.config import BookingSettings
from booking.seed import seed_demo

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def build_runtime(settings: BookingSettings | None = None,
                  transport: Transport | None = None) -> ServiceRuntime:
    """Booking consumes no events yet; it publishes customer, vehicle and appointment events."""
    settings = settings or BookingSettings()
    return ServiceRuntime(
        name="booking", settings=settings, metadata=metadata, tables=messaging,
        migrations_dir=MIGRATIONS, transport=transport,
        seed=seed_demo if settings.seed_demo and settings.app_env != "production" else None,
    )


def create_app(settings: BookingSettings | None = None,
               transport: Transport | None = None) -> FastAPI:
    """The booking service app."""
    return create_service_app(
        build_runtime(settings, transport), [router], title="Aftersales booking",
        description="Customers, vehicles, capacity and appointments. 预约服务",
        contracts=contracts.PUBLISHED,
    )
