"""`uvicorn --factory workshop.main:app`: the workshop service on its own."""

from __future__ import annotations

from fastapi import FastAPI

from aftersales_common.logs import configure_logging
from workshop.bootstrap import create_app
from workshop.config import WorkshopSettings


def app() -> FastAPI:
    """Factory for uvicorn."""
    settings = WorkshopSettings()
    configure_logging(settings.log_level)
    return create_app(settings)
