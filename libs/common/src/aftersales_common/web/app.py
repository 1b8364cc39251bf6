"""The one way a service app is built: prefix, docs, problems, health, admin, idempotency."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from fastapi import APIRouter, Depends, FastAPI
from fastapi.responses import JSONResponse

from aftersales_common.auth import Principal
from aftersales_common.messaging.envelope import EventData, json_schemas
from aftersales_common.runtime import ServiceRuntime
from aftersales_common.web.deps import require
from aftersales_common.web.idempotency import IdempotencyMiddleware, verified_subject
from aftersales_common.web.inputs import Id
from aftersales_common.web.limits import LimitsMiddleware, RateLimiter
from aftersales_common.web.openapi import install_openapi
from aftersales_common.web.problems import install_problem_handlers, problem


class DeadLetterStatus(StrEnum):
    OPEN = "open"
    REPLAYED = "replayed"


def create_service_app(
    runtime: ServiceRuntime,
    routers: Sequence[APIRouter],
    *,
    title: str,
    description: str = "",
    contracts: Sequence[type[EventData]] = (),
) -> FastAPI:
    """Build a service's FastAPI app serving everything under `/api/<service>`."""
    prefix = f"/api/{runtime.name}"
    app = FastAPI(
        title=title,
        description=description,
        version="1.0.0",
        openapi_url=f"{prefix}/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=runtime.lifespan,
    )
    app.state.runtime = runtime
    settings = runtime.settings
    app.state.api_rate_limiter = RateLimiter(settings.rate_limit_api_per_second,
                                             settings.rate_limit_api_burst)
    # Middleware, outermost first: crash → problem 500 (added by install_problem_handlers,
    # last), size limits and per-principal rate limit, then idempotency (ADR 0010).
    app.add_middleware(IdempotencyMiddleware, runtime=runtime)
    app.add_middleware(
        LimitsMiddleware, max_body_bytes=settings.max_body_bytes,
        max_header_bytes=settings.max_header_bytes, max_upload_bytes=settings.max_upload_bytes,
        principal_of=lambda scope: verified_subject(scope, runtime.verifier),
        limiter=lambda scope: getattr(app.state, "api_rate_limiter", None),
    )
    install_problem_handlers(app)
    install_openapi(app, prefix)
    app.include_router(_health_router(runtime), prefix=prefix)
    app.include_router(_admin_router(runtime), prefix=prefix)
    app.include_router(_schemas_router(contracts), prefix=prefix)
    for router in routers:
        app.include_router(router, prefix=prefix)
    return app


def _health_router(runtime: ServiceRuntime) -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/healthz")
    async def healthz() -> dict[str, str]:
        """Liveness: the process answers."""
        return {"status": "ok", "service": runtime.name}

    @router.get("/readyz", response_model=None)
    async def readyz() -> Any:
        """Readiness: database and bus reachable; every consumer alive and not stalled.

        Each consumer is listed with its liveness and lag; a dead consumer, or one with
        lag and no progress for `CONSUMER_STALL_SECONDS`, makes the answer 503.
        """
        checks = await runtime.ready()
        consumers = [{k: c[k] for k in ("group", "alive", "stalled", "lag", "restarts",
                                        "seconds_since_progress")}
                     for c in runtime.consumers()]
        if all(checks.values()):
            return {"status": "ready", "checks": checks, "consumers": consumers}
        failing = sorted(k for k, ok in checks.items() if not ok)
        return problem(503, "Not ready", f"Unavailable: {', '.join(failing)}", code="not-ready",
                       checks=checks, consumers=consumers)

    return router


def _admin_router(runtime: ServiceRuntime) -> APIRouter:
    router = APIRouter(prefix="/admin", tags=["admin"])
    admin = Depends(require("admin"))

    @router.get("/dead-letters")
    async def list_dead_letters(status: DeadLetterStatus | None = DeadLetterStatus.OPEN,
                                _: Principal = admin
                                ) -> dict[str, Any]:
        """Events this service could not process after its retries."""
        rows = await runtime.consumer.list_dead_letters(status.value if status else None)
        return {"items": rows, "next_cursor": None}

    @router.post("/dead-letters/{dead_letter_id}/replay")
    async def replay_dead_letter(dead_letter_id: Id, _: Principal = admin) -> JSONResponse:
        """Process a dead letter again."""
        result = await runtime.consumer.replay(dead_letter_id)
        return JSONResponse(result, status_code=200 if result["status"] == "replayed" else 409)

    @router.get("/outbox")
    async def outbox_state(_: Principal = admin) -> dict[str, int]:
        """How many events wait to be published."""
        return {"pending": await runtime.relay.pending()}

    @router.get("/consumers")
    async def consumers(_: Principal = admin) -> dict[str, Any]:
        """This service's event consumers: alive, lag, last message, last error, restarts."""
        return {"items": runtime.consumers(), "stall_seconds": runtime.settings.consumer_stall_seconds}

    return router


def _schemas_router(contracts: Sequence[type[EventData]]) -> APIRouter:
    router = APIRouter(tags=["events"])

    @router.get("/events/schemas")
    async def event_schemas() -> dict[str, Any]:
        """JSON Schemas of the events this service publishes, keyed by `dataschema`."""
        return json_schemas(list(contracts))

    return router
