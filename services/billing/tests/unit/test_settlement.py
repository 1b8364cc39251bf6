"""Money rules on plain values: partial payments, no overpayment, refunds bounded by what was paid."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from aftersales_common.errors import Conflict, InvalidInput
from billing.domain.settlement import Account, InvoiceStatus, issue, pay, refund, vat_rate_str

ISSUED = Account(InvoiceStatus.ISSUED, D("818.12"), D("0.00"), D("0.00"))


def test_partial_then_full_payment_settles_the_invoice():
    part = pay(ISSUED, D("500.00"), "wechat")
    assert part.status is InvoiceStatus.ISSUED and part.balance == D("318.12")
    full = pay(part, D("318.12"), "cash")
    assert full.status is InvoiceStatus.PAID and full.balance == D("0.00")


@pytest.mark.parametrize("account, amount, code", [
    (Account(InvoiceStatus.DRAFT, D("100.00"), D("0"), D("0")), D("1.00"), "invoice-draft"),
    (Account(InvoiceStatus.PAID, D("100.00"), D("100.00"), D("0")), D("1.00"), "invoice-settled"),
    (ISSUED, D("818.13"), "overpayment"),
])
def test_payments_that_would_charge_wrongly_are_conflicts(account, amount, code):
    with pytest.raises(Conflict) as exc:
        pay(account, amount, "card")
    assert exc.value.code == code


@pytest.mark.parametrize("amount", [D("0"), D("-5.00"), D("12.345")])
def test_amounts_are_positive_and_to_the_fen(amount):
    with pytest.raises(InvalidInput):
        pay(ISSUED, amount, "cash")


def test_refunds_never_exceed_what_was_paid_and_a_full_refund_closes_the_invoice():
    paid = Account(InvoiceStatus.PAID, D("100.00"), D("100.00"), D("0.00"))
    partly = refund(paid, D("30.00"))
    assert partly.status is InvoiceStatus.PAID and partly.refundable == D("70.00")
    with pytest.raises(Conflict):
        refund(partly, D("70.01"))
    with pytest.raises(Conflict):
        refund(partly, D("50.00"), payment_refundable=D("40.00"))
    assert refund(partly, D("70.00")).status is InvoiceStatus.REFUNDED
    with pytest.raises(Conflict):
        refund(ISSUED, D("1.00"))


def test_a_complete_draft_is_issued_or_settled_at_once_when_nothing_is_due():
    assert issue(InvoiceStatus.DRAFT, D("10.00")) is InvoiceStatus.ISSUED
    assert issue(InvoiceStatus.DRAFT, D("0.00")) is InvoiceStatus.PAID
    with pytest.raises(Conflict):
        issue(InvoiceStatus.ISSUED, D("10.00"))


def test_vat_rates_are_shown_with_at_least_two_places():
    assert [vat_rate_str(D(r)) for r in ("0.13", "0.130", "0.06", "0", "0.065")] == [
        "0.13", "0.13", "0.06", "0.00", "0.065"]
