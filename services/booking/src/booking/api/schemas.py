"""Request and response bodies (separate from the tables: no mass assignment)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class CustomerCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    dealer_id: str = Field(min_length=1, max_length=36)
    name: str = Field(min_length=1, max_length=100)
    phone: str = Field(min_length=5, max_length=30)
    email: str | None = Field(default=None, max_length=200)
    callback_opt_out: bool = False
    sms_opt_out: bool = False
    preferred_channel: str = Field(default="phone", pattern="^(phone|sms|wechat|email)$")


class CustomerUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(default=None, min_length=1, max_length=100)
    phone: str | None = Field(default=None, min_length=5, max_length=30)
    email: str | None = Field(default=None, max_length=200)
    callback_opt_out: bool | None = None
    sms_opt_out: bool | None = None
    preferred_channel: str | None = Field(default=None, pattern="^(phone|sms|wechat|email)$")


class CustomerOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    dealer_id: str
    name: str
    phone: str
    email: str | None
    callback_opt_out: bool
    sms_opt_out: bool
    preferred_channel: str
    created_at: datetime


class VehicleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    dealer_id: str = Field(min_length=1, max_length=36)
    customer_id: str = Field(min_length=1, max_length=36)
    vin: str = Field(min_length=17, max_length=17)
    plate: str = Field(min_length=1, max_length=20)
    model: str = Field(min_length=1, max_length=100)
    usage: str = Field(default="private", pattern="^(private|company|staff)$")
    mileage_km: int | None = Field(default=None, ge=0, le=3_000_000)


class VehicleOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    dealer_id: str
    customer_id: str
    vin: str
    plate: str
    model: str
    usage: str
    mileage_km: int | None
    created_at: datetime


class SlotOut(BaseModel):
    start: datetime
    end: datetime
    free: int


class SlotQuery(BaseModel):
    dealer_id: str
    date: date
    service_type: str = "maintenance"


class AppointmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    customer_id: str = Field(min_length=1, max_length=36)
    vehicle_id: str = Field(min_length=1, max_length=36)
    start: AwareDatetime
    service_type: str = Field(default="maintenance", max_length=20)
    concern: str = Field(default="", max_length=2000)


class AppointmentReschedule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: AwareDatetime
    reason: str | None = Field(default=None, max_length=500)


class Reason(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str | None = Field(default=None, max_length=500)


class AppointmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    dealer_id: str
    customer_id: str
    vehicle_id: str
    start: datetime
    end: datetime
    service_type: str
    concern: str
    status: str
    initiated_by: str
    booked_by: str
    checked_in_at: datetime | None
    created_at: datetime
