"""The StockItem aggregate: movements keep 0 <= reserved <= on_hand, the ledger, stock_low."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aftersales_common.errors import Conflict, InvalidInput
from parts.domain.events import StockLow
from parts.domain.stock import MovementKind
from services.parts.tests.unit.builders import at, stock

D = Decimal


def figures(item):
    return item.on_hand, item.reserved, item.available


def test_receipt_adds_to_on_hand_and_writes_one_ledger_row_at_the_purchase_cost():
    item = stock(on_hand="0")
    item.part.record_purchase_cost(D("280.00"), at=at(1))
    movement = item.receive(D(12), actor="clerk", at=at(1), reference="PO-1")
    assert figures(item) == (D(12), D(0), D(12))
    assert (movement.kind, movement.on_hand_delta, movement.reserved_delta) == (
        MovementKind.RECEIPT, D(12), D(0))
    assert (movement.on_hand_after, movement.reserved_after, movement.unit_cost) == (
        D(12), D(0), D("280.00"))
    assert (movement.actor, movement.reference, movement.created_at) == ("clerk", "PO-1", at(1))
    assert item.pull_movements() == [movement] and item.pull_movements() == []


def test_reserving_takes_only_what_is_available():
    item = stock(on_hand="10", reserved="8")
    assert item.reserve_up_to(D(5), order_id="O1", job_id="J1", actor="a", at=at()) == D(2)
    assert figures(item) == (D(10), D(10), D(0))
    assert item.reserve_up_to(D(1), order_id="O2", job_id="J1", actor="a", at=at()) == D(0)
    [moved] = item.pull_movements()  # nothing reserved, no ledger row
    assert (moved.kind, moved.reserved_delta, moved.order_id) == (MovementKind.RESERVE, D(2), "O1")


def test_issue_consumes_the_jobs_hold_and_never_takes_someone_elses():
    item = stock(on_hand="5", reserved="4")  # 4 held (3 for this job), 1 available
    assert item.can_issue(D(4), held=D(3)) and not item.can_issue(D(5), held=D(3))
    assert not item.can_issue(D(2), held=D(0))
    item.issue(D(4), held=D(3), order_id="O1", job_id="J1", actor="a", at=at())
    assert figures(item) == (D(1), D(1), D(0))
    with pytest.raises(Conflict) as refused:
        item.issue(D(2), held=D(0), order_id="O2", job_id="J1", actor="a", at=at())
    assert refused.value.code == "stock-short"
    assert figures(item) == (D(1), D(1), D(0))  # a refused movement changes nothing
    assert len(item.pull_movements()) == 1


def test_stock_never_goes_negative_whatever_is_asked():
    item = stock(on_hand="3", reserved="1")
    with pytest.raises(Conflict):
        item.release(D(2), order_id="O1", job_id="J1", actor="a", at=at())
    with pytest.raises(Conflict):
        item.issue(D(4), held=D(1), order_id="O1", job_id="J1", actor="a", at=at())
    with pytest.raises(Conflict) as below_reserved:
        item.adjust(D(-3), reason="count", actor="a", at=at())
    assert below_reserved.value.code == "stock-short" and "1" in below_reserved.value.detail
    assert figures(item) == (D(3), D(1), D(2)) and item.pull_movements() == []
    item.adjust(D(-2), reason="count", actor="a", at=at())
    assert figures(item) == (D(1), D(1), D(0))


def test_adjustment_needs_a_nonzero_exact_delta():
    item = stock()
    with pytest.raises(InvalidInput):
        item.adjust(D(0), reason="count", actor="a", at=at())
    with pytest.raises(InvalidInput):
        item.adjust(D("0.0001"), reason="count", actor="a", at=at())
    movement = item.adjust(D("1.5"), reason="  found one  ", actor="a", at=at())
    assert (movement.kind, movement.reason, item.on_hand) == (
        MovementKind.ADJUSTMENT, "found one", D("11.5"))


def test_return_puts_parts_back_on_hand():
    item = stock(on_hand="4")
    movement = item.take_back(D(1), order_id="O1", job_id="J1", reason="unused", actor="a",
                              at=at())
    assert (movement.kind, movement.on_hand_after, movement.order_id) == (
        MovementKind.RETURN, D(5), "O1")


def test_stock_low_is_recorded_on_each_drop_below_the_reorder_point():
    item = stock(on_hand="6", reorder_point="5")
    item.reserve_up_to(D(1), order_id="O1", job_id="J1", actor="a", at=at())  # 5 left: not below
    assert item.recorded_events == ()
    item.reserve_up_to(D(2), order_id="O2", job_id="J1", actor="a", at=at())  # 3 left
    item.issue(D(1), held=D(0), order_id="O3", job_id="J1", actor="a", at=at())  # 2 left
    item.receive(D(1), actor="a", at=at())  # a rise is no drop
    assert item.pull_events() == [
        StockLow(dealer_id="D1", part_no="BRK", on_hand=D(6), reserved=D(3), available=D(3),
                 reorder_point=D(5)),
        StockLow(dealer_id="D1", part_no="BRK", on_hand=D(5), reserved=D(3), available=D(2),
                 reorder_point=D(5)),
    ]


def test_catalogue_entry_is_normalised_and_revised_without_touching_stock():
    item = stock(part_no="  brk-pad-f01 ")
    assert item.part_no == "BRK-PAD-F01"
    item.part.revise({"unit_price": D("125.00"), "name": " wiper ", "reorder_point": "1",
                      "on_hand": D(99)}, at=at(5))
    assert (item.part.unit_price, item.part.name, item.part.reorder_point) == (
        D("125.00"), "wiper", D(1))
    assert item.on_hand == D(10) and item.part.updated_at == at(5)
    with pytest.raises(InvalidInput):
        stock(part_no="   ")
