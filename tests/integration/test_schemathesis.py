"""Schemathesis against the five OpenAPIs on the distributed cluster (Kafka + PostgreSQL).

Each service is fuzzed twice: with a staff token (`manager`) its documented examples, the
coverage phase (boundary and invalid values for every parameter and field) and the fuzzing
phase (generated requests, valid and invalid); with a customer token (`zhang`) the examples
and the fuzzing phase.
Checks on every response: no server error, a documented status code, a documented content
type, a body that conforms to the documented schema. Bounded and deterministic: a fixed
seed and at most `MAX_EXAMPLES` generated cases per operation, the runs in parallel; it
prints the counts (operations, test cases, failures).

Live streams (`text/event-stream`) are left out: they never end, so a fuzzer cannot read
their response; `tests/integration` covers them separately.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from aftersales_common.auth.demo import DEMO_PASSWORD
from tests.support.cluster import SERVICES, Cluster

pytestmark = pytest.mark.realinfra

# staff: every phase; customer (most operations answer 403): examples and fuzzing
ACCOUNTS = {"manager": "examples,coverage,fuzzing", "zhang": "examples,fuzzing"}
CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_schema_conformance")
MAX_EXAMPLES = 15
SEED = 20260701
PARALLEL = 4
RUN_TIMEOUT = 240.0


def _token(cluster: Cluster, username: str) -> str:
    r = httpx.post(cluster.bases["auth"] + "/api/auth/token",
                   data={"username": username, "password": DEMO_PASSWORD}, timeout=30)
    r.raise_for_status()
    return str(r.json()["access_token"])


def _streams(cluster: Cluster, service: str) -> list[str]:
    """Paths of the operations answering `text/event-stream` (excluded: they never end)."""
    doc = httpx.get(f"{cluster.bases[service]}/api/{service}/openapi.json", timeout=30).json()
    paths = []
    for path, item in doc["paths"].items():
        for operation in item.values():
            ok = operation.get("responses", {}).get("200", {}).get("content", {})
            if "text/event-stream" in ok:
                paths.append(path)
    return paths


async def _run(cluster: Cluster, service: str, account: str, token: str, out: Path,
               gate: asyncio.Semaphore) -> dict[str, Any]:
    report = out / f"{service}-{account}.json"
    base = cluster.bases[service]
    command = [
        sys.executable, "-m", "schemathesis.cli", "run", f"{base}/api/{service}/openapi.json",
        "--header", f"Authorization: Bearer {token}",
        "--checks", ",".join(CHECKS),
        "--phases", ACCOUNTS[account],
        "--max-examples", str(MAX_EXAMPLES), "--seed", str(SEED), "--workers", "1",
        "--request-timeout", "30", "--rate-limit", "80/s",
        "--suppress-health-check", "all", "--no-color", "--output-truncate", "true",
        "--report", "json", "--report-json-path", str(report),
    ]
    streams = _streams(cluster, service)
    if streams:
        command += ["--exclude-path-regex",
                    "^(" + "|".join(re.escape(p) for p in streams) + ")$"]
    async with gate:
        started = time.monotonic()
        proc = await asyncio.create_subprocess_exec(
            *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
            cwd=out)
        try:
            output, _ = await asyncio.wait_for(proc.communicate(), RUN_TIMEOUT)
        except TimeoutError:
            proc.kill()
            await proc.wait()
            raise AssertionError(f"schemathesis on {service} as {account} took over "
                                 f"{RUN_TIMEOUT:.0f} s") from None
    text = output.decode(errors="replace")
    assert report.exists(), f"{service} as {account}: no report\n{text[-4000:]}"
    data = json.loads(report.read_text())
    return {"service": service, "account": account, "seconds": time.monotonic() - started,
            "operations": data["operations"]["tested"], "cases": data["test_cases"]["generated"],
            "failures": data["test_cases"]["unique_failures"], "errors": len(data["errors"]),
            "exit": proc.returncode, "output": text}


@pytest.mark.timeout(600)
async def test_schemathesis_finds_no_server_error_and_no_schema_violation(
        cluster: Cluster, tmp_path: Path) -> None:
    tokens = {account: _token(cluster, account) for account in ACCOUNTS}
    gate = asyncio.Semaphore(PARALLEL)
    started = time.monotonic()
    results = await asyncio.gather(*(
        _run(cluster, service, account, tokens[account], tmp_path, gate)
        for service in SERVICES for account in ACCOUNTS))
    elapsed = time.monotonic() - started
    lines = [f"{r['service']:9} {r['account']:8} operations {r['operations']:3}  "
             f"test cases {r['cases']:5}  failures {r['failures']}  errors {r['errors']}  "
             f"{r['seconds']:.0f} s" for r in results]
    total_ops = sum(r["operations"] for r in results if r["account"] == "manager")
    summary = (f"schemathesis: {len(SERVICES)} services x {len(ACCOUNTS)} tokens, "
               f"{total_ops} operations, {sum(r['cases'] for r in results)} test cases "
               f"(one request each), {sum(r['failures'] for r in results)} failures, "
               f"{sum(r['errors'] for r in results)} errors, {elapsed:.0f} s")
    print("\n" + "\n".join(lines) + "\n" + summary)
    bad = [r for r in results if r["failures"] or r["errors"] or r["exit"] != 0]
    assert not bad, summary + "\n\n" + "\n\n".join(
        f"=== {r['service']} as {r['account']} ===\n{_failures(r['output'])}" for r in bad)
    assert total_ops >= 60


def _failures(output: str) -> str:
    """The FAILURES and ERRORS sections of the CLI output (the rest is progress)."""
    start = min((i for i in (output.find("= FAILURES ="), output.find("= ERRORS =")) if i >= 0),
                default=0)
    end = output.find("= WARNINGS =", start)
    return output[start:end if end > 0 else None][-12000:]
