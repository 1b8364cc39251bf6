"""Alembic environment of the workshop database."""

from aftersales_common.migrations import run_env
from workshop.adapters.tables import metadata

run_env(metadata)
