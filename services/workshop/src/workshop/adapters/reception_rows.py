"""Reception rows of a repair order (visit, greeting, words, choices, flags), the jobs' 3C and the
structured walk-around: the mapping between them and the aggregate."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select

from aftersales_common.db import Session
from workshop.adapters import tables as t
from workshop.domain.reception_steps import ThreeC
from workshop.domain.repair_order import RepairOrder
from workshop.domain.visit import (
    Arrival,
    Comeback,
    OldParts,
    PaymentMethod,
    Reception,
    VisitType,
)
from workshop.domain.walkaround import WalkAroundDetail, detail_of, summary

_PLAIN = ("arrived_at", "greeted_at", "greeted_by", "greet_target_minutes", "customer_words",
          "extra_work_needs_approval", "recorded_by", "recorded_at", "repeat_of",
          "loaner_required", "loaner_due_at")
_COMEBACK = ("of_order", "of_order_no", "op_code", "system", "within_km", "within_days",
             "period_km", "period_days", "free")


def three_c_of(data: dict[str, Any] | None) -> ThreeC:
    """A job's 3C from its column."""
    if not data:
        return ThreeC()
    at = data.get("updated_at")
    return ThreeC(concern=data.get("concern", ""), cause=data.get("cause", ""),
                  correction=data.get("correction", ""), updated_by=data.get("updated_by"),
                  updated_at=datetime.fromisoformat(at) if at else None)


def three_c_row(c: ThreeC) -> dict[str, Any] | None:
    """A job's 3C for its column (None while empty)."""
    if not (c.concern or c.cause or c.correction):
        return None
    return {"concern": c.concern, "cause": c.cause, "correction": c.correction,
            "updated_by": c.updated_by,
            "updated_at": c.updated_at.isoformat() if c.updated_at else None}


def detail_from(row: t.Inspection | None) -> WalkAroundDetail | None:
    """The structured walk-around stored beside the old record's columns."""
    return None if row is None else detail_of(row.detail)


def detail_row(detail: WalkAroundDetail | None) -> dict[str, Any] | None:
    return None if detail is None else summary(detail)


def reception_of(row: t.Reception) -> Reception:
    """The aggregate's reception value from its row."""
    comeback = None if not row.comeback else Comeback(**{k: row.comeback.get(k) for k in _COMEBACK})
    return Reception(
        visit_type=VisitType(row.visit_type), arrival=Arrival(row.arrival),
        payment_method=PaymentMethod(row.payment_method) if row.payment_method else None,
        old_parts=OldParts(row.old_parts) if row.old_parts else None, comeback=comeback,
        **{f: getattr(row, f) for f in _PLAIN})


async def attach(session: Session, orders: Sequence[RepairOrder]) -> None:
    """Give each loaded order its reception (orders from before reception keep the defaults)."""
    if not orders:
        return
    rows = {r.order_id: r for r in (await session.execute(
        select(t.Reception).where(t.Reception.order_id.in_([o.id for o in orders])))).scalars()}
    for order in orders:
        if (row := rows.get(order.id)) is not None:
            order.reception = reception_of(row)


async def save(session: Session, order: RepairOrder) -> None:
    """Write the order's reception back to its row."""
    r = order.reception
    row = await session.get(t.Reception, order.id) or t.Reception(
        order_id=order.id, visit_type=r.visit_type.value, arrival=r.arrival.value)
    row.visit_type, row.arrival = r.visit_type.value, r.arrival.value
    row.payment_method = r.payment_method.value if r.payment_method else None
    row.old_parts = r.old_parts.value if r.old_parts else None
    row.comeback = None if r.comeback is None else {
        k: getattr(r.comeback, k) for k in _COMEBACK}
    for name in _PLAIN:
        setattr(row, name, getattr(r, name))
    session.add(row)
