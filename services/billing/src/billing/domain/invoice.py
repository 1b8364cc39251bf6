"""The Invoice aggregate: the settlement list (结算单) of one repair order, its money and credit notes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from aftersales_common.clock import new_id
from aftersales_common.domain import Aggregate, Transitions
from aftersales_common.errors import Conflict, InvalidInput, NotFound
from aftersales_common.money import ZERO, to_money
from billing.domain import events as ev
from billing.domain.credit_note import CreditNote, ReturnedPart, creditable_lines
from billing.domain.pricing import InvoiceLine, Job, MissingPart, PartMovement, Rates, build_invoice


class InvoiceStatus(StrEnum):
    DRAFT = "draft"  # waiting for parts to be issued
    ISSUED = "issued"  # final: the customer owes the balance due
    PAID = "paid"  # nothing is due: the car may leave
    REFUNDED = "refunded"  # everything paid has been given back


class PaymentMethod(StrEnum):
    CASH = "cash"
    CARD = "card"
    WECHAT = "wechat"
    ALIPAY = "alipay"
    BANK_TRANSFER = "bank_transfer"
    VOUCHER = "voucher"
    ONLINE = "online"  # paid by the customer through the payment provider (线上支付)


S = InvoiceStatus
TRANSITIONS = Transitions.of(
    [
        ((S.DRAFT,), "reprice", S.DRAFT),  # parts issued or returned, QC passed again
        ((S.DRAFT,), "issue", S.ISSUED),
        ((S.ISSUED, S.REFUNDED), "pay", S.ISSUED),  # a part of the balance due
        ((S.ISSUED, S.REFUNDED), "settle", S.PAID),  # nothing due any more (payment, credit, 0.00)
        ((S.PAID,), "refund", S.PAID),  # what is left still covers what is due (after a credit note)
        ((S.ISSUED, S.PAID), "refund_reopen", S.ISSUED),  # the customer owes again
        ((S.ISSUED, S.PAID), "refund_all", S.REFUNDED),  # nothing paid is kept
        ((S.ISSUED,), "credit", S.ISSUED),  # a credit note keeps the status (an ISSUED one
        ((S.PAID,), "credit", S.PAID),  # whose balance it clears then settles)
        ((S.REFUNDED,), "credit", S.REFUNDED),
    ],
    describe=lambda s: f"{s.value} / 发票状态：{s.value}",
    refusals={
        (S.DRAFT, "pay"): ("the invoice is not issued yet: parts are still being issued / "
                           "发票尚未开具：备件尚未全部出库", "invoice-draft"),
        (S.PAID, "pay"): ("the invoice is already paid / 发票已结清", "invoice-settled"),
        (S.DRAFT, "refund_reopen"): ("nothing has been paid on a draft / 草稿发票没有付款",
                                     "invoice-not-settled"),
        (S.DRAFT, "credit"): ("a draft is corrected, not credited / 草稿发票直接更正，无需红字",
                              "invoice-draft"),
    },
)


@dataclass(eq=False)
class Payment:
    """Money taken at the desk against the invoice."""

    id: str
    amount: Decimal
    method: PaymentMethod
    reference: str | None
    received_by: str
    created_at: datetime
    refunded: Decimal = ZERO
    provider_payment_id: str | None = None  # online payments: the provider's id, recorded once


@dataclass(eq=False)
class Refund:
    """Money given back, of one payment or of the invoice as a whole."""

    id: str
    payment_id: str | None
    amount: Decimal
    reason: str
    refunded_by: str
    created_at: datetime


def check_amount(amount: Decimal) -> Decimal:
    """A positive amount with at most two places (to the fen)."""
    if not amount.is_finite() or amount <= 0:
        raise InvalidInput("amount must be greater than 0 / 金额必须大于0")
    if to_money(amount) != amount:
        raise InvalidInput("amount has more than two decimal places / 金额最多两位小数")
    return amount


@dataclass(eq=False)
class Invoice(Aggregate):
    """One invoice per repair order: priced while a draft, then only paid, refunded or credited."""

    id: str
    order_id: str
    dealer_id: str
    rates: Rates
    jobs: tuple[Job, ...]
    movements: list[PartMovement]
    created_at: datetime
    order_no: str = ""
    customer_id: str | None = None
    vehicle_id: str | None = None
    vin: str | None = None
    plate: str | None = None
    invoice_no: str | None = None  # numbered when issued, in the dealer's local year
    status: InvoiceStatus = InvoiceStatus.DRAFT
    lines: tuple[InvoiceLine, ...] = ()
    subtotal: Decimal = ZERO
    vat: Decimal = ZERO
    total: Decimal = ZERO
    warranty_amount: Decimal = ZERO
    internal_amount: Decimal = ZERO
    waiting_for: tuple[MissingPart, ...] = ()
    payments: list[Payment] = field(default_factory=list)
    refunds: list[Refund] = field(default_factory=list)
    credit_notes: list[CreditNote] = field(default_factory=list)
    issued_at: datetime | None = None
    paid_at: datetime | None = None
    version: int = 0
    estimate_total: Decimal | None = None
    """The total of the estimate the customer signed before work (None: none signed)."""

    # --- building the draft ---

    @property
    def variance(self) -> Decimal | None:
        """How far the invoice is from the signed estimate (positive: more than signed)."""
        return None if self.estimate_total is None else self.total - self.estimate_total

    @classmethod
    def build_from_order(cls, *, order_id: str, dealer_id: str, jobs: Sequence[Job],
                         movements: Sequence[PartMovement], rates: Rates, at: datetime,
                         order_no: str = "", customer_id: str | None = None,
                         vehicle_id: str | None = None, vin: str | None = None,
                         plate: str | None = None) -> Invoice:
        """The draft of an order that passed QC, priced with the parts issued so far."""
        invoice = cls(id=new_id(), order_id=order_id, dealer_id=dealer_id, rates=rates,
                      jobs=tuple(jobs), movements=list(movements), created_at=at,
                      order_no=order_no, customer_id=customer_id, vehicle_id=vehicle_id,
                      vin=vin, plate=plate)
        invoice._price(rates)
        return invoice

    def refresh_jobs(self, jobs: Sequence[Job], rates: Rates) -> None:
        """QC passed again while still a draft: price the jobs as they are now."""
        self.status = TRANSITIONS.next(self.status, "reprice")
        self.jobs = tuple(jobs)
        self._price(rates)

    def add_issued_parts(self, issued: Sequence[PartMovement], rates: Rates) -> None:
        """Parts issued to the order's jobs join the draft."""
        self.status = TRANSITIONS.next(self.status, "reprice")
        self.movements.extend(issued)
        self._price(rates)

    def remove_returned_parts(self, returned: Sequence[PartMovement], rates: Rates) -> None:
        """Parts returned before issue leave the draft (and are awaited again if still needed)."""
        self.status = TRANSITIONS.next(self.status, "reprice")
        self.movements.extend(replace(m, qty=-abs(m.qty)) for m in returned)
        self._price(rates)

    def _price(self, rates: Rates) -> None:
        draft = build_invoice(self.jobs, self.movements, rates)
        self.rates, self.lines, self.waiting_for = rates, draft.lines, draft.waiting_for
        self.subtotal, self.vat, self.total = draft.subtotal, draft.vat, draft.total
        self.warranty_amount, self.internal_amount = draft.warranty_amount, draft.internal_amount

    @property
    def is_draft(self) -> bool:
        """Still being priced: parts may join or leave it."""
        return self.status is InvoiceStatus.DRAFT

    @property
    def complete(self) -> bool:
        """Every part the performed jobs need has been issued."""
        return not self.waiting_for

    # --- issuing ---

    def issue(self, number: str, at: datetime) -> None:
        """Make the complete draft final under its number; with nothing to collect it is paid at once."""
        if not self.complete:
            raise Conflict("parts are still being issued / 备件尚未全部出库", code="invoice-incomplete")
        self.status = TRANSITIONS.next(self.status, "issue")
        self.invoice_no, self.issued_at = number, at
        self.record(ev.InvoiceIssued(invoice=self.figures(), issued_at=at))
        if self.balance_due == ZERO:
            self._settle(at)  # warranty or internal only

    def _settle(self, at: datetime) -> None:
        self.status = TRANSITIONS.next(self.status, "settle")
        self.paid_at = at
        self.record(ev.InvoicePaid(invoice=self.figures(), paid_at=at))

    # --- money ---

    @property
    def paid(self) -> Decimal:
        return sum((p.amount for p in self.payments), ZERO)

    @property
    def refunded(self) -> Decimal:
        return sum((r.amount for r in self.refunds), ZERO)

    @property
    def credited(self) -> Decimal:
        return sum((n.total for n in self.credit_notes), ZERO)

    @property
    def balance(self) -> Decimal:
        """Unpaid on the document (v1 meaning: total - paid, before refunds and credit notes)."""
        return self.total - self.paid

    @property
    def balance_due(self) -> Decimal:
        """What the customer still owes: total - credited - (paid - refunded), never below 0."""
        return max(self.total - self.credited - (self.paid - self.refunded), ZERO)

    @property
    def refundable(self) -> Decimal:
        """What may still be given back."""
        return self.paid - self.refunded

    def take_payment(self, amount: Decimal, method: PaymentMethod | str, by: str, at: datetime,
                     reference: str | None = None) -> Payment:
        """Take a (partial) payment, never more than is due; clearing it settles the invoice."""
        check_amount(amount)
        method = _method(method)
        TRANSITIONS.next(self.status, "pay")  # refuses a draft or a settled invoice
        due = self.balance_due
        if amount > due:
            raise Conflict(f"the amount exceeds the balance of {due:.2f} / 金额超过未付余额 {due:.2f}",
                           code="overpayment")
        payment = Payment(id=new_id(), amount=amount, method=method, reference=reference,
                          received_by=by, created_at=at)
        self.payments.append(payment)
        if self.balance_due == ZERO:
            self._settle(at)
        else:
            self.status = TRANSITIONS.next(self.status, "pay")
        return payment

    def payable_online(self) -> Decimal:
        """The balance the customer may pay online now (409 on a draft or a settled invoice)."""
        TRANSITIONS.next(self.status, "pay")
        return self.balance_due

    def take_online_payment(self, provider_payment_id: str, amount: Decimal, by: str,
                            at: datetime) -> Payment:
        """Record a payment the provider confirmed, once per provider id (a repeat returns it)."""
        for p in self.payments:
            if p.provider_payment_id == provider_payment_id:
                return p
        payment = self.take_payment(amount, PaymentMethod.ONLINE, by, at,
                                    reference=provider_payment_id)
        payment.provider_payment_id = provider_payment_id
        return payment

    def refund(self, payment_id: str | None, amount: Decimal, reason: str, by: str,
               at: datetime) -> Refund:
        """Give money back (at most what was paid, and what is left of the payment named)."""
        check_amount(amount)
        if self.status is S.DRAFT or self.refundable == ZERO:
            raise Conflict("nothing paid is left to refund / 没有可退的已付金额", code="invoice-not-settled")
        if amount > self.refundable:
            raise Conflict(f"the refund exceeds what is refundable ({self.refundable:.2f}) / "
                           f"退款金额超过可退金额 {self.refundable:.2f}", code="over-refund")
        payment = self._payment(payment_id) if payment_id else None
        if payment is not None and amount > payment.amount - payment.refunded:
            raise Conflict(f"the refund exceeds what is left of this payment "
                           f"({payment.amount - payment.refunded:.2f}) / 退款金额超过该笔付款可退金额",
                           code="over-refund")
        refund = Refund(id=new_id(), payment_id=payment_id, amount=amount, reason=reason,
                        refunded_by=by, created_at=at)
        self.refunds.append(refund)
        if payment is not None:
            payment.refunded += amount
        action = ("refund_all" if self.refundable == ZERO
                  else "refund" if self.balance_due == ZERO else "refund_reopen")
        self.status = TRANSITIONS.next(self.status, action)
        if self.status is not S.PAID:
            self.paid_at = None
        self.record(ev.PaymentRefunded(
            invoice=self.figures(), refund_id=refund.id, payment_id=payment_id,
            method=payment.method.value if payment else None, amount=amount, reason=reason,
            refunded_at=at, invoice_settled=self.status is S.PAID))
        return refund

    def _payment(self, payment_id: str) -> Payment:
        for p in self.payments:
            if p.id == payment_id:
                return p
        raise NotFound("payment not found on this invoice / 该发票没有这笔付款")

    # --- credit notes ---

    def creditable(self, returned: Sequence[ReturnedPart]) -> list[ev.CreditedLine]:
        """The lines a return would credit (empty: nothing the customer paid for came back)."""
        if self.status is S.DRAFT:
            return []
        return creditable_lines(self.lines, self.credit_notes, returned)

    def credit_returned_parts(self, returned: Sequence[ReturnedPart], number: str, by: str,
                              at: datetime) -> CreditNote:
        """Credit parts returned after issue: a credit note of its own; the invoice is not edited."""
        self.status = TRANSITIONS.next(self.status, "credit")
        lines = self.creditable(returned)
        if not lines:
            raise Conflict("nothing the customer paid for was returned / 退回的备件无需红字冲销",
                           code="nothing-to-credit")
        note = CreditNote.of(id=new_id(), number=number, invoice_id=self.id, lines=lines,
                             vat_rate=self.rates.vat_rate, by=by, at=at)
        self.credit_notes.append(note)
        self.record(ev.CreditNoteIssued(
            invoice=self.figures(), credit_note_id=note.id, credit_note_no=number,
            lines=note.lines, net=note.net, vat=note.vat, total=note.total, issued_at=at))
        if self.status is S.ISSUED and self.balance_due == ZERO:
            self._settle(at)  # what was paid already covers what is left after the credit
        return note

    def figures(self) -> ev.InvoiceFigures:
        """The invoice's figures as they stand now (the body of every invoice event)."""
        return ev.InvoiceFigures(
            invoice_id=self.id, invoice_no=self.invoice_no or "", order_id=self.order_id,
            dealer_id=self.dealer_id, customer_id=self.customer_id, status=self.status.value,
            currency=self.rates.currency, subtotal=self.subtotal, vat_rate=self.rates.vat_rate,
            vat=self.vat, total=self.total, paid=self.paid, balance=self.balance,
            credited=self.credited, balance_due=self.balance_due)


def _method(method: PaymentMethod | str) -> PaymentMethod:
    try:
        return PaymentMethod(method)
    except ValueError:
        raise InvalidInput(f"method must be one of {', '.join(m.value for m in PaymentMethod)}") from None
