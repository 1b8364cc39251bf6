"""Live updates: the customer's order stream and the staff board stream (server-sent events)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlencode

from aftersales_common.auth.demo import DEMO_CUSTOMER_ID, DEMO_DEALER_ID, OTHER_CUSTOMER_ID
from aftersales_common.auth.tokens import issue_dev_token

W = "/api/workshop"
BRAKES = {"op_code": "BRK-01", "description": "更换前刹车片 front brake pads",
          "labor_hours": "1.5", "pay_type": "customer", "parts": [{"part_no": "BP-100", "qty": "1"}]}


class Stream:
    """An SSE response read frame by frame straight from the ASGI app (httpx buffers bodies)."""

    def __init__(self) -> None:
        self.status = 0
        self.headers: dict[str, str] = {}
        self.chunks: asyncio.Queue[str] = asyncio.Queue()
        self.buffer = ""

    async def frame(self, wait: float = 5.0) -> tuple[str, Any]:
        """The next `event:` frame (comments and `retry:` skipped): (event, data)."""
        while True:
            while "\n\n" not in self.buffer:
                self.buffer += await asyncio.wait_for(self.chunks.get(), wait)
            block, self.buffer = self.buffer.split("\n\n", 1)
            fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line
                          and not line.startswith(":"))
            if "event" in fields:
                return fields["event"], json.loads(fields["data"])


@asynccontextmanager
async def sse(app: Any, path: str, params: dict[str, str]) -> AsyncIterator[Stream]:
    stream, gone = Stream(), asyncio.Event()

    async def receive() -> dict[str, Any]:
        await gone.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            stream.status = message["status"]
            stream.headers = {k.decode(): v.decode() for k, v in message["headers"]}
            stream.chunks.put_nowait("")
        elif message["type"] == "http.response.body":
            stream.chunks.put_nowait(message.get("body", b"").decode())

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
             "scheme": "http", "path": path, "raw_path": path.encode(), "root_path": "",
             "query_string": urlencode(params).encode(), "headers": [(b"host", b"test")],
             "client": ("127.0.0.1", 1), "server": ("test", 80)}
    task = asyncio.create_task(app(scope, receive, send))
    try:
        while stream.status == 0:
            await asyncio.wait_for(stream.chunks.get(), 5)
        yield stream
    finally:
        gone.set()
        await asyncio.wait_for(task, 5)


def _token(shop, *roles: str, **kw: Any) -> str:
    return issue_dev_token(shop.settings, sub=kw.pop("sub", "-".join(roles)), roles=list(roles),
                           dealer_ids=kw.pop("dealer_ids", [] if "customer_id" in kw
                                             else [DEMO_DEALER_ID]), **kw)


async def test_customer_follows_their_order_live(shop):
    order = await shop.checked_in_order()
    r = await shop.client.post(f"{W}/orders/{order['id']}/jobs", json=BRAKES,
                               headers=shop.as_("service_advisor"))
    assert r.status_code == 201
    app = shop.client._transport.app
    token = _token(shop, "customer", customer_id=DEMO_CUSTOMER_ID)
    async with sse(app, f"{W}/orders/{order['id']}/events", {"access_token": token}) as stream:
        assert stream.status == 200
        assert stream.headers["content-type"].startswith("text/event-stream")
        event, data = await stream.frame()
        assert (event, data["status"], data["progress"]) == ("order", "opened", "received")
        signed = await shop.client.post(f"{W}/orders/{order['id']}/authorize",
                                        json={"signed_by": "张伟"},
                                        headers=shop.as_("customer", customer_id=DEMO_CUSTOMER_ID))
        assert signed.status_code == 200, signed.text
        event, data = await stream.frame()
        assert (event, data["status"], data["progress"]) == ("order", "authorized", "in_repair")
        assert data["jobs"][0]["status"] == "approved"


async def test_the_stream_is_scoped_and_needs_a_token(shop):
    order = await shop.checked_in_order()
    app = shop.client._transport.app
    other = _token(shop, "customer", customer_id=OTHER_CUSTOMER_ID)
    async with sse(app, f"{W}/orders/{order['id']}/events", {"access_token": other}) as stream:
        assert stream.status == 404
    async with sse(app, f"{W}/orders/{order['id']}/events", {}) as stream:
        assert stream.status == 401
    customer = _token(shop, "customer", customer_id=DEMO_CUSTOMER_ID)
    async with sse(app, f"{W}/board/stream", {"dealer_id": DEMO_DEALER_ID,
                                              "access_token": customer}) as stream:
        assert stream.status == 403
    # the query token is accepted on stream endpoints only
    r = await shop.client.get(f"{W}/orders/{order['id']}", params={"access_token": customer})
    assert r.status_code == 401


async def test_the_board_stream_shows_a_car_arriving(shop):
    app = shop.client._transport.app
    token = _token(shop, "foreman")
    async with sse(app, f"{W}/board/stream", {"dealer_id": DEMO_DEALER_ID,
                                              "access_token": token}) as stream:
        assert stream.status == 200
        assert await stream.frame() == ("board", [])
        await shop.checked_in_order()  # a consumer's commit signals the stream too
        event, cards = await stream.frame()
        assert event == "board" and [c["colour"] for c in cards] == ["red"]
        assert cards[0]["plate"] == "沪A12345"
