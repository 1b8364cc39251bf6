"""Admin and staff see and touch only their own dealers, on every route (no admin bypass)."""

from __future__ import annotations

import pytest

from aftersales_common.auth.demo import (
    DEMO_CUSTOMER_ID,
    DEMO_DEALER_ID,
    OTHER_CUSTOMER_ID,
    OTHER_DEALER_ID,
)
from aftersales_common.testing import bearer
from booking.seed import DEMO_VEHICLE_ID

from .helpers import DAY, book, slots


@pytest.mark.parametrize("roles", [("admin",), ("service_advisor",), ("manager",)])
async def test_staff_of_another_dealer_see_and_change_nothing_here(client, settings, roles):
    advisor = bearer(settings, "service_advisor")
    appointment = (await book(client, advisor, (await slots(client, advisor))[0]["start"])).json()
    outsider = bearer(settings, *roles, dealer_ids=[OTHER_DEALER_ID])
    for path in (f"/customers/{DEMO_CUSTOMER_ID}", f"/vehicles/{DEMO_VEHICLE_ID}",
                 f"/appointments/{appointment['id']}"):
        assert (await client.get(f"/api/booking{path}", headers=outsider)).status_code == 404
    for path in ("/customers", "/vehicles", "/appointments"):
        for params in ({}, {"dealer_id": DEMO_DEALER_ID}):
            r = await client.get(f"/api/booking{path}", params=params, headers=outsider)
            assert r.status_code == 200 and r.json()["items"] == [], (path, params)
    r = await client.get("/api/booking/slots", params={"dealer_id": DEMO_DEALER_ID, "date": DAY},
                         headers=outsider)
    assert r.status_code == 403
    writes = [
        ("POST", "/customers", {"name": "X", "phone": "13700000000", "dealer_id": DEMO_DEALER_ID}),
        ("POST", "/vehicles", {"customer_id": DEMO_CUSTOMER_ID, "vin": "LSVAU2180N2183295",
                               "plate": "沪C1", "model": "M", "dealer_id": DEMO_DEALER_ID}),
        ("PATCH", f"/customers/{OTHER_CUSTOMER_ID}", {"callback_opt_out": True}),
        ("POST", "/appointments", {"customer_id": DEMO_CUSTOMER_ID, "vehicle_id": DEMO_VEHICLE_ID,
                                   "start": appointment["start"]}),
        ("POST", f"/appointments/{appointment['id']}/check-in", None),
        ("POST", f"/appointments/{appointment['id']}/cancel", None),
        ("POST", f"/appointments/{appointment['id']}/no-show", None),
        ("POST", f"/appointments/{appointment['id']}/reschedule", {"start": appointment["start"]}),
    ]
    for method, path, body in writes:
        r = await client.request(method, f"/api/booking{path}", json=body, headers=outsider)
        assert r.status_code in (403, 404), (method, path, r.status_code)
    still = await client.get(f"/api/booking/appointments/{appointment['id']}", headers=advisor)
    assert still.json()["status"] == "booked"
    assert (await slots(client, advisor))[0]["free"] == 2


async def test_admin_of_the_dealer_works_as_staff_there(client, settings):
    admin = bearer(settings, "admin", dealer_ids=[DEMO_DEALER_ID])
    assert len((await client.get("/api/booking/customers", headers=admin)).json()["items"]) == 2
    assert (await book(client, admin, (await slots(client, admin))[0]["start"])).status_code == 201


async def test_a_customer_looks_only_at_the_days_of_a_dealer_they_are_a_customer_of(client,
                                                                                   settings):
    """Issue 7: any token read any dealer's slot occupancy. Only the dealer's staff and the
    dealer's customers (a customer file there) may."""
    zhang = bearer(settings, "customer", customer_id=DEMO_CUSTOMER_ID)
    r = await client.get("/api/booking/slots", params={"dealer_id": DEMO_DEALER_ID, "date": DAY},
                         headers=zhang)
    assert r.status_code == 200 and r.json()[0]["free"] == 3
    r = await client.get("/api/booking/slots", params={"dealer_id": OTHER_DEALER_ID, "date": DAY},
                         headers=zhang)
    assert r.status_code == 403
    nobody = bearer(settings, "customer", customer_id="c-without-a-file")
    assert (await client.get("/api/booking/slots", params={"dealer_id": DEMO_DEALER_ID,
                                                           "date": DAY},
                             headers=nobody)).status_code == 403
    for role in ("partner",):
        h = bearer(settings, role)
        assert (await client.get("/api/booking/slots", params={"dealer_id": DEMO_DEALER_ID,
                                                               "date": DAY},
                                 headers=h)).status_code == 403
    other_staff = bearer(settings, "technician", dealer_ids=[OTHER_DEALER_ID])
    assert (await client.get("/api/booking/slots", params={"dealer_id": DEMO_DEALER_ID,
                                                           "date": DAY},
                             headers=other_staff)).status_code == 403
    own_staff = bearer(settings, "technician")
    assert (await client.get("/api/booking/slots", params={"dealer_id": DEMO_DEALER_ID,
                                                           "date": DAY},
                             headers=own_staff)).status_code == 200
