#!/usr/bin/env bash
# SeaweedFS (master + volume + filer + S3 gateway in one process) as the real S3 server for tests,
# built from the Go module proxy, no Docker.
#
#   seaweedfs.sh install              go-build `weed` into .infra/seaweedfs/<version>/weed (cached:
#                                     skipped when the binary exists)
#   seaweedfs.sh start <workdir>      fresh server on free 127.0.0.1 ports with one admin identity;
#                                     writes <workdir>/s3.env (S3_ENDPOINT_URL, S3_ACCESS_KEY,
#                                     S3_SECRET_KEY, S3_REGION), <workdir>/weed.pid, weed.log
#   seaweedfs.sh stop <workdir> [--purge]   SIGTERM, wait, SIGKILL; --purge also deletes the data
#
# A fresh server answers S3 at once but accepts its first write only after its filer joined the
# master (~8 s): tests/infra/services.py:seaweedfs_server waits for a write to succeed.
# The module's go.mod has replace directives, so `go install module@version` refuses it: the
# source is downloaded into the module cache (`go mod download`), copied out (the cache is
# read-only) and built there with `go build ./weed`. A cold build takes ~5 minutes on 2 cores.
# Env: SEAWEEDFS_START_TIMEOUT (s, default 60), GO (default: go on PATH or /usr/local/go/bin/go).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MODULE="github.com/seaweedfs/seaweedfs"
VERSION="v0.0.0-20261109003541-7506e5f91cd6"
HOME_DIR="$ROOT/.infra/seaweedfs"
BIN="$HOME_DIR/$VERSION/weed"

die() { echo "seaweedfs.sh: $*" >&2; exit 1; }

go_bin() {
  if [[ -n "${GO:-}" ]]; then echo "$GO"; return; fi
  command -v go 2>/dev/null && return
  [[ -x /usr/local/go/bin/go ]] && { echo /usr/local/go/bin/go; return; }
  die "go not found (a Go toolchain >= the module's go directive is needed to build SeaweedFS)"
}

cmd_install() {
  [[ -x "$BIN" ]] && return 0
  local go
  go="$(go_bin)"
  mkdir -p "$HOME_DIR"
  (
    flock 9   # parallel test workers build once
    [[ -x "$BIN" ]] && exit 0
    local src build
    src="$(GOFLAGS=-mod=mod "$go" mod download -json "$MODULE@$VERSION" \
           | python3 -c 'import json, sys; print(json.load(sys.stdin)["Dir"])')" \
      || die "go mod download $MODULE@$VERSION failed"
    build="$(mktemp -d "$HOME_DIR/build.XXXXXX")"
    trap 'chmod -R u+w "$build" 2>/dev/null; rm -rf "$build"' EXIT
    cp -r "$src/." "$build/" && chmod -R u+w "$build"
    echo "seaweedfs.sh: building weed $VERSION (a few minutes the first time)" >&2
    (cd "$build" && GOFLAGS=-buildvcs=false "$go" build -o "$BIN.tmp" ./weed) \
      >"$HOME_DIR/build.log" 2>&1 || { tail -n 40 "$HOME_DIR/build.log" >&2; die "go build failed"; }
    mv "$BIN.tmp" "$BIN"
  ) 9>"$HOME_DIR/.lock"
  [[ -x "$BIN" ]] || die "no binary at $BIN after the build"
}

running_pid() {
  local pid
  pid="$(cat "$1/weed.pid" 2>/dev/null)" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "-dir=$1/data" || return 1
  echo "$pid"
}

free_ports() {
  python3 - "$1" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
}

cmd_start() {
  local dir="${1:?usage: seaweedfs.sh start <workdir>}"
  cmd_install
  mkdir -p "$dir" && dir="$(cd "$dir" && pwd)"
  local pid
  pid="$(running_pid "$dir")" && die "already running in $dir (pid $pid)"
  local master mgrpc volume vgrpc filer fgrpc s3 s3grpc
  read -r master mgrpc volume vgrpc filer fgrpc s3 s3grpc < <(free_ports 8)
  local key secret
  key="aftersales$(head -c6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  secret="$(head -c24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  rm -rf "$dir/data" && mkdir -p "$dir/data"
  cat >"$dir/s3.json" <<JSON
{"identities": [{"name": "aftersales-tests",
  "credentials": [{"accessKey": "$key", "secretKey": "$secret"}],
  "actions": ["Admin", "Read", "List", "Tagging", "Write"]}]}
JSON
  "$BIN" server -ip=127.0.0.1 -ip.bind=127.0.0.1 "-dir=$dir/data" \
    -master.port="$master" -master.port.grpc="$mgrpc" -master.volumeSizeLimitMB=64 \
    -volume.port="$volume" -volume.port.grpc="$vgrpc" -volume.max=16 -volume.preStopSeconds=0 \
    -filer -filer.port="$filer" -filer.port.grpc="$fgrpc" \
    -s3 -s3.port="$s3" -s3.port.grpc="$s3grpc" -s3.config="$dir/s3.json" \
    -s3.port.iceberg=0 -s3.port.lance=0 -s3.iam=false \
    >>"$dir/weed.log" 2>&1 &
  pid=$!
  echo "$pid" >"$dir/weed.pid"
  local deadline=$((SECONDS + ${SEAWEEDFS_START_TIMEOUT:-60}))
  # ready once S3 answers an (unsigned) ListBuckets with an S3 error document, and the filer
  # has a volume server to write to (the master's cluster status lists it)
  until curl -s "http://127.0.0.1:$s3/" 2>/dev/null | grep -q "<Error>\|<ListAllMyBucketsResult" \
        && curl -s "http://127.0.0.1:$master/dir/status" 2>/dev/null | grep -q "\"Url\""; do
    if ! kill -0 "$pid" 2>/dev/null || ((SECONDS >= deadline)); then
      kill -KILL "$pid" 2>/dev/null || true
      tail -n 40 "$dir/weed.log" >&2
      die "SeaweedFS did not become ready on 127.0.0.1:$s3 (log: $dir/weed.log)"
    fi
    sleep 0.3
  done
  cat >"$dir/s3.env" <<ENV
S3_ENDPOINT_URL=http://127.0.0.1:$s3
S3_ACCESS_KEY=$key
S3_SECRET_KEY=$secret
S3_REGION=us-east-1
ENV
  echo "seaweedfs ready: S3 on 127.0.0.1:$s3 (pid $pid, workdir $dir)"
}

cmd_stop() {
  local dir="${1:?usage: seaweedfs.sh stop <workdir> [--purge]}" pid
  dir="$(cd "$dir" 2>/dev/null && pwd)" || return 0
  if pid="$(running_pid "$dir")"; then
    kill -TERM "$pid"   # it lingers after a TERM for ~15 s; test data needs no more than 3
    for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/weed.pid"
  if [[ "${2:-}" == --purge ]]; then rm -rf "$dir/data"; fi
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start "${2:-}" ;;
  stop) cmd_stop "${2:-}" "${3:-}" ;;
  *) die "usage: seaweedfs.sh install | start <workdir> | stop <workdir> [--purge]" ;;
esac
