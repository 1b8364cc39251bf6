"""What booking reads from other services' events: only the fields it uses (tolerant reader)."""

from __future__ import annotations

from pydantic import AwareDatetime, BaseModel, ConfigDict


class VehicleDelivered(BaseModel):
    """workshop `vehicle.delivered` v1: the car left after its service."""

    model_config = ConfigDict(extra="ignore")

    order_id: str
    dealer_id: str
    vehicle_id: str
    customer_id: str
    delivered_at: AwareDatetime
    odometer_km: int | None = None
