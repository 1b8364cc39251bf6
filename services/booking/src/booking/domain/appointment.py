"""The appointment (预约): a car booked into a slot, and what may happen to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from aftersales_common.clock import new_id
from aftersales_common.domain import Aggregate, Transitions
from aftersales_common.errors import InvalidInput
from booking.domain import events as ev
from booking.domain.customer import Customer
from booking.domain.values import (
    AppointmentStatus,
    Channel,
    InitiatedBy,
    Lane,
    ServiceType,
    initiated_by,
    lane_of,
    service_type_of,
)
from booking.domain.vehicle import Vehicle

E = TypeVar("E", bound=ev.AppointmentChanged)

BOOKED, CHECKED_IN = AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN
CANCELLED, NO_SHOW = AppointmentStatus.CANCELLED, AppointmentStatus.NO_SHOW

_WORDS = {
    BOOKED: "booked / 已预约",
    CHECKED_IN: "already checked in / 预约已到店登记",
    CANCELLED: "cancelled / 预约已取消",
    NO_SHOW: "marked as no-show / 预约已标记为未到店",
}

# Only a booked appointment moves; checked-in, cancelled and no-show are final.
TRANSITIONS: Transitions[AppointmentStatus] = Transitions.of(
    [
        ([BOOKED], "check_in", CHECKED_IN),
        ([BOOKED], "cancel", CANCELLED),
        ([BOOKED], "mark_no_show", NO_SHOW),
        ([BOOKED], "reschedule", BOOKED),
    ],
    describe=_WORDS.__getitem__,
)


@dataclass(frozen=True)
class VehicleOnFile:
    """The booked car as the appointment register (预约登记表) shows it."""

    id: str
    vin: str
    plate: str
    model: str


@dataclass
class Appointment(Aggregate):
    """One booked visit. The place it holds in its slot is the `SlotCapacity`'s business."""

    id: str
    dealer_id: str
    customer_id: str
    vehicle: VehicleOnFile
    start: datetime
    end: datetime
    service_type: ServiceType
    concern: str
    channel: Channel
    booked_by: str
    created_at: datetime
    status: AppointmentStatus = BOOKED
    checked_in_at: datetime | None = None

    @property
    def vehicle_id(self) -> str:
        """The booked car's id."""
        return self.vehicle.id

    @property
    def lane(self) -> Lane:
        """The lane whose capacity the appointment uses."""
        return lane_of(self.service_type)

    @property
    def initiated_by(self) -> InitiatedBy:
        """Who took the initiative, as the channel says."""
        return initiated_by(self.channel)

    @classmethod
    def book(cls, *, customer: Customer, vehicle: Vehicle, start: datetime, end: datetime,
             service_type: str, concern: str, channel: Channel, by: str, at: datetime
             ) -> Appointment:
        """Book the customer's car into the slot [start, end); records `AppointmentBooked`."""
        if vehicle.customer_id != customer.id:
            raise InvalidInput("the vehicle does not belong to this customer / 车辆不属于该客户")
        appointment = cls(
            id=new_id(), dealer_id=customer.dealer_id, customer_id=customer.id,
            vehicle=VehicleOnFile(vehicle.id, vehicle.vin, vehicle.plate, vehicle.model),
            start=start, end=end, service_type=service_type_of(service_type), concern=concern,
            channel=channel, booked_by=by, created_at=at,
        )
        appointment.record(appointment._event(ev.AppointmentBooked, by, at))
        return appointment

    def check_in(self, *, by: str, at: datetime) -> None:
        """The car has arrived."""
        self.status = TRANSITIONS.next(self.status, "check_in")
        self.checked_in_at = at
        self.record(self._event(ev.AppointmentCheckedIn, by, at))

    def cancel(self, *, by: str, at: datetime, reason: str | None) -> None:
        """Cancelled by the customer or the dealer."""
        self.status = TRANSITIONS.next(self.status, "cancel")
        self.record(self._event(ev.AppointmentCancelled, by, at, reason=reason))

    def mark_no_show(self, *, by: str, at: datetime, reason: str | None) -> None:
        """The customer did not come (the slot has passed: its place is not given back)."""
        self.status = TRANSITIONS.next(self.status, "mark_no_show")
        self.record(self._event(ev.AppointmentMarkedNoShow, by, at, reason=reason))

    def reschedule(self, *, to_start: datetime, to_end: datetime, by: str, at: datetime,
                   reason: str | None) -> bool:
        """Move to another slot; False (and nothing recorded) when it is the same slot."""
        self.status = TRANSITIONS.next(self.status, "reschedule")
        if to_start == self.start:
            return False
        previous = self.start
        self.start, self.end = to_start, to_end
        self.record(self._event(ev.AppointmentRescheduled, by, at, reason=reason,
                                previous_start=previous))
        return True

    def _event(self, kind: type[E], by: str, at: datetime, **extra: Any) -> E:
        return kind(appointment_id=self.id, dealer_id=self.dealer_id,
                    customer_id=self.customer_id, vehicle_id=self.vehicle.id,
                    vin=self.vehicle.vin, plate=self.vehicle.plate, model=self.vehicle.model,
                    start=self.start, end=self.end, service_type=self.service_type,
                    concern=self.concern, status=self.status, channel=self.channel,
                    initiated_by=self.initiated_by, by=by, at=at, **extra)
