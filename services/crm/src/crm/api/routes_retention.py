"""Routes of retention tasks (客户促进): reminders about work the customer put off."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from aftersales_common.auth import Principal
from aftersales_common.web.deps import RuntimeDep, require
from aftersales_common.web.inputs import Day, Id, text
from aftersales_common.web.pagination import Cursor, Page
from aftersales_common.wire import DealerTime
from crm.domain.retention import RetentionOutcome, RetentionSource, RetentionStatus
from crm.service import retention

router = APIRouter(tags=["crm: retention"])

Agent = Annotated[Principal, Depends(require("callback_agent", "manager"))]
Reader = Annotated[Principal, Depends(require("callback_agent", "manager", "service_advisor"))]
Limit = Annotated[int, Query(ge=1, le=200)]


class RetentionTaskOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    dealer_id: str
    customer_id: str
    vehicle_id: str
    source: RetentionSource
    source_id: str = Field(description="the deferred work's id in workshop")
    order_id: str
    order_no: str
    plate: str
    title: str
    reason: str
    due_on: date
    status: RetentionStatus
    outcome: RetentionOutcome | None
    note: str
    done_by: str | None
    done_at: DealerTime | None
    created_at: DealerTime


class CompleteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: RetentionOutcome
    note: Annotated[str, text(500)] = ""


@router.get("/retention-tasks", response_model=Page[RetentionTaskOut])
async def retention_tasks(rt: RuntimeDep, who: Reader, dealer_id: Id | None = None,
                          status: RetentionStatus | None = None, vehicle_id: Id | None = None,
                          customer_id: Id | None = None, due_before: Day | None = None,
                          limit: Limit = 50, cursor: Cursor | None = None) -> Any:
    """Reminders to call customers back about declined or deferred work (from workshop's
    `work.deferred`: due on the date the customer gave, else 30 days later)."""
    async with rt.reader() as session:
        items, nxt = await retention.tasks(
            session, principal=who, dealer_id=dealer_id, status=status, vehicle_id=vehicle_id,
            customer_id=customer_id, due_before=due_before, limit=limit, cursor=cursor)
    return {"items": [RetentionTaskOut.model_validate(t) for t in items], "next_cursor": nxt}


@router.post("/retention-tasks/{task_id}/complete", response_model=RetentionTaskOut)
async def complete(task_id: Id, body: CompleteIn, rt: RuntimeDep, who: Agent) -> Any:
    """The reminder call reached the customer (booked, later, not coming, done elsewhere)."""
    async with rt.uow() as uow:
        task = await retention.complete(uow=uow, principal=who, task_id=task_id,
                                        outcome=body.outcome, note=body.note)
    return RetentionTaskOut.model_validate(task)
