"""`uvicorn --factory crm.main:app`: the crm service on its own."""

from __future__ import annotations

from fastapi import FastAPI

from aftersales_common.logs import configure_logging
from crm.bootstrap import create_app
from crm.config import CrmSettings


def app() -> FastAPI:
    """Factory for uvicorn."""
    settings = CrmSettings()
    configure_logging(settings.log_level)
    return create_app(settings)
