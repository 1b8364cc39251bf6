"""Commands: load the invoice through the repository, call its method, return the result. No commit."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from aftersales_common.auth import Principal
from aftersales_common.clock import utcnow
from aftersales_common.messaging.unit_of_work import UnitOfWork
from billing.adapters.repository import BillingRepository
from billing.config import BillingSettings
from billing.domain.invoice import Invoice, Payment, PaymentMethod, Refund
from billing.domain.pricing import Rates


async def take_payment(*, uow: UnitOfWork, principal: Principal, invoice_id: str, amount: Decimal,
                       method: PaymentMethod, reference: str | None,
                       at: datetime | None = None) -> tuple[Invoice, Payment]:
    """Take a (partial) payment at the desk; settling the balance raises `invoice.paid`."""
    invoice = await BillingRepository(uow).invoice(invoice_id, principal)
    principal.require_staff_of(invoice.dealer_id)  # money moves only by the dealer's own staff
    payment = invoice.take_payment(amount, method, by=principal.sub, at=at or utcnow(),
                                   reference=reference)
    return invoice, payment


async def give_refund(*, uow: UnitOfWork, principal: Principal, invoice_id: str, amount: Decimal,
                      reason: str, payment_id: str | None,
                      at: datetime | None = None) -> tuple[Invoice, Refund]:
    """Give money back (at most what was paid, and what is left of the payment named)."""
    invoice = await BillingRepository(uow).invoice(invoice_id, principal)
    principal.require_staff_of(invoice.dealer_id)
    refund = invoice.refund(payment_id, amount, reason, by=principal.sub, at=at or utcnow())
    return invoice, refund


async def set_rates(*, uow: UnitOfWork, principal: Principal, settings: BillingSettings,
                    dealer_id: str, labour_rate: Decimal, vat_rate: Decimal | None,
                    currency: str | None) -> Rates:
    """Set the dealer's labour rate (and VAT rate or currency; null follows the settings)."""
    principal.require_staff_of(dealer_id)
    repo = BillingRepository(uow)
    await repo.save_rates(dealer_id, {"labour_rate": labour_rate, "vat_rate": vat_rate,
                                      "currency": currency}, utcnow())
    await uow.session.flush()
    return await repo.rates(dealer_id, settings)
