"""Parts routes: thin. Commands open the unit of work (committed on a clean exit), reads a
read-only session; both call the service layer and shape the answer."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from aftersales_common.auth import Principal
from aftersales_common.web.deps import RuntimeDep, require
from aftersales_common.web.inputs import Id, text
from aftersales_common.web.longpoll import LongPollDep
from aftersales_common.web.pagination import Cursor, Page
from parts.api import schemas as s
from parts.domain.lines import ShortageState
from parts.service import handlers, queries
from parts.service.queries import dealer_for

router = APIRouter(tags=["parts"])

CLERKS = ("parts_clerk", "manager")
READERS = (*CLERKS, "service_advisor", "foreman", "technician", "warranty_clerk", "cashier")
Clerk = Annotated[Principal, Depends(require(*CLERKS))]
Reader = Annotated[Principal, Depends(require(*READERS))]
Limit = Annotated[int, Query(ge=1, le=200)]


@router.post("/parts", status_code=201, response_model=s.PartOut)
async def create_part(body: s.PartCreate, rt: RuntimeDep, who: Clerk) -> Any:
    """Add a part to the dealer's catalogue (配件目录); 409 when the number exists."""
    async with rt.uow() as uow:
        item = await handlers.create_part(uow=uow, principal=who, **body.model_dump())
    return s.PartOut.of(item)


@router.get("/parts", response_model=Page[s.PartOut])
async def list_parts(rt: RuntimeDep, who: Reader, dealer_id: Id | None = None,
                     q: Annotated[str, text(100)] | None = None,
                     limit: Limit = 50, cursor: Cursor | None = None) -> Any:
    """The catalogue with stock figures; `q` searches part number and name."""
    async with rt.reader() as session:
        items, nxt = await queries.parts(session, who, dealer_id, q, limit, cursor)
    return {"items": [s.PartOut.of(v) for v in items], "next_cursor": nxt}


@router.get("/parts/{part_no}", response_model=s.PartOut)
async def get_part(part_no: s.PartNo, rt: RuntimeDep, who: Reader, dealer_id: Id | None = None) -> Any:
    """One part with on_hand, reserved and available."""
    async with rt.reader() as session:
        return s.PartOut.of(await queries.part(session, who, dealer_id, part_no))


@router.patch("/parts/{part_no}", response_model=s.PartOut)
async def update_part(part_no: s.PartNo, body: s.PartUpdate, rt: RuntimeDep, who: Clerk,
                      dealer_id: Id | None = None) -> Any:
    """Change name, prices, unit or reorder point."""
    async with rt.uow() as uow:
        item = await handlers.update_part(
            uow=uow, principal=who, dealer_id=dealer_for(who, dealer_id), part_no=part_no,
            changes=body.model_dump(exclude_unset=True))
    return s.PartOut.of(item)


@router.post("/receipts", status_code=201, response_model=s.StockChangeOut)
async def receive(body: s.ReceiptCreate, rt: RuntimeDep, who: Clerk) -> Any:
    """Goods received (入库): on_hand grows; open shortages of the part are served first."""
    async with rt.uow() as uow:
        movement = await handlers.receive(uow=uow, principal=who, **body.model_dump())
    return s.StockChangeOut.of(movement)


@router.post("/adjustments", status_code=201, response_model=s.StockChangeOut)
async def adjust(body: s.AdjustmentCreate, rt: RuntimeDep, who: Clerk) -> Any:
    """Stock count correction (盘点); 409 when on hand would fall below zero or the reserved."""
    async with rt.uow() as uow:
        movement = await handlers.adjust(uow=uow, principal=who, **body.model_dump())
    return s.StockChangeOut.of(movement)


@router.post("/returns", status_code=201, response_model=s.StockChangeOut)
async def return_parts(body: s.ReturnCreate, rt: RuntimeDep, who: Clerk) -> Any:
    """Issued parts back to stock (退料); raises `parts.returned` for billing."""
    async with rt.uow() as uow:
        movement = await handlers.return_parts(uow=uow, principal=who, **body.model_dump())
    return s.StockChangeOut.of(movement)


@router.get("/stock-movements", response_model=Page[s.MovementOut])
async def list_movements(rt: RuntimeDep, who: Reader, dealer_id: Id | None = None,
                         part_no: s.PartNo | None = None, order_id: Id | None = None,
                         limit: Limit = 50, cursor: Cursor | None = None) -> Any:
    """The ledger (库存台账): every change of on_hand or reserved, oldest first."""
    async with rt.reader() as session:
        items, nxt = await queries.movements(session, who, dealer_id, part_no, order_id, limit,
                                             cursor)
        return {"items": [s.MovementOut.model_validate(m) for m in items], "next_cursor": nxt}


@router.get("/reservations", response_model=Page[s.ReservationOut])
async def list_reservations(rt: RuntimeDep, who: Reader, poll: LongPollDep,
                            order_id: Id,
                            dealer_id: Id | None = None) -> Any:
    """What is reserved (held), issued or released for a repair order, per job and part.

    Long poll (`wait` with `If-None-Match`): answered when the order's parts are reserved,
    issued or released."""
    async def read() -> Any:
        async with rt.reader() as session:
            items = await queries.reservations(session, who, order_id, dealer_id)
            return {"items": [s.ReservationOut.model_validate(r) for r in items],
                    "next_cursor": None}

    return await poll.answer(rt, read, keys=("Reservation",))  # by commits on reservations


@router.get("/shortages", response_model=Page[s.ShortageOut])
async def list_shortages(rt: RuntimeDep, who: Reader, dealer_id: Id | None = None,
                         order_id: Id | None = None,
                         status: ShortageState | None = ShortageState.OPEN,
                         limit: Limit = 50, cursor: Cursor | None = None) -> Any:
    """Shortages (缺件), open ones unless `status` says otherwise."""
    async with rt.reader() as session:
        items, nxt = await queries.shortages(session, who, dealer_id, order_id,
                                             status.value if status else None, limit, cursor)
        return {"items": [s.ShortageOut.model_validate(x) for x in items], "next_cursor": nxt}


@router.patch("/shortages/{shortage_id}", response_model=s.ShortageOut)
async def update_shortage(shortage_id: Id, body: s.ShortageUpdate, rt: RuntimeDep,
                          who: Clerk) -> Any:
    """Promise an arrival date for a shortage; the workshop is told (`parts.shortage`)."""
    async with rt.uow() as uow:
        shortage = await handlers.set_expected_date(uow=uow, principal=who,
                                                    shortage_id=shortage_id,
                                                    expected_date=body.expected_date)
    return s.ShortageOut.model_validate(shortage)
