"""A vehicle's history at this dealer, as the rules read it (domain/rules.py): its orders with the
performed jobs, each job's operation as the catalogue describes it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select

from aftersales_common.db import Session
from workshop.adapters import tables as t
from workshop.adapters.catalogue_repo import OperationCatalogue
from workshop.domain.catalogue import Operation
from workshop.domain.repair_order import RepairOrder
from workshop.domain.rules import OpInfo, PastJob, Visit
from workshop.domain.statuses import JobStatus, OrderStatus
from workshop.domain.visit import SERVICE_TO_VISIT, VisitType

AGREED = tuple(s.value for s in JobStatus if s not in (
    JobStatus.ESTIMATED, JobStatus.PENDING_APPROVAL, JobStatus.DECLINED))
"""Jobs the customer agreed to (done or being done): an unsigned estimate is no repair yet."""


def info_of(op: Operation | None) -> OpInfo:
    """What the rules need of an operation; an operation not in the catalogue is minor work."""
    if op is None:
        return OpInfo()
    return OpInfo(guarantee_class=op.guarantee_class, system=op.system,
                  safety_related=op.safety_related)


async def op_infos(session: Session, dealer_id: str, codes: Iterable[str]) -> dict[str, OpInfo]:
    """The catalogue's view of these op codes (upper-cased keys; unknown ones minor)."""
    wanted = sorted({c.strip().upper() for c in codes if c.strip()})
    known = await OperationCatalogue(session).of_codes(dealer_id, wanted)
    return {c: info_of(known.get(c)) for c in wanted}


async def vehicle_history(session: Session, *, dealer_id: str, vehicle_id: str,
                          excluding: str | None = None) -> list[Visit]:
    """The vehicle's other orders at this dealer (cancelled ones left out), oldest first."""
    query = select(t.RepairOrder).where(
        t.RepairOrder.dealer_id == dealer_id, t.RepairOrder.vehicle_id == vehicle_id,
        t.RepairOrder.status != OrderStatus.CANCELLED.value).order_by(t.RepairOrder.created_at)
    if excluding:
        query = query.where(t.RepairOrder.id != excluding)
    rows = list((await session.execute(query)).scalars())
    if not rows:
        return []
    ids = [r.id for r in rows]
    jobs: dict[str, list[t.Job]] = defaultdict(list)
    for job in (await session.execute(select(t.Job).where(
            t.Job.order_id.in_(ids), t.Job.status.in_(AGREED)))).scalars():
        jobs[job.order_id].append(job)
    receptions = {r.order_id: r for r in (await session.execute(
        select(t.Reception).where(t.Reception.order_id.in_(ids)))).scalars()}
    odometers = {i.order_id: i.odometer_km for i in (await session.execute(
        select(t.Inspection).where(t.Inspection.order_id.in_(ids)))).scalars()}
    infos = await op_infos(session, dealer_id, (j.op_code for js in jobs.values() for j in js))
    out = []
    for row in rows:
        reception = receptions.get(row.id)
        visit_type = (VisitType(reception.visit_type) if reception
                      else SERVICE_TO_VISIT.get(row.service_type, VisitType.PAID_REPAIR))
        out.append(Visit(
            order_id=row.id, order_no=row.order_no, visit_type=visit_type,
            opened_at=row.created_at, delivered_at=row.delivered_at,
            delivery_odometer_km=row.delivery_odometer_km, odometer_km=odometers.get(row.id),
            jobs=tuple(PastJob(j.op_code.upper(), infos.get(j.op_code.upper(), OpInfo()))
                       for j in jobs.get(row.id, []))))
    return out


def visit_now(order: RepairOrder, infos: dict[str, OpInfo]) -> Visit:
    """The order in hand as the rules see it (its performed or planned jobs)."""
    return Visit(
        order_id=order.id, order_no=order.order_no, visit_type=order.visit_type,
        opened_at=order.created_at, delivered_at=order.delivered_at,
        delivery_odometer_km=order.delivery_odometer_km,
        odometer_km=order.walk_around.odometer_km if order.walk_around else None,
        jobs=tuple(PastJob(j.op_code.upper(), infos.get(j.op_code.upper(), OpInfo()))
                   for j in order.jobs if j.status != JobStatus.DECLINED))
