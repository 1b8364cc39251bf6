"""A customer's vehicle: what identifies it and what its last service left behind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from aftersales_common.clock import new_id
from aftersales_common.domain import Aggregate
from aftersales_common.errors import Conflict, InvalidInput
from booking.domain import events as ev
from booking.domain.customer import Customer
from booking.domain.values import Usage, normalise_plate, normalise_vin

E = TypeVar("E", bound=ev.VehicleFileChanged)


class DuplicateVehicle(Conflict):
    """One vehicle per VIN and dealer (409)."""

    code = "duplicate-vehicle"

    def __init__(self) -> None:
        super().__init__("a vehicle with this VIN exists / 该车架号已登记")


@dataclass
class Vehicle(Aggregate):
    """A vehicle in a customer's file; its VIN is unique per dealer."""

    id: str
    dealer_id: str
    customer_id: str
    vin: str
    plate: str
    model: str
    created_at: datetime
    usage: Usage = Usage.PRIVATE
    mileage_km: int | None = None
    last_service_at: datetime | None = None

    @classmethod
    def register(cls, *, customer: Customer, dealer_id: str, vin: str, plate: str, model: str,
                 usage: str, mileage_km: int | None, by: str, at: datetime,
                 id: str | None = None) -> Vehicle:
        """Add a vehicle to the customer's file; records `VehicleRegistered`."""
        if customer.dealer_id != dealer_id:
            raise InvalidInput("the customer belongs to another dealer / 客户属于其他经销商")
        try:
            kind = Usage(usage)
        except ValueError:
            raise InvalidInput(f"usage must be one of {', '.join(u.value for u in Usage)}") from None
        vehicle = cls(id=id or new_id(), dealer_id=dealer_id, customer_id=customer.id,
                      vin=normalise_vin(vin), plate=normalise_plate(plate), model=model.strip(),
                      created_at=at, usage=kind, mileage_km=mileage_km)
        vehicle.record(vehicle._event(ev.VehicleRegistered, by, at))
        return vehicle

    def record_service(self, *, delivered_at: datetime, odometer_km: int | None, by: str) -> bool:
        """A service was delivered: remember when, and the mileage if the odometer shows more.

        Deliveries may arrive late or out of order, so neither date nor mileage goes back.
        Records `VehicleUpdated` and returns True only when something changed.
        """
        changed = False
        if self.last_service_at is None or delivered_at > self.last_service_at:
            self.last_service_at, changed = delivered_at, True
        if odometer_km is not None and (self.mileage_km is None or odometer_km > self.mileage_km):
            self.mileage_km, changed = odometer_km, True
        if changed:
            self.record(self._event(ev.VehicleUpdated, by, delivered_at))
        return changed

    def _event(self, kind: type[E], by: str, at: datetime) -> E:
        return kind(vehicle_id=self.id, customer_id=self.customer_id, dealer_id=self.dealer_id,
                    vin=self.vin, plate=self.plate, model=self.model, usage=self.usage,
                    mileage_km=self.mileage_km, last_service_at=self.last_service_at,
                    by=by, at=at)
