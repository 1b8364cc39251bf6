"""Fixtures: the embedded system in process, and the distributed system on real Kafka + PostgreSQL.

Real infrastructure is never skipped: when it cannot be started the tests fail loudly.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.infra.services import create_database, kafka_broker, postgres_server, seaweedfs_server
from tests.support.api import Api
from tests.support.cluster import Cluster


@pytest.fixture
async def embedded(tmp_path: Path) -> AsyncIterator[Any]:
    from aftersales_embedded.app import EmbeddedApp

    app = EmbeddedApp(tmp_path / "data")
    await app.startup()
    try:
        yield app
    finally:
        await app.shutdown()


@pytest.fixture
async def embedded_api(embedded: Any) -> AsyncIterator[Api]:
    api = Api("http://embedded", transport=httpx.ASGITransport(app=embedded))
    try:
        yield api
    finally:
        await api.aclose()


@pytest.fixture(scope="session")
def kafka() -> Iterator[str]:
    with kafka_broker() as bootstrap:
        yield bootstrap


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    with postgres_server() as dsn:
        yield dsn


@pytest.fixture(scope="session")
def seaweedfs() -> Iterator[dict[str, str]]:
    """A real S3 server (SeaweedFS) with its bucket: the `S3_*` settings."""
    with seaweedfs_server() as s3:
        yield s3


@pytest.fixture(scope="session")
def cluster(kafka: str, postgres: str, seaweedfs: dict[str, str],
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    c = Cluster(kafka_bootstrap=kafka, pg_dsn=postgres, workdir=tmp_path_factory.mktemp("cluster"),
                create_database=create_database, object_store=seaweedfs)
    try:
        c.start()
        yield c
    finally:
        c.stop()


@pytest.fixture
async def cluster_api(cluster: Cluster) -> AsyncIterator[Api]:
    api = Api(cluster.bases | {"auth": cluster.bases["auth"]})
    try:
        yield api
    finally:
        await api.aclose()
