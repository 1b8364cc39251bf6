"""`Idempotency-Key` on POST: a repeat with the same key and body returns the first result.

Keys are scoped by caller (token subject). A repeat with a different body is a 422;
a repeat while the first is still running is a 409. Responses of 5xx are not kept,
so the client may retry them.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aftersales_common.auth import TokenError
from aftersales_common.clock import utcnow

if TYPE_CHECKING:
    from aftersales_common.runtime import ServiceRuntime

HEADER = b"idempotency-key"


class IdempotencyMiddleware:
    """Pure ASGI middleware storing first responses in the service's own database."""

    def __init__(self, app: ASGIApp, runtime: ServiceRuntime) -> None:
        self.app = app
        self.runtime = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        key = headers.get(HEADER, b"").decode()
        principal = self._principal(headers)
        if not key or principal is None:
            await self.app(scope, receive, send)
            return
        if len(key) > 200:
            await _send_problem(send, 422, "Invalid input", "Idempotency-Key is too long.")
            return
        body = await _read_body(receive)
        digest = hashlib.sha256(scope["path"].encode() + b"\n" + body).hexdigest()
        table = self.runtime.tables.idempotency
        stored = await self._claim(table, principal, key, scope, digest)
        if stored is not None:
            await self._answer_repeat(stored, digest, send)
            return
        captured: dict[str, Any] = {"status": 500, "headers": [], "body": b""}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
                captured["headers"] = message.get("headers", [])
            elif message["type"] == "http.response.body":
                captured["body"] += message.get("body", b"")
            await send(message)

        try:
            await self.app(scope, _replay(body), capture)
        finally:
            await self._store(table, principal, key, captured)

    def _principal(self, headers: dict[bytes, bytes]) -> str | None:
        auth = headers.get(b"authorization", b"").decode()
        if not auth.lower().startswith("bearer "):
            return None
        try:
            return self.runtime.verifier.verify(auth[7:].strip()).sub
        except TokenError:
            return None

    async def _claim(self, table: Any, principal: str, key: str, scope: Scope, digest: str
                     ) -> dict[str, Any] | None:
        """Insert a pending row; return the existing row when the key was seen before."""
        async with self.runtime.db.exclusive(), self.runtime.db.session() as session:
            try:
                async with session.begin():
                    await session.execute(
                        insert(table).values(
                            principal=principal, key=key, method="POST", path=scope["path"],
                            request_hash=digest, created_at=utcnow(),
                        )
                    )
                return None
            except IntegrityError:
                pass
            row = (
                await session.execute(
                    select(table).where(table.c.principal == principal, table.c.key == key)
                )
            ).mappings().first()
            return dict(row) if row else None

    async def _answer_repeat(self, stored: dict[str, Any], digest: str, send: Send) -> None:
        if stored["request_hash"] != digest:
            await _send_problem(
                send, 422, "Idempotency key reused",
                "This Idempotency-Key was used with a different request body.",
            )
        elif stored["status_code"] is None:
            await _send_problem(
                send, 409, "Request in progress", "A request with this Idempotency-Key is running."
            )
        else:
            await send({
                "type": "http.response.start",
                "status": stored["status_code"],
                "headers": [
                    (b"content-type", (stored["content_type"] or "application/json").encode()),
                    (b"idempotent-replayed", b"true"),
                ],
            })
            await send({"type": "http.response.body", "body": (stored["body"] or "").encode()})

    async def _store(self, table: Any, principal: str, key: str, captured: dict[str, Any]) -> None:
        where = (table.c.principal == principal) & (table.c.key == key)
        async with self.runtime.db.exclusive(), self.runtime.db.session() as session, \
                session.begin():
            if captured["status"] >= 500:
                await session.execute(delete(table).where(where))
                return
            content_type = dict(captured["headers"]).get(b"content-type", b"application/json")
            await session.execute(
                update(table).where(where).values(
                    status_code=captured["status"], content_type=content_type.decode(),
                    body=captured["body"].decode(errors="replace"),
                )
            )


async def _read_body(receive: Receive) -> bytes:
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            return body


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


async def _send_problem(send: Send, status: int, title: str, detail: str) -> None:
    body = json.dumps({"type": "about:blank", "title": title, "status": status, "detail": detail})
    await send({
        "type": "http.response.start", "status": status,
        "headers": [(b"content-type", b"application/problem+json")],
    })
    await send({"type": "http.response.body", "body": body.encode()})
