"""The booking channel: recorded, returned, carried in every appointment event, and deciding
who took the initiative (a phone call is the customer's; a reminder is the dealer's)."""

from __future__ import annotations

from aftersales_common.auth.demo import DEMO_CUSTOMER_ID
from aftersales_common.testing import bearer

from .helpers import book, new_car, outbox, slots


async def test_a_phone_booking_typed_by_an_advisor_is_customer_initiated(client, settings,
                                                                         runtime):
    advisor = bearer(settings, "service_advisor")
    start = (await slots(client, advisor))[0]["start"]
    r = await book(client, advisor, start)
    assert r.status_code == 201
    assert (r.json()["channel"], r.json()["initiated_by"]) == ("phone", "customer")
    got = await client.get(f"/api/booking/appointments/{r.json()['id']}", headers=advisor)
    assert (got.json()["channel"], got.json()["initiated_by"]) == ("phone", "customer")
    [event] = await outbox(runtime, "appointment.booked")
    assert (event["data"]["channel"], event["data"]["initiated_by"]) == ("phone", "customer")


async def test_a_booking_from_a_reminder_is_dealer_initiated_and_a_walk_in_is_not(
        client, settings):
    advisor = bearer(settings, "service_advisor")
    start = (await slots(client, advisor))[0]["start"]
    reminder = await book(client, advisor, start, channel="reminder")
    customer, car = await new_car(client, settings)  # a car has one appointment a day
    walk_in = await book(client, advisor, start, channel="walk_in", customer=customer, vehicle=car)
    assert (reminder.json()["channel"], reminder.json()["initiated_by"]) == ("reminder", "dealer")
    assert (walk_in.json()["channel"], walk_in.json()["initiated_by"]) == ("walk_in", "customer")
    assert (await book(client, advisor, start, channel="fax")).status_code == 422


async def test_a_customer_books_in_the_app_only(client, settings):
    zhang = bearer(settings, "customer", customer_id=DEMO_CUSTOMER_ID)
    start = (await slots(client, zhang))[0]["start"]
    mine = await book(client, zhang, start)
    assert (mine.json()["channel"], mine.json()["initiated_by"]) == ("app", "customer")
    _, second_car = await new_car(client, settings, customer=DEMO_CUSTOMER_ID)
    assert (await book(client, zhang, start, channel="app", vehicle=second_car)).status_code == 201
    _, third_car = await new_car(client, settings, customer=DEMO_CUSTOMER_ID)
    refused = await book(client, zhang, start, channel="reminder", vehicle=third_car)
    assert refused.status_code == 403
    assert (await slots(client, zhang))[0]["free"] == 1  # the refused one took no place


async def test_every_appointment_event_carries_the_channel(client, settings, runtime):
    advisor = bearer(settings, "service_advisor")
    day = await slots(client, advisor)
    cars = [await new_car(client, settings) for _ in range(3)]  # a car has one a day
    a = (await book(client, advisor, day[0]["start"], channel="walk_in",
                    customer=cars[0][0], vehicle=cars[0][1])).json()
    b = (await book(client, advisor, day[1]["start"], channel="reminder",
                    customer=cars[1][0], vehicle=cars[1][1])).json()
    c = (await book(client, advisor, day[2]["start"],
                    customer=cars[2][0], vehicle=cars[2][1])).json()
    base = "/api/booking/appointments"
    assert (await client.post(f"{base}/{a['id']}/reschedule", json={"start": day[3]["start"]},
                              headers=advisor)).status_code == 200
    assert (await client.post(f"{base}/{a['id']}/check-in", headers=advisor)).status_code == 200
    assert (await client.post(f"{base}/{b['id']}/cancel", headers=advisor)).status_code == 200
    assert (await client.post(f"{base}/{c['id']}/no-show", headers=advisor)).status_code == 200
    events = [e for e in await outbox(runtime) if e["type"].startswith("appointment.")]
    assert sorted({e["type"] for e in events}) == [
        "appointment.booked", "appointment.cancelled", "appointment.checked_in",
        "appointment.no_show", "appointment.rescheduled"]
    channel_of = {a["id"]: "walk_in", b["id"]: "reminder", c["id"]: "phone"}
    for e in events:
        assert e["data"]["channel"] == channel_of[e["subject"]], e
        assert e["data"]["initiated_by"] == ("dealer" if e["subject"] == b["id"] else "customer")
