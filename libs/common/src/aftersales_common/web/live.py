"""Live updates over server-sent events (SSE): a notifier signalled after commits, and streams.

A service wraps its units of work so that every clean commit signals its `Notifier`
(`NotifyingUnitOfWork`); a stream endpoint then re-reads its view on every signal and on a
heartbeat, and sends it when it changed. The heartbeat re-read also catches changes committed
by another replica of the service (distributed mode) within one interval. Browsers' EventSource
reconnects by itself (`retry:`); clients fall back to polling the plain GET when it fails.

EventSource cannot set headers, so stream endpoints (and only they) also accept the bearer
token as the `access_token` query parameter (`stream_principal`). The token ends up in access
logs of proxies: keep tokens short-lived, and never accept the parameter elsewhere.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request
from fastapi.responses import StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from aftersales_common.auth import Principal, TokenError

HEARTBEAT_SECONDS = 15.0
_bearer = HTTPBearer(auto_error=False)


class Notifier:
    """In-process signal: `notify()` wakes the subscribers (no payload: they re-read).

    A commit names what it touched (`UnitOfWork.touched`: the ids and type names of the
    aggregates it saved, the subjects of the events it wrote). A subscription may name the
    keys its view depends on: it is woken only by a commit that touched one of them (or by
    one that names nothing). Without keys, every commit wakes it.
    """

    def __init__(self) -> None:
        self._waiters: set[Subscription] = set()

    def notify(self, keys: Iterable[str] | None = None) -> None:
        """Something was committed (touching `keys`, or anything when None): wake whoever
        waits on it."""
        touched = None if keys is None else frozenset(keys)
        for subscription in self._waiters:
            if subscription.wants(touched):
                subscription._event.set()

    def subscribe(self, keys: Iterable[str] | None = None) -> Subscription:
        """A subscription (to commits touching `keys`, or to all); close it when done."""
        return Subscription(self, keys)

    @property
    def subscribers(self) -> int:
        return len(self._waiters)


class Subscription:
    """One waiter's wake-up flag."""

    def __init__(self, notifier: Notifier, keys: Iterable[str] | None = None) -> None:
        self._notifier = notifier
        self._keys = None if keys is None else frozenset(keys)
        self._event = asyncio.Event()
        notifier._waiters.add(self)

    def wants(self, touched: frozenset[str] | None) -> bool:
        """True when a commit that touched `touched` (None: unknown) may change this view."""
        return self._keys is None or touched is None or not self._keys.isdisjoint(touched)

    async def wait(self, seconds: float) -> bool:
        """True when signalled within `seconds` (then the flag is cleared)."""
        try:
            await asyncio.wait_for(self._event.wait(), seconds)
        except TimeoutError:
            return False
        self._event.clear()
        return True

    def close(self) -> None:
        self._notifier._waiters.discard(self)


class NotifyingUnitOfWork:
    """Wraps a unit of work: after it commits (clean exit), the notifier is signalled with
    what it touched."""

    def __init__(self, uow: Any, notifier: Notifier) -> None:
        self._uow = uow
        self._notifier = notifier

    async def __aenter__(self) -> Any:
        return await self._uow.__aenter__()

    async def __aexit__(self, exc_type: object, exc: object, tb: object) -> None:
        await self._uow.__aexit__(exc_type, exc, tb)
        if exc_type is None:  # __aexit__ committed without raising
            self._notifier.notify(getattr(self._uow, "touched", None))


def stream_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    access_token: Annotated[str | None, Query(
        max_length=4096, pattern=r"^[A-Za-z0-9._~+/=-]+$",
        description="the bearer token, for EventSource (which cannot send headers); "
                    "accepted only on stream endpoints")] = None,
) -> Principal:
    """The caller of a stream: the Authorization header, or `?access_token=` (401 when bad)."""
    token = credentials.credentials if credentials else access_token
    if not token:
        raise HTTPException(401, "A bearer token is required.")
    try:
        return request.app.state.runtime.verifier.verify(token)  # type: ignore[no-any-return]
    except TokenError as exc:
        raise HTTPException(401, f"Invalid token: {exc}") from exc


StreamPrincipal = Annotated[Principal, Depends(stream_principal)]


def require_stream(*roles: str) -> Callable[..., Principal]:
    """`stream_principal` holding one of `roles` (403 otherwise; admin always)."""
    allowed = frozenset(roles)

    def _check(principal: StreamPrincipal) -> Principal:
        if not principal.has_any(allowed):
            raise HTTPException(403, "Your role may not do this.")
        return principal

    return _check


def _frame(event: str, data: Any, seq: int) -> str:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return f"id: {seq}\nevent: {event}\ndata: {body}\n\n"


def event_stream(notifier: Notifier, event: str, first: Any,
                 snapshot: Callable[[], Awaitable[Any]], *,
                 heartbeat: float = HEARTBEAT_SECONDS) -> StreamingResponse:
    """`text/event-stream` of `event` frames: `first` at once, then `snapshot()` whenever it
    differs after a commit signal or a heartbeat (a `: heartbeat` comment when unchanged).

    Compute `first` before calling, so that a 404 or 403 is an ordinary error response.
    """
    subscription = notifier.subscribe()

    async def frames() -> AsyncIterator[str]:
        seq, last = 1, json.dumps(first, sort_keys=True, default=str)
        try:
            yield f"retry: 3000\n{_frame(event, first, seq)}"
            while True:  # the response ends (cancels this) when the client disconnects
                signalled = await subscription.wait(heartbeat)
                try:
                    current = await snapshot()
                except Exception:  # e.g. no longer visible: end the stream; the client polls
                    yield "event: end\ndata: {}\n\n"
                    return
                text = json.dumps(current, sort_keys=True, default=str)
                if text != last:
                    seq, last = seq + 1, text
                    yield _frame(event, current, seq)
                elif not signalled:
                    yield ": heartbeat\n\n"
        finally:
            subscription.close()

    return StreamingResponse(frames(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
