"""The crash-safe idempotency scenarios of `libs/common/tests/test_idempotency.py` again on
PostgreSQL: the same fences (conditional UPDATEs on the claim), the same limits (422 for keys
and paths the columns cannot hold, where PostgreSQL itself would have raised a 500)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import test_idempotency as scenarios
import web_harness

from tests.infra.services import create_database

pytestmark = pytest.mark.realinfra


@pytest.fixture
def on_postgres(postgres: str) -> Iterator[None]:
    web_harness.DATABASE_URL[:] = [create_database(postgres, f"idem_{uuid.uuid4().hex[:10]}")]
    assert web_harness.DATABASE_URL[0].startswith("postgres")
    try:
        yield
    finally:
        web_harness.DATABASE_URL.clear()


SCENARIOS = [
    "test_a_repeat_gets_the_first_result_and_one_effect",
    "test_the_result_is_stored_in_the_same_transaction_as_the_effect",
    "test_a_request_cancelled_after_its_claim_leaves_no_key_stuck",
    "test_a_database_outage_between_claim_and_effect_frees_the_key_when_its_lease_ends",
    "test_a_crash_after_the_commit_before_the_response_replays_the_result",
    "test_a_failed_commit_stores_neither_effect_nor_result",
    "test_a_request_that_outlives_its_lease_is_fenced_off",
    "test_a_key_left_pending_before_leases_existed_is_taken_over",
    "test_keys_are_scoped_to_their_caller",
    "test_a_non_utf8_authorization_header_is_401_not_500",
]


@pytest.mark.parametrize("name", SCENARIOS)
async def test_on_postgres(name: str, on_postgres: None, tmp_path: Path) -> None:
    await getattr(scenarios, name)(tmp_path)


@pytest.mark.parametrize("where", ["inside", "after"])
async def test_an_exception_in_the_handler_on_postgres(where: str, on_postgres: None,
                                                       tmp_path: Path) -> None:
    await scenarios.test_an_exception_in_the_handler_rolls_back_and_frees_the_key(tmp_path, where)


@pytest.mark.parametrize("case", ["long-key", "long-path", "non-utf8-key", "control-key",
                                  "nul-path"])
async def test_the_same_limits_on_postgres(case: str, on_postgres: None, tmp_path: Path) -> None:
    await scenarios.test_keys_and_paths_the_table_cannot_hold_are_422_on_every_dialect(
        tmp_path, case)


def test_the_scenarios_listed_are_all_there() -> None:
    names: set[Any] = {n for n in dir(scenarios) if n.startswith("test_")}
    assert set(SCENARIOS) <= names
