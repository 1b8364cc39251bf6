"""Crash-safe Idempotency-Key (ADR 0010): no request can leave a key stuck, no retry doubles
an effect, and a retry after a committed effect gets its result."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import insert
from sqlalchemy.exc import OperationalError
from web_harness import auth, build, count, create_tables, key_row, never, running

from aftersales_common.clock import utcnow


async def test_a_repeat_gets_the_first_result_and_one_effect(tmp_path: Path) -> None:
    async with running(tmp_path) as (client, rt, effects, _):
        first = await client.post("/api/mini/effects", json={"n": 1}, headers=auth(rt, key="k1"))
        again = await client.post("/api/mini/effects", json={"n": 1}, headers=auth(rt, key="k1"))
        other = await client.post("/api/mini/effects", json={"n": 2}, headers=auth(rt, key="k1"))
        assert first.status_code == again.status_code == 201
        assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
        assert other.status_code == 422
        assert await count(rt, effects) == 1


async def test_the_result_is_stored_in_the_same_transaction_as_the_effect(tmp_path: Path) -> None:
    """While the effect's transaction is open, nothing of it (nor of its result) is visible."""
    async with running(tmp_path) as (client, rt, effects, hooks):
        seen: dict[str, object] = {}

        async def look() -> None:  # after the unit of work's block, before the commit
            seen["effects"] = await count(rt, effects)
            seen["row"] = await key_row(rt, "atomic")

        hooks.after.append(look)
        r = await client.post("/api/mini/effects", json={"n": 1}, headers=auth(rt, key="atomic"))
        assert r.status_code == 201
        assert seen["effects"] == 0
        assert seen["row"] is not None and seen["row"]["status_code"] is None  # type: ignore[index]
        row = await key_row(rt, "atomic")
        assert row is not None and row["status_code"] == 201 and await count(rt, effects) == 1


async def test_a_request_cancelled_after_its_claim_leaves_no_key_stuck(tmp_path: Path) -> None:
    async with running(tmp_path) as (client, rt, effects, hooks):
        running_ = asyncio.Event()

        async def stuck() -> None:
            running_.set()
            await never()

        hooks.before.append(stuck)
        call = asyncio.create_task(
            client.post("/api/mini/effects", json={"n": 1}, headers=auth(rt, key="cancel")))
        await asyncio.wait_for(running_.wait(), 10)
        assert await key_row(rt, "cancel") is not None  # claimed, running
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
        await _until(_absent(rt, "cancel"))
        retry = await client.post("/api/mini/effects", json={"n": 1}, headers=auth(rt, key="cancel"))
        assert retry.status_code == 201 and "idempotent-replayed" not in retry.headers
        assert await count(rt, effects) == 1


@pytest.mark.parametrize("where", ["inside", "after"])
async def test_an_exception_in_the_handler_rolls_back_and_frees_the_key(
        tmp_path: Path, where: str) -> None:
    async with running(tmp_path) as (client, rt, effects, hooks):
        async def fail() -> None:
            raise RuntimeError("handler bug")

        getattr(hooks, where).append(fail)
        failed = await client.post("/api/mini/effects", json={"n": 1}, headers=auth(rt, key="x"))
        assert failed.status_code == 500
        assert failed.headers["content-type"] == "application/problem+json"
        assert await count(rt, effects) == 0  # a 5xx never leaves its effect behind
        retry = await client.post("/api/mini/effects", json={"n": 1}, headers=auth(rt, key="x"))
        assert retry.status_code == 201 and "idempotent-replayed" not in retry.headers
        assert await count(rt, effects) == 1


async def test_a_database_outage_between_claim_and_effect_frees_the_key_when_its_lease_ends(
        tmp_path: Path) -> None:
    async with running(tmp_path, idempotency_lease_seconds=0.5) as (client, rt, effects, hooks):
        real_session = rt.db.session
        down = {"on": False}

        def session() -> object:
            if down["on"]:
                raise OperationalError("connect", {}, ConnectionRefusedError("database down"))
            return real_session()

        rt.db.session = session  # type: ignore[method-assign]

        async def outage() -> None:
            down["on"] = True

        hooks.before.append(outage)
        failed = await client.post("/api/mini/effects", json={"n": 1}, headers=auth(rt, key="db"))
        assert failed.status_code == 500
        down["on"] = False
        row = await key_row(rt, "db")  # the release failed too: the claim is still there...
        assert row is not None and row["status_code"] is None
        busy = await client.post("/api/mini/effects", json={"n": 1}, headers=auth(rt, key="db"))
        assert busy.status_code == 409 and int(busy.headers["retry-after"]) >= 1
        # ... but only for its lease: then a retry runs once more.
        async def retried() -> httpx.Response | None:
            r = await client.post("/api/mini/effects", json={"n": 1}, headers=auth(rt, key="db"))
            return r if r.status_code != 409 else None

        retry = await _until(retried)
        assert retry.status_code == 201
        assert await count(rt, effects) == 1


async def test_a_crash_after_the_commit_before_the_response_replays_the_result(
        tmp_path: Path) -> None:
    """The connection dies while the answer is sent: the retry gets the stored result."""
    app, rt, effects, _ = build(tmp_path)
    await create_tables(rt)
    async with app.router.lifespan_context(app):
        headers = [(k.lower().encode(), v.encode()) for k, v in auth(rt, key="lost").items()]
        scope = {"type": "http", "method": "POST", "path": "/api/mini/effects", "raw_path": b"",
                 "query_string": b"", "root_path": "", "scheme": "http", "http_version": "1.1",
                 "server": ("test", 80), "client": ("127.0.0.1", 1),
                 "headers": [*headers, (b"content-type", b"application/json")]}

        async def receive() -> dict[str, object]:
            return {"type": "http.request", "body": b'{"n":7}', "more_body": False}

        async def broken_send(message: dict[str, object]) -> None:
            raise ConnectionResetError("client gone")

        with pytest.raises(ConnectionResetError):
            await app(scope, receive, broken_send)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            retry = await client.post("/api/mini/effects", content=b'{"n":7}',
                                      headers={**auth(rt, key="lost"),
                                               "content-type": "application/json"})
        assert retry.status_code == 201 and retry.headers["idempotent-replayed"] == "true"
        assert retry.json()["n"] == 7
        assert await count(rt, effects) == 1


async def test_a_failed_commit_stores_neither_effect_nor_result(tmp_path: Path) -> None:
    async with running(tmp_path) as (client, rt, effects, _hooks):
        from aftersales_common.messaging import unit_of_work

        real = unit_of_work.UnitOfWork.finish
        failures = {"left": 1}

        async def finish(self: unit_of_work.UnitOfWork, *, commit: bool) -> None:
            if commit and failures["left"]:
                failures["left"] -= 1
                await real(self, commit=False)
                raise OperationalError("COMMIT", {}, ConnectionResetError("connection lost"))
            await real(self, commit=commit)

        unit_of_work.UnitOfWork.finish = finish  # type: ignore[method-assign]
        try:
            failed = await client.post("/api/mini/effects", json={"n": 1},
                                       headers=auth(rt, key="commit"))
            assert failed.status_code == 503
            assert await count(rt, effects) == 0 and await key_row(rt, "commit") is None
            retry = await client.post("/api/mini/effects", json={"n": 1},
                                      headers=auth(rt, key="commit"))
        finally:
            unit_of_work.UnitOfWork.finish = real  # type: ignore[method-assign]
        assert retry.status_code == 201
        assert await count(rt, effects) == 1


async def test_a_refusal_at_flush_is_stored_with_its_key_and_holds_no_connection(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A unit of work whose save refuses on exit (a version guard: "changed meanwhile") rolls
    back before the middleware takes it over: the 409 is the key's result, the key is not
    left pending past its lease, and no session is left open on a transaction.

    Found under fault injection: two tills paying one invoice, the loser's key stayed pending
    and its connection was collected by the garbage collector, uncommitted."""
    from aftersales_common.errors import Conflict
    from aftersales_common.messaging.unit_of_work import UnitOfWork

    async def stale(self: UnitOfWork) -> None:
        raise Conflict("the row changed meanwhile", code="changed-meanwhile")

    async with running(tmp_path) as (client, rt, effects, _hooks):
        monkeypatch.setattr(UnitOfWork, "flush_aggregates", stale)
        refused = await client.post("/api/mini/effects", json={"n": 1},
                                    headers=auth(rt, key="stale"))
        assert refused.status_code == 409, refused.text
        row = await key_row(rt, "stale")
        assert row is not None and row["status_code"] == 409 and row["locked_until"] is None
        again = await asyncio.wait_for(client.post(
            "/api/mini/effects", json={"n": 1}, headers=auth(rt, key="stale")), 10)
        assert again.status_code == 409 and again.headers["idempotent-replayed"] == "true"
        assert await count(rt, effects) == 0
        assert rt.db.engine.pool.checkedout() == 0  # type: ignore[attr-defined]


async def test_a_refusal_whose_record_fails_is_503_and_leaves_no_key_pending(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A refusal (no effect) is stored with its key in a transaction of its own; when that
    fails (the database went away between the answer and its record) the client gets 503
    and retries with the same key, instead of a final answer that leaves the key claimed.

    Found under fault injection: a refused delivery's key stayed pending past its lease
    after a PostgreSQL kill."""
    from aftersales_common.errors import Conflict
    from aftersales_common.messaging.unit_of_work import UnitOfWork
    from aftersales_common.web import idempotency

    async def stale(self: UnitOfWork) -> None:
        raise Conflict("the row changed meanwhile", code="changed-meanwhile")

    real = idempotency._Lease.record_alone
    failures = {"left": 1}

    async def record_alone(self: idempotency._Lease, response: object) -> None:
        if failures["left"]:
            failures["left"] -= 1
            raise OperationalError("INSERT", {}, ConnectionResetError("connection lost"))
        await real(self, response)  # type: ignore[arg-type]

    async with running(tmp_path) as (client, rt, effects, _hooks):
        monkeypatch.setattr(UnitOfWork, "flush_aggregates", stale)
        monkeypatch.setattr(idempotency._Lease, "record_alone", record_alone)
        lost = await client.post("/api/mini/effects", json={"n": 1}, headers=auth(rt, key="lost"))
        assert lost.status_code == 503, lost.text
        assert await key_row(rt, "lost") is None  # freed, not pending
        retry = await asyncio.wait_for(client.post(
            "/api/mini/effects", json={"n": 1}, headers=auth(rt, key="lost")), 10)
        assert retry.status_code == 409, retry.text
        row = await key_row(rt, "lost")
        assert row is not None and row["status_code"] == 409
        assert await count(rt, effects) == 0


async def test_a_request_that_outlives_its_lease_is_fenced_off(tmp_path: Path) -> None:
    """A slow first request loses its lease to a retry: only one of them commits."""
    async with running(tmp_path, idempotency_lease_seconds=0.2) as (client, rt, effects, hooks):
        release = asyncio.Event()

        async def slow() -> None:
            await release.wait()

        hooks.before.append(slow)
        first = asyncio.create_task(
            client.post("/api/mini/effects", json={"n": 1}, headers=auth(rt, key="slow")))
        await _until(lambda: asyncio.sleep(0, result=not hooks.before))  # running its handler

        async def took_over() -> httpx.Response | None:
            r = await client.post("/api/mini/effects", json={"n": 1}, headers=auth(rt, key="slow"))
            return r if r.status_code != 409 else None

        second = await _until(took_over)
        assert second.status_code == 201
        release.set()
        late = await first
        assert late.status_code == 409 and late.json()["type"].endswith("idempotency-superseded")
        assert await count(rt, effects) == 1
        replay = await client.post("/api/mini/effects", json={"n": 1}, headers=auth(rt, key="slow"))
        assert replay.json() == second.json()


async def test_a_key_left_pending_before_leases_existed_is_taken_over(tmp_path: Path) -> None:
    async with running(tmp_path, idempotency_lease_seconds=60) as (client, rt, effects, _):
        t = rt.tables.idempotency
        import hashlib
        digest = hashlib.sha256(b"/api/mini/effects\n" + b'{"n":1}').hexdigest()
        async with rt.uow() as uow:
            await uow.session.execute(insert(t).values(
                principal="alice", key="legacy", method="POST", path="/api/mini/effects",
                request_hash=digest, created_at=utcnow() - timedelta(hours=1)))
        r = await client.post("/api/mini/effects", content=b'{"n":1}',
                              headers={**auth(rt, key="legacy"),
                                       "content-type": "application/json"})
        assert r.status_code == 201 and await count(rt, effects) == 1


async def test_keys_are_scoped_to_their_caller(tmp_path: Path) -> None:
    async with running(tmp_path) as (client, rt, effects, _):
        a = await client.post("/api/mini/effects", json={"n": 1}, headers=auth(rt, "a", key="k"))
        b = await client.post("/api/mini/effects", json={"n": 1}, headers=auth(rt, "b", key="k"))
        assert a.status_code == b.status_code == 201 and a.json() != b.json()
        assert await count(rt, effects) == 2


@pytest.mark.parametrize("case", ["long-key", "long-path", "non-utf8-key", "control-key",
                                  "nul-path"])
async def test_keys_and_paths_the_table_cannot_hold_are_422_on_every_dialect(
        tmp_path: Path, case: str) -> None:
    async with running(tmp_path) as (client, rt, _, _h):
        path = "/api/mini/things/1"
        key: str | bytes = "k"
        if case == "long-key":
            key = "k" * 201
        elif case == "long-path":
            path = "/api/mini/things/" + "x" * 400
        elif case == "non-utf8-key":
            key = b"\xff\xfe-key"
        elif case == "control-key":
            key = "a\tb"
        else:
            path = "/api/mini/things/a%00b"
        headers = [(k, v) for k, v in auth(rt).items()] + [("Idempotency-Key", key)]
        r = await client.post(path, headers=headers)
        assert r.status_code == 422, r.text
        assert r.headers["content-type"] == "application/problem+json"
        ok = await client.post("/api/mini/things/1", headers=auth(rt, key="k" * 200))
        assert ok.status_code == 201


async def test_a_non_utf8_authorization_header_is_401_not_500(tmp_path: Path) -> None:
    async with running(tmp_path) as (client, _rt, _, _h):
        r = await client.post("/api/mini/effects", json={"n": 1},
                              headers=[("Authorization", b"Bearer \xff\xfe"),
                                       ("Idempotency-Key", b"\xff")])
        assert r.status_code == 401
        assert r.headers["content-type"] == "application/problem+json"


async def _until(probe, limit: float = 10.0):  # type: ignore[no-untyped-def]
    deadline = asyncio.get_running_loop().time() + limit
    while True:
        value = await probe()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.02)


def _absent(rt, key: str):  # type: ignore[no-untyped-def]
    async def probe() -> bool:
        return await key_row(rt, key) is None
    return probe
