"""Events in: deliveries become follow-up tasks once; projections keep the callable list right."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from aftersales_common.auth.demo import DEMO_CUSTOMER_ID, OTHER_CUSTOMER_ID
from aftersales_common.testing import bearer

CALLBACKS = "/api/crm/callbacks"


async def _tasks(client, settings, **params):
    r = await client.get(CALLBACKS, params=params, headers=bearer(settings, "callback_agent"))
    assert r.status_code == 200, r.text
    return r.json()["items"]


async def test_a_delivery_schedules_one_follow_up_due_within_3_days(
        client, runtime, settings, events, outbox):
    await runtime.consumer.process(events.customer())
    await runtime.consumer.process(events.vehicle())
    ev = events.delivered()
    assert await runtime.consumer.process(ev)
    [task] = await _tasks(client, settings, order_id=ev.data["order_id"])
    delivered_at = datetime.fromisoformat(task["delivered_at"])
    due_at = datetime.fromisoformat(task["due_at"])
    assert delivered_at == datetime.fromisoformat(ev.data["delivered_at"])
    assert timedelta(0) < due_at - delivered_at <= timedelta(days=3)
    assert datetime.fromisoformat(task["callable_from"]) == \
        datetime.fromisoformat("2026-03-03T00:00:00+08:00")
    assert task["status"] == "open" and task["attempts_count"] == 0
    assert task["order_no"] == "RO-0001"
    assert task["customer_name"] == "张伟 Zhang Wei" and task["customer_phone"] == "+8613800138000"
    [(kind, data)] = await outbox()
    assert kind == "callback.scheduled"
    assert data["task_id"] == task["id"] and data["status"] == "open"
    assert data["csi_score"] is None and data["order_id"] == ev.data["order_id"]


async def test_the_same_delivery_twice_gives_one_task(client, runtime, settings, events, outbox):
    ev = events.delivered()
    assert await runtime.consumer.process(ev)
    assert not await runtime.consumer.process(ev)  # same event id: inbox skips it
    again = events.delivered(ev.data["order_id"])  # same order, re-published under a new id
    assert await runtime.consumer.process(again)
    assert len(await _tasks(client, settings, order_id=ev.data["order_id"])) == 1
    assert [k for k, _ in await outbox()] == ["callback.scheduled"]


async def test_a_company_car_is_not_on_the_callable_list(client, runtime, settings, events, outbox):
    await runtime.consumer.process(events.vehicle(usage="company"))
    ev = events.delivered()
    await runtime.consumer.process(ev)
    assert await _tasks(client, settings, order_id=ev.data["order_id"]) == []
    [kept] = await _tasks(client, settings, order_id=ev.data["order_id"], status="excluded")
    assert kept["excluded_reason"] == "company_car"
    assert await outbox() == []


async def test_a_staff_car_is_not_called(client, runtime, settings, events):
    await runtime.consumer.process(events.vehicle(usage="staff"))
    ev = events.delivered()
    await runtime.consumer.process(ev)
    assert await _tasks(client, settings, order_id=ev.data["order_id"]) == []


async def test_a_customer_who_opted_out_is_not_called(client, runtime, settings, events):
    await runtime.consumer.process(events.customer(callback_opt_out=True))
    ev = events.delivered()
    await runtime.consumer.process(ev)
    assert await _tasks(client, settings, order_id=ev.data["order_id"]) == []
    [kept] = await _tasks(client, settings, status="excluded")
    assert kept["excluded_reason"] == "callback_opt_out"
    r = await client.post(f"{CALLBACKS}/{kept['id']}/attempts", json={"outcome": "satisfied"},
                          headers=bearer(settings, "callback_agent"))
    assert r.status_code == 409


async def test_unknown_customer_and_vehicle_still_get_a_call(client, runtime, settings, events):
    ev = events.delivered(customer_id=OTHER_CUSTOMER_ID, vehicle_id="unknown-vehicle")
    await runtime.consumer.process(ev)
    [task] = await _tasks(client, settings, order_id=ev.data["order_id"])
    assert task["status"] == "open" and task["customer_name"] is None
    # the customer file arriving later fills in the name on the list
    await runtime.consumer.process(events.customer(OTHER_CUSTOMER_ID, name="李娜 Li Na"))
    [task] = await _tasks(client, settings, order_id=ev.data["order_id"])
    assert task["customer_name"] == "李娜 Li Na"


async def test_an_update_before_the_registration_is_an_upsert_and_old_news_is_ignored(
        client, runtime, settings, events):
    now = datetime.now(UTC)
    await runtime.consumer.process(events.customer(type_="customer.updated", phone="+8613900000001",
                                            time=now))
    await runtime.consumer.process(events.customer(phone="+8613800138000", time=now - timedelta(hours=1)))
    await runtime.consumer.process(events.vehicle(type_="vehicle.updated"))
    await runtime.consumer.process(events.delivered())
    [task] = await _tasks(client, settings)
    assert task["customer_phone"] == "+8613900000001"


async def test_opting_out_after_delivery_takes_the_uncalled_task_off_the_list(
        client, runtime, settings, events):
    await runtime.consumer.process(events.customer())
    await runtime.consumer.process(events.delivered())
    assert len(await _tasks(client, settings, customer_id=DEMO_CUSTOMER_ID)) == 1
    await runtime.consumer.process(events.customer(type_="customer.updated", callback_opt_out=True))
    assert await _tasks(client, settings, customer_id=DEMO_CUSTOMER_ID) == []
    [kept] = await _tasks(client, settings, status="excluded")
    assert kept["excluded_reason"] == "callback_opt_out"


async def test_callable_now_lists_yesterdays_and_earlier_deliveries(client, runtime, settings, events):
    earlier = events.delivered(delivered_at=(datetime.now(UTC) - timedelta(days=2)).isoformat())
    just_now = events.delivered(delivered_at=datetime.now(UTC).isoformat())
    await runtime.consumer.process(earlier)
    await runtime.consumer.process(just_now)
    items = await _tasks(client, settings, callable_now="true")
    assert [t["order_id"] for t in items] == [earlier.data["order_id"]]
    assert len(await _tasks(client, settings)) == 2


# Readers give no defaults to consent or usage: an event without them is dead-lettered.

async def _dead_letters(runtime, type_):
    return [d for d in await runtime.consumer.list_dead_letters() if d["type"] == type_]


async def _deliver(runtime, ev):
    await runtime.consumer.deliver(f"aftersales.{ev.source.rsplit('/', 1)[-1]}", ev.to_json())


@pytest.mark.parametrize("missing", ["callback_opt_out", "sms_opt_out", "contact_preferences"])
async def test_a_customer_file_without_its_opt_outs_is_dead_lettered_not_read_as_consent(
        client, runtime, settings, events, outbox, missing):
    await runtime.consumer.process(events.customer(callback_opt_out=True))
    renamed = events.customer(type_="customer.updated", phone="+8613900000009")
    if missing == "contact_preferences":
        del renamed.data["contact_preferences"]
    else:  # the producer renamed the field
        prefs = renamed.data["contact_preferences"]
        prefs["no_" + missing] = prefs.pop(missing)
    await _deliver(runtime, renamed)
    [letter] = await _dead_letters(runtime, "customer.updated")
    assert letter["event_id"] == renamed.id and "does not fit" in letter["error"]
    ev = events.delivered()
    await runtime.consumer.process(ev)
    assert await _tasks(client, settings, order_id=ev.data["order_id"]) == []
    [kept] = await _tasks(client, settings, status="excluded")
    assert kept["excluded_reason"] == "callback_opt_out"
    assert kept["customer_phone"] == "+8613800138000"  # nothing of the unread event was applied
    assert "callback.scheduled" not in [k for k, _ in await outbox()]


async def test_a_vehicle_file_without_usage_is_dead_lettered_not_read_as_a_private_car(
        client, runtime, settings, events, outbox):
    await runtime.consumer.process(events.vehicle(usage="company"))
    no_usage = events.vehicle(type_="vehicle.updated")
    del no_usage.data["usage"]
    unknown_usage = events.vehicle(type_="vehicle.updated", usage="fleet")
    await _deliver(runtime, no_usage)
    await _deliver(runtime, unknown_usage)
    letters = await _dead_letters(runtime, "vehicle.updated")
    assert {d["event_id"] for d in letters} == {no_usage.id, unknown_usage.id}
    ev = events.delivered()
    await runtime.consumer.process(ev)
    assert await _tasks(client, settings, order_id=ev.data["order_id"]) == []
    [kept] = await _tasks(client, settings, status="excluded")
    assert kept["excluded_reason"] == "company_car"
    assert await outbox() == []


@pytest.mark.parametrize("kind", ["customer", "vehicle", "delivered"])
async def test_a_major_version_crm_does_not_read_is_dead_lettered(
        client, runtime, settings, events, outbox, kind):
    await runtime.consumer.process(events.customer(callback_opt_out=True))
    await runtime.consumer.process(events.vehicle(usage="company"))
    newer = {"customer": lambda: events.customer(type_="customer.updated"),
             "vehicle": lambda: events.vehicle(type_="vehicle.updated"),
             "delivered": events.delivered}[kind]()
    newer.dataschema = newer.dataschema.replace(":v1", ":v2")
    await _deliver(runtime, newer)
    [letter] = await _dead_letters(runtime, newer.type)
    assert letter["event_id"] == newer.id and "v2" in letter["error"]
    ev = events.delivered()
    await runtime.consumer.process(ev)
    assert await _tasks(client, settings, order_id=ev.data["order_id"]) == []
    assert await outbox() == []
