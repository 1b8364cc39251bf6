"""Walk-ins are checked against booking's customer and vehicle files, kept from booking's events."""

from __future__ import annotations

import pytest

from aftersales_common.auth.demo import DEMO_CUSTOMER_ID, DEMO_DEALER_ID, OTHER_DEALER_ID

W = "/api/workshop"
VEHICLE_ID = "e0000000-0000-4000-8000-000000000001"  # the vehicle of the shop fixture


def _walk_in(**overrides):
    return {"dealer_id": DEMO_DEALER_ID, "customer_id": DEMO_CUSTOMER_ID,
            "vehicle_id": VEHICLE_ID, "concern": "仪表盘故障灯亮", "service_type": "repair",
            **overrides}


async def _open(shop, **overrides):
    return await shop.client.post(f"{W}/orders", json=_walk_in(**overrides),
                                  headers=shop.as_("service_advisor"))


async def _registered(shop, **vehicle):
    await shop.feed("customer.registered", shop.customer())
    await shop.feed("vehicle.registered", shop.vehicle(**vehicle))


def _field(r):
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    return r.json()["errors"][0]["field"]


async def test_a_walk_in_takes_vin_plate_and_model_from_the_vehicle_file(shop):
    await _registered(shop)
    r = await _open(shop)
    assert r.status_code == 201, r.text
    order = r.json()
    assert (order["vin"], order["plate"], order["model"]) == ("LSVAU2180N2183294", "沪A12345",
                                                             "VW Lavida")
    (opened,) = await shop.outbox("order.opened")
    assert opened["data"]["vin"] == "LSVAU2180N2183294" and opened["data"]["appointment_id"] is None


async def test_an_unknown_customer_or_vehicle_is_refused_naming_the_field(shop):
    assert _field(await _open(shop)) == "customer_id"
    await shop.feed("customer.registered", shop.customer())
    assert _field(await _open(shop)) == "vehicle_id"
    assert await shop.orders() == []


async def test_another_dealers_files_are_refused(shop):
    await shop.feed("customer.registered", shop.customer(dealer_id=OTHER_DEALER_ID))
    await shop.feed("vehicle.registered", shop.vehicle(dealer_id=OTHER_DEALER_ID))
    assert _field(await _open(shop)) == "customer_id"
    await shop.feed("customer.updated", shop.customer())
    assert _field(await _open(shop)) == "vehicle_id"


async def test_a_vehicle_of_another_customer_is_refused(shop):
    await _registered(shop, customer_id="someone-else")
    r = await _open(shop)
    assert _field(r) == "vehicle_id" and r.json()["type"].endswith("vehicle-of-another-customer")


@pytest.mark.parametrize(("field", "value"), [("vin", "LSVAU2180N2183295"), ("plate", "沪B99999"),
                                              ("model", "Passat")])
async def test_values_given_must_match_the_file(shop, field, value):
    await _registered(shop)
    assert _field(await _open(shop, **{field: value})) == field


async def test_a_vehicle_update_changes_the_file(shop):
    await _registered(shop)
    await shop.feed("vehicle.updated", shop.vehicle(plate="沪C77777"))
    r = await _open(shop, plate="沪c77777")
    assert r.status_code == 201 and r.json()["plate"] == "沪C77777"


async def test_a_check_in_teaches_workshop_an_unknown_vehicle(shop):
    await shop.feed("appointment.checked_in", shop.checked_in("a-1"))
    r = await _open(shop)
    assert r.status_code == 201, r.text
    assert r.json()["plate"] == "沪A12345" and r.json()["model"] == "VW Lavida"
