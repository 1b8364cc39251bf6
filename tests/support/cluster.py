"""The distributed mode for tests and benchmarks: each service its own uvicorn process,
PostgreSQL databases of their own, Kafka as the bus, the development issuer beside them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

SERVICES = ("booking", "workshop", "parts", "billing", "crm")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    """Starts and stops the five services and the issuer as separate processes."""

    def __init__(self, *, kafka_bootstrap: str, pg_dsn: str, workdir: Path,
                 create_database, extra_env: dict[str, str] | None = None,
                 broker: Any = None, database: Any = None,
                 object_store: dict[str, str] | None = None) -> None:
        """`broker` / `database`: crashable servers (tests/infra/services.LocalServer), for
        the fault-injection helpers; None when the cluster runs on shared servers.
        `object_store`: the `S3_*` settings of an S3 server (tests/infra/services
        .seaweedfs_server); the services then keep their objects there (`OBJECT_STORE=s3`)."""
        self.object_store = object_store
        self.broker = broker
        self.database = database
        self.kills: dict[str, int] = {}
        self.kafka_bootstrap = kafka_bootstrap
        self.pg_dsn = pg_dsn
        self.workdir = workdir
        self.create_database = create_database
        self.extra_env = extra_env or {}
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.ports: dict[str, int] = {}
        self.database_urls: dict[str, str] = {}

    @property
    def bases(self) -> dict[str, str]:
        return {name: f"http://127.0.0.1:{port}" for name, port in self.ports.items()}

    def _env(self, service: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "BUS"))}
        env.update(APP_ENV="test", BUS="kafka", KAFKA_BOOTSTRAP_SERVERS=self.kafka_bootstrap,
                   LOG_LEVEL="WARNING", SEED_DEMO="true", DATA_DIR=str(self.workdir / service))
        if service in self.database_urls:
            env["DATABASE_URL"] = self.database_urls[service]
        if self.object_store:
            env.update(OBJECT_STORE="s3", **self.object_store)
        env.update(self.extra_env)
        return env

    def start_service(self, service: str) -> None:
        """(Re)start one service process on its port."""
        port = self.ports.setdefault(service, free_port())
        target = ("aftersales_common.auth.dev_issuer:app" if service == "auth"
                  else f"{service}.main:app")
        log = open(self.workdir / f"{service}.log", "ab")
        self.procs[service] = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", target, "--host", "127.0.0.1",
             "--port", str(port), "--log-level", "warning"],
            env=self._env(service), stdout=log, stderr=subprocess.STDOUT,
        )

    def start(self, timeout: float = 120.0) -> None:
        """Create databases, start every process and wait until all are ready."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        suffix = uuid.uuid4().hex[:8]
        for service in SERVICES:
            self.database_urls[service] = self.create_database(
                self.pg_dsn, f"aftersales_{service}_{suffix}")
        self.start_service("auth")
        for service in SERVICES:
            self.start_service(service)
        for service in ("auth", *SERVICES):
            self.wait_ready(service, timeout)

    def wait_ready(self, service: str, timeout: float = 120.0) -> None:
        """Until the service answers `readyz` (the issuer: `healthz`)."""
        path = "/api/auth/healthz" if service == "auth" else f"/api/{service}/readyz"
        self._wait_for(service, path, "ready", timeout)

    def _wait_for(self, service: str, path: str, what: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            proc = self.procs[service]
            if proc.poll() is not None:
                raise RuntimeError(f"{service} exited ({proc.returncode}):\n{self.log_tail(service)}")
            try:
                if httpx.get(self.bases[service] + path, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{service} not {what} after {timeout}s:\n{self.log_tail(service)}")

    def kill(self, service: str) -> None:
        """SIGKILL: the process dies without any clean-up (crash test)."""
        proc = self.procs[service]
        proc.kill()
        proc.wait(10)
        self.kills[service] = self.kills.get(service, 0) + 1

    def wait_alive(self, service: str, timeout: float = 120.0) -> None:
        """Until the process answers `healthz` (its dependencies may still be down)."""
        self._wait_for(service, f"/api/{service}/healthz", "alive", timeout)

    def crash_service(self, service: str) -> None:
        """SIGKILL one service process and start it again (same port, same database)."""
        self.kill(service)
        self.start_service(service)
        self.wait_alive(service)

    def crash_broker(self, down_for: float = 2.0) -> None:
        """SIGKILL the Kafka broker, leave it down a moment, restart it with its data."""
        assert self.broker is not None, "this cluster runs on a broker it may not kill"
        self.broker.kill()
        self.kills["kafka"] = self.kills.get("kafka", 0) + 1
        time.sleep(down_for)
        self.broker.restart()

    def crash_database(self, down_for: float = 2.0) -> None:
        """SIGKILL PostgreSQL (postmaster and backends), then restart it (crash recovery)."""
        assert self.database is not None, "this cluster runs on a database it may not kill"
        self.database.kill()
        self.kills["postgres"] = self.kills.get("postgres", 0) + 1
        time.sleep(down_for)
        self.database.restart()

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()

    def log_tail(self, service: str, lines: int = 60) -> str:
        path = self.workdir / f"{service}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
