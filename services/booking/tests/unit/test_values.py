"""Value rules: phone and VIN forms, the booking channel and who took the initiative."""

from __future__ import annotations

import pytest

from aftersales_common.errors import Forbidden, InvalidInput
from booking.domain.values import (
    Channel,
    InitiatedBy,
    booking_channel,
    initiated_by,
    normalise_phone,
    normalise_vin,
)


def test_phone_and_vin_are_normalised_or_refused():
    assert normalise_phone("138 0013 8000") == "+8613800138000"
    with pytest.raises(InvalidInput):
        normalise_phone("12345")
    assert normalise_vin("lsvau2180n2183294") == "LSVAU2180N2183294"
    with pytest.raises(InvalidInput):
        normalise_vin("LSVAU2180N218329O")  # letter O is never in a VIN


@pytest.mark.parametrize("raw", ["13912345678", "+86 139 1234 5678", "139-1234-5678",
                                 "+8613912345678", "0086 139 1234 5678"])
def test_every_usual_form_of_a_mobile_number_is_one_e164_number(raw):
    assert normalise_phone(raw) == "+8613912345678"


@pytest.mark.parametrize("raw", ["abc", "139", "", "+86 139 1234 5678 999"])
def test_what_is_not_a_phone_number_is_refused(raw):
    with pytest.raises(InvalidInput):
        normalise_phone(raw)


@pytest.mark.parametrize(("channel", "who"), [
    (Channel.PHONE, InitiatedBy.CUSTOMER),  # the customer called: 被动预约
    (Channel.WALK_IN, InitiatedBy.CUSTOMER),
    (Channel.APP, InitiatedBy.CUSTOMER),
    (Channel.REMINDER, InitiatedBy.DEALER),  # booked from the dealer's reminder: 主动预约
])
def test_the_channel_says_who_took_the_initiative(channel, who):
    assert initiated_by(channel) is who


def test_customers_book_in_the_app_and_staff_default_to_the_phone():
    assert booking_channel(None, by_customer=True) is Channel.APP
    assert booking_channel(Channel.APP, by_customer=True) is Channel.APP
    assert booking_channel(None, by_customer=False) is Channel.PHONE
    assert booking_channel(Channel.REMINDER, by_customer=False) is Channel.REMINDER
    for other in (Channel.PHONE, Channel.WALK_IN, Channel.REMINDER):
        with pytest.raises(Forbidden):
            booking_channel(other, by_customer=True)
