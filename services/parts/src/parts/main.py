"""`uvicorn --factory parts.main:app`: the parts service on its own."""

from __future__ import annotations

from fastapi import FastAPI

from aftersales_common.logs import configure_logging
from parts.bootstrap import create_app
from parts.config import PartsSettings


def app() -> FastAPI:
    """Factory for uvicorn."""
    settings = PartsSettings()
    configure_logging(settings.log_level)
    return create_app(settings)
