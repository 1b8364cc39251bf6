"""HTTP access to the system as a frontend sees it: one client, routed by `/api/<service>`."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import httpx

from aftersales_common.auth.demo import DEMO_PASSWORD


class Api:
    """Routes `/api/<service>/...` to the base URL of that service (one URL when embedded)."""

    def __init__(self, bases: Mapping[str, str] | str, *,
                 transport: httpx.AsyncBaseTransport | None = None, timeout: float = 30.0,
                 long_poll: bool = True) -> None:
        self.bases = bases
        self.long_poll = long_poll
        """`watch` asks the server to hold its answer until it changes (else: tight polling)."""
        self.requests: Counter[str] = Counter()
        """Requests sent, per method (the benchmark reports requests per lifecycle)."""
        self.empty_tags: dict[str, str] = {}
        """Per path, the ETag of an empty page seen there (content tags: equal answers, equal
        tags), so that a wait for a first item needs no request to learn it."""
        self.tags: dict[str, str] = {}
        """Per URL (path and query), the ETag of the last answer `watch` saw there."""
        kwargs: dict[str, Any] = {"timeout": timeout}
        if transport is not None:
            kwargs["transport"] = transport
        else:
            kwargs["limits"] = httpx.Limits(max_connections=200, max_keepalive_connections=50)
        self.client = httpx.AsyncClient(**kwargs)
        self._tokens: dict[str, str] = {}

    def url(self, path: str) -> str:
        if isinstance(self.bases, str):
            return self.bases + path
        service = path.split("/")[2]
        return self.bases[service] + path

    async def request(self, method: str, path: str, *, as_: str | None = None,
                      **kwargs: Any) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}) or {})
        if as_:
            headers["Authorization"] = f"Bearer {await self.token(as_)}"
        self.requests[method] += 1
        return await self.client.request(method, self.url(path), headers=headers, **kwargs)

    async def get(self, path: str, **kw: Any) -> httpx.Response:
        return await self.request("GET", path, **kw)

    async def post(self, path: str, **kw: Any) -> httpx.Response:
        return await self.request("POST", path, **kw)

    async def token(self, username: str) -> str:
        """A demo account's token from the development issuer (cached)."""
        if username not in self._tokens:
            self.requests["POST"] += 1
            r = await self.client.post(self.url("/api/auth/token"),
                                       data={"username": username, "password": DEMO_PASSWORD})
            r.raise_for_status()
            self._tokens[username] = r.json()["access_token"]
        return self._tokens[username]

    async def aclose(self) -> None:
        await self.client.aclose()


async def eventually(probe: Callable[[], Awaitable[Any]], *, what: str,
                     limit: float = 30.0, interval: float = 0.05) -> Any:
    """Poll until `probe` returns something truthy (eventual consistency across services)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while True:
        result = await probe()
        if result:
            return result
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(interval)
        interval = min(interval * 1.5, 0.5)


LONG_POLL_WAIT = 10.0  # seconds one request may be held (the services allow up to 30)
Poller = Callable[..., Awaitable[Any]]


async def watch(api: Api, path: str, until: Callable[[Any], Any], *, as_: str, what: str,
                params: Mapping[str, Any] | None = None, limit: float = 30.0,
                poller: Poller | None = None) -> Any:
    """GET `path` until `until(body)` is truthy, and return that; AssertionError after `limit`.

    The GETs are the probes of `poller` (`eventually`, or a more patient one). With
    `api.long_poll` (the default) each GET sends the ETag of the answer the client has
    (`If-None-Match`) and `wait`: the service holds the request until its answer differs (a
    commit changed it) or the wait is over, so a lifecycle spends about one request per awaited
    change instead of a poll every few dozen milliseconds. The tag it starts from: the last
    answer's on this URL, else that of an empty page seen on the same path (content tags: equal
    answers, equal tags), so even the first request of a wait for a first item waits; with no
    tag at all, the first GET answers at once and gives one. Without `long_poll`: plain GETs,
    polled tightly by `poller`.
    """
    query = dict(params or {})
    key = str(httpx.URL(path, params=query))

    async def probe() -> Any:
        headers: dict[str, str] = {}
        args = query
        tag = (api.tags.get(key) or api.empty_tags.get(path)) if api.long_poll else None
        if api.long_poll:
            args = {**query, "wait": LONG_POLL_WAIT if tag else 0}
            if tag:
                headers["If-None-Match"] = tag
        r = await api.get(path, as_=as_, params=args, headers=headers)
        assert r.status_code == 200, f"GET {r.request.url} -> {r.status_code} {r.text}"
        body = r.json()
        new_tag = r.headers.get("ETag")
        if new_tag:
            api.tags[key] = new_tag
            if isinstance(body, dict) and body.get("items") == []:
                api.empty_tags[path] = new_tag
        return until(body)

    return await (poller or eventually)(probe, what=what, limit=limit)
