"""Billing routes: thin, parse, open a unit of work (commands) or a reader (reads), shape the answer."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query

from aftersales_common.auth import Principal
from aftersales_common.web.deps import RuntimeDep, require
from aftersales_common.web.inputs import Id, text
from aftersales_common.web.longpoll import LongPollDep
from aftersales_common.web.pagination import Cursor, Page
from billing.api import schemas as s
from billing.config import BillingSettings
from billing.contracts import InvoiceStatus
from billing.service import handlers, queries

router = APIRouter(tags=["billing"])

Reader = Annotated[Principal, Depends(require("cashier", "manager", "service_advisor", "customer"))]
Cashier = Annotated[Principal, Depends(require("cashier", "manager"))]
Manager = Annotated[Principal, Depends(require("manager"))]
Customer = Annotated[Principal, Depends(require("customer"))]
RateReader = Annotated[Principal, Depends(require("manager", "cashier", "service_advisor"))]
Limit = Annotated[int, Query(ge=1, le=200)]


def _settings(rt: Any) -> BillingSettings:
    return rt.settings  # type: ignore[no-any-return]


@router.get("/invoices", response_model=Page[s.InvoiceOut])
async def list_invoices(rt: RuntimeDep, who: Reader, poll: LongPollDep,
                        order_id: Id | None = None,
                        status: InvoiceStatus | None = None, customer_id: Id | None = None,
                        dealer_id: Id | None = None, limit: Limit = 50,
                        cursor: Cursor | None = None) -> Any:
    """Invoices of the caller's dealers (a customer sees only their own).

    Long poll (`wait` with `If-None-Match`): e.g. the invoice a passed quality check issues,
    by `order_id` and `status=issued`, answered as soon as it is issued."""
    async def read() -> Any:
        async with rt.reader() as session:
            items, nxt = await queries.invoices(session, who, dealer_id=dealer_id,
                                                order_id=order_id, status=status,
                                                customer_id=customer_id, limit=limit,
                                                cursor=cursor)
        return {"items": [s.InvoiceOut.of(i) for i in items], "next_cursor": nxt}

    return await poll.answer(rt, read, keys=("Invoice",))  # by commits on invoices


@router.get("/invoices/{invoice_id}", response_model=s.InvoiceOut)
async def get_invoice(invoice_id: Id, rt: RuntimeDep, who: Reader) -> Any:
    """The settlement list (结算单): every item explained, VAT shown separately, its credit notes."""
    async with rt.reader() as session:
        return s.InvoiceOut.of(await queries.invoice(session, who, invoice_id))


@router.post("/invoices/{invoice_id}/payments", status_code=201, response_model=s.PaymentOut)
async def take_payment(invoice_id: Id, body: s.PaymentCreate, rt: RuntimeDep, who: Cashier) -> Any:
    """Take a payment (partial allowed); 409 on a draft, a settled invoice or overpayment."""
    async with rt.uow() as uow:
        invoice, payment = await handlers.take_payment(uow=uow, principal=who, invoice_id=invoice_id,
                                                       **body.model_dump())
    return s.PaymentOut.of(invoice.id, payment)


@router.post("/invoices/{invoice_id}/online-payments", status_code=201,
             response_model=s.OnlinePaymentOut)
async def pay_online(invoice_id: Id, rt: RuntimeDep, who: Customer,
                     idempotency_key: Annotated[str | None, Header(max_length=200)] = None) -> Any:
    """The customer pays their own invoice's balance online (线上支付; sandbox in development).

    404 for an invoice not theirs; 409 on a draft or a settled invoice. The payment is recorded
    like one at the desk (method `online`) once the provider confirms it: at once in the sandbox.
    """
    async with rt.uow() as uow:
        invoice, intent, payment = await handlers.pay_online(
            uow=uow, principal=who, provider=rt.extras.get("payment_provider"),
            invoice_id=invoice_id, idempotency_key=idempotency_key)
    return s.OnlinePaymentOut.of(invoice, intent, payment)


@router.post("/invoices/{invoice_id}/online-payments/{provider_payment_id}/confirm",
             response_model=s.OnlinePaymentOut)
async def confirm_online_payment(invoice_id: Id,
                                 provider_payment_id: Annotated[str, text(100, min_length=1)],
                                 rt: RuntimeDep, who: Customer) -> Any:
    """Record a payment the provider reports as succeeded; repeating it never charges twice."""
    async with rt.uow() as uow:
        invoice, intent, payment = await handlers.confirm_online_payment(
            uow=uow, principal=who, provider=rt.extras.get("payment_provider"),
            invoice_id=invoice_id, provider_payment_id=provider_payment_id)
    return s.OnlinePaymentOut.of(invoice, intent, payment)


@router.get("/invoices/{invoice_id}/payments", response_model=list[s.PaymentOut])
async def list_payments(invoice_id: Id, rt: RuntimeDep, who: Reader) -> Any:
    async with rt.reader() as session:
        invoice = await queries.invoice(session, who, invoice_id)
    return [s.PaymentOut.of(invoice.id, p) for p in invoice.payments]


@router.post("/invoices/{invoice_id}/refunds", status_code=201, response_model=s.RefundOut)
async def give_refund(invoice_id: Id, body: s.RefundCreate, rt: RuntimeDep, who: Manager) -> Any:
    """Give money back (service manager): at most what was paid; may leave the invoice due again."""
    async with rt.uow() as uow:
        invoice, refund = await handlers.give_refund(uow=uow, principal=who, invoice_id=invoice_id,
                                                     **body.model_dump())
    return s.RefundOut.of(invoice.id, refund)


@router.get("/invoices/{invoice_id}/refunds", response_model=list[s.RefundOut])
async def list_refunds(invoice_id: Id, rt: RuntimeDep, who: Reader) -> Any:
    async with rt.reader() as session:
        invoice = await queries.invoice(session, who, invoice_id)
    return [s.RefundOut.of(invoice.id, r) for r in invoice.refunds]


@router.get("/credit-notes", response_model=Page[s.CreditNoteOut])
async def list_credit_notes(rt: RuntimeDep, who: Reader, invoice_id: Id | None = None,
                            order_id: Id | None = None, dealer_id: Id | None = None,
                            limit: Limit = 50, cursor: Cursor | None = None) -> Any:
    """Credit notes (红字发票) for parts returned after issue; 404 for an invoice out of scope."""
    async with rt.reader() as session:
        items, nxt = await queries.credit_notes(session, who, invoice_id=invoice_id,
                                                order_id=order_id, dealer_id=dealer_id,
                                                limit=limit, cursor=cursor)
    return {"items": [s.CreditNoteOut.of(inv, note) for inv, note in items], "next_cursor": nxt}


@router.get("/dealers/{dealer_id}/rates", response_model=s.RatesOut)
async def get_rates(dealer_id: Id, rt: RuntimeDep, who: RateReader) -> Any:
    """The labour rate (per hour, VAT-exclusive), VAT rate and currency invoices use."""
    async with rt.reader() as session:
        rates, own = await queries.dealer_rates(session, who, _settings(rt), dealer_id)
    return s.RatesOut.of(dealer_id, rates, own)


@router.put("/dealers/{dealer_id}/rates", response_model=s.RatesOut)
async def put_rates(dealer_id: Id, body: s.RatesIn, rt: RuntimeDep, who: Manager) -> Any:
    """Set the dealer's rates; applies to invoices issued from now on."""
    async with rt.uow() as uow:
        rates = await handlers.set_rates(uow=uow, principal=who, settings=_settings(rt),
                                         dealer_id=dealer_id, **body.model_dump())
    return s.RatesOut.of(dealer_id, rates, True)
