"""The invoice life cycle and the money rules: never charge twice, never refund more than was paid."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from aftersales_common.errors import Conflict, InvalidInput
from aftersales_common.money import ZERO, to_money

PAYMENT_METHODS = ("cash", "card", "wechat", "alipay", "bank_transfer", "voucher")


class InvoiceStatus(StrEnum):
    DRAFT = "draft"  # waiting for parts to be issued
    ISSUED = "issued"  # complete: the customer may pay
    PAID = "paid"  # balance 0: the car may leave
    REFUNDED = "refunded"  # everything paid has been given back


@dataclass(frozen=True)
class Account:
    """What an invoice asks for and what has moved against it."""

    status: InvoiceStatus
    total: Decimal
    paid: Decimal
    refunded: Decimal

    @property
    def balance(self) -> Decimal:
        """What the customer still owes (refunds are money given back, they do not reopen it)."""
        return self.total - self.paid

    @property
    def refundable(self) -> Decimal:
        """What may still be given back."""
        return self.paid - self.refunded


def check_amount(amount: Decimal) -> Decimal:
    """A positive amount with at most two places (to the fen)."""
    if not amount.is_finite() or amount <= 0:
        raise InvalidInput("amount must be greater than 0 / 金额必须大于0")
    if to_money(amount) != amount:
        raise InvalidInput("amount has more than two decimal places / 金额最多两位小数")
    return amount


def issue(status: InvoiceStatus, total: Decimal) -> InvoiceStatus:
    """A complete draft becomes issued, or paid at once when there is nothing to collect."""
    if status is not InvoiceStatus.DRAFT:
        raise Conflict(f"the invoice is already {status.value} / 发票已开具", code="illegal-transition")
    return InvoiceStatus.PAID if total == ZERO else InvoiceStatus.ISSUED


def pay(account: Account, amount: Decimal, method: str) -> Account:
    """Take a (partial) payment; 409 on a draft, a settled invoice or more than the balance."""
    check_amount(amount)
    if method not in PAYMENT_METHODS:
        raise InvalidInput(f"method must be one of {', '.join(PAYMENT_METHODS)}")
    if account.status is InvoiceStatus.DRAFT:
        raise Conflict("the invoice is not issued yet: parts are still being issued / "
                       "发票尚未开具：备件尚未全部出库", code="invoice-draft")
    if account.status is not InvoiceStatus.ISSUED:
        raise Conflict(f"the invoice is already {account.status.value} / 发票已结清",
                       code="invoice-settled")
    if amount > account.balance:
        raise Conflict(f"the amount exceeds the balance of {account.balance:.2f} / "
                       f"金额超过未付余额 {account.balance:.2f}", code="overpayment")
    paid = account.paid + amount
    status = InvoiceStatus.PAID if paid == account.total else InvoiceStatus.ISSUED
    return Account(status, account.total, paid, account.refunded)


def refund(account: Account, amount: Decimal, payment_refundable: Decimal | None = None) -> Account:
    """Give money back from a settled invoice, at most what was paid (and, if named, that payment)."""
    check_amount(amount)
    if account.status not in (InvoiceStatus.PAID, InvoiceStatus.REFUNDED):
        raise Conflict("only a settled invoice can be refunded / 仅已结清的发票可退款",
                       code="invoice-not-settled")
    if amount > account.refundable:
        raise Conflict(f"the refund exceeds what is refundable ({account.refundable:.2f}) / "
                       f"退款金额超过可退金额 {account.refundable:.2f}", code="over-refund")
    if payment_refundable is not None and amount > payment_refundable:
        raise Conflict(f"the refund exceeds what is left of this payment ({payment_refundable:.2f})"
                       f" / 退款金额超过该笔付款可退金额", code="over-refund")
    refunded = account.refunded + amount
    status = InvoiceStatus.REFUNDED if refunded == account.paid else InvoiceStatus.PAID
    return Account(status, account.total, account.paid, refunded)


def vat_rate_str(rate: Decimal) -> str:
    """The wire form of a rate: at least two places ("0.13", "0.06", "0.065")."""
    text = format(Decimal(rate).normalize(), "f")
    if "." not in text or len(text.split(".")[1]) < 2:
        text = format(Decimal(rate).quantize(Decimal("0.01")), "f")
    return text
