"""Size limits (413, 431) before anything else, rate limits (429 + Retry-After), 500s as
problem+json without dropping the connection, 405 with Allow."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from web_harness import auth, build, create_tables, running

from aftersales_common.auth.dev_issuer import create_dev_issuer_app
from aftersales_common.settings import ServiceSettings
from aftersales_common.web.limits import RateLimiter

MB = 1024 * 1024


async def _drive(app: Any, *, method: str, path: str, headers: list[tuple[bytes, bytes]],
                 body_chunks: int, chunk: bytes = b"x" * MB) -> tuple[int, dict[bytes, bytes],
                                                                       bytes, int]:
    """Call an ASGI app directly, feeding a body chunk by chunk; count what it read."""
    read = 0
    sent = 0
    messages: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal read, sent
        if sent >= body_chunks:
            await asyncio.sleep(3600)
        sent += 1
        read += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": sent < body_chunks}

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(),
             "query_string": b"", "root_path": "", "scheme": "http", "http_version": "1.1",
             "server": ("test", 80), "client": ("127.0.0.1", 5000), "headers": headers}
    await asyncio.wait_for(app(scope, receive, send), 30)
    start = next(m for m in messages if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return start["status"], dict(start["headers"]), body, read


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
async def test_a_50_mb_body_is_refused_with_413_before_it_is_read_and_before_the_401(
        tmp_path: Path, declared: bool) -> None:
    app, rt, _, _ = build(tmp_path)
    await create_tables(rt)
    async with app.router.lifespan_context(app):
        headers = [(b"content-type", b"application/json"), (b"idempotency-key", b"big")]
        if declared:
            headers.append((b"content-length", str(50 * MB).encode()))
        status, resp_headers, body, read = await _drive(
            app, method="POST", path="/api/mini/effects", headers=headers, body_chunks=50)
    assert status == 413, body  # no token at all: the size answers first
    assert resp_headers[b"content-type"] == b"application/problem+json"
    assert read <= (0 if declared else 2 * MB)  # never read (declared) or stopped at the limit


async def test_an_8_mb_header_is_refused_with_431(tmp_path: Path) -> None:
    async with running(tmp_path) as (client, rt, _, _h):
        r = await client.get("/api/mini/things/1", headers={**auth(rt), "X-Big": "a" * 8 * MB})
        assert r.status_code == 431 and r.headers["content-type"] == "application/problem+json"
        ok = await client.get("/api/mini/things/1", headers={**auth(rt), "X-Small": "a" * 1000})
        assert ok.status_code == 200


async def test_limits_are_configurable(tmp_path: Path) -> None:
    async with running(tmp_path, max_body_bytes=10, max_header_bytes=100_000) as (
            client, rt, _, _h):
        r = await client.post("/api/mini/effects", content=b'{"n": 123456789}',
                              headers={**auth(rt), "content-type": "application/json"})
        assert r.status_code == 413
        assert (await client.post("/api/mini/effects", json={"n": 1}, headers=auth(rt))
                ).status_code == 201


async def test_hammering_the_token_endpoint_gets_429_with_retry_after() -> None:
    app = create_dev_issuer_app(ServiceSettings(app_env="test", rate_limit_token_per_minute=5,
                                                rate_limit_token_ip_per_minute=8))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        async def token(user: str, password: str = "demo1234") -> httpx.Response:
            return await c.post("/api/auth/token", data={"username": user, "password": password})

        same_user = [await token("cashier", "wrong") for _ in range(6)]
        assert [r.status_code for r in same_user] == [401] * 5 + [429]
        limited = same_user[-1]
        assert int(limited.headers["retry-after"]) >= 1
        assert limited.headers["content-type"] == "application/problem+json"
        # Another username from the same address: admitted until the address's own limit.
        others = [await token(u) for u in ("advisor", "manager", "tech")]
        assert [r.status_code for r in others] == [200, 200, 429]


async def test_the_api_limits_each_principal_with_429_and_retry_after(tmp_path: Path) -> None:
    async with running(tmp_path, rate_limit_api_per_second=1, rate_limit_api_burst=3) as (
            client, rt, _, _h):
        codes = [(await client.get("/api/mini/things/1", headers=auth(rt, "a"))).status_code
                 for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        r = await client.get("/api/mini/things/1", headers=auth(rt, "a"))
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
        assert r.headers["content-type"] == "application/problem+json"
        assert (await client.get("/api/mini/things/1", headers=auth(rt, "b"))).status_code == 200


def test_a_token_bucket_refills_at_its_rate() -> None:
    now = [0.0]
    limiter = RateLimiter(2, 2, clock=lambda: now[0])
    assert [limiter.hit("k") for _ in range(2)] == [0, 0]
    assert limiter.hit("k") == pytest.approx(0.5)
    now[0] += 0.5
    assert limiter.hit("k") == 0
    assert RateLimiter(0, 1).hit("k") == 0  # rate 0: no limit


async def test_405_answers_carry_allow_with_every_method_of_the_path(tmp_path: Path) -> None:
    async with running(tmp_path) as (client, rt, _, _h):
        r = await client.delete("/api/mini/things/1", headers=auth(rt))
        assert r.status_code == 405
        assert r.headers["content-type"] == "application/problem+json"
        assert set(r.headers["allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "POST"}


async def test_after_a_500_the_keep_alive_connection_is_kept(tmp_path: Path) -> None:
    """A real uvicorn server: a 500 and the requests after it share one connection."""
    app, rt, _, _ = build(tmp_path)
    await create_tables(rt)
    connections: set[tuple[str, int]] = set()

    async def counting(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            connections.add(tuple(scope["client"]))  # type: ignore[arg-type]
        await app(scope, receive, send)

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(counting, log_level="critical", lifespan="on"))
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        deadline = asyncio.get_running_loop().time() + 20
        while not server.started:
            assert asyncio.get_running_loop().time() < deadline, "server did not start"
            await asyncio.sleep(0.02)
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits) as c:
            statuses = []
            for path in ("/api/mini/ok", "/api/mini/boom", "/api/mini/ok", "/api/mini/boom",
                         "/api/mini/ok"):
                r = await c.get(path)
                statuses.append(r.status_code)
                if r.status_code == 500:
                    assert r.headers["content-type"] == "application/problem+json"
                    assert r.json()["type"].endswith("/internal")
        assert statuses == [200, 500, 200, 500, 200]
        assert len(connections) == 1, connections
    finally:
        server.should_exit = True
        await asyncio.wait_for(serving, 20)
