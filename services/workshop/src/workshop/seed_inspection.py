"""Demo data of the health check: each demo dealer's copy of the standard sheet (健康车检项目单,
25 points in 10 groups; see domain/health_sheet.py), once."""

from __future__ import annotations

from aftersales_common.auth.demo import DEMO_DEALER_ID, OTHER_DEALER_ID
from aftersales_common.runtime import ServiceRuntime
from workshop.adapters.inspection_repo import ensure_standard


async def seed_checklists(runtime: ServiceRuntime) -> None:
    """The standard sheet for the demo dealers (other dealers get theirs on first use)."""
    async with runtime.uow() as uow:
        for dealer_id in (DEMO_DEALER_ID, OTHER_DEALER_ID):
            await ensure_standard(uow.session, dealer_id)
