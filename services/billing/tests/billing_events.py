"""Test helpers: the events the workshop and parts publish, and what billing raised."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from aftersales_common.auth.demo import DEMO_CUSTOMER_ID, DEMO_DEALER_ID
from aftersales_common.clock import new_id
from aftersales_common.messaging.envelope import CloudEvent


def event(type_: str, data: dict[str, Any], *, event_id: str | None = None) -> CloudEvent:
    """An incoming event as the workshop or parts would publish it."""
    producer = "parts" if type_.startswith("parts.") else "workshop"
    return CloudEvent(id=event_id or new_id(), source=f"/aftersales/{producer}", type=type_,
                      subject=data["order_id"], dataschema=f"urn:aftersales:event:{type_}:v1",
                      dealerid=data["dealer_id"], data=data)


def qc_passed(order_id: str, jobs: list[dict[str, Any]], *, dealer_id: str = DEMO_DEALER_ID,
              customer_id: str = DEMO_CUSTOMER_ID) -> CloudEvent:
    return event("order.qc_passed", {
        "order_id": order_id, "order_no": "RO-0001", "dealer_id": dealer_id,
        "appointment_id": None, "customer_id": customer_id, "vehicle_id": new_id(),
        "vin": "LSVAU2180N2183294", "plate": "沪A12345", "status": "qc_passed",
        "qc_level": "final", "notes": "", "jobs": jobs,
    })


def parts_event(type_: str, order_id: str, job_id: str, lines: list[tuple[str, str, str]], *,
                dealer_id: str = DEMO_DEALER_ID) -> CloudEvent:
    return event(type_, {
        "order_id": order_id, "job_id": job_id, "dealer_id": dealer_id,
        "lines": [{"part_no": p, "name": f"part {p}", "qty": q, "unit_price": u}
                  for p, q, u in lines],
    })


def job(job_id: str, hours: str, parts: list[tuple[str, str]] = (), *,  # type: ignore[assignment]
        pay_type: str = "customer", status: str = "finished") -> dict[str, Any]:
    return {"job_id": job_id, "op_code": "OP-" + job_id[:4], "description": "保养 service",
            "labor_hours": hours, "pay_type": pay_type, "status": status,
            "parts": [{"part_no": p, "qty": q} for p, q in parts]}


async def outbox(runtime: Any) -> list[tuple[str, dict[str, Any]]]:
    """Events billing raised, oldest first: (type, data)."""
    t = runtime.tables.outbox
    async with runtime.db.session() as s:
        rows = (await s.execute(select(t.c.type, t.c.payload).order_by(t.c.seq))).all()
    return [(r.type, CloudEvent.from_json(r.payload).data) for r in rows
            if r.type != "dealer_rates.changed"]  # the rates the demo seed announces
