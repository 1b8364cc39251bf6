"""A service killed with SIGKILL loses nothing: after a restart it catches up from Kafka."""

from __future__ import annotations

import asyncio
import random
from datetime import date, timedelta

import pytest

from aftersales_common.auth.demo import DEMO_DEALER_ID
from tests.support.api import Api, eventually
from tests.support.cluster import Cluster
from tests.support.golden_path import random_mobile, random_vin

pytestmark = pytest.mark.realinfra


async def test_killed_consumer_catches_up_after_restart(cluster: Cluster, cluster_api: Api
                                                        ) -> None:
    api, rng = cluster_api, random.Random(4242)
    customer = (await api.post("/api/booking/customers", as_="advisor", json={
        "name": "崩溃测试 Crash", "phone": random_mobile(rng), "dealer_id": DEMO_DEALER_ID})).json()
    vehicle = (await api.post("/api/booking/vehicles", as_="advisor", json={
        "customer_id": customer["id"], "vin": random_vin(rng), "plate": "沪K00001",
        "model": "X", "dealer_id": DEMO_DEALER_ID})).json()
    day = (date.today() + timedelta(days=150)).isoformat()
    slot = (await api.get("/api/booking/slots", as_="advisor", params={
        "dealer_id": DEMO_DEALER_ID, "date": day})).json()[0]
    appointment = (await api.post("/api/booking/appointments", as_="advisor", json={
        "customer_id": customer["id"], "vehicle_id": vehicle["id"], "start": slot["start"],
        "service_type": "repair", "concern": "仪表盘报警灯亮 warning light"})).json()

    cluster.kill("workshop")  # no shutdown hooks, no offset commits
    checked_in = await api.post(f"/api/booking/appointments/{appointment['id']}/check-in",
                                as_="advisor")
    assert checked_in.status_code == 200  # booking does not depend on workshop being up
    await asyncio.sleep(1.0)
    cluster.start_service("workshop")
    await asyncio.to_thread(cluster.wait_ready, "workshop")

    async def opened() -> list:
        r = await api.get("/api/workshop/orders", as_="advisor",
                          params={"appointment_id": appointment["id"]})
        return r.json()["items"]

    orders = await eventually(opened, what="the order opened after the restart", limit=60)
    assert len(orders) == 1 and orders[0]["concern"] == "仪表盘报警灯亮 warning light"
    await asyncio.sleep(1.0)
    assert len(await opened()) == 1
