from __future__ import annotations

from collections.abc import AsyncIterator
from types import SimpleNamespace

import httpx
import pytest

from aftersales_common.auth.demo import DEMO_DEALER_ID
from aftersales_common.messaging.envelope import CloudEvent
from aftersales_common.testing import running_client
from parts.bootstrap import create_app
from parts.config import PartsSettings


@pytest.fixture
def settings(tmp_path) -> PartsSettings:
    return PartsSettings(data_dir=tmp_path, app_env="test")


@pytest.fixture
async def client(settings) -> AsyncIterator[httpx.AsyncClient]:
    async with running_client(create_app(settings)) as c:
        yield c


@pytest.fixture
def runtime(client):
    return client._transport.app.state.runtime


@pytest.fixture
def workshop() -> SimpleNamespace:
    """Workshop events as parts receives them (built by hand: services never import each other)."""
    return SimpleNamespace(authorized=authorized, additional_approved=additional_approved,
                           job_started=job_started, cancelled=cancelled, event=_event)


Lines = list[tuple[str, str]]


def _event(type_: str, order_id: str, data: dict, dealer_id: str = DEMO_DEALER_ID,
           major: int = 1) -> CloudEvent:
    return CloudEvent(source="/aftersales/workshop", type=type_, subject=order_id,
                      dataschema=f"urn:aftersales:event:{type_}:v{major}", dealerid=dealer_id,
                      data={"order_id": order_id, "dealer_id": dealer_id, **data})


def _jobs(jobs: list[tuple[str, Lines]], status: str = "approved") -> list[dict]:
    return [{"job_id": job_id, "op_code": "MAINT-A", "description": "保养", "labor_hours": "1.5",
             "pay_type": "customer", "status": status,
             "parts": [{"part_no": p, "qty": q} for p, q in lines]} for job_id, lines in jobs]


def _reserve(jobs: list[tuple[str, Lines]]) -> list[dict]:
    return [{"job_id": job_id, "part_no": p, "qty": q} for job_id, lines in jobs for p, q in lines]


def authorized(order_id: str, jobs: list[tuple[str, Lines]], *, declined: list[tuple[str, Lines]]
               = (), dealer_id: str = DEMO_DEALER_ID) -> CloudEvent:
    """`order.authorized` as workshop sends it: all jobs, and `reserve` = the approved jobs' lines."""
    return _event("order.authorized", order_id, {
        "order_no": f"RO-{order_id}", "status": "authorized",
        "jobs": _jobs(jobs) + _jobs(list(declined), "declined"), "reserve": _reserve(jobs)},
        dealer_id)


def additional_approved(order_id: str, jobs: list[tuple[str, Lines]], job_ids: list[str]
                        ) -> CloudEvent:
    """`order.additional_work_approved`: `reserve` = the lines of the jobs just approved."""
    return _event("order.additional_work_approved", order_id, {
        "status": "in_progress", "jobs": _jobs(jobs), "job_ids": job_ids,
        "reserve": _reserve([j for j in jobs if j[0] in job_ids])})


def job_started(order_id: str, job_id: str, lines: Lines) -> CloudEvent:
    return _event("job.started", order_id, {
        "job_id": job_id, "technician": "tech", "op_code": "MAINT-A", "pay_type": "customer",
        "parts": [{"part_no": p, "qty": q} for p, q in lines]})


def cancelled(order_id: str) -> CloudEvent:
    return _event("order.cancelled", order_id, {"status": "cancelled", "jobs": []})
