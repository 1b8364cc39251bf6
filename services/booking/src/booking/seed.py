"""Demo data for the embedded mode: the demo dealers' calendars and the demo customers."""

from __future__ import annotations

from aftersales_common.auth.demo import (
    DEMO_CUSTOMER_ID,
    DEMO_DEALER_ID,
    OTHER_CUSTOMER_ID,
    OTHER_DEALER_ID,
)
from aftersales_common.clock import utcnow
from aftersales_common.errors import NotFound
from aftersales_common.runtime import ServiceRuntime
from booking.adapters.repository import BookingRepository
from booking.adapters.tables import DealerCalendar
from booking.domain.customer import Customer
from booking.domain.vehicle import Vehicle

DEMO_VEHICLE_ID = "e0000000-0000-4000-8000-000000000001"
OTHER_VEHICLE_ID = "e0000000-0000-4000-8000-000000000002"

DEMO_FILES = [
    (DEMO_CUSTOMER_ID, DEMO_DEALER_ID, "张伟 Zhang Wei", "+8613800138000",
     DEMO_VEHICLE_ID, "LSVAU2180N2183294", "沪A12345", "VW Lavida"),
    (OTHER_CUSTOMER_ID, DEMO_DEALER_ID, "李娜 Li Na", "+8613900139000",
     OTHER_VEHICLE_ID, "LFV2A21K8G4052731", "沪B67890", "Audi A4L"),
]


async def seed_demo(runtime: ServiceRuntime) -> None:
    """Insert the demo rows once (idempotent: existing rows are left alone)."""
    async with runtime.uow() as uow:
        for dealer_id in (DEMO_DEALER_ID, OTHER_DEALER_ID):
            if await uow.session.get(DealerCalendar, dealer_id) is None:
                uow.session.add(DealerCalendar(dealer_id=dealer_id))
        repo, now = BookingRepository(uow), utcnow()
        for cid, dealer, name, phone, vid, vin, plate, model in DEMO_FILES:
            try:
                customer = await repo.customer(cid)
            except NotFound:
                customer = Customer.register(
                    id=cid, dealer_id=dealer, name=name, phone=phone, email=None,
                    callback_opt_out=False, sms_opt_out=False, preferred_channel="phone",
                    by="seed", at=now)
                repo.add_customer(customer)
            if await repo.vehicle_id_with_vin(dealer, vin) is None:
                repo.add_vehicle(Vehicle.register(
                    id=vid, customer=customer, dealer_id=dealer, vin=vin, plate=plate,
                    model=model, usage="private", mileage_km=None, by="seed", at=now))
