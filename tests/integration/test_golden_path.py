"""contract.md's golden path, all 16 steps, on both ways to run the same code."""

from __future__ import annotations

import asyncio

import pytest

from tests.support.api import Api
from tests.support.golden_path import run_golden_path


async def test_golden_path_embedded(embedded_api: Api) -> None:
    trace = await run_golden_path(embedded_api, index=1, with_rework=True)
    assert trace.data["csi"] is not None


async def test_concurrent_golden_paths_embedded(embedded_api: Api) -> None:
    traces = await asyncio.gather(*[run_golden_path(embedded_api, index=i) for i in range(4)])
    assert len({t.ids["order"] for t in traces}) == 4


@pytest.mark.realinfra
async def test_golden_path_on_kafka_and_postgres(cluster_api: Api) -> None:
    trace = await run_golden_path(cluster_api, index=101, with_rework=True)
    assert trace.data["csi"] is not None


@pytest.mark.realinfra
async def test_concurrent_golden_paths_on_kafka_and_postgres(cluster_api: Api) -> None:
    traces = await asyncio.gather(*[run_golden_path(cluster_api, index=200 + i) for i in range(3)])
    assert len({t.ids["order"] for t in traces}) == 3
