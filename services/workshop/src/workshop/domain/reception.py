"""Reception of a walk-in: the customer and vehicle files booking keeps, as workshop knows them."""

from __future__ import annotations

from dataclasses import dataclass

from aftersales_common.errors import InvalidInput
from workshop.domain.values import normalise_vin


def refuse_field(field: str, detail: str, *, code: str) -> InvalidInput:
    """A 422 about one named input field (the problem's `errors` names it)."""
    return InvalidInput(f"{field}: {detail}", code=code, field=field)


@dataclass(frozen=True)
class CustomerFile:
    """A customer as booking registered them (projection of `customer.*`)."""

    customer_id: str
    dealer_id: str
    name: str


@dataclass(frozen=True)
class VehicleFile:
    """A vehicle as booking registered it (projection of `vehicle.*` and check-ins)."""

    vehicle_id: str
    customer_id: str
    dealer_id: str
    vin: str
    plate: str
    model: str


def normalise_plate(raw: str) -> str:
    """Plates are compared upper-case without surrounding blanks."""
    return raw.strip().upper()


def verify_walk_in(*, dealer_id: str, customer_id: str, vehicle_id: str,
                   customer: CustomerFile | None, vehicle: VehicleFile | None,
                   vin: str | None, plate: str | None, model: str | None) -> VehicleFile:
    """The vehicle file to open a walk-in order on; 422 naming the field that does not fit.

    The files come from booking; a walk-in may only be opened for a customer and a
    vehicle booking knows, of this dealer, the vehicle being that customer's.
    """
    if customer is None or customer.dealer_id != dealer_id:
        raise refuse_field("customer_id", "no such customer at this dealer / 该经销商无此客户",
                           code="unknown-customer")
    if vehicle is None or vehicle.dealer_id != dealer_id:
        raise refuse_field("vehicle_id", "no such vehicle at this dealer / 该经销商无此车辆",
                           code="unknown-vehicle")
    if vehicle.customer_id != customer_id:
        raise refuse_field("vehicle_id", "the vehicle is not this customer's / 该车辆不属于此客户",
                           code="vehicle-of-another-customer")
    given = {"vin": normalise_vin(vin) if vin else None,
             "plate": normalise_plate(plate) if plate else None,
             "model": model.strip() if model else None}
    for name, value in given.items():
        if value is not None and value.casefold() != getattr(vehicle, name).casefold():
            raise refuse_field(name, f"differs from the vehicle file ({getattr(vehicle, name)}) / "
                               "与车辆档案不符", code="vehicle-file-mismatch")
    return vehicle
