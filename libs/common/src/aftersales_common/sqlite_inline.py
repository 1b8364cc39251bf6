"""aiosqlite without its thread: SQLite calls run on the event loop's own thread.

aiosqlite runs every call (cursor, execute, fetch, commit) on a worker thread and hands the
result back through the event loop: a queue put, a thread wake-up, a GIL hand-over and a
`call_soon_threadsafe` per call. For a statement on a local WAL file that takes tens of
microseconds, the hand-over costs more than the work, and each `await` lets the loop run
other tasks in the middle of a transaction that holds the writer lock.

Here the same aiosqlite `Connection` runs each call at once, on the caller's thread. A call
that would wait for a lock does not block the loop: connections are opened with no busy
wait, so SQLite answers SQLITE_BUSY at once, and that call is retried on a worker thread
with the usual busy timeout. In one process every writer queues on `Database.exclusive()`
first, so that path is only taken when another process, or a transaction that bypasses the
queue, holds the lock. SQLAlchemy's own aiosqlite dialect adapts this module as it adapts
aiosqlite (`create_async_engine(..., module=inline_dbapi())`).
"""

from __future__ import annotations

import asyncio
import sqlite3
import types
from collections.abc import Callable, Generator
from functools import partial
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import AsyncAdapt_aiosqlite_dbapi

BUSY_TIMEOUT_MS = 30_000
"""How long a call retried on a worker thread waits for a lock another connection holds."""

_BUSY = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _BUSY and code != sqlite3.SQLITE_BUSY_SNAPSHOT
    return "locked" in str(exc)


class _RunNow:
    """Stands for aiosqlite's work queue (SQLAlchemy's dialect also puts work on it)."""

    def put_nowait(self, item: tuple[asyncio.Future[Any] | None, Callable[[], Any]]) -> None:
        future, function = item
        try:
            result = function()
        except BaseException as exc:
            if future is None:
                raise
            if not future.done():
                future.set_exception(exc)
            return
        if future is not None and not future.done():
            future.set_result(result)


class InlineConnection(aiosqlite.Connection):
    """An aiosqlite connection whose calls run on the calling thread (see the module)."""

    def __init__(self, connector: Callable[[], sqlite3.Connection], iter_chunk_size: int) -> None:
        super().__init__(connector, iter_chunk_size)
        self._tx = _RunNow()  # type: ignore[assignment]

    def __await__(self) -> Generator[Any, None, aiosqlite.Connection]:
        return self._connect().__await__()  # no worker thread to start

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        try:
            return fn(*args, **kwargs)
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc):
                raise
        # Another connection holds the lock: wait for it off the loop, as aiosqlite would.
        return await asyncio.to_thread(self._waiting, partial(fn, *args, **kwargs))

    def _waiting(self, function: Callable[[], Any]) -> Any:
        conn = self._conn
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        try:
            return function()
        finally:
            conn.execute("PRAGMA busy_timeout=0")


def _connect(database: Any, *, iter_chunk_size: int = 64, **kwargs: Any) -> InlineConnection:
    # No busy wait on the loop's thread (see `InlineConnection._execute`); the connection may
    # be used from the worker thread that retries a busy call.
    kwargs.update(timeout=0, check_same_thread=False)
    location = database.decode() if isinstance(database, bytes) else str(database)
    return InlineConnection(partial(sqlite3.connect, location, **kwargs), iter_chunk_size)


def _module() -> types.ModuleType:
    module = types.ModuleType("aiosqlite_inline")
    module.__dict__.update({k: v for k, v in vars(aiosqlite).items() if not k.startswith("__")})
    module.__version__ = aiosqlite.__version__  # type: ignore[attr-defined]
    module.Connection = InlineConnection  # type: ignore[attr-defined]
    module.connect = _connect  # type: ignore[attr-defined]
    return module


_INLINE = _module()


def inline_dbapi() -> AsyncAdapt_aiosqlite_dbapi:
    """The DBAPI module for `create_async_engine("sqlite+aiosqlite://...", module=...)`."""
    return AsyncAdapt_aiosqlite_dbapi(_INLINE, sqlite3)
