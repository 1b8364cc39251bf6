"""All of parts' queries. Stock changes only through `move`: one guarded UPDATE plus a ledger row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from aftersales_common.auth import Principal
from aftersales_common.errors import InvalidInput, NotFound
from aftersales_common.web.pagination import keyset, page_of
from parts.adapters.tables import Issue, Part, Reservation, Shortage, Stock, StockMovement
from parts.adapters.types import QuantityType
from parts.domain.quantity import ZERO
from parts.domain.stock import MovementKind, StockLevel


@dataclass(frozen=True)
class PartView:
    """A catalogue entry with its stock figures (what the API shows)."""

    part: Part
    stock: StockLevel

    @property
    def id(self) -> str:
        return self.part.id

    @property
    def created_at(self) -> datetime:
        return self.part.created_at


def _q(value: Decimal) -> Any:
    """A quantity as a bound SQL value of the exact integer column type."""
    return literal(value, QuantityType())


class PartsRepository:
    """Reads and writes within one session; reads on behalf of a caller are scoped to them."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # catalogue -----------------------------------------------------------------------------

    async def find_part(self, dealer_id: str, part_no: str) -> Part | None:
        """A dealer's part (no scoping: events and handlers that checked the caller)."""
        return (await self.session.execute(
            select(Part).where(Part.dealer_id == dealer_id, Part.part_no == part_no)
        )).scalar_one_or_none()

    async def part(self, dealer_id: str, part_no: str, principal: Principal) -> Part:
        """A part the caller may see; 404 otherwise (also for another dealer's)."""
        principal.check_record(dealer_id)
        row = await self.find_part(dealer_id, part_no)
        if row is None:
            raise NotFound(f"part {part_no} not found / 未找到配件")
        return row

    async def add_part(self, part: Part) -> None:
        """A new catalogue entry with empty stock."""
        self.session.add(part)
        self.session.add(Stock(dealer_id=part.dealer_id, part_no=part.part_no))
        await self.session.flush()

    async def stock(self, dealer_id: str, part_no: str, *, lock: bool = False) -> StockLevel:
        """Current stock figures, read fresh; `lock` holds the row to the end of the transaction.

        Stock-changing flows lock the stock row before the reservation, shortage or issue
        rows of that part, always in this order, so they cannot deadlock one another.
        """
        t = Stock.__table__
        query = select(t.c.on_hand, t.c.reserved).where(t.c.dealer_id == dealer_id,
                                                         t.c.part_no == part_no)
        row = (await self.session.execute(query.with_for_update() if lock else query)).first()
        return StockLevel(row.on_hand, row.reserved) if row else StockLevel()

    async def view(self, part: Part) -> PartView:
        return PartView(part, await self.stock(part.dealer_id, part.part_no))

    async def list_parts(self, principal: Principal, dealer_id: str | None, q: str | None,
                         limit: int, cursor: str | None) -> tuple[list[PartView], str | None]:
        t = Stock.__table__
        query = (select(Part, t.c.on_hand, t.c.reserved)
                 .join(t, (t.c.dealer_id == Part.dealer_id) & (t.c.part_no == Part.part_no))
                 .where(Part.dealer_id.in_(principal.listable_dealers(dealer_id))))
        if q:
            like = f"%{q.strip()}%"
            query = query.where(or_(Part.part_no.ilike(like), Part.name.ilike(like)))
        rows = (await self.session.execute(
            keyset(query, Part.created_at, Part.id, limit, cursor))).all()
        return page_of([PartView(r[0], StockLevel(r[1], r[2])) for r in rows], limit)

    # stock ---------------------------------------------------------------------------------

    async def move(self, *, dealer_id: str, part_no: str, kind: MovementKind, actor: str,
                   on_hand_delta: Decimal = ZERO, reserved_delta: Decimal = ZERO,
                   order_id: str | None = None, job_id: str | None = None,
                   reference: str | None = None, reason: str | None = None,
                   unit_cost: Decimal | None = None) -> StockMovement | None:
        """Apply a movement atomically if the stock after it is valid: its ledger row, else None.

        The WHERE clause is the invariant on the new values, evaluated by the database on
        the locked row: no read-modify-write, so concurrent movements cannot oversell.
        """
        t = Stock.__table__
        new_on_hand = t.c.on_hand + _q(on_hand_delta)
        new_reserved = t.c.reserved + _q(reserved_delta)
        row = (await self.session.execute(
            update(t)
            .where(t.c.dealer_id == dealer_id, t.c.part_no == part_no,
                   new_on_hand >= 0, new_reserved >= 0, new_on_hand >= new_reserved)
            .values(on_hand=new_on_hand, reserved=new_reserved)
            .returning(t.c.on_hand, t.c.reserved)
        )).first()
        if row is None:
            return None
        movement = StockMovement(
            dealer_id=dealer_id, part_no=part_no, kind=kind.value, on_hand_delta=on_hand_delta,
            reserved_delta=reserved_delta, on_hand_after=row.on_hand,
            reserved_after=row.reserved, order_id=order_id, job_id=job_id,
            reference=reference, reason=reason, unit_cost=unit_cost, actor=actor,
        )
        self.session.add(movement)
        return movement

    async def list_movements(self, principal: Principal, dealer_id: str | None,
                             part_no: str | None, order_id: str | None, limit: int,
                             cursor: str | None) -> tuple[list[StockMovement], str | None]:
        query = select(StockMovement).where(
            StockMovement.dealer_id.in_(principal.listable_dealers(dealer_id)))
        if part_no:
            query = query.where(StockMovement.part_no == part_no)
        if order_id:
            query = query.where(StockMovement.order_id == order_id)
        rows = (await self.session.execute(
            keyset(query, StockMovement.created_at, StockMovement.id, limit, cursor)
        )).scalars().all()
        return page_of(list(rows), limit)

    # reservations and issues ---------------------------------------------------------------

    async def reservation(self, dealer_id: str, order_id: str, job_id: str, part_no: str, *,
                          lock: bool = True) -> Reservation | None:
        """The job's reservation of a part, locked unless `lock` is False (reloaded either way)."""
        query = select(Reservation).where(
            Reservation.dealer_id == dealer_id, Reservation.order_id == order_id,
            Reservation.job_id == job_id, Reservation.part_no == part_no,
        ).execution_options(populate_existing=True)
        return (await self.session.execute(
            query.with_for_update() if lock else query)).scalar_one_or_none()

    async def held_reservations(self, dealer_id: str, order_id: str) -> Sequence[Reservation]:
        """An order's reservations still holding stock (not locked: lock stock, then reload)."""
        return (await self.session.execute(
            select(Reservation).where(
                Reservation.dealer_id == dealer_id, Reservation.order_id == order_id,
                Reservation.qty_held > 0,
            ).order_by(Reservation.part_no, Reservation.job_id)
        )).scalars().all()

    async def list_reservations(self, principal: Principal, order_id: str,
                                dealer_id: str | None) -> Sequence[Reservation]:
        return (await self.session.execute(
            select(Reservation).where(
                Reservation.order_id == order_id,
                Reservation.dealer_id.in_(principal.listable_dealers(dealer_id)),
            ).order_by(Reservation.created_at, Reservation.job_id, Reservation.part_no)
        )).scalars().all()

    async def issue(self, dealer_id: str, order_id: str, job_id: str,
                    part_no: str) -> Issue | None:
        return (await self.session.execute(
            select(Issue).where(
                Issue.dealer_id == dealer_id, Issue.order_id == order_id,
                Issue.job_id == job_id, Issue.part_no == part_no,
            ).with_for_update()
        )).scalar_one_or_none()

    async def record_return(self, issue: Issue, qty: Decimal) -> bool:
        """Count `qty` as returned if no more than was issued comes back (guarded)."""
        t = Issue.__table__
        result: Any = await self.session.execute(
            update(t).where(t.c.id == issue.id, t.c.qty - t.c.qty_returned >= _q(qty))
            .values(qty_returned=t.c.qty_returned + _q(qty))
        )
        return bool(result.rowcount == 1)

    # shortages -----------------------------------------------------------------------------

    async def open_shortage(self, dealer_id: str, order_id: str, job_id: str | None,
                            part_no: str, *, lock: bool = True) -> Shortage | None:
        query = select(Shortage).where(
            Shortage.dealer_id == dealer_id, Shortage.order_id == order_id,
            Shortage.job_id == job_id, Shortage.part_no == part_no, Shortage.status == "open",
        )
        return (await self.session.execute(
            query.with_for_update() if lock else query)).scalars().first()

    async def open_shortages_of_part(self, dealer_id: str, part_no: str) -> Sequence[Shortage]:
        """Open shortages of a part, oldest first (first come, first served)."""
        return (await self.session.execute(
            select(Shortage).where(
                Shortage.dealer_id == dealer_id, Shortage.part_no == part_no,
                Shortage.status == "open",
            ).order_by(Shortage.created_at, Shortage.id).with_for_update()
        )).scalars().all()

    async def open_shortages_of_order(self, dealer_id: str, order_id: str) -> Sequence[Shortage]:
        return (await self.session.execute(
            select(Shortage).where(
                Shortage.dealer_id == dealer_id, Shortage.order_id == order_id,
                Shortage.status == "open",
            ).with_for_update()
        )).scalars().all()

    async def shortage(self, shortage_id: str, principal: Principal) -> Shortage:
        row = await self.session.get(Shortage, shortage_id)
        if row is None:
            raise NotFound("shortage not found")
        principal.check_record(row.dealer_id)
        return row

    async def list_shortages(self, principal: Principal, dealer_id: str | None,
                             order_id: str | None, status: str | None, limit: int,
                             cursor: str | None) -> tuple[list[Shortage], str | None]:
        query = select(Shortage).where(Shortage.dealer_id.in_(principal.listable_dealers(dealer_id)))
        if order_id:
            query = query.where(Shortage.order_id == order_id)
        if status:
            query = query.where(Shortage.status == status)
        rows = (await self.session.execute(
            keyset(query, Shortage.created_at, Shortage.id, limit, cursor))).scalars().all()
        return page_of(list(rows), limit)



def dealer_for(principal: Principal, dealer_id: str | None) -> str:
    """The dealer a single-record read is about: given, or the caller's only one."""
    if dealer_id:
        return dealer_id
    if len(principal.dealer_ids) == 1:
        return next(iter(principal.dealer_ids))
    raise InvalidInput("dealer_id is required / 请指定经销商")
