"""Demo data of the checks: each demo dealer's checklists of the four levels (idempotent)."""

from __future__ import annotations

from aftersales_common.auth.demo import DEMO_DEALER_ID, OTHER_DEALER_ID
from aftersales_common.runtime import ServiceRuntime
from workshop.adapters.quality_repo import QcChecklists


async def seed_qc_checklists(runtime: ServiceRuntime) -> None:
    """The self-check, re-check, final inspection (最终质量检查报告单) and pre-delivery sheets."""
    async with runtime.uow() as uow:
        sheets = QcChecklists(uow.session)
        for dealer_id in (DEMO_DEALER_ID, OTHER_DEALER_ID):
            await sheets.seed(dealer_id)
