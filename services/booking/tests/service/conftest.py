from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from aftersales_common.runtime import ServiceRuntime
from aftersales_common.testing import running_client
from booking.bootstrap import create_app
from booking.config import BookingSettings


@pytest.fixture
def settings(tmp_path) -> BookingSettings:
    return BookingSettings(data_dir=tmp_path, app_env="test")


@pytest.fixture
async def client(settings) -> AsyncIterator[httpx.AsyncClient]:
    async with running_client(create_app(settings)) as c:
        yield c


@pytest.fixture
def runtime(client) -> ServiceRuntime:
    """The running app's runtime (database, consumer)."""
    return client._transport.app.state.runtime
