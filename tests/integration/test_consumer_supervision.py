"""Consumers survive a broker crash, and readiness tells the truth about them (issue 7, item 1).

Finding: after a SIGKILL of Kafka the workshop consumer left its group and never came back
(group `Empty`, lag stuck) while `/readyz` kept answering ready.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator

import pytest

from aftersales_common.messaging.envelope import CloudEvent
from aftersales_common.messaging.kafka import KafkaBus
from aftersales_common.messaging.outbox import OutgoingMessage
from harness import MiniService
from tests.infra.services import LocalServer, crashable_kafka, create_database
from tests.support.api import Api, eventually


@pytest.fixture(scope="module")
def own_broker() -> Iterator[LocalServer]:
    with crashable_kafka() as broker:
        yield broker


async def _count(svc: MiniService, n: int, limit: float) -> None:
    async def reached() -> bool:
        return await svc.effect_count() >= n

    await eventually(reached, what=f"{n} effects", limit=limit)


@pytest.mark.realinfra
async def test_consumer_rejoins_its_group_after_the_broker_is_killed_and_restarted(
    own_broker: LocalServer, postgres: str
) -> None:
    tag = uuid.uuid4().hex[:8]
    name, group = f"sup{tag}", f"group-{tag}"
    topic = f"aftersales.{name}"
    bus = KafkaBus(own_broker.address, client_id=f"sup-{tag}", topics=[topic], partitions=3,
                   max_backoff=2.0, stall_seconds=20, watch_interval=0.5)
    svc = MiniService(create_database(postgres, f"sup_{name}"), bus, name=name)
    await svc.create()
    in_flight, release = asyncio.Event(), asyncio.Event()

    async def handler(t: str, raw: bytes) -> None:
        await svc.consumer.deliver(t, raw)
        if b'"n":12' in raw and not release.is_set():
            in_flight.set()  # effect committed; the offset commit comes after the crash
            await release.wait()

    bus.subscribe(group, [topic], handler)
    await bus.start()
    svc.relay.start()
    try:
        await svc.publish_pings(6, key="order-a")
        await svc.publish_pings(6, start=6, key="order-b")
        await _count(svc, 12, 60)

        await svc.publish_pings(1, start=12, key="order-c")
        await asyncio.wait_for(in_flight.wait(), 60)
        await asyncio.to_thread(own_broker.kill)  # killed between the effect and its commit
        release.set()  # the offset commit meets a dead broker
        await svc.publish_pings(7, start=13, key="order-c")  # committed while the broker is down
        await asyncio.sleep(3)  # the broker stays down a moment
        await asyncio.to_thread(own_broker.restart)

        await _count(svc, 20, 120)
        await svc.publish_pings(4, start=20, key="order-d")  # and it keeps consuming
        await _count(svc, 24, 60)
        assert sorted(await svc.effect_ns()) == list(range(24))  # each exactly once

        (status,) = bus.consumer_status()

        async def caught_up() -> bool:
            return status.alive and status.lag == 0

        await eventually(caught_up, what="the group caught up (lag 0)", limit=30)
        assert status.healthy and status.processed >= 24
        assert await svc.relay.pending() == 0
    finally:
        await svc.relay.stop()
        await bus.stop()
        await svc.db.dispose()


# --------------------------------------------------------------------------- readiness (embedded)


async def test_readyz_lists_each_consumer_and_fails_when_one_is_dead_or_stalled(
    embedded, embedded_api: Api
) -> None:
    api = embedded_api

    async def ready() -> dict | None:
        # The demo dealer's seed events are still being consumed at start-up: a group that
        # is catching up is ready (it progresses), and it reaches lag 0 once it has caught up.
        r = await api.get("/api/workshop/readyz")
        if r.status_code != 200:
            return None
        body = r.json()
        return body if body["consumers"][0]["lag"] in (0, None) else None

    body = await eventually(ready, what="workshop ready and caught up")
    (consumer,) = body["consumers"]
    assert consumer["group"] == "aftersales-workshop" and consumer["alive"] is True
    assert consumer["lag"] in (0, None) and body["checks"]["consumers"] is True

    status = next(s for s in embedded.bus.consumer_status() if s.group == "aftersales-workshop")
    status.alive = False  # the loop died and has not come back
    r = await api.get("/api/workshop/readyz")
    assert r.status_code == 503 and r.json()["checks"]["consumers"] is False
    assert r.json()["consumers"][0]["alive"] is False
    assert (await api.get("/api/booking/readyz")).status_code == 200  # only workshop's group
    status.alive = True

    # A real stall: the group has a message it does not get past. Its handler is held on a
    # probe event (a type nobody reacts to), so the lag the watchdog measures is real and
    # nothing counts as progress; the bound is lowered so the test need not wait a minute.
    group = next(g for g in embedded.bus._subscriptions if g.group == "aftersales-workshop")
    handler, entered, release = group.handler, asyncio.Event(), asyncio.Event()
    probe = CloudEvent(source="/tests", type="test.stall-probe", subject="probe",
                       dataschema="urn:aftersales:event:test.stall-probe:v1", dealerid="d",
                       data={}).to_json()

    async def held(topic: str, raw: bytes) -> None:
        if raw == probe:
            entered.set()
            await release.wait()
        await handler(topic, raw)

    group.handler = held
    try:
        await embedded.bus.publish([OutgoingMessage("aftersales.parts", "probe", probe)])
        await asyncio.wait_for(entered.wait(), 30)
        status.stall_seconds = 0.5

        async def stalled() -> dict | None:
            r = await api.get("/api/workshop/readyz")
            return r.json() if r.status_code == 503 else None

        body = await eventually(stalled, what="workshop unready: its consumer stalled", limit=30)
        (consumer,) = body["consumers"]
        assert consumer["stalled"] is True and consumer["alive"] is True
        assert consumer["lag"] >= 1 and body["checks"]["consumers"] is False
        assert (await api.get("/api/booking/readyz")).status_code == 200  # only workshop's group
    finally:
        status.stall_seconds = 60.0
        release.set()
        group.handler = handler

    async def recovered() -> dict | None:
        r = await api.get("/api/workshop/readyz")
        return r.json() if r.status_code == 200 else None

    body = await eventually(recovered, what="workshop ready again once the group moved on",
                            limit=30)
    assert body["consumers"][0]["stalled"] is False


async def test_admin_consumers_shows_liveness_lag_and_errors_to_admins_only(
    embedded, embedded_api: Api
) -> None:
    api = embedded_api
    assert (await api.get("/api/crm/admin/consumers", as_="advisor")).status_code == 403
    assert (await api.get("/api/crm/admin/consumers")).status_code == 401
    r = await api.get("/api/crm/admin/consumers", as_="admin")
    assert r.status_code == 200, r.text
    (item,) = r.json()["items"]
    assert item["group"] == "aftersales-crm"
    assert set(item["topics"]) == {"aftersales.booking", "aftersales.workshop"}
    for field in ("alive", "lag", "last_message_at", "last_error", "restarts", "stalled",
                  "processed", "paused_for_infrastructure"):
        assert field in item
    assert r.json()["stall_seconds"] == 60.0
