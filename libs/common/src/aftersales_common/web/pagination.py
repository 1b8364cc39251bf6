"""Keyset pagination with an opaque cursor: `?limit=&cursor=` -> `{items, next_cursor}`."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from sqlalchemy import Select, and_, or_

from aftersales_common.errors import InvalidInput

T = TypeVar("T")
MAX_LIMIT = 200


class Page(BaseModel, Generic[T]):
    """One page of a list."""

    items: list[T]
    next_cursor: str | None = None


def encode_cursor(created_at: datetime, id_: str) -> str:
    """Opaque cursor pointing after (created_at, id)."""
    raw = json.dumps({"t": created_at.isoformat(), "i": id_}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    """Parse a cursor (422 when it is not one of ours)."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded))
        return datetime.fromisoformat(data["t"]), str(data["i"])
    except Exception as exc:
        raise InvalidInput("invalid cursor") from exc


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
