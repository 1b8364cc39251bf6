"""Commands of the health check (健康车检): load the inspection (and the order), call, return."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from decimal import Decimal

from aftersales_common.auth import Principal
from aftersales_common.clock import new_id, utcnow
from aftersales_common.errors import Conflict
from aftersales_common.messaging.unit_of_work import UnitOfWork
from aftersales_common.storage import ObjectStore
from workshop.adapters import queries as order_queries
from workshop.adapters.inspection_repo import InspectionRepository
from workshop.adapters.photos import CleanPhoto, clean_photo
from workshop.adapters.repository import OrderRepository
from workshop.domain.events import PartNeed
from workshop.domain.inspection import Inspection, PhotoRef
from workshop.domain.repair_order import Job, RepairOrder
from workshop.domain.terms import Skill
from workshop.service import handlers


async def start(*, uow: UnitOfWork, principal: Principal, order_id: str,
                checklist_id: str | None) -> tuple[Inspection, RepairOrder]:
    """The order's health check begins (one per order: 409 when it has one)."""
    order = await OrderRepository(uow).get(order_id, principal)
    principal.require_staff_of(order.dealer_id)
    repo = InspectionRepository(uow)
    if await repo.exists_for(order.id):
        raise Conflict("the order already has a health check / 该委托书已有健康车检",
                       code="inspection-exists")
    inspection = Inspection.start(
        order_id=order.id, dealer_id=order.dealer_id, customer_id=order.customer_id,
        vehicle_id=order.vehicle_id, order_status=order.status,
        checklist=await repo.checklist(order.dealer_id, checklist_id), by=principal.sub,
        at=utcnow())
    repo.add(inspection)
    return inspection, order


async def _staff_load(uow: UnitOfWork, principal: Principal, inspection_id: str) -> Inspection:
    inspection = await InspectionRepository(uow).get(inspection_id, principal)
    principal.require_staff_of(inspection.dealer_id)
    return inspection


async def grade(*, uow: UnitOfWork, principal: Principal, inspection_id: str, point_code: str,
                grade: str, note: str, measured: Decimal | None) -> tuple[Inspection, RepairOrder]:
    """The technician grades one point."""
    inspection = await _staff_load(uow, principal, inspection_id)
    inspection.grade(code=point_code, grade=grade, note=note, measured=measured,
                     by=principal.sub, at=utcnow())
    return inspection, await _order_view(uow, principal, inspection)


async def add_finding(*, uow: UnitOfWork, principal: Principal, inspection_id: str, title: str,
                      severity: str, note: str) -> tuple[Inspection, RepairOrder]:
    """A finding outside the checklist."""
    inspection = await _staff_load(uow, principal, inspection_id)
    inspection.add_finding(title=title, severity=severity, note=note, by=principal.sub,
                           at=utcnow())
    return inspection, await _order_view(uow, principal, inspection)


async def prepare_photo(data: bytes, *, max_bytes: int) -> CleanPhoto:
    """Size and type checked, metadata stripped (in a thread: decoding is CPU work)."""
    return await asyncio.to_thread(clean_photo, data, max_bytes=max_bytes)


async def attach_photo(*, uow: UnitOfWork, store: ObjectStore, principal: Principal,
                       inspection_id: str, photo: CleanPhoto, point_code: str | None,
                       finding_id: str | None) -> PhotoRef:
    """Keep the photo in the object store and attach it to a point or a finding.

    The inspection checks the target first, so a refused photo is never stored; if the
    commit fails after the store, the object is left without a row (never shown).
    """
    inspection = await _staff_load(uow, principal, inspection_id)
    photo_id = new_id()
    ref = inspection.attach_photo(PhotoRef(
        id=photo_id, key=photo_key(inspection, photo_id, photo.extension),
        content_type=photo.content_type, size=len(photo.data), width=photo.width,
        height=photo.height, uploaded_by=principal.sub, uploaded_at=utcnow(),
        point_code=point_code or None, finding_id=finding_id or None), at=utcnow())
    await store.put(ref.key, photo.data, ref.content_type)
    return ref


def photo_key(inspection: Inspection, photo_id: str, extension: str) -> str:
    """Where a photo lives in the object store."""
    return f"dealer/{inspection.dealer_id}/orders/{inspection.order_id}/{photo_id}.{extension}"


async def complete(*, uow: UnitOfWork, principal: Principal,
                   inspection_id: str) -> tuple[Inspection, RepairOrder]:
    """Every point graded: `inspection.completed`."""
    inspection = await _staff_load(uow, principal, inspection_id)
    inspection.complete(by=principal.sub, at=utcnow())
    return inspection, await _order_view(uow, principal, inspection)


async def propose(*, uow: UnitOfWork, principal: Principal, inspection_id: str, finding_id: str,
                  op_code: str, description: str | None, labor_hours: Decimal | None,
                  pay_type: str, parts: Sequence[tuple[str, Decimal] | PartNeed],
                  skill: Skill | None) -> tuple[Inspection, RepairOrder, Job]:
    """The advisor prices a finding: a job on the order (additional work once signed), added
    exactly as `POST /orders/{id}/jobs` adds one (catalogue, rules), and linked to the finding."""
    inspection = await _staff_load(uow, principal, inspection_id)
    inspection.check_proposable(finding_id)
    job = await handlers.add_job(uow=uow, principal=principal, order_id=inspection.order_id,
                                 op_code=op_code, description=description,
                                 labor_hours=labor_hours, pay_type=pay_type, parts=parts,
                                 skill=skill)
    job.finding_id = finding_id
    inspection.propose(finding_id=finding_id, job_id=job.id, by=principal.sub, at=job.created_at)
    return inspection, await _order_view(uow, principal, inspection), job


async def _order_view(uow: UnitOfWork, principal: Principal, inspection: Inspection) -> RepairOrder:
    """The order as stored (untracked): its number, plate and the jobs findings became."""
    return await order_queries.order(uow.session, inspection.order_id, principal)
