"""CSI report arithmetic: averages on Decimals, one place, half up."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from aftersales_common.errors import InvalidInput
from crm.domain.csi import ONE_PLACE

DISSATISFIED_OUTCOMES = ("dissatisfied", "complaint")  # task outcomes on the dissatisfied list
MAX_REPORT_DAYS = 366


def average(values: Sequence[Decimal | int]) -> Decimal | None:
    """Arithmetic mean to one place (None for no values)."""
    if not values:
        return None
    total = sum((Decimal(v) for v in values), Decimal(0))
    return (total / len(values)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def period(date_from: date | None, date_to: date | None, today: date,
           timezone: str) -> tuple[date, date, datetime, datetime]:
    """Inclusive local dates (default: the last 30 days) and their UTC-aware bounds [start, end)."""
    date_to = date_to or today
    date_from = date_from or date_to - timedelta(days=29)
    if date_from > date_to:
        raise InvalidInput("from must not be after to")
    if (date_to - date_from).days >= MAX_REPORT_DAYS:
        raise InvalidInput(f"a report covers at most {MAX_REPORT_DAYS} days")
    tz = ZoneInfo(timezone)
    start = datetime.combine(date_from, time.min, tz)
    end = datetime.combine(date_to + timedelta(days=1), time.min, tz)
    return date_from, date_to, start, end
