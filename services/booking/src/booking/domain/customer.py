"""The customer file (客户档案): who the customer is and how they want to be contacted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from aftersales_common.clock import new_id
from aftersales_common.domain import Aggregate
from aftersales_common.errors import Conflict
from booking.domain import events as ev
from booking.domain.values import ContactChannel, normalise_phone

E = TypeVar("E", bound=ev.CustomerFileChanged)


class DuplicateCustomer(Conflict):
    """One customer file per phone number and dealer (409)."""

    code = "duplicate-customer"

    def __init__(self) -> None:
        super().__init__("a customer with this phone number exists / 该手机号已登记")


@dataclass
class Customer(Aggregate):
    """A customer of one dealer, known by an E.164 phone number (one file per number and dealer)."""

    id: str
    dealer_id: str
    name: str
    phone: str
    email: str | None
    created_at: datetime
    callback_opt_out: bool = False
    sms_opt_out: bool = False
    preferred_channel: ContactChannel = ContactChannel.PHONE

    @classmethod
    def register(cls, *, dealer_id: str, name: str, phone: str, email: str | None,
                 callback_opt_out: bool, sms_opt_out: bool, preferred_channel: str, by: str,
                 at: datetime, id: str | None = None) -> Customer:
        """Open a customer file; records `CustomerRegistered`."""
        customer = cls(id=id or new_id(), dealer_id=dealer_id, name=name.strip(),
                       phone=normalise_phone(phone), email=email, created_at=at,
                       callback_opt_out=callback_opt_out, sms_opt_out=sms_opt_out,
                       preferred_channel=ContactChannel(preferred_channel))
        customer.record(customer._event(ev.CustomerRegistered, by, at))
        return customer

    def update(self, *, by: str, at: datetime, name: str | None = None, phone: str | None = None,
               email: str | None = None, callback_opt_out: bool | None = None,
               sms_opt_out: bool | None = None, preferred_channel: str | None = None) -> None:
        """Change what is given (None leaves a field as it is); records `CustomerUpdated`."""
        if name is not None:
            self.name = name.strip()
        if phone is not None:
            self.phone = normalise_phone(phone)
        if email is not None:
            self.email = email
        if callback_opt_out is not None:
            self.callback_opt_out = callback_opt_out
        if sms_opt_out is not None:
            self.sms_opt_out = sms_opt_out
        if preferred_channel is not None:
            self.preferred_channel = ContactChannel(preferred_channel)
        self.record(self._event(ev.CustomerUpdated, by, at))

    def _event(self, kind: type[E], by: str, at: datetime) -> E:
        return kind(customer_id=self.id, dealer_id=self.dealer_id, name=self.name,
                    phone=self.phone, email=self.email, callback_opt_out=self.callback_opt_out,
                    sms_opt_out=self.sms_opt_out, preferred_channel=self.preferred_channel,
                    by=by, at=at)
