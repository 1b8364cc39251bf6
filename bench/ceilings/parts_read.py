"""Ceiling of `GET /api/parts/parts/{part_no}`: the same work with nothing else.

A bare FastAPI app that does what the parts service must do for that request and no more:
the same JWT check (aftersales_common.auth.TokenVerifier, same key and algorithm), the same
role and dealer check, EXACTLY the SELECT the parts service issues for it (read from
SQLAlchemy's echo of parts.adapters.queries.stock_item), on the raw driver (sqlite3 on the
event loop, or aiosqlite with BENCH_SQLITE_DRIVER=aiosqlite; asyncpg on PostgreSQL), and the
same JSON body as parts' PartOut.

    BENCH_DB=<sqlite file path | postgresql://...> uvicorn --factory parts_read:app \
        --app-dir bench/ceilings --loop uvloop --http httptools --no-access-log

The statement runs alone (autocommit): the service wraps it in a read-only transaction,
which is overhead the ceiling does not need for one SELECT.
"""

import asyncio
import contextlib
import os
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any

from bearer import bearer_principal  # bench/ceilings, the ceilings' app dir
from fastapi import Depends, FastAPI, HTTPException
from fastapi.responses import JSONResponse

from aftersales_common.auth import Principal, TokenVerifier
from aftersales_common.clock import in_dealer_zone
from aftersales_common.money import decimal_str, money_str
from aftersales_common.settings import ServiceSettings

COLUMNS = ("part.id, part.dealer_id, part.part_no, part.name, part.unit, part.unit_price, "
           "part.unit_cost, part.reorder_point, part.created_at, part.updated_at, stock.on_hand, "
           "stock.reserved")
SELECT = (f"SELECT {COLUMNS} \nFROM part JOIN stock ON stock.dealer_id = part.dealer_id "
          "AND stock.part_no = part.part_no \nWHERE part.dealer_id = {a} AND part.part_no = {b}")
SQLITE_SELECT = SELECT.format(a="?", b="?")
PG_SELECT = SELECT.format(a="$1", b="$2")
READERS = frozenset({"parts_clerk", "manager", "service_advisor", "foreman", "technician",
                     "warranty_clerk", "cashier"})
QTY_SCALE = 1000
POOL = 16  # one connection per wrk connection: the pool is never what the ceiling waits for


def _moment(value: Any) -> str:
    dt = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return in_dealer_zone(dt).isoformat()


def part_json(row: Any) -> dict[str, Any]:
    """parts' PartOut of one row (same fields, same wire forms)."""
    # quantities are stored as integer thousandths (parts.adapters.types.QuantityType)
    on_hand, reserved, reorder = (Decimal(int(row[i])) / QTY_SCALE for i in (10, 11, 7))
    available = on_hand - reserved
    return {
        "id": row[0], "dealer_id": row[1], "part_no": row[2], "name": row[3], "unit": row[4],
        "unit_price": money_str(Decimal(row[5])), "unit_cost": money_str(Decimal(row[6])),
        "reorder_point": decimal_str(reorder), "on_hand": decimal_str(on_hand),
        "reserved": decimal_str(reserved), "available": decimal_str(available),
        "below_reorder_point": available < reorder,
        "created_at": _moment(row[8]), "updated_at": _moment(row[9]),
    }


class SqlitePool:
    """A few aiosqlite connections (the service's pragmas for readers) in a queue, each
    statement a hop to the connection's thread, as the service's driver does
    (BENCH_SQLITE_DRIVER=aiosqlite)."""

    def __init__(self, path: str, size: int = 4) -> None:
        self.path, self.size = path, size
        self.free: asyncio.Queue[Any] = asyncio.Queue()

    async def open(self) -> None:
        import aiosqlite

        for _ in range(self.size):
            conn = await aiosqlite.connect(self.path, timeout=30, isolation_level=None)
            await conn.execute("PRAGMA busy_timeout=30000")
            await conn.execute("PRAGMA query_only=ON")
            self.free.put_nowait(conn)

    async def fetchrow(self, dealer_id: str, part_no: str) -> Any:
        conn = await self.free.get()
        try:
            async with conn.execute(SQLITE_SELECT, (dealer_id, part_no)) as cursor:
                return await cursor.fetchone()
        finally:
            self.free.put_nowait(conn)

    async def close(self) -> None:
        while not self.free.empty():
            await self.free.get_nowait().close()


class SqliteDirect:
    """One sqlite3 connection used on the event loop itself: a point read on a WAL database
    takes microseconds, less than a hop to a driver thread costs (BENCH_SQLITE_DRIVER=sqlite3,
    the default)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.conn: sqlite3.Connection | None = None

    async def open(self) -> None:
        self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                                    check_same_thread=False)
        self.conn.execute("PRAGMA busy_timeout=30000")
        self.conn.execute("PRAGMA query_only=ON")

    async def fetchrow(self, dealer_id: str, part_no: str) -> Any:
        assert self.conn is not None
        return self.conn.execute(SQLITE_SELECT, (dealer_id, part_no)).fetchone()

    async def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


class PgPool:
    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self.pool: Any = None

    async def open(self) -> None:
        import asyncpg

        self.pool = await asyncpg.create_pool(self.dsn, min_size=POOL, max_size=POOL)

    async def fetchrow(self, dealer_id: str, part_no: str) -> Any:
        return await self.pool.fetchrow(PG_SELECT, dealer_id, part_no)

    async def close(self) -> None:
        await self.pool.close()


def app() -> FastAPI:
    """Uvicorn factory; BENCH_DB is a SQLite file path or a PostgreSQL DSN."""
    target = os.environ["BENCH_DB"]
    db: SqlitePool | SqliteDirect | PgPool
    if target.startswith("postgres"):
        db = PgPool(target)
    elif os.environ.get("BENCH_SQLITE_DRIVER", "sqlite3") == "aiosqlite":
        db = SqlitePool(target)
    else:
        db = SqliteDirect(target)
    verifier = TokenVerifier(ServiceSettings())

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await db.open()
        yield
        await db.close()

    api = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)

    principal = bearer_principal(verifier, READERS)

    @api.get("/api/parts/parts/{part_no}")
    async def get_part(part_no: str, who: Annotated[Principal, Depends(principal)],
                       dealer_id: str | None = None) -> Any:
        if dealer_id is None:
            if len(who.dealer_ids) != 1:
                raise HTTPException(422, "dealer_id is required")
            dealer_id = next(iter(who.dealer_ids))
        if not who.is_staff or dealer_id not in who.dealer_ids:
            raise HTTPException(404, "not found")
        row = await db.fetchrow(dealer_id, part_no.strip().upper())
        if row is None:
            raise HTTPException(404, "not found")
        return JSONResponse(part_json(row))

    return api
