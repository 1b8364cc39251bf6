"""`uvicorn --factory booking.main:app`: the booking service on its own."""

from __future__ import annotations

from fastapi import FastAPI

from aftersales_common.logs import configure_logging
from booking.bootstrap import create_app
from booking.config import BookingSettings


def app() -> FastAPI:
    """Factory for uvicorn."""
    settings = BookingSettings()
    configure_logging(settings.log_level)
    return create_app(settings)
