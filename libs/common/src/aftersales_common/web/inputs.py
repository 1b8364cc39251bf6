"""Input types for request bodies, path and query parameters: what every service accepts.

Every input is refused with a 422 before it reaches a handler or the database when it could
not be stored or compared the same way on every dialect:

- text is bounded (the length of the column it lands in) and NUL-free: PostgreSQL refuses
  U+0000 in text, SQLite stores it; the schema refuses it everywhere;
- times carry an offset (`AwareDatetime`: a naive time cannot be compared with a stored one)
  and lie in 1970..2199, dates too (the ends of the calendar overflow when moved to a zone);
- ids are at most 36 characters (a UUID; every id column is `VARCHAR(36)`).

The constraints are written as JSON Schema keywords (`maxLength`, `pattern`) so that the
OpenAPI says what the validation enforces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

NUL_FREE = r"^[^\x00]*$"
"""Any text without U+0000."""

MIN_YEAR = 1970
MAX_YEAR = 2199
_RANGE = f"between {MIN_YEAR}-01-01 and {MAX_YEAR}-12-31"

NoNul = StringConstraints(pattern=NUL_FREE)
"""Add to `Annotated[str, Field(max_length=...), NoNul]` for any free text."""


def text(max_length: int, *, min_length: int = 0) -> StringConstraints:
    """Bounded NUL-free text: `Annotated[str, text(500)]`."""
    return StringConstraints(min_length=min_length, max_length=max_length, pattern=NUL_FREE)


Id = Annotated[str, StringConstraints(min_length=1, max_length=36, pattern=NUL_FREE)]
"""An id: a path parameter, a filter or a reference in a body (at most 36 characters)."""

Actor = Annotated[str, text(120, min_length=1)]
"""A person's name or login as stored beside an action (at most 120 characters)."""


def _bounded_datetime(value: datetime) -> datetime:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"a time must lie {_RANGE}")
    try:
        value.astimezone(UTC) + timedelta(days=2)
    except OverflowError:  # pragma: no cover - excluded by the year range
        raise ValueError(f"a time must lie {_RANGE}") from None
    return value


def _bounded_date(value: date) -> date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"a date must lie {_RANGE}")
    return value


Moment = Annotated[
    AwareDatetime,
    AfterValidator(_bounded_datetime),
    Field(description=f"RFC 3339 with an offset (e.g. 2026-12-01T09:00:00+08:00), {_RANGE}"),
]
"""A moment given by a client: with an offset, within 1970..2199."""

Day = Annotated[date, AfterValidator(_bounded_date), Field(description=f"a date {_RANGE}")]
"""A calendar date given by a client, within 1970..2199."""


DECIMAL_TEXT = r"^-?[0-9]{1,30}(\.[0-9]{1,30})?$"
"""A decimal written out: optional minus, digits, optional point and digits ("1234.50")."""
_DECIMAL_RE = re.compile(DECIMAL_TEXT)


@dataclass(frozen=True)
class DecimalText:
    """Annotate a `Decimal` input: a JSON number, or a string of the `DECIMAL_TEXT` form (no
    exponent, blanks or underscores), documented as such in the OpenAPI.

    `Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=2), DecimalText()]`
    """

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler
                                     ) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(_decimal_form, handler(source))

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        js = handler(schema)
        for option in js.get("anyOf", [js]):
            if option.get("type") == "string":
                option.update(pattern=DECIMAL_TEXT, maxLength=40)
        return js


def _decimal_form(value: Any) -> Any:
    if isinstance(value, str) and not _DECIMAL_RE.match(value):
        raise ValueError("a decimal is written as digits with an optional point, e.g. \"12.50\"")
    return value


VIN_TEXT = r"^[A-HJ-NPR-Za-hj-npr-z0-9]{17}$"
Vin = Annotated[str, StringConstraints(min_length=17, max_length=17, pattern=VIN_TEXT)]
"""A vehicle identification number: 17 letters and digits, no I, O or Q (any case)."""

PHONE_TEXT = r"^\+?[0-9 ()./-]+$"
Phone = Annotated[str, StringConstraints(min_length=3, max_length=30, pattern=PHONE_TEXT)]
"""A phone number as people write it: digits, an optional leading +, blanks ( ) . / -."""
