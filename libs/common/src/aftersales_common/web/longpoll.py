"""Long polling: a read that waits until its answer changes, instead of clients polling tightly.

A client that waits for something another service will do (the repair order a check-in opens,
the invoice a passed quality check issues) reads once, keeps the answer's `ETag`, and reads
again with `If-None-Match: <that tag>` and `wait=<seconds>`: the service then holds the request
until its answer differs from the one the client has, or the wait is over, and answers as
usual (200, the current answer and its tag). One request per awaited change, answered as soon
as the change commits.

The waiting (`LongPoll.answer`) is implemented once: subscribe to the service's `Notifier`
(web/live.py: every unit of work of the service, route or event consumer, signals it after a
clean commit, naming the aggregates it saved), run the query, and on every signal re-run it
until the answer differs. A route names the keys its answer depends on (an order's id, or a
type of aggregate such as `Invoice`): only commits that touched one of them re-run it, so
waiters do not re-read on every unrelated commit of a busy service. It also
re-runs the query every `RECHECK_SECONDS` without a signal, which catches a commit made by
another replica of the service (distributed mode) or a commit signalled before it finished.
No session is held while waiting.

ETags are digests of the answer's content (weak: `W/"…"`), so equal answers have equal tags
on any URL of the service: a client waiting for a list's first item may send the tag of an
empty page it saw earlier and skip the first read. Without `If-None-Match`, `wait` returns at
once: a wait always names the answer it waits to change, so a request that cannot know one (a
fuzzer's, a typo) never hangs for `wait` seconds. `wait` above `MAX_WAIT_SECONDS` is a 422.
Requests without `wait` are untouched (no tag computed, no header added).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Awaitable, Callable, Iterable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Header, Query, Response
from fastapi.encoders import jsonable_encoder

from aftersales_common.runtime import ServiceRuntime
from aftersales_common.web.live import Notifier, NotifyingUnitOfWork

MAX_WAIT_SECONDS = 30.0
RECHECK_SECONDS = 1.0

T = TypeVar("T")


def etag_of(answer: Any) -> str:
    """A weak ETag for an answer: a digest of its JSON content (keys sorted)."""
    body = json.dumps(jsonable_encoder(answer), sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False, default=str)
    return 'W/"' + hashlib.blake2b(body.encode(), digest_size=12).hexdigest() + '"'


def _tags(header: str | None) -> frozenset[str]:
    """The entity tags of an `If-None-Match` header, weak or strong, compared weakly."""
    if not header:
        return frozenset()
    tags = set()
    for part in header.split(","):
        tag = part.strip()
        if tag.startswith("W/"):
            tag = tag[2:]
        if tag:
            tags.add('W/' + tag)
    return frozenset(tags)


class LongPoll:
    """A request's long-poll parameters (`wait`, `If-None-Match`) and the waiting itself."""

    def __init__(self, wait: float | None, if_none_match: str | None,
                 response: Response) -> None:
        self.wait = wait
        self.known = _tags(if_none_match)
        self.response = response

    async def answer(self, runtime: Any, read: Callable[[], Awaitable[T]], *,
                     keys: Iterable[str] | None = None) -> T:
        """`read()`'s answer; with `wait` and `If-None-Match`, the first one that differs from
        the client's within `wait` seconds (else the current one). Tags it when `wait` is set.

        `read` must open and close its own session: it runs again after each commit that
        touched one of `keys` (aggregate ids or type names its answer depends on; None: after
        every commit), and every `RECHECK_SECONDS` regardless.
        """
        if self.wait is None:
            return await read()
        if not self.known or self.wait <= 0:
            return self._tagged(await read())[0]
        notifier = notifier_of(runtime)
        subscription = notifier.subscribe(keys) if notifier else None
        try:  # subscribed before the first read: a commit in between is not missed
            loop = asyncio.get_running_loop()
            deadline = loop.time() + self.wait
            while True:
                answer, tag = self._tagged(await read())
                left = deadline - loop.time()
                if tag not in self.known or left <= 0:
                    return answer
                pause = min(left, RECHECK_SECONDS)
                if subscription is not None:
                    await subscription.wait(pause)
                else:
                    await asyncio.sleep(pause)
        finally:
            if subscription is not None:
                subscription.close()

    def _tagged(self, answer: T) -> tuple[T, str]:
        tag = etag_of(answer)
        self.response.headers["ETag"] = tag
        return answer, tag


async def long_poll(
    response: Response,
    wait: Annotated[float | None, Query(
        ge=0, le=MAX_WAIT_SECONDS,
        description="Long poll: with `If-None-Match`, hold the answer up to this many seconds "
                    "until it differs from the one that tag names (a commit changed it), then "
                    "answer as usual; the answer carries its `ETag`. Without `If-None-Match`, "
                    "answer at once (with its `ETag`). At most 30; above: 422.")] = None,
    if_none_match: Annotated[str | None, Header(
        max_length=1024,
        description="With `wait`: the `ETag` of the answer the client already has (equal "
                    "answers have equal tags, so that of any empty page waits for a first "
                    "item).")] = None,
) -> LongPoll:
    """The long-poll parameters of a read endpoint."""
    return LongPoll(wait, if_none_match, response)


LongPollDep = Annotated[LongPoll, Depends(long_poll)]


def notifier_of(runtime: Any) -> Notifier | None:
    """The service's commit notifier (`runtime.extras["live"]`), if it has one."""
    extras = getattr(runtime, "extras", None) or {}
    notifier = extras.get("live")
    return notifier if isinstance(notifier, Notifier) else None


class LiveRuntime(ServiceRuntime):
    """A service runtime whose every commit (route or event consumer) signals `live`, the
    notifier long polls and live streams wait on."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.live = Notifier()
        self.extras["live"] = self.live

    def uow(self) -> Any:
        """A unit of work that, once committed, wakes the waiting reads."""
        return NotifyingUnitOfWork(super().uow(), self.live)
