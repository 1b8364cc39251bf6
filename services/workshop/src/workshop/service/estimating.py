"""Pricing an order's estimate from the projected rates, prices and stock, and signing it."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from aftersales_common.auth import Principal
from aftersales_common.clock import display_zone, utcnow
from aftersales_common.db import Session
from aftersales_common.messaging.unit_of_work import UnitOfWork
from workshop.adapters import queries as q
from workshop.adapters.policy_repo import PolicyRepository
from workshop.adapters.price_list import PriceList
from workshop.adapters.repository import OrderRepository
from workshop.domain import estimate as est
from workshop.domain.events import SignedEstimate
from workshop.domain.repair_order import RepairOrder


def _jobs(order: RepairOrder) -> list[est.EstimateJob]:
    return [est.EstimateJob(j.id, j.op_code, j.description, j.labor_hours, j.pay_type, j.status,
                            j.parts) for j in order.jobs]


async def price_order(session: Session, order: RepairOrder, *, now: datetime,
                      margin_pct: Decimal | None = None) -> est.Estimate:
    """The order's estimate: billing's rates, parts' prices, stock (or what parts reported)."""
    part_nos = {p.part_no for j in order.jobs for p in j.parts}
    prices = PriceList(session)
    stock = await prices.stock(order.dealer_id, part_nos)
    for part_no, supply in order.supplies.items():
        # Once parts has answered for this order, its answer is what counts: held is ours.
        needed = sum((p.qty for j in order.jobs for p in j.parts if p.part_no == part_no),
                     Decimal(0))
        stock[part_no] = est.PartAvailability(max(needed - supply.short, Decimal(0)),
                                              supply.expected_date)
    return est.price(_jobs(order), rates=await prices.rates(order.dealer_id),
                     prices=await prices.prices(order.dealer_id, part_nos), stock=stock,
                     policy=await PolicyRepository(session).get(order.dealer_id), now=now,
                     zone=display_zone(), margin_pct=margin_pct)


async def estimate(session: Session, *, principal: Principal, order_id: str,
                   margin_pct: Decimal | None) -> tuple[RepairOrder, est.Estimate]:
    """The priced estimate of an order the caller may see (staff of the dealer, the owner)."""
    order = await q.order(session, order_id, principal)
    return order, await price_order(session, order, now=utcnow(), margin_pct=margin_pct)


async def authorize(*, uow: UnitOfWork, principal: Principal, order_id: str, signed_by: str,
                    signature: str | None) -> RepairOrder:
    """The customer signs the priced estimate: the figures and promised time are kept."""
    order = await OrderRepository(uow).get(order_id, principal)
    at = utcnow()
    priced = await price_order(uow.session, order, now=at)
    order.authorize(signed_by=signed_by, at=at, signed=SignedEstimate(
        labour=priced.labour, parts=priced.parts, vat=priced.vat, total=priced.total,
        quoted_total=priced.quoted_total, promised_at=priced.promised_at, signed_at=at,
        signature=est.signature_image(signature) if signature else None))
    return order
