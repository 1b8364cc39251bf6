"""Objects as files under one directory (the embedded mode): atomic writes, safe keys."""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
from pathlib import Path

from aftersales_common.storage.base import ObjectNotFound, check_key

_TYPE_SUFFIX = "~type"  # the content type beside the object ("~" never appears in a key)


class FileObjectStore:
    """`<root>/<key>` holds the bytes, `<root>/<key>~type` the content type."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)
        await asyncio.to_thread(self._write, path, data, content_type)

    async def get(self, key: str) -> tuple[bytes, str]:
        path = self._path(key)
        try:
            return await asyncio.to_thread(self._read, path)
        except FileNotFoundError:
            raise ObjectNotFound(key) from None

    async def delete(self, key: str) -> None:
        path = self._path(key)
        for p in (path, _type_path(path)):
            with contextlib.suppress(FileNotFoundError):
                await asyncio.to_thread(p.unlink)

    async def exists(self, key: str) -> bool:
        return await asyncio.to_thread(self._path(key).is_file)

    @staticmethod
    def _write(path: Path, data: bytes, content_type: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(_type_path(path), content_type.encode())
        _atomic_write(path, data)  # last: an object is visible only with its type in place

    @staticmethod
    def _read(path: Path) -> tuple[bytes, str]:
        data = path.read_bytes()
        try:
            content_type = _type_path(path).read_text().strip()
        except FileNotFoundError:
            content_type = "application/octet-stream"
        return data, content_type


def _type_path(path: Path) -> Path:
    return path.with_name(path.name + _TYPE_SUFFIX)


def _atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same directory, flush it to disk, rename over."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
