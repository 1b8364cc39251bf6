"""Demo data for the embedded mode: the demo dealer's calendar and the demo customers."""

from __future__ import annotations

from aftersales_common.auth.demo import (
    DEMO_CUSTOMER_ID,
    DEMO_DEALER_ID,
    OTHER_CUSTOMER_ID,
    OTHER_DEALER_ID,
)
from aftersales_common.runtime import ServiceRuntime
from booking.adapters.tables import Customer, DealerCalendar, Vehicle
from booking.service.handlers import announce_customer, announce_vehicle

DEMO_VEHICLE_ID = "e0000000-0000-4000-8000-000000000001"
OTHER_VEHICLE_ID = "e0000000-0000-4000-8000-000000000002"


async def seed_demo(runtime: ServiceRuntime) -> None:
    """Insert the demo rows once (idempotent: existing rows are left alone)."""
    async with runtime.uow() as uow:
        s = uow.session
        for dealer_id in (DEMO_DEALER_ID, OTHER_DEALER_ID):
            if await s.get(DealerCalendar, dealer_id) is None:
                s.add(DealerCalendar(dealer_id=dealer_id))
        demo = [
            (DEMO_CUSTOMER_ID, DEMO_DEALER_ID, "张伟 Zhang Wei", "+8613800138000",
             DEMO_VEHICLE_ID, "LSVAU2180N2183294", "沪A12345", "VW Lavida"),
            (OTHER_CUSTOMER_ID, DEMO_DEALER_ID, "李娜 Li Na", "+8613900139000",
             OTHER_VEHICLE_ID, "LFV2A21K8G4052731", "沪B67890", "Audi A4L"),
        ]
        for cid, dealer, name, phone, vid, vin, plate, model in demo:
            if await s.get(Customer, cid) is None:
                customer = Customer(id=cid, dealer_id=dealer, name=name, phone=phone)
                s.add(customer)
                await s.flush()
                await announce_customer(uow, customer)
            if await s.get(Vehicle, vid) is None:
                vehicle = Vehicle(id=vid, dealer_id=dealer, customer_id=cid, vin=vin,
                                  plate=plate, model=model)
                s.add(vehicle)
                await announce_vehicle(uow, vehicle)
        await uow.commit()
