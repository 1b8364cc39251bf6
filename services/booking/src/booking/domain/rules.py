"""Customers, vehicles and the appointment life cycle."""

from __future__ import annotations

import re
from enum import StrEnum

import phonenumbers

from aftersales_common.errors import Conflict, InvalidInput

VIN_RE = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")
SERVICE_TYPES = ("maintenance", "repair", "warranty", "campaign", "quick")
USAGES = ("private", "company", "staff")


class AppointmentStatus(StrEnum):
    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


_ALLOWED: dict[str, set[AppointmentStatus]] = {
    "check_in": {AppointmentStatus.BOOKED},
    "cancel": {AppointmentStatus.BOOKED},
    "no_show": {AppointmentStatus.BOOKED},
    "reschedule": {AppointmentStatus.BOOKED},
}

_MESSAGES = {
    AppointmentStatus.CHECKED_IN: "the appointment is already checked in / 预约已到店登记",
    AppointmentStatus.CANCELLED: "the appointment is cancelled / 预约已取消",
    AppointmentStatus.NO_SHOW: "the appointment was marked as no-show / 预约已标记为未到店",
}


def transition(current: str, action: str) -> AppointmentStatus:
    """The status after `action`, or Conflict when the action is illegal now."""
    status = AppointmentStatus(current)
    if status not in _ALLOWED[action]:
        raise Conflict(f"cannot {action}: {_MESSAGES.get(status, status.value)}",
                       code="illegal-transition")
    return {
        "check_in": AppointmentStatus.CHECKED_IN,
        "cancel": AppointmentStatus.CANCELLED,
        "no_show": AppointmentStatus.NO_SHOW,
        "reschedule": AppointmentStatus.BOOKED,
    }[action]


def normalise_phone(raw: str, region: str = "CN") -> str:
    """E.164 form of a phone number; InvalidInput when it is not a valid number."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidInput(f"invalid phone number: {raw}") from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidInput(f"invalid phone number: {raw}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_vin(raw: str) -> str:
    """Upper-case VIN of 17 characters without I, O or Q."""
    vin = raw.strip().upper()
    if not VIN_RE.match(vin):
        raise InvalidInput("VIN must be 17 characters (letters except I, O, Q, and digits)")
    return vin


def lane_of(service_type: str) -> str:
    """Short jobs go to the quick-service lane (快修); everything else to the main bays."""
    if service_type not in SERVICE_TYPES:
        raise InvalidInput(f"service_type must be one of {', '.join(SERVICE_TYPES)}")
    return "quick" if service_type == "quick" else "main"
