"""Database access: async engines for SQLite (embedded) and PostgreSQL, column types."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Column, DateTime, Numeric, String, event, text
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session as SyncSession
from sqlalchemy.types import TypeDecorator

from aftersales_common.money import decimal_str, money_str
from aftersales_common.sqlite_inline import inline_dbapi


def async_url(url: str) -> str:
    """Map plain URLs to their async drivers (postgresql -> asyncpg, sqlite -> aiosqlite)."""
    for plain, driver in (
        ("postgresql://", "postgresql+asyncpg://"),
        ("postgres://", "postgresql+asyncpg://"),
        ("postgresql+psycopg://", "postgresql+asyncpg://"),
        ("sqlite://", "sqlite+aiosqlite://"),
    ):
        if url.startswith(plain):
            return driver + url[len(plain) :]
    return url


DEFAULT_POOL_SIZE = 20
"""PostgreSQL connections one process keeps pooled for writers, and as many for readers
(`DATABASE_POOL_SIZE`), each with as many again allowed in bursts: at least the requests one
server process serves at once, so that a busy process does not open and close a connection
per request. The server's `max_connections` must cover the processes times four times this
at the busiest (PostgreSQL's default, 100, covers one busy service process)."""


STATEMENT_CACHE_SIZE = 1000
"""Prepared statements each PostgreSQL connection keeps (the driver's default, 100, is fewer
than a service's distinct statements: past it, statements are prepared again and again)."""


class Database:
    """One service's database: engine, session factory and dialect facts."""

    def __init__(self, url: str, *, pool_size: int = DEFAULT_POOL_SIZE) -> None:
        self.url = async_url(url)
        self.is_sqlite = self.url.startswith("sqlite")
        kwargs: dict[str, Any] = {}
        if self.is_sqlite:
            _ensure_sqlite_dir(self.url)
            kwargs["module"] = inline_dbapi()  # SQLite calls on the loop's thread
        else:
            kwargs.update(pool_size=pool_size, max_overflow=pool_size,
                          connect_args={"prepared_statement_cache_size": STATEMENT_CACHE_SIZE})
        self.engine: AsyncEngine = create_async_engine(self.url, **kwargs)
        if self.is_sqlite:
            _serialise_sqlite_writers(self.engine)
        else:
            _drop_dead_connections(self.engine)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        self.read_engine = self.engine
        if self.is_sqlite:
            # Readers get their own connections whose transactions begin DEFERRED: a WAL
            # snapshot that neither takes the writer lock nor waits for it.
            self.read_engine = create_async_engine(self.url, module=inline_dbapi())
            _sqlite_readers(self.read_engine)
        else:
            # Readers have a pool of their own whose connections cannot write: the server
            # makes every transaction on them read only (`default_transaction_read_only`, set
            # when connecting). They run in autocommit, each statement its own read-only
            # transaction: no BEGIN and no ROLLBACK round trip. Under READ COMMITTED a
            # transaction gives each statement its own snapshot anyway, so a reader of several
            # statements sees what it saw inside one.
            self.read_engine = create_async_engine(
                self.url, pool_size=pool_size, max_overflow=pool_size,
                isolation_level="AUTOCOMMIT",
                connect_args={"server_settings": {"default_transaction_read_only": "on"},
                              "prepared_statement_cache_size": STATEMENT_CACHE_SIZE})
            _drop_dead_connections(self.read_engine)
        self.read_sessionmaker = async_sessionmaker(self.read_engine, expire_on_commit=False)
        self._writer = asyncio.Lock()

    @contextlib.asynccontextmanager
    async def exclusive(self) -> AsyncIterator[None]:
        """Queue this process's SQLite transactions in FIFO order (no-op on PostgreSQL).

        SQLite allows one writer; left to its busy handler, waiting transactions sleep and
        poll, which costs hundreds of milliseconds under load. An asyncio lock hands the
        database over as soon as it is free. Never nest two on the same database.
        """
        if not self.is_sqlite:
            yield
            return
        async with self._writer:
            yield

    def session(self) -> AsyncSession:
        """A new session; the caller owns its transaction."""
        return self.sessionmaker()

    def read_session(self) -> AsyncSession:
        """A new session for reading only (see `ReadSession`)."""
        return self.read_sessionmaker()

    async def ping(self) -> bool:
        """True when the database answers."""
        try:  # on the read engine: on SQLite, a write connection would BEGIN IMMEDIATE
            async with self.read_engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    async def dispose(self) -> None:
        """Close all pooled connections."""
        await self.engine.dispose()
        if self.read_engine is not self.engine:
            await self.read_engine.dispose()


def hold_loaded_rows(session: Any) -> None:
    """Keep every row this session loads from now on until the session ends.

    SQLAlchemy's identity map holds rows weakly: a row that a repository turned into a
    domain object and let go is gone from it, and writing the aggregate back (`session.get`
    per row) reads it again. Held, the write-back finds the row it loaded, and only the
    columns that differ from what was loaded are updated.

    This is SQLAlchemy's own recipe ("Session Referencing Behavior": a collection in
    `Session.info` filled from `loaded_as_persistent`), with one listener for the class
    instead of one per session; the rows go when the session ends.
    """
    sync = getattr(session, "sync_session", session)
    sync.info.setdefault(_HELD, [])


_HELD = "aftersales.held_rows"


@event.listens_for(SyncSession, "loaded_as_persistent")
def _hold(session: SyncSession, instance: object) -> None:
    held = session.info.get(_HELD)
    if held is not None:
        held.append(instance)


def _ensure_sqlite_dir(url: str) -> None:
    path = url.split(":///", 1)[1] if ":///" in url else ""
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def _drop_dead_connections(engine: AsyncEngine) -> None:
    """A pooled connection whose server went away is replaced on checkout, without a round trip.

    `pool_pre_ping` would ask the server on every checkout (BEGIN, a ping, ROLLBACK on
    asyncpg: three round trips per transaction). A server that was stopped or killed closes
    its sockets, which marks the idle asyncpg connection closed as soon as the event loop
    sees it: such a connection is discarded here and the pool connects afresh. A connection
    that dies in use raises a disconnect error, which invalidates the whole pool as before.
    """

    @event.listens_for(engine.sync_engine, "checkout")
    def _on_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        raw = getattr(dbapi_connection, "_connection", None)
        is_closed = getattr(raw, "is_closed", None)
        if is_closed is not None and is_closed():
            raise DisconnectionError("the database closed this pooled connection")


def _serialise_sqlite_writers(engine: AsyncEngine) -> None:
    """WAL and BEGIN IMMEDIATE, so concurrent writers queue instead of failing (a writer that
    meets another connection's lock waits for it off the loop: `sqlite_inline`).

    Without BEGIN IMMEDIATE two transactions that read then write deadlock on the lock
    upgrade; with it a conditional UPDATE (capacity, stock) is as safe as on PostgreSQL.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_readers(engine: AsyncEngine) -> None:
    """Read connections: explicit deferred BEGIN, and no writes allowed."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA query_only=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")


class _ExactDecimal(TypeDecorator[Decimal]):
    """Exact decimals: NUMERIC on PostgreSQL (reports sum in SQL), the exact string on SQLite
    (whose NUMERIC would round through a binary float)."""

    impl = String(32)
    cache_ok = True
    precision, scale = 18, 4

    @staticmethod
    def text(value: Decimal) -> str:
        """The exact string form stored on SQLite."""
        return decimal_str(value)

    def load_dialect_impl(self, dialect: Any) -> Any:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Numeric(self.precision, self.scale, asdecimal=True))
        return dialect.type_descriptor(String(32))

    def process_bind_param(self, value: Decimal | int | str | None, dialect: Any) -> Any:
        if value is None:
            return None
        text = self.text(Decimal(value))
        return Decimal(text) if dialect.name == "postgresql" else text

    def process_result_value(self, value: Any, dialect: Any) -> Decimal | None:
        return None if value is None else Decimal(self.text(Decimal(value)))


class MoneyType(_ExactDecimal):
    """Money: NUMERIC(14, 2) on PostgreSQL, the two-place string ("1234.50") on SQLite."""

    cache_ok = True
    precision, scale = 14, 2

    @staticmethod
    def text(value: Decimal) -> str:
        return money_str(value)


class DecimalText(_ExactDecimal):
    """Quantities, hours and rates: NUMERIC(18, 4) on PostgreSQL, the plain string ("1.5") on SQLite."""

    cache_ok = True


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes in, UTC-aware out (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: store timezone-aware values")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _dialect_insert(session: Any, table: Any, values: dict[str, Any]) -> Any:
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert  # type: ignore[assignment]
    return dialect_insert(table).values(**values)


async def insert_ignore(session: Any, table: Any, values: dict[str, Any], keys: list[str]) -> None:
    """INSERT ... ON CONFLICT (keys) DO NOTHING, on SQLite and PostgreSQL alike."""
    await session.execute(_dialect_insert(session, table, values).on_conflict_do_nothing(
        index_elements=keys))


async def upsert(session: Any, table: Any, values: dict[str, Any], keys: list[str]) -> None:
    """INSERT ... ON CONFLICT (keys) DO UPDATE the other columns, on SQLite and PostgreSQL alike.

    For a row a request replaces whole (PUT): two first writes at once both succeed, the later
    one's values kept, where get-or-create would fail one of them on the key.
    """
    stmt = _dialect_insert(session, table, values)
    await session.execute(stmt.on_conflict_do_update(
        index_elements=keys, set_={k: stmt.excluded[k] for k in values if k not in keys}))


def utc_column(**kw: Any) -> Any:
    """A SQLModel `sa_column` of timezone-aware UTC datetimes."""
    return Column(UTCDateTime(), **kw)


def money_column(**kw: Any) -> Any:
    """A SQLModel `sa_column` of exact money."""
    return Column(MoneyType(), **kw)


def decimal_column(**kw: Any) -> Any:
    """A SQLModel `sa_column` of exact quantities, hours or rates."""
    return Column(DecimalText(), **kw)


Session = AsyncSession
"""The session type repositories and queries receive (services never import SQLAlchemy)."""
