"""Event handlers: parts issued or returned, and the order passing QC, build and issue the invoice.

Parts and workshop events travel on different topics, so either may come first. Both
handlers take the order's lock row, record what they learned, then re-check the draft:
whichever event completes the picture issues the invoice, exactly once.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aftersales_common.clock import utcnow
from aftersales_common.messaging.envelope import CloudEvent
from aftersales_common.messaging.outbox import UnitOfWork
from billing import contracts as ev
from billing.adapters.repository import (
    BillingRepository,
    jobs_from_json,
    jobs_to_json,
    waiting_to_json,
)
from billing.adapters.tables import Invoice, PartMovementRow
from billing.config import BillingSettings
from billing.domain import settlement
from billing.domain.invoice import build_invoice
from billing.domain.settlement import InvoiceStatus
from billing.service.handlers import raise_invoice_event
from billing.service.readers import PartsMovedRead, QcPassedRead

log = logging.getLogger(__name__)
Handler = Callable[[UnitOfWork, CloudEvent], Awaitable[None]]


async def recheck_draft(*, uow: UnitOfWork, repo: BillingRepository, invoice: Invoice,
                        settings: BillingSettings) -> None:
    """Price the draft with the parts issued so far; issue it once nothing is missing."""
    rates = await repo.rates(invoice.dealer_id, settings)
    draft = build_invoice(jobs_from_json(invoice.jobs), await repo.movements(invoice.order_id), rates)
    await repo.replace_lines(invoice.id, draft.lines)
    invoice.labour_rate, invoice.vat_rate, invoice.currency = (
        rates.labour_rate, rates.vat_rate, rates.currency)
    invoice.subtotal, invoice.vat, invoice.total = draft.subtotal, draft.vat, draft.total
    invoice.warranty_amount, invoice.internal_amount = draft.warranty_amount, draft.internal_amount
    invoice.waiting_for = waiting_to_json(draft.waiting_for)
    if draft.complete:
        status = settlement.issue(InvoiceStatus(invoice.status), draft.total)
        invoice.status, invoice.issued_at, invoice.version = status.value, utcnow(), invoice.version + 1
        if status is InvoiceStatus.PAID:
            invoice.paid_at = invoice.issued_at  # warranty or internal only: nothing to collect
    uow.session.add(invoice)
    await uow.session.flush()
    if draft.complete:
        await raise_invoice_event(uow, invoice, ev.InvoiceIssued)
        if invoice.status == InvoiceStatus.PAID:
            await raise_invoice_event(uow, invoice, ev.InvoicePaid)


async def on_qc_passed(uow: UnitOfWork, event: CloudEvent, *, settings: BillingSettings) -> None:
    """Create the order's invoice (one per order); a repeat refreshes a draft's jobs only."""
    order = QcPassedRead.model_validate(event.data)
    repo = BillingRepository(uow.session)
    await repo.lock_order(order.order_id, order.dealer_id)
    jobs = jobs_to_json([j.to_domain() for j in order.jobs])
    invoice = await repo.invoice_for_order(order.order_id)
    if invoice is None:
        rates = await repo.rates(order.dealer_id, settings)
        invoice = Invoice(
            invoice_no=await repo.next_invoice_no(order.dealer_id, utcnow().year),
            order_id=order.order_id, order_no=order.order_no, dealer_id=order.dealer_id,
            customer_id=order.customer_id, vehicle_id=order.vehicle_id, vin=order.vin,
            plate=order.plate, currency=rates.currency, labour_rate=rates.labour_rate,
            vat_rate=rates.vat_rate, jobs=jobs,
        )
    elif invoice.status == InvoiceStatus.DRAFT:
        invoice.jobs = jobs
    else:
        log.info("order %s passed QC again; invoice %s is already %s", order.order_id,
                 invoice.invoice_no, invoice.status)
        return
    uow.session.add(invoice)
    await uow.session.flush()
    await recheck_draft(uow=uow, repo=repo, invoice=invoice, settings=settings)


async def on_parts_moved(uow: UnitOfWork, event: CloudEvent, *, settings: BillingSettings) -> None:
    """Record parts issued to (or returned from) a job; a waiting draft may now be complete."""
    moved = PartsMovedRead.model_validate(event.data)
    sign = -1 if event.type == "parts.returned" else 1
    repo = BillingRepository(uow.session)
    await repo.lock_order(moved.order_id, moved.dealer_id)
    repo.add_movements([
        PartMovementRow(order_id=moved.order_id, job_id=m.job_id, dealer_id=moved.dealer_id,
                        part_no=m.part_no, name=m.name, qty=m.qty, unit_price=m.unit_price,
                        event_id=event.id)
        for m in moved.movements(sign)
    ])
    invoice = await repo.invoice_for_order(moved.order_id)
    if invoice is None:
        return  # QC has not passed yet: the invoice will be built from these rows
    if invoice.status != InvoiceStatus.DRAFT:
        # An issued invoice is final; a later correction needs a credit note (not built yet).
        log.warning("%s for order %s after invoice %s was %s: not re-priced", event.type,
                    moved.order_id, invoice.invoice_no, invoice.status)
        return
    await recheck_draft(uow=uow, repo=repo, invoice=invoice, settings=settings)


def event_handlers(settings: BillingSettings) -> dict[str, Handler]:
    """The events billing consumes, bound to its settings."""

    async def qc_passed(uow: UnitOfWork, event: CloudEvent) -> None:
        await on_qc_passed(uow, event, settings=settings)

    async def parts_moved(uow: UnitOfWork, event: CloudEvent) -> None:
        await on_parts_moved(uow, event, settings=settings)

    return {"order.qc_passed": qc_passed, "parts.issued": parts_moved,
            "parts.returned": parts_moved}
