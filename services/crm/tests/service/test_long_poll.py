"""Long poll on the follow-up task list (aftersales_common.web.longpoll): a client waiting for
the task a delivery schedules gets it as soon as the consumer commits it, one request."""

from __future__ import annotations

import asyncio
import time

import pytest

from aftersales_common.web import longpoll


async def _empty_tag(client, agent, order_id: str) -> str:
    r = await client.get("/api/crm/callbacks", params={"order_id": order_id, "wait": 0},
                         headers=agent)
    assert r.status_code == 200 and r.json()["items"] == []
    return r.headers["ETag"]


async def test_a_waiting_read_answers_as_soon_as_the_consumer_commits(
        client, runtime, events, agent, monkeypatch: pytest.MonkeyPatch) -> None:
    # Only the commit signal may end the wait early: no periodic re-read within the test.
    monkeypatch.setattr(longpoll, "RECHECK_SECONDS", 60.0)
    await runtime.consumer.process(events.customer())
    delivery = events.delivered()
    order_id = delivery.data["order_id"]
    tag = await _empty_tag(client, agent, order_id)

    started = time.monotonic()
    waiting = asyncio.create_task(client.get(
        "/api/crm/callbacks", params={"order_id": order_id, "wait": 20},
        headers={**agent, "If-None-Match": tag}))
    await asyncio.sleep(0.3)
    assert not waiting.done(), "nothing changed yet: the request must still be waiting"

    # Another order's delivery commits: this list is unchanged, so the request keeps waiting.
    await runtime.consumer.process(events.delivered())
    await asyncio.sleep(0.3)
    assert not waiting.done(), "a commit that leaves the answer unchanged must not end the wait"

    await runtime.consumer.process(delivery)
    committed = time.monotonic()
    r = await asyncio.wait_for(waiting, 10)
    answered = time.monotonic()
    assert r.status_code == 200
    items = r.json()["items"]
    assert [i["order_id"] for i in items] == [order_id]
    assert r.headers["ETag"] != tag
    assert answered - committed < 5, "answered on the commit, not at the end of the wait"
    assert answered - started < 15


async def test_the_normal_empty_answer_when_the_time_is_up(client, agent) -> None:
    tag = await _empty_tag(client, agent, "f" * 8 + "-0000-4000-8000-000000000000")
    started = time.monotonic()
    r = await client.get("/api/crm/callbacks",
                         params={"order_id": "f" * 8 + "-0000-4000-8000-000000000000",
                                 "wait": 0.5},
                         headers={**agent, "If-None-Match": tag})
    assert time.monotonic() - started >= 0.5
    assert r.status_code == 200
    assert r.json() == {"items": [], "next_cursor": None}
    assert r.headers["ETag"] == tag


async def test_wait_without_a_known_answer_returns_at_once(client, agent) -> None:
    """A wait names the answer it waits to change: without `If-None-Match` it does not hang
    (a fuzzer's or a typo's request)."""
    started = time.monotonic()
    r = await client.get("/api/crm/callbacks", params={"wait": 30}, headers=agent)
    assert r.status_code == 200 and time.monotonic() - started < 5
    assert r.headers["ETag"].startswith('W/"')
    plain = await client.get("/api/crm/callbacks", headers=agent)
    assert "ETag" not in plain.headers, "a read without `wait` is unchanged"


@pytest.mark.parametrize("wait", ["30.5", "-1", "soon"])
async def test_wait_outside_its_bound_is_refused(client, agent, wait: str) -> None:
    r = await client.get("/api/crm/callbacks", params={"wait": wait}, headers=agent)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")


async def test_the_openapi_documents_the_bounded_wait(client) -> None:
    doc = (await client.get("/api/crm/openapi.json")).json()
    params = {p["name"]: p for p in doc["paths"]["/api/crm/callbacks"]["get"]["parameters"]}
    schema = params["wait"]["schema"]
    bounds = schema.get("anyOf", [schema])[0]
    assert params["wait"]["in"] == "query" and bounds["maximum"] == 30
    assert bounds["minimum"] == 0
    assert params["if-none-match"]["in"] == "header"
