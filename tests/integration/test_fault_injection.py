"""Fault injection on the distributed system (issue 7, proof 1): golden paths under load
while a service, the Kafka broker and PostgreSQL are each killed (SIGKILL) and restarted.

Afterwards: every event in every outbox was published and consumed by every subscriber
(outbox pending 0, no open dead letter, every group alive with lag 0), every lifecycle
completed (retried step by step through the outages), no idempotency key is left pending
past its lease, and the invariants hold in the services' PostgreSQL databases.

The kills are spaced by progress, not by the clock: each waits until lifecycles have
completed since the previous one, so the system is shown to recover before it is hit again.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import time
import traceback
import uuid
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import asyncpg
import httpx
import pytest

from aftersales_common.messaging.inbox import Reactions
from aftersales_common.settings import ServiceSettings
from tests.infra.services import crashable_kafka, crashable_postgres, create_database
from tests.support import golden_path
from tests.support.api import Api, eventually
from tests.support.cluster import SERVICES, Cluster

pytestmark = [pytest.mark.realinfra, pytest.mark.timeout(480)]

WORKERS = 4
RETRY_FOR = 100.0  # one request may wait this long for its target to come back
IN_PROGRESS = ("idempotency-in-progress", "idempotency-superseded")


class ResilientApi(Api):
    """A client that follows the contract through outages: every POST carries an
    Idempotency-Key, and a connection error, a 5xx, a 429 or a key still in progress is
    retried with the same key until the target answers."""

    retries = 0

    async def request(self, method: str, path: str, *, as_: str | None = None,
                      **kwargs: Any) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}) or {})
        if method == "POST":
            headers.setdefault("Idempotency-Key", f"fi-{uuid.uuid4().hex}")
        loop = asyncio.get_running_loop()
        deadline, delay = loop.time() + RETRY_FOR, 0.2
        while True:
            response: httpx.Response | None = None
            try:
                response = await super().request(method, path, as_=as_, headers=headers, **kwargs)
            except httpx.TransportError:
                if loop.time() > deadline:
                    raise
            if response is not None and not _transient(response):
                return response
            if loop.time() > deadline:
                assert response is not None
                return response
            ResilientApi.retries += 1
            wait = delay
            if response is not None and response.headers.get("retry-after", "").isdigit():
                wait = min(float(response.headers["retry-after"]), 5.0)
            await asyncio.sleep(wait)
            delay = min(delay * 2, 2.0)

    async def token(self, username: str) -> str:
        for _ in range(60):
            try:
                return await super().token(username)
            except httpx.HTTPError:
                await asyncio.sleep(1)
        return await super().token(username)


def _transient(r: httpx.Response) -> bool:
    if r.status_code >= 500 or r.status_code == 429:
        return True
    if r.status_code == 409 and "json" in r.headers.get("content-type", ""):
        body = r.json()
        return isinstance(body, dict) and any(c in str(body.get("type", "")) for c in IN_PROGRESS)
    return False


async def _patient_eventually(probe: Any, *, what: str, limit: float = 30.0,
                              interval: float = 0.05) -> Any:
    return await eventually(probe, what=what, limit=max(limit, RETRY_FOR), interval=interval)


@pytest.fixture(scope="module")
def chaos_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    with crashable_kafka() as broker, crashable_postgres() as database:
        cluster = Cluster(
            kafka_bootstrap=broker.address, pg_dsn=database.address,
            workdir=tmp_path_factory.mktemp("chaos"), create_database=create_database,
            broker=broker, database=database,
            extra_env={"CONSUMER_STALL_SECONDS": "30", "CONSUMER_MAX_PAUSE": "2",
                       "IDEMPOTENCY_LEASE_SECONDS": "15"},
        )
        try:
            cluster.start()
            yield cluster
        finally:
            cluster.stop()


def _reaction_types() -> dict[str, set[str]]:
    """The event types each service reacts to (from its own bootstrap)."""
    types: dict[str, set[str]] = {}
    for service in SERVICES:
        bootstrap = importlib.import_module(f"{service}.bootstrap")
        config = importlib.import_module(f"{service}.config")
        settings_cls = next(c for _, c in inspect.getmembers(config, inspect.isclass)
                            if issubclass(c, ServiceSettings) and c is not ServiceSettings)
        reactions: Reactions = bootstrap.build_reactions(settings_cls())
        types[service] = reactions.types
    return types


async def test_golden_paths_survive_kills_of_a_service_the_broker_and_postgres(
    chaos_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    cluster = chaos_cluster
    monkeypatch.setattr(golden_path, "eventually", _patient_eventually)
    api = ResilientApi(cluster.bases)
    started = time.monotonic()
    done: list[golden_path.Trace] = []
    failures: list[str] = []
    stop = asyncio.Event()
    counter = iter(range(10_000))

    async def worker(w: int) -> None:
        while not stop.is_set():
            index = 7000 + next(counter)
            try:
                done.append(await golden_path.run_golden_path(
                    api, index=index, seed=index, with_rework=index % 5 == 0,
                    day_offset=2 + index % 40))
            except Exception:
                failures.append(f"lifecycle {index}:\n{traceback.format_exc()}\n"
                                + "\n".join(f"--- {s} log:\n{cluster.log_tail(s, 15)}"
                                             for s in SERVICES))
                return

    async def progress(n: int, what: str) -> None:
        target = len(done) + n

        async def reached() -> bool:
            assert not failures, failures[0]
            return len(done) >= target

        try:
            await eventually(reached, what=f"{n} lifecycles {what}", limit=RETRY_FOR * 1.5)
        except AssertionError as exc:
            logs = "\n".join(f"--- {s} log:\n{cluster.log_tail(s, 15)}" for s in SERVICES)
            raise AssertionError(f"{exc} ({len(done)} done so far)\n{logs}") from None

    async def chaos() -> None:
        try:
            await progress(WORKERS, "before the first kill")
            await asyncio.to_thread(cluster.crash_service, "workshop")
            await progress(2, "after the workshop crash")
            await asyncio.to_thread(cluster.crash_broker, 2.0)
            await progress(2, "after the broker crash")
            await asyncio.to_thread(cluster.crash_database, 2.0)
            await progress(2, "after the PostgreSQL crash")
            await asyncio.to_thread(cluster.crash_service, "billing")
            await progress(2, "after the billing crash")
        finally:
            stop.set()

    workers = [asyncio.create_task(worker(w)) for w in range(WORKERS)]
    try:
        await chaos()
        await asyncio.gather(*workers)
    finally:
        stop.set()
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
    chaos_seconds = time.monotonic() - started
    assert not failures, "\n".join(failures[:3])

    # ---- everything published and consumed by every subscriber
    urls = {s: cluster.database_urls[s] for s in SERVICES}
    conns = {s: await asyncpg.connect(u) for s, u in urls.items()}
    try:
        reacts = _reaction_types()

        async def converged() -> dict[str, Any] | None:
            state: dict[str, Any] = {}
            for s, c in conns.items():
                state[f"{s}.pending"] = await c.fetchval(
                    "SELECT count(*) FROM outbox WHERE sent_at IS NULL")
                state[f"{s}.dead"] = await c.fetchval(
                    "SELECT count(*) FROM dead_letter WHERE status = 'open'")
            for s, c in conns.items():
                seen = {r[0] for r in await c.fetch(
                    "SELECT event_id FROM inbox WHERE consumer = $1", s)}
                missing = 0
                for p, pc in conns.items():
                    if p == s:
                        continue
                    ids = await pc.fetch("SELECT event_id FROM outbox WHERE type = ANY($1::text[])",
                                         sorted(reacts[s]))
                    missing += sum(1 for r in ids if r[0] not in seen)
                state[f"{s}.unconsumed"] = missing
            for s in SERVICES:
                r = await api.get(f"/api/{s}/admin/consumers", as_="admin")
                assert r.status_code == 200, r.text
                for item in r.json()["items"]:
                    state[f"{s}.lag"] = item["lag"]
                    state[f"{s}.alive"] = item["alive"]
            ok = all(v == 0 for k, v in state.items() if k.endswith((".pending", ".dead",
                                                                    ".unconsumed", ".lag")))
            ok = ok and all(v is True for k, v in state.items() if k.endswith(".alive"))
            return state if ok else None

        try:
            state = await eventually(converged, what="outboxes drained and consumers caught up",
                                     limit=120, interval=0.5)
        except AssertionError:
            raise AssertionError(f"not converged: {await _last_state(converged)}") from None
        for s in SERVICES:
            r = await api.get(f"/api/{s}/readyz")
            assert r.status_code == 200, r.text

        violations = await _invariants(conns, done)
        stuck_keys = {s: await c.fetchval(
            "SELECT count(*) FROM idempotency_key WHERE status_code IS NULL "
            "AND (locked_until IS NULL OR locked_until < now())") for s, c in conns.items()}
        pending_keys = {s: await c.fetchval(
            "SELECT count(*) FROM idempotency_key WHERE status_code IS NULL")
            for s, c in conns.items()}
        events = {s: await c.fetchval("SELECT count(*) FROM outbox") for s, c in conns.items()}
        stuck_rows = {s: [dict(r) for r in await c.fetch(
            "SELECT principal, key, method, path, created_at, claim, locked_until, now() AS now "
            "FROM idempotency_key WHERE status_code IS NULL")] for s, c in conns.items()}
    finally:
        for c in conns.values():
            await c.close()
        await api.aclose()

    print(
        f"\nFAULT INJECTION: kills {dict(sorted(cluster.kills.items()))}; "
        f"lifecycles completed {len(done)} ({WORKERS} concurrent), stuck 0; "
        f"events {sum(events.values())} {events}; client retries {ResilientApi.retries}; "
        f"idempotency keys pending {sum(pending_keys.values())}, stuck past lease "
        f"{sum(stuck_keys.values())}; invariant violations {len(violations)}; "
        f"consumers {state and {k: v for k, v in state.items() if k.endswith('.lag')}}; "
        f"{chaos_seconds:.0f}s under fire, {time.monotonic() - started:.0f}s in all"
    )
    assert cluster.kills == {"workshop": 1, "kafka": 1, "postgres": 1, "billing": 1}
    assert len(done) >= WORKERS + 8
    stuck_list = [f"{s} {r['method']} {r['path']} created {r['created_at']} "
                  f"lease until {r['locked_until']} (now {r['now']})"
                  for s, rows in stuck_rows.items() for r in rows]
    assert sum(stuck_keys.values()) == 0, "keys pending past their lease:\n" + "\n".join(stuck_list)
    assert violations == [], "\n".join(violations[:20])


async def _last_state(probe: Any) -> Any:
    try:
        return await probe()
    except Exception as exc:
        return repr(exc)


async def _invariants(conns: dict[str, Any], traces: list[golden_path.Trace]) -> list[str]:
    """The business invariants, by SQL on each service's own database."""
    bad: list[str] = []
    booking, workshop, parts, billing, crm = (conns[s] for s in SERVICES)

    # one order per check-in
    checked_in = {r["id"] for r in await booking.fetch(
        "SELECT id FROM appointment WHERE checked_in_at IS NOT NULL")}
    orders_per_appt: dict[str, int] = {}
    for r in await workshop.fetch(
            "SELECT appointment_id, count(*) AS n FROM repair_order "
            "WHERE appointment_id IS NOT NULL GROUP BY appointment_id"):
        orders_per_appt[r["appointment_id"]] = r["n"]
    for appt in checked_in:
        if orders_per_appt.get(appt, 0) != 1:
            bad.append(f"check-in {appt} has {orders_per_appt.get(appt, 0)} orders")

    # one invoice per passed order, with the right total
    passed = {r["id"] for r in await workshop.fetch(
        "SELECT id FROM repair_order WHERE qc_passed_at IS NOT NULL")}
    invoices = {r["order_id"]: r for r in await billing.fetch(
        "SELECT id, order_id, subtotal, vat, total, paid, refunded, vat_rate, labour_rate, status "
        "FROM invoice")}
    per_order = {r["order_id"]: r["n"] for r in await billing.fetch(
        "SELECT order_id, count(*) AS n FROM invoice GROUP BY order_id")}
    for order in passed:
        if per_order.get(order, 0) != 1:
            bad.append(f"passed order {order} has {per_order.get(order, 0)} invoices")
    cent = Decimal("0.01")
    for t in traces:
        inv = invoices.get(t.ids["order"])
        if inv is None:
            bad.append(f"lifecycle order {t.ids['order']} has no invoice")
            continue
        subtotal = (Decimal("1.5") * inv["labour_rate"]).quantize(cent) + Decimal("45.50")
        vat = (subtotal * inv["vat_rate"]).quantize(cent)
        if (inv["subtotal"], inv["vat"], inv["total"]) != (subtotal, vat, subtotal + vat):
            bad.append(f"invoice {inv['id']}: {inv['subtotal']}+{inv['vat']}={inv['total']}, "
                       f"expected {subtotal}+{vat}")

    # no double charge: paid <= total per invoice; one payment per lifecycle
    payments = {r["invoice_id"]: r for r in await billing.fetch(
        "SELECT invoice_id, count(*) AS n, sum(amount) AS amount FROM payment GROUP BY invoice_id")}
    for inv in invoices.values():
        pay = payments.get(inv["id"])
        amount = pay["amount"] if pay else Decimal(0)
        if amount - inv["refunded"] > inv["total"] or inv["paid"] > inv["total"]:
            bad.append(f"invoice {inv['id']} charged {amount} (paid {inv['paid']}) "
                       f"for a total of {inv['total']}")
    for t in traces:
        pay = payments.get(t.ids["invoice"])
        if pay is None or pay["n"] != 1:
            bad.append(f"lifecycle invoice {t.ids['invoice']} has {pay and pay['n']} payments")

    # stock ledger consistent and never negative
    for r in await parts.fetch(
            "SELECT s.dealer_id, s.part_no, s.on_hand, s.reserved, "
            "coalesce(sum(m.on_hand_delta), 0) AS moved, coalesce(sum(m.reserved_delta), 0) AS held, "
            "coalesce(min(m.on_hand_after), 0) AS low, coalesce(min(m.reserved_after), 0) AS low_r "
            "FROM stock s LEFT JOIN stock_movement m "
            "ON m.dealer_id = s.dealer_id AND m.part_no = s.part_no "
            "GROUP BY s.dealer_id, s.part_no, s.on_hand, s.reserved"):
        if r["on_hand"] != r["moved"] or r["reserved"] != r["held"]:
            bad.append(f"stock {r['part_no']}: on hand {r['on_hand']} / reserved {r['reserved']} "
                       f"but the ledger says {r['moved']} / {r['held']}")
        if min(r["on_hand"], r["reserved"], r["low"], r["low_r"]) < 0:
            bad.append(f"stock {r['part_no']} went negative")

    # one follow-up per delivered private car
    delivered = {r["id"] for r in await workshop.fetch(
        "SELECT id FROM repair_order WHERE status = 'delivered'")}
    callbacks = {r["order_id"]: r["n"] for r in await crm.fetch(
        "SELECT order_id, count(*) AS n FROM callback_task GROUP BY order_id")}
    for order, n in callbacks.items():
        if n != 1:
            bad.append(f"order {order} has {n} follow-up tasks")
    for t in traces:
        if t.ids["order"] not in delivered:
            bad.append(f"lifecycle order {t.ids['order']} not delivered")
        if callbacks.get(t.ids["order"], 0) != 1:
            bad.append(f"delivered private car of order {t.ids['order']} has "
                       f"{callbacks.get(t.ids['order'], 0)} follow-ups")
    return bad

