"""Booking reads workshop's `vehicle.delivered`: the vehicle's last service and mileage."""

from __future__ import annotations

from sqlalchemy import select

from aftersales_common.auth.demo import DEMO_CUSTOMER_ID, DEMO_DEALER_ID, OTHER_CUSTOMER_ID
from aftersales_common.messaging.envelope import CloudEvent
from aftersales_common.testing import bearer
from booking.seed import DEMO_VEHICLE_ID

from .helpers import outbox

DELIVERED_AT = "2026-12-01T17:05:00+08:00"


def delivered(odometer_km: int | None = 23456, *, version: int = 1,
              customer_id: str = DEMO_CUSTOMER_ID, **data) -> CloudEvent:
    """The event exactly as workshop publishes it."""
    return CloudEvent(
        source="/aftersales/workshop", type="vehicle.delivered", subject="order-1",
        dataschema=f"urn:aftersales:event:vehicle.delivered:v{version}", dealerid=DEMO_DEALER_ID,
        data={"order_id": "order-1", "order_no": "RO-2026-0001", "dealer_id": DEMO_DEALER_ID,
              "vehicle_id": DEMO_VEHICLE_ID, "customer_id": customer_id,
              "delivered_at": DELIVERED_AT, "odometer_km": odometer_km, **data})


async def _vehicle(client, settings) -> dict:
    r = await client.get(f"/api/booking/vehicles/{DEMO_VEHICLE_ID}",
                         headers=bearer(settings, "service_advisor"))
    return r.json()


async def _dead_letters(runtime) -> list[dict]:
    t = runtime.tables.dead_letter
    async with runtime.db.session() as s:
        return [dict(r) for r in (await s.execute(select(t))).mappings()]


async def test_a_delivery_updates_the_vehicle_and_publishes_vehicle_updated(client, settings,
                                                                            runtime):
    event = delivered(23456)
    assert await runtime.consumer.process(event) is True
    vehicle = await _vehicle(client, settings)
    assert (vehicle["last_service_at"], vehicle["mileage_km"]) == (DELIVERED_AT, 23456)
    [published] = await outbox(runtime, "vehicle.updated")
    assert published["subject"] == DEMO_VEHICLE_ID
    assert published["data"]["last_service_at"] == DELIVERED_AT
    assert (published["data"]["mileage_km"], published["data"]["usage"]) == (23456, "private")
    # the same event again (at-least-once delivery) has no second effect
    assert await runtime.consumer.process(event) is False
    assert len(await outbox(runtime, "vehicle.updated")) == 1


async def test_a_lower_odometer_keeps_the_mileage(client, settings, runtime):
    await runtime.consumer.process(delivered(23456))
    later = delivered(1200, delivered_at="2026-12-20T10:00:00+08:00")
    await runtime.consumer.process(later)
    vehicle = await _vehicle(client, settings)
    assert (vehicle["last_service_at"], vehicle["mileage_km"]) == ("2026-12-20T10:00:00+08:00",
                                                                   23456)
    without_odometer = delivered(None, delivered_at="2027-01-05T10:00:00+08:00")
    await runtime.consumer.process(without_odometer)
    assert (await _vehicle(client, settings))["mileage_km"] == 23456


async def test_an_unknown_major_version_is_dead_lettered_not_guessed_at(client, settings,
                                                                        runtime):
    raw = delivered(99999, version=2).to_json()
    await runtime.consumer.deliver("aftersales.workshop", raw)
    [dead] = await _dead_letters(runtime)
    assert dead["type"] == "vehicle.delivered" and "v2" in dead["error"]
    assert (await _vehicle(client, settings))["mileage_km"] is None
    assert await outbox(runtime, "vehicle.updated") == []


async def test_a_delivery_that_does_not_match_the_file_is_dead_lettered(client, settings,
                                                                        runtime):
    await runtime.consumer.deliver("aftersales.workshop",
                                   delivered(customer_id=OTHER_CUSTOMER_ID).to_json())
    await runtime.consumer.deliver("aftersales.workshop",
                                   delivered(vehicle_id="no-such-vehicle").to_json())
    await runtime.consumer.deliver("aftersales.workshop",
                                   delivered(delivered_at="yesterday").to_json())
    assert len(await _dead_letters(runtime)) == 3
    assert (await _vehicle(client, settings))["last_service_at"] is None

