"""Wiring: settings -> runtime -> app. The only place that knows every piece."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from aftersales_common.messaging.transport import Transport
from aftersales_common.runtime import ServiceRuntime
from aftersales_common.web.app import create_service_app
from crm import contracts
from crm.adapters.tables import messaging, metadata
from crm.api.routes import router
from crm.config import CrmSettings
from crm.service.events import event_handlers

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def build_runtime(settings: CrmSettings | None = None,
                  transport: Transport | None = None) -> ServiceRuntime:
    """CRM reads booking's customer/vehicle events and workshop's deliveries."""
    settings = settings or CrmSettings()
    return ServiceRuntime(
        name="crm", settings=settings, metadata=metadata, tables=messaging,
        migrations_dir=MIGRATIONS, transport=transport, subscriptions=["booking", "workshop"],
        handlers=event_handlers(settings),
    )


def create_app(settings: CrmSettings | None = None,
               transport: Transport | None = None) -> FastAPI:
    """The crm service app."""
    return create_service_app(
        build_runtime(settings, transport), [router], title="Aftersales crm",
        description="Follow-up calls, CSI surveys and complaints. 回访、满意度调查与投诉",
        contracts=contracts.PUBLISHED,
    )
