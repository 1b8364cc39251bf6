"""CRM routes: thin. Commands open the unit of work (it commits on a clean exit); reads open
a read-only session."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from aftersales_common.auth import Principal
from aftersales_common.web.deps import RuntimeDep, require
from aftersales_common.web.inputs import Day, Id, Moment
from aftersales_common.web.longpoll import LongPollDep
from aftersales_common.web.pagination import Cursor, Page
from crm.api import schemas as s
from crm.config import CrmSettings
from crm.contracts import ComplaintStatus, TaskStatus
from crm.service import handlers, queries

router = APIRouter(tags=["crm"])

# Customers never see follow-up tasks or complaints (internal notes, other people's numbers).
Agent = Annotated[Principal, Depends(require("callback_agent", "manager"))]
Reader = Annotated[Principal, Depends(require("callback_agent", "manager", "service_advisor"))]
# A customer sees only their own visits and answers their own survey, nothing else here.
Customer = Annotated[Principal, Depends(require("customer"))]
Limit = Annotated[int, Query(ge=1, le=200)]


def _settings(rt: Any) -> CrmSettings:
    return rt.settings  # type: ignore[no-any-return]


@router.get("/callbacks", response_model=Page[s.CallbackOut])
async def list_callbacks(rt: RuntimeDep, who: Reader, poll: LongPollDep,
                         order_id: Id | None = None,
                         status: TaskStatus | None = None, due_before: Moment | None = None,
                         callable_now: bool = False, customer_id: Id | None = None,
                         dealer_id: Id | None = None, limit: Limit = 50,
                         cursor: Cursor | None = None) -> Any:
    """Follow-up tasks (回访任务) of the caller's dealers; excluded ones only with status=excluded.

    `callable_now=true` gives today's callable list: deliveries of yesterday and earlier.
    Long poll (`wait` with `If-None-Match`): e.g. the task a delivery schedules, by
    `order_id`, answered as soon as it is scheduled.
    """
    async def read() -> Any:
        async with rt.reader() as session:
            items, nxt = await queries.callbacks(
                session, who, dealer_id=dealer_id, order_id=order_id, customer_id=customer_id,
                status=status, due_before=due_before, callable_now=callable_now, limit=limit,
                cursor=cursor)
        return {"items": [s.CallbackOut.of(v) for v in items], "next_cursor": nxt}

    return await poll.answer(rt, read)


@router.get("/callbacks/{task_id}", response_model=s.CallbackDetail)
async def get_callback(task_id: Id, rt: RuntimeDep, who: Reader) -> Any:
    """One task with its attempts, survey and complaints."""
    async with rt.reader() as session:
        view = await queries.callback(session, who, task_id)
    return s.CallbackDetail.of_view(view)


@router.post("/callbacks/{task_id}/attempts", status_code=201, response_model=s.AttemptLoggedOut)
async def log_attempt(task_id: Id, body: s.AttemptCreate, rt: RuntimeDep, who: Agent) -> Any:
    """Log a call; satisfied/dissatisfied/complaint complete the task (409 once completed)."""
    draft = handlers.ComplaintDraft(**body.complaint.model_dump()) if body.complaint else None
    async with rt.uow() as uow:
        done = await handlers.log_attempt(
            uow=uow, principal=who, settings=_settings(rt), task_id=task_id,
            outcome=body.outcome, note=body.note, number_called=body.number_called,
            open_complaint=body.open_complaint, complaint=draft)
    return s.AttemptLoggedOut.of_logged(done)


@router.post("/callbacks/{task_id}/survey", status_code=201, response_model=s.SurveyOut)
async def record_survey(task_id: Id, body: s.SurveyCreate, rt: RuntimeDep, who: Agent) -> Any:
    """The CSI survey (满意度调查): five areas scored 0-10, weighted to 0-100; one per task."""
    async with rt.uow() as uow:
        survey = await handlers.record_survey(
            uow=uow, principal=who, settings=_settings(rt), task_id=task_id,
            scores=body.scores.model_dump(), comment=body.comment)
    return s.SurveyOut.of(survey)


@router.get("/visits", response_model=Page[s.VisitOut])
async def list_visits(rt: RuntimeDep, who: Customer, pending: bool = False, limit: Limit = 50,
                      cursor: Cursor | None = None) -> Any:
    """The customer's own delivered visits (`pending=true`: not rated yet)."""
    async with rt.reader() as session:
        items, nxt = await queries.visits(session, who, pending=pending, limit=limit, cursor=cursor)
    return {"items": [s.VisitOut.of(t) for t in items], "next_cursor": nxt}


@router.post("/visits/{order_id}/rating", status_code=201, response_model=s.SurveyOut)
async def rate_visit(order_id: Id, body: s.SurveyCreate, rt: RuntimeDep, who: Customer) -> Any:
    """The customer rates their own visit (the CSI survey, 满意度评价): once; 404 if not theirs."""
    async with rt.uow() as uow:
        survey = await handlers.rate_visit(
            uow=uow, principal=who, settings=_settings(rt), order_id=order_id,
            scores=body.scores.model_dump(), comment=body.comment)
    return s.SurveyOut.of(survey)


@router.post("/complaints", status_code=201, response_model=s.ComplaintDetail)
async def create_complaint(body: s.ComplaintCreate, rt: RuntimeDep, who: Agent) -> Any:
    """Open a complaint (投诉) on a follow-up, naming department and responsible person."""
    async with rt.uow() as uow:
        complaint = await handlers.create_complaint(
            uow=uow, principal=who, settings=_settings(rt), **body.model_dump())
    return s.ComplaintDetail.of_complaint(complaint)


@router.get("/complaints", response_model=Page[s.ComplaintOut])
async def list_complaints(rt: RuntimeDep, who: Reader, status: ComplaintStatus | None = None,
                          dealer_id: Id | None = None, task_id: Id | None = None,
                          follow_up_due_before: Moment | None = None, limit: Limit = 50,
                          cursor: Cursor | None = None) -> Any:
    """Complaints of the caller's dealers; `follow_up_due_before` finds overdue follow-ups."""
    async with rt.reader() as session:
        items, nxt = await queries.complaints(
            session, who, dealer_id=dealer_id, status=status, task_id=task_id,
            follow_up_due_before=follow_up_due_before, limit=limit, cursor=cursor)
    return {"items": [s.ComplaintOut.of(c) for c in items], "next_cursor": nxt}


@router.get("/complaints/{complaint_id}", response_model=s.ComplaintDetail)
async def get_complaint(complaint_id: Id, rt: RuntimeDep, who: Reader) -> Any:
    """One complaint with its follow-up calls."""
    async with rt.reader() as session:
        complaint = await queries.complaint(session, who, complaint_id)
    return s.ComplaintDetail.of_complaint(complaint)


@router.patch("/complaints/{complaint_id}", response_model=s.ComplaintDetail)
async def update_complaint(complaint_id: Id, body: s.ComplaintUpdate, rt: RuntimeDep,
                           who: Agent) -> Any:
    """Name the responsible department and person (the same day); opens the complaint."""
    async with rt.uow() as uow:
        complaint = await handlers.update_complaint(
            uow=uow, principal=who, complaint_id=complaint_id,
            **body.model_dump(exclude_unset=True))
    return s.ComplaintDetail.of_complaint(complaint)


@router.post("/complaints/{complaint_id}/follow-ups", status_code=201,
             response_model=s.ComplaintDetail)
async def follow_up(complaint_id: Id, body: s.FollowUpCreate, rt: RuntimeDep, who: Agent) -> Any:
    """Call the customer again; the next one is due a week later until they are satisfied."""
    async with rt.uow() as uow:
        complaint = await handlers.follow_up_complaint(
            uow=uow, principal=who, complaint_id=complaint_id, **body.model_dump())
    return s.ComplaintDetail.of_complaint(complaint)


@router.post("/complaints/{complaint_id}/resolve", response_model=s.ComplaintDetail)
async def resolve(complaint_id: Id, body: s.Resolution, rt: RuntimeDep, who: Agent) -> Any:
    """Close the complaint: only once the customer said they are satisfied (409 otherwise)."""
    async with rt.uow() as uow:
        complaint = await handlers.resolve_complaint(
            uow=uow, principal=who, complaint_id=complaint_id, resolution=body.resolution)
    return s.ComplaintDetail.of_complaint(complaint)


@router.get("/reports/csi", response_model=s.CsiReportOut)
async def csi_report(rt: RuntimeDep, who: Reader, dealer_id: Id | None = None,
                     date_from: Annotated[Day | None, Query(alias="from")] = None,
                     date_to: Annotated[Day | None, Query(alias="to")] = None) -> Any:
    """Average CSI and count of surveys, and the dissatisfied list, for local dates from-to."""
    async with rt.reader() as session:
        report = await queries.csi_report(session, who, _settings(rt), dealer_id=dealer_id,
                                          date_from=date_from, date_to=date_to)
    return s.CsiReportOut.of(report)
