"""HTTP access to the system as a frontend sees it: one client, routed by `/api/<service>`."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import httpx

from aftersales_common.auth.demo import DEMO_PASSWORD


class Api:
    """Routes `/api/<service>/...` to the base URL of that service (one URL when embedded)."""

    def __init__(self, bases: Mapping[str, str] | str, *,
                 transport: httpx.AsyncBaseTransport | None = None, timeout: float = 30.0) -> None:
        self.bases = bases
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
        return await self.client.request(method, self.url(path), headers=headers, **kwargs)

    async def get(self, path: str, **kw: Any) -> httpx.Response:
        return await self.request("GET", path, **kw)

    async def post(self, path: str, **kw: Any) -> httpx.Response:
        return await self.request("POST", path, **kw)

    async def token(self, username: str) -> str:
        """A demo account's token from the development issuer (cached)."""
        if username not in self._tokens:
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
