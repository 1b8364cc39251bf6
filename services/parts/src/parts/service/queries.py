"""Reads for the routes: scope the caller, then ask the adapters (read-only session)."""

from __future__ import annotations

from collections.abc import Sequence

from aftersales_common.auth import Principal
from aftersales_common.db import Session
from aftersales_common.errors import InvalidInput, NotFound
from parts.adapters import queries as q
from parts.domain.stock import StockItem, normalise_part_no


def dealer_for(principal: Principal, dealer_id: str | None) -> str:
    """The dealer a single-record read is about: given, or the caller's only one."""
    if dealer_id:
        return dealer_id
    if len(principal.dealer_ids) == 1:
        return next(iter(principal.dealer_ids))
    raise InvalidInput("dealer_id is required / 请指定经销商")


async def part(session: Session, principal: Principal, dealer_id: str | None,
               part_no: str) -> StockItem:
    """One part with on_hand, reserved and available; 404 when out of the caller's scope."""
    dealer = dealer_for(principal, dealer_id)
    principal.check_record(dealer)
    number = normalise_part_no(part_no)
    item = await q.stock_item(session, dealer, number)
    if item is None:
        raise NotFound(f"part {number} not found / 未找到配件")
    return item


async def parts(session: Session, principal: Principal, dealer_id: str | None,
                search: str | None, limit: int, cursor: str | None
                ) -> tuple[list[StockItem], str | None]:
    """The catalogue of the caller's dealers with stock figures."""
    return await q.list_parts(session, principal.listable_dealers(dealer_id), search, limit,
                              cursor)


async def movements(session: Session, principal: Principal, dealer_id: str | None,
                    part_no: str | None, order_id: str | None, limit: int,
                    cursor: str | None) -> tuple[list[object], str | None]:
    """The ledger of the caller's dealers."""
    items, nxt = await q.list_movements(
        session, principal.listable_dealers(dealer_id),
        normalise_part_no(part_no) if part_no else None, order_id, limit, cursor)
    return list(items), nxt


async def reservations(session: Session, principal: Principal, order_id: str,
                       dealer_id: str | None) -> Sequence[object]:
    """An order's reservations, per job and part."""
    return await q.list_reservations(session, principal.listable_dealers(dealer_id), order_id)


async def shortages(session: Session, principal: Principal, dealer_id: str | None,
                    order_id: str | None, status: str | None, limit: int,
                    cursor: str | None) -> tuple[list[object], str | None]:
    """Shortages of the caller's dealers."""
    items, nxt = await q.list_shortages(session, principal.listable_dealers(dealer_id),
                                        order_id, status, limit, cursor)
    return list(items), nxt
