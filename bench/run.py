"""`make bench`: every contender side by side, in one run, one table.

    uv run --frozen python bench/run.py                     # all rows (~10-15 min)
    uv run --frozen python bench/run.py --only a,d          # some rows
    uv run --frozen python bench/run.py --smoke            # every row, tiny (make test)
    uv run --frozen python bench/run.py --write-readme     # also rewrite bench/README.md's table

Rows (see bench/README.md for what each measures and why its ceiling is fair):
  a  GET /api/parts/parts/{no} on SQLite: the parts service vs bench/ceilings/parts_read.py
  b  the same on PostgreSQL
  c  POST /api/booking/customers on PostgreSQL, without and with an Idempotency-Key, vs
     bench/ceilings/booking_write.py
  d  outbox relay to Kafka vs raw aiokafka (bench/relay_bench.py)
  e  golden-path lifecycles, both modes (bench/lifecycles.py)

Every HTTP contender is a uvicorn process with the same settings (one worker, uvloop,
httptools, no access log), loaded by wrk (-t2 -c16 --latency): a warm-up, then the timed
run of the same duration. A run with any non-2xx response or socket error is an error, never
a figure. The per-caller rate limit is off (RATE_LIMIT_API_PER_SECOND=0) for every contender.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from aftersales_common.auth.demo import DEMO_DEALER_ID  # noqa: E402
from aftersales_common.auth.tokens import issue_dev_token  # noqa: E402
from aftersales_common.settings import ServiceSettings  # noqa: E402
from tests.infra.services import create_database, kafka_broker, postgres_server  # noqa: E402
from tests.support.cluster import free_port  # noqa: E402

README = BENCH / "README.md"
BASELINE = json.loads((BENCH / "baseline.json").read_text())["rows"]
TABLE_START, TABLE_END = "<!-- bench:table:start -->", "<!-- bench:table:end -->"
PART_NO = "BENCH-OIL-1"
WRK_THREADS, WRK_CONNECTIONS = 2, 16
UVICORN_FLAGS = ["--workers", "1", "--loop", "uvloop", "--http", "httptools", "--no-access-log",
                 "--log-level", "warning", "--host", "127.0.0.1"]
ALL_ROWS = "abcde"


# --------------------------------------------------------------------------- results


@dataclass
class Row:
    """One line of the table."""

    what: str
    before: str = ""
    now: str = ""
    ceiling: str = ""
    ratio: str = ""
    goal: str = ""
    errors: list[str] = field(default_factory=list)

    def cells(self) -> list[str]:
        return [self.what, self.before, self.now, self.ceiling, self.ratio, self.goal]


@dataclass
class Settings:
    duration: int
    warmup: int
    smoke: bool
    relay_events: int
    relay_warmup: int
    workdir: Path
    pg_dsn: str = ""
    kafka: str = ""
    details: list[str] = field(default_factory=list)
    runs: int = 0

    def next_run(self) -> int:
        """A two-digit number per wrk run (unique phones and idempotency keys per run)."""
        self.runs += 1
        return 10 + self.runs % 90


def fmt(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.2f}" if value < 10 else f"{value:.1f}"


def ratio(now: float | None, ceiling: float | None) -> str:
    return f"{100 * now / ceiling:.0f}%" if now and ceiling else "—"


def before(key: str) -> str:
    entry = BASELINE.get(key, {})
    if "text" in entry:
        return str(entry["text"])
    if "now" not in entry:
        return "—"
    text = fmt(entry["now"])
    if "ceiling" in entry:
        note = f"; {entry['note']}" if "note" in entry else ""
        text += f" (ceiling {fmt(entry['ceiling'])}, {ratio(entry['now'], entry['ceiling'])}{note})"
    return text


# --------------------------------------------------------------------------- wrk


@dataclass
class WrkResult:
    rps: float
    requests: int
    p50_ms: float
    p99_ms: float
    error: str | None


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(match.group(1)) * _UNITS[match.group(2)] if match else float("nan")


def parse_wrk(output: str) -> WrkResult:
    """Requests/sec and latency; any non-2xx/3xx response or socket error is an error."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    errors = []
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if non2xx:
        errors.append(f"{non2xx.group(1)} non-2xx responses")
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                        output)
    if sockets and any(int(n) for n in sockets.groups()):
        errors.append("socket errors: " + sockets.group(0).split(": ", 1)[1])
    if not rps or not total or int(total.group(1)) == 0:
        errors.append("no requests completed:\n" + output[-1500:])
    return WrkResult(rps=float(rps.group(1)) if rps else 0.0,
                     requests=int(total.group(1)) if total else 0,
                     p50_ms=_ms(p50.group(1)) if p50 else float("nan"),
                     p99_ms=_ms(p99.group(1)) if p99 else float("nan"),
                     error="; ".join(errors) or None)


def wrk(url: str, script: str, args: list[str], seconds: int) -> WrkResult:
    cmd = ["wrk", f"-t{WRK_THREADS}", f"-c{WRK_CONNECTIONS}", f"-d{seconds}s", "--latency",
           "-s", str(BENCH / "wrk" / script), url, "--", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    if proc.returncode != 0:
        return WrkResult(0.0, 0, float("nan"), float("nan"),
                         f"wrk exited {proc.returncode}: {proc.stderr.strip()[-500:]}")
    return parse_wrk(proc.stdout)


def load(s: Settings, name: str, url: str, script: str, args: Callable[[], list[str]]) -> WrkResult:
    """Warm-up, then the timed run (same script, fresh arguments each)."""
    if s.warmup:
        warm = wrk(url, script, args(), s.warmup)
        if warm.error:
            return warm
    result = wrk(url, script, args(), s.duration)
    s.details.append(f"{name}: {result.rps:,.1f} req/s, {result.requests} requests in "
                     f"{s.duration} s, latency p50 {result.p50_ms:.1f} ms / p99 "
                     f"{result.p99_ms:.1f} ms" + (f" — ERROR {result.error}" if result.error else ""))
    return result


# --------------------------------------------------------------------------- servers


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "BUS"))}
    env.update(APP_ENV="test", LOG_LEVEL="WARNING", SEED_DEMO="false",
               RATE_LIMIT_API_PER_SECOND="0")
    return env


@contextlib.contextmanager
def uvicorn(s: Settings, name: str, target: str, env: dict[str, str], ready_path: str,
            app_dir: Path | None = None) -> Iterator[str]:
    """One contender: `uvicorn --factory target` with the common flags; yields its base URL."""
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", "--factory", target, "--port", str(port),
           *UVICORN_FLAGS]
    if app_dir:
        cmd += ["--app-dir", str(app_dir)]
    log_path = s.workdir / f"{name}.log"
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    t0 = time.monotonic()
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited ({proc.returncode}):\n"
                                   f"{log_path.read_text(errors='replace')[-3000:]}")
            try:
                answer = httpx.get(base + ready_path, timeout=2)
                if ready_path == "/" or answer.status_code == 200:  # "/": any answer will do
                    break
                answer.raise_for_status()
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{name} not ready after 120 s:\n"
                                       f"{log_path.read_text(errors='replace')[-3000:]}") from None
                time.sleep(0.2)
        print(f"   {name} ready in {time.monotonic() - t0:.1f} s", file=sys.stderr, flush=True)
        yield base
    finally:
        t1 = time.monotonic()
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        print(f"   {name} stopped in {time.monotonic() - t1:.1f} s", file=sys.stderr, flush=True)


def token(roles: list[str]) -> str:
    return issue_dev_token(ServiceSettings(), sub="bench", roles=roles,
                           dealer_ids=[DEMO_DEALER_ID], ttl_seconds=8 * 3600)


def service_env(service: str, data_dir: Path, database_url: str | None) -> dict[str, str]:
    env = base_env()
    env.update(BUS="inprocess", DATA_DIR=str(data_dir))
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


# --------------------------------------------------------------------------- rows a, b


def parts_read(s: Settings, database: str) -> Row:
    """GET one part: the parts service vs the same SELECT on the raw driver."""
    label = "SQLite" if database == "sqlite" else "PostgreSQL"
    key = "parts_read_sqlite" if database == "sqlite" else "parts_read_pg"
    row = Row(f"`GET /api/parts/parts/{{no}}`, {label} (req/s)", before=before(key),
              goal="≥ 70%")
    data = s.workdir / f"parts-{database}"
    url = None
    if database == "postgres":
        url = create_database(s.pg_dsn, f"bench_parts_{uuid.uuid4().hex[:8]}")
    clerk = token(["parts_clerk"])
    auth = {"Authorization": f"Bearer {clerk}"}
    path = f"/api/parts/parts/{PART_NO}"
    now = ceiling = None
    with uvicorn(s, f"parts-{database}", "parts.main:app", service_env("parts", data, url),
                 "/api/parts/readyz") as base:
        created = httpx.post(base + "/api/parts/parts", headers=auth, timeout=30, json={
            "part_no": PART_NO, "name": "Oil filter 机油滤清器", "unit_price": "12.50",
            "unit_cost": "8.00", "dealer_id": DEMO_DEALER_ID, "reorder_point": "2"})
        if created.status_code != 201:
            raise RuntimeError(f"creating the part: {created.status_code} {created.text}")
        expected = httpx.get(base + path, headers=auth, timeout=30).json()
        result = load(s, f"parts service, {label}", base + path, "get.lua", lambda: [clerk])
        if result.error:
            row.errors.append(f"service: {result.error}")
        else:
            now = result.rps
    target = str(data / "parts.db") if database == "sqlite" else str(url)
    with uvicorn(s, f"ceiling-parts-{database}", "parts_read:app",
                 base_env() | {"BENCH_DB": target}, "/", BENCH / "ceilings") as base:
        got = httpx.get(base + path, headers=auth, timeout=30).json()
        if got != expected:
            row.errors.append(f"the ceiling answers {got}, the service {expected}")
        result = load(s, f"ceiling parts_read, {label}", base + path, "get.lua", lambda: [clerk])
        if result.error:
            row.errors.append(f"ceiling: {result.error}")
        else:
            ceiling = result.rps
    if database == "sqlite" and not s.smoke:
        # for the record: the same ceiling with aiosqlite (a driver thread hop per statement,
        # the service's driver); the table's ceiling is sqlite3 on the event loop
        with uvicorn(s, "ceiling-parts-aiosqlite", "parts_read:app",
                     base_env() | {"BENCH_DB": target, "BENCH_SQLITE_DRIVER": "aiosqlite"}, "/",
                     BENCH / "ceilings") as base:
            load(s, "ceiling parts_read, SQLite through aiosqlite (not in the table)",
                 base + path, "get.lua", lambda: [clerk])
    row.now = fmt(now) if now else "error"
    row.ceiling = fmt(ceiling) if ceiling else "error"
    row.ratio = ratio(now, ceiling)
    return row


# --------------------------------------------------------------------------- row c


def customer_write(s: Settings) -> list[Row]:
    """POST a customer (row + outbox) with and without an Idempotency-Key vs raw asyncpg."""
    from aftersales_common.db import async_url
    from aftersales_common.migrations import upgrade
    from booking.bootstrap import MIGRATIONS

    plain = Row("`POST /api/booking/customers` (row + outbox), PostgreSQL (req/s)",
                before=before("customer_write_pg"), goal="—")
    keyed = Row("same, with an Idempotency-Key (req/s)",
                before=before("customer_write_pg_idempotent"), goal="≥ 50%")
    advisor = token(["service_advisor"])
    url = create_database(s.pg_dsn, f"bench_booking_{uuid.uuid4().hex[:8]}")
    path = "/api/booking/customers"
    figures: dict[str, float | None] = {"plain": None, "keyed": None, "ceiling": None}
    with uvicorn(s, "booking-postgres", "booking.main:app",
                 service_env("booking", s.workdir / "booking", url), "/api/booking/readyz") as base:
        for name, row, extra in (("plain", plain, []), ("keyed", keyed, ["idempotency"])):
            result = load(s, f"booking service, {name}", base + path, "post_customer.lua",
                          lambda extra=extra: [advisor, DEMO_DEALER_ID, str(s.next_run()), *extra])
            if result.error:
                row.errors.append(f"service: {result.error}")
            else:
                figures[name] = result.rps
    payload_bytes = asyncio.run(_payload_bytes(url))
    s.details.append(f"booking's customer.registered outbox payload: {payload_bytes} bytes "
                     "(the ceiling writes the same size)")
    ceiling_url = create_database(s.pg_dsn, f"bench_booking_ceiling_{uuid.uuid4().hex[:8]}")
    upgrade(MIGRATIONS, async_url(ceiling_url))
    env = base_env() | {"BENCH_DB": ceiling_url, "BENCH_PAYLOAD_BYTES": str(payload_bytes)}
    with uvicorn(s, "ceiling-booking", "booking_write:app", env, "/", BENCH / "ceilings") as base:
        result = load(s, "ceiling booking_write", base + path, "post_customer.lua",
                      lambda: [advisor, DEMO_DEALER_ID, str(s.next_run())])
        if result.error:
            plain.errors.append(f"ceiling: {result.error}")
            keyed.errors.append(f"ceiling: {result.error}")
        else:
            figures["ceiling"] = result.rps
    for name, row in (("plain", plain), ("keyed", keyed)):
        row.now = fmt(figures[name]) if figures[name] else "error"
        row.ceiling = fmt(figures["ceiling"]) if figures["ceiling"] else "error"
        row.ratio = ratio(figures[name], figures["ceiling"])
    return [plain, keyed]


async def _payload_bytes(url: str) -> int:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        size = await conn.fetchval("SELECT avg(octet_length(payload))::int FROM outbox "
                                   "WHERE type = 'customer.registered'")
    finally:
        await conn.close()
    if not size:
        raise RuntimeError("the booking service wrote no customer.registered outbox row")
    return int(size)


# --------------------------------------------------------------------------- row d


def relay(s: Settings) -> Row:
    import uvloop
    from relay_bench import prepare_database, raw_rate, relay_rate

    from parts.bootstrap import MIGRATIONS

    row = Row(f"outbox relay, {s.relay_events:,} events of 625 B to Kafka (msg/s)",
              before=before("relay"), goal="≥ 60%")
    dsn = prepare_database(s.pg_dsn, create_database, MIGRATIONS)
    figures: dict[str, float | None] = {"relay": None, "raw": None}
    for name, make in (("relay", lambda: relay_rate(dsn, s.kafka, s.relay_events, s.relay_warmup)),
                       ("raw", lambda: raw_rate(s.kafka, s.relay_events, s.relay_warmup))):
        try:
            with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
                figures[name] = runner.run(make())
            s.details.append(f"{name}: {figures[name]:,.0f} msg/s over {s.relay_events} events")
        except Exception as exc:
            row.errors.append(f"{name}: {exc!r}")
    row.now = fmt(figures["relay"]) if figures["relay"] else "error"
    row.ceiling = fmt(figures["raw"]) if figures["raw"] else "error"
    row.ratio = ratio(figures["relay"], figures["raw"])
    return row


# --------------------------------------------------------------------------- row e


def lifecycle_plans(smoke: bool) -> dict[str, list[tuple[int, int]]]:
    if smoke:
        return {"embedded": [(2, 1), (2, 2)], "kafka": [(2, 1), (2, 2)]}
    return {"embedded": [(20, 1), (40, 4), (300, 8), (80, 16)],
            "kafka": [(20, 1), (40, 4), (80, 8), (80, 16)]}


HOP_CONCURRENCY = 8
HOP_GOAL = {"embedded": 20, "kafka": 50}
MODE_LABEL = {"embedded": "embedded", "kafka": "Kafka + PostgreSQL"}


def lifecycles(s: Settings) -> list[Row]:
    import lifecycles as h4  # bench/lifecycles.py

    rows: list[Row] = []
    for mode, plan in lifecycle_plans(s.smoke).items():
        try:
            results = h4.measure(mode, plan, smoke=s.smoke)
        except Exception as exc:
            rows.append(Row(f"lifecycles, {MODE_LABEL[mode]}", now="error",
                            errors=[f"{mode}: {exc!r}\n{traceback.format_exc()[-2000:]}"]))
            continue
        rows.extend(_lifecycle_rows(s, mode, results))
    return rows


def _lifecycle_rows(s: Settings, mode: str, results: list[dict[str, Any]]) -> list[Row]:
    label = MODE_LABEL[mode]
    rows = []
    goal_rate = "≥ 25/s" if mode == "kafka" else "≥ 30/s (300 in 10 s)"
    for r in results:
        rows.append(Row(f"lifecycles/s, {label}, {r['concurrency']} at a time "
                        f"({r['lifecycles']} lifecycles)", before=before(f"lifecycles_per_s_{mode}"),
                        now=f"{r['per_s']:.2f}", goal=goal_rate))
    for r in results:
        cpu = r["cpu_ms_per_lifecycle"]
        rows.append(Row(
            f"CPU ms per lifecycle, {label}, {r['concurrency']} at a time (client apart)",
            before=before(f"cpu_per_lifecycle_{mode}"),
            now=(f"{cpu['total']:.0f} (services {cpu['services']:.0f}, broker {cpu['broker']:.0f},"
                 f" database {cpu['database']:.0f}; client {r['client_cpu_ms_per_lifecycle']:.0f})"),
            goal="≤ 80"))
    # hop latency at 8 concurrent lifecycles (the smoke plan's largest concurrency instead)
    at = min(results, key=lambda r: abs(r["concurrency"] - HOP_CONCURRENCY))
    rows.append(Row(f"event hop p50 / p99 (ms), {label}, {at['concurrency']} lifecycles at a time",
                    before=before(f"hop_{mode}"),
                    now=f"{at['hop_p50_ms']:.0f} / {at['hop_p99_ms']:.0f}",
                    goal=f"p99 ≤ {HOP_GOAL[mode]}"))
    for hop, figures in sorted(at.get("hops", {}).items()):
        s.details.append(f"hop {mode} c={at['concurrency']} {hop}: n {figures['n']}, "
                         f"p50 {figures['p50']:.1f} ms, p99 {figures['p99']:.1f} ms")
    if mode == "embedded":
        biggest = max(results, key=lambda r: r["lifecycles"])
        rows.append(Row(f"{biggest['lifecycles']} lifecycles embedded, {biggest['concurrency']} at "
                        "a time: wall (s)", before=before("embedded_300_wall_s") + " (300)",
                        now=f"{biggest['wall_s']:.1f}", goal="≤ 10 (300)"))
    for r in results:
        s.details.append(f"lifecycles {mode} {r['lifecycles']}x{r['concurrency']}: "
                         f"{r['per_s']:.2f}/s, wall {r['wall_s']:.1f} s, lifecycle p50 "
                         f"{r['p50_s']:.2f} s / p99 {r['p99_s']:.2f} s")
        if r.get("cpu_ms_per_lifecycle_by_service"):
            s.details.append(f"CPU ms per lifecycle by service process, {mode} "
                             f"{r['lifecycles']}x{r['concurrency']}: " + ", ".join(
                                 f"{name} {ms:.0f}" for name, ms in sorted(
                                     r["cpu_ms_per_lifecycle_by_service"].items(),
                                     key=lambda kv: -kv[1])))
    return rows


# --------------------------------------------------------------------------- table


HEADER = ["what", "before (issue 10)", "now", "ceiling", "now/ceiling", "goal"]


def table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(c.replace("|", "/") for c in r.cells()) + " |" for r in rows]
    return "\n".join(lines)


def machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        ram = f", {kb / 1024 / 1024:.0f} GiB RAM"
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split(" [")[0]
    return (f"{cpu}, {os.cpu_count()} cores{ram}; Python {platform.python_version()}; "
            f"{wrk_version.strip()}; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")


def write_readme(text: str) -> None:
    readme = README.read_text()
    start, end = readme.index(TABLE_START), readme.index(TABLE_END)
    README.write_text(readme[: start + len(TABLE_START)] + "\n" + text + "\n" + readme[end:])


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default=",".join(ALL_ROWS),
                        help="rows to run, e.g. a,b (default: all)")
    parser.add_argument("--duration", type=int, default=15, help="seconds per timed wrk run")
    parser.add_argument("--smoke", action="store_true",
                        help="every row tiny: wrk 1 s, relay 500 events, lifecycles 2x1, 2x2")
    parser.add_argument("--write-readme", action="store_true",
                        help="rewrite the table section of bench/README.md")
    args = parser.parse_args(argv)
    only = [r.strip() for r in args.only.split(",") if r.strip()]
    unknown = set(only) - set(ALL_ROWS)
    if unknown:
        parser.error(f"unknown rows {sorted(unknown)}; rows are {','.join(ALL_ROWS)}")
    if shutil.which("wrk") is None and set(only) & set("abc"):
        print("error: wrk is not installed (bash scripts/infra/wrk.sh install)", file=sys.stderr)
        return 2
    started = time.monotonic()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="aftersales-bench-") as tmp, \
            contextlib.ExitStack() as stack:
        s = Settings(duration=1 if args.smoke else args.duration, warmup=0 if args.smoke else 3,
                     smoke=args.smoke, relay_events=500 if args.smoke else 20_000,
                     relay_warmup=100 if args.smoke else 2_000, workdir=Path(tmp))
        if set(only) & set("bcde"):
            s.pg_dsn = stack.enter_context(postgres_server())
            # bench/lifecycles.py starts its systems with tests.infra.services too: the same
            # servers serve it (a fresh database per system, topics of the run's own)
            os.environ["AFTERSALES_TEST_PG_DSN"] = s.pg_dsn
        if set(only) & set("de"):
            s.kafka = stack.enter_context(kafka_broker())
            os.environ["AFTERSALES_TEST_KAFKA_BOOTSTRAP"] = s.kafka
        steps: dict[str, Callable[[], list[Row]]] = {
            "a": lambda: [parts_read(s, "sqlite")],
            "b": lambda: [parts_read(s, "postgres")],
            "c": lambda: customer_write(s),
            "d": lambda: [relay(s)],
            "e": lambda: lifecycles(s),
        }
        for key in ALL_ROWS:
            if key not in only:
                continue
            t0 = time.monotonic()
            print(f"== row {key} ...", file=sys.stderr, flush=True)
            try:
                rows.extend(steps[key]())
            except Exception as exc:
                rows.append(Row(f"row {key}", now="error",
                                errors=[f"{exc!r}\n{traceback.format_exc()[-3000:]}"]))
            print(f"== row {key} done in {time.monotonic() - t0:.0f} s", file=sys.stderr,
                  flush=True)
    host = machine()
    how = [f"Machine: {host}."]
    if set(only) & set("abc"):
        how.append(f"wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS}: {s.duration} s timed after "
                   f"{s.warmup} s of warm-up per HTTP contender.")
    how.append(f"Rows {','.join(only)}; the whole run took {time.monotonic() - started:.0f} s"
               + (" (--smoke: the figures mean nothing)." if args.smoke else "."))
    out = [table(rows), "", " ".join(how)]
    print("\n" + "\n".join(out))
    if s.details:
        print("\nDetails:\n" + "\n".join(f"- {d}" for d in s.details))
    errors = [(r.what, e) for r in rows for e in r.errors]
    for what, error in errors:
        print(f"\nERROR in {what}: {error}", file=sys.stderr)
    if args.write_readme and not args.smoke:
        write_readme("\n".join(out))
        print(f"\n{README.relative_to(ROOT)} updated", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
