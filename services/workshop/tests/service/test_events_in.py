"""Events workshop reads: check-in opens one order per appointment, parts and payment show up."""

from __future__ import annotations

import re

from aftersales_common.auth.demo import DEMO_DEALER_ID, OTHER_DEALER_ID


async def test_check_in_opens_exactly_one_order_per_appointment(shop):
    data = shop.checked_in("a-1")
    assert await shop.feed("appointment.checked_in", data, event_id="ev-1")
    assert not await shop.feed("appointment.checked_in", data, event_id="ev-1")  # redelivery
    assert await shop.feed("appointment.checked_in", shop.checked_in("a-1", concern="again"))
    orders = await shop.orders(appointment_id="a-1")
    assert len(orders) == 1
    order = orders[0]
    assert order["status"] == "opened" and order["concern"] == shop.concern
    assert order["plate"] == "沪A12345" and order["service_type"] == "repair"
    assert re.fullmatch(r"RO\d{8}-0001", order["order_no"])
    opened = await shop.outbox("order.opened")
    assert len(opened) == 1 and opened[0]["subject"] == order["id"]
    assert opened[0]["data"]["appointment_id"] == "a-1" and opened[0]["data"]["jobs"] == []


async def test_order_numbers_count_up_per_dealer(shop):
    await shop.feed("appointment.checked_in", shop.checked_in("a-1"))
    await shop.feed("appointment.checked_in", shop.checked_in("a-2"))
    await shop.feed("appointment.checked_in", shop.checked_in("a-3", dealer_id=OTHER_DEALER_ID))
    mine = sorted(o["order_no"][-4:] for o in await shop.orders())
    assert mine == ["0001", "0002"]


async def _authorized_order(shop, parts):
    order = await shop.checked_in_order("a-9")
    sa = shop.as_("service_advisor")
    job = (await shop.client.post(f"/api/workshop/orders/{order['id']}/jobs", json={
        "op_code": "BRK-01", "description": "更换前刹车片 front brake pads", "labor_hours": "1.5",
        "pay_type": "customer", "parts": parts}, headers=sa)).json()
    r = await shop.client.post(f"/api/workshop/orders/{order['id']}/authorize",
                               json={"signed_by": "张伟"}, headers=sa)
    assert r.status_code == 200
    return order["id"], job["id"]


async def test_parts_shortage_shows_waiting_for_parts_until_goods_arrive(shop):
    order_id, job_id = await _authorized_order(shop, [{"part_no": "bp-100", "qty": 4}])
    sa, url = shop.as_("service_advisor"), f"/api/workshop/orders/{order_id}"
    base = {"order_id": order_id, "dealer_id": DEMO_DEALER_ID}
    await shop.feed("parts.shortage", {**base, "job_id": job_id, "lines": [
        {"part_no": "BP-100", "qty_requested": "4", "qty_short": "3",
         "expected_date": "2026-12-03"}]}, source="parts")
    await shop.feed("parts.reserved", {**base, "lines": [
        {"part_no": "BP-100", "qty": "1", "unit_price": "80.00"}]}, source="parts")
    order = (await shop.client.get(url, headers=sa)).json()
    assert order["waiting_parts"] is True
    assert order["parts_status"] == [{"part_no": "BP-100", "status": "short", "held": "1",
                                      "issued": "0", "short": "3",
                                      "expected_date": "2026-12-03"}]
    board = (await shop.client.get("/api/workshop/board", params={"dealer_id": DEMO_DEALER_ID},
                                   headers=shop.as_("foreman"))).json()
    assert [(c["order_id"], c["colour"]) for c in board] == [(order_id, "red")]
    await shop.feed("parts.reserved", {**base, "lines": [
        {"part_no": "BP-100", "qty": "3", "unit_price": "80.00"}]}, source="parts")
    order = (await shop.client.get(url, headers=sa)).json()
    assert order["waiting_parts"] is False and order["parts_status"][0]["held"] == "4"
    await shop.feed("parts.issued", {**base, "job_id": job_id, "lines": [
        {"part_no": "BP-100", "name": "刹车片", "qty": "4", "unit_price": "80.00"}]},
        source="parts")
    line = (await shop.client.get(url, headers=sa)).json()["parts_status"][0]
    assert line["status"] == "issued" and line["issued"] == "4" and line["held"] == "0"


async def test_events_about_unknown_orders_are_skipped(shop):
    assert await shop.feed("parts.reserved", {"order_id": "nope", "dealer_id": DEMO_DEALER_ID,
                                              "lines": []}, source="parts")
    assert await shop.feed("invoice.paid", shop.invoice("nope", "i1"), source="billing")
    assert await shop.outbox() == []
