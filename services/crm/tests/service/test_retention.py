"""Declined or deferred work from workshop becomes a retention reminder, once."""

from __future__ import annotations

import pytest

from aftersales_common.auth.demo import DEMO_CUSTOMER_ID, DEMO_DEALER_ID, OTHER_DEALER_ID
from aftersales_common.clock import new_id
from aftersales_common.messaging.inbox import PoisonEvent
from aftersales_common.testing import bearer

from ..conftest import DEMO_VEHICLE_ID, event

TASKS = "/api/crm/retention-tasks"


def deferred(**overrides):
    """`work.deferred` as workshop publishes it."""
    return event("work.deferred", {
        "deferred_id": new_id(), "order_id": new_id(), "order_no": "RO20261201-0001",
        "dealer_id": DEMO_DEALER_ID, "vehicle_id": DEMO_VEHICLE_ID,
        "customer_id": DEMO_CUSTOMER_ID, "vin": "LSVAU2180N2183294", "plate": "沪A12345",
        "job_id": new_id(), "op_code": "AC-CLEAN", "description": "空调清洗", "labor_hours": "0.8",
        "kind": "deferred", "reason": "下次再做", "remind_on": None, "reminder_due": "2027-01-01",
        "deferred_at": "2026-12-02T10:00:00+08:00", **overrides})


async def test_deferred_work_becomes_one_reminder_due_when_workshop_says(client, runtime, settings):
    ev = deferred()
    assert await runtime.consumer.process(ev)
    again = ev.model_copy(update={"id": new_id()})  # the same deferral published again
    await runtime.consumer.process(again)
    r = await client.get(TASKS, params={"vehicle_id": DEMO_VEHICLE_ID},
                         headers=bearer(settings, "callback_agent"))
    assert r.status_code == 200, r.text
    (task,) = r.json()["items"]
    assert (task["due_on"], task["source"], task["status"]) == ("2027-01-01", "deferred_work", "open")
    assert task["source_id"] == ev.data["deferred_id"] and "AC-CLEAN" in task["title"]
    assert task["reason"] == "下次再做"

    advisor = bearer(settings, "service_advisor")
    assert (await client.get(TASKS, headers=advisor)).status_code == 200
    r = await client.post(f"{TASKS}/{task['id']}/complete", headers=advisor,
                          json={"outcome": "booked"})
    assert r.status_code == 403
    agent = bearer(settings, "callback_agent")
    r = await client.post(f"{TASKS}/{task['id']}/complete", headers=agent,
                          json={"outcome": "booked", "note": "周六来做"})
    assert r.status_code == 200 and r.json()["status"] == "done"
    assert (await client.post(f"{TASKS}/{task['id']}/complete", headers=agent,
                              json={"outcome": "booked"})).status_code == 409
    other = bearer(settings, "callback_agent", dealer_ids=[OTHER_DEALER_ID])
    assert (await client.get(TASKS, headers=other)).json()["items"] == []
    assert (await client.post(f"{TASKS}/{task['id']}/complete", headers=other,
                              json={"outcome": "booked"})).status_code == 404


async def test_a_deferral_without_its_due_date_is_dead_lettered(client, runtime, settings):
    ev = deferred()
    del ev.data["reminder_due"]
    with pytest.raises(PoisonEvent):
        await runtime.consumer.process(ev)
    r = await client.get(TASKS, headers=bearer(settings, "manager"))
    assert r.json()["items"] == []
