"""Lifecycle benchmark: complete golden paths through HTTP, C at a time, in timed windows.

`measure(mode, plan)` starts the system ONCE, warms it up, then for each (lifecycles,
concurrency) of `plan` runs that many golden paths (tests/support/golden_path.py, all 16
steps of contract.md, every promise asserted) C at a time in a timed window of its own, and
returns one dict per window:

- `wall_s`, `per_s` (lifecycles per second), `p50_s` / `p99_s` (one lifecycle's duration);
- `cpu_ms_per_lifecycle` = {total, services, broker, database}: CPU (user + system) the server
  processes spent inside the window, divided by the lifecycles. Read with psutil from whole
  process trees, including each process's reaped children (PostgreSQL's short-lived
  backends): embedded -> the one `python -m aftersales_embedded` process; kafka -> the six
  service processes (five services and the development token issuer), the Kafka JVM and the
  PostgreSQL server with all its backends;
- `cpu_ms_per_lifecycle_by_service`: kafka -> each service process's own share (embedded: empty,
  one process);
- `client_cpu_ms_per_lifecycle`: this (the client) process, reported apart;
- `requests_per_lifecycle`: HTTP requests the client sent;
- `hop_p50_ms` / `hop_p99_ms` over all hops, and `hops` = {"type -> consumer": {n, p50, p99}}:
  milliseconds from an event's outbox row (written in the producer's transaction) to the
  consumer's inbox row (committed with its effects), read back from the services' databases,
  counting ONLY events whose outbox row was written inside that window (no seed, warm-up or
  other window).

Isolation of lifecycles: each has its own index (customer, plate, part number, VIN and phone
seeds), its own day (24 lifecycles a day, 27 places a day: 9 slots x 3 bays) and its own slot
within the day (rotated), so 16 at once do not race for one slot; the days move on across
windows, so 300 + 290 lifecycles in one call still find free slots.

Rate limits: every lifecycle acts as the same few demo accounts, far above the per-caller API
rate limit of 100 requests/s; the benchmark (only) lifts it in the servers' environment:
RATE_LIMIT_API_PER_SECOND=0 (0 turns that limit off, web/limits.py; as
tests/integration/test_bad_input.py does). Servers log at WARNING in both modes.

    uv run --frozen python bench/lifecycles.py --mode embedded --plan 20x4
    uv run --frozen python bench/lifecycles.py --mode kafka --plan 10x1,40x4,80x8,160x16
    uv run --frozen python bench/lifecycles.py --mode embedded --plan 20x4 --tight-polling

`--tight-polling`: the client polls every 50-500 ms instead of long polling (the client
before the long poll), for side-by-side comparisons.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import psutil
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aftersales_common.db import async_url  # noqa: E402
from tests.infra.services import create_database, kafka_broker, postgres_server  # noqa: E402
from tests.support.api import Api  # noqa: E402
from tests.support.cluster import SERVICES, Cluster, free_port  # noqa: E402
from tests.support.golden_path import run_golden_path  # noqa: E402

BENCH_ENV = {"RATE_LIMIT_API_PER_SECOND": "0", "LOG_LEVEL": "WARNING"}
PER_DAY = 24  # lifecycles booked on one day (27 places: 9 slots x 3 bays; demo bookings)
FIRST_INDEX = 10_000  # plates 沪A10000.. (5 digits), part numbers GP-10000-..


@dataclass
class System:
    """A running system: where to reach it, its databases, its processes by role."""

    bases: dict[str, str] | str
    db_urls: dict[str, str]
    roles: dict[str, list[psutil.Process]] = field(default_factory=dict)
    by_service: dict[str, list[psutil.Process]] = field(default_factory=dict)
    """Kafka mode: each service's own process (its share of the services' CPU)."""


# --------------------------------------------------------------------------- systems


@contextlib.contextmanager
def embedded_system(workdir: Path) -> Iterator[System]:
    """`python -m aftersales_embedded` on a fresh data directory."""
    port = free_port()
    data = workdir / "data"
    log = open(workdir / "embedded.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "aftersales_embedded", "--port", str(port),
                             "--data-dir", str(data)], stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ, **BENCH_ENV})
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
        yield System(base, {s: f"sqlite+aiosqlite:///{data / s}.db" for s in SERVICES},
                     {"services": [psutil.Process(proc.pid)]})
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@contextlib.contextmanager
def kafka_system(workdir: Path) -> Iterator[System]:
    """Kafka + PostgreSQL (as the tests start them) and each service its own process."""
    with kafka_broker() as bootstrap, postgres_server() as dsn:
        cluster = Cluster(kafka_bootstrap=bootstrap, pg_dsn=dsn, workdir=workdir,
                          create_database=create_database, extra_env=dict(BENCH_ENV))
        try:
            cluster.start()
            roles = {
                "services": [psutil.Process(p.pid) for p in cluster.procs.values()],
                "broker": _listener(int(bootstrap.split(",")[0].rsplit(":", 1)[1])),
                "database": _listener(urlsplit(dsn).port or 5432),
            }
            yield System(cluster.bases, dict(cluster.database_urls), roles,
                         {name: [psutil.Process(p.pid)] for name, p in cluster.procs.items()})
        finally:
            cluster.stop()


def _listener(port: int) -> list[psutil.Process]:
    """The process listening on a local TCP port (the broker's JVM, the postmaster)."""
    for conn in psutil.net_connections(kind="tcp"):
        if conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.port == port \
                and conn.pid:
            return [psutil.Process(conn.pid)]
    print(f"warning: no process found listening on port {port}: its CPU is not counted",
          file=sys.stderr)
    return []


# --------------------------------------------------------------------------- CPU


def _tree_cpu(roots: list[psutil.Process]) -> float:
    """CPU seconds (user + system) of the processes and all their descendants, including
    the children each has reaped (a backend that ended inside the window still counts)."""
    total = 0.0
    seen: set[int] = set()
    for root in roots:
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            continue
        for proc in procs:
            if proc.pid in seen:
                continue
            seen.add(proc.pid)
            with contextlib.suppress(psutil.NoSuchProcess, psutil.ZombieProcess,
                                     psutil.AccessDenied):
                t = proc.cpu_times()
                total += t.user + t.system + t.children_user + t.children_system
    return total


def _cpu(system: System) -> dict[str, float]:
    return {role: _tree_cpu(procs) for role, procs in system.roles.items()}


def _client_cpu() -> float:
    t = psutil.Process().cpu_times()
    return t.user + t.system


# --------------------------------------------------------------------------- hops


async def _hops(db_urls: dict[str, str], windows: list[tuple[datetime, datetime]]
                ) -> list[dict[str, list[float]]]:
    """Per window, milliseconds from outbox row to each consumer's inbox row, per
    "type -> consumer", for the events whose outbox row was written inside the window."""
    produced: dict[str, tuple[str, datetime]] = {}
    consumed: list[tuple[str, str, datetime]] = []
    for service, url in db_urls.items():
        engine = create_async_engine(async_url(url))
        try:
            async with engine.connect() as conn:
                for event_id, type_, created in await conn.execute(
                        text("SELECT event_id, type, created_at FROM outbox")):
                    produced[event_id] = (type_, _dt(created))
                for event_id, processed in await conn.execute(
                        text("SELECT event_id, processed_at FROM inbox")):
                    consumed.append((service, event_id, _dt(processed)))
        finally:
            await engine.dispose()
    out: list[dict[str, list[float]]] = [defaultdict(list) for _ in windows]
    for consumer, event_id, processed in consumed:
        if event_id not in produced:
            continue
        type_, created = produced[event_id]
        for i, (start, end) in enumerate(windows):
            if start <= created <= end:
                out[i][f"{type_} -> {consumer}"].append(
                    (processed - created).total_seconds() * 1000)
                break
    return out


def _dt(value: object) -> datetime:
    """Naive UTC (SQLite returns naive UTC strings, PostgreSQL aware datetimes)."""
    dt = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return dt.astimezone(UTC).replace(tzinfo=None) if dt.tzinfo else dt


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (inclusive method); the value itself for a single one."""
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


# --------------------------------------------------------------------------- driving


class _Driver:
    """One client for the whole call; hands every lifecycle its own index, day and slot."""

    def __init__(self, system: System, long_poll: bool) -> None:
        self.system = system
        self.api = Api(system.bases, timeout=120, long_poll=long_poll)
        self.next = 0

    async def lifecycle(self) -> float:
        n = self.next
        self.next += 1
        t0 = time.perf_counter()
        await run_golden_path(self.api, index=FIRST_INDEX + n, seed=FIRST_INDEX + n,
                              day_offset=2 + n // PER_DAY, slot_shift=n)
        return time.perf_counter() - t0

    async def batch(self, lifecycles: int, concurrency: int) -> list[float]:
        sem = asyncio.Semaphore(concurrency)

        async def one() -> float:
            async with sem:
                return await self.lifecycle()

        return list(await asyncio.gather(*[one() for _ in range(lifecycles)]))

    async def window(self, lifecycles: int, concurrency: int) -> dict[str, Any]:
        requests_before = sum(self.api.requests.values())
        cpu0, client0 = _cpu(self.system), _client_cpu()
        each0 = {name: _tree_cpu(procs) for name, procs in self.system.by_service.items()}
        start = _now()
        t0 = time.perf_counter()
        durations = await self.batch(lifecycles, concurrency)
        wall = time.perf_counter() - t0
        end = _now()
        cpu1, client1 = _cpu(self.system), _client_cpu()
        each = {name: (_tree_cpu(procs) - each0[name]) * 1000 / lifecycles
                for name, procs in self.system.by_service.items()}
        per = {role: (cpu1[role] - cpu0[role]) * 1000 / lifecycles for role in cpu0}
        cpu = {"total": sum(per.values()), "services": per.get("services", 0.0),
               "broker": per.get("broker", 0.0), "database": per.get("database", 0.0)}
        return {
            "lifecycles": lifecycles, "concurrency": concurrency, "wall_s": wall,
            "per_s": lifecycles / wall, "p50_s": pct(durations, 50), "p99_s": pct(durations, 99),
            "cpu_ms_per_lifecycle": cpu,
            "cpu_ms_per_lifecycle_by_service": each,
            "client_cpu_ms_per_lifecycle": (client1 - client0) * 1000 / lifecycles,
            "requests_per_lifecycle": (sum(self.api.requests.values()) - requests_before)
            / lifecycles,
            "_window": (start, end),
        }


async def _run(system: System, mode: str, plan: list[tuple[int, int]], smoke: bool,
               long_poll: bool) -> list[dict[str, Any]]:
    driver = _Driver(system, long_poll)
    try:
        # Warm-up: connections, caches, tokens, the consumers' first fetches.
        await driver.lifecycle()
        if not smoke:
            await driver.batch(min(max(c for _, c in plan), 8), min(max(c for _, c in plan), 8))
        results = [await driver.window(n, c) for n, c in plan]
    finally:
        await driver.api.aclose()
    await asyncio.sleep(0.5)  # let the last consumers commit before reading the hops
    hops = await _hops(system.db_urls, [r.pop("_window") for r in results])
    for result, window_hops in zip(results, hops, strict=True):
        every = [v for values in window_hops.values() for v in values]
        result.update(
            mode=mode, hop_p50_ms=pct(every, 50), hop_p99_ms=pct(every, 99),
            hops={name: {"n": len(v), "p50": pct(v, 50), "p99": pct(v, 99)}
                  for name, v in sorted(window_hops.items())})
    return results


def measure(mode: str, plan: list[tuple[int, int]], smoke: bool = False, *,
            long_poll: bool = True) -> list[dict[str, Any]]:
    """Start `mode` ("embedded" or "kafka") once and measure each (lifecycles, concurrency)
    of `plan` in its own timed window (see the module docstring for the result's keys).
    `smoke`: a single lifecycle of warm-up only (the numbers are then only a sign of life)."""
    if mode not in ("embedded", "kafka"):
        raise ValueError(f"mode must be embedded or kafka, not {mode!r}")
    start = embedded_system if mode == "embedded" else kafka_system
    with tempfile.TemporaryDirectory(prefix="aftersales-bench-") as tmp, \
            start(Path(tmp)) as system:
        return asyncio.run(_run(system, mode, plan, smoke, long_poll))


# --------------------------------------------------------------------------- CLI


def _plan(value: str) -> list[tuple[int, int]]:
    pairs = []
    for item in value.split(","):
        n, _, c = item.strip().partition("x")
        pairs.append((int(n), int(c or 1)))
    return pairs


def print_results(results: list[dict[str, Any]], *, hops: bool = True) -> None:
    print(f"\n{'mode':9} {'N':>4} {'C':>3} {'wall s':>7} {'/s':>6} {'p50 s':>6} {'p99 s':>6} "
          f"{'req/lc':>6} {'cpu ms/lc: total':>16} {'svc':>6} {'broker':>6} {'db':>6} "
          f"{'client':>6} {'hop p50':>8} {'hop p99':>8}")
    for r in results:
        cpu = r["cpu_ms_per_lifecycle"]
        print(f"{r['mode']:9} {r['lifecycles']:>4} {r['concurrency']:>3} {r['wall_s']:>7.1f} "
              f"{r['per_s']:>6.2f} {r['p50_s']:>6.2f} {r['p99_s']:>6.2f} "
              f"{r['requests_per_lifecycle']:>6.1f} {cpu['total']:>16.0f} "
              f"{cpu['services']:>6.0f} {cpu['broker']:>6.0f} {cpu['database']:>6.0f} "
              f"{r['client_cpu_ms_per_lifecycle']:>6.0f} {r['hop_p50_ms']:>8.1f} "
              f"{r['hop_p99_ms']:>8.1f}")
    for r in results:
        if r.get("cpu_ms_per_lifecycle_by_service"):
            print(f"  CPU ms per lifecycle by service, N={r['lifecycles']} C={r['concurrency']}: "
                  + ", ".join(f"{name} {ms:.0f}" for name, ms in sorted(
                      r["cpu_ms_per_lifecycle_by_service"].items(), key=lambda kv: -kv[1])))
    if hops:
        for r in results:
            print(f"\nevent hops (outbox row -> consumer's inbox row), {r['mode']} "
                  f"N={r['lifecycles']} C={r['concurrency']}:")
            for name, h in r["hops"].items():
                print(f"  {name:<52} {h['n']:>5} {h['p50']:>9.1f} {h['p99']:>9.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=["embedded", "kafka"], default="embedded")
    parser.add_argument("--plan", type=_plan, default=_plan("20x4"),
                        help="windows as LIFECYCLESxCONCURRENCY,... (default 20x4)")
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--tight-polling", action="store_true",
                        help="poll instead of long polling (the client before the long poll)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON too")
    args = parser.parse_args()
    results = measure(args.mode, args.plan, args.smoke, long_poll=not args.tight_polling)
    print_results(results)
    if args.json:
        print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
