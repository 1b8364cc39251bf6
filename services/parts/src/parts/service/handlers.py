"""Commands: check the caller, load the aggregates, call them. The unit of work saves and
publishes on the route's clean exit; nothing here commits."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from aftersales_common.auth import Principal
from aftersales_common.clock import utcnow
from aftersales_common.errors import Conflict, NotFound
from aftersales_common.messaging.unit_of_work import UnitOfWork
from parts.adapters.repository import PartsRepository
from parts.domain.lines import Shortage
from parts.domain.reservation import serve_shortages
from parts.domain.stock import Movement, Part, StockItem, normalise_part_no


async def _item_in_scope(repo: PartsRepository, principal: Principal, dealer_id: str,
                         part_no: str) -> StockItem:
    """A part the caller may see, its stock locked; 404 otherwise (also another dealer's)."""
    principal.check_record(dealer_id)
    number = normalise_part_no(part_no)
    item = await repo.stock_item(dealer_id, number)
    if item is None:
        raise NotFound(f"part {number} not found / 未找到配件")
    return item


async def serve_waiting(repo: PartsRepository, item: StockItem, *, actor: str,
                        at: datetime) -> None:
    """After a receipt, return or positive count: hold the new stock for the part's open
    shortages across orders, oldest first (stock row locked first, then each order's rows)."""
    if item.available <= 0:
        return
    waiting = [(await repo.reservation(item.dealer_id, order_id), shortage_id)
               for order_id, shortage_id in await repo.shortage_queue(item.dealer_id,
                                                                      item.part_no)]
    serve_shortages(item, waiting, actor=actor, at=at)


async def create_part(*, uow: UnitOfWork, principal: Principal, dealer_id: str, part_no: str,
                      name: str, unit_price: Decimal, unit_cost: Decimal, reorder_point: Decimal,
                      unit: str) -> StockItem:
    """Add a part to the dealer's catalogue (stock starts at zero; receive goods to fill it)."""
    principal.require_staff_of(dealer_id)
    part = Part.register(dealer_id=dealer_id, part_no=part_no, name=name, unit=unit,
                         unit_price=unit_price, unit_cost=unit_cost,
                         reorder_point=reorder_point, at=utcnow())
    repo = PartsRepository(uow)
    if await repo.stock_item(dealer_id, part.part_no) is not None:
        raise Conflict(f"part {part.part_no} is already in the catalogue / 配件编号已存在",
                       code="duplicate-part")
    item = StockItem(part=part)
    repo.add(item)
    return item


async def update_part(*, uow: UnitOfWork, principal: Principal, dealer_id: str, part_no: str,
                      changes: dict[str, object]) -> StockItem:
    """Change name, prices, unit or reorder point; stock figures change only by movements."""
    item = await _item_in_scope(PartsRepository(uow), principal, dealer_id, part_no)
    item.part.revise(changes, at=utcnow())
    return item


async def receive(*, uow: UnitOfWork, principal: Principal, dealer_id: str, part_no: str,
                  qty: Decimal, unit_cost: Decimal | None, reference: str | None) -> Movement:
    """Goods received (入库): on_hand grows; waiting shortages are served first."""
    repo = PartsRepository(uow)
    item = await _item_in_scope(repo, principal, dealer_id, part_no)
    at = utcnow()
    if unit_cost is not None:
        item.part.record_purchase_cost(unit_cost, at=at)
    movement = item.receive(qty, actor=principal.sub, at=at, reference=reference)
    await serve_waiting(repo, item, actor=principal.sub, at=at)
    return movement


async def adjust(*, uow: UnitOfWork, principal: Principal, dealer_id: str, part_no: str,
                 qty_delta: Decimal, reason: str) -> Movement:
    """Stock count correction (盘点调整); never below zero nor below what is reserved."""
    repo = PartsRepository(uow)
    item = await _item_in_scope(repo, principal, dealer_id, part_no)
    at = utcnow()
    movement = item.adjust(qty_delta, reason=reason, actor=principal.sub, at=at)
    if movement.on_hand_delta > 0:
        await serve_waiting(repo, item, actor=principal.sub, at=at)
    return movement


async def return_parts(*, uow: UnitOfWork, principal: Principal, dealer_id: str, order_id: str,
                       job_id: str, part_no: str, qty: Decimal, reason: str | None) -> Movement:
    """Issued parts come back to stock (退料), at most what was issued to that job."""
    repo = PartsRepository(uow)
    item = await _item_in_scope(repo, principal, dealer_id, part_no)  # stock row first
    reservation = await repo.reservation(dealer_id, order_id)
    at = utcnow()
    movement = reservation.take_back(job_id, item, qty, reason=reason, actor=principal.sub,
                                     at=at)
    await serve_waiting(repo, item, actor=principal.sub, at=at)
    return movement


async def set_expected_date(*, uow: UnitOfWork, principal: Principal, shortage_id: str,
                            expected_date: date | None) -> Shortage:
    """The clerk promises an arrival date; the workshop hears it in a new `parts.shortage`."""
    repo = PartsRepository(uow)
    owner = await repo.shortage_owner(shortage_id)
    if owner is None:
        raise NotFound("shortage not found / 未找到缺件记录")
    dealer_id, order_id = owner
    principal.check_record(dealer_id)
    reservation = await repo.reservation(dealer_id, order_id)
    shortage = reservation.promise(shortage_id, expected_date, at=utcnow())
    repo.announce_level(dealer_id, shortage.part_no)  # the workshop's estimates show arrivals
    return shortage
