"""Ceiling of `POST /api/booking/customers` on PostgreSQL: the same write with nothing else.

A bare FastAPI app doing the work the booking service must do for that request: the same JWT
check (aftersales_common.auth.TokenVerifier), the same role and dealer check, then on raw
asyncpg, in ONE transaction, the customer row (same table and columns, the booking schema
migrated by booking's own migrations) and its outbox row (same columns, a CloudEvents payload
of the same size as the service's `customer.registered`), and the commit. The unique
constraint on (dealer_id, phone) decides duplicates (409), as the database can.

    BENCH_DB=postgresql://... BENCH_PAYLOAD_BYTES=620 uvicorn --factory booking_write:app \
        --app-dir bench/ceilings --loop uvloop --http httptools --no-access-log
"""

import contextlib
import json
import os
import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated, Any

import asyncpg
from bearer import bearer_principal  # bench/ceilings, the ceilings' app dir
from fastapi import Depends, FastAPI, HTTPException
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from aftersales_common.auth import Principal, TokenVerifier
from aftersales_common.clock import in_dealer_zone, utcnow
from aftersales_common.settings import ServiceSettings

DESK = frozenset({"service_advisor", "manager", "callback_agent"})
POOL = 16  # one connection per wrk connection
INSERT_CUSTOMER = (
    "INSERT INTO customer (id, dealer_id, name, phone, email, callback_opt_out, sms_opt_out, "
    "preferred_channel, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
INSERT_OUTBOX = (
    "INSERT INTO outbox (event_id, topic, aggregate_type, aggregate_id, type, payload, "
    "created_at, attempts) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")


class CustomerIn(BaseModel):
    dealer_id: str = Field(min_length=1, max_length=36)
    name: str = Field(min_length=1, max_length=100)
    phone: str = Field(min_length=5, max_length=20)
    email: str | None = Field(default=None, max_length=200)
    callback_opt_out: bool = False
    sms_opt_out: bool = False
    preferred_channel: str = "phone"


def event_payload(event_id: str, customer: dict[str, Any], at: datetime, size: int) -> str:
    """A structured CloudEvent like booking's `customer.registered`, padded to `size` bytes."""
    event = {
        "specversion": "1.0", "id": event_id, "source": "/aftersales/booking",
        "type": "customer.registered", "subject": customer["id"], "time": at.isoformat(),
        "datacontenttype": "application/json", "dataschema": "customer.registered/1",
        "data": {"customer_id": customer["id"], "dealer_id": customer["dealer_id"],
                 "name": customer["name"], "phone": customer["phone"], "email": customer["email"],
                 "contact_preferences": {
                     "callback_opt_out": customer["callback_opt_out"],
                     "sms_opt_out": customer["sms_opt_out"],
                     "preferred_channel": customer["preferred_channel"]}},
    }
    text = json.dumps(event, separators=(",", ":"), ensure_ascii=False)
    missing = size - len(text.encode())
    if missing > len(',"pad":""'):
        event["pad"] = "x" * (missing - len(',"pad":""'))
        text = json.dumps(event, separators=(",", ":"), ensure_ascii=False)
    return text


def app() -> FastAPI:
    """Uvicorn factory; BENCH_DB is the DSN of a database migrated by booking."""
    dsn = os.environ["BENCH_DB"]
    payload_bytes = int(os.environ.get("BENCH_PAYLOAD_BYTES", "620"))
    verifier = TokenVerifier(ServiceSettings())
    pool: dict[str, asyncpg.Pool] = {}

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        pool["db"] = await asyncpg.create_pool(dsn, min_size=POOL, max_size=POOL)
        yield
        await pool["db"].close()

    api = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)

    principal = bearer_principal(verifier, DESK)

    @api.post("/api/booking/customers", status_code=201)
    async def register(body: CustomerIn, who: Annotated[Principal, Depends(principal)]) -> Any:
        if not who.is_staff or body.dealer_id not in who.dealer_ids:
            raise HTTPException(403, "you do not work for this dealer")
        at = utcnow()
        customer = {"id": str(uuid.uuid4()), **body.model_dump()}
        customer["phone"] = customer["phone"].strip()
        event_id = str(uuid.uuid4())
        payload = event_payload(event_id, customer, at, payload_bytes)
        try:
            async with pool["db"].acquire() as conn, conn.transaction():
                await conn.execute(
                    INSERT_CUSTOMER, customer["id"], customer["dealer_id"], customer["name"],
                    customer["phone"], customer["email"], customer["callback_opt_out"],
                    customer["sms_opt_out"], customer["preferred_channel"], at)
                await conn.execute(INSERT_OUTBOX, event_id, "aftersales.booking", "customer",
                                   customer["id"], "customer.registered", payload, at, 0)
        except asyncpg.UniqueViolationError as exc:
            raise HTTPException(409, "a customer with this phone exists") from exc
        return JSONResponse({**customer, "created_at": in_dealer_zone(at).isoformat()},
                            status_code=201)

    return api
