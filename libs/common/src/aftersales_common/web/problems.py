"""RFC 9457 problem+json for every error, validation and unexpected ones included."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aftersales_common.errors import DomainError
from aftersales_common.web.language import LocalizeProblems

log = logging.getLogger(__name__)
PROBLEM = "application/problem+json"
TYPE_BASE = "https://aftersales.dev/problems/"
BODY_NOT_PARSED = "There was an error parsing the body"  # FastAPI's detail


def problem(
    status: int, title: str, detail: str, *, code: str = "about:blank", **extra: Any
) -> JSONResponse:
    """Build a problem+json response."""
    body: dict[str, Any] = {
        "type": TYPE_BASE + code if code != "about:blank" else code,
        "title": title,
        "status": status,
        "detail": detail,
        **extra,
    }
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def install_problem_handlers(app: FastAPI) -> None:
    """Route every error to problem+json; no stack trace reaches a client."""

    @app.exception_handler(DomainError)
    async def _domain(_: Request, exc: DomainError) -> JSONResponse:
        extra = {"errors": exc.errors} if exc.errors else {}
        return problem(exc.status, exc.title, exc.detail, code=exc.code, **extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": _field(e.get("loc", ())), "message": e.get("msg", ""), "type": e.get("type")}
            for e in exc.errors()
        ]
        return problem(
            422, "Invalid input", "The request has invalid fields.", code="validation",
            errors=errors,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and exc.detail == BODY_NOT_PARSED:
            # FastAPI's answer to a body that is not even text (not UTF-8): invalid input,
            # like any other malformed JSON (422, as documented), not an undocumented 400.
            return problem(422, "Invalid input", "The request body is not JSON in UTF-8.",
                           code="validation", errors=[
                               {"field": "body", "message": "not JSON in UTF-8",
                                "type": "json_invalid"}])
        titles = {401: "Unauthorized", 403: "Forbidden", 404: "Not found",
                  405: "Method not allowed", 409: "Conflict"}
        response = problem(
            exc.status_code, titles.get(exc.status_code, "Error"), str(exc.detail),
            code={401: "unauthorized", 403: "forbidden", 404: "not-found",
                  405: "method-not-allowed"}.get(exc.status_code, "about:blank"),
        )
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        if exc.status_code == 405:
            response.headers["Allow"] = allowed_methods(request)
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem(500, "Internal error", "An unexpected error occurred.", code="internal")

    # Innermost of Starlette's ServerErrorMiddleware, outermost of ours: it answers the 500
    # itself and does not re-raise, so the server keeps the connection alive.
    app.add_middleware(CrashToProblem)
    # Outside it, every problem leaves in the language the request asks for.
    app.add_middleware(LocalizeProblems)


def allowed_methods(request: Request) -> str:
    """Every method some route serves at this path (Starlette names only the first route's)."""
    methods = {
        method for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
        if any(route.matches({**request.scope, "method": method})[0] == Match.FULL
               for route in request.app.router.routes)
    }
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods))


class CrashToProblem:
    """Unexpected exceptions become a problem+json 500 without being re-raised.

    Starlette's ServerErrorMiddleware sends the 500 and then re-raises, and uvicorn closes
    a connection whose application raised: every client after an error reconnects. Here
    the exception is logged and answered; only an exception after the response started
    (which cannot be answered any more) is re-raised.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = {"started": False, "done": False}

        async def tracking(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["started"] = True
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                state["done"] = True
            await send(message)

        try:
            await self.app(scope, receive, tracking)
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if state["done"]:
                return
            if state["started"]:
                raise
            await problem(500, "Internal error", "An unexpected error occurred.",
                          code="internal")(scope, receive, send)
