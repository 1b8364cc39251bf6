"""China's rules on a vehicle's history and deferred work, through HTTP on both ways to run:
a guarantee-period comeback flagged free, a 三包 alert for the manager after the thresholds, and
deferred work offered again at the next visit with CRM's reminder."""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from aftersales_common.auth.demo import DEMO_DEALER_ID
from tests.integration.test_architecture_defects import customer_and_vehicle, ok, walk_in
from tests.support.api import Api, eventually

Scenario = Callable[[Api], Awaitable[None]]
SCENARIOS: dict[str, Scenario] = {}
W = "/api/workshop"


def scenario(fn: Scenario) -> Scenario:
    SCENARIOS[fn.__name__] = fn
    return fn


async def job(api: Api, order_id: str, op_code: str, **extra: Any) -> dict[str, Any]:
    return ok(await api.post(f"{W}/orders/{order_id}/jobs", as_="advisor", json={
        "op_code": op_code, "description": "维修 repair", "labor_hours": "1",
        "pay_type": "customer", "parts": [], **extra}), 201)  # type: ignore[no-any-return]


async def deliver(api: Api, order: dict[str, Any], op_code: str, odometer: int) -> None:
    """One job on the order, done, checked, washed, paid and the car handed back."""
    oid = order["id"]
    ok(await api.post(f"{W}/orders/{oid}/inspection", as_="advisor",
                      json={"odometer_km": odometer, "fuel_level": 50}))
    jid = (await job(api, oid, op_code))["id"]
    ok(await api.post(f"{W}/orders/{oid}/authorize", as_="advisor", json={"signed_by": "客户"}))
    ok(await api.post(f"{W}/jobs/{jid}/start", as_="tech"))
    ok(await api.post(f"{W}/jobs/{jid}/finish", as_="tech", json={}))
    for level, who in (("self", "tech"), ("foreman", "foreman"), ("final", "qc")):
        ok(await api.post(f"{W}/orders/{oid}/qc", as_=who, json={"passed": True, "level": level}))
    ok(await api.post(f"{W}/orders/{oid}/wash", as_="tech", json={"washed": True}))

    async def invoice() -> Any:
        items = ok(await api.get("/api/billing/invoices", as_="cashier",
                                 params={"order_id": oid}))["items"]
        return items[0] if items and items[0]["status"] == "issued" else None

    issued = await eventually(invoice, what="invoice.issued")
    ok(await api.post(f"/api/billing/invoices/{issued['id']}/payments", as_="cashier",
                      json={"amount": issued["total"], "method": "wechat"}), 201)

    async def paid() -> bool:
        return bool(ok(await api.get(f"{W}/orders/{oid}", as_="advisor"))["paid"])

    await eventually(paid, what="workshop to see the order paid")
    ok(await api.post(f"{W}/orders/{oid}/qc", as_="advisor",
                      json={"passed": True, "level": "pre_delivery"}))
    assert ok(await api.post(f"{W}/orders/{oid}/deliver", as_="advisor",
                             json={"odometer_km": odometer + 5}))["status"] == "delivered"


@scenario
async def a_comeback_within_the_guarantee_period_is_flagged_free(api: Api) -> None:
    customer, vehicle = await customer_and_vehicle(api)
    first = await walk_in(api, customer, vehicle)
    await deliver(api, first, "BRK-PAD-F", 30_000)
    again = await walk_in(api, customer, vehicle)
    ok(await api.post(f"{W}/orders/{again['id']}/inspection", as_="advisor",
                      json={"odometer_km": 30_400, "fuel_level": 40}))
    brakes = await job(api, again["id"], "BRK-PAD-F")
    assert brakes["pay_type"] == "internal" and "质量保证期" in brakes["pay_reason"]
    order = ok(await api.get(f"{W}/orders/{again['id']}", as_="advisor"))
    comeback = order["comeback"]
    assert comeback["of_order"] == first["id"] and comeback["free"] is True
    assert (comeback["within_days"], comeback["within_km"]) == (0, 395)
    assert (comeback["period_days"], comeback["period_km"]) == (10, 2_000)
    other = await job(api, again["id"], "WIPER-RPL")
    assert other["pay_type"] == "customer"


@scenario
async def five_repairs_of_the_same_serious_system_alert_the_manager(api: Api) -> None:
    code = f"ENG-T{random.randrange(10**6)}"
    ok(await api.post(f"{W}/operations", as_="manager", json={
        "dealer_id": DEMO_DEALER_ID, "op_code": code, "name": "发动机异响维修",
        "name_en": "engine noise repair", "standard_hours": "2", "skill": "mechanical",
        "guarantee_class": "minor", "system": "engine", "safety_related": False}), 201)
    customer, vehicle = await customer_and_vehicle(api)

    async def alerts() -> list[dict[str, Any]]:
        page = ok(await api.get(f"{W}/sanbao-alerts", as_="manager",
                                params={"dealer_id": DEMO_DEALER_ID, "vehicle_id": vehicle["id"]}))
        return list(page["items"])

    for n in range(4):
        await deliver(api, await walk_in(api, customer, vehicle), code, 10_000 + 3_000 * n)
    assert await alerts() == []
    await deliver(api, await walk_in(api, customer, vehicle), code, 25_000)
    (alert,) = await alerts()
    assert (alert["reason"], alert["system"], alert["count"], alert["limit"]) == (
        "same_problem", "engine", 5, 4)
    assert alert["plate"] == vehicle["plate"] and len(alert["order_ids"]) == 5
    assert (await api.get(f"{W}/sanbao-alerts", as_="advisor")).status_code == 403
    done = ok(await api.post(f"{W}/sanbao-alerts/{alert['id']}/acknowledge", as_="manager",
                             json={"note": "已报厂家"}))
    assert done["status"] == "acknowledged"


@scenario
async def deferred_work_is_offered_at_the_next_visit_and_crm_reminds(api: Api) -> None:
    customer, vehicle = await customer_and_vehicle(api)
    first = await walk_in(api, customer, vehicle)
    await job(api, first["id"], "MNT-OIL", description="更换机油 oil change", labor_hours="0.5")
    ac = await job(api, first["id"], "BODY-DENT", description="左前门凹陷修复 dent",
                   labor_hours="3")
    deferred = ok(await api.post(f"{W}/jobs/{ac['id']}/defer", as_="advisor",
                                 json={"reason": "下次再修 next time", "remind_on": None}), 201)
    ok(await api.post(f"{W}/orders/{first['id']}/authorize", as_="advisor",
                      json={"signed_by": customer["name"]}))
    listed = ok(await api.get(f"{W}/vehicles/{vehicle['id']}/deferred-work", as_="advisor"))
    assert [w["id"] for w in listed] == [deferred["id"]]

    async def reminder() -> Any:
        page = ok(await api.get("/api/crm/retention-tasks", as_="callback",
                                params={"vehicle_id": vehicle["id"]}))
        return page["items"][0] if page["items"] else None

    task = await eventually(reminder, what="crm to turn work.deferred into a reminder")
    assert task["due_on"] == deferred["reminder_due"] and task["source_id"] == deferred["id"]

    second = await walk_in(api, customer, vehicle)
    taken = ok(await api.post(f"{W}/orders/{second['id']}/deferred-work/{deferred['id']}",
                              as_="advisor"), 201)
    assert taken["op_code"] == "BODY-DENT" and taken["status"] == "estimated"
    assert ok(await api.get(f"{W}/vehicles/{vehicle['id']}/deferred-work", as_="advisor")) == []


@pytest.mark.parametrize("name", sorted(SCENARIOS))
async def test_on_the_embedded_system(name: str, embedded_api: Api) -> None:
    await SCENARIOS[name](embedded_api)


@pytest.mark.realinfra
@pytest.mark.parametrize("name", sorted(SCENARIOS))
async def test_on_kafka_and_postgres(name: str, cluster_api: Api) -> None:
    await SCENARIOS[name](cluster_api)
