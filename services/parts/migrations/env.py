"""Alembic environment of the parts database."""

from aftersales_common.migrations import run_env
from parts.adapters.tables import metadata

run_env(metadata)
