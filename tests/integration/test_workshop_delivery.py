"""The three checks, washing, delivery with a gate pass and the next service, the electronic repair
record and the repair archive, through HTTP on the embedded system and on the distributed one
(real Kafka and PostgreSQL, one process per service).

The scenario: two jobs; the self-check passes, the foreman's re-check fails (one point of his
checklist not OK) and sends one job back; the technician reworks it; self → foreman → final pass;
the advisor's check waits for washing; washed: ready; the advisor's check; paid; delivered with a
gate pass the gate checks once; `repair_record.created` read from the workshop's topic.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from aftersales_common.auth.demo import DEMO_CUSTOMER_ID, DEMO_DEALER_ID
from tests.integration.test_architecture_defects import ok, part_in_stock
from tests.support.api import Api, eventually

DEMO_VEHICLE_ID = "e0000000-0000-4000-8000-000000000001"  # zhang's Lavida (booking's demo files)
TOPIC = "aftersales.workshop"
Events = Callable[[str], Awaitable[list[dict[str, Any]]]]
"""The events published on the workshop's topic for one order (the message key)."""


async def _checklist(api: Api, level: str, *, not_ok: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    (sheet,) = ok(await api.get("/api/workshop/qc-checklists", as_="foreman",
                                params={"dealer_id": DEMO_DEALER_ID, "level": level}))
    return [{"item": i["code"], "ok": i["code"] not in not_ok,
             "note": "路试刹车异响 brakes squeal on the road test" if i["code"] in not_ok else ""}
            for i in sheet["items"]]


async def _check(api: Api, order_id: str, level: str, as_: str, *, passed: bool = True,
                 not_ok: tuple[str, ...] = (), **extra: Any) -> Any:
    return await api.post(f"/api/workshop/orders/{order_id}/qc", as_=as_, json={
        "level": level, "passed": passed, "notes": "OK" if passed else "不合格",
        "checklist": await _checklist(api, level, not_ok=not_ok), **extra})


async def _work(api: Api, job_id: str) -> None:
    ok(await api.post(f"/api/workshop/jobs/{job_id}/start", as_="tech"))
    ok(await api.post(f"/api/workshop/jobs/{job_id}/finish", as_="tech", json={}))


async def three_checks_wash_and_delivery(api: Api, events: Events) -> None:
    tag = f"{random.randrange(10**6):06d}"

    async def opened() -> Any:  # once workshop's files know zhang and his car (booking's seed)
        r = await api.post("/api/workshop/orders", as_="advisor", json={
            "dealer_id": DEMO_DEALER_ID, "customer_id": DEMO_CUSTOMER_ID,
            "vehicle_id": DEMO_VEHICLE_ID, "concern": "刹车异响 brakes squeal",
            "service_type": "repair"})
        return None if r.status_code == 422 else ok(r, 201)

    order = await eventually(opened, what="workshop to know the demo customer's car")
    oid = order["id"]
    ok(await api.post(f"/api/workshop/orders/{oid}/inspection", as_="advisor",
                      json={"odometer_km": 41_800, "fuel_level": 40, "notes": ""}))
    part_no = await part_in_stock(api)
    brakes = ok(await api.post(f"/api/workshop/orders/{oid}/jobs", as_="advisor", json={
        "op_code": f"BRK-{tag}", "description": "更换前刹车片 front brake pads",
        "labor_hours": "1.5", "pay_type": "customer",
        "parts": [{"part_no": part_no, "qty": "1"}]}), 201)
    align = ok(await api.post(f"/api/workshop/orders/{oid}/jobs", as_="advisor", json={
        "op_code": f"ALN-{tag}", "description": "四轮定位 wheel alignment", "labor_hours": "1",
        "pay_type": "customer", "parts": []}), 201)
    ok(await api.post(f"/api/workshop/orders/{oid}/authorize", as_="advisor",
                      json={"signed_by": "张伟"}))

    async def reserved() -> Any:
        p = ok(await api.get(f"/api/parts/parts/{part_no}", as_="parts",
                             params={"dealer_id": DEMO_DEALER_ID}))
        return p if Decimal(p["reserved"]) == 1 else None

    await eventually(reserved, what="parts.reserved")
    for job in (brakes, align):
        await _work(api, job["id"])

    # the three checks in order, with a failure at the foreman's level
    ok(await _check(api, oid, "self", "tech"))
    half = await api.post(f"/api/workshop/orders/{oid}/qc", as_="foreman", json={
        "level": "foreman", "passed": True, "checklist": [{"item": "road_test", "ok": True}]})
    assert half.status_code == 422, half.text  # a half-filled sheet is no check
    lying = await _check(api, oid, "foreman", "foreman", passed=True, not_ok=("road_test",))
    assert lying.status_code == 422, lying.text  # a pass with a point not OK
    failed = ok(await _check(api, oid, "foreman", "foreman", passed=False, not_ok=("road_test",),
                             job_ids=[brakes["id"]]))
    assert failed["status"] == "qc_failed" and failed["rework_count"] == 1
    last = failed["qc_checks"][-1]
    assert last["level"] == "foreman" and last["rework_by"] == {brakes["id"]: "tech"}
    assert [a["item"] for a in last["checklist"] if not a["ok"]] == ["road_test"]
    jobs = {j["id"]: j for j in failed["jobs"]}
    assert jobs[brakes["id"]]["status"] == "rework" and jobs[align["id"]]["status"] == "finished"
    comebacks = ok(await api.get("/api/workshop/qc/comebacks", as_="manager",
                                 params={"dealer_id": DEMO_DEALER_ID}))
    assert any(c["technician"] == "tech" and c["by_level"].get("foreman", 0) >= 1
               for c in comebacks)
    assert (await _check(api, oid, "final", "qc")).status_code == 409  # the round restarted

    await _work(api, brakes["id"])  # the rework
    ok(await _check(api, oid, "self", "tech"))
    ok(await _check(api, oid, "foreman", "foreman"))
    passed = ok(await _check(api, oid, "final", "qc"))
    assert passed["status"] == "qc_passed" and passed["progress"] == "quality_check"
    early = await _check(api, oid, "pre_delivery", "advisor")
    assert early.status_code == 409 and early.json()["type"].endswith("not-ready")

    # washing: ready only now
    washed = ok(await api.post(f"/api/workshop/orders/{oid}/wash", as_="tech", json={}))
    assert washed["progress"] == "ready" and washed["wash"]["outcome"] == "washed"
    ok(await _check(api, oid, "pre_delivery", "advisor"))
    levels = [(c["level"], c["passed"]) for c in (await _order(api, oid))["qc_checks"]]
    assert levels == [("self", True), ("foreman", False), ("self", True), ("foreman", True),
                      ("final", True), ("pre_delivery", True)]

    # paid, then delivered: the next service and a gate pass
    async def issued() -> Any:
        items = ok(await api.get("/api/billing/invoices", as_="cashier",
                                 params={"order_id": oid}))["items"]
        return items[0] if items and items[0]["status"] == "issued" else None

    invoice = await eventually(issued, what="invoice.issued")
    ok(await api.post(f"/api/billing/invoices/{invoice['id']}/payments", as_="cashier",
                      json={"amount": invoice["total"], "method": "wechat"}), 201)
    assert (await api.get(f"/api/workshop/orders/{oid}/gate-pass", as_="advisor")).status_code == 404

    async def delivered() -> Any:
        r = await api.post(f"/api/workshop/orders/{oid}/deliver", as_="advisor", json={
            "odometer_km": 41_812, "documents_handed": ["settlement", "repair_order", "keys"]})
        return None if r.status_code == 409 else ok(r)

    done = await eventually(delivered, what="delivery after invoice.paid")
    advice = done["next_service"]
    delivered_on = datetime.fromisoformat(done["delivered_at"]).date()
    assert advice["due_km"] > 41_812 and date.fromisoformat(advice["due_on"]) > delivered_on
    gate = ok(await api.get(f"/api/workshop/orders/{oid}/gate-pass", as_="zhang"))
    assert gate["code"] == done["gate_pass"]["code"] and gate["used"] is False
    assert (await api.get(f"/api/workshop/orders/{oid}/gate-pass", as_="li")).status_code == 404
    out = ok(await api.post(f"/api/workshop/gate-passes/{gate['code']}/check", as_="cashier"))
    assert out["used"] is True and out["plate"] == done["plate"]
    again = await api.post(f"/api/workshop/gate-passes/{gate['code']}/check", as_="cashier")
    assert again.status_code == 409 and again.json()["type"].endswith("already-used")
    assert (await api.post("/api/workshop/gate-passes/ZZZZ9999/check",
                           as_="cashier")).status_code == 404

    # the electronic repair record, as partners read it from the workshop's topic
    async def recorded() -> Any:
        found = [e for e in await events(oid) if e["type"] == "repair_record.created"]
        return found[0] if found else None

    record = (await eventually(recorded, what="repair_record.created on the topic"))["data"]
    assert record["order_id"] == oid and record["vin"] == done["vin"]
    assert record["plate"] == done["plate"] and record["mileage_km"] == 41_812
    assert record["settlement_no"] == invoice["invoice_no"]
    assert record["repair_ended_on"] == delivered_on.isoformat()
    assert record["fault_description"] == "刹车异响 brakes squeal"
    assert {(i["op_code"], i["labor_hours"]) for i in record["items"]} == {
        (f"BRK-{tag}", "1.5"), (f"ALN-{tag}", "1")}
    assert [(p["part_no"], p["qty"], p["origin"]) for p in record["parts"]] == [
        (part_no, "1", "original")]
    assert Decimal(record["total_hours"]) == Decimal("2.5")
    types = [e["type"] for e in await events(oid)]
    assert types.index("order.qc_passed") < types.index("vehicle.ready") < types.index(
        "vehicle.delivered") < types.index("repair_record.created")
    assert "vehicle.exited" in types

    # the repair archive: the owner reads it, another customer does not
    archive = ok(await api.get(f"/api/workshop/orders/{oid}/archive", as_="zhang"))
    assert archive["settlement"]["settlement_no"] == invoice["invoice_no"]
    assert archive["delivery"]["gate_pass_code"] == gate["code"]
    assert [c["level"] for c in archive["checks"]][:2] == ["self", "foreman"]
    assert archive["guarantee"]["until_km"] > 41_812
    assert (await api.get(f"/api/workshop/orders/{oid}/archive", as_="li")).status_code == 404
    mine = ok(await api.get(f"/api/workshop/vehicles/{DEMO_VEHICLE_ID}/archive", as_="zhang"))
    assert oid in [v["order_id"] for v in mine]


async def _order(api: Api, order_id: str) -> Any:
    return ok(await api.get(f"/api/workshop/orders/{order_id}", as_="advisor"))


async def test_on_the_embedded_system(embedded_api: Api, embedded: Any) -> None:
    async def events(order_id: str) -> list[dict[str, Any]]:
        # The embedded bus reads workshop's topic from workshop's outbox in place (its log).
        workshop = embedded.runtime("workshop")
        outbox = workshop.tables.outbox
        async with workshop.db.session() as s:
            rows = (await s.execute(select(outbox.c.payload).where(
                outbox.c.topic == TOPIC, outbox.c.aggregate_id == order_id)
                .order_by(outbox.c.seq))).scalars()
            return [json.loads(v) for v in rows]

    await three_checks_wash_and_delivery(embedded_api, events)


@pytest.mark.realinfra
async def test_on_kafka_and_postgres(cluster_api: Api, cluster: Any) -> None:
    from aiokafka import AIOKafkaConsumer

    async def events(order_id: str) -> list[dict[str, Any]]:
        # No group: the reader is given every partition of the topic, read from the start.
        reader = AIOKafkaConsumer(TOPIC, bootstrap_servers=cluster.kafka_bootstrap, group_id=None,
                                  auto_offset_reset="earliest", enable_auto_commit=False)
        await reader.start()
        try:
            async def assigned() -> Any:
                return sorted(reader.assignment()) or None

            parts = await eventually(assigned, what="the topic's partitions")
            async with asyncio.timeout(60):
                await reader.seek_to_beginning(*parts)
                ends = await reader.end_offsets(parts)
                found: list[dict[str, Any]] = []
                while [tp for tp in parts if await reader.position(tp) < ends[tp]]:
                    for msgs in (await reader.getmany(*parts, timeout_ms=1000)).values():
                        found += [json.loads(m.value) for m in msgs
                                  if m.key is not None and m.key.decode() == order_id]
            return found
        finally:
            await reader.stop()

    await three_checks_wash_and_delivery(cluster_api, events)

