"""A slot's capacity: a place is taken only if one is free; never overbooked."""

from __future__ import annotations

from datetime import timedelta

import pytest

from booking.domain.capacity import SlotCapacity, SlotFull
from booking.domain.values import Lane

from .factories import START


def slot(capacity: int = 3, booked: int = 0) -> SlotCapacity:
    return SlotCapacity(dealer_id="d1", lane=Lane.MAIN, start=START, capacity=capacity,
                        booked=booked)


def test_places_are_taken_until_none_is_free():
    s = slot(capacity=2)
    s.take()
    s.take()
    assert (s.booked, s.free, s.taken) == (2, 0, 2)
    with pytest.raises(SlotFull) as full:
        s.take()
    assert full.value.status == 409 and full.value.code == "slot-full"
    assert s.booked == 2


def test_a_released_place_can_be_taken_again_and_nothing_goes_below_zero():
    s = slot(capacity=1, booked=1)
    s.release()
    assert (s.free, s.taken) == (1, -1)
    s.take()
    assert (s.booked, s.taken) == (1, 0)
    empty = slot(booked=0)
    empty.release()
    assert (empty.booked, empty.taken) == (0, 0)


def test_a_lowered_capacity_shows_no_negative_free_places():
    assert slot(capacity=1, booked=3).free == 0


def test_a_slot_that_has_begun_has_no_free_place():
    s = slot()
    assert s.free_at(START - timedelta(minutes=1)) == 3
    assert s.free_at(START) == 0
