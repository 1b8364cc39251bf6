"""Commands: load the invoice through the repository, call its method, return the result. No commit."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from aftersales_common.auth import Principal
from aftersales_common.clock import utcnow
from aftersales_common.errors import Conflict, NotFound
from aftersales_common.messaging.unit_of_work import UnitOfWork
from billing.adapters.repository import BillingRepository
from billing.config import BillingSettings
from billing.domain.invoice import Invoice, Payment, PaymentMethod, Refund
from billing.domain.online_payment import IntentStatus, PaymentIntent, PaymentProvider
from billing.domain.pricing import Rates
from billing.domain.rates import DealerRates


async def take_payment(*, uow: UnitOfWork, principal: Principal, invoice_id: str, amount: Decimal,
                       method: PaymentMethod, reference: str | None,
                       at: datetime | None = None) -> tuple[Invoice, Payment]:
    """Take a (partial) payment at the desk; settling the balance raises `invoice.paid`."""
    invoice = await BillingRepository(uow).invoice(invoice_id, principal)
    principal.require_staff_of(invoice.dealer_id)  # money moves only by the dealer's own staff
    payment = invoice.take_payment(amount, method, by=principal.sub, at=at or utcnow(),
                                   reference=reference)
    return invoice, payment


def _provider(provider: PaymentProvider | None) -> PaymentProvider:
    if provider is None:
        raise Conflict("online payment is not available / 暂不支持线上支付", code="online-payment-off")
    return provider


async def pay_online(*, uow: UnitOfWork, principal: Principal, provider: PaymentProvider | None,
                     invoice_id: str, idempotency_key: str | None,
                     at: datetime | None = None) -> tuple[Invoice, PaymentIntent, Payment | None]:
    """The customer pays their own invoice's balance through the provider (404 for another's).

    The provider is asked with a key derived from the request's `Idempotency-Key` (or the
    invoice's state), so a retry reuses its intent; a confirmed intent is recorded at once.
    """
    provider = _provider(provider)
    invoice = await BillingRepository(uow).invoice(invoice_id, principal)
    amount = invoice.payable_online()
    key = f"{invoice.id}:{idempotency_key or f'v{invoice.version}:{invoice.paid}'}"
    intent = await provider.create_intent(invoice_id=invoice.id, amount=amount,
                                          currency=invoice.rates.currency, idempotency_key=key)
    payment = _record(invoice, intent, principal, at)
    return invoice, intent, payment


async def confirm_online_payment(*, uow: UnitOfWork, principal: Principal,
                                 provider: PaymentProvider | None, invoice_id: str,
                                 provider_payment_id: str, at: datetime | None = None
                                 ) -> tuple[Invoice, PaymentIntent, Payment | None]:
    """Record a payment the provider now reports as succeeded; a repeat records nothing more."""
    provider = _provider(provider)
    invoice = await BillingRepository(uow).invoice(invoice_id, principal)
    intent = await provider.retrieve(provider_payment_id)
    if intent is None or intent.invoice_id != invoice.id:
        raise NotFound("online payment not found / 未找到该线上支付")
    return invoice, intent, _record(invoice, intent, principal, at)


def _record(invoice: Invoice, intent: PaymentIntent, principal: Principal,
            at: datetime | None) -> Payment | None:
    if intent.status is not IntentStatus.SUCCEEDED:
        return None
    return invoice.take_online_payment(intent.provider_payment_id, intent.amount,
                                       by=principal.sub, at=at or utcnow())


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
    rates = await repo.rates(dealer_id, settings)
    announce_rates(uow, dealer_id, rates)
    return rates


def announce_rates(uow: UnitOfWork, dealer_id: str, rates: Rates) -> None:
    """`dealer_rates.changed` with the rates in effect, written with this unit of work."""
    notice = DealerRates(dealer_id=dealer_id, rates=rates)
    notice.announce(at=utcnow())
    uow.track(notice)
