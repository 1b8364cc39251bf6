"""Request limits: header and body size (431, 413) and rate limits (429 with Retry-After).

Sizes are checked before anything else runs: a body over `MAX_BODY_BYTES` is refused from
its `Content-Length` before a byte of it is read (or, sent chunked, as soon as it passes
the limit), before authentication. Rate limits are token buckets kept in memory: they are
per process (a deployment with N replicas admits N times the rate; a shared limit belongs
in the ingress).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aftersales_common.web.problems import problem


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class RateLimiter:
    """Token buckets per key: `rate` per second sustained, `burst` at once. Rate 0: no limit."""

    def __init__(self, rate: float, burst: float, *, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 100_000) -> None:
        self.rate = float(rate)
        self.burst = max(1.0, float(burst))
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: dict[str, _Bucket] = {}

    def hit(self, key: str) -> float:
        """Take one token for `key`: 0 when admitted, else the seconds until one is free."""
        if self.rate <= 0:
            return 0.0
        now = self.clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self.max_keys:
                self._prune(now)
            bucket = self._buckets[key] = _Bucket(self.burst, now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.rate)
        bucket.stamp = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / self.rate

    def _prune(self, now: float) -> None:
        full = [k for k, b in self._buckets.items()
                if b.tokens + (now - b.stamp) * self.rate >= self.burst]
        for k in full:
            del self._buckets[k]
        if len(self._buckets) >= self.max_keys:  # still full of active keys: forget the oldest
            for k in sorted(self._buckets, key=lambda k: self._buckets[k].stamp)[
                    : len(self._buckets) // 2]:
                del self._buckets[k]


def too_many(retry_after: float, detail: str) -> Any:
    """The 429 problem with its Retry-After (whole seconds, at least 1)."""
    response = problem(429, "Too many requests", detail, code="rate-limited")
    response.headers["Retry-After"] = str(max(1, math.ceil(retry_after)))
    return response


class LimitsMiddleware:
    """431 for oversized headers, 413 for oversized bodies, 429 per principal.

    `principal_of(scope)` names the caller (a verified token subject) or None; `limiter(scope)`
    gives the rate limiter to charge (the app's own, or one shared by the embedded process).
    """

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, max_header_bytes: int,
                 principal_of: Callable[[Scope], str | None] | None = None,
                 limiter: Callable[[Scope], RateLimiter | None] | None = None,
                 max_upload_bytes: int | None = None) -> None:
        self.app = app
        self.max_body = max_body_bytes
        self.max_upload = max_upload_bytes
        """The limit for `multipart/form-data` bodies (file uploads); None: `max_body_bytes`."""
        self.max_headers = max_header_bytes
        self.principal_of = principal_of
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        size = sum(len(k) + len(v) for k, v in scope.get("headers", ()))
        if self.max_headers and size > self.max_headers:
            await problem(431, "Request header fields too large",
                          f"The request's headers exceed {self.max_headers} bytes.",
                          code="headers-too-large")(scope, receive, send)
            return
        declared = _content_length(scope)
        limit = self._limit(scope)
        if limit and declared is not None and declared > limit:
            await self._too_large(scope, receive, send, limit)
            return
        if self.principal_of is not None and self.limiter is not None:
            limiter = self.limiter(scope)
            who = self.principal_of(scope) if limiter is not None else None
            if limiter is not None and who is not None:
                wait = limiter.hit(who)
                if wait > 0:
                    await too_many(wait, "Too many requests for this caller; retry later.")(
                        scope, receive, send)
                    return
        if not limit or declared is not None or scope.get("method") in ("GET", "HEAD"):
            # A declared length is framed by the server: no more than that is read.
            await self.app(scope, receive, send)
            return
        # No length declared (chunked): read at most the limit here, then hand it on. (An
        # exception from a wrapped `receive` would be taken by FastAPI for a parse error.)
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunks.append(message.get("body", b""))
            received += len(chunks[-1])
            if received > limit:
                await self._too_large(scope, receive, send, limit)
                return
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    def _limit(self, scope: Scope) -> int:
        if self.max_upload is not None and self.max_body and any(
                k == b"content-type" and v.lower().startswith(b"multipart/form-data")
                for k, v in scope.get("headers", ())):
            return self.max_upload
        return self.max_body

    async def _too_large(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        response = problem(413, "Content too large",
                           f"The request body exceeds {limit} bytes.",
                           code="body-too-large")
        # The unread rest of the body would be taken for the next request: close.
        response.headers["Connection"] = "close"
        await response(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers", ()):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
