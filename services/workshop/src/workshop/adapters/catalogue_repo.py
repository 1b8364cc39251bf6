"""The dealer's operation catalogue and maintenance menus in and out of their rows."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from aftersales_common.db import Session
from aftersales_common.errors import Conflict
from aftersales_common.money import decimal_str
from workshop.adapters import tables as t
from workshop.domain.catalogue import Menu, MenuPart, Operation
from workshop.domain.terms import GuaranteeClass, Skill, VehicleSystem


def _operation(row: t.Operation) -> Operation:
    return Operation(dealer_id=row.dealer_id, op_code=row.op_code, name=row.name,
                     name_en=row.name_en, standard_hours=row.standard_hours,
                     skill=Skill(row.skill), guarantee_class=GuaranteeClass(row.guarantee_class),
                     system=VehicleSystem(row.system), safety_related=row.safety_related,
                     active=row.active, updated_by=row.updated_by, updated_at=row.updated_at)


def _menu(row: t.MaintenanceMenu) -> Menu:
    return Menu(dealer_id=row.dealer_id, code=row.code, name=row.name, name_en=row.name_en,
                mileage_km=row.mileage_km, operations=tuple(row.operations or ()),
                parts=tuple(MenuPart(p["part_no"], Decimal(p["qty"])) for p in row.parts or ()),
                active=row.active, updated_by=row.updated_by, updated_at=row.updated_at)


class OperationCatalogue:
    """Operations (工时目录) and maintenance menus (保养菜单) of each dealer."""

    def __init__(self, session: Session) -> None:
        self.session = session

    async def get(self, dealer_id: str, op_code: str) -> Operation | None:
        """One operation of the dealer's catalogue (None when the code is not in it)."""
        row = await self.session.get(t.Operation, (dealer_id, op_code.strip().upper()))
        return None if row is None else _operation(row)

    async def of_codes(self, dealer_id: str, codes: list[str]) -> dict[str, Operation]:
        """The operations of these codes that the catalogue has, by code."""
        if not codes:
            return {}
        rows = (await self.session.execute(select(t.Operation).where(
            t.Operation.dealer_id == dealer_id,
            t.Operation.op_code.in_([c.strip().upper() for c in codes])))).scalars()
        return {r.op_code: _operation(r) for r in rows}

    async def search(self, dealer_id: str, q: str | None = None, *,
                     active_only: bool = False, limit: int = 200) -> list[Operation]:
        """Operations by code, matching `q` in the code or either name (case-insensitive)."""
        query = select(t.Operation).where(t.Operation.dealer_id == dealer_id)
        if q and q.strip():
            like = f"%{q.strip().lower()}%"
            query = query.where(or_(t.Operation.op_code.ilike(like), t.Operation.name.ilike(like),
                                    t.Operation.name_en.ilike(like)))
        if active_only:
            query = query.where(t.Operation.active.is_(True))
        rows = (await self.session.execute(query.order_by(t.Operation.op_code).limit(limit)))
        return [_operation(r) for r in rows.scalars()]

    async def save(self, op: Operation, *, new: bool = False) -> None:
        """Write the operation (insert or replace); `new`: insert only, 409 when the code exists.

        A create inserts without looking again: a concurrent create of the same code has then
        either committed (the key refuses ours: 409) or not (ours wins), never overwritten.
        """
        found = None if new else await self.session.get(t.Operation, (op.dealer_id, op.op_code))
        row = found or t.Operation(
            dealer_id=op.dealer_id, op_code=op.op_code, name=op.name,
            standard_hours=op.standard_hours, skill=op.skill.value,
            guarantee_class=op.guarantee_class.value, system=op.system.value,
            updated_by=op.updated_by)
        row.name, row.name_en, row.standard_hours = op.name, op.name_en, op.standard_hours
        row.skill, row.guarantee_class, row.system = (op.skill.value, op.guarantee_class.value,
                                                      op.system.value)
        row.safety_related, row.active = op.safety_related, op.active
        row.updated_by, row.updated_at = op.updated_by, op.updated_at
        self.session.add(row)
        try:
            await self.session.flush()
        except IntegrityError:
            # Created by a concurrent request since it was looked up: the key decides (409).
            raise Conflict(f"operation {op.op_code} is already in the catalogue / 工时代码已存在",
                           code="duplicate-operation") from None

    # ---- menus ---------------------------------------------------------------------
    async def menu(self, dealer_id: str, code: str) -> Menu | None:
        """One maintenance menu of the dealer."""
        row = await self.session.get(t.MaintenanceMenu, (dealer_id, code.strip().upper()))
        return None if row is None else _menu(row)

    async def menus(self, dealer_id: str) -> list[Menu]:
        """The dealer's maintenance menus, by mileage then code."""
        rows = await self.session.execute(select(t.MaintenanceMenu).where(
            t.MaintenanceMenu.dealer_id == dealer_id).order_by(
            t.MaintenanceMenu.mileage_km, t.MaintenanceMenu.code))
        return [_menu(r) for r in rows.scalars()]

    async def save_menu(self, menu: Menu, *, new: bool = False) -> None:
        """Write the menu (insert or replace); `new`: insert only, 409 when the code exists."""
        found = None if new else await self.session.get(t.MaintenanceMenu,
                                                        (menu.dealer_id, menu.code))
        row = found or \
            t.MaintenanceMenu(dealer_id=menu.dealer_id, code=menu.code, name=menu.name,
                              updated_by=menu.updated_by)
        row.name, row.name_en, row.mileage_km = menu.name, menu.name_en, menu.mileage_km
        row.operations = list(menu.operations)
        row.parts = [{"part_no": p.part_no, "qty": decimal_str(p.qty)} for p in menu.parts]
        row.active, row.updated_by, row.updated_at = menu.active, menu.updated_by, menu.updated_at
        self.session.add(row)
        try:
            await self.session.flush()
        except IntegrityError:
            # Created by a concurrent request since it was looked up: the key decides (409).
            raise Conflict(f"menu {menu.code} already exists / 保养菜单代码已存在",
                           code="duplicate-menu") from None
