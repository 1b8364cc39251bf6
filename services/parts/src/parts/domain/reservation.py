"""What is held for one repair order, per job and part: held, short and issued quantities.

A `Reservation` is the consistency boundary of one order's parts. It moves stock only
through the `StockItem`s it is handed (already loaded, in part-number order), and records
the events workshop and billing read: one `parts.reserved` per operation, one
`parts.shortage` per job, one `parts.issued` per job start.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from aftersales_common.clock import new_id
from aftersales_common.domain import Aggregate
from aftersales_common.errors import NotFound
from parts.domain.events import (
    IssuedLine,
    PartsIssued,
    PartsReserved,
    PartsReturned,
    PartsShort,
    ReservedLine,
    ShortLine,
)
from parts.domain.lines import (
    LINE_TRANSITIONS,
    ReservationLine,
    ReservationState,
    Shortage,
    ShortageStage,
)
from parts.domain.quantity import ZERO, to_qty
from parts.domain.stock import Movement, StockItem, needs_by_part

JobNeeds = Sequence[tuple[str, Mapping[str, Decimal]]]


@dataclass
class Reservation(Aggregate):
    """The parts of one repair order: per (job, part) what is held, short and issued."""

    dealer_id: str
    order_id: str
    lines: dict[tuple[str, str], ReservationLine] = field(default_factory=dict)

    @property
    def held_parts(self) -> list[str]:
        """Part numbers still holding stock for the order (sorted: the lock order)."""
        return sorted({ln.part_no for ln in self.lines.values()
                       if ln.status is ReservationState.HELD and ln.qty_held > 0})

    def reserve(self, jobs: JobNeeds, stock: Mapping[str, StockItem], *, actor: str,
                at: datetime) -> None:
        """Hold each job's needs as far as stock allows; the rest is short (partial reservation).

        A (job, part) reserved, short or issued by an earlier event is left alone, so a
        repeated authorisation never reserves twice. Unknown parts are short in full.
        """
        reserved: list[ReservedLine] = []
        for job_id, needs in jobs:
            short: list[ShortLine] = []
            for part_no, qty in needs.items():
                known = self.lines.get((job_id, part_no))
                if known is not None and known.served:
                    continue
                got, missing = self._reserve_line(job_id, part_no, qty, stock.get(part_no),
                                                  actor=actor, at=at)
                reserved.extend([got] if got else [])
                short.extend([missing] if missing else [])
            if short:
                self.record(PartsShort(order_id=self.order_id, dealer_id=self.dealer_id,
                                       job_id=job_id, lines=tuple(short)))
        self.announce_reserved(reserved)

    def issue(self, job_id: str, needs: Mapping[str, Decimal], stock: Mapping[str, StockItem],
              *, actor: str, at: datetime) -> None:
        """Issue a started job's lines whole or not at all, once per (job, part).

        The job's hold is consumed and the rest comes from available stock; a line stock
        cannot cover is not issued and is reported short. Lines issued before (a restart
        after QC rework) are skipped.
        """
        issued: list[IssuedLine] = []
        short: list[ShortLine] = []
        for part_no, qty in needs.items():
            line = self._line(job_id, part_no)
            if line.issue is not None:
                continue
            item = stock.get(part_no)
            if item is None or not item.can_issue(qty, held=line.qty_held):
                available = item.available if item is not None else ZERO
                missing = min(qty, max(qty - line.qty_held - available, ZERO))
                short.append(self._report_short(line, requested=qty, short=missing,
                                                stage=ShortageStage.ISSUE, at=at))
                continue
            item.issue(qty, held=line.qty_held, order_id=self.order_id, job_id=job_id,
                       actor=actor, at=at)
            line.hand_over(qty, item.part, at=at)
            issued.append(IssuedLine(part_no=part_no, name=item.part.name, qty=qty,
                                     unit_price=item.part.unit_price))
        if issued:
            self.record(PartsIssued(order_id=self.order_id, job_id=job_id,
                                    dealer_id=self.dealer_id, lines=tuple(issued)))
        if short:
            self.record(PartsShort(order_id=self.order_id, dealer_id=self.dealer_id,
                                   job_id=job_id, lines=tuple(short)))

    def cancel(self, stock: Mapping[str, StockItem], *, actor: str, at: datetime) -> None:
        """The order is off: what is held goes back; issued parts stay; shortages close."""
        for line in sorted(self.lines.values(), key=lambda ln: (ln.part_no, ln.job_id)):
            if line.status is ReservationState.HELD:
                if line.qty_held > 0:
                    item = stock.get(line.part_no)
                    if item is None:
                        raise RuntimeError(f"no stock loaded for held part {line.part_no}")
                    item.release(line.qty_held, order_id=self.order_id, job_id=line.job_id,
                                 actor=actor, at=at)
                line.release(at=at)
            if (shortage := line.open_shortage) is not None:
                shortage.cancel(at=at)

    def take_back(self, job_id: str, item: StockItem, qty: Decimal, *, reason: str | None,
                  actor: str, at: datetime) -> Movement:
        """Issued parts back to stock (退料), at the price they were issued at."""
        qty = to_qty(qty)
        line = self.lines.get((job_id, item.part_no))
        if line is None or line.issue is None:
            raise NotFound("these parts were not issued to this job / 该工单未领用此配件")
        line.take_back(qty, at=at)
        movement = item.take_back(qty, order_id=self.order_id, job_id=job_id, reason=reason,
                                  actor=actor, at=at)
        self.record(PartsReturned(order_id=self.order_id, job_id=job_id,
                                  dealer_id=self.dealer_id, lines=(IssuedLine(
                                      part_no=item.part_no, name=line.issue.name, qty=qty,
                                      unit_price=line.issue.unit_price),)))
        return movement

    def fill_shortage(self, shortage_id: str, item: StockItem, *, actor: str,
                      at: datetime) -> ReservedLine | None:
        """Hold arrived stock for one open shortage; what was held (None: nothing)."""
        line, shortage = self._shortage(shortage_id)
        if not shortage.is_open or not LINE_TRANSITIONS.allows(line.status, "fill"):
            return None
        take = item.reserve_up_to(shortage.qty_short, order_id=self.order_id,
                                  job_id=line.job_id, actor=actor, at=at)
        if take <= 0:
            return None
        line.fill(take, requested=shortage.qty_requested, at=at)
        shortage.serve(take, at=at)
        return ReservedLine(part_no=item.part_no, qty=take, unit_price=item.part.unit_price)

    def announce_reserved(self, lines: Sequence[ReservedLine]) -> None:
        """One `parts.reserved` for what an operation newly held (nothing held: no event)."""
        if lines:
            self.record(PartsReserved(order_id=self.order_id, dealer_id=self.dealer_id,
                                      lines=tuple(lines)))

    def promise(self, shortage_id: str, expected_date: date | None, *, at: datetime
                ) -> Shortage:
        """The clerk promises an arrival date; the workshop hears it in a new `parts.shortage`."""
        _line, shortage = self._shortage(shortage_id)
        shortage.promise(expected_date, at=at)
        self.record(PartsShort(order_id=self.order_id, dealer_id=self.dealer_id,
                               job_id=shortage.job_id, lines=(shortage.line(),)))
        return shortage

    def _line(self, job_id: str, part_no: str) -> ReservationLine:
        return self.lines.setdefault((job_id, part_no),
                                     ReservationLine(job_id=job_id, part_no=part_no))

    def _shortage(self, shortage_id: str) -> tuple[ReservationLine, Shortage]:
        for line in self.lines.values():
            for shortage in line.shortages:
                if shortage.id == shortage_id:
                    return line, shortage
        raise NotFound("shortage not found / 未找到缺件记录")

    def _reserve_line(self, job_id: str, part_no: str, qty: Decimal, item: StockItem | None,
                      *, actor: str, at: datetime) -> tuple[ReservedLine | None, ShortLine | None]:
        line = self._line(job_id, part_no)
        take, got = ZERO, None
        if item is not None:
            take = item.reserve_up_to(qty, order_id=self.order_id, job_id=job_id, actor=actor,
                                      at=at)
            line.hold(qty, take, at=at)
            if take > 0:
                got = ReservedLine(part_no=part_no, qty=take, unit_price=item.part.unit_price)
        if take >= qty:
            return got, None
        return got, self._report_short(line, requested=qty, short=qty - take,
                                       stage=ShortageStage.RESERVE, at=at)

    def _report_short(self, line: ReservationLine, *, requested: Decimal, short: Decimal,
                      stage: ShortageStage, at: datetime) -> ShortLine:
        current = line.open_shortage
        if current is None:
            current = Shortage(id=new_id(), dealer_id=self.dealer_id, order_id=self.order_id,
                               job_id=line.job_id or None, part_no=line.part_no,
                               qty_requested=requested, qty_short=short, stage=stage,
                               created_at=at, updated_at=at)
            line.shortages.append(current)
        else:
            current.reassess(requested=requested, short=short, stage=stage, at=at)
        return current.line()


def serve_shortages(item: StockItem, waiting: Sequence[tuple[Reservation, str]], *,
                    actor: str, at: datetime) -> None:
    """New stock goes to the part's open shortages, oldest first; each order hears one
    `parts.reserved` for what it got."""
    served: dict[str, tuple[Reservation, list[ReservedLine]]] = {}
    for reservation, shortage_id in waiting:
        if item.available <= 0:
            break
        line = reservation.fill_shortage(shortage_id, item, actor=actor, at=at)
        if line is not None:
            served.setdefault(reservation.order_id, (reservation, []))[1].append(line)
    for reservation, lines in served.values():
        reservation.announce_reserved(lines)


def needs_by_job(lines: Iterable[tuple[str, str, Decimal]]) -> list[tuple[str, dict[str, Decimal]]]:
    """Lines to reserve (job, part, qty) grouped per job (first-seen order), summed per part."""
    jobs: dict[str, list[tuple[str, Decimal]]] = {}
    for job_id, part_no, qty in lines:
        jobs.setdefault(job_id, []).append((part_no, qty))
    return [(job_id, needs_by_part(parts)) for job_id, parts in jobs.items()]


def parts_of(jobs: JobNeeds) -> list[str]:
    """Every part number the jobs need, sorted (the order stock rows are locked in)."""
    return sorted({part_no for _job, needs in jobs for part_no in needs})
