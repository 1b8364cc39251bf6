"""Who may be called: the local files of booking's customers and vehicles, and the exclusions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from aftersales_common.domain import Aggregate


class Usage(StrEnum):
    """What a vehicle is used for (booking's vocabulary; staff cars are crm's own)."""

    PRIVATE = "private"
    COMPANY = "company"
    STAFF = "staff"


class Exclusion(StrEnum):
    """Why a delivery is left off the callable list (domain.md §8)."""

    COMPANY_CAR = "company_car"
    STAFF_CAR = "staff_car"
    CALLBACK_OPT_OUT = "callback_opt_out"


def exclusion_reason(usage: str | None, callback_opt_out: bool) -> Exclusion | None:
    """Company and staff cars and customers who asked not to be called are not called."""
    if usage == Usage.COMPANY:
        return Exclusion.COMPANY_CAR
    if usage == Usage.STAFF:
        return Exclusion.STAFF_CAR
    if callback_opt_out:
        return Exclusion.CALLBACK_OPT_OUT
    return None


@dataclass(eq=False)
class Contact(Aggregate):
    """Booking's customer as crm keeps it: whom to call, on which number, with what consent."""

    customer_id: str
    dealer_id: str
    name: str
    phone: str
    callback_opt_out: bool
    sms_opt_out: bool
    as_of: datetime

    def is_newer_than(self, at: datetime) -> bool:
        """A replayed older event must not overwrite newer contact data."""
        return self.as_of > at

    def update(self, *, dealer_id: str, name: str, phone: str, callback_opt_out: bool,
               sms_opt_out: bool, as_of: datetime) -> None:
        """Take the file as published at `as_of`."""
        self.dealer_id, self.name, self.phone = dealer_id, name, phone
        self.callback_opt_out, self.sms_opt_out, self.as_of = callback_opt_out, sms_opt_out, as_of


@dataclass(eq=False)
class Vehicle(Aggregate):
    """Booking's vehicle as crm keeps it: company and staff cars are not called."""

    vehicle_id: str
    dealer_id: str
    customer_id: str
    vin: str
    plate: str
    model: str
    usage: Usage
    as_of: datetime

    def is_newer_than(self, at: datetime) -> bool:
        """A replayed older event must not overwrite newer vehicle data."""
        return self.as_of > at

    def update(self, *, dealer_id: str, customer_id: str, vin: str, plate: str, model: str,
               usage: Usage, as_of: datetime) -> None:
        """Take the file as published at `as_of`."""
        self.dealer_id, self.customer_id = dealer_id, customer_id
        self.vin, self.plate, self.model, self.usage, self.as_of = vin, plate, model, usage, as_of

    @property
    def exclusion(self) -> Exclusion | None:
        """Why this car's deliveries are not called, if they are not."""
        return exclusion_reason(self.usage, False)
