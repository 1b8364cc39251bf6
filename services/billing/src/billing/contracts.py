"""Events billing publishes (topic `aftersales.billing`); field names as in docs/events.md."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import PlainSerializer

from aftersales_common.messaging.envelope import EventData
from aftersales_common.wire import Money
from billing.domain.settlement import vat_rate_str

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


class InvoicePaid(InvoiceEvent):
    """The balance reached 0: the workshop may deliver the car."""

    event_type = "invoice.paid"


class PaymentRefunded(InvoiceEvent):
    """Money given back to the customer."""

    event_type = "payment.refunded"
    refund_id: str
    amount: Money
    reason: str


PUBLISHED: list[type[EventData]] = [InvoiceIssued, InvoicePaid, PaymentRefunded]
