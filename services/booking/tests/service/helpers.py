"""Shared steps of the service tests: slots, bookings, the outbox."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from aftersales_common.auth.demo import DEMO_CUSTOMER_ID, DEMO_DEALER_ID
from booking.seed import DEMO_VEHICLE_ID

DAY = (date.today() + timedelta(days=3)).isoformat()


async def slots(client, h, service_type="maintenance") -> list[dict[str, Any]]:
    r = await client.get("/api/booking/slots", params={"dealer_id": DEMO_DEALER_ID, "date": DAY,
                                                       "service_type": service_type}, headers=h)
    assert r.status_code == 200, r.text
    return r.json()


async def book(client, h, start, customer=DEMO_CUSTOMER_ID, vehicle=DEMO_VEHICLE_ID, **kw):
    body = {"customer_id": customer, "vehicle_id": vehicle, "start": start,
            "service_type": "maintenance", "concern": "发动机异响 engine noise", **kw}
    return await client.post("/api/booking/appointments", json=body, headers=h)


async def outbox(runtime, type_: str | None = None) -> list[dict[str, Any]]:
    """The CloudEvents written to the outbox, oldest first (optionally of one type)."""
    t = runtime.tables.outbox
    query = select(t.c.payload).order_by(t.c.seq)
    if type_:
        query = query.where(t.c.type == type_)
    async with runtime.db.session() as s:
        return [json.loads(p) for p in (await s.execute(query)).scalars()]


_cars = iter(range(1, 10**6))


async def new_car(client, settings, customer: str | None = None) -> tuple[str, str]:
    """A vehicle of its own (and a customer of its own unless `customer` is given), registered
    by an advisor: one customer may hold only a few open appointments and a car one a day."""
    from aftersales_common.testing import bearer

    advisor = bearer(settings, "service_advisor")
    n = next(_cars)
    if customer is None:
        r = await client.post("/api/booking/customers", json={
            "name": f"客户 {n}", "phone": f"+86137{n:08d}", "dealer_id": DEMO_DEALER_ID},
            headers=advisor)
        assert r.status_code == 201, r.text
        customer = r.json()["id"]
    vin = f"LTEST{n:012d}"
    r = await client.post("/api/booking/vehicles", json={
        "customer_id": customer, "vin": vin, "plate": f"沪T{n:05d}", "model": "Lavida",
        "dealer_id": DEMO_DEALER_ID}, headers=advisor)
    assert r.status_code == 201, r.text
    return customer, r.json()["id"]
