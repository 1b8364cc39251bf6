"""No overbooking under concurrent requests, on SQLite (embedded) and PostgreSQL (distributed)."""

from __future__ import annotations

import asyncio
import random
from datetime import date, timedelta

import pytest

from aftersales_common.auth.demo import DEMO_DEALER_ID
from tests.support.api import Api
from tests.support.golden_path import random_mobile, random_vin


async def _race_for_one_slot(api: Api, seed: int) -> None:
    rng = random.Random(seed)
    vehicles = []
    for i in range(8):
        c = (await api.post("/api/booking/customers", as_="advisor", json={
            "name": f"并发 {i}", "phone": random_mobile(rng), "dealer_id": DEMO_DEALER_ID})).json()
        v = (await api.post("/api/booking/vehicles", as_="advisor", json={
            "customer_id": c["id"], "vin": random_vin(rng), "plate": f"沪R{i:05d}",
            "model": "X", "dealer_id": DEMO_DEALER_ID})).json()
        vehicles.append((c["id"], v["id"]))
    day = (date.today() + timedelta(days=90 + seed % 30)).isoformat()
    slots = (await api.get("/api/booking/slots", as_="advisor", params={
        "dealer_id": DEMO_DEALER_ID, "date": day, "service_type": "maintenance"})).json()
    slot = next(s for s in slots if s["free"] > 0)
    results = await asyncio.gather(*[
        api.post("/api/booking/appointments", as_="advisor", json={
            "customer_id": c, "vehicle_id": v, "start": slot["start"],
            "service_type": "maintenance", "concern": "race"})
        for c, v in vehicles])
    codes = [r.status_code for r in results]
    assert codes.count(201) == slot["free"] and codes.count(409) == 8 - slot["free"], codes
    after = (await api.get("/api/booking/slots", as_="advisor", params={
        "dealer_id": DEMO_DEALER_ID, "date": day, "service_type": "maintenance"})).json()
    assert next(s for s in after if s["start"] == slot["start"])["free"] == 0


async def test_no_overbooking_embedded(embedded_api: Api) -> None:
    await _race_for_one_slot(embedded_api, seed=11)


@pytest.mark.realinfra
async def test_no_overbooking_on_postgres(cluster_api: Api) -> None:
    await _race_for_one_slot(cluster_api, seed=12)
