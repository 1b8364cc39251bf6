"""No overbooking and no lost first write under concurrent requests, on SQLite (embedded) and
PostgreSQL (distributed)."""

from __future__ import annotations

import asyncio
import random
from datetime import date, timedelta

import pytest

from aftersales_common.auth.demo import DEMO_DEALER_ID
from aftersales_common.auth.tokens import issue_dev_token
from aftersales_common.clock import new_id
from aftersales_common.settings import ServiceSettings
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


async def _first_writes_at_once(api: Api) -> None:
    """A dealer's first policy, rates and operation written by several requests at once.

    A PUT replaces the whole row, so every one of the concurrent first PUTs succeeds and one of
    them is kept; a create of the same operation code succeeds once, the others are 409; never a
    500 from the key the requests race for.
    """
    dealer = new_id()
    bearer = {"Authorization": "Bearer " + issue_dev_token(
        ServiceSettings(app_env="test"), sub=f"race-{dealer[:8]}", roles=["manager"],
        dealer_ids=[dealer], ttl_seconds=600)}
    policy = (await api.get("/api/workshop/policy", headers=bearer,
                            params={"dealer_id": dealer})).json()
    body = {k: v for k, v in policy.items()
            if k not in ("dealer_id", "max_margin_pct", "updated_by", "updated_at")}
    margins = [str(m) for m in range(1, 7)]
    puts = await asyncio.gather(*[
        api.request("PUT", "/api/workshop/policy", headers=bearer, params={"dealer_id": dealer},
                    json={**body, "estimate_margin_pct": m}) for m in margins])
    assert [r.status_code for r in puts] == [200] * 6, [r.text for r in puts]
    kept = (await api.get("/api/workshop/policy", headers=bearer,
                          params={"dealer_id": dealer})).json()
    assert kept["estimate_margin_pct"] in margins and kept["updated_by"]

    rates = [f"{300 + i}.00" for i in range(6)]
    puts = await asyncio.gather(*[
        api.request("PUT", f"/api/billing/dealers/{dealer}/rates", headers=bearer,
                    json={"labour_rate": rate}) for rate in rates])
    assert [r.status_code for r in puts] == [200] * 6, [r.text for r in puts]
    kept = (await api.get(f"/api/billing/dealers/{dealer}/rates", headers=bearer)).json()
    assert kept["labour_rate"] in rates

    op = {"dealer_id": dealer, "op_code": "RACE-1", "name": "并发", "name_en": "Race",
          "standard_hours": "0.5", "skill": "mechanical", "guarantee_class": "minor",
          "system": "engine"}
    creates = await asyncio.gather(*[
        api.post("/api/workshop/operations", headers=bearer, json=op) for _ in range(6)])
    codes = sorted(r.status_code for r in creates)
    assert codes == [201] + [409] * 5, [(r.status_code, r.text[:90]) for r in creates]


async def test_first_writes_at_once_embedded(embedded_api: Api) -> None:
    await _first_writes_at_once(embedded_api)


@pytest.mark.realinfra
async def test_first_writes_at_once_on_postgres(cluster_api: Api) -> None:
    await _first_writes_at_once(cluster_api)
