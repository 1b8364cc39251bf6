"""Test seedwork: tokens for any principal and an in-process HTTP client with lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from aftersales_common.auth.demo import DEMO_DEALER_ID
from aftersales_common.auth.tokens import issue_dev_token
from aftersales_common.settings import ServiceSettings


def bearer(settings: ServiceSettings, *roles: str, dealer_ids: list[str] | None = None,
           customer_id: str | None = None, sub: str | None = None) -> dict[str, str]:
    """Authorization header for a principal with these roles (staff of the demo dealer)."""
    if dealer_ids is None:
        dealer_ids = [] if customer_id else [DEMO_DEALER_ID]
    token = issue_dev_token(settings, sub=sub or "-".join(roles) or "anon", roles=list(roles),
                            dealer_ids=dealer_ids, customer_id=customer_id)
    return {"Authorization": f"Bearer {token}"}


@asynccontextmanager
async def running_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Start the app's lifespan and give an HTTP client talking to it in process."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client
