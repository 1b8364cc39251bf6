"""Customer and vehicle files: what they record when registered, updated and serviced."""

from __future__ import annotations

from datetime import timedelta

import pytest

from aftersales_common.errors import InvalidInput
from booking.domain import events as ev
from booking.domain.customer import Customer
from booking.domain.values import ContactChannel, Usage
from booking.domain.vehicle import Vehicle

from .factories import AT, customer, vehicle


def test_registering_a_customer_records_the_file_with_an_e164_phone():
    c = Customer.register(dealer_id="d1", name=" 王芳 ", phone="139-1234-5678", email="w@x.cn",
                          callback_opt_out=True, sms_opt_out=False, preferred_channel="wechat",
                          by="advisor", at=AT)
    assert (c.name, c.phone, c.preferred_channel) == ("王芳", "+8613912345678",
                                                      ContactChannel.WECHAT)
    [event] = c.recorded_events
    assert isinstance(event, ev.CustomerRegistered)
    assert (event.customer_id, event.phone, event.callback_opt_out, event.by) == (
        c.id, "+8613912345678", True, "advisor")


def test_an_update_changes_only_what_is_given_and_records_it():
    c = customer()
    c.update(by="zhang", at=AT, phone="+86 138 0013 8000", callback_opt_out=True)
    assert (c.phone, c.callback_opt_out, c.name) == ("+8613800138000", True, "王芳")
    [event] = c.pull_events()
    assert isinstance(event, ev.CustomerUpdated) and event.callback_opt_out is True
    with pytest.raises(InvalidInput):
        c.update(by="zhang", at=AT, phone="12345")


def test_registering_a_vehicle_normalises_it_and_records_it():
    owner = customer()
    v = Vehicle.register(customer=owner, dealer_id="d1", vin="lsvau2180n2183294",
                         plate=" 沪c12345 ", model=" Lavida ", usage="company", mileage_km=None,
                         by="advisor", at=AT)
    assert (v.vin, v.plate, v.model, v.usage) == ("LSVAU2180N2183294", "沪C12345", "Lavida",
                                                  Usage.COMPANY)
    [event] = v.recorded_events
    assert isinstance(event, ev.VehicleRegistered) and event.usage is Usage.COMPANY


def test_a_vehicle_belongs_to_a_customer_of_the_same_dealer_and_a_known_usage():
    owner = customer("d1")
    with pytest.raises(InvalidInput):
        Vehicle.register(customer=owner, dealer_id="d2", vin="LSVAU2180N2183294", plate="A",
                         model="M", usage="private", mileage_km=None, by="a", at=AT)
    with pytest.raises(InvalidInput):
        Vehicle.register(customer=owner, dealer_id="d1", vin="LSVAU2180N2183294", plate="A",
                         model="M", usage="rental", mileage_km=None, by="a", at=AT)


def test_a_delivered_service_moves_date_and_mileage_forward_only():
    v = vehicle(customer())  # 12000 km, never serviced here
    delivered = AT + timedelta(days=30)
    assert v.record_service(delivered_at=delivered, odometer_km=15000, by="workshop")
    assert (v.last_service_at, v.mileage_km) == (delivered, 15000)
    [event] = v.pull_events()
    assert isinstance(event, ev.VehicleUpdated)
    assert (event.last_service_at, event.mileage_km) == (delivered, 15000)
    # a later delivery with a lower (mistyped) odometer keeps the mileage
    later = delivered + timedelta(days=1)
    assert v.record_service(delivered_at=later, odometer_km=9000, by="workshop")
    assert (v.last_service_at, v.mileage_km) == (later, 15000)
    v.pull_events()
    # an older delivery arriving late changes nothing and records nothing
    assert not v.record_service(delivered_at=AT, odometer_km=None, by="workshop")
    assert v.recorded_events == ()
