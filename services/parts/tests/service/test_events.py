"""Parts reacting to workshop events: reserve, shortage, issue once, release, return, refill."""

from __future__ import annotations

import asyncio
import json
from decimal import Decimal

from sqlalchemy import select

from aftersales_common.auth.demo import DEMO_DEALER_ID
from aftersales_common.testing import bearer


async def _outbox(runtime, type_=None):
    t = runtime.tables.outbox
    async with runtime.db.session() as s:
        rows = (await s.execute(select(t.c.type, t.c.aggregate_id, t.c.payload)
                                .order_by(t.c.seq))).all()
    return [(r.type, r.aggregate_id, json.loads(r.payload)["data"]) for r in rows
            if type_ is None or r.type == type_]


async def _stock(client, settings, part_no):
    r = await client.get(f"/api/parts/parts/{part_no}", params={"dealer_id": DEMO_DEALER_ID},
                         headers=bearer(settings, "parts_clerk"))
    body = r.json()
    return body["on_hand"], body["reserved"], body["available"]


async def test_authorisation_reserves_approved_jobs_and_raises_parts_reserved(
        client, settings, runtime, workshop):
    seeded = len(await _outbox(runtime))  # the demo catalogue's announcements
    event = workshop.authorized(
        "ORD-1", [("J1", [("OIL-5W30-4L", "4"), ("FLT-OIL-001", "1"), ("oil-5w30-4l", "0.5")])],
        declined=[("J2", [("BRK-PAD-F01", "4")])])
    assert await runtime.consumer.process(event) is True
    assert await _stock(client, settings, "OIL-5W30-4L") == ("40", "4.5", "35.5")
    assert await _stock(client, settings, "FLT-OIL-001") == ("60", "1", "59")
    assert await _stock(client, settings, "BRK-PAD-F01") == ("10", "0", "10")
    [(type_, subject, data)] = await _outbox(runtime, "parts.reserved")
    assert (type_, subject, data["order_id"], data["dealer_id"]) == (
        "parts.reserved", "ORD-1", "ORD-1", DEMO_DEALER_ID)
    levels = [(d["part_no"], d["available"]) for kind, _, d in (await _outbox(runtime))[seeded:]
              if kind == "stock.level_changed"]
    assert sorted(levels) == [("FLT-OIL-001", "59"), ("OIL-5W30-4L", "35.5")]  # once per part
    assert data["lines"] == [
        {"part_no": "FLT-OIL-001", "qty": "1", "unit_price": "45.00"},
        {"part_no": "OIL-5W30-4L", "qty": "4.5", "unit_price": "298.00"},
    ]
    r = await client.get("/api/parts/reservations", params={"order_id": "ORD-1"},
                         headers=bearer(settings, "service_advisor"))
    held = {(x["job_id"], x["part_no"]): (x["qty_held"], x["status"]) for x in r.json()["items"]}
    assert held == {("J1", "FLT-OIL-001"): ("1", "held"), ("J1", "OIL-5W30-4L"): ("4.5", "held")}
    published = len(await _outbox(runtime))
    assert await runtime.consumer.process(event) is False  # redelivery
    again = workshop.authorized("ORD-1", [("J1", [("OIL-5W30-4L", "4.5"), ("FLT-OIL-001", "1")])])
    await runtime.consumer.process(again)  # re-raised by workshop under a new id
    assert await _stock(client, settings, "OIL-5W30-4L") == ("40", "4.5", "35.5")
    assert len(await _outbox(runtime)) == published  # nothing more: no reservation, no level


async def test_short_stock_reserves_what_there_is_and_raises_a_shortage(
        client, settings, runtime, workshop):
    await runtime.consumer.process(workshop.authorized("ORD-2", [
        ("J1", [("BRK-PAD-F01", "12"), ("NO-SUCH-PART", "2")]),
        ("J2", [("FLT-AIR-001", "2")]),
    ]))
    assert await _stock(client, settings, "BRK-PAD-F01") == ("10", "10", "0")
    [(_, subject, short)] = await _outbox(runtime, "parts.shortage")
    assert subject == "ORD-2" and short["job_id"] == "J1"
    assert short["lines"] == [
        {"part_no": "BRK-PAD-F01", "qty_requested": "12", "qty_short": "2", "expected_date": None},
        {"part_no": "NO-SUCH-PART", "qty_requested": "2", "qty_short": "2", "expected_date": None},
    ]
    [(_, _, reserved)] = await _outbox(runtime, "parts.reserved")
    assert [(x["part_no"], x["qty"]) for x in reserved["lines"]] == [
        ("BRK-PAD-F01", "10"), ("FLT-AIR-001", "2")]
    [(_, subject, low)] = await _outbox(runtime, "parts.stock_low")
    assert subject == "BRK-PAD-F01" and (low["available"], low["reorder_point"]) == ("0", "2")
    # another order cannot take what is held for ORD-2
    await runtime.consumer.process(workshop.authorized("ORD-3", [("J1", [("BRK-PAD-F01", "1")])]))
    assert await _stock(client, settings, "BRK-PAD-F01") == ("10", "10", "0")
    open_ = (await client.get("/api/parts/shortages", params={"dealer_id": DEMO_DEALER_ID},
                              headers=bearer(settings, "parts_clerk"))).json()["items"]
    assert sorted((x["order_id"], x["part_no"], x["qty_short"]) for x in open_) == [
        ("ORD-2", "BRK-PAD-F01", "2"), ("ORD-2", "NO-SUCH-PART", "2"), ("ORD-3", "BRK-PAD-F01", "1")]


async def test_job_start_issues_reserved_parts_at_catalogue_prices(
        client, settings, runtime, workshop):
    await runtime.consumer.process(workshop.authorized(
        "ORD-4", [("J1", [("OIL-5W30-4L", "4"), ("FLT-OIL-001", "1")])]))
    clerk = bearer(settings, "parts_clerk")
    await client.patch("/api/parts/parts/OIL-5W30-4L", params={"dealer_id": DEMO_DEALER_ID},
                       json={"unit_price": "310.00"}, headers=clerk)
    await runtime.consumer.process(workshop.job_started(
        "ORD-4", "J1", [("OIL-5W30-4L", "4"), ("FLT-OIL-001", "1")]))
    assert await _stock(client, settings, "OIL-5W30-4L") == ("36", "0", "36")
    assert await _stock(client, settings, "FLT-OIL-001") == ("59", "0", "59")
    [(_, subject, issued)] = await _outbox(runtime, "parts.issued")
    assert subject == "ORD-4" and (issued["order_id"], issued["job_id"]) == ("ORD-4", "J1")
    assert issued["lines"] == [
        {"part_no": "FLT-OIL-001", "name": "机油滤清器 oil filter", "qty": "1",
         "unit_price": "45.00"},
        {"part_no": "OIL-5W30-4L", "name": "机油 5W-30 4L engine oil", "qty": "4",
         "unit_price": "310.00"},
    ]
    items = (await client.get("/api/parts/reservations", params={"order_id": "ORD-4"},
                              headers=clerk)).json()["items"]
    assert {(x["status"], x["qty_held"], x["qty_issued"]) for x in items} == {
        ("issued", "0", "4"), ("issued", "0", "1")}


async def test_a_job_is_issued_once_even_when_restarted_after_rework(
        client, settings, runtime, workshop):
    await runtime.consumer.process(workshop.authorized("ORD-5", [("J1", [("BRK-PAD-F01", "2")])]))
    start = workshop.job_started("ORD-5", "J1", [("BRK-PAD-F01", "2")])
    assert await runtime.consumer.process(start) is True
    assert await runtime.consumer.process(start) is False
    restart = workshop.job_started("ORD-5", "J1", [("BRK-PAD-F01", "2")])
    assert await runtime.consumer.process(restart) is True
    assert await _stock(client, settings, "BRK-PAD-F01") == ("8", "0", "8")
    assert len(await _outbox(runtime, "parts.issued")) == 1
    moves = (await client.get("/api/parts/stock-movements", params={
        "part_no": "BRK-PAD-F01", "order_id": "ORD-5"},
        headers=bearer(settings, "parts_clerk"))).json()["items"]
    assert [m["kind"] for m in moves] == ["reserve", "issue"]


async def test_unreserved_job_issues_from_available_or_reports_short_issuing_nothing(
        client, settings, runtime, workshop):
    await runtime.consumer.process(workshop.authorized("ORD-6", [("J1", [("WIPER-650", "2")])]))
    await runtime.consumer.process(workshop.job_started(
        "ORD-7", "J9", [("FLT-AIR-001", "3"), ("WIPER-650", "1")]))
    assert await _stock(client, settings, "FLT-AIR-001") == ("27", "0", "27")
    assert await _stock(client, settings, "WIPER-650") == ("2", "2", "0")  # held for ORD-6
    [(_, _, issued)] = await _outbox(runtime, "parts.issued")
    assert [(x["part_no"], x["qty"]) for x in issued["lines"]] == [("FLT-AIR-001", "3")]
    [(_, _, short)] = await _outbox(runtime, "parts.shortage")
    assert (short["order_id"], short["job_id"], short["lines"][0]["qty_short"]) == (
        "ORD-7", "J9", "1")


async def test_additional_work_reserves_only_the_approved_jobs(client, settings, runtime,
                                                               workshop):
    await runtime.consumer.process(workshop.authorized("ORD-8", [("J1", [("FLT-OIL-001", "1")])]))
    await runtime.consumer.process(workshop.additional_approved("ORD-8", [
        ("J1", [("FLT-OIL-001", "1")]), ("J2", [("FLT-AIR-001", "1")]),
        ("J3", [("BRK-PAD-F01", "4")])], job_ids=["J2"]))
    assert await _stock(client, settings, "FLT-OIL-001") == ("60", "1", "59")
    assert await _stock(client, settings, "FLT-AIR-001") == ("30", "1", "29")
    assert await _stock(client, settings, "BRK-PAD-F01") == ("10", "0", "10")
    reserved = await _outbox(runtime, "parts.reserved")
    assert [x["part_no"] for x in reserved[-1][2]["lines"]] == ["FLT-AIR-001"]


async def test_cancelling_releases_what_is_held_and_keeps_what_was_issued(
        client, settings, runtime, workshop):
    await runtime.consumer.process(workshop.authorized("ORD-9", [
        ("J1", [("OIL-5W30-4L", "4")]), ("J2", [("BRK-PAD-F01", "12")])]))
    await runtime.consumer.process(workshop.job_started("ORD-9", "J1", [("OIL-5W30-4L", "4")]))
    await runtime.consumer.process(workshop.cancelled("ORD-9"))
    assert await _stock(client, settings, "OIL-5W30-4L") == ("36", "0", "36")
    assert await _stock(client, settings, "BRK-PAD-F01") == ("10", "0", "10")
    clerk = bearer(settings, "parts_clerk")
    items = (await client.get("/api/parts/reservations", params={"order_id": "ORD-9"},
                              headers=clerk)).json()["items"]
    assert {(x["job_id"], x["status"]) for x in items} == {("J1", "issued"), ("J2", "released")}
    assert (await client.get("/api/parts/shortages", params={"order_id": "ORD-9"},
                             headers=clerk)).json()["items"] == []


async def test_returned_parts_go_back_to_stock_at_their_issue_price(client, settings, runtime,
                                                                    workshop):
    await runtime.consumer.process(workshop.job_started("ORD-10", "J1", [("FLT-AIR-001", "2")]))
    clerk = bearer(settings, "parts_clerk")
    body = {"order_id": "ORD-10", "job_id": "J1", "part_no": "FLT-AIR-001", "qty": "1",
            "dealer_id": DEMO_DEALER_ID}
    r = await client.post("/api/parts/returns", json=body, headers=clerk)
    assert r.status_code == 201 and (r.json()["kind"], r.json()["on_hand"]) == ("return", "29")
    [(_, subject, returned)] = await _outbox(runtime, "parts.returned")
    assert subject == "ORD-10" and returned["lines"] == [
        {"part_no": "FLT-AIR-001", "name": "空气滤清器 air filter", "qty": "1",
         "unit_price": "88.00"}]
    too_many = await client.post("/api/parts/returns", json={**body, "qty": "1.5"}, headers=clerk)
    assert too_many.status_code == 409
    never = await client.post("/api/parts/returns", json={**body, "job_id": "J2"}, headers=clerk)
    assert never.status_code == 404


async def test_received_goods_serve_open_shortages_first(client, settings, runtime, workshop):
    await runtime.consumer.process(workshop.authorized("ORD-11", [("J1", [("WIPER-650", "3")])]))
    await runtime.consumer.process(workshop.authorized("ORD-12", [("J1", [("WIPER-650", "2")])]))
    clerk = bearer(settings, "parts_clerk")
    shortages = (await client.get("/api/parts/shortages", headers=clerk)).json()["items"]
    first = next(x for x in shortages if x["order_id"] == "ORD-11")
    r = await client.patch(f"/api/parts/shortages/{first['id']}",
                           json={"expected_date": "2026-12-01"}, headers=clerk)
    assert r.status_code == 200 and r.json()["expected_date"] == "2026-12-01"
    promised = (await _outbox(runtime, "parts.shortage"))[-1][2]
    assert promised["lines"][0]["expected_date"] == "2026-12-01"
    await client.post("/api/parts/receipts", json={
        "part_no": "WIPER-650", "qty": "2", "dealer_id": DEMO_DEALER_ID}, headers=clerk)
    assert await _stock(client, settings, "WIPER-650") == ("4", "4", "0")
    refill = (await _outbox(runtime, "parts.reserved"))[-1]
    assert refill[1] == "ORD-12" and refill[2]["lines"][0]["qty"] == "1"
    still_open = (await client.get("/api/parts/shortages", headers=clerk)).json()["items"]
    assert [(x["order_id"], x["qty_short"]) for x in still_open] == [("ORD-12", "1")]
    await runtime.consumer.process(workshop.job_started("ORD-11", "J1", [("WIPER-650", "3")]))
    assert await _stock(client, settings, "WIPER-650") == ("1", "1", "0")


async def test_concurrent_reservations_never_oversell(client, settings, runtime, workshop):
    events = [workshop.authorized(f"ORD-C{i}", [("J1", [("BRK-PAD-F01", "3")])])
              for i in range(8)]
    results = await asyncio.gather(*[runtime.consumer.process(e) for e in events])
    assert all(results)
    assert await _stock(client, settings, "BRK-PAD-F01") == ("10", "10", "0")
    reserved = sum(Decimal(line["qty"]) for _, _, d in await _outbox(runtime, "parts.reserved")
                   for line in d["lines"])
    short = sum(Decimal(line["qty_short"]) for _, _, d in await _outbox(runtime, "parts.shortage")
                for line in d["lines"])
    assert (reserved, short) == (Decimal(10), Decimal(14))
    starts = [workshop.job_started(f"ORD-C{i}", "J1", [("BRK-PAD-F01", "3")]) for i in range(8)]
    await asyncio.gather(*[runtime.consumer.process(e) for e in starts])
    on_hand, held, available = await _stock(client, settings, "BRK-PAD-F01")
    assert Decimal(on_hand) >= 0 and Decimal(held) >= 0 and Decimal(available) >= 0
    issued = sum(Decimal(line["qty"]) for _, _, d in await _outbox(runtime, "parts.issued")
                 for line in d["lines"])
    assert issued + Decimal(on_hand) == 10 and issued == 9


async def test_mixed_concurrent_traffic_keeps_stock_and_ledger_in_agreement(
        client, settings, runtime, workshop):
    clerk = bearer(settings, "parts_clerk")
    parts = ["BRK-PAD-F01", "WIPER-650", "FLT-AIR-001"]
    work = []
    for i in range(12):
        lines = [(parts[i % 3], "2"), (parts[(i + 1) % 3], "1")]
        work.append(runtime.consumer.process(workshop.authorized(f"ORD-M{i}", [("J1", lines)])))
        work.append(runtime.consumer.process(workshop.job_started(f"ORD-M{i}", "J1", lines)))
        if i % 4 == 0:
            work.append(runtime.consumer.process(workshop.cancelled(f"ORD-M{i}")))
        if i % 3 == 0:
            work.append(client.post("/api/parts/receipts", json={
                "part_no": parts[i % 3], "qty": "1", "dealer_id": DEMO_DEALER_ID}, headers=clerk))
    await asyncio.gather(*work)
    for part_no in parts:
        on_hand, reserved, available = (Decimal(x) for x in await _stock(client, settings, part_no))
        assert on_hand >= reserved >= 0 and available == on_hand - reserved
        moves = (await client.get("/api/parts/stock-movements", params={
            "part_no": part_no, "limit": 200}, headers=clerk)).json()["items"]
        assert sum(Decimal(m["on_hand_delta"]) for m in moves) == on_hand
        assert sum(Decimal(m["reserved_delta"]) for m in moves) == reserved
