"""Event handlers: keep the callable list's projections and schedule a call per delivery.

Handlers never commit: the consumer adds the inbox row and commits both together.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from aftersales_common.messaging.envelope import CloudEvent
from aftersales_common.messaging.outbox import UnitOfWork
from crm import contracts as ev
from crm.adapters.repository import CrmRepository
from crm.adapters.tables import CallbackTask, CustomerContact, VehicleUsage
from crm.config import CrmSettings
from crm.domain.follow_up import TaskStatus, exclusion_reason, schedule
from crm.service.publishing import raise_callback
from crm.service.readers import CustomerFile, Delivery, VehicleFile

Handler = Callable[[UnitOfWork, CloudEvent], Awaitable[None]]


def _stale(stored_as_of: datetime | None, event: CloudEvent) -> bool:
    """A replayed older event must not overwrite newer contact data."""
    return stored_as_of is not None and stored_as_of > _time_of(event)


def _time_of(event: CloudEvent) -> datetime:
    return event.time if event.time.tzinfo else event.time.replace(tzinfo=UTC)


async def on_customer(uow: UnitOfWork, event: CloudEvent) -> None:
    """Upsert the customer's contact (registered and updated alike: either may come first)."""
    data = CustomerFile.model_validate(event.data)
    repo = CrmRepository(uow.session)
    row = await repo.contact(data.customer_id)
    if row is not None and _stale(row.as_of, event):
        return
    row = row or CustomerContact(id=data.customer_id, dealer_id=data.dealer_id, name=data.name,
                                 phone=data.phone, as_of=_time_of(event))
    row.dealer_id, row.name, row.phone = data.dealer_id, data.name, data.phone
    row.callback_opt_out = data.contact_preferences.callback_opt_out
    row.sms_opt_out = data.contact_preferences.sms_opt_out
    row.as_of = _time_of(event)
    uow.session.add(row)
    if row.callback_opt_out:
        await _exclude_uncalled(repo, exclusion_reason(None, True), customer_id=row.id)


async def on_vehicle(uow: UnitOfWork, event: CloudEvent) -> None:
    """Upsert the vehicle's usage (company and staff cars are not called)."""
    data = VehicleFile.model_validate(event.data)
    repo = CrmRepository(uow.session)
    row = await repo.vehicle(data.vehicle_id)
    if row is not None and _stale(row.as_of, event):
        return
    row = row or VehicleUsage(id=data.vehicle_id, dealer_id=data.dealer_id,
                              customer_id=data.customer_id, vin=data.vin, plate=data.plate,
                              model=data.model, as_of=_time_of(event))
    row.dealer_id, row.customer_id = data.dealer_id, data.customer_id
    row.vin, row.plate, row.model, row.usage = data.vin, data.plate, data.model, data.usage
    row.as_of = _time_of(event)
    uow.session.add(row)
    reason = exclusion_reason(row.usage, False)
    if reason:
        await _exclude_uncalled(repo, reason, vehicle_id=row.id)


async def _exclude_uncalled(repo: CrmRepository, reason: str | None, **whose: str) -> None:
    """A customer who opts out (or a car that turns out to be a company car) is not called."""
    for task in await repo.uncalled_tasks(**whose):
        task.status, task.excluded_reason = TaskStatus.EXCLUDED, reason
        repo.session.add(task)


def on_vehicle_delivered(settings: CrmSettings) -> Handler:
    """Handler of `vehicle.delivered`: one follow-up task per order (idempotent)."""

    async def handle(uow: UnitOfWork, event: CloudEvent) -> None:
        data = Delivery.model_validate(event.data)
        repo = CrmRepository(uow.session)
        if await repo.task_for_order(data.order_id):
            return
        vehicle = await repo.vehicle(data.vehicle_id)
        contact = await repo.contact(data.customer_id)
        # Projections not seen yet (another topic): schedule the call anyway, callable by default.
        reason = exclusion_reason(vehicle.usage if vehicle else None,
                                  contact.callback_opt_out if contact else False)
        when = schedule(data.delivered_at, follow_up_days=settings.follow_up_days,
                        timezone=settings.default_timezone)
        task = CallbackTask(
            dealer_id=data.dealer_id, order_id=data.order_id, order_no=data.order_no,
            customer_id=data.customer_id, vehicle_id=data.vehicle_id,
            delivered_at=data.delivered_at, odometer_km=data.odometer_km,
            callable_from=when.callable_from, due_at=when.due_at,
            status=TaskStatus.EXCLUDED if reason else TaskStatus.OPEN, excluded_reason=reason,
        )
        uow.session.add(task)
        if reason is None:
            await raise_callback(uow, task, ev.CallbackScheduled)

    return handle


def event_handlers(settings: CrmSettings) -> dict[str, Handler]:
    """Event type -> handler, for the runtime's consumer."""
    return {
        "customer.registered": on_customer,
        "customer.updated": on_customer,
        "vehicle.registered": on_vehicle,
        "vehicle.updated": on_vehicle,
        "vehicle.delivered": on_vehicle_delivered(settings),
    }
