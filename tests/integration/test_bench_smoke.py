"""`make bench` cannot rot: its smoke (`bench/run.py --smoke`, every row tiny) runs here.

It starts its own PostgreSQL and Kafka (as the tests do), every HTTP contender under wrk, the
relay against raw aiokafka and both modes' lifecycles, and must print a figure in every row.
The figures themselves are never asserted: they mean nothing at this size.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIGURE = re.compile(r"\d")


def _table(stdout: str) -> dict[str, list[str]]:
    """The printed Markdown table: `what` -> [before, now, ceiling, now/ceiling, goal]."""
    rows = {}
    for line in stdout.splitlines():
        if line.startswith("| ") and not line.startswith("| what "):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            rows[cells[0]] = cells[1:]
    return rows


@pytest.mark.realinfra
def test_bench_smoke_prints_a_figure_in_every_row() -> None:
    assert shutil.which("wrk"), "wrk is missing: bash scripts/infra/wrk.sh install (never skipped)"
    # Servers of its own, never the session's: the bench's services would join the consumer
    # groups of the `cluster` fixture's services on a shared broker.
    env = {k: v for k, v in os.environ.items()
           if k not in ("AFTERSALES_TEST_KAFKA_BOOTSTRAP", "AFTERSALES_TEST_PG_DSN")}
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--smoke"], cwd=ROOT,
        capture_output=True, text=True, timeout=280, stdin=subprocess.DEVNULL,
        env={**env, "PYTHONUNBUFFERED": "1"},
    )
    report = f"stdout:\n{proc.stdout[-6000:]}\nstderr:\n{proc.stderr[-6000:]}"
    assert proc.returncode == 0, report
    rows = _table(proc.stdout)

    def row(prefix: str) -> list[list[str]]:
        found = [cells for what, cells in rows.items() if what.startswith(prefix)]
        assert found, f"no row {prefix!r}\n{report}"
        return found

    # rows a-d: a figure for the contender and for its ceiling, and their ratio
    for prefix in ("`GET /api/parts/parts/{no}`, SQLite", "`GET /api/parts/parts/{no}`, PostgreSQL",
                   "`POST /api/booking/customers`", "same, with an Idempotency-Key",
                   "outbox relay"):
        for _before, now, ceiling, ratio, _goal in row(prefix):
            assert FIGURE.search(now) and FIGURE.search(ceiling) and ratio.endswith("%"), \
                f"{prefix}: {now!r} / {ceiling!r} / {ratio!r}\n{report}"
    # row e: both modes, lifecycles/s and CPU per lifecycle at each concurrency, the hops
    for mode in ("embedded", "Kafka + PostgreSQL"):
        assert len(row(f"lifecycles/s, {mode},")) == 2, report
        assert len(row(f"CPU ms per lifecycle, {mode},")) == 2, report
        row(f"event hop p50 / p99 (ms), {mode},")
    row("2 lifecycles embedded")
    for what, cells in rows.items():
        assert FIGURE.search(cells[1]) and "error" not in cells[1], f"{what}: {cells}\n{report}"
