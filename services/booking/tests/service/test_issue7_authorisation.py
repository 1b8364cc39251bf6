"""Issue 7 (authorisation as a matrix), booking's part: customers' phone and e-mail masked for
the roles that do not need them, no phone-number oracle, a per-customer limit on open
appointments (one customer booked all 27 places of a day for one car)."""

from __future__ import annotations

from datetime import date, timedelta

import httpx

from aftersales_common.auth.demo import DEMO_CUSTOMER_ID, DEMO_DEALER_ID, OTHER_CUSTOMER_ID
from aftersales_common.testing import bearer, running_client
from booking.bootstrap import create_app
from booking.config import BookingSettings
from booking.seed import DEMO_VEHICLE_ID

from .helpers import book, new_car, slots

MASKED_ROLES = ("foreman", "technician", "qc_inspector", "parts_clerk", "warranty_clerk")
PII_ROLES = ("service_advisor", "callback_agent", "cashier", "manager", "admin")


async def test_phone_and_email_are_masked_for_roles_that_do_not_need_them(client, settings):
    advisor = bearer(settings, "service_advisor")
    r = await client.patch(f"/api/booking/customers/{DEMO_CUSTOMER_ID}",
                           json={"email": "zhang.wei@example.com"}, headers=advisor)
    assert r.status_code == 200 and r.json()["email"] == "zhang.wei@example.com"
    path = f"/api/booking/customers/{DEMO_CUSTOMER_ID}"
    for role in PII_ROLES:
        h = bearer(settings, role)
        one = (await client.get(path, headers=h)).json()
        assert (one["phone"], one["email"]) == ("+8613800138000", "zhang.wei@example.com"), role
        listed = (await client.get("/api/booking/customers", headers=h)).json()["items"]
        assert "+8613800138000" in {c["phone"] for c in listed}, role
    for role in MASKED_ROLES:
        h = bearer(settings, role)
        one = await client.get(path, headers=h)
        assert one.status_code == 200, (role, one.text)
        assert (one.json()["phone"], one.json()["email"]) == ("+86138****8000",
                                                              "z***@example.com"), role
        listed = (await client.get("/api/booking/customers", headers=h)).json()["items"]
        assert listed and all("****" in c["phone"] for c in listed), role
        # a search by phone would tell whose number it is: not for masked roles
        search = await client.get("/api/booking/customers", params={"phone": "13800138000"},
                                  headers=h)
        assert search.status_code == 403, role
    zhang = bearer(settings, "customer", customer_id=DEMO_CUSTOMER_ID)
    own = (await client.get(path, headers=zhang)).json()
    assert own["phone"] == "+8613800138000" and own["email"] == "zhang.wei@example.com"
    # an admin of another dealer sees nothing at all
    stranger = bearer(settings, "admin", dealer_ids=["d-other"])
    assert (await client.get(path, headers=stranger)).status_code == 404


async def test_tokens_without_a_known_role_read_nothing(client, settings):
    for roles in ([], ["ADMIN"], ["Service_Advisor"]):
        h = bearer(settings, *roles)
        for path in ("/api/booking/customers", f"/api/booking/customers/{DEMO_CUSTOMER_ID}",
                     "/api/booking/vehicles", "/api/booking/appointments"):
            r = await client.get(path, headers=h)
            assert r.status_code == 401, (roles, path, r.text)
            assert r.headers["content-type"] == "application/problem+json"
    partner = bearer(settings, "partner")
    for path in ("/api/booking/customers", f"/api/booking/customers/{DEMO_CUSTOMER_ID}",
                 "/api/booking/vehicles", "/api/booking/appointments"):
        assert (await client.get(path, headers=partner)).status_code == 403, path


async def test_no_oracle_on_other_customers_phone_numbers(client, settings):
    zhang = bearer(settings, "customer", customer_id=DEMO_CUSTOMER_ID)
    path = f"/api/booking/customers/{DEMO_CUSTOMER_ID}"
    taken = await client.patch(path, json={"phone": "+8613900139000"}, headers=zhang)  # 李娜's
    free = await client.patch(path, json={"phone": "+8613700137999"}, headers=zhang)
    assert taken.status_code == free.status_code == 403
    assert taken.json() == free.json(), "the answer must not depend on whether the number is taken"
    assert "exists" not in taken.text and "已登记" not in taken.text
    same = await client.patch(path, json={"phone": "138 0013 8000", "name": "张伟"}, headers=zhang)
    assert same.status_code == 200 and same.json()["name"] == "张伟"
    # the dealer's desk (who may search by phone anyway) is still told
    advisor = bearer(settings, "service_advisor")
    dup = await client.patch(path, json={"phone": "+8613900139000"}, headers=advisor)
    assert dup.status_code == 409
    moved = await client.patch(path, json={"phone": "+8613700137999"}, headers=advisor)
    assert moved.status_code == 200 and moved.json()["phone"] == "+8613700137999"
    li = bearer(settings, "customer", customer_id=OTHER_CUSTOMER_ID)
    assert (await client.patch(path, json={"name": "x"}, headers=li)).status_code == 404


async def test_one_customer_cannot_book_a_whole_day_for_one_car(client, settings):
    zhang = bearer(settings, "customer", customer_id=DEMO_CUSTOMER_ID)
    day = await slots(client, zhang)
    first = await book(client, zhang, day[0]["start"])
    assert first.status_code == 201
    refused = [await book(client, zhang, s["start"]) for s in day[1:]]
    assert {r.status_code for r in refused} == {409}
    assert all(r.json()["type"].endswith("vehicle-already-booked") for r in refused)
    advisor = bearer(settings, "service_advisor")  # the desk obeys the same rule
    assert (await book(client, advisor, day[1]["start"])).status_code == 409
    free = [s["free"] for s in await slots(client, zhang)]
    assert free[0] == 2 and all(f == 3 for f in free[1:])
    # another day for the same car is fine; cancelling gives the day back
    cancelled = await client.post(f"/api/booking/appointments/{first.json()['id']}/cancel",
                                  headers=zhang)
    assert cancelled.status_code == 200
    assert (await book(client, zhang, day[5]["start"])).status_code == 201


async def test_a_customer_holds_at_most_the_configured_open_appointments(client, settings):
    assert settings.max_open_appointments_per_customer == 3
    zhang = bearer(settings, "customer", customer_id=DEMO_CUSTOMER_ID)
    cars = [DEMO_VEHICLE_ID] + [(await new_car(client, settings, DEMO_CUSTOMER_ID))[1]
                                for _ in range(3)]
    start = (await slots(client, zhang))[0]["start"]
    made = [await book(client, zhang, start, vehicle=car) for car in cars[:3]]
    assert [r.status_code for r in made] == [201, 201, 201]
    fourth = await book(client, zhang, start, vehicle=cars[3])
    assert fourth.status_code == 409 and fourth.json()["type"].endswith(
        "too-many-open-appointments")
    # a cancelled one frees its place in the count
    await client.post(f"/api/booking/appointments/{made[2].json()['id']}/cancel", headers=zhang)
    other_day = (await client.get("/api/booking/slots", params={
        "dealer_id": DEMO_DEALER_ID, "service_type": "maintenance",
        "date": (date.today() + timedelta(days=4)).isoformat()}, headers=zhang)).json()
    again = await book(client, zhang, other_day[0]["start"])  # the demo car, another day
    assert again.status_code == 201
    assert (await book(client, zhang, start, vehicle=cars[3])).status_code == 409  # 3 open again
    # a reschedule keeps the count, but a car still cannot have two the same day
    clash = await client.post(f"/api/booking/appointments/{made[0].json()['id']}/reschedule",
                              json={"start": other_day[1]["start"]}, headers=zhang)
    assert clash.status_code == 409 and clash.json()["type"].endswith("vehicle-already-booked")
    moved = await client.post(f"/api/booking/appointments/{made[0].json()['id']}/reschedule",
                              json={"start": start.replace("T08:30", "T09:30")}, headers=zhang)
    assert moved.status_code == 200, moved.text


async def test_the_limit_is_configurable(tmp_path):
    settings = BookingSettings(data_dir=tmp_path, app_env="test",
                               max_open_appointments_per_customer=1)
    async with running_client(create_app(settings)) as c:
        c: httpx.AsyncClient
        advisor = bearer(settings, "service_advisor")
        _, car = await new_car(c, settings, DEMO_CUSTOMER_ID)
        day = await slots(c, advisor)
        assert (await book(c, advisor, day[0]["start"])).status_code == 201
        second = await book(c, advisor, day[0]["start"], vehicle=car)
        assert second.status_code == 409
        assert second.json()["type"].endswith("too-many-open-appointments")
