"""Pricing an order on plain values: labour x rate, parts, who pays, VAT, rounding to the fen."""

from __future__ import annotations

from decimal import Decimal as D

from billing.domain.pricing import Job, NeededPart, PartMovement, Rates, build_invoice

RATES = Rates(labour_rate=D("300.00"), vat_rate=D("0.13"))


def _job(job_id="j1", hours="1.5", pay_type="customer", status="finished", parts=()):
    return Job(job_id, "OP1", "更换机油 oil change", D(hours), pay_type, status,
               tuple(NeededPart(p, D(q)) for p, q in parts))


def _issued(job_id, part_no, qty, price, name="机油 oil"):
    return PartMovement(job_id, part_no, name, D(qty), D(price))


def test_labour_is_hours_times_rate_and_parts_qty_times_unit_price():
    inv = build_invoice([_job(parts=[("OIL", "4")])], [_issued("j1", "OIL", "4", "68.50")], RATES)
    labour, part = inv.lines
    assert (labour.kind, labour.qty, labour.unit_price, labour.amount) == ("labour", D("1.5"),
                                                                           D("300.00"), D("450.00"))
    assert (part.kind, part.part_no, part.amount) == ("part", "OIL", D("274.00"))
    assert inv.subtotal == D("724.00")
    assert inv.vat == D("94.12")
    assert inv.total == D("818.12")
    assert inv.complete


def test_awkward_numbers_round_each_line_half_up_to_the_fen_and_totals_add_up():
    rates = Rates(labour_rate=D("333.33"), vat_rate=D("0.13"))
    jobs = [_job("j1", "1.3", parts=[("HOSE", "0.7")]), _job("j2", "0.25")]
    inv = build_invoice(jobs, [_issued("j1", "HOSE", "0.7", "12.35")], rates)
    amounts = [ln.amount for ln in inv.lines]
    # 1.3 x 333.33 = 433.329 -> 433.33; 0.7 x 12.35 = 8.645 -> 8.65; 0.25 x 333.33 = 83.3325 -> 83.33
    assert amounts == [D("433.33"), D("8.65"), D("83.33")]
    assert inv.subtotal == D("525.31") == sum(amounts)
    assert inv.vat == D("68.29")  # 68.2903
    assert inv.total == inv.subtotal + inv.vat == D("593.60")
    for value in (inv.subtotal, inv.vat, inv.total, *amounts):
        assert value.as_tuple().exponent == -2


def test_warranty_and_internal_lines_are_shown_with_their_value_but_not_charged():
    jobs = [_job("j1", "1", parts=[("OIL", "1")]),
            _job("j2", "2", pay_type="warranty", parts=[("PUMP", "1")]),
            _job("j3", "0.5", pay_type="internal")]
    moves = [_issued("j1", "OIL", "1", "100.00"), _issued("j2", "PUMP", "1", "880.00", "水泵 pump")]
    inv = build_invoice(jobs, moves, RATES)
    by_job = {(ln.job_id, ln.kind): ln for ln in inv.lines}
    warranty = by_job[("j2", "labour")]
    assert (warranty.amount, warranty.charged_to, warranty.customer_amount) == (
        D("600.00"), "warranty", D("0.00"))
    assert by_job[("j2", "part")].charged_to == "warranty"
    assert by_job[("j3", "labour")].charged_to == "internal"
    assert inv.subtotal == D("400.00")  # only j1: 300 labour + 100 oil
    assert inv.vat == D("52.00") and inv.total == D("452.00")
    assert inv.warranty_amount == D("1480.00") and inv.internal_amount == D("150.00")


def test_an_all_warranty_order_costs_the_customer_nothing():
    inv = build_invoice([_job(pay_type="warranty")], [], RATES)
    assert inv.total == D("0.00") and inv.vat == D("0.00") and inv.complete


def test_vat_is_computed_once_on_the_subtotal_at_the_dealers_rate():
    rates = Rates(labour_rate=D("100.00"), vat_rate=D("0.06"))
    inv = build_invoice([_job(hours="0.1"), _job("j2", "0.1")], [], rates)
    assert inv.subtotal == D("20.00") and inv.vat == D("1.20") and inv.total == D("21.20")


def test_a_draft_waits_for_parts_not_yet_issued_by_job_and_part():
    jobs = [_job("j1", parts=[("OIL", "4"), ("FILTER", "1")]), _job("j2", parts=[("OIL", "1")])]
    inv = build_invoice(jobs, [_issued("j1", "OIL", "4", "68.50"), _issued("j2", "FILTER", "1", "45")],
                        RATES)
    waiting = {(m.job_id, m.part_no): (m.qty_needed, m.qty_issued) for m in inv.waiting_for}
    assert waiting == {("j1", "FILTER"): (D("1"), D("0")), ("j2", "OIL"): (D("1"), D("0"))}
    assert not inv.complete


def test_a_return_subtracts_from_what_was_issued():
    jobs = [_job(parts=[("OIL", "4")])]
    moves = [_issued("j1", "OIL", "5", "68.50"), _issued("j1", "OIL", "-1", "68.50")]
    inv = build_invoice(jobs, moves, RATES)
    assert inv.complete
    assert [ln.qty for ln in inv.lines if ln.kind == "part"] == [D("4")]
    inv2 = build_invoice(jobs, [*moves, _issued("j1", "OIL", "-2", "68.50")], RATES)
    assert [(m.qty_needed, m.qty_issued) for m in inv2.waiting_for] == [(D("4"), D("2"))]


def test_declined_jobs_are_neither_invoiced_nor_awaited():
    jobs = [_job("j1", "1"), _job("j2", "3", status="declined", parts=[("BRAKE", "2")])]
    inv = build_invoice(jobs, [], RATES)
    assert inv.complete
    assert {ln.job_id for ln in inv.lines} == {"j1"}
    assert inv.subtotal == D("300.00")


def test_the_same_part_issued_at_two_prices_gives_two_lines():
    jobs = [_job(hours="0", parts=[("OIL", "2")])]
    moves = [_issued("j1", "OIL", "1", "68.50"), _issued("j1", "OIL", "1", "70.00")]
    inv = build_invoice(jobs, moves, RATES)
    assert sorted(ln.amount for ln in inv.lines) == [D("68.50"), D("70.00")]
