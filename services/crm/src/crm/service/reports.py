"""The CSI report: average score and count for a period, and the dissatisfied list."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from aftersales_common.auth import Principal
from aftersales_common.clock import utcnow
from aftersales_common.messaging.outbox import UnitOfWork
from crm.adapters.repository import CrmRepository
from crm.config import CrmSettings
from crm.domain.csi import AREAS
from crm.domain.reports import DISSATISFIED_OUTCOMES, average, period


async def csi_report(*, uow: UnitOfWork, principal: Principal, settings: CrmSettings,
                     dealer_id: str | None, date_from: date | None,
                     date_to: date | None) -> dict[str, Any]:
    """Surveys and dissatisfied customers of the caller's dealers in a period (local dates)."""
    tz = settings.default_timezone
    first, last, start, end = period(date_from, date_to, utcnow().astimezone(ZoneInfo(tz)).date(),
                                     tz)
    repo = CrmRepository(uow.session)
    dealers = principal.listable_dealers(dealer_id)
    surveys = await repo.surveys_between(dealers, start, end)
    unhappy = await repo.dissatisfied_between(dealers, list(DISSATISFIED_OUTCOMES), start, end)
    contacts = await repo.contacts_for(t.customer_id for t in unhappy)
    return {
        "dealer_ids": dealers,
        "from": first,
        "to": last,
        "count": len(surveys),
        "average_csi": average([Decimal(s.csi_score) for s in surveys]),
        "areas": {a: average([getattr(s, a) for s in surveys]) for a in AREAS},
        "dissatisfied": [
            {"task_id": t.id, "order_id": t.order_id, "order_no": t.order_no,
             "customer_id": t.customer_id,
             "customer_name": contacts[t.customer_id].name if t.customer_id in contacts else None,
             "phone": contacts[t.customer_id].phone if t.customer_id in contacts else None,
             "outcome": t.outcome,
             "csi_score": Decimal(t.csi_score) if t.csi_score else None,
             "completed_at": t.completed_at}
            for t in unhappy
        ],
    }
