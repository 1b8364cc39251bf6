"""Alembic environment of the crm database."""

from aftersales_common.migrations import run_env
from crm.adapters.tables import metadata

run_env(metadata)
