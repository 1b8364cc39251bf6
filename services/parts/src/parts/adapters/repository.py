"""Loads and saves parts' aggregates. Stock changes only through `_apply`: one guarded UPDATE
plus its ledger row, in the unit of work's transaction.

Lock order, the same in every flow: the parts' `stock` rows first (in part-number order),
then the order's reservation, shortage and issue rows. So flows never deadlock one another.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import astuple
from decimal import Decimal
from typing import Any

from sqlalchemy import literal, select, update
from sqlalchemy.exc import IntegrityError

from aftersales_common.errors import Conflict
from aftersales_common.messaging.unit_of_work import UnitOfWork
from parts.adapters import tables as t
from parts.adapters.types import QuantityType
from parts.domain.events import PartPriceChanged
from parts.domain.lines import (
    IssueRecord,
    ReservationLine,
    ReservationState,
    Shortage,
    ShortageStage,
    ShortageState,
)
from parts.domain.notices import StockLevelNotice
from parts.domain.quantity import ZERO
from parts.domain.reservation import Reservation
from parts.domain.stock import Movement, Part, StockItem

OrderKey = tuple[str, str]
LineKey = tuple[str, str]


def _q(value: Decimal) -> Any:
    """A quantity as a bound SQL value of the exact integer column type."""
    return literal(value, QuantityType())


def part_of(row: Any) -> Part:
    """The catalogue entry of a row (an ORM `t.Part` or a Core row of its columns)."""
    return Part(id=row.id, dealer_id=row.dealer_id, part_no=row.part_no, name=row.name,
                unit=row.unit, unit_price=row.unit_price, unit_cost=row.unit_cost,
                reorder_point=row.reorder_point, created_at=row.created_at,
                updated_at=row.updated_at)


class PartsRepository:
    """The aggregates of one unit of work (an identity map: each is loaded once)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.session = uow.session
        self._items: dict[OrderKey, StockItem | None] = {}
        self._parts_as_loaded: dict[int, tuple[Any, ...]] = {}
        self._orders: dict[OrderKey, Reservation] = {}
        self._rows: dict[int, _OrderRows] = {}
        self._notices: dict[OrderKey, StockLevelNotice] = {}

    # stock items ---------------------------------------------------------------------------

    async def stock_item(self, dealer_id: str, part_no: str) -> StockItem | None:
        """A catalogued part with its stock row locked to the end of the transaction."""
        key = (dealer_id, part_no)
        if key not in self._items:
            self._items[key] = await self._load_item(dealer_id, part_no)
        return self._items[key]

    async def stock_items(self, dealer_id: str, part_nos: Iterable[str]) -> dict[str, StockItem]:
        """Several parts' stock, locked in part-number order; unknown parts are left out."""
        found: dict[str, StockItem] = {}
        for part_no in sorted(set(part_nos)):
            item = await self.stock_item(dealer_id, part_no)
            if item is not None:
                found[part_no] = item
        return found

    def add(self, item: StockItem) -> None:
        """A new catalogue entry (its stock row is created with it)."""
        self._items[(item.dealer_id, item.part_no)] = item
        self.uow.track(item, self._insert_item)

    async def _load_item(self, dealer_id: str, part_no: str) -> StockItem | None:
        s = t.Stock.__table__
        level = (await self.session.execute(
            select(s.c.on_hand, s.c.reserved)
            .where(s.c.dealer_id == dealer_id, s.c.part_no == part_no).with_for_update()
        )).first()
        row = (await self.session.execute(
            select(t.Part).where(t.Part.dealer_id == dealer_id, t.Part.part_no == part_no)
        )).scalar_one_or_none()
        if row is None or level is None:
            return None
        item = StockItem(part=part_of(row), on_hand=level.on_hand, reserved=level.reserved)
        self._parts_as_loaded[id(item)] = astuple(item.part)
        self.uow.track(item, self._save_item)
        return item

    async def _insert_item(self, item: StockItem) -> None:
        p = item.part
        self.session.add(t.Part(id=p.id, dealer_id=p.dealer_id, part_no=p.part_no, name=p.name,
                                unit=p.unit, unit_price=p.unit_price, unit_cost=p.unit_cost,
                                reorder_point=p.reorder_point, created_at=p.created_at,
                                updated_at=p.updated_at))
        self.session.add(t.Stock(dealer_id=p.dealer_id, part_no=p.part_no))
        try:
            await self.session.flush()
        except IntegrityError as exc:  # a concurrent create of the same number won
            raise Conflict(f"part {p.part_no} is already in the catalogue / 配件编号已存在",
                           code="duplicate-part") from exc
        self._parts_as_loaded[id(item)] = astuple(p)
        _price_changed(item)
        await self._save_item(item)

    async def _save_item(self, item: StockItem) -> None:
        p = item.part
        if astuple(p) != self._parts_as_loaded.get(id(item)):
            await self.session.execute(
                update(t.Part.__table__).where(t.Part.__table__.c.id == p.id).values(
                    name=p.name, unit=p.unit, unit_price=p.unit_price, unit_cost=p.unit_cost,
                    reorder_point=p.reorder_point, updated_at=p.updated_at))
            before = self._parts_as_loaded.get(id(item))
            if before is None or (before[3], before[5]) != (p.name, p.unit_price):
                _price_changed(item)
            self._parts_as_loaded[id(item)] = astuple(p)
        moved = item.pull_movements()
        for movement in moved:
            await self._apply(movement)
        if any(m.on_hand_delta != m.reserved_delta for m in moved):  # available changed
            self.announce_level(item.dealer_id, item.part_no)

    def announce_level(self, dealer_id: str, part_no: str) -> None:
        """`stock.level_changed` for the part, once per transaction, after every flow's rows."""
        key = (dealer_id, part_no)
        if key not in self._notices:
            notice = StockLevelNotice(dealer_id=dealer_id, part_no=part_no)
            self._notices[key] = notice
            self.uow.track(notice, self._save_notice)

    async def _save_notice(self, notice: StockLevelNotice) -> None:
        """Read the level as this transaction leaves it (stock and open shortages) and announce."""
        s, sh = t.Stock.__table__, t.Shortage
        level = (await self.session.execute(select(s.c.on_hand, s.c.reserved).where(
            s.c.dealer_id == notice.dealer_id, s.c.part_no == notice.part_no))).first()
        if level is None:
            return
        waiting = (await self.session.execute(select(sh.qty_short, sh.expected_date).where(
            sh.dealer_id == notice.dealer_id, sh.part_no == notice.part_no,
            sh.status == ShortageState.OPEN.value))).all()
        dates = [w.expected_date for w in waiting if w.expected_date is not None]
        notice.announce(available=Decimal(level.on_hand) - Decimal(level.reserved),
                        on_order=sum((Decimal(w.qty_short) for w in waiting), ZERO),
                        expected_date=min(dates) if dates else None)

    async def _apply(self, m: Movement) -> None:
        """One guarded UPDATE (the invariant on the new values) and the ledger row it left.

        The database evaluates the WHERE on the locked row: no read-modify-write, so a
        movement decided on stale figures fails here instead of overselling.
        """
        s = t.Stock.__table__
        new_on_hand = s.c.on_hand + _q(m.on_hand_delta)
        new_reserved = s.c.reserved + _q(m.reserved_delta)
        row = (await self.session.execute(
            update(s)
            .where(s.c.dealer_id == m.dealer_id, s.c.part_no == m.part_no,
                   new_on_hand >= 0, new_reserved >= 0, new_on_hand >= new_reserved)
            .values(on_hand=new_on_hand, reserved=new_reserved)
            .returning(s.c.on_hand, s.c.reserved)
        )).first()
        if row is None or (row.on_hand, row.reserved) != (m.on_hand_after, m.reserved_after):
            raise Conflict("stock changed meanwhile, try again / 库存已变动，请重试",
                           code="stock-short")
        self.session.add(t.StockMovement(
            id=m.id, dealer_id=m.dealer_id, part_no=m.part_no, kind=m.kind.value,
            on_hand_delta=m.on_hand_delta, reserved_delta=m.reserved_delta,
            on_hand_after=row.on_hand, reserved_after=row.reserved, order_id=m.order_id,
            job_id=m.job_id, reference=m.reference, reason=m.reason, unit_cost=m.unit_cost,
            actor=m.actor, created_at=m.created_at))

    # reservations --------------------------------------------------------------------------

    async def reservation(self, dealer_id: str, order_id: str) -> Reservation:
        """The order's parts (maybe none yet), its rows locked; lock stock rows before this."""
        key = (dealer_id, order_id)
        if key not in self._orders:
            rows = await _OrderRows.load(self.session, dealer_id, order_id)
            reservation = rows.aggregate()
            self._orders[key] = reservation
            self._rows[id(reservation)] = rows
            self.uow.track(reservation, self._save_reservation)
        return self._orders[key]

    async def held_parts(self, dealer_id: str, order_id: str) -> list[str]:
        """Parts holding stock for an order (a read without locks, to know what to lock)."""
        r = t.Reservation
        return sorted(set((await self.session.execute(
            select(r.part_no).where(r.dealer_id == dealer_id, r.order_id == order_id,
                                    r.qty_held > 0))).scalars()))

    async def shortage_queue(self, dealer_id: str, part_no: str) -> list[tuple[str, str]]:
        """(order_id, shortage_id) of the part's open shortages, oldest first."""
        s = t.Shortage
        rows = (await self.session.execute(
            select(s.order_id, s.id).where(s.dealer_id == dealer_id, s.part_no == part_no,
                                           s.status == ShortageState.OPEN.value)
            .order_by(s.created_at, s.id))).all()
        return [(r.order_id, r.id) for r in rows]

    async def shortage_owner(self, shortage_id: str) -> tuple[str, str] | None:
        """(dealer_id, order_id) of a shortage."""
        row = (await self.session.execute(
            select(t.Shortage.dealer_id, t.Shortage.order_id)
            .where(t.Shortage.id == shortage_id))).first()
        return (row.dealer_id, row.order_id) if row else None

    async def _save_reservation(self, reservation: Reservation) -> None:
        await self._rows[id(reservation)].save(self.session, reservation)


def _price_changed(item: StockItem) -> None:
    p = item.part
    item.record(PartPriceChanged(dealer_id=p.dealer_id, part_no=p.part_no, name=p.name,
                                 unit_price=p.unit_price))


class _OrderRows:
    """The rows behind one order's reservation: explicit mapping both ways."""

    def __init__(self, dealer_id: str, order_id: str) -> None:
        self.dealer_id, self.order_id = dealer_id, order_id
        self.reservations: dict[LineKey, t.Reservation] = {}
        self.issues: dict[LineKey, t.Issue] = {}
        self.returned: dict[LineKey, Decimal] = {}
        self.shortages: dict[str, t.Shortage] = {}

    @classmethod
    async def load(cls, session: Any, dealer_id: str, order_id: str) -> _OrderRows:
        rows = cls(dealer_id, order_id)

        async def locked(model: Any) -> list[Any]:
            return list((await session.execute(
                select(model).where(model.dealer_id == dealer_id, model.order_id == order_id)
                .order_by(model.created_at, model.id).with_for_update()
                .execution_options(populate_existing=True))).scalars())

        rows.reservations = {(r.job_id, r.part_no): r for r in await locked(t.Reservation)}
        rows.issues = {(r.job_id, r.part_no): r for r in await locked(t.Issue)}
        rows.shortages = {r.id: r for r in await locked(t.Shortage)}
        rows.returned = {k: r.qty_returned for k, r in rows.issues.items()}
        return rows

    def aggregate(self) -> Reservation:
        reservation = Reservation(dealer_id=self.dealer_id, order_id=self.order_id)

        def line(job_id: str, part_no: str) -> ReservationLine:
            return reservation.lines.setdefault(
                (job_id, part_no), ReservationLine(job_id=job_id, part_no=part_no))

        for (job_id, part_no), row in self.reservations.items():
            ln = line(job_id, part_no)
            ln.status, ln.qty_requested = ReservationState(row.status), row.qty_requested
            ln.qty_held, ln.qty_issued = row.qty_held, row.qty_issued
            ln.created_at, ln.updated_at = row.created_at, row.updated_at
        for (job_id, part_no), issue in self.issues.items():
            ln = line(job_id, part_no)
            ln.issue = _issue_of(issue)
            if ln.status is ReservationState.UNRESERVED:
                ln.status = ReservationState.ISSUED
        for short in self.shortages.values():
            line(short.job_id or "", short.part_no).shortages.append(_shortage_of(short))
        return reservation

    async def save(self, session: Any, reservation: Reservation) -> None:
        for key, ln in reservation.lines.items():
            self._save_line(session, key, ln)
            for shortage in ln.shortages:
                self._save_shortage(session, shortage)
            await self._save_issue(session, key, ln)
        await session.flush()  # the unique keys stop a concurrent second issue here

    def _save_line(self, session: Any, key: LineKey, ln: ReservationLine) -> None:
        row = self.reservations.get(key)
        if row is None:
            if not ln.on_record:
                return  # nothing was ever held for it: not among the order's reservations
            row = t.Reservation(dealer_id=self.dealer_id, order_id=self.order_id,
                                job_id=ln.job_id, part_no=ln.part_no, qty_requested=ZERO,
                                created_at=ln.created_at, updated_at=ln.updated_at)
            session.add(row)
            self.reservations[key] = row
        row.qty_requested, row.qty_held = ln.qty_requested, ln.qty_held
        row.qty_issued, row.status = ln.qty_issued, ln.status.value
        if ln.updated_at is not None:
            row.updated_at = ln.updated_at

    def _save_shortage(self, session: Any, s: Shortage) -> None:
        row = self.shortages.get(s.id)
        if row is None:
            row = t.Shortage(id=s.id, dealer_id=s.dealer_id, order_id=s.order_id,
                             job_id=s.job_id, part_no=s.part_no, qty_requested=s.qty_requested,
                             qty_short=s.qty_short, created_at=s.created_at)
            session.add(row)
            self.shortages[s.id] = row
        row.qty_requested, row.qty_short = s.qty_requested, s.qty_short
        row.stage, row.status = s.stage.value, s.status.value
        row.expected_date, row.updated_at = s.expected_date, s.updated_at

    async def _save_issue(self, session: Any, key: LineKey, ln: ReservationLine) -> None:
        issue = ln.issue
        if issue is None:
            return
        row = self.issues.get(key)
        if row is None:
            row = t.Issue(dealer_id=self.dealer_id, order_id=self.order_id, job_id=ln.job_id,
                          part_no=ln.part_no, name=issue.name, qty=issue.qty,
                          qty_returned=issue.qty_returned, unit_price=issue.unit_price,
                          unit_cost=issue.unit_cost, created_at=issue.created_at)
            session.add(row)
            self.issues[key] = row
            self.returned[key] = issue.qty_returned
            return
        delta = issue.qty_returned - self.returned[key]
        if delta > 0:  # guarded: never more back than was issued, whatever ran meanwhile
            i = t.Issue.__table__
            result: Any = await session.execute(
                update(i).where(i.c.id == row.id, i.c.qty - i.c.qty_returned >= _q(delta))
                .values(qty_returned=i.c.qty_returned + _q(delta)))
            if result.rowcount != 1:
                raise Conflict("more would come back than was issued / 退回数量超过领用数量",
                               code="return-exceeds-issue")
            self.returned[key] = issue.qty_returned


def _issue_of(row: t.Issue) -> IssueRecord:
    return IssueRecord(qty=row.qty, name=row.name, unit_price=row.unit_price,
                       unit_cost=row.unit_cost, created_at=row.created_at,
                       qty_returned=row.qty_returned)


def _shortage_of(row: t.Shortage) -> Shortage:
    return Shortage(id=row.id, dealer_id=row.dealer_id, order_id=row.order_id,
                    job_id=row.job_id, part_no=row.part_no, qty_requested=row.qty_requested,
                    qty_short=row.qty_short, stage=ShortageStage(row.stage),
                    status=ShortageState(row.status), expected_date=row.expected_date,
                    created_at=row.created_at, updated_at=row.updated_at)
