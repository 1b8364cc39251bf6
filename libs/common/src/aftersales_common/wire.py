"""Pydantic field types for the wire: exact Decimals serialised as strings, never floats."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import PlainSerializer

from aftersales_common.money import decimal_str, money_str

Money = Annotated[Decimal, PlainSerializer(money_str, return_type=str)]
"""Money: a decimal string with two places ("1234.50")."""

PlainDecimal = Annotated[Decimal, PlainSerializer(decimal_str, return_type=str)]
"""Quantities and labour hours: a plain decimal string ("2", "1.5")."""
