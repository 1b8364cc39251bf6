"""Wiring: settings -> runtime -> app. The only place that knows every piece."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from aftersales_common.messaging.inbox import Reactions
from aftersales_common.messaging.transport import Transport
from aftersales_common.runtime import ServiceRuntime
from aftersales_common.web.app import create_service_app
from aftersales_common.web.longpoll import LiveRuntime
from parts import contracts
from parts.adapters.tables import messaging, metadata
from parts.api.routes import router
from parts.config import PartsSettings
from parts.readers import JobStarted, OrderApproved, OrderCancelled
from parts.seed import seed_demo
from parts.service import reactions as r

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def build_reactions(settings: PartsSettings) -> Reactions:
    """Every workshop event parts reacts to, with its reader and major version."""
    return (Reactions()
            .on("order.authorized", OrderApproved, r.on_order_approved, major=1)
            .on("order.additional_work_approved", OrderApproved, r.on_order_approved, major=1)
            .on("job.started", JobStarted, r.on_job_started, major=1)
            .on("order.cancelled", OrderCancelled, r.on_order_cancelled, major=1))


def build_runtime(settings: PartsSettings | None = None,
                  transport: Transport | None = None) -> ServiceRuntime:
    """Parts reads workshop's order and job events; it publishes reservations, issues, shortages."""
    settings = settings or PartsSettings()
    return LiveRuntime(  # its commits wake long polls
        name="parts", settings=settings, metadata=metadata, tables=messaging,
        migrations_dir=MIGRATIONS, transport=transport, subscriptions=["workshop"],
        reactions=build_reactions(settings), event_mapper=contracts.publish,
        seed=seed_demo if settings.seed_demo and settings.app_env != "production" else None,
    )


def create_app(settings: PartsSettings | None = None,
               transport: Transport | None = None) -> FastAPI:
    """The parts service app."""
    return create_service_app(
        build_runtime(settings, transport), [router], title="Aftersales parts",
        description="Catalogue, stock, reservations, issue to repair orders, shortages. 备件管理",
        contracts=contracts.PUBLISHED,
    )
