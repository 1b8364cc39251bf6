"""Request and response bodies (separate from the tables: no mass assignment)."""

from __future__ import annotations

from typing import Annotated, Any, Self

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

from aftersales_common.errors import InvalidInput
from aftersales_common.wire import DealerTime
from booking.domain.values import (
    AppointmentStatus,
    Channel,
    ContactChannel,
    InitiatedBy,
    ServiceType,
    Usage,
    normalise_phone,
)


def _e164(raw: str | None) -> str | None:
    if raw is None:
        return None
    try:
        return normalise_phone(raw)
    except InvalidInput as exc:
        raise ValueError(exc.detail) from None


PhoneFilter = Annotated[str | None, AfterValidator(_e164)]
"""A phone number in any usual form (13912345678, +86 139 1234 5678), as E.164; 422 if not one."""


class Out(BaseModel):
    """A response body, read from an aggregate or a query's row."""

    model_config = ConfigDict(from_attributes=True)

    @classmethod
    def of(cls, source: Any) -> Self:
        """The body showing `source`."""
        return cls.model_validate(source)


class CustomerCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    dealer_id: str = Field(min_length=1, max_length=36)
    name: str = Field(min_length=1, max_length=100)
    phone: str = Field(min_length=5, max_length=30)
    email: str | None = Field(default=None, max_length=200)
    callback_opt_out: bool = False
    sms_opt_out: bool = False
    preferred_channel: ContactChannel = ContactChannel.PHONE


class CustomerUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(default=None, min_length=1, max_length=100)
    phone: str | None = Field(default=None, min_length=5, max_length=30)
    email: str | None = Field(default=None, max_length=200)
    callback_opt_out: bool | None = None
    sms_opt_out: bool | None = None
    preferred_channel: ContactChannel | None = None


class CustomerOut(Out):
    id: str
    dealer_id: str
    name: str
    phone: str
    email: str | None
    callback_opt_out: bool
    sms_opt_out: bool
    preferred_channel: ContactChannel
    created_at: DealerTime


class VehicleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    dealer_id: str = Field(min_length=1, max_length=36)
    customer_id: str = Field(min_length=1, max_length=36)
    vin: str = Field(min_length=17, max_length=17)
    plate: str = Field(min_length=1, max_length=20)
    model: str = Field(min_length=1, max_length=100)
    usage: Usage = Usage.PRIVATE
    mileage_km: int | None = Field(default=None, ge=0, le=3_000_000)


class VehicleOut(Out):
    id: str
    dealer_id: str
    customer_id: str
    vin: str
    plate: str
    model: str
    usage: Usage
    mileage_km: int | None
    last_service_at: DealerTime | None = None
    created_at: DealerTime


class SlotOut(Out):
    start: DealerTime
    end: DealerTime
    free: int


class AppointmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    customer_id: str = Field(min_length=1, max_length=36)
    vehicle_id: str = Field(min_length=1, max_length=36)
    start: AwareDatetime
    service_type: ServiceType = ServiceType.MAINTENANCE
    concern: str = Field(default="", max_length=2000)
    channel: Channel | None = Field(
        default=None, description="How the booking came in; default `app` for a customer "
        "(the only one a customer may use), `phone` for staff.")


class AppointmentReschedule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: AwareDatetime
    reason: str | None = Field(default=None, max_length=500)


class Reason(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str | None = Field(default=None, max_length=500)


class AppointmentOut(Out):
    id: str
    dealer_id: str
    customer_id: str
    vehicle_id: str
    start: DealerTime
    end: DealerTime
    service_type: ServiceType
    concern: str
    status: AppointmentStatus
    channel: Channel
    initiated_by: InitiatedBy
    booked_by: str
    checked_in_at: DealerTime | None
    created_at: DealerTime
