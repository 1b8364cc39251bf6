"""Routes of the roster, dispatch, clocking and the manager's view (thin: parse, call, shape)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from aftersales_common.auth import Principal
from aftersales_common.auth.principal import STAFF_ROLES
from aftersales_common.web.deps import RuntimeDep, require
from aftersales_common.web.inputs import Day, Id
from workshop.api import schemas as s
from workshop.api import schemas_dispatch as d
from workshop.service import dispatch, dispatch_queries

router = APIRouter(tags=["dispatch"])

Staff = Annotated[Principal, Depends(require(*STAFF_ROLES))]
Supervisor = Annotated[Principal, Depends(require("foreman", "manager"))]
Dispatcher = Annotated[Principal, Depends(require("foreman", "manager"))]
Worker = Annotated[Principal, Depends(require("technician", "foreman"))]
Desk = Annotated[Principal, Depends(require("service_advisor", "foreman", "manager"))]
From = Annotated[Day | None, Query(alias="from", description="first local day (default: 6 days "
                                                          "before `to`)")]
To = Annotated[Day | None, Query(alias="to", description="last local day (default: today)")]


@router.get("/technicians", response_model=list[d.TechnicianOut])
async def list_technicians(rt: RuntimeDep, who: Staff, dealer_id: Id) -> Any:
    """The dealer's technicians (维修技师): skills, team, shift (another dealer's: empty)."""
    async with rt.reader() as session:
        roster = await dispatch_queries.technicians(session, principal=who, dealer_id=dealer_id)
    return [d.TechnicianOut.of(t) for t in roster]


@router.post("/technicians", status_code=201, response_model=d.TechnicianOut)
async def register_technician(body: d.TechnicianCreate, rt: RuntimeDep, who: Supervisor) -> Any:
    """Put a technician on the roster (409 `technician-exists` when the login is on it)."""
    async with rt.uow() as uow:
        tech = await dispatch.register_technician(uow=uow, principal=who, **_technician(body),
                                                  dealer_id=body.dealer_id, user_id=body.user_id)
    return d.TechnicianOut.of(tech)


@router.put("/technicians/{technician_id}", response_model=d.TechnicianOut)
async def revise_technician(technician_id: Id, body: d.TechnicianChange, rt: RuntimeDep,
                            who: Supervisor) -> Any:
    """Change a technician's skills, team, shift or whether they take work."""
    async with rt.uow() as uow:
        tech = await dispatch.revise_technician(uow=uow, principal=who,
                                                technician_id=technician_id, **_technician(body))
    return d.TechnicianOut.of(tech)


def _technician(body: d.TechnicianChange) -> dict[str, Any]:
    return {"name": body.name, "skills": body.skills, "team": body.team,
            "shift_start": body.shift_start, "shift_end": body.shift_end, "active": body.active}


@router.get("/technicians/{technician_id}/hours", response_model=d.TechnicianHoursOut)
async def technician_hours(technician_id: Id, rt: RuntimeDep, who: Supervisor,
                           first: From = None, last: To = None) -> Any:
    """A technician's sold vs clocked hours (work and rework), efficiency and comebacks."""
    async with rt.reader() as session:
        tech, period, h = await dispatch_queries.technician_hours(
            session, principal=who, technician_id=technician_id, first=first, last=last)
    return d.TechnicianHoursOut(technician=d.TechnicianOut.of(tech), from_=period.first,
                                to=period.last, **h.__dict__)


@router.get("/dispatch", response_model=d.DispatchOut)
async def dispatch_board(rt: RuntimeDep, who: Dispatcher, dealer_id: Id) -> Any:
    """Dispatch (派工): jobs waiting for a technician by priority (rework, waiting customer,
    appointment, walk-in), each with the best placed technician, and every technician's load."""
    async with rt.reader() as session:
        b = await dispatch_queries.board(session, principal=who, dealer_id=dealer_id)
    return d.DispatchOut(dealer_id=b.dealer_id, reserve_capacity_pct=b.reserve_capacity_pct,
                         at=b.at, queue=[d.QueueItemOut.of(i, r) for i, r in b.queue],
                         technicians=[d.LoadOut.of(ld) for ld in b.loads])


@router.get("/jobs/{job_id}/suggestions", response_model=d.SuggestionsOut)
async def suggestions(job_id: Id, rt: RuntimeDep, who: Dispatcher) -> Any:
    """Technicians ranked for a job: has the skill, least loaded, same team as the order's jobs;
    `suggested` only when the job fits without eating into the reserve."""
    async with rt.reader() as session:
        order, ranked = await dispatch_queries.suggestions(session, principal=who, job_id=job_id)
    job = order.job(job_id)
    return d.SuggestionsOut(job_id=job.id, skill=job.skill, labor_hours=job.labor_hours,
                            items=[d.SuggestionOut.of_suggestion(x) for x in ranked])


@router.post("/jobs/{job_id}/pause", response_model=s.JobOut)
async def pause_job(job_id: Id, body: d.PauseIn, rt: RuntimeDep, who: Worker) -> Any:
    """Clock off an unfinished job with the reason (waiting for parts or approval, a break…)."""
    async with rt.uow() as uow:
        job = await dispatch.pause_job(uow=uow, principal=who, job_id=job_id, reason=body.reason,
                                       note=body.note)
    return s.JobOut.model_validate(job)


@router.post("/jobs/{job_id}/resume", response_model=s.JobOut)
async def resume_job(job_id: Id, rt: RuntimeDep, who: Worker) -> Any:
    """Clock on again after a pause (a rework line if the job was sent back)."""
    async with rt.uow() as uow:
        job = await dispatch.resume_job(uow=uow, principal=who, job_id=job_id)
    return s.JobOut.model_validate(job)


@router.post("/orders/{order_id}/customer-waiting", response_model=s.OrderDetail)
async def customer_waiting(order_id: Id, body: d.WaitingIn, rt: RuntimeDep, who: Desk) -> Any:
    """The customer waits in the lounge (or left): their jobs go first at dispatch."""
    async with rt.uow() as uow:
        order = await dispatch.set_customer_waiting(uow=uow, principal=who, order_id=order_id,
                                                    waiting=body.customer_waiting)
    return s.OrderDetail.of(order)


@router.get("/orders/{order_id}/hours", response_model=d.OrderHoursOut)
async def order_hours(order_id: Id, rt: RuntimeDep, who: Staff) -> Any:
    """Per job: sold (flat-rate) hours against clocked work and rework, and the efficiency."""
    async with rt.reader() as session:
        h = await dispatch_queries.order_hours(session, principal=who, order_id=order_id)
    return d.OrderHoursOut.of(h.order.id, h.order.order_no, h.jobs, h.total)


@router.get("/kpis", response_model=d.KpiOut)
async def kpis(rt: RuntimeDep, who: Dispatcher, dealer_id: Id, first: From = None,
               last: To = None) -> Any:
    """The manager's view of the workshop: vehicles in and out per day, sold vs clocked
    (efficiency), productivity, utilisation, comebacks, time per stage, late orders."""
    async with rt.reader() as session:
        period, f = await dispatch_queries.figures(session, principal=who, dealer_id=dealer_id,
                                                   first=first, last=last)
    return d.KpiOut.of(dealer_id, period, f)
