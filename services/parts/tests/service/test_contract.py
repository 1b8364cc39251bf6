"""Parts reads workshop's facts, not its statuses; scoping, times and vocabularies on the wire."""

from __future__ import annotations

import json
import re

from sqlalchemy import select

from aftersales_common.auth.demo import DEMO_DEALER_ID, OTHER_DEALER_ID
from aftersales_common.testing import bearer

TOPIC = "aftersales.workshop"


async def _stock(client, settings, part_no):
    r = await client.get(f"/api/parts/parts/{part_no}", params={"dealer_id": DEMO_DEALER_ID},
                         headers=bearer(settings, "parts_clerk"))
    body = r.json()
    return body["on_hand"], body["reserved"], body["available"]


async def _outbox_types(runtime):
    t = runtime.tables.outbox
    async with runtime.db.session() as s:
        return list((await s.execute(select(t.c.type).order_by(t.c.seq))).scalars())


async def test_authorisation_reserves_exactly_the_reserve_lines_whatever_the_job_statuses(
        client, settings, runtime, workshop):
    event = workshop.event("order.authorized", "ORD-U1", {
        "status": "authorized",
        "jobs": [
            {"job_id": "J1", "status": "approved",
             "parts": [{"part_no": "FLT-OIL-001", "qty": "1"}]},
            {"job_id": "J2", "status": "waiting_for_customer_call",  # unknown to parts
             "parts": [{"part_no": "BRK-PAD-F01", "qty": "4"}]},
            {"job_id": "J3", "status": "some_new_status",
             "parts": [{"part_no": "FLT-AIR-001", "qty": "2"}]},
        ],
        "reserve": [{"job_id": "J1", "part_no": "FLT-OIL-001", "qty": "1"}],
    })
    await runtime.consumer.deliver(TOPIC, event.to_json())
    assert await _stock(client, settings, "FLT-OIL-001") == ("60", "1", "59")
    assert await _stock(client, settings, "BRK-PAD-F01") == ("10", "0", "10")
    assert await _stock(client, settings, "FLT-AIR-001") == ("30", "0", "30")
    items = (await client.get("/api/parts/reservations", params={"order_id": "ORD-U1"},
                              headers=bearer(settings, "parts_clerk"))).json()["items"]
    assert [(x["job_id"], x["part_no"], x["qty_held"]) for x in items] == [
        ("J1", "FLT-OIL-001", "1")]
    assert await runtime.consumer.list_dead_letters() == []


async def test_additional_work_without_jobs_list_reserves_its_reserve_lines(
        client, settings, runtime, workshop):
    event = workshop.event("order.additional_work_approved", "ORD-U2", {
        "reserve": [{"job_id": "J5", "part_no": "flt-air-001", "qty": "1"},
                    {"job_id": "J5", "part_no": "FLT-AIR-001", "qty": "0.5"}]})
    await runtime.consumer.deliver(TOPIC, event.to_json())
    assert await _stock(client, settings, "FLT-AIR-001") == ("30", "1.5", "28.5")


async def test_an_approval_without_reserve_lines_is_dead_lettered_not_guessed_at(
        client, settings, runtime, workshop):
    seeded = await _outbox_types(runtime)  # the demo catalogue's own announcements
    for type_ in ("order.authorized", "order.additional_work_approved"):
        event = workshop.event(type_, "ORD-U3", {
            "status": "authorized",
            "jobs": [{"job_id": "J1", "status": "approved",
                      "parts": [{"part_no": "FLT-OIL-001", "qty": "1"}]}]})
        await runtime.consumer.deliver(TOPIC, event.to_json())
    letters = await runtime.consumer.list_dead_letters()
    assert sorted(x["type"] for x in letters) == ["order.additional_work_approved",
                                                  "order.authorized"]
    assert all("reserve" in x["error"] and x["attempts"] == 1 for x in letters)
    assert await _stock(client, settings, "FLT-OIL-001") == ("60", "0", "60")
    assert await _outbox_types(runtime) == seeded  # nothing published for the poison events


async def test_a_job_start_without_parts_is_dead_lettered(client, settings, runtime, workshop):
    event = workshop.event("job.started", "ORD-U4", {"job_id": "J1"})
    await runtime.consumer.deliver(TOPIC, event.to_json())
    [letter] = await runtime.consumer.list_dead_letters()
    assert letter["type"] == "job.started" and "parts" in letter["error"]


async def test_a_v2_event_is_dead_lettered(client, settings, runtime, workshop):
    event = workshop.event("order.authorized", "ORD-U5", {
        "reserve": [{"job_id": "J1", "part_no": "FLT-OIL-001", "qty": "1"}]}, major=2)
    await runtime.consumer.deliver(TOPIC, event.to_json())
    [letter] = await runtime.consumer.list_dead_letters()
    assert letter["type"] == "order.authorized" and "v2" in letter["error"]
    assert json.loads(letter["payload"])["dataschema"].endswith(":v2")
    assert await _stock(client, settings, "FLT-OIL-001") == ("60", "0", "60")


async def test_cancellation_needs_no_jobs_and_releases_everything_held(
        client, settings, runtime, workshop):
    await runtime.consumer.process(workshop.authorized("ORD-U6", [
        ("J1", [("FLT-OIL-001", "2")]), ("J2", [("FLT-AIR-001", "1")])]))
    bare = workshop.event("order.cancelled", "ORD-U6", {})
    await runtime.consumer.deliver(TOPIC, bare.to_json())
    assert await _stock(client, settings, "FLT-OIL-001") == ("60", "0", "60")
    assert await _stock(client, settings, "FLT-AIR-001") == ("30", "0", "30")
    moves = (await client.get("/api/parts/stock-movements", params={"order_id": "ORD-U6"},
                              headers=bearer(settings, "parts_clerk"))).json()["items"]
    assert sorted((m["kind"], m["part_no"], m["reserved_delta"]) for m in moves) == [
        ("release", "FLT-AIR-001", "-1"), ("release", "FLT-OIL-001", "-2"),
        ("reserve", "FLT-AIR-001", "1"), ("reserve", "FLT-OIL-001", "2")]


async def test_admin_sees_and_acts_only_for_its_own_dealers(client, settings):
    admin_elsewhere = bearer(settings, "admin", dealer_ids=[OTHER_DEALER_ID])
    r = await client.get("/api/parts/parts/BRK-PAD-F01", params={"dealer_id": DEMO_DEALER_ID},
                         headers=admin_elsewhere)
    assert r.status_code == 404
    listed = await client.get("/api/parts/parts", params={"dealer_id": DEMO_DEALER_ID},
                              headers=admin_elsewhere)
    assert listed.json()["items"] == []
    create = await client.post("/api/parts/parts", headers=admin_elsewhere, json={
        "part_no": "NEW-1", "name": "x", "unit_price": "1", "unit_cost": "1",
        "dealer_id": DEMO_DEALER_ID})
    assert create.status_code == 403
    receipt = await client.post("/api/parts/receipts", headers=admin_elsewhere, json={
        "part_no": "BRK-PAD-F01", "qty": "1", "dealer_id": DEMO_DEALER_ID})
    assert receipt.status_code == 404


OFFSET = re.compile(r"\+08:00$")


async def test_times_are_written_in_the_dealers_offset_everywhere(client, settings, runtime,
                                                                  workshop):
    clerk = bearer(settings, "parts_clerk")
    created = (await client.post("/api/parts/parts", headers=clerk, json={
        "part_no": "TZ-1", "name": "x", "unit_price": "1", "unit_cost": "1",
        "dealer_id": DEMO_DEALER_ID})).json()
    got = (await client.get("/api/parts/parts/TZ-1", params={"dealer_id": DEMO_DEALER_ID},
                            headers=clerk)).json()
    assert OFFSET.search(created["created_at"]) and created["created_at"] == got["created_at"]
    receipt = (await client.post("/api/parts/receipts", headers=clerk, json={
        "part_no": "TZ-1", "qty": "1", "dealer_id": DEMO_DEALER_ID})).json()
    [row] = (await client.get("/api/parts/stock-movements", params={"part_no": "TZ-1"},
                              headers=clerk)).json()["items"]
    assert OFFSET.search(receipt["created_at"]) and receipt["created_at"] == row["created_at"]
    await runtime.consumer.process(workshop.authorized("ORD-TZ", [("J1", [("TZ-1", "2")])]))
    [reservation] = (await client.get("/api/parts/reservations", params={"order_id": "ORD-TZ"},
                                      headers=clerk)).json()["items"]
    [shortage] = (await client.get("/api/parts/shortages", params={"order_id": "ORD-TZ"},
                                   headers=clerk)).json()["items"]
    patched = (await client.patch(f"/api/parts/shortages/{shortage['id']}", headers=clerk,
                                  json={"expected_date": "2026-12-01"})).json()
    for when in (reservation["updated_at"], shortage["created_at"], patched["updated_at"]):
        assert OFFSET.search(when), when


async def test_closed_vocabularies_are_enums_in_the_api(client):
    spec = (await client.get("/api/parts/openapi.json")).json()["components"]["schemas"]
    assert set(spec["MovementKind"]["enum"]) == {
        "receipt", "reserve", "release", "issue", "return", "adjustment"}
    assert {"held", "issued", "released"} <= set(spec["ReservationState"]["enum"])
    assert set(spec["ShortageState"]["enum"]) == {"open", "filled", "cancelled"}
    assert set(spec["ShortageStage"]["enum"]) == {"reserve", "issue"}
