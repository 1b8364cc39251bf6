"""Repair orders in and out of their rows: load, build the aggregate, track it, save it back."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update

from aftersales_common.auth import Principal
from aftersales_common.db import Session, hold_loaded_rows, insert_ignore
from aftersales_common.errors import NotFound
from aftersales_common.messaging.unit_of_work import UnitOfWork
from aftersales_common.money import decimal_str
from workshop.adapters import clock_rows, delivery_rows, reception_rows
from workshop.adapters import tables as t
from workshop.domain.events import PartNeed, SignedEstimate
from workshop.domain.reception import CustomerFile, VehicleFile
from workshop.domain.repair_order import Job, QcRecord, RepairOrder, WalkAround
from workshop.domain.statuses import JobStatus, OrderStatus, PayType, QcLevel
from workshop.domain.supply import PartSupply
from workshop.domain.terms import PartOrigin, Skill

_ORDER_FIELDS = (
    "order_no", "dealer_id", "appointment_id", "customer_id", "vehicle_id", "vin", "plate",
    "model", "service_type", "concern", "paid", "paid_at", "invoice_id", "waiting_parts",
    "rework_count", "opened_by", "authorized_by", "authorized_at", "qc_passed_at", "delivered_at",
    "delivered_by", "delivery_odometer_km", "cancel_reason", "created_at", "updated_at",
    "customer_waiting",
)
_JOB_FIELDS = (
    "order_id", "position", "op_code", "description", "labor_hours", "additional", "technician",
    "rework_count", "requested_by", "decided_by", "decided_at", "started_at", "finished_at",
    "finish_notes", "created_at", "finding_id",
)


# ---- rows -> aggregate ---------------------------------------------------------------
def job_of(row: t.Job) -> Job:
    """A job entity from its row."""
    parts = tuple(_part_of(p) for p in row.parts or [])
    return Job(id=row.id, status=JobStatus(row.status), pay_type=PayType(row.pay_type), parts=parts,
               skill=Skill(row.skill or Skill.MECHANICAL),
               three_c=reception_rows.three_c_of(row.three_c), pay_reason=row.pay_reason,
               **{f: getattr(row, f) for f in _JOB_FIELDS})


def _part_of(line: dict[str, str]) -> PartNeed:
    consent_at = line.get("consent_at")
    return PartNeed(line["part_no"], Decimal(line["qty"]),
                    PartOrigin(line.get("origin") or PartOrigin.ORIGINAL),
                    line.get("consent_by") or None,
                    datetime.fromisoformat(consent_at) if consent_at else None)


def _part_row(part: PartNeed) -> dict[str, str]:
    line = {"part_no": part.part_no, "qty": decimal_str(part.qty), "origin": part.origin.value}
    if part.consent_by:
        line["consent_by"] = part.consent_by
    if part.consent_at:
        line["consent_at"] = part.consent_at.isoformat()
    return line


def _signed_of(row: t.RepairOrder) -> SignedEstimate | None:
    if row.signed_total is None or row.signed_at is None:
        return None
    return SignedEstimate(labour=row.signed_labour or Decimal(0), parts=row.signed_parts or Decimal(0),
                          vat=row.signed_vat or Decimal(0), total=row.signed_total,
                          quoted_total=row.signed_quoted_total or row.signed_total,
                          promised_at=row.promised_at, signed_at=row.signed_at,
                          signature=row.signature)


def _signed_row(signed: SignedEstimate | None) -> dict[str, Any]:
    if signed is None:
        return {}
    return {"signed_labour": signed.labour, "signed_parts": signed.parts,
            "signed_vat": signed.vat, "signed_total": signed.total,
            "signed_quoted_total": signed.quoted_total, "promised_at": signed.promised_at,
            "signed_at": signed.signed_at, "signature": signed.signature}


def order_of(row: t.RepairOrder, jobs: Iterable[t.Job], inspection: t.Inspection | None = None,
             checks: Iterable[t.QcCheck] = (), supplies: Iterable[t.PartsStatus] = ()) -> RepairOrder:
    """The aggregate from its rows (explicit mapping, no ORM object leaks into the domain)."""
    walk = None if inspection is None else WalkAround(
        inspection.odometer_km, inspection.fuel_level, inspection.notes, tuple(inspection.damages),
        tuple(inspection.valuables), inspection.inspected_by, inspection.inspected_at,
        reception_rows.detail_from(inspection))
    return RepairOrder(
        id=row.id, status=OrderStatus(row.status),
        qc_stage=QcLevel(row.qc_stage) if row.qc_stage else None,
        jobs=[job_of(j) for j in jobs], walk_around=walk, signed=_signed_of(row),
        qc_checks=[QcRecord(c.id, QcLevel(c.level), c.passed, c.notes, tuple(c.rework_job_ids),
                            c.inspector, c.created_at, *delivery_rows.qc_extras(c))
                   for c in checks],
        **delivery_rows.order_extras(row),
        supplies={s.part_no: PartSupply(
            held=s.held, issued=s.issued, awaiting_initial=s.awaiting_initial,
            short_by_job={j: Decimal(q) for j, q in (s.short_by_job or {}).items()},
            expected_date=s.expected_date) for s in supplies},
        **{f: getattr(row, f) for f in _ORDER_FIELDS})


async def load_orders(session: Session, rows: list[t.RepairOrder], *,
                      full: bool) -> list[RepairOrder]:
    """Aggregates of these order rows; `full` adds walk-around, checks and parts status."""
    ids = [r.id for r in rows]
    if not ids:
        return []
    jobs = await _by_order(session, t.Job, ids, t.Job.position)
    checks = await _by_order(session, t.QcCheck, ids, t.QcCheck.created_at) if full else {}
    supplies = await _by_order(session, t.PartsStatus, ids, t.PartsStatus.part_no) if full else {}
    inspections = {i.order_id: i for i in (await session.execute(
        select(t.Inspection).where(t.Inspection.order_id.in_(ids)))).scalars()} if full else {}
    orders = [order_of(r, jobs.get(r.id, []), inspections.get(r.id), checks.get(r.id, []),
                       supplies.get(r.id, [])) for r in rows]
    await clock_rows.attach(session, orders)
    await delivery_rows.attach_gate_passes(session, orders)
    await reception_rows.attach(session, orders)
    return orders


async def _by_order(session: Session, table: Any, ids: list[str], order: Any) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = defaultdict(list)
    for row in (await session.execute(
            select(table).where(table.order_id.in_(ids)).order_by(order))).scalars():
        out[row.order_id].append(row)
    return out


# ---- the repository ------------------------------------------------------------------
class OrderRepository:
    """Repair orders within one unit of work; every loaded or added order is tracked."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.session: Session = uow.session
        hold_loaded_rows(self.session)  # `_save` finds the rows `get` loaded

    async def get(self, order_id: str, principal: Principal) -> RepairOrder:
        """The order, 404 when missing or out of the caller's scope.

        Locked (FOR UPDATE) for the rest of the unit of work: the whole aggregate is written
        back on commit, so a concurrent reaction must wait rather than overwrite it.
        """
        row = await self.session.get(t.RepairOrder, order_id, with_for_update=True)
        if row is None:
            raise NotFound("repair order not found / 未找到维修委托书")
        principal.check_record(row.dealer_id, row.customer_id)
        return await self._track(row)

    async def of_job(self, job_id: str, principal: Principal) -> RepairOrder:
        """The order owning a job, 404 when missing or out of scope."""
        job = await self.session.get(t.Job, job_id)
        if job is None:
            raise NotFound("job not found / 未找到维修项目")
        return await self.get(job.order_id, principal)

    async def of_dealer(self, order_id: str, dealer_id: str) -> RepairOrder | None:
        """For reactions: the order an event names, if it is one of this dealer's (locked)."""
        row = await self.session.get(t.RepairOrder, order_id, with_for_update=True)
        if row is None or row.dealer_id != dealer_id:
            return None
        return await self._track(row)

    async def has_appointment(self, appointment_id: str) -> bool:
        """True when an order was opened for this appointment already."""
        return bool(await self.session.scalar(
            select(t.RepairOrder.id).where(t.RepairOrder.appointment_id == appointment_id)))

    def add(self, order: RepairOrder) -> None:
        """A new order, written at commit."""
        self.uow.track(order, self._save)

    async def next_sequence(self, dealer_id: str, day: date) -> int:
        """Atomically take the next order number of the dealer's day."""
        key = f"{day:%Y%m%d}"
        counter = t.OrderCounter
        await insert_ignore(self.session, counter.__table__,
                            {"dealer_id": dealer_id, "day": key, "last": 0}, ["dealer_id", "day"])
        await self.session.execute(
            update(counter).where(counter.dealer_id == dealer_id, counter.day == key)
            .values(last=counter.last + 1))
        last = await self.session.scalar(
            select(counter.last).where(counter.dealer_id == dealer_id, counter.day == key))
        return int(last or 0)

    async def _track(self, row: t.RepairOrder) -> RepairOrder:
        (order,) = await load_orders(self.session, [row], full=True)
        self.uow.track(order, self._save)
        return order

    async def _save(self, order: RepairOrder) -> None:
        """Write the aggregate back to its rows."""
        await self._put(t.RepairOrder, order.id, {
            **{f: getattr(order, f) for f in _ORDER_FIELDS}, "status": order.status.value,
            "qc_stage": order.qc_stage.value if order.qc_stage else None,
            **_signed_row(order.signed), **delivery_rows.order_values(order)})
        await self.session.flush()  # the order row first: jobs and checks refer to it
        for job in order.jobs:
            await self._put(t.Job, job.id, {
                **{f: getattr(job, f) for f in _JOB_FIELDS}, "status": job.status.value,
                "pay_type": job.pay_type.value, "skill": job.skill.value,
                "parts": [_part_row(p) for p in job.parts],
                "three_c": reception_rows.three_c_row(job.three_c), "pay_reason": job.pay_reason})
        if order.walk_around is not None:
            await self._save_walk_around(order.id, order.walk_around)
        for check in order.qc_checks:
            if await self.session.get(t.QcCheck, check.id) is None:
                self.session.add(t.QcCheck(id=check.id, order_id=order.id, level=check.level.value,
                                passed=check.passed, notes=check.notes,
                                rework_job_ids=list(check.rework_job_ids),
                                inspector=check.inspector, created_at=check.created_at,
                                **delivery_rows.qc_values(check)))
        for part_no, supply in order.supplies.items():
            await self._save_supply(order, part_no, supply)
        await clock_rows.save(self.session, order)
        await delivery_rows.save_gate_pass(self.session, order)
        await reception_rows.save(self.session, order)

    async def _put(self, table: Any, key: str, values: dict[str, Any]) -> None:
        row = await self.session.get(table, key)
        if row is None:
            self.session.add(table(id=key, **values))
            return
        for name, value in values.items():
            setattr(row, name, value)

    async def _save_walk_around(self, order_id: str, walk: WalkAround) -> None:
        row = await self.session.get(t.Inspection, order_id) or t.Inspection(
            order_id=order_id, odometer_km=walk.odometer_km, fuel_level=walk.fuel_level,
            inspected_by=walk.inspected_by)
        row.odometer_km, row.fuel_level, row.notes = walk.odometer_km, walk.fuel_level, walk.notes
        row.damages, row.valuables = list(walk.damages), list(walk.valuables)
        row.inspected_by, row.inspected_at = walk.inspected_by, walk.inspected_at
        row.detail = reception_rows.detail_row(walk.detail)
        self.session.add(row)

    async def _save_supply(self, order: RepairOrder, part_no: str, supply: PartSupply) -> None:
        row = await self.session.get(t.PartsStatus, (order.id, part_no)) or t.PartsStatus(
            order_id=order.id, part_no=part_no)
        short_by_job = {j: str(q) for j, q in supply.short_by_job.items()}
        state = (supply.held, supply.issued, supply.short, supply.awaiting_initial,
                 supply.expected_date, short_by_job, supply.status)
        if state != (row.held, row.issued, row.short, row.awaiting_initial, row.expected_date,
                     row.short_by_job, row.status) or row.updated_at is None:
            row.held, row.issued, row.short = supply.held, supply.issued, supply.short
            row.awaiting_initial, row.expected_date = supply.awaiting_initial, supply.expected_date
            row.short_by_job, row.status = short_by_job, supply.status
            row.updated_at = order.updated_at
            self.session.add(row)


# ---- the vehicle files (projection of booking's customers and vehicles) ------------
class VehicleFiles:
    """Booking's customers and vehicles as workshop knows them."""

    def __init__(self, session: Session) -> None:
        self.session = session

    async def customer(self, customer_id: str) -> CustomerFile | None:
        row = await self.session.get(t.KnownCustomer, customer_id)
        return None if row is None else CustomerFile(row.customer_id, row.dealer_id, row.name)

    async def vehicle(self, vehicle_id: str) -> VehicleFile | None:
        row = await self.session.get(t.KnownVehicle, vehicle_id)
        return None if row is None else VehicleFile(row.vehicle_id, row.customer_id, row.dealer_id,
                                                    row.vin, row.plate, row.model)

    async def put_customer(self, file: CustomerFile, *, at: Any) -> None:
        row = await self.session.get(t.KnownCustomer, file.customer_id) or t.KnownCustomer(
            customer_id=file.customer_id, dealer_id=file.dealer_id)
        row.dealer_id, row.name, row.updated_at = file.dealer_id, file.name, at
        self.session.add(row)

    async def put_vehicle(self, file: VehicleFile, *, at: Any) -> None:
        row = await self.session.get(t.KnownVehicle, file.vehicle_id) or t.KnownVehicle(
            vehicle_id=file.vehicle_id, customer_id=file.customer_id, dealer_id=file.dealer_id,
            vin=file.vin, plate=file.plate)
        row.customer_id, row.dealer_id = file.customer_id, file.dealer_id
        row.vin, row.plate, row.model, row.updated_at = file.vin, file.plate, file.model, at
        self.session.add(row)
