"""Plain aggregates for the domain tests (no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from booking.domain.appointment import Appointment
from booking.domain.customer import Customer
from booking.domain.values import Channel
from booking.domain.vehicle import Vehicle

AT = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
START = datetime(2026, 12, 1, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai
END = START + timedelta(hours=1)


def customer(dealer_id: str = "d1") -> Customer:
    c = Customer.register(dealer_id=dealer_id, name=" 王芳 ", phone="139 1234 5678", email=None,
                          callback_opt_out=False, sms_opt_out=False, preferred_channel="phone",
                          by="advisor", at=AT)
    c.pull_events()
    return c


def vehicle(owner: Customer) -> Vehicle:
    v = Vehicle.register(customer=owner, dealer_id=owner.dealer_id, vin="lsvau2180n2183294",
                         plate=" 沪a12345 ", model="Lavida", usage="private", mileage_km=12000,
                         by="advisor", at=AT)
    v.pull_events()
    return v


def booked(channel: Channel = Channel.PHONE) -> Appointment:
    owner = customer()
    a = Appointment.book(customer=owner, vehicle=vehicle(owner), start=START, end=END,
                         service_type="maintenance", concern="异响 noise", channel=channel,
                         by="advisor", at=AT)
    a.pull_events()
    return a
