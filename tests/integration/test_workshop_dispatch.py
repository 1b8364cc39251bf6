"""Dispatch by skill and clocked vs sold hours after a pause and a rework, through HTTP.

Each scenario runs on the embedded system and on the distributed one (real Kafka and
PostgreSQL, one process per service), like `test_architecture_defects.py`.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

import pytest

from aftersales_common.auth.demo import DEMO_DEALER_ID
from tests.integration.test_architecture_defects import customer_and_vehicle, ok, qc, walk_in
from tests.support.api import Api

Scenario = Callable[[Api], Awaitable[None]]
SCENARIOS: dict[str, Scenario] = {}
W = "/api/workshop"


def scenario(fn: Scenario) -> Scenario:
    SCENARIOS[fn.__name__] = fn
    return fn


async def signed_order(api: Api, *jobs: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A walk-in order with these jobs, signed by the customer."""
    customer, vehicle = await customer_and_vehicle(api)
    order = await walk_in(api, customer, vehicle)
    ids = [ok(await api.post(f"{W}/orders/{order['id']}/jobs", as_="advisor", json={
        "pay_type": "customer", "parts": [], **job}), 201)["id"] for job in jobs]
    ok(await api.post(f"{W}/orders/{order['id']}/authorize", as_="advisor",
                      json={"signed_by": customer["name"]}))
    return order, ids


async def roster(api: Api) -> dict[str, dict[str, Any]]:
    items = ok(await api.get(f"{W}/technicians", as_="foreman",
                             params={"dealer_id": DEMO_DEALER_ID}))
    return {t["user_id"]: t for t in items}


async def hire(api: Api, name: str, *skills: str, team: str) -> dict[str, Any]:
    """A technician of this scenario's own on the demo dealer's roster.

    The cluster is shared by every test of the session (schemathesis among them edits the roster
    it finds), so a scenario that asserts who is suggested brings its own people.
    """
    user = f"{name}-{uuid.uuid4().hex[:8]}"
    return ok(await api.post(f"{W}/technicians", as_="foreman", json={
        "dealer_id": DEMO_DEALER_ID, "user_id": user, "name": user, "skills": list(skills),
        "team": team, "shift_start": "00:00", "shift_end": "23:59"}), 201)


async def seeded_tech(api: Api) -> None:
    """The demo login `tech` clocks in these scenarios: put it back as seeded (active, 机电一组)."""
    tech = (await roster(api))["tech"]
    ok(await api.request("PUT", f"{W}/technicians/{tech['id']}", as_="foreman", json={
        "name": "王强", "skills": ["electrical", "maintenance", "mechanical"], "team": "机电一组",
        "shift_start": "08:30", "shift_end": "17:30", "active": True}))


@scenario
async def dispatch_by_skill(api: Api) -> None:
    _, (paint, engine) = await signed_order(
        api, {"op_code": "PNT-DOOR", "description": "左前门喷漆 repaint left front door",
              "labor_hours": "3", "skill": "paint"},
        {"op_code": "ENG-DIAG", "description": "发动机故障诊断 engine diagnosis",
         "labor_hours": "1", "skill": "electrical"})
    body_shop = [await hire(api, "painter", "body", "paint", team="钣喷组"),
                 await hire(api, "painter", "paint", team="钣喷组")]
    mechanic = await hire(api, "mechanic", "mechanical", "electrical", team="机电一组")
    # the body shop cannot take the electrical diagnosis, the mechanic cannot paint
    r = await api.post(f"{W}/jobs/{engine}/assign", as_="foreman",
                       json={"technician_id": body_shop[0]["id"]})
    assert r.status_code == 409 and r.json()["type"].endswith("skill-mismatch"), r.text
    r = await api.post(f"{W}/jobs/{paint}/assign", as_="foreman",
                       json={"technician": mechanic["user_id"]})
    assert r.status_code == 409, r.text
    # the queue shows both jobs; the suggestions put those with the skill first
    board = ok(await api.get(f"{W}/dispatch", as_="foreman", params={"dealer_id": DEMO_DEALER_ID}))
    queued = {q["job_id"]: q for q in board["queue"]}
    assert {paint, engine} <= set(queued)
    suggestion = queued[paint]["suggestion"]
    assert suggestion is None or "paint" in suggestion["technician"]["skills"]
    ranked = ok(await api.get(f"{W}/jobs/{paint}/suggestions", as_="foreman"))["items"]
    with_skill = [x for x in ranked if x["has_skill"]]
    assert {t["user_id"] for t in body_shop} <= {x["technician"]["user_id"] for x in with_skill}
    assert all("paint" in x["technician"]["skills"] for x in with_skill)
    assert mechanic["user_id"] not in {x["technician"]["user_id"] for x in with_skill}
    assert ranked[:len(with_skill)] == with_skill
    best = with_skill[0]["technician"]
    job = ok(await api.post(f"{W}/jobs/{paint}/assign", as_="foreman",
                            json={"technician_id": best["id"]}))
    assert job["technician"] == best["user_id"]
    job = ok(await api.post(f"{W}/jobs/{engine}/assign", as_="foreman",
                            json={"technician_id": mechanic["id"]}))
    assert job["technician"] == mechanic["user_id"]
    board = ok(await api.get(f"{W}/dispatch", as_="foreman", params={"dealer_id": DEMO_DEALER_ID}))
    assert not {paint, engine} & {q["job_id"] for q in board["queue"]}
    loads = {t["technician"]["user_id"]: t for t in board["technicians"]}
    assert Decimal(loads[mechanic["user_id"]]["held_hours"]) >= 1


@scenario
async def clocked_against_sold_after_a_pause_and_a_rework(api: Api) -> None:
    order, (jid,) = await signed_order(api, {"op_code": "BRK-PAD", "labor_hours": "1.5",
                                             "description": "更换前刹车片 front brake pads"})
    oid = order["id"]
    await seeded_tech(api)
    ok(await api.post(f"{W}/jobs/{jid}/assign", as_="foreman", json={"technician": "tech"}))
    first = ok(await api.post(f"{W}/jobs/{jid}/start", as_="tech"))
    paused = ok(await api.post(f"{W}/jobs/{jid}/pause", as_="tech",
                               json={"reason": "waiting_parts", "note": "等刹车片到货"}))
    assert paused["status"] == "paused"
    r = await qc(api, oid, "self", "tech")
    assert r.status_code == 409, r.text  # a paused job is unfinished work
    ok(await api.post(f"{W}/jobs/{jid}/resume", as_="tech"))
    ok(await api.post(f"{W}/jobs/{jid}/finish", as_="tech", json={}))
    ok(await qc(api, oid, "self", "tech"))
    failed = ok(await qc(api, oid, "foreman", "foreman", passed=False))
    assert failed["status"] == "qc_failed"
    again = ok(await api.post(f"{W}/jobs/{jid}/start", as_="tech"))
    assert again["started_at"] == first["started_at"]  # the first start is kept
    ok(await api.post(f"{W}/jobs/{jid}/finish", as_="tech", json={}))

    hours = ok(await api.get(f"{W}/orders/{oid}/hours", as_="advisor"))
    (job,) = hours["jobs"]
    assert [(x["kind"], x["end"], x["reason"]) for x in job["lines"]] == [
        ("work", "pause", "waiting_parts"), ("work", "finish", None), ("rework", "finish", None)]
    assert job["lines"][0]["note"] == "等刹车片到货"
    assert job["sold"] == "1.5" and hours["total"]["sold"] == "1.5"
    assert Decimal(job["clocked"]) == Decimal(job["work"]) + Decimal(job["rework"])
    assert job["lines"][0]["started_at"] == first["started_at"]
    detail = ok(await api.get(f"{W}/orders/{oid}", as_="advisor"))
    assert detail["jobs"][0]["started_at"] == first["started_at"]
    assert detail["jobs"][0]["rework_count"] == 1

    techs = await roster(api)
    mine = ok(await api.get(f"{W}/technicians/{techs['tech']['id']}/hours", as_="manager"))
    assert mine["comebacks"] >= 1 and Decimal(mine["sold"]) >= Decimal("1.5")
    kpis = ok(await api.get(f"{W}/kpis", as_="manager", params={"dealer_id": DEMO_DEALER_ID}))
    assert Decimal(kpis["sold"]) >= Decimal("1.5")
    assert Decimal(kpis["clocked"]) >= Decimal(job["clocked"])
    assert sum(d["vehicles_in"] for d in kpis["flow"]) >= 1


@pytest.mark.parametrize("name", sorted(SCENARIOS))
async def test_on_the_embedded_system(name: str, embedded_api: Api) -> None:
    await SCENARIOS[name](embedded_api)


@pytest.mark.realinfra
@pytest.mark.parametrize("name", sorted(SCENARIOS))
async def test_on_kafka_and_postgres(name: str, cluster_api: Api) -> None:
    await SCENARIOS[name](cluster_api)
