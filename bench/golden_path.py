"""Benchmark: N complete golden paths, C at a time, through HTTP.

Prints lifecycles per second, the lifecycle latency, and p50/p99 of each event hop
(outbox row written in the producer's transaction -> inbox row committed with the
consumer's effects), read back from the services' own databases.

    uv run python bench/golden_path.py --mode embedded --lifecycles 40 --concurrency 8
    uv run python bench/golden_path.py --mode kafka    --lifecycles 40 --concurrency 8
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aftersales_common.db import async_url  # noqa: E402
from tests.infra.services import create_database, kafka_broker, postgres_server  # noqa: E402
from tests.support.api import Api  # noqa: E402
from tests.support.cluster import SERVICES, Cluster, free_port  # noqa: E402
from tests.support.golden_path import run_golden_path  # noqa: E402


@contextlib.contextmanager
def embedded_system(workdir: Path) -> Iterator[tuple[dict[str, str] | str, dict[str, str]]]:
    port = free_port()
    data = workdir / "data"
    log = open(workdir / "embedded.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "aftersales_embedded", "--port", str(port),
                             "--data-dir", str(data)], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base}/api/crm/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((workdir / "embedded.log").read_text()[-3000:])
            time.sleep(0.2)
        yield base, {s: f"sqlite+aiosqlite:///{data / s}.db" for s in SERVICES}
    finally:
        proc.terminate()
        proc.wait(20)


@contextlib.contextmanager
def kafka_system(workdir: Path) -> Iterator[tuple[dict[str, str] | str, dict[str, str]]]:
    with kafka_broker() as bootstrap, postgres_server() as dsn:
        cluster = Cluster(kafka_bootstrap=bootstrap, pg_dsn=dsn, workdir=workdir,
                          create_database=create_database)
        try:
            cluster.start()
            yield cluster.bases, dict(cluster.database_urls)
        finally:
            cluster.stop()


async def hop_latencies(db_urls: dict[str, str]) -> dict[str, list[float]]:
    """Milliseconds from outbox row to the consumer's inbox row, per (event type -> consumer)."""
    produced: dict[str, tuple[str, datetime]] = {}
    consumed: list[tuple[str, str, datetime]] = []
    for service, url in db_urls.items():
        engine = create_async_engine(async_url(url))
        async with engine.connect() as conn:
            for event_id, type_, created in await conn.execute(
                    text("SELECT event_id, type, created_at FROM outbox")):
                produced[event_id] = (type_, _dt(created))
            for event_id, processed in await conn.execute(
                    text("SELECT event_id, processed_at FROM inbox")):
                consumed.append((service, event_id, _dt(processed)))
        await engine.dispose()
    hops: dict[str, list[float]] = defaultdict(list)
    for consumer, event_id, processed in consumed:
        if event_id in produced:
            type_, created = produced[event_id]
            hops[f"{type_} -> {consumer}"].append((processed - created).total_seconds() * 1000)
    return hops


def _dt(value: object) -> datetime:
    """Naive UTC (SQLite returns naive UTC strings, PostgreSQL aware datetimes)."""
    dt = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return dt.astimezone(UTC).replace(tzinfo=None) if dt.tzinfo else dt


def pct(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


async def drive(bases: dict[str, str] | str, lifecycles: int, concurrency: int
                ) -> tuple[float, list[float]]:
    api = Api(bases, timeout=120)
    sem = asyncio.Semaphore(concurrency)
    durations: list[float] = []

    async def one(i: int) -> None:
        async with sem:
            t0 = time.perf_counter()
            await run_golden_path(api, index=10_000 + i, seed=i, day_offset=2 + i // 25)
            durations.append(time.perf_counter() - t0)

    await run_golden_path(api, index=9_999)  # warm-up (connections, caches)
    t0 = time.perf_counter()
    await asyncio.gather(*[one(i) for i in range(lifecycles)])
    wall = time.perf_counter() - t0
    await api.aclose()
    return wall, durations


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["embedded", "kafka"], default="embedded")
    parser.add_argument("--lifecycles", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    system = embedded_system if args.mode == "embedded" else kafka_system
    with tempfile.TemporaryDirectory(prefix="aftersales-bench-") as tmp, \
            system(Path(tmp)) as (bases, db_urls):
        wall, durations = asyncio.run(drive(bases, args.lifecycles, args.concurrency))
        hops = asyncio.run(hop_latencies(db_urls))
    print(f"\n== golden path benchmark: mode={args.mode} lifecycles={args.lifecycles} "
          f"concurrency={args.concurrency} (2-core machine, everything on it) ==")
    print(f"throughput: {args.lifecycles / wall:.2f} lifecycles/s (wall {wall:.1f}s)")
    print(f"lifecycle latency: p50 {pct(durations, 50):.2f}s  p99 {pct(durations, 99):.2f}s")
    print(f"{'event hop (outbox commit -> consumer effect committed)':<58} {'n':>5} "
          f"{'p50 ms':>9} {'p99 ms':>9}")
    for hop in sorted(hops):
        values = hops[hop]
        print(f"{hop:<58} {len(values):>5} {pct(values, 50):>9.1f} {pct(values, 99):>9.1f}")


if __name__ == "__main__":
    main()
