#!/usr/bin/env bash
# Single-node Apache Kafka (KRaft, broker+controller in one JVM) for tests, no Docker.
#
#   kafka.sh fetch                    jars -> .cache/kafka/<version>/lib (Maven; cached)
#   kafka.sh start <workdir>          fresh broker on free 127.0.0.1 ports; writes
#                                     <workdir>/kafka.env (KAFKA_BOOTSTRAP_SERVERS=...),
#                                     <workdir>/kafka.pid and <workdir>/kafka.log
#   kafka.sh stop <workdir> [--purge] SIGTERM, wait, SIGKILL; --purge also deletes the data
#   kafka.sh kill <workdir>           SIGKILL at once (crash tests); data and ports stay
#   kafka.sh restart <workdir>        start again on the same ports with the same data
#
# Env: KAFKA_START_TIMEOUT (s, default 90), KAFKA_HEAP_OPTS (default -Xms128m -Xmx512m), JAVA.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
POM="$ROOT/deploy/kafka/pom.xml"
VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$POM")"
LIB="$ROOT/.cache/kafka/$VERSION/lib"
JAVA="${JAVA:-java}"

die() { echo "kafka.sh: $*" >&2; exit 1; }

cmd_fetch() {
  local sum
  sum="$(sha256sum "$POM" | cut -d' ' -f1)"
  [[ "$(cat "$LIB/.complete" 2>/dev/null)" == "$sum" ]] && return 0
  command -v mvn >/dev/null || die "mvn not found (apt-get install -y maven)"
  mkdir -p "$ROOT/.cache/kafka"
  (
    flock 9   # parallel test workers; subshell so the broker never inherits the lock
    [[ "$(cat "$LIB/.complete" 2>/dev/null)" == "$sum" ]] && exit 0
    rm -rf "$LIB"
    mvn=(mvn -q -B -Dstyle.color=never -f "$POM" dependency:copy-dependencies)
    "${mvn[@]}" -o >/dev/null 2>&1 || "${mvn[@]}" >"$ROOT/.cache/kafka/mvn.log" 2>&1 \
      || { cat "$ROOT/.cache/kafka/mvn.log" >&2; die "maven could not fetch Kafka $VERSION"; }
    echo "$sum" >"$LIB/.complete"
  ) 9>"$ROOT/.cache/kafka/.lock"
}

# pid from <workdir>/kafka.pid if that process is alive and is our broker
running_pid() {
  local pid
  pid="$(cat "$1/kafka.pid" 2>/dev/null)" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "kafka.Kafka $1/server.properties" || return 1
  echo "$pid"
}

# exit 0 once the broker answers a Metadata (v4) request listing at least one broker
probe() {
  python3 - "$1" <<'PY'
import socket, struct, sys
def recv(s, n):
    b = b""
    while len(b) < n:
        c = s.recv(n - len(b))
        if not c: raise OSError("closed")
        b += c
    return b
try:
    with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2) as s:
        req = struct.pack(">hhih", 3, 4, 1, 8) + b"kafka.sh" + struct.pack(">ib", -1, 0)
        s.sendall(struct.pack(">i", len(req)) + req)
        data = recv(s, struct.unpack(">i", recv(s, 4))[0])
        _corr, _throttle, brokers = struct.unpack(">iii", data[:12])
        sys.exit(0 if brokers >= 1 else 1)
except OSError:
    sys.exit(1)
PY
}

cmd_start() {
  local dir="${1:?usage: kafka.sh start <workdir>}"
  command -v "$JAVA" >/dev/null || die "java not found (apt-get install -y openjdk-17-jre-headless)"
  cmd_fetch
  mkdir -p "$dir" && dir="$(cd "$dir" && pwd)"
  local pid
  pid="$(running_pid "$dir")" && die "already running in $dir (pid $pid)"

  local port cport cid
  read -r port cport < <(python3 -c 'import socket
a, b = socket.socket(), socket.socket()
a.bind(("127.0.0.1", 0)); b.bind(("127.0.0.1", 0))
print(a.getsockname()[1], b.getsockname()[1])')
  # A random cluster id (22 URL-safe base64 characters); one starting with '-' would be read
  # as an option by kafka-storage, so draw again.
  cid="-"
  while [ "${cid#-}" != "$cid" ]; do
    cid="$(head -c16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  done

  rm -rf "$dir/data" && mkdir -p "$dir/data"
  cat >"$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/data
auto.create.topics.enable=false
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.segment.bytes=1048576
log.index.size.max.bytes=1048576
log.retention.check.interval.ms=30000
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
PROPS
  cat >"$dir/log4j2.properties" <<'LOG'
status = warn
appender.out.type = Console
appender.out.name = out
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = info
rootLogger.appenderRef.out.ref = out
logger.request.name = kafka.request.logger
logger.request.level = warn
LOG

  local heap jvm
  read -r -a heap <<<"${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}"
  jvm=("${heap[@]}" -XX:+UseSerialGC -XX:TieredStopAtLevel=1
       -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true
       "-Dlog4j2.configurationFile=$dir/log4j2.properties" -cp "$LIB/*")
  "$JAVA" "${jvm[@]}" kafka.tools.StorageTool format -t "$cid" -c "$dir/server.properties" \
    >"$dir/format.log" 2>&1 || { tail -n 20 "$dir/format.log" >&2; die "storage format failed"; }
  launch "$dir" "$port"
  echo "KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$port" >"$dir/kafka.env"
  echo "kafka $VERSION ready: 127.0.0.1:$port (pid $(cat "$dir/kafka.pid"), workdir $dir)"
}

# start the broker of <workdir> (server.properties and data in place) and wait until it answers
launch() {
  local dir="$1" port="$2" pid heap jvm
  read -r -a heap <<<"${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}"
  jvm=("${heap[@]}" -XX:+UseSerialGC -XX:TieredStopAtLevel=1
       -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true
       "-Dlog4j2.configurationFile=$dir/log4j2.properties" -cp "$LIB/*")
  "$JAVA" "${jvm[@]}" kafka.Kafka "$dir/server.properties" >>"$dir/kafka.log" 2>&1 &
  pid=$!
  echo "$pid" >"$dir/kafka.pid"

  local deadline=$((SECONDS + ${KAFKA_START_TIMEOUT:-90}))
  until probe "$port"; do
    if ! kill -0 "$pid" 2>/dev/null || ((SECONDS >= deadline)); then
      kill -KILL "$pid" 2>/dev/null || true
      tail -n 40 "$dir/kafka.log" >&2
      die "broker did not become ready on 127.0.0.1:$port (log: $dir/kafka.log)"
    fi
    sleep 0.3
  done
}

cmd_kill() {
  local dir="${1:?usage: kafka.sh kill <workdir>}" pid
  dir="$(cd "$dir" && pwd)"
  pid="$(running_pid "$dir")" || die "no broker running in $dir"
  kill -KILL "$pid"
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$dir/kafka.pid"
}

cmd_restart() {
  local dir="${1:?usage: kafka.sh restart <workdir>}" pid port
  dir="$(cd "$dir" && pwd)"
  [[ -f "$dir/server.properties" ]] || die "no broker was started in $dir"
  pid="$(running_pid "$dir")" && die "already running in $dir (pid $pid)"
  port="$(sed -n 's/^listeners=PLAINTEXT:\/\/127.0.0.1:\([0-9]*\),.*/\1/p' "$dir/server.properties")"
  launch "$dir" "$port"
  echo "kafka $VERSION restarted: 127.0.0.1:$port (pid $(cat "$dir/kafka.pid"), workdir $dir)"
}

cmd_stop() {
  local dir="${1:?usage: kafka.sh stop <workdir> [--purge]}" pid
  dir="$(cd "$dir" 2>/dev/null && pwd)" || return 0   # no workdir, nothing to stop
  if pid="$(running_pid "$dir")"; then
    kill -TERM "$pid"
    for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/kafka.pid"
  if [[ "${2:-}" == --purge ]]; then rm -rf "$dir/data"; fi
}

case "${1:-}" in
  fetch) cmd_fetch ;;
  start) cmd_start "${2:-}" ;;
  stop) cmd_stop "${2:-}" "${3:-}" ;;
  kill) cmd_kill "${2:-}" ;;
  restart) cmd_restart "${2:-}" ;;
  *) die "usage: kafka.sh fetch | start <workdir> | stop <workdir> [--purge] | kill <workdir> | restart <workdir>" ;;
esac
