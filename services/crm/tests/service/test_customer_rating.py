"""The customer rates their own visit from the phone: once, their own only; pending list."""

from __future__ import annotations

from aftersales_common.auth.demo import DEMO_CUSTOMER_ID, OTHER_CUSTOMER_ID
from aftersales_common.testing import bearer

SCORES = {"facilities": 9, "personnel": 10, "execution": 8, "cost": 7, "follow_up": 9}


def _customer(settings, customer_id=DEMO_CUSTOMER_ID):
    return bearer(settings, "customer", customer_id=customer_id, sub=f"cust-{customer_id[:8]}")


async def test_customer_rates_own_visit_once_and_it_leaves_the_pending_list(
        client, settings, task, outbox):
    me = _customer(settings)
    pending = (await client.get("/api/crm/visits", params={"pending": "true"}, headers=me)).json()
    assert [v["order_id"] for v in pending["items"]] == [task["order_id"]]
    assert pending["items"][0]["rated"] is False
    r = await client.post(f"/api/crm/visits/{task['order_id']}/rating",
                          json={"scores": SCORES, "comment": "很满意"}, headers=me)
    assert r.status_code == 201, r.text
    assert r.json()["csi_score"] == "89.1" and r.json()["surveyed_by"] == "cust-c0000000"
    again = await client.post(f"/api/crm/visits/{task['order_id']}/rating",
                              json={"scores": SCORES}, headers=me)
    assert again.status_code == 409
    pending = (await client.get("/api/crm/visits", params={"pending": "true"}, headers=me)).json()
    assert pending["items"] == []
    visits = (await client.get("/api/crm/visits", headers=me)).json()["items"]
    assert visits[0]["rated"] is True and visits[0]["csi_score"] == "89.1"
    completed = [d for t, d in await outbox() if t == "callback.completed"]
    assert completed[-1]["csi_score"] == "89.1" and completed[-1]["outcome"] == "surveyed"


async def test_another_customers_visit_is_not_found_and_not_listed(client, settings, task):
    other = _customer(settings, OTHER_CUSTOMER_ID)
    r = await client.post(f"/api/crm/visits/{task['order_id']}/rating", json={"scores": SCORES},
                          headers=other)
    assert r.status_code == 404
    assert (await client.get("/api/crm/visits", headers=other)).json()["items"] == []


async def test_customers_still_cannot_reach_the_callback_desk(client, settings, task):
    me = _customer(settings)
    assert (await client.get("/api/crm/callbacks", headers=me)).status_code == 403
    r = await client.post(f"/api/crm/callbacks/{task['id']}/survey", json={"scores": SCORES},
                          headers=me)
    assert r.status_code == 403
    staff = await client.get("/api/crm/visits", headers=bearer(settings, "callback_agent"))
    assert staff.status_code == 403
