"""One process per data directory: an exclusive, non-blocking lock on `<data_dir>/.lock`.

Two embedded processes on the same SQLite files would race on migrations and both relay
and consume the same outbox; the second one refuses to start before touching any database.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


class DataDirLocked(RuntimeError):
    """Another process holds the data directory."""

    def __init__(self, data_dir: Path, pid: int | None) -> None:
        holder = f"process {pid}" if pid else "another process"
        super().__init__(
            f"The data directory {data_dir} is in use by {holder} "
            f"(lock file {data_dir / '.lock'}): stop it first, or start with another "
            "DATA_DIR / --data-dir.")
        self.data_dir, self.pid = data_dir, pid


class DataDirLock:
    """Held from `acquire` until `release` (or the process ends: the kernel drops it)."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.path = data_dir / ".lock"
        self._fd: int | None = None

    def acquire(self) -> DataDirLock:
        """Take the lock or raise `DataDirLocked` naming the holder's PID."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)  # not truncated: holder's PID
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            text = os.pread(fd, 32, 0).decode(errors="replace").strip()
            os.close(fd)
            raise DataDirLocked(self.data_dir, int(text) if text.isdigit() else None) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
