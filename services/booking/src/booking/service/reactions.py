"""Booking's reactions to other services' events, called by the consumer in its unit of work.

Same rules as the handlers: load the aggregate, call its method, never commit.
"""

from __future__ import annotations

from aftersales_common.errors import NotFound
from aftersales_common.messaging.envelope import CloudEvent
from aftersales_common.messaging.inbox import PoisonEvent
from aftersales_common.messaging.unit_of_work import UnitOfWork
from booking.adapters.repository import BookingRepository
from booking.readers import VehicleDelivered


async def on_vehicle_delivered(uow: UnitOfWork, data: VehicleDelivered, event: CloudEvent) -> None:
    """A serviced car was delivered: its last service date and mileage move forward."""
    try:
        vehicle = await BookingRepository(uow).vehicle(data.vehicle_id)
    except NotFound:
        vehicle = None
    # Every vehicle the workshop knows was registered here first: a delivery that does not
    # match the file would not match on a retry either, so it goes to the dead letters.
    if (vehicle is None or vehicle.dealer_id != data.dealer_id
            or vehicle.customer_id != data.customer_id):
        raise PoisonEvent(f"{event.type} {event.id}: vehicle {data.vehicle_id} of customer "
                          f"{data.customer_id} at dealer {data.dealer_id} is not on file")
    vehicle.record_service(delivered_at=data.delivered_at, odometer_km=data.odometer_km,
                           by=event.source)
