"""Who is calling: roles, the dealers a staff member works for, a customer's own id."""

from __future__ import annotations

from dataclasses import dataclass, field

from aftersales_common.errors import Forbidden, NotFound

ROLES = frozenset(
    {
        "customer", "service_advisor", "foreman", "technician", "qc_inspector", "parts_clerk",
        "warranty_clerk", "cashier", "callback_agent", "manager", "admin", "partner",
    }
)
STAFF_ROLES = ROLES - {"customer", "partner"}
PII_ROLES = frozenset({"service_advisor", "callback_agent", "cashier", "manager"})
"""Staff roles that see customers' phone numbers and e-mail addresses unmasked (admin too)."""


@dataclass(frozen=True)
class Principal:
    """The verified claims of a bearer token."""

    sub: str
    roles: frozenset[str]
    dealer_ids: frozenset[str] = field(default_factory=frozenset)
    customer_id: str | None = None

    @property
    def is_customer(self) -> bool:
        """A customer token sees only its own records."""
        return "customer" in self.roles and not (self.roles & STAFF_ROLES)

    def has_any(self, roles: frozenset[str] | set[str]) -> bool:
        """True when the principal holds one of `roles`; admin holds every staff role (not the
        customer's or a partner's: an operation for customers only is not an admin's)."""
        return bool(self.roles & roles) or ("admin" in self.roles and bool(roles & STAFF_ROLES))

    def sees_dealer(self, dealer_id: str) -> bool:
        """Staff see their dealers; customers any dealer, but only their own records."""
        return self.is_customer or (self.is_staff and dealer_id in self.dealer_ids)

    def listable_dealers(self, dealer_id: str | None = None) -> list[str]:
        """Dealers whose records a staff list may show: the one asked for if it is theirs,
        else all theirs. Customers (and partners) get none: customers' lists are filtered by
        owner instead."""
        if not self.is_staff:
            return []
        if dealer_id:
            return [dealer_id] if dealer_id in self.dealer_ids else []
        return sorted(self.dealer_ids)

    @property
    def is_staff(self) -> bool:
        """Holds a staff role (a customer or partner token does not)."""
        return bool(self.roles & STAFF_ROLES)

    def sees_contact_of(self, dealer_id: str, customer_id: str | None) -> bool:
        """May read a customer's phone and e-mail unmasked: the customer themself, or staff of
        the dealer in a role that needs them (advisor, callback agent, cashier, manager, admin)."""
        if self.is_customer:
            return customer_id is not None and customer_id == self.customer_id
        return dealer_id in self.dealer_ids and self.has_any(PII_ROLES)

    def require_staff_of(self, dealer_id: str) -> None:
        """The one staff/dealer check: 403 unless a staff member of this dealer (admin too)."""
        if not self.is_staff or dealer_id not in self.dealer_ids:
            raise Forbidden("you do not work for this dealer / 您不属于该经销商")

    def check_record(self, dealer_id: str, owner_customer_id: str | None = None) -> None:
        """Raise 404 (not 403: nothing is revealed) when the record is out of scope."""
        if self.is_customer:
            if owner_customer_id is None or owner_customer_id != self.customer_id:
                raise NotFound("not found")
        elif not self.is_staff or dealer_id not in self.dealer_ids:
            raise NotFound("not found")


def mask_phone(phone: str | None) -> str | None:
    """`+8613912345678` → `+86139****5678`: the last four digits and the prefix stay."""
    if not phone:
        return phone
    if len(phone) <= 6:
        return "*" * (len(phone) - 2) + phone[-2:]
    head = max(len(phone) - 8, 1)
    return phone[:head] + "****" + phone[-4:]


def mask_email(email: str | None) -> str | None:
    """`zhang@example.com` → `z***@example.com`."""
    if not email:
        return email
    local, at, domain = email.partition("@")
    if not at:
        return (local[:1] + "***") if local else "***"
    return f"{local[:1]}***@{domain}"
