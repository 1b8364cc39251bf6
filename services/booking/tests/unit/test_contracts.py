"""The one mapping from domain events to published contracts (no database, no bus)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from aftersales_common.domain import DomainEvent
from booking import contracts
from booking.domain.values import Channel

from .factories import AT, booked, customer, vehicle


def _recorded() -> list[DomainEvent]:
    owner = customer()
    owner.update(by="zhang", at=AT, callback_opt_out=True)
    car = vehicle(owner)
    car.record_service(delivered_at=AT, odometer_km=30000, by="workshop")
    moved, arrived, cancelled, missed = (booked(Channel.REMINDER) for _ in range(4))
    moved.reschedule(to_start=moved.start + timedelta(hours=1),
                     to_end=moved.end + timedelta(hours=1), by="a", at=AT, reason=None)
    arrived.check_in(by="a", at=AT)
    cancelled.cancel(by="a", at=AT, reason="ill")
    missed.mark_no_show(by="a", at=AT, reason=None)
    return [e for agg in (owner, car, moved, arrived, cancelled, missed)
            for e in agg.pull_events()]


def test_every_domain_event_is_published_under_its_contract():
    outbound = [contracts.publish(e) for e in _recorded()]
    assert [o.payload.event_type for o in outbound] == [
        "customer.updated", "vehicle.updated", "appointment.rescheduled",
        "appointment.checked_in", "appointment.cancelled", "appointment.no_show"]
    assert {type(o.payload) for o in outbound} <= set(contracts.PUBLISHED)
    for o in outbound:
        data = o.payload.model_dump(mode="json")
        assert o.dealer_id == data["dealer_id"] == "d1"
        assert o.subject == data[f"{o.aggregate_type}_id"]
    prefs = outbound[0].payload.model_dump(mode="json")["contact_preferences"]
    assert prefs == {"callback_opt_out": True, "sms_opt_out": False, "preferred_channel": "phone"}
    checked_in = outbound[3].payload.model_dump(mode="json")
    assert checked_in["channel"] == "reminder" and checked_in["initiated_by"] == "dealer"
    assert checked_in["start"] == "2026-12-01T09:30:00+08:00"
    assert checked_in["checked_in_at"] == "2026-11-30T10:00:00+08:00"


def test_an_event_without_a_contract_is_a_programming_error():
    with pytest.raises(TypeError):
        contracts.publish(DomainEvent())


def test_closed_vocabularies_are_enums_in_the_published_schemas():
    schema = contracts.AppointmentBooked.model_json_schema(mode="serialization")
    enums = {name: schema["$defs"][name]["enum"] for name in schema["$defs"]}
    assert enums["Channel"] == ["phone", "walk_in", "app", "reminder"]
    assert enums["InitiatedBy"] == ["customer", "dealer"]
    assert set(enums) >= {"ServiceType", "AppointmentStatus"}
    vehicle_schema = contracts.VehicleRegistered.model_json_schema(mode="serialization")
    assert vehicle_schema["$defs"]["Usage"]["enum"] == ["private", "company", "staff"]
