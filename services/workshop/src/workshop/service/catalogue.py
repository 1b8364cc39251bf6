"""The operation catalogue, maintenance menus and the dealer's policy: commands and reads."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from aftersales_common.auth import Principal
from aftersales_common.clock import utcnow
from aftersales_common.db import Session
from aftersales_common.errors import Conflict, NotFound
from aftersales_common.messaging.unit_of_work import UnitOfWork
from workshop.adapters.catalogue_repo import OperationCatalogue
from workshop.adapters.policy_repo import PolicyRepository
from workshop.adapters.repository import OrderRepository
from workshop.domain.catalogue import Menu, Operation, menu_jobs, normalise_code
from workshop.domain.events import PartNeed
from workshop.domain.policy import WorkshopPolicy
from workshop.domain.repair_order import Job

_NOT_IN_CATALOGUE = "operation not in the catalogue / 工时目录中没有该项目"


# ---- policy ----------------------------------------------------------------------------
async def policy(session: Session, *, principal: Principal,
                 dealer_id: str) -> tuple[WorkshopPolicy, tuple[str, datetime] | None]:
    """The dealer's policy (defaults when none saved) and who saved it when."""
    principal.require_staff_of(dealer_id)
    repo = PolicyRepository(session)
    return await repo.get(dealer_id), await repo.updated(dealer_id)


async def save_policy(*, uow: UnitOfWork, principal: Principal, dealer_id: str,
                      policy: WorkshopPolicy) -> tuple[WorkshopPolicy, tuple[str, datetime]]:
    """Replace the dealer's policy; returns it with who saved it when."""
    principal.require_staff_of(dealer_id)
    at = utcnow()
    await PolicyRepository(uow.session).save(dealer_id, policy, by=principal.sub, at=at)
    return policy, (principal.sub, at)


# ---- operations ------------------------------------------------------------------------
async def operations(session: Session, *, principal: Principal, dealer_id: str,
                     q: str | None, active_only: bool) -> list[Operation]:
    """The dealer's operations matching `q` (code or name)."""
    principal.require_staff_of(dealer_id)
    return await OperationCatalogue(session).search(dealer_id, q, active_only=active_only)


async def create_operation(*, uow: UnitOfWork, principal: Principal, dealer_id: str,
                           fields: dict[str, Any]) -> Operation:
    """A new operation (409 when the code is taken)."""
    principal.require_staff_of(dealer_id)
    catalogue = OperationCatalogue(uow.session)
    op = Operation.define(dealer_id=dealer_id, by=principal.sub, at=utcnow(), **fields)
    if await catalogue.get(dealer_id, op.op_code) is not None:
        raise Conflict(f"operation {op.op_code} is already in the catalogue / 工时代码已存在",
                       code="duplicate-operation")
    await catalogue.save(op, new=True)
    return op


async def revise_operation(*, uow: UnitOfWork, principal: Principal, dealer_id: str,
                           op_code: str, fields: dict[str, Any]) -> Operation:
    """Change an operation (404 when the code is not in the dealer's catalogue)."""
    principal.require_staff_of(dealer_id)
    catalogue = OperationCatalogue(uow.session)
    op = await catalogue.get(dealer_id, op_code)
    if op is None:
        raise NotFound(_NOT_IN_CATALOGUE)
    op.revise(by=principal.sub, at=utcnow(), **fields)
    await catalogue.save(op)
    return op


# ---- menus -----------------------------------------------------------------------------
async def menus(session: Session, *, principal: Principal, dealer_id: str) -> list[Menu]:
    """The dealer's maintenance menus."""
    principal.require_staff_of(dealer_id)
    return await OperationCatalogue(session).menus(dealer_id)


async def save_menu(*, uow: UnitOfWork, principal: Principal, dealer_id: str, code: str,
                    name: str, name_en: str, mileage_km: int | None, operations: Sequence[str],
                    parts: Sequence[tuple[str, Decimal]], active: bool,
                    replace: bool) -> Menu:
    """Create a menu (409 when the code exists) or, with `replace`, change one (404 if none)."""
    principal.require_staff_of(dealer_id)
    catalogue = OperationCatalogue(uow.session)
    exists = await catalogue.menu(dealer_id, normalise_code(code, field_name="code"))
    if replace and exists is None:
        raise NotFound("maintenance menu not found / 未找到保养菜单")
    if not replace and exists is not None:
        raise Conflict(f"menu {exists.code} already exists / 保养菜单代码已存在",
                       code="duplicate-menu")
    known = await catalogue.of_codes(dealer_id, list(operations))
    menu = Menu.define(dealer_id=dealer_id, code=code, name=name, name_en=name_en,
                       mileage_km=mileage_km, operations=operations, parts=parts,
                       known=[c for c, op in known.items() if op.active], active=active,
                       by=principal.sub, at=utcnow())
    await catalogue.save_menu(menu, new=not replace)
    return menu


async def add_menu(*, uow: UnitOfWork, principal: Principal, order_id: str, menu_code: str,
                   pay_type: str) -> list[Job]:
    """The menu's operations as jobs on the order (standard hours), its parts with the first."""
    order = await OrderRepository(uow).get(order_id, principal)
    principal.require_staff_of(order.dealer_id)
    catalogue = OperationCatalogue(uow.session)
    menu = await catalogue.menu(order.dealer_id, menu_code)
    if menu is None:
        raise NotFound("maintenance menu not found / 未找到保养菜单")
    ops = await catalogue.of_codes(order.dealer_id, list(menu.operations))
    at = utcnow()
    return [order.add_job(op_code=j.op_code, description=j.description,
                          labor_hours=j.labor_hours, pay_type=pay_type,
                          parts=[PartNeed(p.part_no, p.qty) for p in j.parts], by=principal.sub,
                          at=at, skill=j.skill)
            for j in menu_jobs(menu, ops)]
