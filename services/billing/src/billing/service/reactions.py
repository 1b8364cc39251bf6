"""Reactions: the order passing QC and parts issued or returned build, issue and credit the invoice.

Parts and workshop events travel on different topics, so either may come first. Every
reaction takes the order's lock row and records what it learned; whichever event completes
the draft issues it, exactly once. No commit here: the consumer owns the unit of work.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from aftersales_common.clock import utcnow
from aftersales_common.messaging.envelope import CloudEvent
from aftersales_common.messaging.unit_of_work import UnitOfWork
from billing.adapters.repository import BillingRepository
from billing.config import BillingSettings
from billing.domain.invoice import Invoice
from billing.domain.numbering import Series, local_year
from billing.domain.pricing import PartMovement, job_of_return
from billing.readers import PartsIssuedRead, PartsReturnedRead, QcPassedRead

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
SYSTEM = "billing"  # the actor of what billing does on its own (credit notes from parts' returns)


async def issue_if_complete(repo: BillingRepository, invoice: Invoice, *, at: datetime,
                            settings: BillingSettings) -> None:
    """A complete draft is issued under the next number of the dealer's local year."""
    if not invoice.complete:
        return
    year = local_year(at, ZoneInfo(settings.default_timezone))
    invoice.issue(await repo.next_number(Series.INVOICE, invoice.dealer_id, year), at)


async def on_qc_passed(uow: UnitOfWork, data: QcPassedRead, event: CloudEvent, *,
                       settings: BillingSettings, now: Clock = utcnow) -> None:
    """Create the order's invoice (one per order); a repeat refreshes a draft's jobs only."""
    repo = BillingRepository(uow)
    await repo.lock_order(data.order_id, data.dealer_id)
    jobs = [j.to_domain() for j in data.jobs]
    rates = await repo.rates(data.dealer_id, settings)
    invoice = await repo.invoice_for_order(data.order_id)
    if invoice is None:
        invoice = Invoice.build_from_order(
            order_id=data.order_id, dealer_id=data.dealer_id, jobs=jobs,
            movements=await repo.movements(data.order_id), rates=rates, at=now(),
            order_no=data.order_no, customer_id=data.customer_id, vehicle_id=data.vehicle_id,
            vin=data.vin, plate=data.plate)
        repo.add(invoice)
    elif invoice.is_draft:
        invoice.refresh_jobs(jobs, rates)
    else:
        log.info("order %s passed QC again; invoice %s is already %s", data.order_id,
                 invoice.invoice_no, invoice.status)
        return
    await issue_if_complete(repo, invoice, at=now(), settings=settings)


async def on_parts_issued(uow: UnitOfWork, data: PartsIssuedRead, event: CloudEvent, *,
                          settings: BillingSettings, now: Clock = utcnow) -> None:
    """Parts issued to a job: recorded for the order; a waiting draft may now be complete."""
    repo = BillingRepository(uow)
    await repo.lock_order(data.order_id, data.dealer_id)
    invoice = await repo.invoice_for_order(data.order_id)  # before the ledger gains these lines
    moves = data.movements()
    repo.record_movements(data.order_id, data.dealer_id, moves, event.id)
    if invoice is None:
        return  # QC has not passed yet: the invoice will be built from the ledger
    if not invoice.is_draft:
        # An issued invoice is final; parts issued afterwards are not billed on it.
        log.warning("parts.issued for order %s after invoice %s was %s: not billed",
                    data.order_id, invoice.invoice_no, invoice.status)
        return
    invoice.add_issued_parts(moves, await repo.rates(data.dealer_id, settings))
    await issue_if_complete(repo, invoice, at=now(), settings=settings)


async def on_parts_returned(uow: UnitOfWork, data: PartsReturnedRead, event: CloudEvent, *,
                            settings: BillingSettings, now: Clock = utcnow) -> None:
    """Parts returned: they leave a draft; after issue they are credited by a credit note."""
    repo = BillingRepository(uow)
    await repo.lock_order(data.order_id, data.dealer_id)
    invoice = await repo.invoice_for_order(data.order_id)  # before the ledger gains these lines
    ledger = await repo.movements(data.order_id)
    moves = [PartMovement(r.job_id or job_of_return(r.part_no, ledger), r.part_no, r.name, -r.qty,
                          r.unit_price) for r in data.returned()]
    repo.record_movements(data.order_id, data.dealer_id, moves, event.id)
    if invoice is None:
        return
    if invoice.is_draft:
        invoice.remove_returned_parts(moves, await repo.rates(data.dealer_id, settings))
        await issue_if_complete(repo, invoice, at=now(), settings=settings)
        return
    if not invoice.creditable(data.returned()):
        log.info("parts.returned for order %s: nothing the customer paid for", data.order_id)
        return
    at = now()
    number = await repo.next_number(Series.CREDIT_NOTE, invoice.dealer_id,
                                    local_year(at, ZoneInfo(settings.default_timezone)))
    invoice.credit_returned_parts(data.returned(), number, by=SYSTEM, at=at)
