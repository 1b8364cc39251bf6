"""The appointment's life cycle: its transition table, the events it records, its refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest

from aftersales_common.domain import IllegalTransition
from aftersales_common.errors import InvalidInput
from booking.domain import events as ev
from booking.domain.appointment import TRANSITIONS, Appointment
from booking.domain.values import AppointmentStatus, Channel, InitiatedBy, Lane

from .factories import AT, END, START, booked, customer, vehicle

LATER = AT + timedelta(hours=1)


def test_the_transition_table_lets_only_a_booked_appointment_move():
    assert TRANSITIONS.rows() == [
        ("booked", "cancel", "cancelled"),
        ("booked", "check_in", "checked_in"),
        ("booked", "mark_no_show", "no_show"),
        ("booked", "reschedule", "booked"),
    ]
    for final in ("checked_in", "cancelled", "no_show"):
        assert TRANSITIONS.actions(AppointmentStatus(final)) == []


def test_booking_records_who_how_and_the_car():
    owner = customer()
    car = vehicle(owner)
    a = Appointment.book(customer=owner, vehicle=car, start=START, end=END,
                         service_type="quick", concern="wipers", channel=Channel.REMINDER,
                         by="advisor", at=AT)
    assert (a.status, a.lane, a.booked_by, a.created_at) == ("booked", Lane.QUICK, "advisor", AT)
    assert a.initiated_by is InitiatedBy.DEALER
    [event] = a.recorded_events
    assert isinstance(event, ev.AppointmentBooked)
    assert (event.vin, event.plate, event.channel, event.initiated_by) == (
        "LSVAU2180N2183294", "沪A12345", Channel.REMINDER, InitiatedBy.DEALER)
    assert (event.start, event.end, event.by, event.at) == (START, END, "advisor", AT)


def test_a_phone_booking_is_the_customers_initiative():
    assert booked(Channel.PHONE).initiated_by is InitiatedBy.CUSTOMER


def test_another_customers_car_or_an_unknown_service_cannot_be_booked():
    owner, stranger = customer(), customer()
    with pytest.raises(InvalidInput):
        Appointment.book(customer=stranger, vehicle=vehicle(owner), start=START, end=END,
                         service_type="maintenance", concern="", channel=Channel.PHONE,
                         by="advisor", at=AT)
    with pytest.raises(InvalidInput):
        Appointment.book(customer=owner, vehicle=vehicle(owner), start=START, end=END,
                         service_type="teleport", concern="", channel=Channel.PHONE,
                         by="advisor", at=AT)


def test_only_a_booked_appointment_can_be_checked_in_once():
    a = booked()
    a.check_in(by="advisor", at=LATER)
    assert (a.status, a.checked_in_at) == ("checked_in", LATER)
    [event] = a.pull_events()
    assert isinstance(event, ev.AppointmentCheckedIn) and event.at == LATER
    with pytest.raises(IllegalTransition) as refused:
        a.check_in(by="advisor", at=LATER)
    assert refused.value.status == 409 and "已到店" in refused.value.detail
    assert a.recorded_events == ()
    cancelled = booked()
    cancelled.cancel(by="zhang", at=LATER, reason=None)
    with pytest.raises(IllegalTransition):
        cancelled.check_in(by="advisor", at=LATER)


@pytest.mark.parametrize("act", ["cancel", "mark_no_show"])
def test_cancel_and_no_show_end_the_appointment_with_a_reason(act):
    a = booked()
    getattr(a, act)(by="advisor", at=LATER, reason="changed plans")
    [event] = a.pull_events()
    assert event.reason == "changed plans" and event.status == a.status
    assert a.status == {"cancel": "cancelled", "mark_no_show": "no_show"}[act]
    for again in ("cancel", "mark_no_show"):
        with pytest.raises(IllegalTransition):
            getattr(a, again)(by="advisor", at=LATER, reason=None)
    with pytest.raises(IllegalTransition):
        a.reschedule(to_start=START, to_end=END, by="advisor", at=LATER, reason=None)


def test_reschedule_keeps_it_booked_and_remembers_the_old_start():
    a = booked()
    new_start = START + timedelta(hours=2)
    assert a.reschedule(to_start=new_start, to_end=new_start + timedelta(hours=1),
                        by="zhang", at=LATER, reason="meeting")
    assert (a.status, a.start) == ("booked", new_start)
    [event] = a.pull_events()
    assert isinstance(event, ev.AppointmentRescheduled)
    assert (event.previous_start, event.start, event.reason) == (START, new_start, "meeting")


def test_rescheduling_to_the_same_slot_changes_nothing():
    a = booked()
    assert a.reschedule(to_start=START, to_end=END, by="zhang", at=LATER, reason=None) is False
    assert a.recorded_events == ()
