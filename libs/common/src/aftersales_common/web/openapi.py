"""The OpenAPI tells the truth about errors and headers; the docs pages need no CDN.

One generic rule for every service: each operation documents the problem+json answers it
can give (RFC 9457, schema `Problem`), every POST its `Idempotency-Key` header, a 429 its
`Retry-After`. Swagger UI and ReDoc load their assets from this service (the files shipped
by the `fastapi-offline` package), so the docs page makes no outside request.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from aftersales_common.web.idempotency import MAX_KEY
from aftersales_common.web.problems import PROBLEM

ASSETS = Path(fastapi_offline.__file__).resolve().parent / "static"
WRITES = {"post", "put", "patch", "delete"}

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details. `type` names the kind of error; `errors` lists "
                   "the fields at fault (validation).",
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 100, "maximum": 599},
        "detail": {"type": "string"},
        "errors": {"type": "array", "items": {
            "type": "object",
            "properties": {"field": {"type": "string"}, "message": {"type": "string"},
                           "type": {"type": ["string", "null"]}},
        }},
    },
    "required": ["type", "title", "status"],
    "additionalProperties": True,
}

RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before retrying.",
                               "schema": {"type": "integer", "minimum": 1}}}

DESCRIPTIONS = {
    401: "Missing, invalid or expired bearer token.",
    403: "The caller's role may not do this.",
    404: "Not found, or outside the caller's scope.",
    409: "Conflict with the current state, or a request with the same Idempotency-Key is "
         "still running (with Retry-After).",
    413: "The request body is larger than the service accepts.",
    422: "Invalid input: the fields at fault are listed in `errors`.",
    429: "Too many requests from this caller (a token subject, or for the token endpoint a "
         "username or address); wait Retry-After seconds.",
    431: "The request's headers are too large.",
    500: "Unexpected error (nothing was committed).",
}

IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "Repeat a POST safely: a repeat with the same key and body returns the first "
                   "result (`Idempotent-Replayed: true`); with another body, 422; while the "
                   "first still runs, 409 with Retry-After. Keys are scoped to the caller.",
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY,
               "pattern": "^[!-~]+$"},
}


def problem_codes(method: str, operation: dict[str, Any]) -> list[int]:
    """The error statuses an operation can answer, by the seedwork's generic rule."""
    codes = [429, 431, 500]  # any request with a valid token counts against its caller's rate
    if operation.get("security"):
        codes += [401, 403, 404, 422]
    if operation.get("parameters") or operation.get("requestBody") or method == "post":
        codes.append(422)
    if operation.get("requestBody") or method in WRITES:
        codes.append(413)
    if method in WRITES:
        codes.append(409)
    return sorted(set(codes))


def document(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the Problem schema, the problem responses and the Idempotency-Key header."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM_SCHEMA
    ref = {"$ref": "#/components/schemas/Problem"}
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete", "head", "options"}:
                continue
            responses = operation.setdefault("responses", {})
            for code in problem_codes(method, operation):
                entry = responses.setdefault(str(code), {"description": DESCRIPTIONS[code]})
                if str(code) == "422" or PROBLEM not in entry.get("content", {}):
                    # Every error body is problem+json (422 included: see problems.py).
                    entry["content"] = {PROBLEM: {"schema": ref}}
            for code, entry in responses.items():
                if code.isdigit() and int(code) >= 400 and PROBLEM not in entry.get("content", {}):
                    entry["content"] = {PROBLEM: {"schema": ref}}
                if code in ("409", "429"):
                    entry.setdefault("headers", {}).update(RETRY_AFTER)
            if method == "post":
                params = operation.setdefault("parameters", [])
                named = [p for p in params
                         if p.get("in") == "header" and p.get("name", "").lower() == "idempotency-key"]
                if named:
                    named[0].update({k: v for k, v in IDEMPOTENCY_KEY.items() if k != "name"})
                else:
                    params.append(dict(IDEMPOTENCY_KEY))
    return schema


def install_openapi(app: FastAPI, prefix: str) -> None:
    """Document errors and headers in `app.openapi()`; serve Swagger UI and ReDoc locally.

    Build the app with `docs_url=None, redoc_url=None`; the pages go to `<prefix>/docs` and
    `<prefix>/redoc`, their assets to `<prefix>/docs-assets`.
    """
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    assets = f"{prefix}/docs-assets"
    app.mount(assets, StaticFiles(directory=ASSETS), name=f"docs-assets{prefix}")

    @app.get(f"{prefix}/docs", include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}", title=f"{app.title} - Swagger UI",
            swagger_js_url=f"{root}{assets}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{assets}/swagger-ui.css",
            swagger_favicon_url=f"{root}{assets}/favicon.png",
            oauth2_redirect_url=None,
            # No online validator badge: the page makes no request outside this service.
            swagger_ui_parameters={"validatorUrl": None},
        )

    @app.get(f"{prefix}/redoc", include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_redoc_html(
            openapi_url=f"{root}{app.openapi_url}", title=f"{app.title} - ReDoc",
            redoc_js_url=f"{root}{assets}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{assets}/favicon.png",
            with_google_fonts=False,
        )
