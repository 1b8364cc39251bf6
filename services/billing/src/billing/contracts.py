"""Events billing publishes (topic `aftersales.billing`) and the one mapping from its domain events."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, PlainSerializer

from aftersales_common.domain import DomainEvent
from aftersales_common.messaging.envelope import EventData
from aftersales_common.messaging.unit_of_work import Outbound
from aftersales_common.wire import DealerTime, Money, PlainDecimal
from billing.domain import events as ev
from billing.domain.invoice import InvoiceStatus, PaymentMethod
from billing.domain.pricing import PayType, vat_rate_str
from billing.domain.rates import DealerRatesChanged as DealerRatesEvent

__all__ = ["PUBLISHED", "InvoiceStatus", "PayType", "PaymentMethod", "publish"]

Rate = Annotated[Decimal, PlainSerializer(vat_rate_str, return_type=str)]


class InvoiceEvent(EventData):
    """The invoice's totals as they stand after the change."""

    invoice_id: str
    invoice_no: str
    order_id: str
    dealer_id: str
    customer_id: str | None
    currency: str
    subtotal: Money
    vat_rate: Rate
    vat: Money
    total: Money
    paid: Money
    balance: Money


class InvoiceIssued(InvoiceEvent):
    """Every part is issued: the invoice is final and may be paid."""

    event_type = "invoice.issued"
    status: InvoiceStatus
    issued_at: DealerTime


class InvoicePaid(InvoiceEvent):
    """Nothing is due any more: the workshop may deliver the car."""

    event_type = "invoice.paid"


class PaymentRefunded(InvoiceEvent):
    """Money given back; `invoice_settled` false: the customer owes `balance_due` again."""

    event_type = "payment.refunded"
    refund_id: str
    payment_id: str | None
    method: PaymentMethod | None
    amount: Money
    reason: str
    refunded_at: DealerTime
    status: InvoiceStatus
    credited: Money
    balance_due: Money
    invoice_settled: bool


class CreditNoteLine(BaseModel):
    """A returned part credited at the price it was invoiced."""

    job_id: str
    part_no: str
    name: str
    qty: PlainDecimal
    unit_price: Money
    amount: Money


class CreditNoteIssued(EventData):
    """Parts returned after issue, credited to the customer; the invoice itself is unchanged."""

    event_type = "credit_note.issued"
    credit_note_id: str
    credit_note_no: str
    invoice_id: str
    invoice_no: str
    order_id: str
    dealer_id: str
    customer_id: str | None
    currency: str
    lines: list[CreditNoteLine]
    net: Money
    vat_rate: Rate
    vat: Money
    total: Money
    issued_at: DealerTime


class DealerRatesChanged(EventData):
    """The rates invoices use from now on (VAT-exclusive labour per hour, VAT rate, currency)."""

    event_type = "dealer_rates.changed"
    dealer_id: str
    labour_rate: Money
    vat_rate: Rate
    currency: str
    changed_at: DealerTime


PUBLISHED: list[type[EventData]] = [InvoiceIssued, InvoicePaid, PaymentRefunded, CreditNoteIssued,
                                    DealerRatesChanged]

_INVOICE_FIELDS = tuple(InvoiceEvent.model_fields)


def _invoice(figures: ev.InvoiceFigures) -> dict[str, Any]:
    return {name: getattr(figures, name) for name in _INVOICE_FIELDS}


def _issued(e: ev.InvoiceIssued) -> EventData:
    return InvoiceIssued(**_invoice(e.invoice), status=InvoiceStatus(e.invoice.status),
                         issued_at=e.issued_at)


def _paid(e: ev.InvoicePaid) -> EventData:
    return InvoicePaid(**_invoice(e.invoice))


def _refunded(e: ev.PaymentRefunded) -> EventData:
    return PaymentRefunded(
        **_invoice(e.invoice), refund_id=e.refund_id, payment_id=e.payment_id,
        method=PaymentMethod(e.method) if e.method else None, amount=e.amount, reason=e.reason,
        refunded_at=e.refunded_at, status=InvoiceStatus(e.invoice.status),
        credited=e.invoice.credited, balance_due=e.invoice.balance_due,
        invoice_settled=e.invoice_settled)


def _credit_note(e: ev.CreditNoteIssued) -> EventData:
    inv = e.invoice
    return CreditNoteIssued(
        credit_note_id=e.credit_note_id, credit_note_no=e.credit_note_no, invoice_id=inv.invoice_id,
        invoice_no=inv.invoice_no, order_id=inv.order_id, dealer_id=inv.dealer_id,
        customer_id=inv.customer_id, currency=inv.currency,
        lines=[CreditNoteLine(job_id=ln.job_id, part_no=ln.part_no, name=ln.name, qty=ln.qty,
                              unit_price=ln.unit_price, amount=ln.amount) for ln in e.lines],
        net=e.net, vat_rate=inv.vat_rate, vat=e.vat, total=e.total, issued_at=e.issued_at)


_MAPPERS: dict[type[DomainEvent], Callable[[Any], EventData]] = {
    ev.InvoiceIssued: _issued,
    ev.InvoicePaid: _paid,
    ev.PaymentRefunded: _refunded,
    ev.CreditNoteIssued: _credit_note,
}


def publish(event: DomainEvent) -> Outbound:
    """The one mapping from billing's domain events to its published contracts."""
    if isinstance(event, DealerRatesEvent):
        return Outbound(DealerRatesChanged(dealer_id=event.dealer_id, labour_rate=event.labour_rate,
                                           vat_rate=event.vat_rate, currency=event.currency,
                                           changed_at=event.at),
                        subject=event.dealer_id, dealer_id=event.dealer_id,
                        aggregate_type="dealer_rates")
    mapper = _MAPPERS.get(type(event))
    if mapper is None:
        raise TypeError(f"billing publishes no contract for {type(event).__name__}")
    invoice: ev.InvoiceFigures = event.invoice  # type: ignore[attr-defined]
    # A credit note belongs to the invoice aggregate: keyed by the invoice, it stays in order
    # with the invoice's other events.
    return Outbound(mapper(event), subject=invoice.invoice_id, dealer_id=invoice.dealer_id,
                    aggregate_type="invoice")
