"""One function per command: load, apply the rules, write, raise events, commit."""

from __future__ import annotations

from decimal import Decimal

from aftersales_common.auth import Principal
from aftersales_common.clock import utcnow
from aftersales_common.errors import Conflict, NotFound
from aftersales_common.messaging.envelope import make_event
from aftersales_common.messaging.outbox import UnitOfWork
from billing import contracts as ev
from billing.adapters.repository import BillingRepository
from billing.adapters.tables import DealerRate, Invoice, Payment, Refund
from billing.config import BillingSettings
from billing.domain import settlement
from billing.domain.invoice import Rates
from billing.domain.settlement import Account, InvoiceStatus

SERVICE = "billing"
CHANGED_MEANWHILE = Conflict("the invoice changed meanwhile, reload and try again / "
                             "发票已被更新，请刷新后重试", code="concurrent-update")


def invoice_payload(invoice: Invoice, cls: type[ev.InvoiceEvent], **extra: object) -> ev.InvoiceEvent:
    """The event body of an invoice as it stands."""
    return cls(invoice_id=invoice.id, invoice_no=invoice.invoice_no, order_id=invoice.order_id,
               dealer_id=invoice.dealer_id, customer_id=invoice.customer_id,
               currency=invoice.currency, subtotal=invoice.subtotal, vat_rate=invoice.vat_rate,
               vat=invoice.vat, total=invoice.total, paid=invoice.paid,
               balance=invoice.total - invoice.paid, **extra)


async def raise_invoice_event(uow: UnitOfWork, invoice: Invoice, cls: type[ev.InvoiceEvent],
                              **extra: object) -> None:
    """Put an invoice event in the outbox of this unit of work."""
    payload = invoice_payload(invoice, cls, **extra)
    await uow.publish(make_event(payload, service=SERVICE, subject=invoice.id,
                                 dealer_id=invoice.dealer_id), aggregate_type="invoice")


def _account(invoice: Invoice) -> Account:
    return Account(InvoiceStatus(invoice.status), invoice.total, invoice.paid, invoice.refunded)


def _staff_for(principal: Principal, dealer_id: str) -> None:
    """Money moves only by the dealer's own staff; to anyone else the record does not exist."""
    if principal.is_customer or dealer_id not in principal.dealer_ids:
        raise NotFound("not found")


async def take_payment(*, uow: UnitOfWork, principal: Principal, invoice_id: str, amount: Decimal,
                       method: str, reference: str | None) -> Payment:
    """Record a (partial) payment; settling the balance raises `invoice.paid`."""
    repo = BillingRepository(uow.session)
    invoice = await repo.invoice(invoice_id, principal)
    _staff_for(principal, invoice.dealer_id)
    after = settlement.pay(_account(invoice), amount, method)
    now = utcnow()
    settled = after.status is InvoiceStatus.PAID
    if not await repo.save_account(invoice, paid=after.paid, status=after.status.value,
                                   paid_at=now if settled else None):
        raise CHANGED_MEANWHILE
    payment = Payment(invoice_id=invoice.id, dealer_id=invoice.dealer_id, amount=amount,
                      method=method, reference=reference, received_by=principal.sub,
                      created_at=now)
    uow.session.add(payment)
    if settled:
        await raise_invoice_event(uow, invoice, ev.InvoicePaid)
    await uow.commit()
    return payment


async def give_refund(*, uow: UnitOfWork, principal: Principal, invoice_id: str, amount: Decimal,
                      reason: str, payment_id: str | None) -> Refund:
    """Give money back (at most what was paid, and what is left of the payment named)."""
    repo = BillingRepository(uow.session)
    invoice = await repo.invoice(invoice_id, principal)
    _staff_for(principal, invoice.dealer_id)
    payment = await repo.payment_of(invoice.id, payment_id) if payment_id else None
    after = settlement.refund(_account(invoice), amount,
                              payment.amount - payment.refunded if payment else None)
    if not await repo.save_account(invoice, refunded=after.refunded, status=after.status.value):
        raise CHANGED_MEANWHILE
    if payment:
        payment.refunded += amount
        uow.session.add(payment)
    refund = Refund(invoice_id=invoice.id, payment_id=payment_id, dealer_id=invoice.dealer_id,
                    amount=amount, reason=reason, refunded_by=principal.sub)
    uow.session.add(refund)
    await raise_invoice_event(uow, invoice, ev.PaymentRefunded, refund_id=refund.id,
                              amount=amount, reason=reason)
    await uow.commit()
    return refund


async def dealer_rates(*, uow: UnitOfWork, principal: Principal, settings: BillingSettings,
                       dealer_id: str) -> tuple[Rates, bool]:
    """The rates invoices of this dealer use, and whether they are the dealer's own."""
    _staff_for(principal, dealer_id)
    repo = BillingRepository(uow.session)
    return await repo.rates(dealer_id, settings), await repo.rate_row(dealer_id) is not None


async def set_rates(*, uow: UnitOfWork, principal: Principal, settings: BillingSettings,
                    dealer_id: str, labour_rate: Decimal, vat_rate: Decimal | None,
                    currency: str | None) -> tuple[Rates, bool]:
    """Set the dealer's labour rate (and VAT rate or currency; null follows the settings)."""
    _staff_for(principal, dealer_id)
    repo = BillingRepository(uow.session)
    row = await repo.rate_row(dealer_id) or DealerRate(dealer_id=dealer_id, labour_rate=labour_rate)
    row.labour_rate, row.vat_rate, row.currency = labour_rate, vat_rate, currency
    row.updated_at = utcnow()
    uow.session.add(row)
    await uow.commit()
    return await repo.rates(dealer_id, settings), True
