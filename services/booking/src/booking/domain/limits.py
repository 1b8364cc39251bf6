"""How many appointments one customer may hold open: no one books a whole day for one car.

An appointment is open while it is booked and has not started. A customer may hold at most
`limit` open appointments (`MAX_OPEN_APPOINTMENTS_PER_CUSTOMER`), and a vehicle at most one
per local day of the dealer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from aftersales_common.errors import Conflict


@dataclass(frozen=True)
class OpenAppointment:
    """A booked appointment of the customer that has not started yet."""

    id: str
    vehicle_id: str
    start: datetime


class TooManyOpenAppointments(Conflict):
    code = "too-many-open-appointments"

    def __init__(self, limit: int) -> None:
        super().__init__(f"the customer already holds {limit} open appointments, the most "
                         f"allowed; cancel or keep one first / 该客户已有 {limit} 个未到期预约")


class VehicleAlreadyBooked(Conflict):
    code = "vehicle-already-booked"

    def __init__(self) -> None:
        super().__init__("this vehicle already has an appointment that day; reschedule it "
                         "instead / 该车当天已有预约", field="vehicle_id")


def check_open_appointments(open_: list[OpenAppointment], *, vehicle_id: str, start: datetime,
                            timezone: str, limit: int, moving: str | None = None) -> None:
    """Refuse a booking (or the move of appointment `moving`) that breaks either limit."""
    others = [a for a in open_ if a.id != moving]
    if moving is None and len(others) >= limit:
        raise TooManyOpenAppointments(limit)
    zone = ZoneInfo(timezone)
    day = start.astimezone(zone).date()
    if any(a.vehicle_id == vehicle_id and a.start.astimezone(zone).date() == day
           for a in others):
        raise VehicleAlreadyBooked()
