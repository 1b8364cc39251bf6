"""Workshop routes: thin. Parse, open a unit of work (commands) or a reader (reads), call, shape."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from aftersales_common.auth import Principal
from aftersales_common.auth.principal import STAFF_ROLES
from aftersales_common.web.deps import RuntimeDep, require
from aftersales_common.web.inputs import Day, Id
from aftersales_common.web.live import event_stream, require_stream
from aftersales_common.web.longpoll import LongPollDep
from aftersales_common.web.pagination import Cursor, Page
from workshop.api import schemas as s
from workshop.config import WorkshopSettings
from workshop.domain.board import colour_of
from workshop.domain.events import PartNeed
from workshop.domain.statuses import JobStatus, OrderStatus
from workshop.service import dispatch, estimating, handlers, queries

router = APIRouter(tags=["workshop"])

Staff = Annotated[Principal, Depends(require(*STAFF_ROLES))]
Reader = Annotated[Principal, Depends(require(*STAFF_ROLES, "customer"))]
Advisor = Annotated[Principal, Depends(require("service_advisor"))]
Desk = Annotated[Principal, Depends(require("service_advisor", "manager"))]
Planner = Annotated[Principal, Depends(require("service_advisor", "foreman"))]
Signer = Annotated[Principal, Depends(require("service_advisor", "customer"))]
Foreman = Annotated[Principal, Depends(require("foreman"))]
Worker = Annotated[Principal, Depends(require("technician", "foreman"))]
# Everyone who signs some level of check reaches the endpoint; the order decides which level.
Checker = Annotated[Principal, Depends(require("technician", "foreman", "qc_inspector",
                                               "service_advisor"))]
Limit = Annotated[int, Query(ge=1, le=200)]
StaffStream = Annotated[Principal, Depends(require_stream(*STAFF_ROLES))]
ReaderStream = Annotated[Principal, Depends(require_stream(*STAFF_ROLES, "customer"))]


def _settings(rt: Any) -> WorkshopSettings:
    settings: WorkshopSettings = rt.settings
    return settings


@router.get("/orders", response_model=Page[s.OrderOut])
async def list_orders(rt: RuntimeDep, who: Reader, poll: LongPollDep,
                      dealer_id: Id | None = None, appointment_id: Id | None = None,
                      status: OrderStatus | None = None,
                      vehicle_id: Id | None = None, customer_id: Id | None = None,
                      limit: Limit = 50, cursor: Cursor | None = None) -> Any:
    """Repair orders of the caller's dealers (a customer sees only their own).

    Long poll (`wait` with `If-None-Match`): e.g. the order a check-in opens, by
    `appointment_id`, answered as soon as it is opened."""
    filters = {"appointment_id": appointment_id, "status": status, "vehicle_id": vehicle_id,
               "customer_id": customer_id}

    async def read() -> Any:
        async with rt.reader() as session:
            items, nxt = await queries.orders(session, principal=who, dealer_id=dealer_id,
                                              filters=filters, limit=limit, cursor=cursor)
        return {"items": [s.OrderOut.model_validate(s.order_fields(o)) for o in items],
                "next_cursor": nxt}

    return await poll.answer(rt, read, keys=("RepairOrder",))  # by commits on any order


@router.post("/orders", status_code=201, response_model=s.OrderDetail)
async def open_walk_in(body: s.OrderCreate, rt: RuntimeDep, who: Desk) -> Any:
    """Open a repair order for a walk-in customer (no appointment), on booking's files."""
    async with rt.uow() as uow:
        order = await handlers.open_walk_in(uow=uow, principal=who, settings=_settings(rt),
                                            **body.model_dump())
    return s.OrderDetail.of(order)


@router.get("/orders/{order_id}", response_model=s.OrderDetail)
async def get_order(order_id: Id, rt: RuntimeDep, who: Reader, poll: LongPollDep) -> Any:
    """The full order: jobs, walk-around, quality checks, parts status, paid flag.

    Long poll (`wait` with `If-None-Match`): answered when the order changes (e.g. paid)."""
    async def read() -> Any:
        async with rt.reader() as session:
            return s.OrderDetail.of(await queries.order(session, principal=who,
                                                        order_id=order_id))

    return await poll.answer(rt, read, keys=(order_id,))  # woken by commits on this order


@router.post("/orders/{order_id}/inspection", response_model=s.OrderDetail)
async def record_inspection(order_id: Id, body: s.InspectionIn, rt: RuntimeDep,
                            who: Advisor) -> Any:
    """The walk-around at reception (环车检查), before the customer signs: the old fields plus
    the structured record (interior electrics, VIN check, damage marked on the car diagram,
    tyres, leaks, trunk items, valuables kept or handed over, protection fitted)."""
    async with rt.uow() as uow:
        order = await handlers.record_inspection(uow=uow, principal=who, order_id=order_id,
                                                 detail=body.detail(), **body.old_fields())
    return s.OrderDetail.of(order)


@router.post("/orders/{order_id}/jobs", status_code=201, response_model=s.JobOut)
async def add_job(order_id: Id, body: s.JobCreate, rt: RuntimeDep, who: Planner) -> Any:
    """A job on the estimate; after signing, additional work awaiting the customer (追加维修)."""
    async with rt.uow() as uow:
        job = await handlers.add_job(
            uow=uow, principal=who, order_id=order_id, op_code=body.op_code,
            description=body.description, labor_hours=body.labor_hours, pay_type=body.pay_type,
            parts=[PartNeed(p.part_no, p.qty, p.origin, p.consent_by) for p in body.parts],
            skill=body.skill)
    return s.JobOut.model_validate(job)


@router.post("/orders/{order_id}/authorize", response_model=s.OrderDetail)
async def authorize(order_id: Id, body: s.EstimateSignature, rt: RuntimeDep, who: Signer) -> Any:
    """The customer signs the priced estimate (the advisor records it, or the customer themself):
    its figures and promised time are kept as signed, with the drawn signature if given; a
    remanufactured or used part without the customer's consent is 409."""
    async with rt.uow() as uow:
        order = await estimating.authorize(uow=uow, principal=who, order_id=order_id,
                                           signed_by=body.signed_by, signature=body.signature)
    return s.OrderDetail.of(order)


@router.post("/orders/{order_id}/additional-work/approve", response_model=s.OrderDetail)
async def approve_additional_work(order_id: Id, body: s.AdditionalWorkDecision,
                                  rt: RuntimeDep, who: Signer) -> Any:
    """The customer approves additional work; it may then be started."""
    async with rt.uow() as uow:
        order = await handlers.decide_additional_work(
            uow=uow, principal=who, order_id=order_id, job_ids=body.job_ids,
            signed_by=body.signed_by, approve=True)
    return s.OrderDetail.of(order)


@router.post("/orders/{order_id}/additional-work/decline", response_model=s.OrderDetail)
async def decline_additional_work(order_id: Id, body: s.AdditionalWorkDecision,
                                  rt: RuntimeDep, who: Signer) -> Any:
    """The customer declines additional work; it is not done nor charged, and stays on the
    vehicle's record as declined work (offered again at the next visit; CRM reminds)."""
    async with rt.uow() as uow:
        order = await handlers.decide_additional_work(
            uow=uow, principal=who, order_id=order_id, job_ids=body.job_ids,
            signed_by=body.signed_by, approve=False, reason=body.reason,
            remind_on=body.remind_on)
    return s.OrderDetail.of(order)


@router.post("/jobs/{job_id}/assign", response_model=s.JobOut)
async def assign_job(job_id: Id, body: s.Assignment, rt: RuntimeDep, who: Foreman) -> Any:
    """Dispatch (派工): give the job to an active technician of the dealer with the job's skill
    (409 `skill-mismatch`; 422 unknown or inactive); `technician` (login) for older clients."""
    async with rt.uow() as uow:
        job = await dispatch.assign_job(uow=uow, principal=who, job_id=job_id,
                                        technician_id=body.technician_id,
                                        technician=body.technician)
    return s.JobOut.model_validate(job)


@router.post("/jobs/{job_id}/start", response_model=s.JobOut)
async def start_job(job_id: Id, rt: RuntimeDep, who: Worker) -> Any:
    """Start work (409 unless the order is authorised, the job approved and not someone else's)."""
    async with rt.uow() as uow:
        job = await handlers.start_job(uow=uow, principal=who, job_id=job_id)
    return s.JobOut.model_validate(job)


@router.post("/jobs/{job_id}/finish", response_model=s.JobOut)
async def finish_job(job_id: Id, rt: RuntimeDep, who: Worker,
                     body: s.FinishIn | None = None) -> Any:
    """Work done by the technician."""
    async with rt.uow() as uow:
        job = await handlers.finish_job(uow=uow, principal=who, job_id=job_id,
                                        notes=body.notes if body else None)
    return s.JobOut.model_validate(job)


@router.post("/orders/{order_id}/cancel", response_model=s.OrderDetail)
async def cancel(order_id: Id, body: s.CancelIn, rt: RuntimeDep, who: Desk) -> Any:
    """Call the order off before work starts."""
    async with rt.uow() as uow:
        order = await handlers.cancel(uow=uow, principal=who, order_id=order_id,
                                      reason=body.reason)
    return s.OrderDetail.of(order)


def _cards(orders: list[Any]) -> list[s.BoardCard]:
    return [s.BoardCard(
        order_id=o.id, order_no=o.order_no, plate=o.plate, model=o.model, status=o.status,
        waiting_parts=o.waiting_parts,
        colour=colour_of(o.status, [j.status for j in o.jobs], o.waiting_parts),
        jobs_total=sum(j.status != JobStatus.DECLINED for j in o.jobs),
        jobs_finished=sum(j.status == JobStatus.FINISHED for j in o.jobs),
        technicians=sorted({j.technician for j in o.jobs if j.technician}),
        created_at=o.created_at) for o in orders]


@router.get("/board", response_model=list[s.BoardCard])
async def board(rt: RuntimeDep, who: Staff, dealer_id: Id,
                day: Annotated[Day | None, Query(alias="date")] = None) -> Any:
    """Progress board (维修进度看板): red waiting, yellow in repair, green nearly done."""
    async with rt.reader() as session:
        orders = await queries.board(session, principal=who, dealer_id=dealer_id, day=day)
    return _cards(orders)


_SSE: dict[int | str, dict[str, Any]] = {200: {"content": {"text/event-stream": {}},
              "description": "server-sent events; the token may be given as `access_token`"}}


@router.get("/board/stream", response_class=StreamingResponse, responses=_SSE)
async def board_stream(rt: RuntimeDep, who: StaffStream, dealer_id: Id) -> Any:
    """Today's board, live (`text/event-stream`): an `event: board` frame with every card at
    once and after every change; `: heartbeat` comments in between. Poll `/board` if it fails."""
    async def snapshot() -> Any:
        async with rt.reader() as session:
            orders = await queries.board(session, principal=who, dealer_id=dealer_id, day=None)
        return [c.model_dump(mode="json") for c in _cards(orders)]

    return event_stream(rt.extras["live"], "board", await snapshot(), snapshot)


@router.get("/orders/{order_id}/events", response_class=StreamingResponse, responses=_SSE)
async def order_events(order_id: Id, rt: RuntimeDep, who: ReaderStream) -> Any:
    """One order's progress, live (`text/event-stream`, the customer's phone or the desk): an
    `event: order` frame with the order and its jobs (`progress`: received, in_repair,
    quality_check, ready, delivered) at once and after every change. 404 out of scope."""
    async def snapshot() -> Any:
        async with rt.reader() as session:
            found = await queries.order(session, principal=who, order_id=order_id)
        return s.OrderOut.model_validate(s.order_fields(found)).model_dump(mode="json")

    return event_stream(rt.extras["live"], "order", await snapshot(), snapshot)
