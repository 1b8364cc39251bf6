from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from aftersales_common.testing import running_client
from billing.bootstrap import create_app
from billing.config import BillingSettings


@pytest.fixture
def settings(tmp_path) -> BillingSettings:
    return BillingSettings(data_dir=tmp_path, app_env="test")


@pytest.fixture
async def client(settings) -> AsyncIterator[httpx.AsyncClient]:
    async with running_client(create_app(settings)) as c:
        yield c


@pytest.fixture
def runtime(client) -> Any:
    return client._transport.app.state.runtime

