"""Values, the parts supply state and the board colours on plain values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from aftersales_common.errors import InvalidInput
from aftersales_common.money import decimal_str
from workshop.domain.board import colour_of
from workshop.domain.supply import PartSupply
from workshop.domain.values import (
    labor_hours,
    normalise_vin,
    order_number,
    part_qty,
)


def test_labour_hours_and_quantities_are_exact_and_bounded():
    assert labor_hours("1.5") == D("1.5") and labor_hours(D("100")) == D(100)
    for bad in ("0", "-1", "100.1", "1.255", "abc"):
        with pytest.raises(InvalidInput):
            labor_hours(bad)
    assert part_qty("4.5") == D("4.5")
    with pytest.raises(InvalidInput):
        part_qty("0")
    assert decimal_str(D("1.50")) == "1.5" and decimal_str(D("2.000")) == "2"


def test_order_numbers_are_readable_per_day():
    assert order_number("RO", date(2026, 11, 22), 1) == "RO20261122-0001"
    assert normalise_vin(" lsvau2180n2183294 ") == "LSVAU2180N2183294"
    with pytest.raises(InvalidInput):
        normalise_vin("LSVAU2180N218329O")


def test_a_shortage_reported_with_the_initial_hold_stays_open_until_goods_arrive():
    supply = PartSupply()
    supply.shortage("job1", D(4), D(3), date(2026, 12, 1), before_work=True)
    supply.reserved(D(1))  # the one piece that was in stock at signing
    assert supply.short == 3 and supply.status == "short" and supply.held == 1
    supply.reserved(D(2))  # goods received, given to the shortage
    assert supply.short == 1
    supply.reserved(D(1))
    assert supply.short == 0 and supply.status == "reserved" and supply.expected_date is None
    supply.issued_to("job1", D(4))
    assert supply.held == 0 and supply.issued == 4 and supply.status == "issued"


def test_issuing_to_a_job_ends_its_shortage():
    supply = PartSupply()
    supply.shortage("job1", D(2), D(2), None, before_work=False)
    assert supply.status == "short"
    supply.issued_to("job1", D(2))
    assert supply.short == 0 and supply.status == "issued"


def test_board_colours():
    assert colour_of("opened", [], False) == "red"
    assert colour_of("authorized", ["approved"], False) == "red"
    assert colour_of("in_progress", ["in_progress"], True) == "yellow"
    assert colour_of("in_progress", ["finished", "approved"], True) == "red"
    assert colour_of("in_progress", ["finished", "approved"], False) == "yellow"
    assert colour_of("qc_failed", ["rework", "finished"], False) == "yellow"
    assert colour_of("in_progress", ["finished", "declined"], False) == "green"
    assert colour_of("qc_passed", ["finished"], False) == "green"
