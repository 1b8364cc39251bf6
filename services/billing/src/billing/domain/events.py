"""What happens to an invoice, in billing's words (mapped to contracts in `billing.contracts`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from aftersales_common.domain import DomainEvent
from billing.domain.pricing import PayType


@dataclass(frozen=True)
class InvoiceFigures:
    """The invoice as it stands after the change: what every invoice event reports."""

    invoice_id: str
    invoice_no: str
    order_id: str
    dealer_id: str
    customer_id: str | None
    status: str
    currency: str
    subtotal: Decimal
    vat_rate: Decimal
    vat: Decimal
    total: Decimal
    paid: Decimal
    balance: Decimal
    credited: Decimal
    balance_due: Decimal


@dataclass(frozen=True, kw_only=True)
class InvoiceIssued(DomainEvent):
    """Every part is issued: the invoice is final and may be paid."""

    invoice: InvoiceFigures
    issued_at: datetime


@dataclass(frozen=True, kw_only=True)
class InvoicePaid(DomainEvent):
    """Nothing is due any more: the workshop may deliver the car."""

    invoice: InvoiceFigures
    paid_at: datetime


@dataclass(frozen=True, kw_only=True)
class PaymentRefunded(DomainEvent):
    """Money given back to the customer; the invoice may no longer be fully paid."""

    invoice: InvoiceFigures
    refund_id: str
    payment_id: str | None
    method: str | None
    amount: Decimal
    reason: str
    refunded_at: datetime
    invoice_settled: bool


@dataclass(frozen=True)
class CreditedLine:
    """One returned part credited: its value at the invoiced price."""

    job_id: str
    part_no: str
    name: str
    qty: Decimal
    unit_price: Decimal
    amount: Decimal
    charged_to: PayType


@dataclass(frozen=True, kw_only=True)
class CreditNoteIssued(DomainEvent):
    """Parts returned after the invoice was issued were credited to the customer."""

    invoice: InvoiceFigures
    credit_note_id: str
    credit_note_no: str
    lines: tuple[CreditedLine, ...]
    net: Decimal
    vat: Decimal
    total: Decimal
    issued_at: datetime
