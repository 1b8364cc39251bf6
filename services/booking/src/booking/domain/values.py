"""Booking's closed vocabularies and value rules (phone, VIN, lane, channel)."""

from __future__ import annotations

import re
from enum import StrEnum

import phonenumbers

from aftersales_common.errors import Forbidden, InvalidInput

VIN_RE = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")


class ServiceType(StrEnum):
    MAINTENANCE = "maintenance"
    REPAIR = "repair"
    WARRANTY = "warranty"
    CAMPAIGN = "campaign"
    QUICK = "quick"


class Lane(StrEnum):
    """Short jobs go to the quick-service lane (快修); everything else to the main bays."""

    MAIN = "main"
    QUICK = "quick"


class Usage(StrEnum):
    """What the car is used for: crm calls neither company nor staff cars."""

    PRIVATE = "private"
    COMPANY = "company"
    STAFF = "staff"


class ContactChannel(StrEnum):
    """How the customer prefers to be contacted."""

    PHONE = "phone"
    SMS = "sms"
    WECHAT = "wechat"
    EMAIL = "email"


class Channel(StrEnum):
    """How the booking reached the dealer."""

    PHONE = "phone"
    WALK_IN = "walk_in"
    APP = "app"
    REMINDER = "reminder"


class AppointmentStatus(StrEnum):
    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


class InitiatedBy(StrEnum):
    """Customer-initiated (被动预约) or dealer-initiated (主动预约, from a reminder)."""

    CUSTOMER = "customer"
    DEALER = "dealer"


def initiated_by(channel: Channel) -> InitiatedBy:
    """Only a booking made from a reminder is the dealer's initiative; a phone call is the customer's."""
    return InitiatedBy.DEALER if channel is Channel.REMINDER else InitiatedBy.CUSTOMER


def booking_channel(requested: Channel | None, *, by_customer: bool) -> Channel:
    """The channel of a new booking: customers book in the app; staff by default on the phone."""
    if by_customer:
        if requested not in (None, Channel.APP):
            raise Forbidden("a customer books through the app only / 客户只能通过应用预约")
        return Channel.APP
    return requested or Channel.PHONE


def service_type_of(raw: str) -> ServiceType:
    """The service type named `raw`; InvalidInput for an unknown one."""
    try:
        return ServiceType(raw)
    except ValueError:
        raise InvalidInput("service_type must be one of "
                           f"{', '.join(t.value for t in ServiceType)}") from None


def lane_of(service_type: str) -> Lane:
    """The lane whose bays a service type uses; InvalidInput for an unknown type."""
    return Lane.QUICK if service_type_of(service_type) is ServiceType.QUICK else Lane.MAIN


def normalise_phone(raw: str, region: str = "CN") -> str:
    """E.164 form of a phone number; InvalidInput when it is not a valid number."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidInput(f"invalid phone number / 电话号码无效: {raw}") from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidInput(f"invalid phone number / 电话号码无效: {raw}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_vin(raw: str) -> str:
    """Upper-case VIN of 17 characters without I, O or Q."""
    vin = raw.strip().upper()
    if not VIN_RE.match(vin):
        raise InvalidInput("VIN must be 17 characters (letters except I, O, Q, and digits) "
                           "/ 车架号须为17位(不含 I、O、Q)")
    return vin


def normalise_plate(raw: str) -> str:
    """Plates are compared upper-case without surrounding blanks."""
    return raw.strip().upper()
