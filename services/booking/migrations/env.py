"""Alembic environment of the booking database."""

from aftersales_common.migrations import run_env
from booking.adapters.tables import metadata

run_env(metadata)
