"""Booking over HTTP: the desk's flow, capacity under concurrency, scoping, errors."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

from sqlalchemy import select

from aftersales_common.auth.demo import (
    DEMO_CUSTOMER_ID,
    DEMO_DEALER_ID,
    OTHER_CUSTOMER_ID,
    OTHER_DEALER_ID,
)
from aftersales_common.testing import bearer
from booking.seed import DEMO_VEHICLE_ID, OTHER_VEHICLE_ID

from .helpers import new_car

DAY = (date.today() + timedelta(days=3)).isoformat()


async def _first_slot(client, h, service_type="maintenance"):
    r = await client.get("/api/booking/slots", params={"dealer_id": DEMO_DEALER_ID, "date": DAY,
                                                       "service_type": service_type}, headers=h)
    assert r.status_code == 200
    return r.json()[0]


async def _book(client, h, start, customer=DEMO_CUSTOMER_ID, vehicle=DEMO_VEHICLE_ID, **kw):
    body = {"customer_id": customer, "vehicle_id": vehicle, "start": start,
            "service_type": "maintenance", "concern": "发动机异响 engine noise", **kw}
    return await client.post("/api/booking/appointments", json=body, headers=h)


async def _outbox_types(client):
    rt = client._transport.app.state.runtime
    async with rt.db.session() as s:
        return list((await s.execute(select(rt.tables.outbox.c.type)
                                     .order_by(rt.tables.outbox.c.seq))).scalars())


async def test_register_customer_and_vehicle_raise_events(client, settings):
    h = bearer(settings, "service_advisor")
    r = await client.post("/api/booking/customers", json={
        "name": "王芳", "phone": "13812345678", "dealer_id": DEMO_DEALER_ID}, headers=h)
    assert r.status_code == 201 and r.json()["phone"] == "+8613812345678"
    r2 = await client.post("/api/booking/vehicles", json={
        "customer_id": r.json()["id"], "vin": "LSVAU2180N2183295", "plate": "沪c12345",
        "model": "Lavida", "dealer_id": DEMO_DEALER_ID, "usage": "company"}, headers=h)
    assert r2.status_code == 201 and r2.json()["plate"] == "沪C12345"
    types = await _outbox_types(client)
    assert types[-2:] == ["customer.registered", "vehicle.registered"]
    dup = await client.post("/api/booking/customers", json={
        "name": "Other", "phone": "+86 138 1234 5678", "dealer_id": DEMO_DEALER_ID}, headers=h)
    assert dup.status_code == 409


async def test_slot_capacity_is_never_exceeded_under_concurrent_bookings(client, settings):
    h = bearer(settings, "service_advisor")
    slot = await _first_slot(client, h)
    assert slot["free"] == 3
    cars = [await new_car(client, settings) for _ in range(8)]  # one customer may not take all
    results = await asyncio.gather(*[_book(client, h, slot["start"], customer=c, vehicle=v)
                                     for c, v in cars])
    codes = sorted(r.status_code for r in results)
    assert codes == [201] * 3 + [409] * 5
    assert all(r.json()["type"].endswith("slot-full") for r in results if r.status_code == 409)
    assert (await _first_slot(client, h))["free"] == 0


async def test_cancel_frees_the_place_and_reschedule_moves_it(client, settings):
    h = bearer(settings, "service_advisor")
    slot = await _first_slot(client, h)
    a = (await _book(client, h, slot["start"])).json()
    assert (await _first_slot(client, h))["free"] == 2
    r = await client.post(f"/api/booking/appointments/{a['id']}/cancel", headers=h)
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    assert (await _first_slot(client, h))["free"] == 3
    b = (await _book(client, h, slot["start"])).json()
    slots = (await client.get("/api/booking/slots", params={
        "dealer_id": DEMO_DEALER_ID, "date": DAY}, headers=h)).json()
    r = await client.post(f"/api/booking/appointments/{b['id']}/reschedule",
                          json={"start": slots[2]["start"]}, headers=h)
    assert r.status_code == 200
    after = (await client.get("/api/booking/slots", params={
        "dealer_id": DEMO_DEALER_ID, "date": DAY}, headers=h)).json()
    assert after[0]["free"] == 3 and after[2]["free"] == 2
    assert "appointment.rescheduled" in await _outbox_types(client)


async def test_a_second_check_in_is_refused(client, settings):
    h = bearer(settings, "service_advisor")
    slot = await _first_slot(client, h)
    a = (await _book(client, h, slot["start"])).json()
    first = await client.post(f"/api/booking/appointments/{a['id']}/check-in", headers=h)
    second = await client.post(f"/api/booking/appointments/{a['id']}/check-in", headers=h)
    assert first.status_code == 200 and second.status_code == 409
    assert (await _outbox_types(client)).count("appointment.checked_in") == 1


async def test_idempotency_key_returns_the_first_result(client, settings):
    h = {**bearer(settings, "service_advisor"), "Idempotency-Key": "book-1"}
    slot = await _first_slot(client, h)
    first = await _book(client, h, slot["start"])
    again = await _book(client, h, slot["start"])
    assert first.status_code == 201 and again.json() == first.json()
    assert again.headers.get("idempotent-replayed") == "true"
    different = await _book(client, h, slot["start"], concern="other")
    assert different.status_code == 422
    assert (await _first_slot(client, h))["free"] == 2


async def test_customers_book_for_themselves_only(client, settings):
    zhang = bearer(settings, "customer", customer_id=DEMO_CUSTOMER_ID)
    slot = await _first_slot(client, zhang)
    mine = await _book(client, zhang, slot["start"])
    assert mine.status_code == 201 and mine.json()["initiated_by"] == "customer"
    theirs = await _book(client, zhang, slot["start"], customer=OTHER_CUSTOMER_ID,
                         vehicle=OTHER_VEHICLE_ID)
    assert theirs.status_code == 404
    assert (await client.get(f"/api/booking/vehicles/{OTHER_VEHICLE_ID}",
                             headers=zhang)).status_code == 404
    listed = (await client.get("/api/booking/vehicles", headers=zhang)).json()["items"]
    assert [v["id"] for v in listed] == [DEMO_VEHICLE_ID]
    check_in = await client.post(f"/api/booking/appointments/{mine.json()['id']}/check-in",
                                 headers=zhang)
    assert check_in.status_code == 403


async def test_other_dealers_staff_see_nothing(client, settings):
    other = bearer(settings, "service_advisor", dealer_ids=[OTHER_DEALER_ID])
    assert (await client.get(f"/api/booking/customers/{DEMO_CUSTOMER_ID}",
                             headers=other)).status_code == 404
    assert (await client.get("/api/booking/customers", headers=other)).json()["items"] == []
    r = await client.post("/api/booking/customers", json={
        "name": "X", "phone": "13700000000", "dealer_id": DEMO_DEALER_ID}, headers=other)
    assert r.status_code == 403


async def test_errors_are_problem_json(client, settings):
    h = bearer(settings, "service_advisor")
    assert (await client.get("/api/booking/customers")).status_code == 401
    r = await _book(client, h, "2026-12-01T09:30:00")  # no offset
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    assert any(e["field"] == "start" for e in r.json()["errors"])
    r = await client.get("/api/booking/customers", params={"limit": 500}, headers=h)
    assert r.status_code == 422
    tech = bearer(settings, "technician")
    assert (await client.post("/api/booking/customers", json={
        "name": "X", "phone": "13700000000", "dealer_id": DEMO_DEALER_ID},
        headers=tech)).status_code == 403


async def test_lists_page_with_a_cursor(client, settings):
    h = bearer(settings, "service_advisor")
    for i in range(5):
        await client.post("/api/booking/customers", json={
            "name": f"C{i}", "phone": f"1370000000{i}", "dealer_id": DEMO_DEALER_ID}, headers=h)
    seen, cursor = [], None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/api/booking/customers", params=params, headers=h)).json()
        seen += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 7  # 5 new + 2 demo customers
