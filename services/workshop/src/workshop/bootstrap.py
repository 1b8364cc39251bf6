"""Wiring: settings -> runtime -> app. The only place that knows every piece."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from aftersales_common.messaging.transport import Transport
from aftersales_common.runtime import ServiceRuntime
from aftersales_common.web.app import create_service_app
from workshop import contracts
from workshop.adapters.tables import messaging, metadata
from workshop.api.routes import router
from workshop.config import WorkshopSettings
from workshop.service.consumers import event_handlers

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def build_runtime(settings: WorkshopSettings | None = None,
                  transport: Transport | None = None) -> ServiceRuntime:
    """Workshop reads check-ins (booking), parts movements (parts) and payments (billing)."""
    settings = settings or WorkshopSettings()
    return ServiceRuntime(
        name="workshop", settings=settings, metadata=metadata, tables=messaging,
        migrations_dir=MIGRATIONS, transport=transport,
        subscriptions=["booking", "parts", "billing"], handlers=event_handlers(settings),
    )


def create_app(settings: WorkshopSettings | None = None,
               transport: Transport | None = None) -> FastAPI:
    """The workshop service app."""
    return create_service_app(
        build_runtime(settings, transport), [router], title="Aftersales workshop",
        description="Repair orders, jobs, quality control and delivery. 维修委托书与车间管理",
        contracts=contracts.PUBLISHED,
    )
