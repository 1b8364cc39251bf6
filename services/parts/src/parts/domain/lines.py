"""The lines of an order's reservation: one per (job, part), with its shortages and issue.

Each line and each shortage moves only along its transition table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from aftersales_common.domain import Transitions
from aftersales_common.errors import Conflict, NotFound
from parts.domain.events import ShortLine
from parts.domain.quantity import ZERO
from parts.domain.stock import Part


class ReservationState(StrEnum):
    """Where one (job, part) line of an order stands."""

    UNRESERVED = "unreserved"  # known (short, or issued straight from stock), nothing held on record
    HELD = "held"
    ISSUED = "issued"
    RELEASED = "released"


class ShortageState(StrEnum):
    """A need the stock could not cover (缺件): open until filled or the order is cancelled."""

    OPEN = "open"
    FILLED = "filled"
    CANCELLED = "cancelled"


class ShortageStage(StrEnum):
    """When the need was found short: reserving on authorisation, or issuing at job start."""

    RESERVE = "reserve"
    ISSUE = "issue"


_WORDS = {"unreserved": "not reserved / 未预留", "held": "held / 已预留",
          "issued": "issued / 已领用", "released": "released / 已释放",
          "open": "open / 未关闭", "filled": "filled / 已补足", "cancelled": "cancelled / 已取消"}

R = ReservationState
LINE_TRANSITIONS = Transitions.of([
    ([R.UNRESERVED], "reserve", R.HELD),
    ([R.UNRESERVED, R.HELD], "fill", R.HELD),
    ([R.UNRESERVED, R.HELD, R.RELEASED], "issue", R.ISSUED),
    ([R.HELD], "release", R.RELEASED),
    ([R.ISSUED], "return", R.ISSUED),
], describe=lambda s: _WORDS[s.value])

S = ShortageState
_CLOSED = "the shortage is {} / 缺件记录已关闭"
SHORTAGE_TRANSITIONS = Transitions.of([
    ([S.OPEN], "reassess", S.OPEN),
    ([S.OPEN], "promise", S.OPEN),
    ([S.OPEN], "serve", S.OPEN),
    ([S.OPEN], "fill", S.FILLED),
    ([S.OPEN], "cancel", S.CANCELLED),
], describe=lambda s: _WORDS[s.value], refusals={
    (closed, "promise"): (_CLOSED.format(closed.value), "illegal-transition")
    for closed in (S.FILLED, S.CANCELLED)})


@dataclass(kw_only=True)
class Shortage:
    """A need of one job's part that stock could not cover."""

    id: str
    dealer_id: str
    order_id: str
    job_id: str | None
    part_no: str
    qty_requested: Decimal
    qty_short: Decimal
    stage: ShortageStage
    created_at: datetime
    updated_at: datetime
    status: ShortageState = ShortageState.OPEN
    expected_date: date | None = None

    @property
    def is_open(self) -> bool:
        return self.status is ShortageState.OPEN

    def reassess(self, *, requested: Decimal, short: Decimal, stage: ShortageStage,
                 at: datetime) -> None:
        """The need was looked at again (e.g. at job start): new figures, same shortage."""
        self._to("reassess", at)
        self.qty_requested, self.qty_short, self.stage = requested, short, stage

    def serve(self, qty: Decimal, *, at: datetime) -> None:
        """Arrived stock now holds `qty` of the need; filled when nothing is missing."""
        self.qty_short -= qty
        self._to("fill" if self.qty_short <= 0 else "serve", at)

    def fill(self, *, at: datetime) -> None:
        """The need was met by an issue."""
        self._to("fill", at)

    def cancel(self, *, at: datetime) -> None:
        self._to("cancel", at)

    def promise(self, expected_date: date | None, *, at: datetime) -> None:
        """The clerk promises an arrival date."""
        self._to("promise", at)
        self.expected_date = expected_date

    def line(self) -> ShortLine:
        return ShortLine(part_no=self.part_no, qty_requested=self.qty_requested,
                         qty_short=self.qty_short, expected_date=self.expected_date)

    def _to(self, action: str, at: datetime) -> None:
        self.status = SHORTAGE_TRANSITIONS.next(self.status, action)
        self.updated_at = at


@dataclass(kw_only=True)
class IssueRecord:
    """Parts issued to a job (领料), once per (job, part), at the price of the moment."""

    qty: Decimal
    name: str
    unit_price: Decimal
    unit_cost: Decimal
    created_at: datetime
    qty_returned: Decimal = ZERO


@dataclass(kw_only=True)
class ReservationLine:
    """One job's part within an order's reservation."""

    job_id: str
    part_no: str
    status: ReservationState = ReservationState.UNRESERVED
    qty_requested: Decimal = ZERO
    qty_held: Decimal = ZERO
    qty_issued: Decimal = ZERO
    issue: IssueRecord | None = None
    shortages: list[Shortage] = field(default_factory=list)
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def on_record(self) -> bool:
        """A hold was asked for (so the line shows among the order's reservations)."""
        return self.qty_requested > 0

    @property
    def open_shortage(self) -> Shortage | None:
        return next((s for s in self.shortages if s.is_open), None)

    @property
    def served(self) -> bool:
        """Reserved, short or issued by an earlier event: a repeated request leaves it alone."""
        return (self.status is not ReservationState.UNRESERVED or self.issue is not None
                or self.open_shortage is not None)

    def hold(self, requested: Decimal, held: Decimal, *, at: datetime) -> None:
        """First reservation of the line: `held` of `requested` (maybe nothing)."""
        self._to("reserve", at)
        self.qty_requested, self.qty_held = requested, held

    def fill(self, qty: Decimal, *, requested: Decimal, at: datetime) -> None:
        """Arrived stock held for the line."""
        self._to("fill", at)
        if not self.on_record:
            self.qty_requested = requested
        self.qty_held += qty

    def hand_over(self, qty: Decimal, part: Part, *, at: datetime) -> None:
        """Issued: the hold is consumed, the need met."""
        self._to("issue", at)
        self.issue = IssueRecord(qty=qty, name=part.name, unit_price=part.unit_price,
                                 unit_cost=part.unit_cost, created_at=at)
        self.qty_held, self.qty_issued = ZERO, self.qty_issued + qty
        if (shortage := self.open_shortage) is not None:
            shortage.fill(at=at)

    def release(self, *, at: datetime) -> None:
        self._to("release", at)
        self.qty_held = ZERO

    def take_back(self, qty: Decimal, *, at: datetime) -> None:
        """Issued parts come back: never more than was issued and not yet returned."""
        issue = self.issue
        if issue is None:
            raise NotFound("these parts were not issued to this job / 该工单未领用此配件")
        self._to("return", at)
        if qty > issue.qty - issue.qty_returned:
            raise Conflict("more would come back than was issued / 退回数量超过领用数量",
                           code="return-exceeds-issue")
        issue.qty_returned += qty

    def _to(self, action: str, at: datetime) -> None:
        self.status = LINE_TRANSITIONS.next(self.status, action)
        self.created_at = self.created_at or at
        self.updated_at = at
