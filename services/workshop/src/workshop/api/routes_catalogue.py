"""Operation catalogue, maintenance menus, the dealer's workshop policy and the priced estimate."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import Field

from aftersales_common.auth import Principal
from aftersales_common.auth.principal import STAFF_ROLES
from aftersales_common.web.deps import RuntimeDep, require
from aftersales_common.web.inputs import Id, text
from workshop.api import schemas as s
from workshop.api import schemas_catalogue as c
from workshop.service import catalogue, estimating

router = APIRouter(tags=["workshop: catalogue and estimate"])

Staff = Annotated[Principal, Depends(require(*STAFF_ROLES))]
Reader = Annotated[Principal, Depends(require(*STAFF_ROLES, "customer"))]
Manager = Annotated[Principal, Depends(require("manager", "admin"))]
CatalogueEditor = Annotated[Principal, Depends(require("manager", "admin", "foreman"))]
Planner = Annotated[Principal, Depends(require("service_advisor", "foreman"))]
Search = Annotated[Annotated[str, text(100)] | None, Query()]
Margin = Annotated[Annotated[str, Field(max_length=6, pattern=r"^[0-9]{1,3}(\.[0-9]{1,2})?$")] | None,
                   Query(description="a quote's margin in percent (0..10, 422 above); default the "
                                     "dealer's policy")]


@router.get("/policy", response_model=c.PolicyOut)
async def get_policy(rt: RuntimeDep, who: Staff, dealer_id: Id) -> Any:
    """The dealer's workshop policy (the defaults until a manager saves one)."""
    async with rt.reader() as session:
        policy, updated = await catalogue.policy(session, principal=who, dealer_id=dealer_id)
    return c.PolicyOut.of(dealer_id, policy, updated)


@router.put("/policy", response_model=c.PolicyOut)
async def put_policy(body: c.PolicyIn, rt: RuntimeDep, who: Manager, dealer_id: Id) -> Any:
    """Replace the dealer's policy (margin at most 10%: 422 above)."""
    async with rt.uow() as uow:
        policy, saved = await catalogue.save_policy(uow=uow, principal=who, dealer_id=dealer_id,
                                                    policy=body.policy())
    return c.PolicyOut.of(dealer_id, policy, saved)


@router.get("/operations", response_model=list[c.OperationOut])
async def list_operations(rt: RuntimeDep, who: Staff, dealer_id: Id, q: Search = None,
                          active: bool = False) -> Any:
    """The dealer's operation catalogue (工时目录), searched by code or name."""
    async with rt.reader() as session:
        ops = await catalogue.operations(session, principal=who, dealer_id=dealer_id, q=q,
                                         active_only=active)
    return [c.OperationOut.of(op) for op in ops]


@router.post("/operations", status_code=201, response_model=c.OperationOut)
async def create_operation(body: c.OperationCreate, rt: RuntimeDep, who: CatalogueEditor) -> Any:
    """A new operation (409 when the code is taken)."""
    fields = body.model_dump(exclude={"dealer_id"})
    async with rt.uow() as uow:
        op = await catalogue.create_operation(uow=uow, principal=who, dealer_id=body.dealer_id,
                                              fields=fields)
    return c.OperationOut.of(op)


@router.put("/operations/{op_code}", response_model=c.OperationOut)
async def update_operation(op_code: Annotated[str, text(40, min_length=1)],
                           body: c.OperationUpdate, rt: RuntimeDep, who: CatalogueEditor,
                           dealer_id: Id) -> Any:
    """Change an operation (404 when not in the dealer's catalogue)."""
    async with rt.uow() as uow:
        op = await catalogue.revise_operation(uow=uow, principal=who, dealer_id=dealer_id,
                                              op_code=op_code, fields=body.model_dump())
    return c.OperationOut.of(op)


@router.get("/menus", response_model=list[c.MenuOut])
async def list_menus(rt: RuntimeDep, who: Staff, dealer_id: Id) -> Any:
    """The dealer's maintenance menus (保养菜单)."""
    async with rt.reader() as session:
        found = await catalogue.menus(session, principal=who, dealer_id=dealer_id)
    return [c.MenuOut.of(m) for m in found]


@router.post("/menus", status_code=201, response_model=c.MenuOut)
async def create_menu(body: c.MenuCreate, rt: RuntimeDep, who: CatalogueEditor) -> Any:
    """A new menu of catalogue operations and parts (409 when the code exists)."""
    async with rt.uow() as uow:
        menu = await catalogue.save_menu(
            uow=uow, principal=who, dealer_id=body.dealer_id, code=body.code, name=body.name,
            name_en=body.name_en, mileage_km=body.mileage_km, operations=body.operations,
            parts=[(p.part_no, p.qty) for p in body.parts], active=body.active, replace=False)
    return c.MenuOut.of(menu)


@router.put("/menus/{code}", response_model=c.MenuOut)
async def update_menu(code: Annotated[str, text(40, min_length=1)], body: c.MenuUpdate,
                      rt: RuntimeDep, who: CatalogueEditor, dealer_id: Id) -> Any:
    """Change a menu (404 when the dealer has none of this code)."""
    async with rt.uow() as uow:
        menu = await catalogue.save_menu(
            uow=uow, principal=who, dealer_id=dealer_id, code=code, name=body.name,
            name_en=body.name_en, mileage_km=body.mileage_km, operations=body.operations,
            parts=[(p.part_no, p.qty) for p in body.parts], active=body.active, replace=True)
    return c.MenuOut.of(menu)


@router.post("/orders/{order_id}/menus", status_code=201, response_model=list[s.JobOut])
async def add_menu(order_id: Id, body: c.MenuApply, rt: RuntimeDep, who: Planner) -> Any:
    """Put a maintenance menu on the order: its operations as jobs at standard hours, its parts."""
    async with rt.uow() as uow:
        jobs = await catalogue.add_menu(uow=uow, principal=who, order_id=order_id,
                                        menu_code=body.menu_code, pay_type=body.pay_type)
    return [s.JobOut.model_validate(j) for j in jobs]


@router.get("/orders/{order_id}/estimate", response_model=c.EstimateOut)
async def get_estimate(order_id: Id, rt: RuntimeDep, who: Reader,
                       margin_pct: Margin = None) -> Any:
    """The priced estimate (估价单): labour and parts apart, VAT, quoted total, promised time,
    shortages with arrival dates; what was signed, once signed. A margin above 10% is 422."""
    async with rt.reader() as session:
        order, priced = await estimating.estimate(
            session, principal=who, order_id=order_id,
            margin_pct=Decimal(margin_pct) if margin_pct is not None else None)
    return c.EstimateOut.of(order, priced)
