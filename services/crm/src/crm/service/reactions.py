"""Reactions to booking's and workshop's events: keep the callable list's files, schedule a
call per delivery. The consumer opens (and commits) the unit of work with the inbox row."""

from __future__ import annotations

from datetime import UTC, datetime

from aftersales_common.clock import utcnow
from aftersales_common.messaging.envelope import CloudEvent
from aftersales_common.messaging.unit_of_work import UnitOfWork
from crm.adapters.repository import CrmRepository
from crm.config import CrmSettings
from crm.domain.callable_list import Contact, Exclusion, Vehicle, exclusion_reason
from crm.domain.follow_up import Delivery, FollowUp
from crm.readers import CustomerFile, VehicleFile
from crm.readers import Delivery as DeliveryRead


def _time_of(event: CloudEvent) -> datetime:
    return event.time if event.time.tzinfo else event.time.replace(tzinfo=UTC)


async def on_customer(uow: UnitOfWork, data: CustomerFile, event: CloudEvent) -> None:
    """Upsert the customer's contact (registered and updated alike: either may come first)."""
    repo = CrmRepository(uow)
    at, prefs = _time_of(event), data.contact_preferences
    contact = await repo.contact(data.customer_id)
    if contact is not None and contact.is_newer_than(at):
        return
    if contact is None:
        contact = Contact(customer_id=data.customer_id, dealer_id=data.dealer_id, name=data.name,
                          phone=data.phone, callback_opt_out=prefs.callback_opt_out,
                          sms_opt_out=prefs.sms_opt_out, as_of=at)
        repo.add_contact(contact)
    contact.update(dealer_id=data.dealer_id, name=data.name, phone=data.phone,
                   callback_opt_out=prefs.callback_opt_out, sms_opt_out=prefs.sms_opt_out,
                   as_of=at)
    if contact.callback_opt_out:
        for task in await repo.uncalled(customer_id=contact.customer_id):
            task.exclude(Exclusion.CALLBACK_OPT_OUT)


async def on_vehicle(uow: UnitOfWork, data: VehicleFile, event: CloudEvent) -> None:
    """Upsert the vehicle's usage (company and staff cars are not called)."""
    repo = CrmRepository(uow)
    at = _time_of(event)
    vehicle = await repo.vehicle(data.vehicle_id)
    if vehicle is not None and vehicle.is_newer_than(at):
        return
    if vehicle is None:
        vehicle = Vehicle(vehicle_id=data.vehicle_id, dealer_id=data.dealer_id,
                          customer_id=data.customer_id, vin=data.vin, plate=data.plate,
                          model=data.model, usage=data.usage, as_of=at)
        repo.add_vehicle(vehicle)
    vehicle.update(dealer_id=data.dealer_id, customer_id=data.customer_id, vin=data.vin,
                   plate=data.plate, model=data.model, usage=data.usage, as_of=at)
    if vehicle.exclusion:
        for task in await repo.uncalled(vehicle_id=vehicle.vehicle_id):
            task.exclude(vehicle.exclusion)


async def on_vehicle_delivered(uow: UnitOfWork, data: DeliveryRead, event: CloudEvent, *,
                               settings: CrmSettings) -> None:
    """One follow-up task per delivered order (a re-published delivery changes nothing)."""
    repo = CrmRepository(uow)
    if await repo.has_follow_up_for_order(data.order_id):
        return
    vehicle = await repo.vehicle(data.vehicle_id)
    contact = await repo.contact(data.customer_id)
    # Files not seen yet (another topic): schedule the call, callable until they say otherwise.
    reason = exclusion_reason(vehicle.usage if vehicle else None,
                              contact.callback_opt_out if contact else False)
    delivery = Delivery(order_id=data.order_id, order_no=data.order_no, dealer_id=data.dealer_id,
                        vehicle_id=data.vehicle_id, customer_id=data.customer_id,
                        delivered_at=data.delivered_at, odometer_km=data.odometer_km)
    repo.add_follow_up(FollowUp.schedule(delivery, exclusion=reason,
                                         follow_up_days=settings.follow_up_days,
                                         timezone=settings.default_timezone, at=utcnow()))
