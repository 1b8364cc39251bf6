"""Column types of the workshop database."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import String
from sqlalchemy.types import TypeDecorator

from workshop.domain.values import decimal_str


class DecimalText(TypeDecorator[Decimal]):
    """Labour hours and quantities: exact Decimals stored as their plain string ("1.5")."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: Decimal | int | str | None, dialect: Any) -> str | None:
        return None if value is None else decimal_str(Decimal(value))

    def process_result_value(self, value: str | None, dialect: Any) -> Decimal | None:
        return None if value is None else Decimal(value)
