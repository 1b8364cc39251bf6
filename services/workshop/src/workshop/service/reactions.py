"""Reactions to other services' events; the consumer opens (and commits) the unit of work."""

from __future__ import annotations

import logging

from aftersales_common.clock import utcnow
from aftersales_common.messaging.envelope import CloudEvent
from aftersales_common.messaging.unit_of_work import UnitOfWork
from workshop import readers
from workshop.adapters.repository import OrderRepository, VehicleFiles
from workshop.config import WorkshopSettings
from workshop.domain.reception import CustomerFile, VehicleFile, normalise_plate
from workshop.domain.repair_order import RepairOrder
from workshop.service.handlers import open_order

log = logging.getLogger(__name__)


async def on_checked_in(uow: UnitOfWork, data: readers.AppointmentCheckedIn, event: CloudEvent,
                        *, settings: WorkshopSettings) -> None:
    """The car arrived: open its repair order, once per appointment; learn the vehicle if new."""
    vin, plate = data.vin.strip().upper(), normalise_plate(data.plate)
    files = VehicleFiles(uow.session)
    at = utcnow()
    if await files.customer(data.customer_id) is None:
        await files.put_customer(CustomerFile(data.customer_id, data.dealer_id, ""), at=at)
    if await files.vehicle(data.vehicle_id) is None:
        await files.put_vehicle(VehicleFile(data.vehicle_id, data.customer_id, data.dealer_id, vin,
                                            plate, data.model.strip()), at=at)
    if await OrderRepository(uow).has_appointment(data.appointment_id):
        return
    await open_order(uow=uow, settings=settings, dealer_id=data.dealer_id,
                     appointment_id=data.appointment_id, customer_id=data.customer_id,
                     vehicle_id=data.vehicle_id, vin=vin, plate=plate, model=data.model,
                     service_type=data.service_type, concern=data.concern,
                     arrived_at=data.checked_in_at,
                     by=f"{event.type}:{event.id}"[:120], at=at)


async def on_customer(uow: UnitOfWork, data: readers.CustomerFile, event: CloudEvent) -> None:
    """`customer.registered` / `customer.updated`: keep the customer file walk-ins are checked on."""
    await VehicleFiles(uow.session).put_customer(
        CustomerFile(data.customer_id, data.dealer_id, data.name), at=utcnow())


async def on_vehicle(uow: UnitOfWork, data: readers.VehicleFile, event: CloudEvent) -> None:
    """`vehicle.registered` / `vehicle.updated`: keep the vehicle file (owner, VIN, plate, model)."""
    await VehicleFiles(uow.session).put_vehicle(
        VehicleFile(data.vehicle_id, data.customer_id, data.dealer_id, data.vin.strip().upper(),
                    normalise_plate(data.plate), data.model.strip()), at=utcnow())


async def _order(uow: UnitOfWork, order_id: str, dealer_id: str,
                 event: CloudEvent) -> RepairOrder | None:
    """The order an event is about; None (skipped) when it is not one of ours."""
    order = await OrderRepository(uow).of_dealer(order_id, dealer_id)
    if order is None:
        log.info("workshop: %s %s names no repair order of dealer %s; skipped",
                 event.type, event.id, dealer_id)
    return order


async def on_parts_reserved(uow: UnitOfWork, data: readers.PartsReserved,
                            event: CloudEvent) -> None:
    """Stock is held for the order."""
    if order := await _order(uow, data.order_id, data.dealer_id, event):
        order.parts_reserved(lines=[(ln.part_no, ln.qty) for ln in data.lines], at=utcnow())


async def on_parts_shortage(uow: UnitOfWork, data: readers.PartsShortage,
                            event: CloudEvent) -> None:
    """A job waits for parts (缺件)."""
    if order := await _order(uow, data.order_id, data.dealer_id, event):
        order.parts_short(job_id=data.job_id, at=utcnow(), lines=[
            (ln.part_no, ln.qty_requested, ln.qty_short, ln.expected_date) for ln in data.lines])


async def on_parts_issued(uow: UnitOfWork, data: readers.PartsIssued, event: CloudEvent) -> None:
    """Parts handed to a job."""
    if order := await _order(uow, data.order_id, data.dealer_id, event):
        order.parts_issued(job_id=data.job_id, at=utcnow(),
                           lines=[(ln.part_no, ln.qty) for ln in data.lines])


async def on_invoice_paid(uow: UnitOfWork, data: readers.InvoicePaid, event: CloudEvent) -> None:
    """The bill is settled: the car may be delivered."""
    if order := await _order(uow, data.order_id, data.dealer_id, event):
        order.mark_paid(invoice_id=data.invoice_id, at=utcnow(), invoice_no=data.invoice_no,
                        total=data.total)


async def on_payment_refunded(uow: UnitOfWork, data: readers.PaymentRefunded,
                              event: CloudEvent) -> None:
    """A refund that leaves the invoice unsettled blocks delivery again until it is paid."""
    if data.invoice_settled:
        return
    if order := await _order(uow, data.order_id, data.dealer_id, event):
        order.mark_unpaid(invoice_id=data.invoice_id, at=utcnow())
