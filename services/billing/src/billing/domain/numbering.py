"""Document numbers: one series per dealer, kind and year, the year counted in the dealer's zone."""

from __future__ import annotations

from datetime import datetime, tzinfo
from enum import StrEnum


class Series(StrEnum):
    """The number series billing hands out (prefix of the number)."""

    INVOICE = "INV"
    CREDIT_NOTE = "CN"


def local_year(at: datetime, zone: tzinfo) -> int:
    """The year of `at` on the dealer's calendar: 2026-12-31T17:30Z is 2027 in Shanghai."""
    if at.tzinfo is None:
        raise ValueError("naive datetime: times must carry an offset")
    return at.astimezone(zone).year


def document_no(series: Series, year: int, seq: int) -> str:
    """`INV2027-000001`, `CN2027-000001`."""
    return f"{series.value}{year}-{seq:06d}"
