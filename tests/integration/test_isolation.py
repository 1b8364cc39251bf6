"""Nobody sees what is not theirs: customer A vs customer B, dealer A staff vs dealer B staff."""

from __future__ import annotations

import pytest

from aftersales_common.auth.demo import DEMO_CUSTOMER_ID
from tests.support.api import Api
from tests.support.golden_path import run_golden_path

DEMO_VEHICLE_ID = "e0000000-0000-4000-8000-000000000001"


async def _check_isolation(api: Api) -> None:
    trace = await run_golden_path(api, index=7, existing=(DEMO_CUSTOMER_ID, DEMO_VEHICLE_ID))
    records = {
        "vehicle": f"/api/booking/vehicles/{trace.ids['vehicle']}",
        "appointment": f"/api/booking/appointments/{trace.ids['appointment']}",
        "order": f"/api/workshop/orders/{trace.ids['order']}",
        "invoice": f"/api/billing/invoices/{trace.ids['invoice']}",
    }
    for name, path in records.items():
        mine = await api.get(path, as_="zhang")
        assert mine.status_code == 200, f"owner cannot read own {name}: {mine.text}"
        other_customer = await api.get(path, as_="li")
        assert other_customer.status_code == 404, f"customer B read A's {name}"
        other_dealer = await api.get(path, as_="advisor2")
        assert other_dealer.status_code == 404, f"dealer B staff read dealer A's {name}"
        assert other_customer.headers["content-type"] == "application/problem+json"
    callback = f"/api/crm/callbacks/{trace.ids['callback']}"
    assert (await api.get(callback, as_="callback")).status_code == 200
    assert (await api.get(callback, as_="advisor2")).status_code == 404
    lists = {
        "/api/booking/vehicles": {},
        "/api/workshop/orders": {},
        "/api/billing/invoices": {"order_id": trace.ids["order"]},
        "/api/crm/callbacks": {"order_id": trace.ids["order"]},
    }
    for path, params in lists.items():
        r = await api.get(path, as_="advisor2", params=params)
        assert r.status_code in (200, 403), r.text
        if r.status_code == 200:
            ids = {item["id"] for item in r.json()["items"]}
            assert not ids & set(trace.ids.values()), f"{path} leaked dealer A's records"
    for path in ("/api/booking/vehicles", "/api/workshop/orders", "/api/billing/invoices"):
        r = await api.get(path, as_="li")
        assert r.status_code == 200
        assert not {i["id"] for i in r.json()["items"]} & set(trace.ids.values())


async def test_isolation_embedded(embedded_api: Api) -> None:
    await _check_isolation(embedded_api)


@pytest.mark.realinfra
async def test_isolation_on_kafka_and_postgres(cluster_api: Api) -> None:
    await _check_isolation(cluster_api)
