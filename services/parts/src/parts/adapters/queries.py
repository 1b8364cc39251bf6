"""Read queries for the routes (all SQL here); they run on a read-only session."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, or_, select

from aftersales_common.db import Session
from aftersales_common.web.pagination import keyset, page_of
from parts.adapters import tables as t
from parts.adapters.repository import part_of
from parts.domain.stock import StockItem

_PART = t.Part.__table__
_STOCK = t.Stock.__table__
# Built once, a Core statement (no ORM entity to load): the hottest read of the service.
_STOCK_ITEM = (
    select(*_PART.c, _STOCK.c.on_hand, _STOCK.c.reserved)
    .join_from(_PART, _STOCK, (_STOCK.c.dealer_id == _PART.c.dealer_id)
               & (_STOCK.c.part_no == _PART.c.part_no))
    .where(_PART.c.dealer_id == bindparam("dealer_id"), _PART.c.part_no == bindparam("part_no")))


async def stock_item(session: Session, dealer_id: str, part_no: str) -> StockItem | None:
    """A part with its current stock figures (no lock)."""
    row = (await session.execute(_STOCK_ITEM, {"dealer_id": dealer_id, "part_no": part_no})
           ).first()
    return StockItem(part=part_of(row), on_hand=row.on_hand, reserved=row.reserved) if row else None


async def list_parts(session: Session, dealers: Sequence[str], q: str | None, limit: int,
                     cursor: str | None) -> tuple[list[StockItem], str | None]:
    """The catalogue of these dealers with stock figures; `q` searches number and name."""
    s = t.Stock.__table__
    query = (select(t.Part, s.c.on_hand, s.c.reserved)
             .join(s, (s.c.dealer_id == t.Part.dealer_id) & (s.c.part_no == t.Part.part_no))
             .where(t.Part.dealer_id.in_(dealers)))
    if q:
        like = f"%{q.strip()}%"
        query = query.where(or_(t.Part.part_no.ilike(like), t.Part.name.ilike(like)))
    rows = (await session.execute(
        keyset(query, t.Part.created_at, t.Part.id, limit, cursor))).all()
    items, nxt = page_of([r[0] for r in rows], limit)
    figures = {r[0].id: (r[1], r[2]) for r in rows}
    return [StockItem(part=part_of(p), on_hand=figures[p.id][0], reserved=figures[p.id][1])
            for p in items], nxt


async def list_movements(session: Session, dealers: Sequence[str], part_no: str | None,
                         order_id: str | None, limit: int, cursor: str | None
                         ) -> tuple[list[t.StockMovement], str | None]:
    """The ledger, oldest first."""
    m = t.StockMovement
    query = select(m).where(m.dealer_id.in_(dealers))
    if part_no:
        query = query.where(m.part_no == part_no)
    if order_id:
        query = query.where(m.order_id == order_id)
    rows = (await session.execute(keyset(query, m.created_at, m.id, limit, cursor))).scalars()
    return page_of(list(rows), limit)


async def list_reservations(session: Session, dealers: Sequence[str], order_id: str
                            ) -> Sequence[t.Reservation]:
    """An order's reservations per job and part."""
    r = t.Reservation
    return (await session.execute(
        select(r).where(r.order_id == order_id, r.dealer_id.in_(dealers))
        .order_by(r.created_at, r.job_id, r.part_no))).scalars().all()


async def list_shortages(session: Session, dealers: Sequence[str], order_id: str | None,
                         status: str | None, limit: int, cursor: str | None
                         ) -> tuple[list[t.Shortage], str | None]:
    """Shortages, optionally of one order and in one status."""
    s = t.Shortage
    query = select(s).where(s.dealer_id.in_(dealers))
    if order_id:
        query = query.where(s.order_id == order_id)
    if status:
        query = query.where(s.status == status)
    rows = (await session.execute(keyset(query, s.created_at, s.id, limit, cursor))).scalars()
    return page_of(list(rows), limit)
