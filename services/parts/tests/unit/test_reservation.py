"""The Reservation aggregate: partial reservation, shortages, issue once, release, return, refill."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from aftersales_common.domain import IllegalTransition
from aftersales_common.errors import Conflict, NotFound
from parts.domain.events import (
    IssuedLine,
    PartsIssued,
    PartsReserved,
    PartsReturned,
    PartsShort,
    ReservedLine,
    ShortLine,
)
from parts.domain.lines import (
    LINE_TRANSITIONS,
    SHORTAGE_TRANSITIONS,
    ReservationState,
    ShortageStage,
    ShortageState,
)
from parts.domain.reservation import Reservation, serve_shortages
from services.parts.tests.unit.builders import DEALER, at, stock

D = Decimal
R = ReservationState


def order(order_id: str = "O1") -> Reservation:
    return Reservation(dealer_id=DEALER, order_id=order_id)


def test_reserves_what_there_is_and_reports_the_rest_short_per_job():
    brk, air = stock("BRK", "10"), stock("AIR", "30", price="88.00")
    res = order()
    res.reserve([("J1", {"BRK": D(12), "NOPE": D(2)}), ("J2", {"AIR": D(2)})],
                {"BRK": brk, "AIR": air}, actor="a", at=at())
    assert (brk.reserved, air.reserved) == (D(10), D(2))
    assert res.pull_events() == [
        PartsShort(order_id="O1", dealer_id=DEALER, job_id="J1", lines=(
            ShortLine(part_no="BRK", qty_requested=D(12), qty_short=D(2)),
            ShortLine(part_no="NOPE", qty_requested=D(2), qty_short=D(2)))),
        PartsReserved(order_id="O1", dealer_id=DEALER, lines=(
            ReservedLine(part_no="BRK", qty=D(10), unit_price=D("520.00")),
            ReservedLine(part_no="AIR", qty=D(2), unit_price=D("88.00")))),
    ]
    line = res.lines[("J1", "BRK")]
    assert (line.status, line.qty_requested, line.qty_held) == (R.HELD, D(12), D(10))
    assert line.open_shortage is not None and line.open_shortage.stage is ShortageStage.RESERVE
    unknown = res.lines[("J1", "NOPE")]
    assert unknown.status is R.UNRESERVED and not unknown.on_record  # nothing held on record


def test_a_repeated_request_reserves_nothing_twice():
    brk = stock("BRK", "10")
    res = order()
    res.reserve([("J1", {"BRK": D(2)})], {"BRK": brk}, actor="a", at=at())
    res.pull_events()
    res.reserve([("J1", {"BRK": D(3)}), ("J2", {"BRK": D(1)})], {"BRK": brk}, actor="a", at=at())
    assert brk.reserved == D(3)  # only J2 is new
    assert res.pull_events() == [PartsReserved(order_id="O1", dealer_id=DEALER, lines=(
        ReservedLine(part_no="BRK", qty=D(1), unit_price=D("520.00")),))]


def test_nothing_available_means_held_nothing_and_no_parts_reserved_event():
    brk = stock("BRK", "1", "1")
    res = order()
    res.reserve([("J1", {"BRK": D(1)})], {"BRK": brk}, actor="a", at=at())
    assert [type(e) for e in res.pull_events()] == [PartsShort]
    assert brk.pull_movements() == []


def test_issue_consumes_the_hold_at_the_price_of_the_moment_and_only_once():
    brk = stock("BRK", "10")
    res = order()
    res.reserve([("J1", {"BRK": D(4)})], {"BRK": brk}, actor="a", at=at())
    res.pull_events()
    brk.part.revise({"unit_price": D("530.00")}, at=at(1))
    res.issue("J1", {"BRK": D(4)}, {"BRK": brk}, actor="a", at=at(2))
    assert (brk.on_hand, brk.reserved) == (D(6), D(0))
    line = res.lines[("J1", "BRK")]
    assert (line.status, line.qty_held, line.qty_issued) == (R.ISSUED, D(0), D(4))
    assert res.pull_events() == [PartsIssued(order_id="O1", job_id="J1", dealer_id=DEALER, lines=(
        IssuedLine(part_no="BRK", name="brake pads", qty=D(4), unit_price=D("530.00")),))]
    res.issue("J1", {"BRK": D(4)}, {"BRK": brk}, actor="a", at=at(3))  # restart after rework
    assert res.pull_events() == [] and brk.on_hand == D(6)


def test_an_issue_stock_cannot_cover_is_not_issued_at_all_and_reported_short():
    wiper, air = stock("WIPER", "2", "2"), stock("AIR", "30")
    res = order("O7")
    res.issue("J9", {"AIR": D(3), "WIPER": D(1)}, {"AIR": air, "WIPER": wiper}, actor="a",
              at=at())
    assert (wiper.on_hand, wiper.reserved, air.on_hand) == (D(2), D(2), D(27))
    issued, short = res.pull_events()
    assert isinstance(issued, PartsIssued) and [ln.part_no for ln in issued.lines] == ["AIR"]
    assert short == PartsShort(order_id="O7", dealer_id=DEALER, job_id="J9", lines=(
        ShortLine(part_no="WIPER", qty_requested=D(1), qty_short=D(1)),))
    assert res.lines[("J9", "WIPER")].open_shortage.stage is ShortageStage.ISSUE


def test_cancel_releases_holds_closes_shortages_and_keeps_issued_parts():
    oil, brk = stock("OIL", "40"), stock("BRK", "10")
    res = order("O9")
    res.reserve([("J1", {"OIL": D(4)}), ("J2", {"BRK": D(12)})], {"OIL": oil, "BRK": brk},
                actor="a", at=at())
    res.issue("J1", {"OIL": D(4)}, {"OIL": oil}, actor="a", at=at())
    assert res.held_parts == ["BRK"]
    res.cancel({"BRK": brk}, actor="a", at=at())
    assert (oil.on_hand, oil.reserved, brk.on_hand, brk.reserved) == (D(36), D(0), D(10), D(0))
    assert {k: ln.status for k, ln in res.lines.items()} == {
        ("J1", "OIL"): R.ISSUED, ("J2", "BRK"): R.RELEASED}
    assert res.lines[("J2", "BRK")].shortages[0].status is ShortageState.CANCELLED
    assert res.held_parts == []


def test_return_is_at_the_issue_price_and_never_more_than_was_issued():
    air = stock("AIR", "30", price="88.00", name="air filter")
    res = order("O10")
    res.issue("J1", {"AIR": D(2)}, {"AIR": air}, actor="a", at=at())
    res.pull_events()
    air.part.revise({"unit_price": D("99.00")}, at=at(1))
    movement = res.take_back("J1", air, D(1), reason=None, actor="a", at=at(2))
    assert (movement.on_hand_after, air.on_hand) == (D(29), D(29))
    assert res.pull_events() == [PartsReturned(order_id="O10", job_id="J1", dealer_id=DEALER,
                                               lines=(IssuedLine(part_no="AIR", name="air filter",
                                                                 qty=D(1), unit_price=D("88.00")),))]
    with pytest.raises(Conflict) as too_many:
        res.take_back("J1", air, D("1.5"), reason=None, actor="a", at=at(3))
    assert too_many.value.code == "return-exceeds-issue"
    with pytest.raises(NotFound):
        res.take_back("J2", air, D(1), reason=None, actor="a", at=at(3))
    assert air.on_hand == D(29)


def test_receipt_fills_open_shortages_oldest_first_one_event_per_order():
    wiper = stock("WIPER", "2", reorder_point="5")
    first, second = order("O11"), order("O12")
    first.reserve([("J1", {"WIPER": D(3)})], {"WIPER": wiper}, actor="a", at=at(1))
    second.reserve([("J1", {"WIPER": D(2)}), ("J2", {"WIPER": D(1)})], {"WIPER": wiper},
                   actor="a", at=at(2))
    first.pull_events(), second.pull_events()
    waiting = [(first, first.lines[("J1", "WIPER")].open_shortage.id),
               (second, second.lines[("J1", "WIPER")].open_shortage.id),
               (second, second.lines[("J2", "WIPER")].open_shortage.id)]
    wiper.receive(D(2), actor="a", at=at(3))
    serve_shortages(wiper, waiting, actor="a", at=at(3))
    assert (wiper.on_hand, wiper.reserved) == (D(4), D(4))
    assert first.lines[("J1", "WIPER")].open_shortage is None  # 1 was short: filled
    assert (first.lines[("J1", "WIPER")].qty_held) == D(3)
    assert second.lines[("J1", "WIPER")].open_shortage.qty_short == D(1)  # got 1 of 2
    assert second.lines[("J2", "WIPER")].open_shortage.qty_short == D(1)  # nothing left
    assert first.pull_events() == [PartsReserved(order_id="O11", dealer_id=DEALER, lines=(
        ReservedLine(part_no="WIPER", qty=D(1), unit_price=D("520.00")),))]
    assert second.pull_events() == [PartsReserved(order_id="O12", dealer_id=DEALER, lines=(
        ReservedLine(part_no="WIPER", qty=D(1), unit_price=D("520.00")),))]


def test_a_short_unknown_part_is_held_once_it_arrives():
    res = order()
    res.reserve([("J1", {"NEW": D(2)})], {}, actor="a", at=at())
    shortage_id = res.lines[("J1", "NEW")].open_shortage.id
    item = stock("NEW", "5")
    serve_shortages(item, [(res, shortage_id)], actor="a", at=at(1))
    line = res.lines[("J1", "NEW")]
    assert (line.status, line.qty_requested, line.qty_held, line.on_record) == (
        R.HELD, D(2), D(2), True)


def test_a_promised_date_is_told_and_closed_shortages_refuse_it():
    res = order()
    res.reserve([("J1", {"NOPE": D(2)})], {}, actor="a", at=at())
    res.pull_events()
    shortage = res.lines[("J1", "NOPE")].open_shortage
    res.promise(shortage.id, date(2026, 12, 1), at=at(1))
    assert res.pull_events() == [PartsShort(order_id="O1", dealer_id=DEALER, job_id="J1", lines=(
        ShortLine(part_no="NOPE", qty_requested=D(2), qty_short=D(2),
                  expected_date=date(2026, 12, 1)),))]
    res.cancel({}, actor="a", at=at(2))
    with pytest.raises(IllegalTransition) as refused:
        res.promise(shortage.id, None, at=at(3))
    assert refused.value.detail == "the shortage is cancelled / 缺件记录已关闭"
    with pytest.raises(NotFound):
        res.promise("no-such-id", None, at=at(3))


def test_transition_tables():
    assert LINE_TRANSITIONS.rows() == [
        ("held", "fill", "held"), ("held", "issue", "issued"), ("held", "release", "released"),
        ("issued", "return", "issued"), ("released", "issue", "issued"),
        ("unreserved", "fill", "held"), ("unreserved", "issue", "issued"),
        ("unreserved", "reserve", "held"),
    ]
    assert LINE_TRANSITIONS.actions(R.ISSUED) == ["return"]
    with pytest.raises(IllegalTransition) as refused:
        LINE_TRANSITIONS.next(R.RELEASED, "release")
    assert "released / 已释放" in refused.value.detail
    assert SHORTAGE_TRANSITIONS.actions(ShortageState.OPEN) == [
        "cancel", "fill", "promise", "reassess", "serve"]
    assert SHORTAGE_TRANSITIONS.actions(ShortageState.FILLED) == []
