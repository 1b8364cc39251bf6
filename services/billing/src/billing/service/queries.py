"""Reads for the routes: scoped views on a read-only session (the SQL lives in adapters)."""

from __future__ import annotations

from aftersales_common.auth import Principal
from aftersales_common.db import Session
from billing.adapters import queries as q
from billing.config import BillingSettings
from billing.domain.credit_note import CreditNote
from billing.domain.invoice import Invoice
from billing.domain.pricing import Rates


async def invoice(session: Session, principal: Principal, invoice_id: str) -> Invoice:
    """One invoice (404 outside the caller's scope)."""
    return await q.invoice(session, principal, invoice_id)


async def invoices(session: Session, principal: Principal, *, dealer_id: str | None,
                   order_id: str | None, status: str | None, customer_id: str | None, limit: int,
                   cursor: str | None) -> tuple[list[Invoice], str | None]:
    """A page of the caller's invoices."""
    return await q.invoices(session, principal, dealer_id=dealer_id, order_id=order_id,
                            status=status, customer_id=customer_id, limit=limit, cursor=cursor)


async def credit_notes(session: Session, principal: Principal, *, invoice_id: str | None,
                       order_id: str | None, dealer_id: str | None, limit: int,
                       cursor: str | None) -> tuple[list[tuple[Invoice, CreditNote]], str | None]:
    """A page of credit notes with their invoices."""
    return await q.credit_notes(session, principal, invoice_id=invoice_id, order_id=order_id,
                                dealer_id=dealer_id, limit=limit, cursor=cursor)


async def dealer_rates(session: Session, principal: Principal, settings: BillingSettings,
                       dealer_id: str) -> tuple[Rates, bool]:
    """The dealer's rates (403 unless staff of the dealer) and whether they are its own."""
    principal.require_staff_of(dealer_id)
    return await q.dealer_rates(session, dealer_id, settings)
