"""Parts over HTTP: catalogue, receipts, adjustments, the ledger, scoping and errors."""

from __future__ import annotations

import asyncio

from aftersales_common.auth.demo import DEMO_DEALER_ID, OTHER_DEALER_ID
from aftersales_common.testing import bearer

NEW_PART = {"part_no": "SPK-PLUG-01", "name": "火花塞 spark plug", "unit_price": "65.5",
            "unit_cost": 30, "dealer_id": DEMO_DEALER_ID, "reorder_point": "8"}


async def _part(client, h, part_no, dealer_id=DEMO_DEALER_ID):
    return await client.get(f"/api/parts/parts/{part_no}", params={"dealer_id": dealer_id},
                            headers=h)


async def test_create_part_receive_goods_and_read_the_stock(client, settings):
    clerk = bearer(settings, "parts_clerk")
    r = await client.post("/api/parts/parts", json=NEW_PART, headers=clerk)
    assert r.status_code == 201
    body = r.json()
    assert body["unit_price"] == "65.50" and body["unit_cost"] == "30.00"
    assert (body["on_hand"], body["reserved"], body["available"]) == ("0", "0", "0")
    got = await client.post("/api/parts/receipts", json={
        "part_no": "SPK-PLUG-01", "qty": "12", "dealer_id": DEMO_DEALER_ID,
        "unit_cost": "28.00", "reference": "PO-2026-001"}, headers=clerk)
    assert got.status_code == 201
    assert (got.json()["on_hand"], got.json()["available"], got.json()["kind"]) == (
        "12", "12", "receipt")
    advisor = bearer(settings, "service_advisor")
    part = (await _part(client, advisor, "spk-plug-01")).json()
    assert part["on_hand"] == "12" and part["reserved"] == "0" and part["available"] == "12"
    assert part["unit_cost"] == "28.00" and part["below_reorder_point"] is False


async def test_seeded_catalogue_and_fractional_quantities(client, settings):
    h = bearer(settings, "technician")
    oil = (await _part(client, h, "OIL-5W30-4L")).json()
    assert (oil["name"], oil["unit_price"], oil["on_hand"]) == (
        "机油 5W-30 4L engine oil", "298.00", "40")
    clerk = bearer(settings, "parts_clerk")
    r = await client.post("/api/parts/receipts", json={
        "part_no": "OIL-5W30-4L", "qty": "1.5", "dealer_id": DEMO_DEALER_ID}, headers=clerk)
    assert r.json()["on_hand"] == "41.5"
    listed = (await client.get("/api/parts/parts", params={"q": "滤清器"}, headers=h)).json()
    assert sorted(p["part_no"] for p in listed["items"]) == ["FLT-AIR-001", "FLT-OIL-001"]
    wiper = (await _part(client, h, "WIPER-650")).json()
    assert wiper["below_reorder_point"] is True


async def test_duplicate_part_number_is_a_conflict(client, settings):
    clerk = bearer(settings, "parts_clerk")
    assert (await client.post("/api/parts/parts", json=NEW_PART, headers=clerk)).status_code == 201
    dup = await client.post("/api/parts/parts", json={**NEW_PART, "part_no": " spk-plug-01 "},
                            headers=clerk)
    assert dup.status_code == 409 and dup.json()["type"].endswith("duplicate-part")
    other = bearer(settings, "parts_clerk", dealer_ids=[OTHER_DEALER_ID])
    elsewhere = await client.post("/api/parts/parts",
                                  json={**NEW_PART, "dealer_id": OTHER_DEALER_ID}, headers=other)
    assert elsewhere.status_code == 201


async def test_invalid_input_is_422_naming_the_field(client, settings):
    clerk = bearer(settings, "parts_clerk")
    for field, value in (("unit_price", "-1"), ("unit_price", "1.234"), ("part_no", ""),
                         ("unit_cost", "abc")):
        r = await client.post("/api/parts/parts", json={**NEW_PART, field: value}, headers=clerk)
        assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
        assert any(e["field"] == field for e in r.json()["errors"])
    for qty in ("0", "-2", "1.0001"):
        r = await client.post("/api/parts/receipts", json={
            "part_no": "OIL-5W30-4L", "qty": qty, "dealer_id": DEMO_DEALER_ID}, headers=clerk)
        assert r.status_code == 422
    unknown = await client.post("/api/parts/receipts", json={
        "part_no": "NOPE-1", "qty": "1", "dealer_id": DEMO_DEALER_ID}, headers=clerk)
    assert unknown.status_code == 404


async def test_adjustment_never_goes_below_zero_or_reserved(client, settings, runtime, workshop):
    clerk = bearer(settings, "parts_clerk")
    await runtime.consumer.process(workshop.authorized("ORD-ADJ", [("J1", [("BRK-PAD-F01", "6")])]))
    assert (await _part(client, clerk, "BRK-PAD-F01")).json()["reserved"] == "6"

    async def adjust(delta):
        return await client.post("/api/parts/adjustments", json={
            "part_no": "BRK-PAD-F01", "dealer_id": DEMO_DEALER_ID, "qty_delta": delta,
            "reason": "盘点 stock count"}, headers=clerk)

    refused = await adjust("-5")
    assert refused.status_code == 409 and refused.json()["type"].endswith("stock-short")
    ok = await adjust("-4")
    assert ok.status_code == 201 and (ok.json()["on_hand"], ok.json()["available"]) == ("6", "0")
    assert (await adjust("-7")).status_code == 409
    assert (await adjust("0")).status_code == 422
    part = (await _part(client, clerk, "BRK-PAD-F01")).json()
    assert (part["on_hand"], part["reserved"], part["available"]) == ("6", "6", "0")


async def test_the_ledger_explains_every_figure(client, settings, runtime, workshop):
    clerk = bearer(settings, "parts_clerk")
    await client.post("/api/parts/receipts", json={
        "part_no": "FLT-AIR-001", "qty": "5", "dealer_id": DEMO_DEALER_ID}, headers=clerk)
    await runtime.consumer.process(workshop.authorized("ORD-LEDGER", [("J1", [("FLT-AIR-001", "2")])]))
    rows = (await client.get("/api/parts/stock-movements", params={
        "dealer_id": DEMO_DEALER_ID, "part_no": "FLT-AIR-001"}, headers=clerk)).json()["items"]
    assert [r["kind"] for r in rows] == ["receipt", "receipt", "reserve"]
    on_hand = reserved = 0
    for r in rows:
        on_hand += float(r["on_hand_delta"])
        reserved += float(r["reserved_delta"])
        assert (float(r["on_hand_after"]), float(r["reserved_after"])) == (on_hand, reserved)
    assert rows[-1]["order_id"] == "ORD-LEDGER" and rows[-1]["job_id"] == "J1"
    part = (await _part(client, clerk, "FLT-AIR-001")).json()
    assert (part["on_hand"], part["reserved"]) == (rows[-1]["on_hand_after"],
                                                   rows[-1]["reserved_after"])


async def test_concurrent_receipts_all_count(client, settings):
    clerk = bearer(settings, "parts_clerk")
    results = await asyncio.gather(*[client.post("/api/parts/receipts", json={
        "part_no": "FLT-OIL-001", "qty": "1", "dealer_id": DEMO_DEALER_ID}, headers=clerk)
        for _ in range(10)])
    assert all(r.status_code == 201 for r in results)
    assert (await _part(client, clerk, "FLT-OIL-001")).json()["on_hand"] == "70"


async def test_patch_changes_price_name_and_reorder_point(client, settings):
    clerk = bearer(settings, "parts_clerk")
    r = await client.patch("/api/parts/parts/WIPER-650", params={"dealer_id": DEMO_DEALER_ID},
                           json={"unit_price": "125", "name": "雨刮片 wiper 650",
                                 "reorder_point": "1"}, headers=clerk)
    assert r.status_code == 200
    assert (r.json()["unit_price"], r.json()["name"], r.json()["reorder_point"]) == (
        "125.00", "雨刮片 wiper 650", "1")
    assert r.json()["below_reorder_point"] is False
    assert (await client.patch("/api/parts/parts/WIPER-650", json={"on_hand": "99"},
                               headers=clerk)).status_code == 422


async def test_other_dealers_staff_see_nothing(client, settings):
    other = bearer(settings, "parts_clerk", dealer_ids=[OTHER_DEALER_ID])
    assert (await _part(client, other, "BRK-PAD-F01")).status_code == 404
    assert (await _part(client, other, "OIL-5W30-4L")).status_code == 404
    mine = (await _part(client, other, "OIL-5W30-4L", OTHER_DEALER_ID)).json()
    assert (mine["unit_price"], mine["on_hand"]) == ("305.00", "12")
    listed = (await client.get("/api/parts/parts", params={"dealer_id": DEMO_DEALER_ID},
                               headers=other)).json()
    assert listed["items"] == []
    receipt = await client.post("/api/parts/receipts", json={
        "part_no": "BRK-PAD-F01", "qty": "1", "dealer_id": DEMO_DEALER_ID}, headers=other)
    assert receipt.status_code == 404
    moves = (await client.get("/api/parts/stock-movements",
                              params={"dealer_id": DEMO_DEALER_ID}, headers=other)).json()
    assert moves["items"] == []
    create = await client.post("/api/parts/parts", json=NEW_PART, headers=other)
    assert create.status_code == 403


async def test_roles(client, settings):
    assert (await client.get("/api/parts/parts")).status_code == 401
    for role in ("customer", "callback_agent"):
        h = bearer(settings, role)
        assert (await client.get("/api/parts/parts", headers=h)).status_code == 403
    for role in ("service_advisor", "technician", "cashier", "warranty_clerk", "foreman"):
        h = bearer(settings, role)
        assert (await _part(client, h, "WIPER-650")).status_code == 200
        r = await client.post("/api/parts/receipts", json={
            "part_no": "WIPER-650", "qty": "1", "dealer_id": DEMO_DEALER_ID}, headers=h)
        assert r.status_code == 403
    for role in ("manager", "admin"):
        r = await client.post("/api/parts/receipts", json={
            "part_no": "WIPER-650", "qty": "1", "dealer_id": DEMO_DEALER_ID},
            headers=bearer(settings, role))
        assert r.status_code == 201


async def test_idempotent_receipt_counts_once(client, settings):
    h = {**bearer(settings, "parts_clerk"), "Idempotency-Key": "grn-77"}
    body = {"part_no": "FLT-AIR-001", "qty": "10", "dealer_id": DEMO_DEALER_ID}
    first = await client.post("/api/parts/receipts", json=body, headers=h)
    again = await client.post("/api/parts/receipts", json=body, headers=h)
    assert first.status_code == 201 and again.json() == first.json()
    assert (await _part(client, h, "FLT-AIR-001")).json()["on_hand"] == "40"


async def test_seed_is_idempotent_and_explained_by_the_ledger(client, settings, runtime):
    from parts.seed import seed_demo

    await seed_demo(runtime)
    h = bearer(settings, "parts_clerk")
    assert (await _part(client, h, "OIL-5W30-4L")).json()["on_hand"] == "40"
    moves = (await client.get("/api/parts/stock-movements", params={
        "part_no": "OIL-5W30-4L", "dealer_id": DEMO_DEALER_ID}, headers=h)).json()["items"]
    assert [(m["kind"], m["on_hand_after"], m["reference"]) for m in moves] == [
        ("receipt", "40", "opening stock / 期初库存")]


async def test_published_event_schemas_are_served(client):
    schemas = (await client.get("/api/parts/events/schemas")).json()
    assert {"urn:aftersales:event:parts.reserved:v1", "urn:aftersales:event:parts.shortage:v1",
            "urn:aftersales:event:parts.issued:v1", "urn:aftersales:event:parts.returned:v1",
            "urn:aftersales:event:parts.stock_low:v1"} <= set(schemas)
    assert (await client.get("/api/parts/openapi.json")).status_code == 200
