"""Stock operations shared by commands and event handlers: move, reserve, issue, release, fill.

Every function works inside the caller's unit of work and never commits; the events it
raises go to the outbox in the same transaction as the stock change.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from aftersales_common.clock import utcnow
from aftersales_common.messaging.envelope import EventData, make_event
from aftersales_common.messaging.outbox import UnitOfWork
from parts import contracts as ev
from parts.adapters.repository import PartsRepository
from parts.adapters.tables import Issue, Part, Reservation, Shortage, StockMovement
from parts.domain.quantity import ZERO
from parts.domain.stock import (
    MovementKind,
    StockLevel,
    falls_low,
    issue_movement,
    split_request,
)

SERVICE = "parts"
RETRIES = 3


async def publish(uow: UnitOfWork, payload: EventData, *, subject: str, dealer_id: str,
                  aggregate: str) -> None:
    """Raise an event from parts (outbox row in this transaction)."""
    await uow.publish(make_event(payload, service=SERVICE, subject=subject, dealer_id=dealer_id),
                      aggregate_type=aggregate)


async def move(uow: UnitOfWork, part: Part, kind: MovementKind, *, actor: str,
               on_hand_delta: Decimal = ZERO, reserved_delta: Decimal = ZERO,
               **ref: object) -> StockMovement | None:
    """Apply a guarded movement (its ledger row, or None); warn purchasing when stock runs low."""
    movement = await PartsRepository(uow.session).move(
        dealer_id=part.dealer_id, part_no=part.part_no, kind=kind, actor=actor,
        on_hand_delta=on_hand_delta, reserved_delta=reserved_delta, **ref,  # type: ignore[arg-type]
    )
    if movement is None:
        return None
    after = StockLevel(movement.on_hand_after, movement.reserved_after)
    before = StockLevel(after.on_hand - on_hand_delta, after.reserved - reserved_delta)
    if falls_low(before, after, part.reorder_point):
        await publish(uow, ev.StockLow(
            dealer_id=part.dealer_id, part_no=part.part_no, on_hand=after.on_hand,
            reserved=after.reserved, available=after.available, reorder_point=part.reorder_point,
        ), subject=part.part_no, dealer_id=part.dealer_id, aggregate="part")
    return movement


async def reserve_up_to(uow: UnitOfWork, part: Part, qty: Decimal, *, order_id: str,
                        job_id: str, actor: str) -> Decimal:
    """Reserve as much of `qty` as is available (maybe nothing); returns what was reserved."""
    repo = PartsRepository(uow.session)
    for _ in range(RETRIES):
        level = await repo.stock(part.dealer_id, part.part_no, lock=True)
        take, _short = split_request(qty, level.available)
        if take <= 0:
            return ZERO
        if await move(uow, part, MovementKind.RESERVE, actor=actor, reserved_delta=take,
                      order_id=order_id, job_id=job_id) is not None:
            return take
    return ZERO  # stock kept moving under us: treat as short rather than spin


async def record_shortage(uow: UnitOfWork, *, dealer_id: str, order_id: str, job_id: str,
                          part_no: str, requested: Decimal, short: Decimal,
                          stage: str) -> ev.ShortLine:
    """Open (or update the open) shortage of a job's part; the event line describing it."""
    repo = PartsRepository(uow.session)
    row = await repo.open_shortage(dealer_id, order_id, job_id, part_no)
    if row is None:
        row = Shortage(dealer_id=dealer_id, order_id=order_id, job_id=job_id, part_no=part_no,
                       qty_requested=requested, qty_short=short, stage=stage)
    else:
        row.qty_requested, row.qty_short, row.stage = requested, short, stage
        row.updated_at = utcnow()
    uow.session.add(row)
    return ev.ShortLine(part_no=part_no, qty_requested=requested, qty_short=short,
                        expected_date=row.expected_date)


async def _reserve_line(uow: UnitOfWork, *, dealer_id: str, order_id: str, job_id: str,
                        part_no: str, qty: Decimal, actor: str
                        ) -> tuple[ev.ReservedLine | None, ev.ShortLine | None]:
    """Reserve one (job, part) need: what was reserved and what is short (either may be None)."""
    repo = PartsRepository(uow.session)
    part = await repo.find_part(dealer_id, part_no)
    if part is not None:  # under the stock lock, the checks below cannot go stale
        await repo.stock(dealer_id, part_no, lock=True)
    if (await repo.reservation(dealer_id, order_id, job_id, part_no) is not None
            or await repo.open_shortage(dealer_id, order_id, job_id, part_no) is not None
            or await repo.issue(dealer_id, order_id, job_id, part_no) is not None):
        return None, None  # served by an earlier event
    take, reserved = ZERO, None
    if part is not None:
        take = await reserve_up_to(uow, part, qty, order_id=order_id, job_id=job_id, actor=actor)
        uow.session.add(Reservation(dealer_id=dealer_id, order_id=order_id, job_id=job_id,
                                    part_no=part_no, qty_requested=qty, qty_held=take))
        if take > 0:
            reserved = ev.ReservedLine(part_no=part_no, qty=take, unit_price=part.unit_price)
    if take >= qty:
        return reserved, None
    return reserved, await record_shortage(
        uow, dealer_id=dealer_id, order_id=order_id, job_id=job_id, part_no=part_no,
        requested=qty, short=qty - take, stage="reserve")


async def reserve_jobs(uow: UnitOfWork, *, dealer_id: str, order_id: str,
                       jobs: list[tuple[str, dict[str, Decimal]]], actor: str) -> None:
    """Reserve each job's parts; raise `parts.reserved` and one `parts.shortage` per short job.

    A (job, part) already reserved, short or issued from an earlier event is left alone, so
    a repeated authorisation never reserves twice.
    """
    reserved: list[ev.ReservedLine] = []
    for job_id, needs in jobs:
        short: list[ev.ShortLine] = []
        for part_no, qty in needs.items():
            got, missing = await _reserve_line(uow, dealer_id=dealer_id, order_id=order_id,
                                               job_id=job_id, part_no=part_no, qty=qty,
                                               actor=actor)
            reserved.extend([got] if got else [])
            short.extend([missing] if missing else [])
        if short:
            await publish(uow, ev.PartsShortage(order_id=order_id, dealer_id=dealer_id,
                                                job_id=job_id, lines=short),
                          subject=order_id, dealer_id=dealer_id, aggregate="order")
    if reserved:
        await publish(uow, ev.PartsReserved(order_id=order_id, dealer_id=dealer_id,
                                            lines=reserved),
                      subject=order_id, dealer_id=dealer_id, aggregate="order")


async def _issue_line(uow: UnitOfWork, *, dealer_id: str, order_id: str, job_id: str,
                      part_no: str, qty: Decimal, actor: str
                      ) -> ev.IssuedLine | ev.ShortLine | None:
    """Issue one line whole or not at all; None when it had been issued before."""
    repo = PartsRepository(uow.session)
    part = await repo.find_part(dealer_id, part_no)
    if part is not None:
        await repo.stock(dealer_id, part_no, lock=True)
    reservation = await repo.reservation(dealer_id, order_id, job_id, part_no)
    if await repo.issue(dealer_id, order_id, job_id, part_no) is not None:
        return None
    held = reservation.qty_held if reservation is not None else ZERO
    on_hand_delta, reserved_delta = issue_movement(qty, held)
    after = None
    if part is not None:
        after = await move(uow, part, MovementKind.ISSUE, actor=actor, on_hand_delta=on_hand_delta,
                           reserved_delta=reserved_delta, order_id=order_id, job_id=job_id)
    if part is None or after is None:
        available = (await repo.stock(dealer_id, part_no)).available if part else ZERO
        return await record_shortage(
            uow, dealer_id=dealer_id, order_id=order_id, job_id=job_id, part_no=part_no,
            requested=qty, short=min(qty, max(qty - held - available, ZERO)), stage="issue")
    uow.session.add(Issue(dealer_id=dealer_id, order_id=order_id, job_id=job_id,
                          part_no=part_no, name=part.name, qty=qty, unit_price=part.unit_price,
                          unit_cost=part.unit_cost))
    await uow.session.flush()  # the unique key stops a concurrent second issue here
    if reservation is not None:
        reservation.qty_held, reservation.qty_issued = ZERO, reservation.qty_issued + qty
        reservation.status, reservation.updated_at = "issued", utcnow()
        uow.session.add(reservation)
    open_short = await repo.open_shortage(dealer_id, order_id, job_id, part_no)
    if open_short is not None:
        open_short.status, open_short.updated_at = "filled", utcnow()
        uow.session.add(open_short)
    return ev.IssuedLine(part_no=part_no, name=part.name, qty=qty, unit_price=part.unit_price)


async def issue_job(uow: UnitOfWork, *, dealer_id: str, order_id: str, job_id: str,
                    needs: dict[str, Decimal], actor: str) -> None:
    """Issue a started job's parts once: from its reservation, else from available stock.

    A line stock cannot cover is not issued at all and is reported in `parts.shortage`;
    lines issued by an earlier start (QC rework) are skipped.
    """
    issued: list[ev.IssuedLine] = []
    short: list[ev.ShortLine] = []
    for part_no, qty in needs.items():
        line = await _issue_line(uow, dealer_id=dealer_id, order_id=order_id, job_id=job_id,
                                 part_no=part_no, qty=qty, actor=actor)
        if isinstance(line, ev.IssuedLine):
            issued.append(line)
        elif isinstance(line, ev.ShortLine):
            short.append(line)
    if issued:
        await publish(uow, ev.PartsIssued(order_id=order_id, job_id=job_id, dealer_id=dealer_id,
                                          lines=issued),
                      subject=order_id, dealer_id=dealer_id, aggregate="order")
    if short:
        await publish(uow, ev.PartsShortage(order_id=order_id, dealer_id=dealer_id,
                                            job_id=job_id, lines=short),
                      subject=order_id, dealer_id=dealer_id, aggregate="order")


async def release_order(uow: UnitOfWork, *, dealer_id: str, order_id: str, actor: str) -> None:
    """Give an order's held stock back to available; issued parts stay issued."""
    repo = PartsRepository(uow.session)
    for listed in await repo.held_reservations(dealer_id, order_id):
        part = await repo.find_part(dealer_id, listed.part_no)
        if part is not None:
            await repo.stock(dealer_id, listed.part_no, lock=True)
        reservation = await repo.reservation(dealer_id, order_id, listed.job_id, listed.part_no)
        if reservation is None or reservation.qty_held <= 0:
            continue  # released or issued meanwhile
        if part is None or await move(
                uow, part, MovementKind.RELEASE, actor=actor,
                reserved_delta=-reservation.qty_held, order_id=order_id,
                job_id=reservation.job_id) is None:
            raise RuntimeError(f"reservation {reservation.id} does not match the stock")
        reservation.qty_held, reservation.status = ZERO, "released"
        reservation.updated_at = utcnow()
        uow.session.add(reservation)
    for shortage in await repo.open_shortages_of_order(dealer_id, order_id):
        shortage.status, shortage.updated_at = "cancelled", utcnow()
        uow.session.add(shortage)


async def fill_shortages(uow: UnitOfWork, part: Part, *, actor: str) -> None:
    """New stock goes to open shortages of the part first, oldest first (`parts.reserved`)."""
    repo = PartsRepository(uow.session)
    by_order: dict[str, list[ev.ReservedLine]] = defaultdict(list)
    for shortage in await repo.open_shortages_of_part(part.dealer_id, part.part_no):
        job_id = shortage.job_id or ""
        take = await reserve_up_to(uow, part, shortage.qty_short, order_id=shortage.order_id,
                                   job_id=job_id, actor=actor)
        if take <= 0:
            break
        reservation = await repo.reservation(part.dealer_id, shortage.order_id, job_id,
                                             part.part_no)
        if reservation is None:
            reservation = Reservation(dealer_id=part.dealer_id, order_id=shortage.order_id,
                                      job_id=job_id, part_no=part.part_no,
                                      qty_requested=shortage.qty_requested)
        reservation.qty_held = reservation.qty_held + take
        reservation.status, reservation.updated_at = "held", utcnow()
        uow.session.add(reservation)
        shortage.qty_short = shortage.qty_short - take
        if shortage.qty_short <= 0:
            shortage.status = "filled"
        shortage.updated_at = utcnow()
        uow.session.add(shortage)
        by_order[shortage.order_id].append(
            ev.ReservedLine(part_no=part.part_no, qty=take, unit_price=part.unit_price))
    for order_id, lines in by_order.items():
        await publish(uow, ev.PartsReserved(order_id=order_id, dealer_id=part.dealer_id,
                                            lines=lines),
                      subject=order_id, dealer_id=part.dealer_id, aggregate="order")
