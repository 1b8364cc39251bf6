"""Who may be called: exclusions, and the local customer and vehicle files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from crm.domain.callable_list import Contact, Exclusion, Usage, Vehicle, exclusion_reason

NOW = datetime(2026, 3, 2, 6, tzinfo=UTC)


def test_company_and_staff_cars_and_opted_out_customers_are_not_called():
    assert exclusion_reason("company", False) is Exclusion.COMPANY_CAR
    assert exclusion_reason("staff", False) is Exclusion.STAFF_CAR
    assert exclusion_reason("private", True) is Exclusion.CALLBACK_OPT_OUT
    assert exclusion_reason("private", False) is None
    assert exclusion_reason(None, False) is None  # vehicle not seen yet: callable by default


def test_an_older_file_does_not_overwrite_a_newer_one():
    contact = Contact(customer_id="c-1", dealer_id="d-1", name="张伟", phone="+86138",
                      callback_opt_out=True, sms_opt_out=False, as_of=NOW)
    assert contact.is_newer_than(NOW - timedelta(hours=1))
    assert not contact.is_newer_than(NOW + timedelta(seconds=1))
    contact.update(dealer_id="d-1", name="张伟", phone="+86139", callback_opt_out=False,
                   sms_opt_out=True, as_of=NOW + timedelta(hours=1))
    assert contact.phone == "+86139" and not contact.callback_opt_out and contact.sms_opt_out


def test_a_vehicle_knows_why_it_is_not_called():
    car = Vehicle(vehicle_id="v-1", dealer_id="d-1", customer_id="c-1", vin="LSV", plate="沪A",
                  model="Lavida", usage=Usage.PRIVATE, as_of=NOW)
    assert car.exclusion is None
    car.update(dealer_id="d-1", customer_id="c-1", vin="LSV", plate="沪A", model="Lavida",
               usage=Usage.COMPANY, as_of=NOW)
    assert car.exclusion is Exclusion.COMPANY_CAR
