"""One process, five services: each app keeps its `/api/<service>` prefix and its own database."""

from __future__ import annotations

import html
from collections.abc import Callable
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from aftersales_common.auth.demo import DEMO_ACCOUNTS, DEMO_DEALER_ID, DEMO_PASSWORD
from aftersales_common.auth.dev_issuer import create_dev_issuer_app
from aftersales_common.messaging.inprocess import InProcessBus
from aftersales_common.settings import ServiceSettings
from aftersales_common.web.language import LocalizeProblems
from aftersales_common.web.limits import LimitsMiddleware, RateLimiter
from aftersales_common.web.problems import CrashToProblem, problem
from aftersales_embedded.frontends import StaticFrontends, default_mounts
from billing.bootstrap import create_app as billing_app
from billing.config import BillingSettings
from booking.bootstrap import create_app as booking_app
from booking.config import BookingSettings
from crm.bootstrap import create_app as crm_app
from crm.config import CrmSettings
from parts.bootstrap import create_app as parts_app
from parts.config import PartsSettings
from workshop.bootstrap import create_app as workshop_app
from workshop.config import WorkshopSettings

SERVICES: dict[str, tuple[Callable[..., FastAPI], type[ServiceSettings]]] = {
    "booking": (booking_app, BookingSettings),
    "workshop": (workshop_app, WorkshopSettings),
    "parts": (parts_app, PartsSettings),
    "billing": (billing_app, BillingSettings),
    "crm": (crm_app, CrmSettings),
}


class EmbeddedApp:
    """ASGI dispatcher by path prefix, running every service's lifespan on one shared bus."""

    def __init__(self, data_dir: Path, *, frontends: list[tuple[str, Path]] | None = None,
                 **overrides: Any) -> None:
        self.data_dir = data_dir
        self.frontends = StaticFrontends(default_mounts() if frontends is None else frontends)
        common: dict[str, Any] = {
            "data_dir": data_dir, "database_url": "", "bus": "inprocess", **overrides,
        }
        self.bus = InProcessBus(f"sqlite+aiosqlite:///{data_dir / 'bus.db'}")
        self.apps: dict[str, FastAPI] = {
            name: factory(settings_cls(**common), transport=self.bus)
            for name, (factory, settings_cls) in SERVICES.items()
        }
        for name in SERVICES:  # partners read each service's outbox as its topic's log
            self.runtime(name).read_outbox_as_log(self.bus)
        self.issuer_settings = ServiceSettings(**common)
        self.apps["auth"] = create_dev_issuer_app(self.issuer_settings)
        self._stack: AsyncExitStack | None = None
        # The limits hold for the process as a whole: sizes at the door (before dispatch,
        # for every path), one per-principal rate limit shared by the five services.
        limits = self.issuer_settings
        self.api_rate_limiter = RateLimiter(limits.rate_limit_api_per_second,
                                            limits.rate_limit_api_burst)
        for name in SERVICES:
            self.apps[name].state.api_rate_limiter = self.api_rate_limiter
        self._guarded: ASGIApp = LocalizeProblems(CrashToProblem(LimitsMiddleware(
            self._dispatch, max_body_bytes=limits.max_body_bytes,
            max_header_bytes=limits.max_header_bytes, max_upload_bytes=limits.max_upload_bytes)))

    def runtime(self, service: str) -> Any:
        """A service's runtime (tests and benchmarks look inside)."""
        return self.apps[service].state.runtime

    async def startup(self) -> None:
        """Start the bus, then each service (migrations, seed, consumers, relay)."""
        self._stack = AsyncExitStack()
        await self.bus.start()
        self._stack.push_async_callback(self.bus.stop)
        for name in SERVICES:
            app = self.apps[name]
            await self._stack.enter_async_context(app.router.lifespan_context(app))

    async def shutdown(self) -> None:
        """Stop services, then the bus."""
        if self._stack:
            await self._stack.aclose()
            self._stack = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        await self._guarded(scope, receive, send)

    async def _dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if not path.startswith("/api/") and await self.frontends.serve(scope, receive, send):
            return
        if path in ("/", "/index.html"):  # no console built: the plain page of links
            await _index(scope, receive, send)
            return
        parts = path.split("/")
        target: ASGIApp | None = None
        if len(parts) > 2 and parts[1] == "api":
            target = self.apps.get(parts[2])
        if target is None:
            await problem(404, "Not found", f"No service serves {path}.", code="not-found")(
                scope, receive, send)
            return
        await target(scope, receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await self.startup()
                except Exception as exc:
                    await send({"type": "lifespan.startup.failed", "message": repr(exc)})
                    raise
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.shutdown()
                await send({"type": "lifespan.shutdown.complete"})
                return


async def _index(scope: Scope, receive: Receive, send: Send) -> None:
    from starlette.responses import HTMLResponse

    rows = "".join(
        f"<li><a href='/api/{s}/docs'>{s}</a> — <code>/api/{s}</code></li>" for s in SERVICES
    )
    accounts = ", ".join(html.escape(a) for a in DEMO_ACCOUNTS)
    body = f"""<!doctype html><html lang="zh-CN"><meta charset="utf-8">
<title>Aftersales 售后服务系统</title>
<h1>Aftersales 售后服务系统 (embedded mode)</h1>
<p>Services 服务 (OpenAPI docs):</p><ul>{rows}</ul>
<p>Token 获取令牌: <code>POST /api/auth/token</code> (form: username, password)</p>
<p>Demo accounts 演示账号: {accounts} — password <code>{DEMO_PASSWORD}</code></p>
<p>Demo dealer 演示经销商: <code>{DEMO_DEALER_ID}</code></p></html>"""
    await HTMLResponse(body)(scope, receive, send)
