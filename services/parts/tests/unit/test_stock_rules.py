"""The stock rules on plain values: invariants, reservation split, issue, low-stock signal."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aftersales_common.errors import Conflict, InvalidInput
from aftersales_common.money import decimal_str
from parts.domain.quantity import to_qty
from parts.domain.reservation import needs_by_job, parts_of
from parts.domain.stock import (
    StockLevel,
    falls_low,
    issue_movement,
    needs_by_part,
    split_request,
)

D = Decimal


def test_available_is_on_hand_minus_reserved():
    assert StockLevel(D(10), D(3)).available == D(7)


def test_reserving_more_than_available_is_refused():
    level = StockLevel(D(10), D(8))
    assert level.moved(reserved_delta=D(2)).available == 0
    with pytest.raises(Conflict):
        level.moved(reserved_delta=D("2.001"))


def test_on_hand_never_falls_below_reserved_or_zero():
    level = StockLevel(D(5), D(3))
    with pytest.raises(Conflict):
        level.moved(on_hand_delta=D(-3))
    with pytest.raises(Conflict):
        StockLevel(D(1)).moved(on_hand_delta=D(-2))
    with pytest.raises(Conflict):
        level.moved(reserved_delta=D(-4))
    assert level.moved(on_hand_delta=D(-2)) == StockLevel(D(3), D(3))


def test_split_reserves_what_is_available_and_reports_the_rest_short():
    assert split_request(D(4), D(10)) == (D(4), D(0))
    assert split_request(D(4), D("1.5")) == (D("1.5"), D("2.5"))
    assert split_request(D(4), D(0)) == (D(0), D(4))
    assert split_request(D(4), D(-1)) == (D(0), D(4))


def test_issue_consumes_the_jobs_whole_reservation():
    level = StockLevel(D(10), D(4))
    fully_held = level.moved(*issue_movement(D(4), D(4)))
    assert fully_held == StockLevel(D(6), D(0))
    not_held = level.moved(*issue_movement(D(2), D(0)))
    assert not_held == StockLevel(D(8), D(4))
    held_more = level.moved(*issue_movement(D(1), D(4)))
    assert held_more == StockLevel(D(9), D(0)) and held_more.available == D(9)


def test_issue_from_someone_elses_reservation_is_refused():
    level = StockLevel(D(5), D(4))  # 4 held for another order, 1 available
    with pytest.raises(Conflict):
        level.moved(*issue_movement(D(2), D(0)))


def test_low_stock_is_signalled_when_available_drops_below_the_reorder_point():
    before = StockLevel(D(6))
    assert falls_low(before, StockLevel(D(6), D(2)), D(5))
    assert not falls_low(before, StockLevel(D(6), D(1)), D(5))
    assert not falls_low(StockLevel(D(2)), StockLevel(D(3)), D(5))  # a receipt is no drop
    assert not falls_low(StockLevel(D(1)), StockLevel(D(0)), D(0))


def test_lines_to_reserve_are_grouped_per_job_in_the_order_given():
    jobs = needs_by_job([("J2", "OIL", D(1)), ("J1", "FLT", D(1)), ("J2", "OIL", D(2)),
                         ("J2", "AIR", D(1))])
    assert jobs == [("J2", {"AIR": D(1), "OIL": D(3)}), ("J1", {"FLT": D(1)})]
    assert parts_of(jobs) == ["AIR", "FLT", "OIL"]  # the order stock rows are locked in


def test_part_lines_are_summed_per_part_and_sorted():
    needs = needs_by_part([("OIL", D(4)), ("FLT", D(1)), ("OIL", D("0.5")), ("X", D(0))])
    assert list(needs.items()) == [("FLT", D(1)), ("OIL", D("4.5"))]


def test_quantities_are_exact_with_at_most_three_places():
    assert to_qty("1.500") == D("1.5")
    assert decimal_str(D("2.000")) == "2" and decimal_str(D("1.50")) == "1.5" and decimal_str(D(40)) == "40"
    assert decimal_str(D("-0")) == "0"
    with pytest.raises(InvalidInput):
        to_qty("1.0001")
    with pytest.raises(InvalidInput):
        to_qty("abc")
