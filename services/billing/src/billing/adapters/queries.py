"""Billing's reads: scoped to the caller, on a read-only session."""

from __future__ import annotations

from sqlalchemy import select

from aftersales_common.auth import Principal
from aftersales_common.db import Session
from aftersales_common.errors import NotFound
from aftersales_common.web.pagination import keyset, page_of
from billing.adapters import mapping
from billing.adapters.repository import rates_of
from billing.adapters.tables import CreditNoteRow, DealerRate
from billing.adapters.tables import Invoice as InvoiceRow
from billing.config import BillingSettings
from billing.domain.credit_note import CreditNote
from billing.domain.invoice import Invoice
from billing.domain.pricing import Rates


async def invoice(session: Session, principal: Principal, invoice_id: str) -> Invoice:
    """One invoice the caller may see (404 otherwise), with payments, refunds and credit notes."""
    row = await session.get(InvoiceRow, invoice_id)
    if row is None:
        raise NotFound("invoice not found / 发票不存在")
    principal.check_record(row.dealer_id, row.customer_id)
    [found] = await mapping.assemble(session, [row])
    return found


async def invoices(session: Session, principal: Principal, *, dealer_id: str | None,
                   order_id: str | None, status: str | None, customer_id: str | None,
                   limit: int, cursor: str | None) -> tuple[list[Invoice], str | None]:
    """A page of the caller's invoices (staff: their dealers; customers: their own)."""
    query = select(InvoiceRow)
    if principal.is_customer:
        query = query.where(InvoiceRow.customer_id == principal.customer_id)
    else:
        query = query.where(InvoiceRow.dealer_id.in_(principal.listable_dealers(dealer_id)))
    if order_id:
        query = query.where(InvoiceRow.order_id == order_id)
    if status:
        query = query.where(InvoiceRow.status == status)
    if customer_id:
        query = query.where(InvoiceRow.customer_id == customer_id)
    rows = (await session.execute(
        keyset(query, InvoiceRow.created_at, InvoiceRow.id, limit, cursor))).scalars().all()
    page, nxt = page_of(list(rows), limit)
    return await mapping.assemble(session, page), nxt


async def dealer_rates(session: Session, dealer_id: str,
                       settings: BillingSettings) -> tuple[Rates, bool]:
    """The rates invoices of this dealer use, and whether they are the dealer's own."""
    own = await session.get(DealerRate, dealer_id) is not None
    return await rates_of(session, dealer_id, settings), own


async def credit_notes(session: Session, principal: Principal, *, invoice_id: str | None,
                       order_id: str | None, dealer_id: str | None, limit: int,
                       cursor: str | None) -> tuple[list[tuple[Invoice, CreditNote]], str | None]:
    """A page of credit notes the caller may see, each with its invoice."""
    if invoice_id:
        await invoice(session, principal, invoice_id)  # 404 when out of scope
    query = select(CreditNoteRow).join(InvoiceRow, InvoiceRow.id == CreditNoteRow.invoice_id)
    if principal.is_customer:
        query = query.where(InvoiceRow.customer_id == principal.customer_id)
    else:
        query = query.where(InvoiceRow.dealer_id.in_(principal.listable_dealers(dealer_id)))
    if invoice_id:
        query = query.where(CreditNoteRow.invoice_id == invoice_id)
    if order_id:
        query = query.where(InvoiceRow.order_id == order_id)
    rows = (await session.execute(
        keyset(query, CreditNoteRow.issued_at, CreditNoteRow.id, limit, cursor))).scalars().all()
    page, nxt = page_of(list(rows), limit, "issued_at")
    invoice_rows = (await session.execute(
        select(InvoiceRow).where(InvoiceRow.id.in_({n.invoice_id for n in page})))).scalars().all()
    by_id = {i.id: i for i in await mapping.assemble(session, list(invoice_rows))}
    out = []
    for note_row in page:
        owner = by_id[note_row.invoice_id]
        out.append((owner, next(n for n in owner.credit_notes if n.id == note_row.id)))
    return out, nxt
