"""The interface every object store keeps, and the rule for keys."""

from __future__ import annotations

import re
from typing import Protocol

_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
MAX_KEY = 512


class ObjectNotFound(LookupError):
    """No object under that key."""


def check_key(key: str) -> str:
    """`key` if it is a relative path of safe segments (no `..`, no absolute path), else ValueError."""
    segments = key.split("/")
    if (not key or len(key) > MAX_KEY
            or not all(_SEGMENT.fullmatch(s) and ".." not in s for s in segments)):
        raise ValueError(f"unsafe object key: {key!r}")
    return key


class ObjectStore(Protocol):
    """Bytes with a content type under a key."""

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        """Store `data` under `key` (replacing what was there)."""
        ...

    async def get(self, key: str) -> tuple[bytes, str]:
        """The bytes and content type under `key`; `ObjectNotFound` when there are none."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the object; nothing happens when there is none."""
        ...

    async def exists(self, key: str) -> bool:
        """Whether an object is stored under `key`."""
        ...
