"""One function per command: check the caller, apply the rules, move stock, raise events, commit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from aftersales_common.auth import Principal
from aftersales_common.clock import utcnow
from aftersales_common.errors import Conflict, Forbidden, InvalidInput, NotFound
from aftersales_common.messaging.outbox import UnitOfWork
from parts import contracts as ev
from parts.adapters.repository import PartsRepository, PartView
from parts.adapters.tables import Part, Shortage, StockMovement
from parts.domain.quantity import to_qty
from parts.domain.stock import MovementKind, normalise_part_no
from parts.service import stock


def _staff_for(principal: Principal, dealer_id: str) -> None:
    if principal.is_customer or dealer_id not in principal.dealer_ids:
        raise Forbidden("you do not work for this dealer")


def _moved(movement: StockMovement | None) -> StockMovement:
    if movement is None:  # only increases use this: nothing can make them invalid
        raise RuntimeError("stock row missing")
    return movement


async def create_part(*, uow: UnitOfWork, principal: Principal, dealer_id: str, part_no: str,
                      name: str, unit_price: Decimal, unit_cost: Decimal, reorder_point: Decimal,
                      unit: str) -> PartView:
    """Add a part to the dealer's catalogue (stock starts at zero; receive goods to fill it)."""
    _staff_for(principal, dealer_id)
    repo = PartsRepository(uow.session)
    part_no = normalise_part_no(part_no)
    if not part_no:
        raise InvalidInput("part_no must not be blank")
    if await repo.find_part(dealer_id, part_no) is not None:
        raise Conflict(f"part {part_no} is already in the catalogue / 配件编号已存在",
                       code="duplicate-part")
    part = Part(dealer_id=dealer_id, part_no=part_no, name=name.strip(), unit=unit.strip(),
                unit_price=unit_price, unit_cost=unit_cost,
                reorder_point=to_qty(reorder_point, field="reorder_point"))
    await repo.add_part(part)
    await uow.commit()
    return await repo.view(part)


async def update_part(*, uow: UnitOfWork, principal: Principal, dealer_id: str, part_no: str,
                      changes: dict[str, object]) -> PartView:
    """Change name, prices, unit or reorder point; stock figures change only by movements."""
    repo = PartsRepository(uow.session)
    part = await repo.part(dealer_id, normalise_part_no(part_no), principal)
    for field, value in changes.items():
        if value is None:
            continue
        if field == "reorder_point":
            value = to_qty(value, field=field)  # type: ignore[arg-type]
        setattr(part, field, value.strip() if isinstance(value, str) else value)
    part.updated_at = utcnow()
    uow.session.add(part)
    await uow.commit()
    return await repo.view(part)


async def receive(*, uow: UnitOfWork, principal: Principal, dealer_id: str, part_no: str,
                  qty: Decimal, unit_cost: Decimal | None, reference: str | None
                  ) -> StockMovement:
    """Goods received (入库): on_hand grows; waiting shortages are served first."""
    repo = PartsRepository(uow.session)
    part = await repo.part(dealer_id, normalise_part_no(part_no), principal)
    qty = to_qty(qty)
    if unit_cost is not None:
        part.unit_cost, part.updated_at = unit_cost, utcnow()  # last purchase cost
        uow.session.add(part)
    movement = _moved(await stock.move(
        uow, part, MovementKind.RECEIPT, actor=principal.sub, on_hand_delta=qty,
        reference=reference, unit_cost=part.unit_cost))
    await stock.fill_shortages(uow, part, actor=principal.sub)
    await uow.commit()
    return movement


async def adjust(*, uow: UnitOfWork, principal: Principal, dealer_id: str, part_no: str,
                 qty_delta: Decimal, reason: str) -> StockMovement:
    """Stock count correction (盘点调整); never below zero nor below what is reserved."""
    repo = PartsRepository(uow.session)
    part = await repo.part(dealer_id, normalise_part_no(part_no), principal)
    qty_delta = to_qty(qty_delta, field="qty_delta")
    if qty_delta == 0:
        raise InvalidInput("qty_delta must not be zero")
    movement = await stock.move(uow, part, MovementKind.ADJUSTMENT, actor=principal.sub,
                                on_hand_delta=qty_delta, reason=reason.strip())
    if movement is None:
        level = await repo.stock(dealer_id, part.part_no)
        raise Conflict(
            f"on hand would fall below zero or below the reserved {level.reserved} "
            f"(on hand {level.on_hand}) / 调整后库存不能小于零或已预留数量", code="stock-short")
    if qty_delta > 0:
        await stock.fill_shortages(uow, part, actor=principal.sub)
    await uow.commit()
    return movement


async def return_parts(*, uow: UnitOfWork, principal: Principal, dealer_id: str, order_id: str,
                       job_id: str, part_no: str, qty: Decimal, reason: str | None
                       ) -> StockMovement:
    """Issued parts come back to stock (退料), at most what was issued to that job."""
    repo = PartsRepository(uow.session)
    part = await repo.part(dealer_id, normalise_part_no(part_no), principal)
    qty = to_qty(qty)
    await repo.stock(dealer_id, part.part_no, lock=True)  # stock row first, like every flow
    issue = await repo.issue(dealer_id, order_id, job_id, part.part_no)
    if issue is None:
        raise NotFound("these parts were not issued to this job / 该工单未领用此配件")
    if not await repo.record_return(issue, qty):
        raise Conflict("more would come back than was issued / 退回数量超过领用数量",
                       code="return-exceeds-issue")
    movement = _moved(await stock.move(uow, part, MovementKind.RETURN, actor=principal.sub,
                                       on_hand_delta=qty, order_id=order_id, job_id=job_id,
                                       reason=reason))
    await stock.publish(uow, ev.PartsReturned(
        order_id=order_id, job_id=job_id, dealer_id=dealer_id,
        lines=[ev.IssuedLine(part_no=part.part_no, name=issue.name, qty=qty,
                             unit_price=issue.unit_price)],
    ), subject=order_id, dealer_id=dealer_id, aggregate="order")
    await stock.fill_shortages(uow, part, actor=principal.sub)
    await uow.commit()
    return movement


async def set_expected_date(*, uow: UnitOfWork, principal: Principal, shortage_id: str,
                            expected_date: date | None) -> Shortage:
    """The clerk promises an arrival date; the workshop hears it in a new `parts.shortage`."""
    repo = PartsRepository(uow.session)
    shortage = await repo.shortage(shortage_id, principal)
    if shortage.status != "open":
        raise Conflict(f"the shortage is {shortage.status} / 缺件记录已关闭",
                       code="illegal-transition")
    shortage.expected_date, shortage.updated_at = expected_date, utcnow()
    uow.session.add(shortage)
    await stock.publish(uow, ev.PartsShortage(
        order_id=shortage.order_id, dealer_id=shortage.dealer_id, job_id=shortage.job_id,
        lines=[ev.ShortLine(part_no=shortage.part_no, qty_requested=shortage.qty_requested,
                            qty_short=shortage.qty_short, expected_date=expected_date)],
    ), subject=shortage.order_id, dealer_id=shortage.dealer_id, aggregate="order")
    await uow.commit()
    return shortage

