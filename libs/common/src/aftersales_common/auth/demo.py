"""The demo dealers and accounts of the embedded mode (documented in the README)."""

from __future__ import annotations

from dataclasses import dataclass

DEMO_DEALER_ID = "d0000000-0000-4000-8000-000000000001"
OTHER_DEALER_ID = "d0000000-0000-4000-8000-000000000002"
DEMO_CUSTOMER_ID = "c0000000-0000-4000-8000-000000000001"
OTHER_CUSTOMER_ID = "c0000000-0000-4000-8000-000000000002"
DEMO_PASSWORD = "demo1234"


@dataclass(frozen=True)
class DemoAccount:
    """A login of the development issuer."""

    username: str
    roles: tuple[str, ...]
    dealer_ids: tuple[str, ...] = (DEMO_DEALER_ID,)
    customer_id: str | None = None


DEMO_ACCOUNTS = {
    a.username: a
    for a in (
        DemoAccount("advisor", ("service_advisor",)),
        DemoAccount("foreman", ("foreman",)),
        DemoAccount("tech", ("technician",)),
        DemoAccount("tech2", ("technician",)),  # 钣喷 (body and paint) on the workshop's roster
        DemoAccount("qc", ("qc_inspector",)),
        DemoAccount("parts", ("parts_clerk",)),
        DemoAccount("warranty", ("warranty_clerk",)),
        DemoAccount("cashier", ("cashier",)),
        DemoAccount("callback", ("callback_agent",)),
        DemoAccount("manager", ("manager",)),
        DemoAccount("admin", ("admin",)),
        DemoAccount("advisor2", ("service_advisor",), dealer_ids=(OTHER_DEALER_ID,)),
        DemoAccount("zhang", ("customer",), dealer_ids=(), customer_id=DEMO_CUSTOMER_ID),
        DemoAccount("li", ("customer",), dealer_ids=(), customer_id=OTHER_CUSTOMER_ID),
    )
}
