"""Request and response bodies (separate from the tables: no mass assignment)."""

from __future__ import annotations

from typing import Annotated, Any, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from aftersales_common.auth import Principal
from aftersales_common.auth.principal import mask_email, mask_phone
from aftersales_common.errors import InvalidInput
from aftersales_common.web.inputs import Id, Moment, Phone, Vin, text
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


PhoneFilter = Annotated[Phone | None, AfterValidator(_e164)]
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
    dealer_id: Id
    name: Annotated[str, text(100, min_length=1)]
    phone: Annotated[Phone, Field(min_length=5)]
    email: Annotated[str, text(200)] | None = None
    callback_opt_out: bool = False
    sms_opt_out: bool = False
    preferred_channel: ContactChannel = ContactChannel.PHONE


class CustomerUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, text(100, min_length=1)] | None = None
    phone: Annotated[Phone, Field(min_length=5)] | None = None
    email: Annotated[str, text(200)] | None = None
    callback_opt_out: bool | None = None
    sms_opt_out: bool | None = None
    preferred_channel: ContactChannel | None = None


class CustomerOut(Out):
    id: str
    dealer_id: str
    name: str
    phone: str = Field(description="E.164; masked (`+86139****5678`) for roles that do not need "
                       "it (only advisors, callback agents, cashiers, managers, admins of the "
                       "dealer and the customer themself see it whole)")
    email: str | None = Field(description="masked (`z***@example.com`) like `phone`")
    callback_opt_out: bool
    sms_opt_out: bool
    preferred_channel: ContactChannel
    created_at: DealerTime

    @classmethod
    def shown_to(cls, principal: Principal, source: Any) -> Self:
        """The body `principal` may see: phone and e-mail masked unless its role needs them."""
        out = cls.of(source)
        if principal.sees_contact_of(out.dealer_id, out.id):
            return out
        return out.model_copy(update={"phone": mask_phone(out.phone),
                                      "email": mask_email(out.email)})


class VehicleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    dealer_id: Id
    customer_id: Id
    vin: Vin
    plate: Annotated[str, text(20, min_length=1)]
    model: Annotated[str, text(100, min_length=1)]
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
    customer_id: Id
    vehicle_id: Id
    start: Moment
    service_type: ServiceType = ServiceType.MAINTENANCE
    concern: Annotated[str, text(2000)] = ""
    channel: Channel | None = Field(
        default=None, description="How the booking came in; default `app` for a customer "
        "(the only one a customer may use), `phone` for staff.")


class AppointmentReschedule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: Moment
    reason: Annotated[str, text(500)] | None = None


class Reason(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Annotated[str, text(500)] | None = None


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
