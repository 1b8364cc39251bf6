"""The estimate the customer signed before work, kept to compare the invoice with it."""

from __future__ import annotations

from aftersales_common.clock import utcnow
from aftersales_common.messaging.envelope import CloudEvent
from aftersales_common.messaging.unit_of_work import UnitOfWork
from billing.adapters.repository import SignedEstimates
from billing.readers import OrderAuthorizedRead


async def on_order_authorized(uow: UnitOfWork, data: OrderAuthorizedRead,
                              event: CloudEvent) -> None:
    """Keep the signed figures (an order signed without a priced estimate leaves nothing)."""
    if data.estimate is None:
        return
    e = data.estimate
    await SignedEstimates(uow.session).keep(
        order_id=data.order_id, dealer_id=data.dealer_id, labour=e.labour, parts=e.parts,
        vat=e.vat, total=e.total, quoted_total=e.quoted_total, promised_at=e.promised_at,
        at=utcnow())
