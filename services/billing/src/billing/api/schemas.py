"""Request and response bodies (separate from the tables: no mass assignment)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from aftersales_common.web.inputs import DecimalText, Id, text
from aftersales_common.wire import DealerTime, Money
from aftersales_common.wire import PlainDecimal as Qty
from billing.contracts import InvoiceStatus, PaymentMethod, PayType
from billing.domain.credit_note import CreditNote
from billing.domain.invoice import Invoice, Payment, Refund
from billing.domain.online_payment import IntentStatus, PaymentIntent
from billing.domain.pricing import InvoiceLine, LineKind, MissingPart, Rates, vat_rate_str

Rate = Annotated[Decimal, PlainSerializer(vat_rate_str, return_type=str)]
AmountIn = Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=2,
                                    description="two places at most, e.g. \"1234.50\""),
                     DecimalText()]


class PaymentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    amount: AmountIn
    method: PaymentMethod
    reference: Annotated[str, text(100)] | None = Field(
        default=None, description="card slip, WeChat/Alipay transaction or voucher no.")


class PaymentOut(BaseModel):
    id: str
    invoice_id: str
    amount: Money
    method: PaymentMethod
    reference: str | None
    refunded: Money
    received_by: str
    created_at: DealerTime

    @classmethod
    def of(cls, invoice_id: str, p: Payment) -> PaymentOut:
        return cls(id=p.id, invoice_id=invoice_id, amount=p.amount, method=p.method,
                   reference=p.reference, refunded=p.refunded, received_by=p.received_by,
                   created_at=p.created_at)


class OnlinePaymentOut(BaseModel):
    """An online payment: the provider's intent and, once it succeeded, the payment recorded."""

    invoice_id: str
    provider: str
    provider_payment_id: str
    amount: Money
    currency: str
    status: IntentStatus
    payment: PaymentOut | None = Field(description="recorded once the provider confirmed it")
    invoice_status: InvoiceStatus
    balance_due: Money

    @classmethod
    def of(cls, invoice: Invoice, intent: PaymentIntent, payment: Payment | None) -> OnlinePaymentOut:
        return cls(invoice_id=invoice.id, provider=intent.provider,
                   provider_payment_id=intent.provider_payment_id, amount=intent.amount,
                   currency=intent.currency, status=intent.status,
                   payment=PaymentOut.of(invoice.id, payment) if payment else None,
                   invoice_status=invoice.status, balance_due=invoice.balance_due)


class RefundCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    amount: AmountIn
    reason: Annotated[str, text(500, min_length=1)]
    payment_id: Id | None = None


class RefundOut(BaseModel):
    id: str
    invoice_id: str
    payment_id: str | None
    amount: Money
    reason: str
    refunded_by: str
    created_at: DealerTime

    @classmethod
    def of(cls, invoice_id: str, r: Refund) -> RefundOut:
        return cls(id=r.id, invoice_id=invoice_id, payment_id=r.payment_id, amount=r.amount,
                   reason=r.reason, refunded_by=r.refunded_by, created_at=r.created_at)


class LineOut(BaseModel):
    """One item, explained: warranty and internal items show their value at no cost to the customer."""

    kind: LineKind
    job_id: str
    op_code: str
    description: str
    part_no: str | None
    hours: Qty | None = Field(description="labour lines: hours charged")
    qty: Qty | None = Field(description="part lines: quantity issued")
    unit_price: Money
    amount: Money
    charged_to: PayType
    customer_amount: Money

    @classmethod
    def of(cls, ln: InvoiceLine) -> LineOut:
        labour = ln.kind is LineKind.LABOUR
        return cls(kind=ln.kind, job_id=ln.job_id, op_code=ln.op_code, description=ln.description,
                   part_no=ln.part_no, hours=ln.qty if labour else None,
                   qty=None if labour else ln.qty, unit_price=ln.unit_price, amount=ln.amount,
                   charged_to=ln.charged_to, customer_amount=ln.customer_amount)


class WaitingPart(BaseModel):
    job_id: str
    part_no: str
    qty_needed: Qty
    qty_issued: Qty

    @classmethod
    def of(cls, m: MissingPart) -> WaitingPart:
        return cls(job_id=m.job_id, part_no=m.part_no, qty_needed=m.qty_needed, qty_issued=m.qty_issued)


class CreditNoteLineOut(BaseModel):
    job_id: str
    part_no: str
    name: str
    qty: Qty
    unit_price: Money
    amount: Money


class CreditNoteOut(BaseModel):
    """A credit note (红字发票): returned customer-pay parts with their VAT, own number series."""

    id: str
    credit_note_no: str
    invoice_id: str
    invoice_no: str | None
    order_id: str
    dealer_id: str
    currency: str
    lines: list[CreditNoteLineOut]
    net: Money
    vat_rate: Rate
    vat: Money
    total: Money
    issued_by: str
    issued_at: DealerTime

    @classmethod
    def of(cls, invoice: Invoice, note: CreditNote) -> CreditNoteOut:
        return cls(
            id=note.id, credit_note_no=note.credit_note_no, invoice_id=invoice.id,
            invoice_no=invoice.invoice_no, order_id=invoice.order_id, dealer_id=invoice.dealer_id,
            currency=invoice.rates.currency,
            lines=[CreditNoteLineOut(job_id=ln.job_id, part_no=ln.part_no, name=ln.name, qty=ln.qty,
                                     unit_price=ln.unit_price, amount=ln.amount) for ln in note.lines],
            net=note.net, vat_rate=note.vat_rate, vat=note.vat, total=note.total,
            issued_by=note.issued_by, issued_at=note.issued_at)


class InvoiceOut(BaseModel):
    id: str
    invoice_no: str | None = Field(description="null while a draft: numbered when issued")
    order_id: str
    order_no: str
    dealer_id: str
    customer_id: str | None
    vehicle_id: str | None
    vin: str | None
    plate: str | None
    status: InvoiceStatus
    currency: str
    labour_rate: Money
    lines: list[LineOut]
    subtotal: Money
    vat_rate: Rate
    vat: Money
    total: Money
    warranty_amount: Money = Field(description="value of warranty items, not charged to the customer")
    internal_amount: Money = Field(description="value of internal items, not charged to the customer")
    paid: Money
    refunded: Money
    balance: Money = Field(description="total - paid (before refunds and credit notes)")
    credited: Money = Field(description="sum of the credit notes' totals")
    balance_due: Money = Field(
        description="what the customer still owes: total - credited - (paid - refunded)")
    credit_notes: list[CreditNoteOut]
    waiting_for: list[WaitingPart] = Field(description="draft: parts not yet issued to a job")
    issued_at: DealerTime | None
    paid_at: DealerTime | None
    created_at: DealerTime
    estimate_total: Money | None = Field(
        default=None, description="the total of the estimate the customer signed before work")
    variance: Money | None = Field(
        default=None, description="total - estimate_total (positive: more than signed)")

    @classmethod
    def of(cls, inv: Invoice) -> InvoiceOut:
        return cls(
            id=inv.id, invoice_no=inv.invoice_no, order_id=inv.order_id, order_no=inv.order_no,
            dealer_id=inv.dealer_id, customer_id=inv.customer_id, vehicle_id=inv.vehicle_id,
            vin=inv.vin, plate=inv.plate, status=inv.status, currency=inv.rates.currency,
            labour_rate=inv.rates.labour_rate, lines=[LineOut.of(ln) for ln in inv.lines],
            subtotal=inv.subtotal, vat_rate=inv.rates.vat_rate, vat=inv.vat, total=inv.total,
            warranty_amount=inv.warranty_amount, internal_amount=inv.internal_amount,
            paid=inv.paid, refunded=inv.refunded, balance=inv.balance, credited=inv.credited,
            balance_due=inv.balance_due,
            credit_notes=[CreditNoteOut.of(inv, n) for n in inv.credit_notes],
            waiting_for=[WaitingPart.of(m) for m in inv.waiting_for], issued_at=inv.issued_at,
            paid_at=inv.paid_at, created_at=inv.created_at, estimate_total=inv.estimate_total,
            variance=inv.variance)


class RatesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    labour_rate: Annotated[Decimal, Field(gt=0, max_digits=10, decimal_places=2), DecimalText()]
    vat_rate: Annotated[Decimal, Field(ge=0, lt=1, decimal_places=4), DecimalText()] | None = Field(
        default=None, description="null: the national rate (setting VAT_RATE)")
    currency: str | None = Field(default=None, pattern="^[A-Z]{3}$", max_length=3,
                                 description="null: the default currency")


class RatesOut(BaseModel):
    dealer_id: str
    labour_rate: Money
    vat_rate: Rate
    currency: str
    dealer_specific: bool

    @classmethod
    def of(cls, dealer_id: str, rates: Rates, own: bool) -> RatesOut:
        return cls(dealer_id=dealer_id, labour_rate=rates.labour_rate, vat_rate=rates.vat_rate,
                   currency=rates.currency, dealer_specific=own)
