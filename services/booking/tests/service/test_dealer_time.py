"""One form for times: the dealer's offset in POST and GET responses and in the events."""

from __future__ import annotations

from aftersales_common.auth.demo import DEMO_DEALER_ID
from aftersales_common.testing import bearer

from .helpers import book, outbox, slots

OFFSET = "+08:00"


async def test_appointment_times_are_written_in_the_dealer_offset_everywhere(client, settings,
                                                                             runtime):
    h = bearer(settings, "service_advisor")
    start = (await slots(client, h))[0]["start"]
    assert start.endswith(OFFSET)
    posted = (await book(client, h, start)).json()
    checked_in = (await client.post(f"/api/booking/appointments/{posted['id']}/check-in",
                                    headers=h)).json()
    got = (await client.get(f"/api/booking/appointments/{posted['id']}", headers=h)).json()
    [listed] = (await client.get("/api/booking/appointments", headers=h)).json()["items"]
    for body in (posted, checked_in, got, listed):
        assert body["start"] == start
        assert body["end"].endswith(OFFSET) and body["created_at"].endswith(OFFSET)
    assert posted["start"] == got["start"] and posted["end"] == got["end"]
    assert checked_in["checked_in_at"].endswith(OFFSET)
    assert got["checked_in_at"] == checked_in["checked_in_at"]
    booked, arrived = (await outbox(runtime, "appointment.booked")
                       + await outbox(runtime, "appointment.checked_in"))
    assert booked["data"]["start"] == start == arrived["data"]["start"]
    assert arrived["data"]["checked_in_at"] == checked_in["checked_in_at"]


async def test_customer_and_vehicle_times_are_in_the_dealer_offset(client, settings):
    h = bearer(settings, "service_advisor")
    c = await client.post("/api/booking/customers", json={
        "name": "王芳", "phone": "13812345678", "dealer_id": DEMO_DEALER_ID}, headers=h)
    assert c.json()["created_at"].endswith(OFFSET)
    got = await client.get(f"/api/booking/customers/{c.json()['id']}", headers=h)
    assert got.json()["created_at"] == c.json()["created_at"]
