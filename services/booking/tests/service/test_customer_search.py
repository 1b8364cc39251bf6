"""Finding a customer by phone: any usual form of the number finds the E.164 file."""

from __future__ import annotations

import pytest

from aftersales_common.auth.demo import DEMO_DEALER_ID
from aftersales_common.testing import bearer


@pytest.mark.parametrize("typed", ["13912345678", "+86 139 1234 5678", "139-1234-5678",
                                   "+8613912345678"])
async def test_a_phone_filter_in_any_form_finds_the_customer(client, settings, typed):
    h = bearer(settings, "service_advisor")
    created = await client.post("/api/booking/customers", json={
        "name": "王芳", "phone": "139 1234 5678", "dealer_id": DEMO_DEALER_ID}, headers=h)
    assert created.json()["phone"] == "+8613912345678"
    r = await client.get("/api/booking/customers", params={"phone": typed}, headers=h)
    assert r.status_code == 200
    assert [c["id"] for c in r.json()["items"]] == [created.json()["id"]]


@pytest.mark.parametrize("typed", ["not-a-phone", "12345", "139"])
async def test_an_unparseable_phone_filter_is_invalid_input(client, settings, typed):
    r = await client.get("/api/booking/customers", params={"phone": typed},
                         headers=bearer(settings, "service_advisor"))
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in r.json()["errors"]] == ["phone"]
