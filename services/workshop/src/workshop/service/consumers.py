"""Reactions to other services' events. They never commit: the consumer adds the inbox row."""

from __future__ import annotations

import logging
from collections.abc import Callable
from decimal import Decimal
from functools import partial

from aftersales_common.clock import utcnow
from aftersales_common.messaging.envelope import CloudEvent
from aftersales_common.messaging.inbox import EventHandler
from aftersales_common.messaging.outbox import UnitOfWork
from workshop.adapters.repository import WorkshopRepository
from workshop.adapters.tables import Job, PartsStatus, RepairOrder
from workshop.config import WorkshopSettings
from workshop.domain.supply import PartSupply
from workshop.domain.values import normalise_part_no
from workshop.service import readers
from workshop.service.handlers import open_order

log = logging.getLogger(__name__)


def event_handlers(settings: WorkshopSettings) -> dict[str, EventHandler]:
    """The events workshop reads, by type."""

    async def on_checked_in(uow: UnitOfWork, event: CloudEvent) -> None:
        """The car arrived: open its repair order, once per appointment."""
        data = readers.AppointmentCheckedIn.model_validate(event.data)
        if await WorkshopRepository(uow.session).order_of_appointment(data.appointment_id):
            return
        await open_order(uow, settings=settings, dealer_id=data.dealer_id,
                         appointment_id=data.appointment_id, customer_id=data.customer_id,
                         vehicle_id=data.vehicle_id, vin=data.vin.strip().upper(),
                         plate=data.plate, model=data.model, service_type=data.service_type,
                         concern=data.concern, opened_by=f"{event.type}:{event.id}"[:120])

    return {
        "appointment.checked_in": on_checked_in,
        "parts.reserved": on_parts_reserved,
        "parts.shortage": on_parts_shortage,
        "parts.issued": on_parts_issued,
        "invoice.paid": on_invoice_paid,
    }


async def _order(uow: UnitOfWork, order_id: str | None, dealer_id: str,
                 event: CloudEvent) -> RepairOrder | None:
    """The order an event is about; None (skipped) when it is not one of ours."""
    order = await WorkshopRepository(uow.session).order_unscoped(order_id) if order_id else None
    if order is None or order.dealer_id != dealer_id:
        log.info("workshop: %s %s names no repair order of dealer %s; skipped",
                 event.type, event.id, dealer_id)
        return None
    return order


async def _update_supply(uow: UnitOfWork, order: RepairOrder, part_no: str,
                         change: Callable[[PartSupply], None]) -> None:
    repo = WorkshopRepository(uow.session)
    row, state = await repo.supply(order.id, normalise_part_no(part_no))
    change(state)
    _store(row, state)
    uow.session.add(row)


def _store(row: PartsStatus, state: PartSupply) -> None:
    row.held, row.issued, row.short = state.held, state.issued, state.short
    row.awaiting_initial, row.expected_date = state.awaiting_initial, state.expected_date
    row.short_by_job = {j: str(q) for j, q in state.short_by_job.items()}
    row.status, row.updated_at = state.status, utcnow()


async def _refresh_waiting(uow: UnitOfWork, order: RepairOrder) -> None:
    order.waiting_parts = await WorkshopRepository(uow.session).any_short(order.id)
    order.updated_at = utcnow()
    uow.session.add(order)


async def on_parts_reserved(uow: UnitOfWork, event: CloudEvent) -> None:
    """Stock is held for the order (at signing, or arriving goods filling a shortage)."""
    data = readers.PartsReserved.model_validate(event.data)
    order = await _order(uow, data.order_id, data.dealer_id, event)
    if order is None:
        return
    for line in data.lines:
        await _update_supply(uow, order, line.part_no, partial(PartSupply.reserved, qty=line.qty))
    await _refresh_waiting(uow, order)


async def on_parts_shortage(uow: UnitOfWork, event: CloudEvent) -> None:
    """A job waits for parts (缺件): the board shows the car red until they come."""
    data = readers.PartsShortage.model_validate(event.data)
    order = await _order(uow, data.order_id, data.dealer_id, event)
    if order is None:
        return
    job = await uow.session.get(Job, data.job_id) if data.job_id else None
    before_work = job is None or job.started_at is None
    for line in data.lines:
        def change(s: PartSupply, ln: readers.ShortLine = line) -> None:
            s.shortage(data.job_id or "", Decimal(ln.qty_requested), Decimal(ln.qty_short),
                       ln.expected_date, before_work=before_work)
        await _update_supply(uow, order, line.part_no, change)
    await _refresh_waiting(uow, order)


async def on_parts_issued(uow: UnitOfWork, event: CloudEvent) -> None:
    """Parts handed to a job."""
    data = readers.PartsIssued.model_validate(event.data)
    order = await _order(uow, data.order_id, data.dealer_id, event)
    if order is None:
        return
    for line in data.lines:
        await _update_supply(uow, order, line.part_no,
                             partial(PartSupply.issued_to, job_id=data.job_id, qty=line.qty))
    await _refresh_waiting(uow, order)


async def on_invoice_paid(uow: UnitOfWork, event: CloudEvent) -> None:
    """The bill is settled: the car may be delivered."""
    data = readers.InvoicePaid.model_validate(event.data)
    order = await _order(uow, data.order_id, data.dealer_id, event)
    if order is None:
        return
    order.paid, order.paid_at, order.invoice_id = True, utcnow(), data.invoice_id
    order.updated_at = utcnow()
    uow.session.add(order)
