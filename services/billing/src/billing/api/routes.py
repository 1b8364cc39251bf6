"""Billing routes: thin, translate HTTP to a handler call."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from aftersales_common.auth import Principal
from aftersales_common.web.deps import RuntimeDep, require
from aftersales_common.web.pagination import Page
from billing.adapters.repository import BillingRepository
from billing.api import schemas as s
from billing.config import BillingSettings
from billing.domain.invoice import Rates
from billing.service import handlers

router = APIRouter(tags=["billing"])

Reader = Annotated[Principal, Depends(require("cashier", "manager", "service_advisor", "customer"))]
Cashier = Annotated[Principal, Depends(require("cashier", "manager"))]
Manager = Annotated[Principal, Depends(require("manager"))]
RateReader = Annotated[Principal, Depends(require("manager", "cashier", "service_advisor"))]
Limit = Annotated[int, Query(ge=1, le=200)]


def _settings(rt: Any) -> BillingSettings:
    return rt.settings  # type: ignore[no-any-return]


@router.get("/invoices", response_model=Page[s.InvoiceOut])
async def list_invoices(rt: RuntimeDep, who: Reader, order_id: str | None = None,
                        status: str | None = None, customer_id: str | None = None,
                        dealer_id: str | None = None, limit: Limit = 50,
                        cursor: str | None = None) -> Any:
    """Invoices of the caller's dealers (a customer sees only their own)."""
    async with rt.uow() as uow:
        repo = BillingRepository(uow.session)
        items, nxt = await repo.list_invoices(who, dealer_id=dealer_id, order_id=order_id,
                                              status=status, customer_id=customer_id,
                                              limit=limit, cursor=cursor)
        lines = await repo.lines_of([i.id for i in items])
        return {"items": [s.InvoiceOut.of(i, lines.get(i.id, [])) for i in items],
                "next_cursor": nxt}


@router.get("/invoices/{invoice_id}", response_model=s.InvoiceOut)
async def get_invoice(invoice_id: str, rt: RuntimeDep, who: Reader) -> Any:
    """The settlement list (结算单): every item explained, VAT shown separately."""
    async with rt.uow() as uow:
        repo = BillingRepository(uow.session)
        invoice = await repo.invoice(invoice_id, who)
        return s.InvoiceOut.of(invoice, (await repo.lines_of([invoice.id])).get(invoice.id, []))


@router.post("/invoices/{invoice_id}/payments", status_code=201, response_model=s.PaymentOut)
async def take_payment(invoice_id: str, body: s.PaymentCreate, rt: RuntimeDep, who: Cashier) -> Any:
    """Take a payment (partial allowed); 409 on a draft, a settled invoice or overpayment."""
    async with rt.uow() as uow:
        return await handlers.take_payment(uow=uow, principal=who, invoice_id=invoice_id,
                                           **body.model_dump())


@router.get("/invoices/{invoice_id}/payments", response_model=list[s.PaymentOut])
async def list_payments(invoice_id: str, rt: RuntimeDep, who: Reader) -> Any:
    async with rt.uow() as uow:
        repo = BillingRepository(uow.session)
        invoice = await repo.invoice(invoice_id, who)
        return await repo.payments(invoice.id)


@router.post("/invoices/{invoice_id}/refunds", status_code=201, response_model=s.RefundOut)
async def give_refund(invoice_id: str, body: s.RefundCreate, rt: RuntimeDep, who: Manager) -> Any:
    """Give money back from a settled invoice (service manager): at most what was paid."""
    async with rt.uow() as uow:
        return await handlers.give_refund(uow=uow, principal=who, invoice_id=invoice_id,
                                          **body.model_dump())


@router.get("/invoices/{invoice_id}/refunds", response_model=list[s.RefundOut])
async def list_refunds(invoice_id: str, rt: RuntimeDep, who: Reader) -> Any:
    async with rt.uow() as uow:
        repo = BillingRepository(uow.session)
        invoice = await repo.invoice(invoice_id, who)
        return await repo.refunds(invoice.id)


def _rates_out(dealer_id: str, rates: Rates, own: bool) -> s.RatesOut:
    return s.RatesOut(dealer_id=dealer_id, labour_rate=rates.labour_rate, vat_rate=rates.vat_rate,
                      currency=rates.currency, dealer_specific=own)


@router.get("/dealers/{dealer_id}/rates", response_model=s.RatesOut)
async def get_rates(dealer_id: str, rt: RuntimeDep, who: RateReader) -> Any:
    """The labour rate (per hour, VAT-exclusive), VAT rate and currency invoices use."""
    async with rt.uow() as uow:
        rates, own = await handlers.dealer_rates(uow=uow, principal=who, settings=_settings(rt),
                                                 dealer_id=dealer_id)
    return _rates_out(dealer_id, rates, own)


@router.put("/dealers/{dealer_id}/rates", response_model=s.RatesOut)
async def put_rates(dealer_id: str, body: s.RatesIn, rt: RuntimeDep, who: Manager) -> Any:
    """Set the dealer's rates; applies to invoices issued from now on."""
    async with rt.uow() as uow:
        rates, own = await handlers.set_rates(uow=uow, principal=who, settings=_settings(rt),
                                              dealer_id=dealer_id, **body.model_dump())
    return _rates_out(dealer_id, rates, own)
