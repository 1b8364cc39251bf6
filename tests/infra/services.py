"""Real Kafka and PostgreSQL servers for tests (stdlib only; testcontainers optional).

Each context manager tries, in order:

1. an externally provided server (``AFTERSALES_TEST_KAFKA_BOOTSTRAP`` /
   ``AFTERSALES_TEST_PG_DSN``);
2. a container, if a Docker engine answers ``docker info`` and ``testcontainers``
   is importable (set ``AFTERSALES_TEST_USE_DOCKER=0`` to skip this step);
3. a local process started by ``scripts/infra/kafka.sh`` / ``scripts/infra/postgres.sh``
   in a fresh temporary directory, stopped and deleted on exit.

If none works a ``RuntimeError`` explains why; callers decide whether to skip
(never under ``CI=true``). See docs/adr/0002-kafka-broker-for-tests.md.
"""

from __future__ import annotations

import contextlib
import functools
import glob
import importlib.util
import os
import re
import shutil
import socket
import struct
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
KAFKA_SH = ROOT / "scripts" / "infra" / "kafka.sh"
POSTGRES_SH = ROOT / "scripts" / "infra" / "postgres.sh"
SEAWEEDFS_SH = ROOT / "scripts" / "infra" / "seaweedfs.sh"
PG_USER = PG_PASSWORD = "aftersales"
PG_IMAGE = os.environ.get("AFTERSALES_TEST_PG_IMAGE", "postgres:15")
SCRIPT_TIMEOUT = 900  # a cold start may download Kafka jars or apt-get install postgresql


def _kafka_version() -> str:
    pom = (ROOT / "deploy" / "kafka" / "pom.xml").read_text()
    match = re.search(r"<kafka\.version>([^<]+)</kafka\.version>", pom)
    assert match, "kafka.version missing from deploy/kafka/pom.xml"
    return match.group(1)


# --------------------------------------------------------------------------- helpers


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(0.3)


def _kafka_ready(host: str, port: int) -> bool:
    """True once the broker answers a Metadata (v4) request listing >= 1 broker."""

    def recv(sock: socket.socket, n: int) -> bytes:
        buf = b""
        while len(buf) < n:
            chunk = sock.recv(n - len(buf))
            if not chunk:
                raise OSError("connection closed")
            buf += chunk
        return buf

    try:
        with socket.create_connection((host, port), timeout=2) as sock:
            client = b"aftersales-tests"
            req = struct.pack(">hhih", 3, 4, 1, len(client)) + client + struct.pack(">ib", -1, 0)
            sock.sendall(struct.pack(">i", len(req)) + req)
            data = recv(sock, struct.unpack(">i", recv(sock, 4))[0])
            return struct.unpack(">iii", data[:12])[2] >= 1
    except OSError:
        return False


def _run(*cmd: str | os.PathLike[str], env: dict[str, str] | None = None) -> None:
    try:
        proc = subprocess.run(
            [str(c) for c in cmd],
            env={**os.environ, **env} if env else None,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=SCRIPT_TIMEOUT,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RuntimeError(f"{' '.join(map(str, cmd))}: {exc}") from exc
    if proc.returncode != 0:
        output = (proc.stdout + proc.stderr).strip()
        raise RuntimeError(f"{' '.join(map(str, cmd))} exited {proc.returncode}:\n{output}")


def _read_env(path: Path) -> dict[str, str]:
    lines = path.read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line)


@functools.cache
def _docker_usable() -> bool:
    if os.environ.get("AFTERSALES_TEST_USE_DOCKER", "1") == "0":
        return False
    if importlib.util.find_spec("testcontainers") is None or shutil.which("docker") is None:
        return False
    try:
        return (
            subprocess.run(
                ["docker", "info"], stdin=subprocess.DEVNULL, capture_output=True, timeout=20
            ).returncode
            == 0
        )
    except (OSError, subprocess.TimeoutExpired):
        return False


def _first_success(stack: contextlib.ExitStack, what: str, starters: list) -> str:
    """Run starters in order; the first that returns a value wins."""
    errors = []
    for name, starter in starters:
        try:
            return starter(stack)
        except Exception as exc:  # reported below if no other option works
            errors.append(f"[{name}] {exc}")
    raise RuntimeError(f"could not provide a {what} for tests:\n" + "\n".join(errors))


def _scripted(script: Path, workdir_prefix: str, env_file: str, key: str, setup: tuple = ()):
    """Starter running `script start <tmpdir>`; cleanup = `script stop` + delete tmpdir."""

    def start(stack: contextlib.ExitStack) -> str:
        workdir = tempfile.mkdtemp(prefix=workdir_prefix)
        with contextlib.ExitStack() as cleanup:
            cleanup.callback(shutil.rmtree, workdir, ignore_errors=True)
            cleanup.callback(_run, script, "stop", workdir)
            for step in setup:
                _run(script, step)
            _run(script, "start", workdir)
            value = _read_env(Path(workdir) / env_file)[key]
            stack.push(cleanup.pop_all())
        return value

    return start


def _container(image: str, host_port: int, container_port: int):
    """A started testcontainers DockerContainer bound to 127.0.0.1:host_port only."""
    from testcontainers.core.container import DockerContainer

    container = DockerContainer(image)
    ports: dict[str, Any] = container.ports  # handed to docker-py as is
    ports[f"{container_port}/tcp"] = ("127.0.0.1", host_port)  # publish on loopback only
    return container


# --------------------------------------------------------------------------- Kafka


def _kafka_container(stack: contextlib.ExitStack) -> str:
    if not _docker_usable():
        raise RuntimeError("no usable Docker engine / testcontainers")
    port = _free_port()  # same port inside and outside, so the advertised address works
    image = os.environ.get("AFTERSALES_TEST_KAFKA_IMAGE", f"apache/kafka:{_kafka_version()}")
    container = _container(image, port, port)
    for key, value in {
        "KAFKA_NODE_ID": "1",
        "KAFKA_PROCESS_ROLES": "broker,controller",
        "KAFKA_LISTENERS": f"PLAINTEXT://0.0.0.0:{port},CONTROLLER://localhost:9093",
        "KAFKA_ADVERTISED_LISTENERS": f"PLAINTEXT://127.0.0.1:{port}",
        "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "KAFKA_CONTROLLER_LISTENER_NAMES": "CONTROLLER",
        "KAFKA_INTER_BROKER_LISTENER_NAME": "PLAINTEXT",
        "KAFKA_CONTROLLER_QUORUM_VOTERS": "1@localhost:9093",
        "KAFKA_AUTO_CREATE_TOPICS_ENABLE": "false",
        "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR": "1",
        "KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS": "1",
        "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR": "1",
        "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR": "1",
        "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS": "0",
        "KAFKA_HEAP_OPTS": "-Xmx512m",
    }.items():
        container.with_env(key, value)
    with contextlib.ExitStack() as cleanup:
        container.start()
        cleanup.callback(container.stop)
        _wait_until(lambda: _kafka_ready("127.0.0.1", port), 120, f"Kafka container {image}")
        stack.push(cleanup.pop_all())
    return f"127.0.0.1:{port}"


@contextlib.contextmanager
def kafka_broker() -> Iterator[str]:
    """Yield bootstrap servers (``host:port``) of a running single-node Kafka broker."""
    external = os.environ.get("AFTERSALES_TEST_KAFKA_BOOTSTRAP")
    if external:
        yield external
        return
    local = _scripted(KAFKA_SH, "aftersales-kafka-", "kafka.env", "KAFKA_BOOTSTRAP_SERVERS")
    with contextlib.ExitStack() as stack:
        yield _first_success(
            stack,
            "Kafka broker (set AFTERSALES_TEST_KAFKA_BOOTSTRAP to use an existing one)",
            [("docker", _kafka_container), ("scripts/infra/kafka.sh", local)],
        )


# --------------------------------------------------------------------------- PostgreSQL


def _postgres_container(stack: contextlib.ExitStack) -> str:
    if not _docker_usable():
        raise RuntimeError("no usable Docker engine / testcontainers")
    port = _free_port()
    container = _container(PG_IMAGE, port, 5432)
    container.with_env("POSTGRES_USER", PG_USER)
    container.with_env("POSTGRES_PASSWORD", PG_PASSWORD)
    container.with_env("POSTGRES_DB", "postgres")
    container.with_command(
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )

    def ready() -> bool:
        # the image's init phase runs a socket-only server; TCP inside means the real one
        cmd = ["pg_isready", "-q", "-h", "127.0.0.1", "-U", PG_USER]
        return container.exec(cmd).exit_code == 0

    with contextlib.ExitStack() as cleanup:
        container.start()
        cleanup.callback(container.stop)
        _wait_until(ready, 120, f"PostgreSQL container {PG_IMAGE}")
        stack.push(cleanup.pop_all())
    return f"postgresql://{PG_USER}:{PG_PASSWORD}@127.0.0.1:{port}/postgres"


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """Yield a superuser DSN ``postgresql://aftersales:aftersales@127.0.0.1:PORT/postgres``."""
    external = os.environ.get("AFTERSALES_TEST_PG_DSN")
    if external:
        yield external
        return
    local = _scripted(POSTGRES_SH, "aftersales-pg-", "pg.env", "PG_DSN", setup=("install",))
    with contextlib.ExitStack() as stack:
        yield _first_success(
            stack,
            "PostgreSQL server (set AFTERSALES_TEST_PG_DSN to use an existing one)",
            [("docker", _postgres_container), ("scripts/infra/postgres.sh", local)],
        )


# --------------------------------------------------------------------------- S3 (SeaweedFS)


def _create_bucket(s3: dict[str, str]) -> None:
    import boto3
    from botocore.config import Config

    client = boto3.session.Session().client(
        "s3", endpoint_url=s3["S3_ENDPOINT_URL"], aws_access_key_id=s3["S3_ACCESS_KEY"],
        aws_secret_access_key=s3["S3_SECRET_KEY"], region_name=s3["S3_REGION"],
        config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"))
    deadline = time.monotonic() + 60
    while True:  # a fresh server takes its first write once its filer joined the master
        try:
            with contextlib.suppress(client.exceptions.BucketAlreadyOwnedByYou):
                client.create_bucket(Bucket=s3["S3_BUCKET"])
            client.put_object(Bucket=s3["S3_BUCKET"], Key="ready-probe", Body=b"ok")
            client.delete_object(Bucket=s3["S3_BUCKET"], Key="ready-probe")
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@contextlib.contextmanager
def seaweedfs_server(bucket: str = "aftersales-tests") -> Iterator[dict[str, str]]:
    """Yield the S3 settings (`S3_ENDPOINT_URL`, `S3_ACCESS_KEY`, `S3_SECRET_KEY`,
    `S3_REGION`, `S3_BUCKET`) of a running SeaweedFS whose bucket exists.

    ``AFTERSALES_TEST_S3_ENDPOINT`` (with ``AFTERSALES_TEST_S3_ACCESS_KEY`` /
    ``_SECRET_KEY``) names an existing S3 server instead; otherwise
    ``scripts/infra/seaweedfs.sh`` builds (once, cached) and starts one in a temporary
    directory, stopped and deleted on exit.
    """
    external = os.environ.get("AFTERSALES_TEST_S3_ENDPOINT")
    with contextlib.ExitStack() as stack:
        if external:
            s3 = {"S3_ENDPOINT_URL": external,
                  "S3_ACCESS_KEY": os.environ.get("AFTERSALES_TEST_S3_ACCESS_KEY", ""),
                  "S3_SECRET_KEY": os.environ.get("AFTERSALES_TEST_S3_SECRET_KEY", ""),
                  "S3_REGION": os.environ.get("AFTERSALES_TEST_S3_REGION", "us-east-1")}
        else:
            workdir = tempfile.mkdtemp(prefix="aftersales-s3-")
            stack.callback(shutil.rmtree, workdir, ignore_errors=True)
            stack.callback(_run, SEAWEEDFS_SH, "stop", workdir)
            _run(SEAWEEDFS_SH, "start", workdir)
            s3 = _read_env(Path(workdir) / "s3.env")
        s3 = {**s3, "S3_BUCKET": bucket}
        _create_bucket(s3)
        yield s3


# --------------------------------------------------------------------------- crashable servers


class LocalServer:
    """A Kafka broker or PostgreSQL cluster of a test's own (scripts/infra), which the test
    may crash (SIGKILL) and restart on the same port with the same data."""

    def __init__(self, script: Path, prefix: str, env_file: str, key: str,
                 setup: tuple[str, ...] = (), env: dict[str, str] | None = None) -> None:
        self.script, self.prefix, self.env_file, self.key, self.setup = (
            script, prefix, env_file, key, setup)
        self.env = env
        self.workdir: Path | None = None
        self.address = ""
        self.kills = 0

    def start(self) -> str:
        for step in self.setup:
            _run(self.script, step)
        self.workdir = Path(tempfile.mkdtemp(prefix=self.prefix))
        _run(self.script, "start", self.workdir, env=self.env)
        self.address = _read_env(self.workdir / self.env_file)[self.key]
        return self.address

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush (crash test)."""
        _run(self.script, "kill", self._dir())
        self.kills += 1

    def restart(self) -> None:
        """Start again after `kill`; returns once it answers."""
        _run(self.script, "restart", self._dir())

    def stop(self) -> None:
        if self.workdir is not None:
            with contextlib.suppress(RuntimeError):
                _run(self.script, "stop", self.workdir)
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None

    def _dir(self) -> Path:
        assert self.workdir is not None, "not started"
        return self.workdir


@contextlib.contextmanager
def crashable_kafka() -> Iterator[LocalServer]:
    """A broker of our own (never the shared or an external one): it will be killed."""
    server = LocalServer(KAFKA_SH, "aftersales-kafka-", "kafka.env", "KAFKA_BOOTSTRAP_SERVERS")
    try:
        server.start()
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def crashable_postgres() -> Iterator[LocalServer]:
    """A PostgreSQL cluster of our own: it will be killed, so every acknowledged commit must
    survive that (synchronous commit; fsync may stay off: the OS keeps what was written)."""
    server = LocalServer(POSTGRES_SH, "aftersales-pg-", "pg.env", "PG_DSN", setup=("install",),
                         env={"PG_SYNCHRONOUS_COMMIT": "on"})
    try:
        server.start()
        yield server
    finally:
        server.stop()


def _psql() -> str | None:
    found = shutil.which("psql")
    if found:
        return found
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"), key=_version_key)
    return candidates[-1] if candidates else None


def _version_key(path: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", path))


def create_database(dsn: str, name: str) -> str:
    """Create database ``name`` on the server of ``dsn``; return a DSN pointing at it."""
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,62}", name):
        raise ValueError(f"invalid database name: {name!r}")
    sql = f'CREATE DATABASE "{name}"'
    psql = _psql()
    if psql:
        env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
        proc = subprocess.run(
            [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", dsn, "-c", sql],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"{sql} failed: {(proc.stderr or proc.stdout).strip()}")
    elif importlib.util.find_spec("psycopg") is not None:
        import psycopg

        with psycopg.connect(dsn, autocommit=True, connect_timeout=10) as conn:
            conn.execute(sql)
    else:
        raise RuntimeError("create_database needs psql (apt-get install postgresql-client) or psycopg")
    return urlsplit(dsn)._replace(path=f"/{name}").geturl()
