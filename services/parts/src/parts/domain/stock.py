"""A part's stock at a dealer: on_hand >= reserved >= 0, available = on_hand - reserved.

Every change is a movement (Δon_hand, Δreserved) allowed only when the level after it
still satisfies the invariant. The aggregate decides on the locked figures; the adapter
applies each movement with one guarded UPDATE whose WHERE is the same invariant, so even
a stale decision can never drive stock negative.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from aftersales_common.clock import new_id
from aftersales_common.domain import Aggregate
from aftersales_common.errors import Conflict, InvalidInput
from parts.domain.events import StockLow
from parts.domain.quantity import ZERO, to_qty


class MovementKind(StrEnum):
    """Why stock changed: one row of the ledger each."""

    RECEIPT = "receipt"
    RESERVE = "reserve"
    RELEASE = "release"
    ISSUE = "issue"
    RETURN = "return"
    ADJUSTMENT = "adjustment"


@dataclass(frozen=True)
class StockLevel:
    """The figures of one part at one dealer."""

    on_hand: Decimal = ZERO
    reserved: Decimal = ZERO

    @property
    def available(self) -> Decimal:
        """What can still be reserved or issued without touching anyone's reservation."""
        return self.on_hand - self.reserved

    @property
    def valid(self) -> bool:
        """The invariant: 0 <= reserved <= on_hand."""
        return self.on_hand >= 0 and self.reserved >= 0 and self.reserved <= self.on_hand

    def moved(self, on_hand_delta: Decimal = ZERO, reserved_delta: Decimal = ZERO) -> StockLevel:
        """The level after a movement; Conflict (409) when it would break the invariant."""
        after = StockLevel(self.on_hand + on_hand_delta, self.reserved + reserved_delta)
        if not after.valid:
            raise Conflict(
                f"not enough stock: on hand {self.on_hand}, reserved {self.reserved} / 库存不足",
                code="stock-short",
            )
        return after


@dataclass(frozen=True, kw_only=True)
class Movement:
    """One ledger row (库存台账): what changed, why, and the figures it left."""

    id: str
    dealer_id: str
    part_no: str
    kind: MovementKind
    on_hand_delta: Decimal
    reserved_delta: Decimal
    on_hand_after: Decimal
    reserved_after: Decimal
    actor: str
    created_at: datetime
    order_id: str | None = None
    job_id: str | None = None
    reference: str | None = None
    reason: str | None = None
    unit_cost: Decimal | None = None

    @property
    def on_hand(self) -> Decimal:
        return self.on_hand_after

    @property
    def reserved(self) -> Decimal:
        return self.reserved_after

    @property
    def available(self) -> Decimal:
        return self.on_hand_after - self.reserved_after


REVISABLE = ("name", "unit", "unit_price", "unit_cost", "reorder_point")


@dataclass(kw_only=True)
class Part:
    """A catalogue entry of one dealer (配件目录): names, prices, reorder point."""

    id: str
    dealer_id: str
    part_no: str
    name: str
    unit: str
    unit_price: Decimal
    unit_cost: Decimal
    reorder_point: Decimal
    created_at: datetime
    updated_at: datetime

    @classmethod
    def register(cls, *, dealer_id: str, part_no: str, name: str, unit: str,
                 unit_price: Decimal, unit_cost: Decimal, reorder_point: Decimal,
                 at: datetime) -> Part:
        """A new catalogue entry; the part number is normalised and must not be blank."""
        number = normalise_part_no(part_no)
        if not number:
            raise InvalidInput("part_no must not be blank / 配件编号不能为空")
        return cls(id=new_id(), dealer_id=dealer_id, part_no=number, name=name.strip(),
                   unit=unit.strip(), unit_price=unit_price, unit_cost=unit_cost,
                   reorder_point=to_qty(reorder_point, field="reorder_point"),
                   created_at=at, updated_at=at)

    def revise(self, changes: dict[str, object], *, at: datetime) -> None:
        """Change names, prices, unit or reorder point (stock figures change only by movements)."""
        for name, value in changes.items():
            if value is None or name not in REVISABLE:
                continue
            if name == "reorder_point":
                value = to_qty(value, field=name)  # type: ignore[arg-type]
            setattr(self, name, value.strip() if isinstance(value, str) else value)
        self.updated_at = at

    def record_purchase_cost(self, unit_cost: Decimal, *, at: datetime) -> None:
        """The last purchase cost becomes the part's cost."""
        self.unit_cost, self.updated_at = unit_cost, at


@dataclass
class StockItem(Aggregate):
    """The stock of one catalogue part at its dealer, changed only through movements."""

    part: Part
    on_hand: Decimal = ZERO
    reserved: Decimal = ZERO
    movements: list[Movement] = field(default_factory=list)

    @property
    def dealer_id(self) -> str:
        return self.part.dealer_id

    @property
    def part_no(self) -> str:
        return self.part.part_no

    @property
    def level(self) -> StockLevel:
        return StockLevel(self.on_hand, self.reserved)

    @property
    def available(self) -> Decimal:
        return self.on_hand - self.reserved

    @property
    def below_reorder_point(self) -> bool:
        return self.available < self.part.reorder_point

    def receive(self, qty: Decimal, *, actor: str, at: datetime, reference: str | None = None
                ) -> Movement:
        """Goods received (入库): on_hand grows, at the part's (last purchase) cost."""
        return self._move(MovementKind.RECEIPT, actor, at, on_hand_delta=to_qty(qty),
                          reference=reference, unit_cost=self.part.unit_cost)

    def reserve_up_to(self, qty: Decimal, *, order_id: str, job_id: str, actor: str,
                      at: datetime) -> Decimal:
        """Hold as much of `qty` as is available (maybe nothing); returns what was held."""
        take, _short = split_request(qty, self.available)
        if take > 0:
            self._move(MovementKind.RESERVE, actor, at, reserved_delta=take, order_id=order_id,
                       job_id=job_id)
        return take

    def release(self, qty: Decimal, *, order_id: str, job_id: str, actor: str,
                at: datetime) -> Movement:
        """A hold given back to available stock."""
        return self._move(MovementKind.RELEASE, actor, at, reserved_delta=-qty,
                          order_id=order_id, job_id=job_id)

    def can_issue(self, qty: Decimal, *, held: Decimal) -> bool:
        """Whether `qty` can go to a job holding `held`, without touching others' holds."""
        return StockLevel(self.on_hand - qty, self.reserved - held).valid

    def issue(self, qty: Decimal, *, held: Decimal, order_id: str, job_id: str, actor: str,
              at: datetime) -> Movement:
        """The goods leave for a job; the job's whole hold ends (any excess back to available)."""
        on_hand_delta, reserved_delta = issue_movement(qty, held)
        return self._move(MovementKind.ISSUE, actor, at, on_hand_delta=on_hand_delta,
                          reserved_delta=reserved_delta, order_id=order_id, job_id=job_id)

    def take_back(self, qty: Decimal, *, order_id: str, job_id: str, reason: str | None,
                  actor: str, at: datetime) -> Movement:
        """Issued parts come back to stock (退料)."""
        return self._move(MovementKind.RETURN, actor, at, on_hand_delta=qty, order_id=order_id,
                          job_id=job_id, reason=reason)

    def adjust(self, qty_delta: Decimal, *, reason: str, actor: str, at: datetime) -> Movement:
        """Stock count correction (盘点调整): never below zero nor below what is reserved."""
        delta = to_qty(qty_delta, field="qty_delta")
        if delta == 0:
            raise InvalidInput("qty_delta must not be zero / 调整数量不能为零")
        if not StockLevel(self.on_hand + delta, self.reserved).valid:
            raise Conflict(
                f"on hand would fall below zero or below the reserved {self.reserved} "
                f"(on hand {self.on_hand}) / 调整后库存不能小于零或已预留数量", code="stock-short")
        return self._move(MovementKind.ADJUSTMENT, actor, at, on_hand_delta=delta,
                          reason=reason.strip())

    def pull_movements(self) -> list[Movement]:
        """Hand over (and forget) the movements to write, in order."""
        moved, self.movements = self.movements, []
        return moved

    def _move(self, kind: MovementKind, actor: str, at: datetime, *,
              on_hand_delta: Decimal = ZERO, reserved_delta: Decimal = ZERO,
              **ref: str | Decimal | None) -> Movement:
        before = self.level
        after = before.moved(on_hand_delta, reserved_delta)
        self.on_hand, self.reserved = after.on_hand, after.reserved
        movement = Movement(
            id=new_id(), dealer_id=self.dealer_id, part_no=self.part_no, kind=kind,
            on_hand_delta=on_hand_delta, reserved_delta=reserved_delta,
            on_hand_after=after.on_hand, reserved_after=after.reserved, actor=actor[:120],
            created_at=at, **ref,  # type: ignore[arg-type]
        )
        self.movements.append(movement)
        if falls_low(before, after, self.part.reorder_point):
            self.record(StockLow(dealer_id=self.dealer_id, part_no=self.part_no,
                                 on_hand=after.on_hand, reserved=after.reserved,
                                 available=after.available,
                                 reorder_point=self.part.reorder_point))
        return movement


def issue_movement(qty: Decimal, held: Decimal) -> tuple[Decimal, Decimal]:
    """Issuing `qty` to a job that holds `held`: the goods leave, the job's whole hold ends.

    Any part of `qty` not covered by the hold comes out of available stock; a hold larger
    than `qty` is released back to available.
    """
    return -qty, -held


def split_request(requested: Decimal, available: Decimal) -> tuple[Decimal, Decimal]:
    """Reserve what is available (never more), report the rest short: (reserve, short)."""
    take = min(requested, max(available, ZERO))
    return take, requested - take


def falls_low(before: StockLevel, after: StockLevel, reorder_point: Decimal) -> bool:
    """A change that lowered available stock and left it below the reorder point."""
    return after.available < before.available and after.available < reorder_point


def needs_by_part(lines: Iterable[tuple[str, Decimal]]) -> dict[str, Decimal]:
    """Sum lines by part number (two lines of one part are one need), sorted by part number.

    Sorting fixes the order in which stock rows are locked, so two flows touching the
    same parts concurrently cannot deadlock.
    """
    total: dict[str, Decimal] = {}
    for part_no, qty in lines:
        if qty > 0:
            total[part_no] = total.get(part_no, ZERO) + qty
    return dict(sorted(total.items()))


def normalise_part_no(raw: str) -> str:
    """Part numbers are compared upper-case without surrounding blanks."""
    return raw.strip().upper()
