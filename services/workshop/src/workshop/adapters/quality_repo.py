"""The dealers' checklists for each level of the checks, and who the comebacks count against."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from aftersales_common.db import Session
from workshop.adapters import tables as t
from workshop.domain.quality import DEFAULT_CHECKLISTS, ChecklistItem
from workshop.domain.statuses import QcLevel


class QcChecklists:
    """Checklist items per dealer and level; a dealer without rows of its own uses the defaults."""

    def __init__(self, session: Session) -> None:
        self.session = session

    async def items(self, dealer_id: str, level: QcLevel) -> tuple[ChecklistItem, ...]:
        """The dealer's sheet for `level`, in order."""
        rows = (await self.session.execute(
            select(t.QcChecklistItem).where(t.QcChecklistItem.dealer_id == dealer_id,
                                            t.QcChecklistItem.level == level.value)
            .order_by(t.QcChecklistItem.position, t.QcChecklistItem.code))).scalars().all()
        if not rows:
            return DEFAULT_CHECKLISTS[level]
        return tuple(ChecklistItem(r.code, r.name, r.name_en) for r in rows)

    async def seed(self, dealer_id: str) -> None:
        """Give a dealer the default sheets once (idempotent: a dealer with rows keeps them)."""
        for level, items in DEFAULT_CHECKLISTS.items():
            exists = await self.session.scalar(select(t.QcChecklistItem.code).where(
                t.QcChecklistItem.dealer_id == dealer_id, t.QcChecklistItem.level == level.value))
            if exists:
                continue
            for position, item in enumerate(items, start=1):
                self.session.add(t.QcChecklistItem(dealer_id=dealer_id, level=level.value,
                                                   code=item.code, name=item.name,
                                                   name_en=item.name_en, position=position))


@dataclass(frozen=True)
class Comebacks:
    """One technician's jobs sent back to rework by failed checks."""

    technician: str
    jobs: int
    orders: int
    by_level: dict[str, int]


async def comebacks(session: Session, dealer_ids: list[str], start: datetime,
                    end: datetime) -> list[Comebacks]:
    """Per technician: jobs of theirs sent back by a failed check in [start, end), by level."""
    rows = (await session.execute(
        select(t.QcCheck.level, t.QcCheck.order_id, t.QcCheck.rework_technicians)
        .join(t.RepairOrder, t.RepairOrder.id == t.QcCheck.order_id)
        .where(t.RepairOrder.dealer_id.in_(dealer_ids), t.QcCheck.passed.is_(False),
               t.QcCheck.created_at >= start, t.QcCheck.created_at < end))).all()
    jobs: Counter[str] = Counter()
    orders: dict[str, set[str]] = defaultdict(set)
    levels: dict[str, Counter[str]] = defaultdict(Counter)
    for level, order_id, pairs in rows:
        for _job_id, technician in pairs or ():
            jobs[technician] += 1
            orders[technician].add(order_id)
            levels[technician][level] += 1
    return [Comebacks(tech, n, len(orders[tech]), dict(levels[tech]))
            for tech, n in sorted(jobs.items(), key=lambda kv: (-kv[1], kv[0]))]
