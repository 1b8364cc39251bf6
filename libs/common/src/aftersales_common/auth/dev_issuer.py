"""The development token issuer (`POST /api/auth/token`). Refuses to run in production."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Form, Request

from aftersales_common.auth.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from aftersales_common.auth.tokens import issue_dev_token
from aftersales_common.settings import ServiceSettings
from aftersales_common.web.limits import LimitsMiddleware, RateLimiter, too_many
from aftersales_common.web.openapi import install_openapi
from aftersales_common.web.problems import install_problem_handlers, problem

TTL = 8 * 3600


def dev_issuer_router(settings: ServiceSettings) -> APIRouter:
    """OAuth2 password grant over the demo accounts."""
    if settings.app_env == "production":
        raise RuntimeError("the development issuer must not run with APP_ENV=production")
    router = APIRouter(prefix="/api/auth", tags=["auth"])
    # Per process, in memory (web/limits.py): per username and per client address.
    per_user = RateLimiter(settings.rate_limit_token_per_minute / 60,
                           max(1, settings.rate_limit_token_per_minute))
    per_address = RateLimiter(settings.rate_limit_token_ip_per_minute / 60,
                              max(1, settings.rate_limit_token_ip_per_minute))

    @router.post("/token", response_model=None, responses={
        429: {"description": "Too many token requests for this username or address."}})
    async def token(
        request: Request, username: Annotated[str, Form()], password: Annotated[str, Form()]
    ) -> Any:
        """Exchange a demo account's username and password for a bearer token.

        Rate-limited per username and per client address (429 with Retry-After)."""
        address = request.client.host if request.client else "unknown"
        wait = max(per_address.hit(address), per_user.hit(username[:200]))
        if wait > 0:
            return too_many(wait, "Too many token requests; retry later.")
        account = DEMO_ACCOUNTS.get(username)
        if account is None or password != DEMO_PASSWORD:
            return problem(401, "Unauthorized", "Unknown user or wrong password.",
                           code="unauthorized")
        access = issue_dev_token(
            settings, sub=account.username, roles=list(account.roles),
            dealer_ids=list(account.dealer_ids), customer_id=account.customer_id, ttl_seconds=TTL,
        )
        return {"access_token": access, "token_type": "bearer", "expires_in": TTL}

    @router.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "service": "auth"}

    return router


def create_dev_issuer_app(settings: ServiceSettings | None = None) -> FastAPI:
    """The issuer as its own app (docker-compose, distributed tests)."""
    settings = settings or ServiceSettings()
    app = FastAPI(title="Aftersales development issuer", openapi_url="/api/auth/openapi.json",
                  docs_url=None, redoc_url=None)
    app.add_middleware(LimitsMiddleware, max_body_bytes=settings.max_body_bytes,
                       max_header_bytes=settings.max_header_bytes)
    install_problem_handlers(app)
    install_openapi(app, "/api/auth")
    app.include_router(dev_issuer_router(settings))
    return app


def app() -> FastAPI:
    """Uvicorn factory: `uvicorn --factory aftersales_common.auth.dev_issuer:app`."""
    return create_dev_issuer_app()
