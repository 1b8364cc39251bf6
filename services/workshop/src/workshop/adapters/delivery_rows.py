"""Rows <-> the order's washing, delivery, gate pass and checklist answers (explicit mapping)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from aftersales_common.db import Session
from workshop.adapters import tables as t
from workshop.domain import delivery as dl
from workshop.domain.gate import GatePass
from workshop.domain.quality import ChecklistAnswer
from workshop.domain.repair_order import QcRecord, RepairOrder


# ---- the order row ------------------------------------------------------------------------
def order_extras(row: t.RepairOrder) -> dict[str, Any]:
    """The aggregate's washing, delivery and settlement fields from its row."""
    wash = None
    if row.wash_outcome and row.ready_at is not None:
        wash = dl.Wash(dl.WashOutcome(row.wash_outcome), row.washed_by or "", row.ready_at)
    handover = None
    if row.delivered_at is not None:
        handover = dl.Handover(
            row.warranty_signed_by,
            dl.OldPartsHandling(row.old_parts_handled) if row.old_parts_handled else None,
            tuple(dl.Document(d) for d in row.documents_handed or ()))
    advice = None
    if row.next_service_on is not None:
        advice = dl.NextService(row.next_service_on, row.next_service_km,
                                dl.NextServiceBasis(row.next_service_basis or "policy"))
    return {"wash": wash, "ready_at": row.ready_at, "handover": handover, "next_service": advice,
            "invoice_no": row.invoice_no, "invoice_total": row.invoice_total}


def order_values(order: RepairOrder) -> dict[str, Any]:
    """The order row's columns for those fields."""
    handover, advice = order.handover, order.next_service
    return {
        "wash_outcome": order.wash.outcome.value if order.wash else None,
        "washed_by": order.wash.by if order.wash else None,
        "ready_at": order.ready_at,
        "warranty_signed_by": handover.warranty_signed_by if handover else None,
        "old_parts_handled": (handover.old_parts_handled.value
                              if handover and handover.old_parts_handled else None),
        "documents_handed": [d.value for d in handover.documents] if handover else None,
        "next_service_on": advice.due_on if advice else None,
        "next_service_km": advice.due_km if advice else None,
        "next_service_basis": advice.basis.value if advice else None,
        "invoice_no": order.invoice_no, "invoice_total": order.invoice_total,
    }


# ---- quality checks -----------------------------------------------------------------------
def qc_extras(row: t.QcCheck) -> tuple[tuple[ChecklistAnswer, ...], tuple[tuple[str, str], ...]]:
    """A check's checklist answers and the technicians of the jobs it sent back."""
    answers = tuple(ChecklistAnswer(a["item"], bool(a["ok"]), a.get("note") or "")
                    for a in row.checklist or ())
    return answers, tuple((pair[0], pair[1]) for pair in row.rework_technicians or ())


def qc_values(check: QcRecord) -> dict[str, Any]:
    """The check row's checklist columns."""
    return {"checklist": [{"item": a.item, "ok": a.ok, "note": a.note} for a in check.checklist],
            "rework_technicians": [list(p) for p in check.rework_technicians]}


# ---- the gate pass ------------------------------------------------------------------------
async def attach_gate_passes(session: Session, orders: Iterable[RepairOrder]) -> None:
    """Give each delivered order its gate pass."""
    delivered = {o.id: o for o in orders if o.delivered_at is not None}
    if not delivered:
        return
    rows = (await session.execute(
        select(t.GatePass).where(t.GatePass.order_id.in_(list(delivered))))).scalars()
    for row in rows:
        delivered[row.order_id].gate_pass = GatePass(row.code, row.issued_by, row.issued_at,
                                                     row.exited_at, row.checked_by)


async def save_gate_pass(session: Session, order: RepairOrder) -> None:
    """Write the order's gate pass (issued once; then only its exit changes)."""
    gate = order.gate_pass
    if gate is None:
        return
    row = await session.get(t.GatePass, order.id)
    if row is None:
        session.add(t.GatePass(order_id=order.id, code=gate.code, dealer_id=order.dealer_id,
                               issued_by=gate.issued_by, issued_at=gate.issued_at,
                               exited_at=gate.exited_at, checked_by=gate.checked_by))
    elif (row.exited_at, row.checked_by) != (gate.exited_at, gate.checked_by):
        row.exited_at, row.checked_by = gate.exited_at, gate.checked_by
        session.add(row)


async def order_id_of_gate_pass(session: Session, code: str) -> str | None:
    """The order a pass code belongs to (None: no such pass)."""
    return await session.scalar(select(t.GatePass.order_id).where(t.GatePass.code == code))


async def part_names(session: Session, dealer_id: str, part_nos: Iterable[str]) -> dict[str, str]:
    """Part names as parts published them (the price list projection); unknown ones left out."""
    wanted = sorted(set(part_nos))
    if not wanted:
        return {}
    rows = await session.execute(select(t.PartPrice.part_no, t.PartPrice.name).where(
        t.PartPrice.dealer_id == dealer_id, t.PartPrice.part_no.in_(wanted)))
    return {part_no: name for part_no, name in rows.all() if name}
