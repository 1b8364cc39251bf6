"""A second embedded process on the same data directory refuses to start, touching nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from aftersales_embedded.lock import DataDirLock, DataDirLocked


def test_the_lock_names_its_holder_and_is_released(tmp_path: Path) -> None:
    data = tmp_path / "data"
    held = DataDirLock(data).acquire()
    with pytest.raises(DataDirLocked) as refused:
        DataDirLock(data).acquire()
    assert refused.value.pid == os.getpid() and str(data) in str(refused.value)
    assert f"process {os.getpid()}" in str(refused.value)
    held.release()
    DataDirLock(data).acquire().release()  # free again


def test_second_process_exits_before_touching_any_database(tmp_path: Path) -> None:
    data = tmp_path / "data"
    held = DataDirLock(data).acquire()  # this test process plays the running instance
    try:
        second = subprocess.run(
            [sys.executable, "-m", "aftersales_embedded", "--data-dir", str(data),
             "--port", "1"], capture_output=True, text=True, timeout=120,
            env={**os.environ, "PORT": "1"})
    finally:
        held.release()
    assert second.returncode != 0
    assert f"The data directory {data} is in use by process {os.getpid()}" in second.stderr
    assert sorted(p.name for p in data.iterdir()) == [".lock"]  # no database created
    assert "Staff console" not in second.stdout
