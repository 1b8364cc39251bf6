"""Commands of the checks, washing, delivery and the gate: load the order, call it, hand it back."""

from __future__ import annotations

from collections.abc import Sequence

from aftersales_common.auth import Principal
from aftersales_common.clock import utcnow
from aftersales_common.errors import NotFound
from aftersales_common.messaging.unit_of_work import UnitOfWork
from workshop.adapters import delivery_rows
from workshop.adapters.catalogue_repo import OperationCatalogue
from workshop.adapters.policy_repo import PolicyRepository
from workshop.adapters.quality_repo import QcChecklists
from workshop.adapters.repository import OrderRepository
from workshop.domain import delivery as dl
from workshop.domain.gate import GatePass, read_code
from workshop.domain.quality import ChecklistAnswer, verify_checklist
from workshop.domain.repair_order import RepairOrder
from workshop.domain.statuses import JobStatus, QcLevel
from workshop.service import reception


async def record_qc(*, uow: UnitOfWork, principal: Principal, order_id: str, passed: bool,
                    notes: str, level: QcLevel, job_ids: list[str] | None,
                    checklist: Sequence[ChecklistAnswer] | None = None) -> RepairOrder:
    """A quality check with the level's checklist (when given, answered in full and consistent)."""
    order = await OrderRepository(uow).get(order_id, principal)
    answers: tuple[ChecklistAnswer, ...] = ()
    if checklist is not None:
        items = await QcChecklists(uow.session).items(order.dealer_id, level)
        answers = verify_checklist(items, checklist, passed=passed)
    order.record_qc(level=level, passed=passed, by=principal.sub, roles=principal.roles,
                    at=utcnow(), notes=notes, job_ids=job_ids, checklist=answers)
    return order


async def wash(*, uow: UnitOfWork, principal: Principal, order_id: str,
               washed: bool) -> RepairOrder:
    """Washing done (or declined by the customer): the car is ready (`vehicle.ready`)."""
    order = await OrderRepository(uow).get(order_id, principal)
    principal.require_staff_of(order.dealer_id)
    order.wash_car(washed=washed, by=principal.sub, at=utcnow())
    return order


async def deliver(*, uow: UnitOfWork, principal: Principal, order_id: str,
                  odometer_km: int | None, warranty_signed_by: str | None = None,
                  old_parts_handled: dl.OldPartsHandling | None = None,
                  documents: Sequence[dl.Document] = ()) -> RepairOrder:
    """Hand the car back (交车) with the next-service advice from the dealer's policy and menus."""
    order = await OrderRepository(uow).get(order_id, principal)
    policy = await PolicyRepository(uow.session).get(order.dealer_id)
    menus = [m for m in await OperationCatalogue(uow.session).menus(order.dealer_id)
             if m.active and m.mileage_km]
    done = [j for j in order.jobs if j.status == JobStatus.FINISHED]
    codes = {j.op_code for j in done}
    had = [m.mileage_km for m in menus if m.operations and set(m.operations) <= codes]
    terms = dl.ServiceTerms(every_km=policy.next_service_km,
                            every_months=policy.next_service_months,
                            menu_km=max((m for m in had if m), default=None),
                            menu_mileages=tuple(m.mileage_km for m in menus if m.mileage_km))
    names = await delivery_rows.part_names(uow.session, order.dealer_id,
                                           (p.part_no for j in done for p in j.parts))
    order.deliver(by=principal.sub, at=utcnow(), odometer_km=odometer_km,
                  warranty_signed_by=warranty_signed_by, old_parts_handled=old_parts_handled,
                  documents=documents, terms=terms, part_names=names)
    await reception.assess_delivery(uow=uow, order=order, at=order.delivered_at or utcnow())
    return order


async def check_gate_pass(*, uow: UnitOfWork, principal: Principal,
                          code: str) -> tuple[RepairOrder, GatePass]:
    """The gate checks a pass: valid once (409 `already-used`); unknown or not ours: 404."""
    order_id = await delivery_rows.order_id_of_gate_pass(uow.session, read_code(code))
    if order_id is None:
        raise NotFound("no such gate pass / 无此出门证")
    order = await OrderRepository(uow).get(order_id, principal)
    principal.require_staff_of(order.dealer_id)
    return order, order.pass_gate(by=principal.sub, at=utcnow())
