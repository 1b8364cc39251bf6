"""Routes of the checks (三检), washing, delivery (交车), the gate (出门证) and the repair archive."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from aftersales_common.auth import Principal
from aftersales_common.auth.principal import STAFF_ROLES
from aftersales_common.clock import display_zone, utcnow
from aftersales_common.errors import NotFound
from aftersales_common.web.deps import RuntimeDep, require
from aftersales_common.web.inputs import Day, Id
from workshop.api import schemas as s
from workshop.api import schemas_delivery as d
from workshop.domain.quality import ChecklistAnswer
from workshop.domain.statuses import QcLevel
from workshop.service import delivery_handlers as handlers
from workshop.service import delivery_queries as queries

router = APIRouter(tags=["workshop: checks and delivery"])

Staff = Annotated[Principal, Depends(require(*STAFF_ROLES))]
Reader = Annotated[Principal, Depends(require(*STAFF_ROLES, "customer"))]
Advisor = Annotated[Principal, Depends(require("service_advisor"))]
# Everyone who signs some level of check reaches the endpoint; the order decides which level.
Checker = Annotated[Principal, Depends(require("technician", "foreman", "qc_inspector",
                                               "service_advisor"))]
Washer = Annotated[Principal, Depends(require("technician", "foreman", "service_advisor"))]
Gate = Annotated[Principal, Depends(require("service_advisor", "cashier", "manager"))]
Supervisor = Annotated[Principal, Depends(require("foreman", "qc_inspector", "manager"))]
PassCode = Annotated[str, Path(min_length=4, max_length=60, pattern=r"^[A-Za-z0-9:\- ]+$")]


@router.get("/qc-checklists", response_model=list[d.QcChecklistOut])
async def qc_checklists(rt: RuntimeDep, who: Staff, dealer_id: Id,
                        level: QcLevel | None = None) -> Any:
    """The dealer's checklist of each level (技师自检, 班组长复检, 最终质量检查报告单, 交车前检查)."""
    who.require_staff_of(dealer_id)
    async with rt.reader() as session:
        sheets = await queries.checklists(session, dealer_id=dealer_id,
                                          levels=[level] if level else list(QcLevel))
    return [d.QcChecklistOut(dealer_id=dealer_id, level=lv,
                           items=[d.QcChecklistItemOut.model_validate(i) for i in items])
            for lv, items in sheets]


@router.post("/orders/{order_id}/qc", response_model=s.OrderDetail)
async def record_qc(order_id: Id, body: d.QcIn, rt: RuntimeDep, who: Checker) -> Any:
    """Quality check (质检): self → foreman → final → (wash) → pre_delivery, each with its
    checklist; 403 wrong role, 409 out of order, 422 a pass with a point not ok."""
    checklist = None if body.checklist is None else [
        ChecklistAnswer(a.item, a.ok, a.note) for a in body.checklist]
    async with rt.uow() as uow:
        order = await handlers.record_qc(
            uow=uow, principal=who, order_id=order_id, passed=body.passed, notes=body.notes,
            level=body.level, job_ids=body.job_ids, checklist=checklist)
    return s.OrderDetail.of(order)


@router.post("/orders/{order_id}/wash", response_model=s.OrderDetail)
async def wash(order_id: Id, rt: RuntimeDep, who: Washer, body: d.WashIn | None = None) -> Any:
    """Washing (洗车) after the final inspection, or declined by the customer: the car is ready
    (`vehicle.ready` tells the cashier and the customer). 409 before the final inspection."""
    async with rt.uow() as uow:
        order = await handlers.wash(uow=uow, principal=who, order_id=order_id,
                                    washed=body.washed if body else True)
    return s.OrderDetail.of(order)


@router.post("/orders/{order_id}/deliver", response_model=s.OrderDetail)
async def deliver(order_id: Id, rt: RuntimeDep, who: Advisor,
                  body: d.DeliverIn | None = None) -> Any:
    """Hand the car back (交车): 409 until the check before delivery passed and the bill is paid;
    422 without the customer's signature for warranty work. Issues the gate pass, records the
    next-service advice and publishes the electronic repair record."""
    body = body or d.DeliverIn()
    async with rt.uow() as uow:
        order = await handlers.deliver(
            uow=uow, principal=who, order_id=order_id, odometer_km=body.odometer_km,
            warranty_signed_by=body.warranty_signed_by, old_parts_handled=body.old_parts_handled,
            documents=body.documents_handed)
    return s.OrderDetail.of(order)


def _pass_view(order: Any, gate: Any) -> d.GatePassView:
    return d.GatePassView.model_validate({
        **d.GatePassOut.model_validate(gate).model_dump(), "order_id": order.id,
        "order_no": order.order_no, "plate": order.plate, "model": order.model, "vin": order.vin})


@router.get("/orders/{order_id}/gate-pass", response_model=d.GatePassView)
async def gate_pass(order_id: Id, rt: RuntimeDep, who: Reader) -> Any:
    """The gate pass (出门证) of a delivered order (staff of the dealer, the owning customer);
    404 when the order is not delivered or not the caller's."""
    async with rt.reader() as session:
        order = await queries.order(session, principal=who, order_id=order_id)
    if order.gate_pass is None:
        raise NotFound("the car has not been delivered: no gate pass yet / 车辆未交车，尚无出门证")
    return _pass_view(order, order.gate_pass)


@router.post("/gate-passes/{code}/check", response_model=d.GatePassView)
async def check_gate_pass(code: PassCode, rt: RuntimeDep, who: Gate) -> Any:
    """The gate checks a pass (typed or scanned): valid once, the exit time is recorded;
    a second check is 409 `already-used`, an unknown code 404."""
    async with rt.uow() as uow:
        order, gate = await handlers.check_gate_pass(uow=uow, principal=who, code=code)
    return _pass_view(order, gate)


@router.get("/qc/comebacks", response_model=list[d.TechnicianComebacks])
async def comebacks(rt: RuntimeDep, who: Supervisor, dealer_id: Id,
                    start: Annotated[Day | None, Query(alias="from")] = None,
                    end: Annotated[Day | None, Query(alias="to")] = None) -> Any:
    """Comebacks (返工) per technician: jobs of theirs a failed check sent back, in the dealer's
    days `from`..`to` (inclusive; default the last 30 days)."""
    who.require_staff_of(dealer_id)
    zone = display_zone()
    last = end or utcnow().astimezone(zone).date()
    first = start or last - timedelta(days=29)
    lo = datetime.combine(first, time(0), zone).astimezone(UTC)
    hi = datetime.combine(last + timedelta(days=1), time(0), zone).astimezone(UTC)
    async with rt.reader() as session:
        counts = await queries.comebacks(session, dealer_id=dealer_id, start=lo, end=hi)
    return [d.TechnicianComebacks.model_validate(c) for c in counts]


@router.get("/orders/{order_id}/archive", response_model=d.Archive)
async def order_archive(order_id: Id, rt: RuntimeDep, who: Reader) -> Any:
    """The repair archive (维修档案) of a visit: order, walk-around, signed estimate, additional
    work, jobs with technicians and hours, parts with origin, checks with checklists,
    settlement, delivery with the gate pass, guarantee period. Staff and the owning customer."""
    async with rt.reader() as session:
        return d.Archive.model_validate(
            await queries.archive(session, principal=who, order_id=order_id))


@router.get("/vehicles/{vehicle_id}/archive", response_model=list[d.ArchiveSummary])
async def vehicle_archive(vehicle_id: Id, rt: RuntimeDep, who: Reader) -> Any:
    """A vehicle's archived (delivered) visits, newest first; 404 for a vehicle not in scope."""
    async with rt.reader() as session:
        orders = await queries.vehicle_archive(session, principal=who, vehicle_id=vehicle_id)
    return [d.ArchiveSummary(
        order_id=o.id, order_no=o.order_no, opened_at=o.created_at, delivered_at=o.delivered_at,
        odometer_km=o.delivery_odometer_km, settlement_no=o.invoice_no, total=o.invoice_total,
        concern=o.concern,
        jobs=[f"{j.op_code} {j.description}" for j in o.jobs if j.status.value == "finished"])
        for o in orders]
