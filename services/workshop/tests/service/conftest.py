from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from aftersales_common.auth.demo import DEMO_CUSTOMER_ID, DEMO_DEALER_ID
from aftersales_common.clock import new_id
from aftersales_common.messaging.envelope import CloudEvent
from aftersales_common.testing import bearer, running_client
from workshop.bootstrap import create_app
from workshop.config import WorkshopSettings

VEHICLE_ID = "e0000000-0000-4000-8000-000000000001"
CONCERN = "冷启动时发动机异响，持续约30秒 engine rattles on cold start"


@pytest.fixture
def settings(tmp_path) -> WorkshopSettings:
    return WorkshopSettings(data_dir=tmp_path, app_env="test")


@pytest.fixture
async def client(settings) -> AsyncIterator[httpx.AsyncClient]:
    async with running_client(create_app(settings)) as c:
        yield c


class Shop:
    """Test driver: feeds events to the workshop, reads its outbox, calls its API."""

    concern = CONCERN

    def __init__(self, client: httpx.AsyncClient, settings: WorkshopSettings) -> None:
        self.client, self.settings = client, settings
        self.runtime: Any = client._transport.app.state.runtime  # type: ignore[attr-defined]

    def as_(self, *roles: str, **kw: Any) -> dict[str, str]:
        return bearer(self.settings, *roles, **kw)

    async def feed(self, type_: str, data: dict[str, Any], *, source: str = "booking",
                   event_id: str | None = None) -> bool:
        """Deliver one event to the workshop's consumer, as the bus would."""
        event = CloudEvent(id=event_id or new_id(), source=f"/aftersales/{source}", type=type_,
                           subject=data.get("order_id") or data.get("appointment_id") or "x",
                           dataschema=f"urn:aftersales:event:{type_}:v1",
                           dealerid=data["dealer_id"], data=data)
        return bool(await self.runtime.consumer.process(event))

    @staticmethod
    def checked_in(appointment_id: str, **overrides: Any) -> dict[str, Any]:
        return {
            "appointment_id": appointment_id, "dealer_id": DEMO_DEALER_ID,
            "customer_id": DEMO_CUSTOMER_ID, "vehicle_id": VEHICLE_ID,
            "vin": "LSVAU2180N2183294", "plate": "沪A12345", "model": "VW Lavida",
            "start": "2026-12-01T01:30:00Z", "end": "2026-12-01T02:30:00Z",
            "service_type": "repair", "concern": CONCERN, "status": "checked_in",
            "reason": None, "channel": "phone", "initiated_by": "customer",
            "checked_in_at": "2026-12-01T09:25:00+08:00", **overrides,
        }

    @staticmethod
    def customer(customer_id: str = DEMO_CUSTOMER_ID, **overrides: Any) -> dict[str, Any]:
        """`customer.registered` / `.updated` as booking publishes it."""
        return {
            "customer_id": customer_id, "dealer_id": DEMO_DEALER_ID, "name": "张伟",
            "phone": "13800138000", "email": None,
            "contact_preferences": {"callback_opt_out": False, "sms_opt_out": False,
                                    "preferred_channel": "phone"}, **overrides,
        }

    @staticmethod
    def vehicle(vehicle_id: str = VEHICLE_ID, **overrides: Any) -> dict[str, Any]:
        """`vehicle.registered` / `.updated` as booking publishes it."""
        return {
            "vehicle_id": vehicle_id, "customer_id": DEMO_CUSTOMER_ID, "dealer_id": DEMO_DEALER_ID,
            "vin": "LSVAU2180N2183294", "plate": "沪A12345", "model": "VW Lavida",
            "usage": "private", "mileage_km": 41800, **overrides,
        }

    @staticmethod
    def invoice(order_id: str, invoice_id: str = "inv-1", **overrides: Any) -> dict[str, Any]:
        """The totals every invoice event carries (billing's InvoiceEvent), fully paid."""
        return {
            "invoice_id": invoice_id, "invoice_no": "INV-2026-000001", "order_id": order_id,
            "dealer_id": DEMO_DEALER_ID, "customer_id": DEMO_CUSTOMER_ID, "currency": "CNY",
            "subtotal": "424.78", "vat_rate": "0.13", "vat": "55.22", "total": "480.00",
            "paid": "480.00", "balance": "0.00", **overrides,
        }

    def refund(self, order_id: str, *, settled: bool, invoice_id: str = "inv-1") -> dict[str, Any]:
        """`payment.refunded` as billing publishes it."""
        return {
            **self.invoice(order_id, invoice_id, paid="280.00", balance="200.00"),
            "refund_id": "rf-1", "payment_id": "pay-1", "method": "cash", "amount": "200.00",
            "reason": "多收 overcharged", "refunded_at": "2026-12-01T15:00:00+08:00",
            "status": "issued" if not settled else "paid", "credited": "0.00",
            "balance_due": "200.00" if not settled else "0.00", "invoice_settled": settled,
        }

    async def outbox(self, type_: str | None = None) -> list[dict[str, Any]]:
        """Published envelopes in commit order, optionally of one type."""
        t = self.runtime.tables.outbox
        async with self.runtime.db.session() as s:
            rows = (await s.execute(select(t.c.payload).order_by(t.c.seq))).scalars().all()
        events = [json.loads(r) for r in rows]
        return [e for e in events if type_ is None or e["type"] == type_]

    async def types(self) -> list[str]:
        return [e["type"] for e in await self.outbox()]

    async def orders(self, headers: dict[str, str] | None = None, **params: Any) -> list[Any]:
        r = await self.client.get("/api/workshop/orders", params=params,
                                  headers=headers or self.as_("service_advisor"))
        assert r.status_code == 200, r.text
        return list(r.json()["items"])

    async def checked_in_order(self, appointment_id: str = "a-1", **overrides: Any) -> Any:
        """An order opened by a check-in event."""
        await self.feed("appointment.checked_in", self.checked_in(appointment_id, **overrides))
        (order,) = await self.orders(appointment_id=appointment_id)
        return order


@pytest.fixture
def shop(client, settings) -> Shop:
    return Shop(client, settings)
