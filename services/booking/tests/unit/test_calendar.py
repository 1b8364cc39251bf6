"""The slot calendar on plain values."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from aftersales_common.errors import InvalidInput
from booking.domain.calendar import Calendar, check_lead_time
from booking.domain.values import lane_of

CAL = Calendar("Asia/Shanghai", time(8, 30), time(17, 30), 60, 3, 1)


def test_a_day_has_nine_hour_slots_in_the_dealer_zone():
    slots = CAL.slots(date(2026, 12, 1))
    assert len(slots) == 9
    assert slots[0][0].isoformat() == "2026-12-01T08:30:00+08:00"
    assert slots[-1][1].isoformat() == "2026-12-01T17:30:00+08:00"


def test_a_start_must_be_a_slot_boundary_with_an_offset():
    ok = datetime(2026, 12, 1, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai
    assert CAL.slot_at(ok)[0] == ok
    with pytest.raises(InvalidInput):
        CAL.slot_at(datetime(2026, 12, 1, 1, 45, tzinfo=UTC))
    with pytest.raises(InvalidInput):
        CAL.slot_at(datetime(2026, 12, 1, 9, 30))  # naive
    with pytest.raises(InvalidInput):
        CAL.slot_at(datetime(2026, 12, 1, 12, 0, tzinfo=UTC))  # 20:00, closed


def test_quick_service_has_its_own_lane_and_capacity():
    assert lane_of("quick") == "quick" and CAL.capacity("quick") == 1
    assert lane_of("repair") == "main" and CAL.capacity("main") == 3
    with pytest.raises(InvalidInput):
        lane_of("teleport")


def test_appointments_in_the_past_are_refused():
    now = datetime(2026, 12, 1, tzinfo=UTC)
    with pytest.raises(InvalidInput):
        check_lead_time(now - timedelta(minutes=1), now, 0)
    check_lead_time(now + timedelta(hours=25), now, 24 * 60)
