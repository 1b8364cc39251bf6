"""Pydantic field types for the wire: exact Decimals serialised as strings, never floats."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import PlainSerializer, WithJsonSchema

from aftersales_common.clock import in_dealer_zone
from aftersales_common.money import decimal_str, money_str

Money = Annotated[Decimal, PlainSerializer(money_str, return_type=str)]
"""Money: a decimal string with two places ("1234.50")."""

PlainDecimal = Annotated[Decimal, PlainSerializer(decimal_str, return_type=str)]
"""Quantities and labour hours: a plain decimal string ("2", "1.5")."""


def _local_iso(value: datetime) -> str:
    return in_dealer_zone(value).isoformat()


DealerTime = Annotated[
    datetime,
    PlainSerializer(_local_iso, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}, mode="serialization"),
]
"""A moment on the wire: RFC 3339 in the dealer's offset ("2026-12-01T09:00:00+08:00"),
the same form in responses and in events."""
