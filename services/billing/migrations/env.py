"""Alembic environment of the billing database."""

from aftersales_common.migrations import run_env
from billing.adapters.tables import metadata

run_env(metadata)
