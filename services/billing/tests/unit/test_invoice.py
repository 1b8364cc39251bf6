"""The Invoice aggregate on plain values: issue, payments, refunds, credit notes, numbers."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from aftersales_common.domain import IllegalTransition
from aftersales_common.errors import Conflict, InvalidInput
from billing.domain import events as ev
from billing.domain.credit_note import ReturnedPart
from billing.domain.invoice import TRANSITIONS, Invoice, InvoiceStatus
from billing.domain.numbering import Series, document_no, local_year
from billing.domain.pricing import Job, NeededPart, PartMovement, PayType, Rates, vat_rate_str

AT = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
RATES = Rates(labour_rate=D("300.00"), vat_rate=D("0.13"))


def _invoice(*, hours="1.5", parts=(("OIL", "4", "68.50"),), pay_type=PayType.CUSTOMER,
             issued=True, number="INV2026-000001") -> Invoice:
    """818.12 by default: 1.5 h x 300.00 + 4 x 68.50 = 724.00, VAT 94.12."""
    job = Job("j1", "OP1", "保养 service", D(hours), pay_type, "finished",
              tuple(NeededPart(p, D(q)) for p, q, _ in parts))
    moves = [PartMovement("j1", p, f"part {p}", D(q), D(u)) for p, q, u in parts]
    inv = Invoice.build_from_order(order_id="o1", dealer_id="d1", jobs=[job], movements=moves,
                                   rates=RATES, at=AT, customer_id="c1")
    if issued:
        inv.issue(number, AT)
    return inv


def _types(inv: Invoice) -> list[str]:
    return [type(e).__name__ for e in inv.pull_events()]


def test_a_complete_draft_is_issued_once_under_its_number():
    inv = _invoice(issued=False)
    assert inv.status is InvoiceStatus.DRAFT and inv.invoice_no is None and inv.complete
    inv.issue("INV2026-000007", AT)
    assert (inv.status, inv.invoice_no, inv.issued_at) == (InvoiceStatus.ISSUED, "INV2026-000007", AT)
    [issued] = inv.pull_events()
    assert isinstance(issued, ev.InvoiceIssued) and issued.invoice.total == D("818.12")
    with pytest.raises(IllegalTransition):
        inv.issue("INV2026-000008", AT)


def test_an_incomplete_draft_is_not_issued_and_parts_complete_it():
    inv = _invoice(issued=False, parts=())
    inv.jobs = (Job("j1", "OP1", "x", D("1"), PayType.CUSTOMER, "finished", (NeededPart("PAD", D("2")),)),)
    inv.refresh_jobs(inv.jobs, RATES)
    with pytest.raises(Conflict):
        inv.issue("INV2026-000001", AT)
    inv.add_issued_parts([PartMovement("j1", "PAD", "pad", D("2"), D("150.00"))], RATES)
    assert inv.complete and inv.subtotal == D("600.00")
    inv.remove_returned_parts([PartMovement("j1", "PAD", "pad", D("1"), D("150.00"))], RATES)
    assert not inv.complete and inv.subtotal == D("450.00")


def test_a_free_invoice_is_settled_on_issue():
    inv = _invoice(pay_type=PayType.WARRANTY)
    assert inv.status is InvoiceStatus.PAID and inv.total == D("0.00")
    assert _types(inv) == ["InvoiceIssued", "InvoicePaid"]


def test_partial_then_full_payment_settles_the_invoice_once():
    inv = _invoice()
    inv.pull_events()
    inv.take_payment(D("500.00"), "wechat", by="cashier", at=AT)
    assert inv.status is InvoiceStatus.ISSUED and inv.balance == D("318.12") and inv.pull_events() == []
    inv.take_payment(D("318.12"), "cash", by="cashier", at=AT)
    assert inv.status is InvoiceStatus.PAID and inv.balance == D("0.00") and inv.paid_at == AT
    assert _types(inv) == ["InvoicePaid"]


@pytest.mark.parametrize("setup, amount, code", [
    ("draft", D("1.00"), "invoice-draft"),
    ("paid", D("1.00"), "invoice-settled"),
    ("issued", D("818.13"), "overpayment"),
])
def test_payments_that_would_charge_wrongly_are_conflicts(setup, amount, code):
    inv = _invoice(issued=setup != "draft")
    if setup == "paid":
        inv.take_payment(D("818.12"), "card", by="c", at=AT)
    with pytest.raises(Conflict) as exc:
        inv.take_payment(amount, "card", by="c", at=AT)
    assert exc.value.code == code


@pytest.mark.parametrize("amount, method", [(D("0"), "cash"), (D("-5.00"), "cash"), (D("12.345"), "cash"),
                                            (D("10.00"), "bitcoin")])
def test_amounts_are_positive_and_to_the_fen_and_methods_known(amount, method):
    with pytest.raises(InvalidInput):
        _invoice().take_payment(amount, method, by="c", at=AT)


def test_refunds_never_exceed_what_was_paid_and_a_full_refund_closes_the_invoice():
    inv = _invoice(hours="0", parts=(("OIL", "1", "88.50"),))  # 88.50 + 11.51 = 100.01
    pay = inv.take_payment(D("100.01"), "card", by="c", at=AT)
    inv.pull_events()
    inv.refund(pay.id, D("30.00"), "goodwill", by="m", at=AT)
    assert inv.refundable == D("70.01")
    with pytest.raises(Conflict):
        inv.refund(None, D("70.02"), "x", by="m", at=AT)
    with pytest.raises(Conflict):
        inv.refund(pay.id, D("70.02"), "x", by="m", at=AT)
    inv.refund(None, D("70.01"), "complaint", by="m", at=AT)
    assert inv.status is InvoiceStatus.REFUNDED and inv.refunded == inv.paid == D("100.01")
    with pytest.raises(Conflict):
        inv.refund(None, D("1.00"), "x", by="m", at=AT)
    with pytest.raises(Conflict):
        _invoice().refund(None, D("1.00"), "nothing paid", by="m", at=AT)


def test_a_refund_that_leaves_money_due_is_not_settled_and_reopens_the_invoice():
    inv = _invoice()
    pay = inv.take_payment(D("818.12"), "card", by="c", at=AT)
    inv.pull_events()
    inv.refund(pay.id, D("100.00"), "card reversed", by="m", at=AT)
    [refunded] = inv.pull_events()
    assert isinstance(refunded, ev.PaymentRefunded)
    assert refunded.invoice_settled is False and refunded.invoice.balance_due == D("100.00")
    assert refunded.method == "card" and refunded.invoice.status == "issued"
    assert inv.status is InvoiceStatus.ISSUED and inv.paid_at is None
    inv.take_payment(D("100.00"), "cash", by="c", at=AT)
    assert inv.status is InvoiceStatus.PAID and _types(inv) == ["InvoicePaid"]


def test_a_credit_note_credits_returned_customer_parts_with_vat_and_leaves_the_invoice_as_it_was():
    inv = _invoice()
    before = (inv.lines, inv.subtotal, inv.vat, inv.total, inv.status)
    back = [ReturnedPart("OIL", D("1"), D("68.50"))]
    note = inv.credit_returned_parts(back, "CN2026-000001", by="billing", at=AT)
    assert (note.credit_note_no, note.net, note.vat, note.total) == ("CN2026-000001", D("68.50"),
                                                                     D("8.91"), D("77.41"))
    assert (inv.lines, inv.subtotal, inv.vat, inv.total, inv.status) == before
    assert inv.credited == D("77.41") and inv.balance_due == D("740.71")
    assert _types(inv)[-1] == "CreditNoteIssued"
    # only what was invoiced and not yet credited: 3 more at most
    assert [ln.qty for ln in inv.creditable([ReturnedPart("OIL", D("5"), D("68.50"))])] == [D("3")]
    assert inv.creditable([ReturnedPart("OIL", D("1"), D("70.00"))]) == []  # another price
    with pytest.raises(IllegalTransition):
        _invoice(issued=False).credit_returned_parts(back, "CN1", by="b", at=AT)


def test_warranty_parts_are_not_credited():
    inv = _invoice(pay_type=PayType.WARRANTY)
    assert inv.creditable([ReturnedPart("OIL", D("1"), D("68.50"))]) == []
    with pytest.raises(Conflict):
        inv.credit_returned_parts([ReturnedPart("OIL", D("1"), D("68.50"))], "CN1", by="b", at=AT)


def test_a_credit_note_that_covers_the_rest_settles_a_partly_paid_invoice():
    inv = _invoice()
    inv.take_payment(D("740.71"), "cash", by="c", at=AT)
    inv.pull_events()
    inv.credit_returned_parts([ReturnedPart("OIL", D("1"), D("68.50"), job_id="j1")], "CN1", by="b", at=AT)
    assert inv.status is InvoiceStatus.PAID and _types(inv) == ["CreditNoteIssued", "InvoicePaid"]


def test_numbers_use_the_dealers_local_year():
    shanghai = ZoneInfo("Asia/Shanghai")
    assert local_year(datetime(2026, 12, 31, 17, 30, tzinfo=UTC), shanghai) == 2027
    assert local_year(datetime(2026, 12, 31, 15, 59, tzinfo=UTC), shanghai) == 2026
    assert document_no(Series.INVOICE, 2027, 1) == "INV2027-000001"
    assert document_no(Series.CREDIT_NOTE, 2027, 12) == "CN2027-000012"
    with pytest.raises(ValueError):
        local_year(datetime(2027, 1, 1), shanghai)


def test_the_transition_table_is_explicit():
    assert TRANSITIONS.actions(InvoiceStatus.DRAFT) == ["issue", "reprice"]
    assert TRANSITIONS.actions(InvoiceStatus.PAID) == ["credit", "refund", "refund_all", "refund_reopen"]
    assert TRANSITIONS.next(InvoiceStatus.REFUNDED, "pay") is InvoiceStatus.ISSUED
    assert not TRANSITIONS.allows(InvoiceStatus.DRAFT, "pay")


def test_vat_rates_are_shown_with_at_least_two_places():
    assert [vat_rate_str(D(r)) for r in ("0.13", "0.130", "0.06", "0", "0.065")] == [
        "0.13", "0.13", "0.06", "0.00", "0.065"]
