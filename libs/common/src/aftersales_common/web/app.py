"""The one way a service app is built: prefix, docs, problems, health, admin, idempotency."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, Depends, FastAPI
from fastapi.responses import JSONResponse

from aftersales_common.auth import Principal
from aftersales_common.messaging.envelope import EventData, json_schemas
from aftersales_common.runtime import ServiceRuntime
from aftersales_common.web.deps import require
from aftersales_common.web.idempotency import IdempotencyMiddleware
from aftersales_common.web.problems import install_problem_handlers, problem


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
        docs_url=f"{prefix}/docs",
        redoc_url=None,
        lifespan=runtime.lifespan,
    )
    app.state.runtime = runtime
    install_problem_handlers(app)
    app.add_middleware(IdempotencyMiddleware, runtime=runtime)
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
        """Readiness: database and bus reachable."""
        checks = await runtime.ready()
        if all(checks.values()):
            return {"status": "ready", "checks": checks}
        return problem(503, "Not ready", f"Unavailable: {checks}", code="not-ready",
                       checks=checks)

    return router


def _admin_router(runtime: ServiceRuntime) -> APIRouter:
    router = APIRouter(prefix="/admin", tags=["admin"])
    admin = Depends(require("admin"))

    @router.get("/dead-letters")
    async def list_dead_letters(status: str | None = "open", _: Principal = admin
                                ) -> dict[str, Any]:
        """Events this service could not process after its retries."""
        rows = await runtime.consumer.list_dead_letters(status)
        return {"items": rows, "next_cursor": None}

    @router.post("/dead-letters/{dead_letter_id}/replay")
    async def replay_dead_letter(dead_letter_id: str, _: Principal = admin) -> JSONResponse:
        """Process a dead letter again."""
        result = await runtime.consumer.replay(dead_letter_id)
        return JSONResponse(result, status_code=200 if result["status"] == "replayed" else 409)

    @router.get("/outbox")
    async def outbox_state(_: Principal = admin) -> dict[str, int]:
        """How many events wait to be published."""
        return {"pending": await runtime.relay.pending()}

    return router


def _schemas_router(contracts: Sequence[type[EventData]]) -> APIRouter:
    router = APIRouter(tags=["events"])

    @router.get("/events/schemas")
    async def event_schemas() -> dict[str, Any]:
        """JSON Schemas of the events this service publishes, keyed by `dataschema`."""
        return json_schemas(list(contracts))

    return router
