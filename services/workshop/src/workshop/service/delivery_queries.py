"""Reads of the checks, the gate and the repair archive (read-only sessions)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from aftersales_common.auth import Principal
from aftersales_common.clock import in_dealer_zone, utcnow
from aftersales_common.db import Session
from workshop.adapters import archive_queries, delivery_rows, quality_repo
from workshop.adapters import queries as q
from workshop.adapters.catalogue_repo import OperationCatalogue
from workshop.adapters.policy_repo import PolicyRepository
from workshop.adapters.quality_repo import QcChecklists
from workshop.domain import clocking
from workshop.domain import delivery as dl
from workshop.domain.quality import ChecklistItem
from workshop.domain.repair_order import RepairOrder
from workshop.domain.statuses import JobStatus, QcLevel


async def order(session: Session, *, principal: Principal, order_id: str) -> RepairOrder:
    """The order if the caller may see it (404 otherwise)."""
    return await q.order(session, order_id, principal)


async def checklists(session: Session, *, dealer_id: str, levels: Sequence[QcLevel]
                     ) -> list[tuple[QcLevel, tuple[ChecklistItem, ...]]]:
    """The dealer's sheet for each level asked for."""
    sheets = QcChecklists(session)
    return [(level, await sheets.items(dealer_id, level)) for level in levels]


async def comebacks(session: Session, *, dealer_id: str, start: datetime,
                    end: datetime) -> list[quality_repo.Comebacks]:
    """Jobs sent back per technician in [start, end)."""
    return await quality_repo.comebacks(session, [dealer_id], start, end)


async def archive(session: Session, *, principal: Principal, order_id: str) -> dict[str, Any]:
    """The repair archive (维修档案) of one visit: what the regulation asks the dealer to keep."""
    found = await q.order(session, order_id, principal)
    return await _archive(session, found)


async def vehicle_archive(session: Session, *, principal: Principal,
                          vehicle_id: str) -> list[RepairOrder]:
    """A vehicle's archived (delivered) visits the caller may see, newest first."""
    return await archive_queries.delivered_orders(session, vehicle_id, principal)


async def _archive(session: Session, order: RepairOrder) -> dict[str, Any]:
    done = [j for j in order.jobs if j.status == JobStatus.FINISHED]
    names = await delivery_rows.part_names(session, order.dealer_id,
                                           (p.part_no for j in order.jobs for p in j.parts))
    operations = await OperationCatalogue(session).of_codes(order.dealer_id,
                                                            sorted({j.op_code for j in done}))
    policy = await PolicyRepository(session).get(order.dealer_id)
    now = utcnow()
    walk, signed, gate = order.walk_around, order.signed, order.gate_pass
    cover = None
    if order.delivered_at is not None:
        cover = dl.guarantee(classes=[o.guarantee_class for o in operations.values()],
                             periods=policy.guarantees,
                             delivered_on=in_dealer_zone(order.delivered_at).date(),
                             odometer_km=order.delivery_odometer_km)
    return {
        "order_id": order.id, "order_no": order.order_no, "dealer_id": order.dealer_id,
        "status": order.status.value,
        "customer": {"customer_id": order.customer_id,
                     "name": await archive_queries.customer_name(session, order.customer_id)},
        "vehicle": {"vehicle_id": order.vehicle_id, "vin": order.vin, "plate": order.plate,
                    "model": order.model},
        "visit": {"service_type": order.service_type, "concern": order.concern,
                  "opened_at": order.created_at, "opened_by": order.opened_by,
                  "appointment_id": order.appointment_id},
        "walk_around": None if walk is None else asdict(walk),
        "estimate": {
            "authorized_by": order.authorized_by, "authorized_at": order.authorized_at,
            **({} if signed is None else {
                "labour": signed.labour, "parts": signed.parts, "vat": signed.vat,
                "total": signed.total, "quoted_total": signed.quoted_total,
                "promised_at": signed.promised_at, "signed_at": signed.signed_at})},
        "additional_work": [
            {"job_id": j.id, "op_code": j.op_code, "description": j.description,
             "status": j.status.value, "requested_by": j.requested_by,
             "decided_by": j.decided_by, "decided_at": j.decided_at}
            for j in order.jobs if j.additional],
        "jobs": [{
            "job_id": j.id, "op_code": j.op_code, "description": j.description,
            "pay_type": j.pay_type, "status": j.status, "additional": j.additional,
            "labor_hours": j.labor_hours,
            "clocked_hours": (clocking.hours(sum(line.seconds(now) for line in j.clock_lines))
                              if j.clock_lines else None),
            "technician": j.technician, "rework_count": j.rework_count,
            "decided_by": j.decided_by, "decided_at": j.decided_at,
            "started_at": j.started_at, "finished_at": j.finished_at,
            "parts": [{"part_no": p.part_no, "name": names.get(p.part_no), "qty": p.qty,
                       "origin": p.origin, "consent_by": p.consent_by} for p in j.parts],
        } for j in order.jobs if j.status != JobStatus.DECLINED],
        "checks": [{"level": c.level, "passed": c.passed, "inspector": c.inspector,
                    "at": c.created_at, "notes": c.notes,
                    "rework_job_ids": list(c.rework_job_ids),
                    "checklist": [asdict(a) for a in c.checklist]} for c in order.qc_checks],
        "settlement": {"invoice_id": order.invoice_id, "settlement_no": order.invoice_no,
                       "total": order.invoice_total, "paid": order.paid,
                       "paid_at": order.paid_at},
        "delivery": None if order.delivered_at is None else {
            "delivered_at": order.delivered_at, "delivered_by": order.delivered_by,
            "odometer_km": order.delivery_odometer_km,
            "ready_at": order.ready_at,
            "wash": order.wash.outcome.value if order.wash else None,
            "warranty_signed_by": order.handover.warranty_signed_by if order.handover else None,
            "old_parts_handled": (order.handover.old_parts_handled
                                  if order.handover else None),
            "documents": list(order.handover.documents) if order.handover else [],
            "next_service": None if order.next_service is None else asdict(order.next_service),
            "gate_pass_code": gate.code if gate else None,
            "exited_at": gate.exited_at if gate else None},
        "guarantee": None if cover is None else asdict(cover),
    }
