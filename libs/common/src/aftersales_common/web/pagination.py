"""Keyset pagination with an opaque cursor: `?limit=&cursor=` -> `{items, next_cursor}`."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, StringConstraints, TypeAdapter, ValidationError
from sqlalchemy import Select, and_, or_

from aftersales_common.errors import InvalidInput
from aftersales_common.web.inputs import Id, Moment

T = TypeVar("T")
MAX_LIMIT = 200

_position = TypeAdapter(tuple[Moment, Id])


def _one_of_ours(cursor: str) -> str:
    try:
        decode_cursor(cursor)
    except InvalidInput as exc:
        raise ValueError("not a cursor this API returned") from exc
    return cursor


Cursor = Annotated[str, StringConstraints(min_length=1, max_length=200,
                                          pattern=r"^[A-Za-z0-9_-]+$"),
                   AfterValidator(_one_of_ours)]
"""The opaque `cursor` query parameter: the `next_cursor` of the previous page (base64url).
Checked where it is parsed, so a forged one is a 422 on every list, whoever asks."""


class Page(BaseModel, Generic[T]):
    """One page of a list."""

    items: list[T]
    next_cursor: str | None = None


def encode_cursor(created_at: datetime, id_: str) -> str:
    """Opaque cursor pointing after (created_at, id)."""
    raw = json.dumps({"t": created_at.isoformat(), "i": id_}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    """Parse a cursor (422 when it is not one of ours: a forged one may hold anything, e.g. a
    naive time, which a timezone-aware column cannot be compared with)."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded))
        if not isinstance(data, dict) or not isinstance(data.get("t"), str):
            raise ValueError("not a position")
        t, i = _position.validate_python((data["t"], data["i"]), strict=False)
    except (ValueError, KeyError, TypeError, ValidationError) as exc:
        raise InvalidInput("invalid cursor", field="cursor") from exc
    return t, i


def keyset(query: Select[Any], created_col: Any, id_col: Any, limit: int, cursor: str | None
           ) -> Select[Any]:
    """Apply cursor, order and limit+1 (the extra row tells whether a next page exists)."""
    if limit < 1 or limit > MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}")
    if cursor:
        t, i = decode_cursor(cursor)
        query = query.where(or_(created_col > t, and_(created_col == t, id_col > i)))
    return query.order_by(created_col, id_col).limit(limit + 1)


def page_of(rows: list[Any], limit: int, created_attr: str = "created_at") -> tuple[list[Any], str | None]:
    """Split the limit+1 rows into a page and the next cursor."""
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = rows[-1]
    return rows, encode_cursor(getattr(last, created_attr), str(last.id))
