from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from aftersales_common.auth.demo import DEMO_CUSTOMER_ID, DEMO_DEALER_ID
from aftersales_common.clock import new_id
from aftersales_common.messaging.envelope import CloudEvent
from aftersales_common.testing import bearer, running_client
from crm.bootstrap import create_app
from crm.config import CrmSettings

DEMO_VEHICLE_ID = "e0000000-0000-4000-8000-000000000001"


@pytest.fixture
def settings(tmp_path) -> CrmSettings:
    return CrmSettings(data_dir=tmp_path, app_env="test")


@asynccontextmanager
async def crm_client(settings: CrmSettings) -> AsyncIterator[httpx.AsyncClient]:
    """The crm app running in process."""
    async with running_client(create_app(settings)) as c:
        yield c


@pytest.fixture
def make_client() -> Callable[[CrmSettings], Any]:
    """Run another crm app (e.g. with other settings)."""
    return crm_client


@pytest.fixture
async def client(settings) -> AsyncIterator[httpx.AsyncClient]:
    async with crm_client(settings) as c:
        yield c


@pytest.fixture
def runtime(client) -> Any:
    return client._transport.app.state.runtime


@pytest.fixture
def agent(settings):
    return bearer(settings, "callback_agent")


@pytest.fixture
async def task(client, runtime, events, agent):
    """A delivered car's open follow-up task for the demo customer."""
    await runtime.consumer.process(events.customer())
    ev = events.delivered()
    await runtime.consumer.process(ev)
    r = await client.get("/api/crm/callbacks", params={"order_id": ev.data["order_id"]},
                         headers=agent)
    return r.json()["items"][0]


def event(type_: str, data: dict[str, Any], *, subject: str | None = None,
          time: datetime | None = None, source: str = "workshop") -> CloudEvent:
    """An envelope as another service would publish it."""
    extra = {"time": time} if time else {}
    return CloudEvent(source=f"/aftersales/{source}", type=type_,
                      subject=subject or next(iter(data.values())),
                      dataschema=f"urn:aftersales:event:{type_}:v1",
                      dealerid=data.get("dealer_id", DEMO_DEALER_ID), data=data, **extra)


def delivered(order_id: str | None = None, *, delivered_at: str = "2026-03-02T15:00:00+08:00",
              customer_id: str = DEMO_CUSTOMER_ID, vehicle_id: str = DEMO_VEHICLE_ID,
              dealer_id: str = DEMO_DEALER_ID) -> CloudEvent:
    order_id = order_id or new_id()
    return event("vehicle.delivered", {
        "order_id": order_id, "order_no": "RO-0001", "dealer_id": dealer_id,
        "vehicle_id": vehicle_id, "customer_id": customer_id, "delivered_at": delivered_at,
        "odometer_km": 12345}, subject=order_id)


def customer(customer_id: str = DEMO_CUSTOMER_ID, *, type_: str = "customer.registered",
             callback_opt_out: bool = False, sms_opt_out: bool = False, name: str = "张伟 Zhang Wei",
             phone: str = "+8613800138000", time: datetime | None = None) -> CloudEvent:
    return event(type_, {
        "customer_id": customer_id, "dealer_id": DEMO_DEALER_ID, "name": name, "phone": phone,
        "email": None, "contact_preferences": {"callback_opt_out": callback_opt_out,
                                               "sms_opt_out": sms_opt_out,
                                               "preferred_channel": "phone"}},
        source="booking", time=time)


def vehicle(vehicle_id: str = DEMO_VEHICLE_ID, *, usage: str = "private",
            customer_id: str = DEMO_CUSTOMER_ID, type_: str = "vehicle.registered") -> CloudEvent:
    return event(type_, {
        "vehicle_id": vehicle_id, "customer_id": customer_id, "dealer_id": DEMO_DEALER_ID,
        "vin": "LSVAU2180N2183294", "plate": "沪A12345", "model": "VW Lavida", "usage": usage,
        "mileage_km": 12000}, source="booking")


async def published(runtime: Any) -> list[tuple[str, dict[str, Any]]]:
    """(type, data) of every event crm wrote to its outbox, in order."""
    t = runtime.tables.outbox
    async with runtime.db.session() as s:
        rows = (await s.execute(select(t.c.type, t.c.payload).order_by(t.c.seq))).all()
    return [(r.type, json.loads(r.payload)["data"]) for r in rows]


@pytest.fixture
def events() -> SimpleNamespace:
    """Builders of the envelopes booking and workshop publish."""
    return SimpleNamespace(delivered=delivered, customer=customer, vehicle=vehicle)


@pytest.fixture
def outbox(runtime) -> Callable[[], Awaitable[list[tuple[str, dict[str, Any]]]]]:
    """What crm has published so far."""
    return lambda: published(runtime)
