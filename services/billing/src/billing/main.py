"""`uvicorn --factory billing.main:app`: the billing service on its own."""

from __future__ import annotations

from fastapi import FastAPI

from aftersales_common.logs import configure_logging
from billing.bootstrap import create_app
from billing.config import BillingSettings


def app() -> FastAPI:
    """Factory for uvicorn."""
    settings = BillingSettings()
    configure_logging(settings.log_level)
    return create_app(settings)
