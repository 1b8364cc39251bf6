"""`Idempotency-Key` on POST, crash-safe (ADR 0010, the model of Stripe's idempotency keys).

- A key is scoped to its caller (the verified token subject). A repeat with the same key
  and body returns the first result (`Idempotent-Replayed: true`); with another body, 422.
- The request running under a key holds a *lease* (`claim`, `locked_until`): a repeat
  while it is held gets 409 with `Retry-After`; once it has expired a retry takes the key
  over and runs again.
- The result is stored in the same transaction as the effect it reports: the route's unit
  of work does not commit on its clean exit but hands its open transaction to this
  middleware (`commit_gate`), which renders the response, writes it to the key's row
  (fenced on its claim) and only then commits. So either the effect and its result are
  both durable (a retry gets the result), or neither is (a retry runs once more): a crash,
  a cancelled request, a database outage or an exception at any point leaves no effect
  without its result and no key stuck beyond its lease.
- A 5xx answer is never kept and its effect is rolled back: the client may retry it.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import math
import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, delete, select, update
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aftersales_common.clock import utcnow
from aftersales_common.messaging.unit_of_work import UnitOfWork, commit_gate
from aftersales_common.web.problems import PROBLEM, TYPE_BASE

if TYPE_CHECKING:
    from aftersales_common.runtime import ServiceRuntime

log = logging.getLogger(__name__)

HEADER = b"idempotency-key"
# The same limits on every dialect (the columns' lengths; SQLite would not enforce them).
MAX_KEY = 200
MAX_PATH = 400
MAX_PRINCIPAL = 120


def header(scope: Scope, name: bytes) -> bytes | None:
    """The raw value of a request header (the first one), or None."""
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value)
    return None


def verified_subject(scope: Scope, verifier: Any) -> str | None:
    """The subject of the request's bearer token if it verifies, else None (cached per request).

    Headers are decoded as Latin-1 (never a UnicodeDecodeError); any token error gives None
    and the route's own check answers 401.
    """
    cache = scope.setdefault("state", {})
    if "aftersales.subject" not in cache:
        auth = (header(scope, b"authorization") or b"").decode("latin-1")
        subject = None
        if auth[:7].lower() == "bearer ":
            try:
                subject = str(verifier.verify(auth[7:].strip()).sub)
            except Exception:
                subject = None
        cache["aftersales.subject"] = subject
    value = cache["aftersales.subject"]
    return value if isinstance(value, str) else None


def _printable(text: str) -> bool:
    return not any(ord(ch) < 32 or ord(ch) == 127 for ch in text)


class _Response:
    """A response kept back until it is known whether its effect committed."""

    def __init__(self) -> None:
        self.status = 500
        self.headers: list[tuple[bytes, bytes]] = []
        self.body = b""

    async def capture(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            self.body += message.get("body", b"")

    @property
    def content_type(self) -> str:
        return dict(self.headers).get(b"content-type", b"application/json").decode("latin-1")

    async def send(self, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status, "headers": self.headers})
        await send({"type": "http.response.body", "body": self.body})


class _Lease:
    """One request's hold on one key: claim, record the result (fenced), release."""

    def __init__(self, runtime: ServiceRuntime, principal: str, key: str, path: str,
                 digest: str) -> None:
        self.runtime = runtime
        self.table = runtime.tables.idempotency
        self.principal, self.key, self.path, self.digest = principal, key, path, digest
        self.claim = str(uuid.uuid4())
        self.seconds = float(runtime.settings.idempotency_lease_seconds)

    @property
    def _where(self) -> Any:
        t = self.table
        return (t.c.principal == self.principal) & (t.c.key == self.key)

    @property
    def _mine(self) -> Any:
        t = self.table
        return self._where & (t.c.claim == self.claim) & t.c.status_code.is_(None)

    async def acquire(self) -> dict[str, Any] | None:
        """Hold the key (None), or return the row that answers this request instead.

        The key's unique constraint decides between concurrent claims: one `INSERT ... ON
        CONFLICT DO NOTHING`, committed on its own before the request runs (on PostgreSQL in
        autocommit: one round trip). Only when it inserts nothing is the row read.
        """
        db = self.runtime.db
        claim = _insert_ignore(db.engine.dialect.name, self.table)
        for _ in range(3):
            now = utcnow()
            until = now + timedelta(seconds=self.seconds)
            values = dict(principal=self.principal, key=self.key, method="POST",
                          path=self.path, request_hash=self.digest, created_at=now,
                          claim=self.claim, locked_until=until)
            if not db.is_sqlite:
                async with db.engine.connect() as conn:
                    auto = await conn.execution_options(isolation_level="AUTOCOMMIT")
                    if (await auto.execute(claim, values)).rowcount == 1:
                        return None
            else:
                async with db.exclusive(), db.engine.begin() as conn:
                    if (await conn.execute(claim, values)).rowcount == 1:
                        return None
            async with db.exclusive(), db.engine.begin() as conn:
                row = (await conn.execute(select(self.table).where(self._where))
                       ).mappings().first()
                if row is None:
                    continue  # released meanwhile: claim it afresh
                stored = dict(row)
                if stored["request_hash"] != self.digest or stored["status_code"] is not None:
                    return stored
                expires = stored["locked_until"] or (
                    stored["created_at"] + timedelta(seconds=self.seconds))
                if expires > now:
                    return stored
                # An expired lease: its request died (or is past its lease and will fail its
                # fence at commit). Nothing was committed under it, so run once more.
                taken = await conn.execute(
                    update(self.table).where(
                        self._where, self.table.c.status_code.is_(None),
                        _same(self.table.c.claim, stored["claim"]),
                    ).values(claim=self.claim, locked_until=until, created_at=now)
                )
                if getattr(taken, "rowcount", 0) == 1:
                    return None
        raise RuntimeError("idempotency key contended")  # pragma: no cover

    async def record(self, session: Any, response: _Response) -> bool:
        """Write the result into `session`'s transaction; False when the lease was lost."""
        done = await session.execute(_record_statement(self.table), {
            "w_principal": self.principal, "w_key": self.key, "w_claim": self.claim,
            "v_status": response.status, "v_type": response.content_type[:100],
            "v_body": response.body.decode(errors="replace")})
        return bool(done.rowcount == 1)

    async def record_alone(self, response: _Response) -> None:
        """Store a result that has no effect to commit with (a refusal, a read-only POST)."""
        db = self.runtime.db
        async with db.exclusive(), db.session() as session, session.begin():
            await self.record(session, response)

    async def release(self) -> None:
        """Free the key for a retry (nothing committed under it); best effort."""
        try:
            db = self.runtime.db
            async with db.exclusive(), db.session() as session, session.begin():
                await session.execute(delete(self.table).where(self._mine))
        except Exception:  # the lease expires by itself
            log.warning("could not release idempotency key %r; it frees when its lease ends",
                        self.key, exc_info=True)


_recorders: dict[int, tuple[Any, Any]] = {}


def _record_statement(table: Any) -> Any:
    """The fenced UPDATE that stores a result (`_Lease._mine`), built once per table."""
    built = _recorders.get(id(table))
    if built is None or built[0] is not table:
        t = table
        statement = update(t).where(
            t.c.principal == bindparam("w_principal"), t.c.key == bindparam("w_key"),
            t.c.claim == bindparam("w_claim"), t.c.status_code.is_(None),
        ).values(status_code=bindparam("v_status"), content_type=bindparam("v_type"),
                 body=bindparam("v_body"), locked_until=None)
        built = _recorders[id(table)] = (table, statement)
    return built[1]


def _insert_ignore(dialect: str, table: Any) -> Any:
    """`INSERT ... ON CONFLICT DO NOTHING` into `table` (values bound at execution)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert  # type: ignore[assignment]
    return dialect_insert(table).on_conflict_do_nothing()


def _same(column: Any, value: Any) -> Any:
    return column.is_(None) if value is None else column == value


class _Gate:
    """The `CommitGate` of one request: holds its unit of work until the response is known."""

    def __init__(self, lease: _Lease) -> None:
        self.lease = lease
        self.task = asyncio.current_task()
        self.held: UnitOfWork | None = None
        self.degraded = False  # more than one unit of work: results stored after the fact

    async def opening(self, uow: UnitOfWork) -> None:
        if asyncio.current_task() is not self.task or self.held is None:
            return
        # A second unit of work in the same request: commit the first now (it holds the
        # SQLite writer lock); this request's result is then stored after its effects.
        held, self.held, self.degraded = self.held, None, True
        await held.finish(commit=True)

    def adopt(self, uow: UnitOfWork) -> bool:
        if asyncio.current_task() is not self.task or self.degraded or self.held is not None:
            return False
        self.held = uow
        return True

    async def abandon(self) -> None:
        """The request failed or was cancelled: roll back, free the key."""
        held, self.held = self.held, None
        try:
            if held is not None:
                await held.finish(commit=False)
        finally:
            await self.lease.release()

    async def settle(self, response: _Response) -> _Response:
        """Commit the effect with its result, or roll it back; what to send the client."""
        if response.status >= 500:
            await self.abandon()
            return response
        held, self.held = self.held, None
        if held is None:
            try:
                await self.lease.record_alone(response)
            except Exception:
                # An answer whose record failed would leave the key claimed with no result
                # (a repeat gets "in progress" until the lease ends): nothing took effect, so
                # free the key and have the client retry with it, as for a failed commit.
                log.warning("could not store the result of idempotency key %r", self.lease.key,
                            exc_info=True)
                await self.lease.release()
                return _problem(503, "Service unavailable",
                                "The answer could not be recorded; retry with the same key.",
                                code="unavailable")
            return response
        try:
            if not await self.lease.record(held.session, response):
                await held.finish(commit=False)
                return _problem(409, "Request superseded",
                                "This request outlived its Idempotency-Key lease and was rolled "
                                "back; retry with the same key to get the result.",
                                code="idempotency-superseded")
            await held.finish(commit=True)
        except Exception:
            log.exception("commit failed for idempotency key %r", self.lease.key)
            await held.finish(commit=False)
            await self.lease.release()  # fenced: never deletes a result that did commit
            return _problem(503, "Service unavailable",
                            "The request could not be committed; retry with the same key.",
                            code="unavailable")
        return response


class IdempotencyMiddleware:
    """Pure ASGI middleware keeping first results in the service's own database."""

    def __init__(self, app: ASGIApp, runtime: ServiceRuntime) -> None:
        self.app = app
        self.runtime = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        raw_key = header(scope, HEADER)
        principal = self._principal(scope) if raw_key is not None else None
        if raw_key is None or principal is None:
            await self.app(scope, receive, send)  # no key, or the app answers 401
            return
        refusal = _refuse(raw_key, scope["path"], principal)
        if refusal is not None:
            await refusal.send(send)
            return
        key = raw_key.decode()
        body = await _read_body(receive)
        if body is None:
            return
        digest = hashlib.sha256(scope["path"].encode() + b"\n" + body).hexdigest()
        lease = _Lease(self.runtime, principal, key, scope["path"], digest)
        acquiring = asyncio.ensure_future(lease.acquire())
        try:
            stored = await asyncio.shield(acquiring)
        except BaseException:
            _in_background(_release_if_held(acquiring, lease))  # cancelled while claiming
            raise
        if stored is not None:
            await _answer_repeat(stored, digest, send)
            return
        gate = _Gate(lease)
        response = _Response()
        token = commit_gate.set(gate)
        try:
            try:
                await self.app(scope, _replay(body), response.capture)
            finally:
                commit_gate.reset(token)
        except BaseException:
            # Rolled back and released even when this request is cancelled meanwhile.
            await _finish_anyway(gate.abandon())
            raise
        # Committed (with its result) or rolled back as a whole, whatever happens to the caller.
        await (await _finish_anyway(gate.settle(response))).send(send)

    def _principal(self, scope: Scope) -> str | None:
        return verified_subject(scope, self.runtime.verifier)


_background: set[asyncio.Future[Any]] = set()


def _in_background(coro: Any) -> asyncio.Future[Any]:
    future = asyncio.ensure_future(coro)
    _background.add(future)
    future.add_done_callback(_background.discard)
    return future


async def _finish_anyway(coro: Any) -> Any:
    """Run a database step to its end even if the request is cancelled while it runs.

    A unit of work or session torn down half-way by a cancellation could leave a
    connection (and on SQLite the writer lock) in an unknown state; the step finishes in
    the background and the cancellation goes on to the caller.
    """
    return await asyncio.shield(_in_background(coro))


async def _release_if_held(acquiring: asyncio.Future[Any], lease: _Lease) -> None:
    try:
        stored = await acquiring
    except Exception:
        return
    if stored is None:
        await lease.release()


def _refuse(raw_key: bytes, path: str, principal: str) -> _Response | None:
    """422 for a key or path the key table cannot hold (the same on every dialect)."""
    try:
        key = raw_key.decode("utf-8")
    except UnicodeDecodeError:
        key = None
    if key is None or not key or len(key) > MAX_KEY or not all("!" <= c <= "~" for c in key):
        return _problem(422, "Invalid input",
                        f"Idempotency-Key must be 1 to {MAX_KEY} visible ASCII characters.",
                        code="validation", errors=[{"field": "Idempotency-Key",
                                                    "message": "invalid key", "type": "header"}])
    if len(path) > MAX_PATH or not _printable(path):
        return _problem(422, "Invalid input",
                        f"A request with an Idempotency-Key needs a path of at most {MAX_PATH} "
                        "printable characters.", code="validation")
    if len(principal) > MAX_PRINCIPAL or not _printable(principal):
        return _problem(401, "Unauthorized", "Invalid token: unusable subject.",
                        code="unauthorized")
    return None


async def _answer_repeat(stored: dict[str, Any], digest: str, send: Send) -> None:
    if stored["request_hash"] != digest:
        response = _problem(422, "Idempotency key reused",
                            "This Idempotency-Key was used with a different request body.",
                            code="idempotency-key-reused")
    elif stored["status_code"] is None:
        remaining = (stored["locked_until"] - utcnow()).total_seconds() \
            if stored["locked_until"] else 1.0
        response = _problem(409, "Request in progress",
                            "A request with this Idempotency-Key is running; retry later.",
                            code="idempotency-in-progress")
        response.headers.append((b"retry-after", str(max(1, math.ceil(remaining))).encode()))
    else:
        response = _Response()
        response.status = stored["status_code"]
        response.headers = [
            (b"content-type", (stored["content_type"] or "application/json").encode("latin-1")),
            (b"idempotent-replayed", b"true"),
        ]
        response.body = (stored["body"] or "").encode()
    await response.send(send)


async def _read_body(receive: Receive) -> bytes | None:
    """The whole body, or None when the client went away before sending it."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


def _problem(status: int, title: str, detail: str, *, code: str, **extra: Any) -> _Response:
    response = _Response()
    response.status = status
    response.headers = [(b"content-type", PROBLEM.encode())]
    if status == 401:
        response.headers.append((b"www-authenticate", b"Bearer"))
    response.body = json.dumps({"type": TYPE_BASE + code, "title": title, "status": status,
                                "detail": detail, **extra}).encode()
    return response
