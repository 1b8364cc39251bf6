"""Routes of reception (接车): greeting, the repair order's choices, 3C, deferred work, 三包."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from aftersales_common.auth import Principal
from aftersales_common.auth.principal import STAFF_ROLES
from aftersales_common.web.deps import RuntimeDep, require
from aftersales_common.web.inputs import Id
from aftersales_common.web.pagination import Cursor, Page
from workshop.api import schemas as s
from workshop.api import schemas_reception as r
from workshop.domain.sanbao import AlertStatus
from workshop.service import deferred_work, reception, reception_queries

router = APIRouter(tags=["workshop: reception"])

Reader = Annotated[Principal, Depends(require(*STAFF_ROLES, "customer"))]
Advisor = Annotated[Principal, Depends(require("service_advisor"))]
Planner = Annotated[Principal, Depends(require("service_advisor", "foreman"))]
Signer = Annotated[Principal, Depends(require("service_advisor", "customer"))]
ThreeCWriter = Annotated[Principal, Depends(require("service_advisor", "foreman", "technician"))]
Manager = Annotated[Principal, Depends(require("manager"))]
Desk = Annotated[Principal, Depends(require("service_advisor", "manager"))]
Limit = Annotated[int, Query(ge=1, le=200)]


@router.post("/orders/{order_id}/greet", response_model=s.OrderDetail)
async def greet(order_id: Id, rt: RuntimeDep, who: Advisor) -> Any:
    """The advisor greets the customer: the time from arrival is measured against the dealer's
    target (5 minutes by default); the first greeting counts, again changes nothing."""
    async with rt.uow() as uow:
        order = await reception.greet(uow=uow, principal=who, order_id=order_id)
    return s.OrderDetail.of(order)


@router.post("/orders/{order_id}/reception", response_model=s.OrderDetail)
async def record_reception(order_id: Id, body: r.ReceptionIn, rt: RuntimeDep,
                           who: Advisor) -> Any:
    """What the repair order records at reception, before the customer signs (409 after):
    visit type, the customer's words verbatim, payment method, old parts (keep / dispose) and the
    rule that additional work needs the customer's approval."""
    async with rt.uow() as uow:
        order = await reception.record_reception(uow=uow, principal=who, order_id=order_id,
                                                 **body.model_dump())
    return s.OrderDetail.of(order)


@router.patch("/jobs/{job_id}/3c", response_model=s.JobOut)
async def record_three_c(job_id: Id, body: r.ThreeCIn, rt: RuntimeDep, who: ThreeCWriter) -> Any:
    """Concern / cause / correction (3C) of a job: the concern until signing, cause and
    correction until delivery (409 after). Not required to finish a job."""
    async with rt.uow() as uow:
        job = await reception.record_three_c(uow=uow, principal=who, job_id=job_id,
                                             **body.model_dump())
    return s.JobOut.model_validate(job)


@router.post("/jobs/{job_id}/defer", status_code=201, response_model=r.DeferredWorkOut)
async def defer_job(job_id: Id, body: r.DeferIn, rt: RuntimeDep, who: Signer) -> Any:
    """The customer defers or declines a job not yet approved (on the estimate before signing,
    or additional work): it stays on the vehicle's record and `work.deferred` tells CRM."""
    async with rt.uow() as uow:
        _, work = await deferred_work.defer_job(uow=uow, principal=who, job_id=job_id,
                                                **body.model_dump())
    return r.DeferredWorkOut.of(work)


@router.get("/vehicles/{vehicle_id}/deferred-work", response_model=list[r.DeferredWorkOut])
async def vehicle_deferred_work(vehicle_id: Id, rt: RuntimeDep, who: Reader,
                                include_taken_up: bool = False) -> Any:
    """Work the customer deferred or declined on earlier visits (staff of the dealer, or the
    owning customer; 404 otherwise), newest first."""
    async with rt.reader() as session:
        items = await reception_queries.deferred_of_vehicle(
            session, principal=who, vehicle_id=vehicle_id, include_taken_up=include_taken_up)
    return [r.DeferredWorkOut.of(w) for w in items]


@router.post("/orders/{order_id}/deferred-work/{deferred_id}", status_code=201,
             response_model=s.JobOut)
async def take_up_deferred_work(order_id: Id, deferred_id: Id, rt: RuntimeDep,
                                who: Planner) -> Any:
    """Offered again and accepted: the deferred work joins this (later) order's estimate, or
    after signing awaits the customer's approval; 409 if already taken up."""
    async with rt.uow() as uow:
        job = await deferred_work.take_up(uow=uow, principal=who, order_id=order_id,
                                          deferred_id=deferred_id)
    return s.JobOut.model_validate(job)


@router.get("/sanbao-alerts", response_model=Page[r.SanbaoAlertOut])
async def sanbao_alerts(rt: RuntimeDep, who: Manager, dealer_id: Id | None = None,
                        status: AlertStatus | None = None, vehicle_id: Id | None = None,
                        limit: Limit = 50, cursor: Cursor | None = None) -> Any:
    """三包 replacement / return alerts of the manager's dealers, oldest first."""
    async with rt.reader() as session:
        items, nxt = await reception_queries.sanbao_alerts(
            session, principal=who, dealer_id=dealer_id, status=status, vehicle_id=vehicle_id,
            limit=limit, cursor=cursor)
    return {"items": [r.SanbaoAlertOut.model_validate(a) for a in items], "next_cursor": nxt}


@router.post("/sanbao-alerts/{alert_id}/acknowledge", response_model=r.SanbaoAlertOut)
async def acknowledge_alert(alert_id: Id, body: r.AcknowledgeIn, rt: RuntimeDep,
                            who: Manager) -> Any:
    """The manager has taken the alert up (with the customer, the manufacturer); 409 twice."""
    async with rt.uow() as uow:
        alert = await reception.acknowledge_alert(uow=uow, principal=who, alert_id=alert_id,
                                                  note=body.note)
    return r.SanbaoAlertOut.model_validate(alert)


@router.post("/sanbao/check", response_model=list[s.OrderOut])
async def check_open_orders(rt: RuntimeDep, who: Desk, dealer_id: Id) -> Any:
    """三包 for the cars still in the workshop: each repair now over the single-repair limit is
    flagged `loaner_required` (event `sanbao.loaner_due`, once); returns those flagged now."""
    async with rt.uow() as uow:
        orders = await reception.check_open_orders(uow=uow, principal=who, dealer_id=dealer_id)
    return [s.OrderOut.model_validate(s.order_fields(o)) for o in orders]
