#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for tests, no Docker.
#
#   postgres.sh install                 apt-get install postgresql if no server binaries exist
#   postgres.sh start <workdir>         fresh cluster on a free 127.0.0.1 port; writes
#                                       <workdir>/pg.env (PG_DSN=postgresql://aftersales:...)
#   postgres.sh stop <workdir> [--purge] pg_ctl stop -m fast; --purge also deletes the data
#   postgres.sh kill <workdir>          SIGKILL the postmaster and every backend (a crash)
#   postgres.sh restart <workdir>       start again on the same port; crash recovery runs
#
# As root, the server runs as the `postgres` OS user (PostgreSQL refuses root);
# otherwise as the current user. Unix sockets live in <workdir>/run, not /var/run.
# PG_SYNCHRONOUS_COMMIT=on keeps every acknowledged commit through a SIGKILL of the server
# (crash tests); the default, off, may lose the last few (fine when nothing is killed).
set -euo pipefail

die() { echo "postgres.sh: $*" >&2; exit 1; }

# newest /usr/lib/postgresql/<v>/bin that has a server
pg_bin() {
  local d
  d="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
  [[ -n "$d" && -x "$d/initdb" && -x "$d/pg_ctl" ]] && echo "$d"
}

# run a command as the cluster owner: `postgres` when we are root, else ourselves
as_owner() {
  if ((EUID == 0)); then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

cmd_install() {
  pg_bin >/dev/null && return 0
  ((EUID == 0)) || die "PostgreSQL server not installed; as root: apt-get install -y postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  pg_bin >/dev/null || die "apt-get installed postgresql but no initdb/pg_ctl was found"
}

cmd_start() {
  local dir="${1:?usage: postgres.sh start <workdir>}" bin port
  bin="$(pg_bin)" || die "PostgreSQL server not installed; run: $0 install"
  mkdir -p "$dir" && dir="$(cd "$dir" && pwd)"
  local data="$dir/pgdata" sock="$dir/run"
  as_owner "$bin/pg_ctl" status -D "$data" >/dev/null 2>&1 && die "already running in $dir"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  ((${#sock} + 17 < 108)) || die "workdir path too long for a unix socket: $dir"

  rm -rf "$data" "$sock" && mkdir -p "$data" "$sock" && : >"$dir/postgres.log"
  chmod 700 "$sock"
  if ((EUID == 0)); then
    id postgres >/dev/null 2>&1 || die "no 'postgres' OS user to run the server as"
    chmod a+x "$dir"
    chown postgres: "$data" "$sock" "$dir/postgres.log"
    as_owner test -w "$data" || die "user postgres cannot reach $dir (use a workdir under /tmp)"
  fi

  as_owner "$bin/initdb" -D "$data" -U postgres -E UTF8 --no-locale --no-sync \
    --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  cat >>"$data/postgresql.conf" <<CONF
# --- tests (scripts/infra/postgres.sh) ---
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$sock'
max_connections = 200
fsync = off
synchronous_commit = ${PG_SYNCHRONOUS_COMMIT:-off}
full_page_writes = off
CONF
  as_owner "$bin/pg_ctl" start -w -t 60 -D "$data" -l "$dir/postgres.log" >/dev/null \
    || { tail -n 30 "$dir/postgres.log" >&2; die "postgres did not start (log: $dir/postgres.log)"; }
  "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -t 30 || die "pg_isready failed on 127.0.0.1:$port"
  as_owner "$bin/psql" -q -X -v ON_ERROR_STOP=1 -h "$sock" -p "$port" -U postgres -d postgres \
    -c "CREATE ROLE aftersales LOGIN SUPERUSER PASSWORD 'aftersales'" >/dev/null
  echo "PG_DSN=postgresql://aftersales:aftersales@127.0.0.1:$port/postgres" >"$dir/pg.env"
  echo "postgres $("$bin/pg_ctl" --version | awk '{print $3}') ready: 127.0.0.1:$port (workdir $dir)"
}

cmd_stop() {
  local dir="${1:?usage: postgres.sh stop <workdir> [--purge]}" bin
  bin="$(pg_bin)" || die "PostgreSQL server not installed"
  dir="$(cd "$dir" 2>/dev/null && pwd)" || return 0   # no workdir, nothing to stop
  if [[ -f "$dir/pgdata/postmaster.pid" ]] && kill -0 "$(head -n1 "$dir/pgdata/postmaster.pid")" 2>/dev/null; then
    as_owner "$bin/pg_ctl" stop -D "$dir/pgdata" -m fast -w -t 60 >/dev/null
  fi
  if [[ "${2:-}" == --purge ]]; then rm -rf "$dir/pgdata" "$dir/run"; fi
}

cmd_kill() {
  local dir="${1:?usage: postgres.sh kill <workdir>}" pid children
  dir="$(cd "$dir" && pwd)"
  pid="$(head -n1 "$dir/pgdata/postmaster.pid" 2>/dev/null)" || die "no server running in $dir"
  kill -0 "$pid" 2>/dev/null || die "no server running in $dir"
  children="$(pgrep -P "$pid" || true)"
  kill -KILL "$pid" $children 2>/dev/null || true
  for _ in $(seq 100); do
    kill -0 "$pid" $children 2>/dev/null || break
    sleep 0.1
  done
}

cmd_restart() {
  local dir="${1:?usage: postgres.sh restart <workdir>}" bin port
  bin="$(pg_bin)" || die "PostgreSQL server not installed"
  dir="$(cd "$dir" && pwd)"
  port="$(sed -n 's/^port = \([0-9]*\)$/\1/p' "$dir/pgdata/postgresql.conf" | tail -n1)"
  [[ -n "$port" ]] || die "no cluster was started in $dir"
  as_owner "$bin/pg_ctl" start -w -t 60 -D "$dir/pgdata" -l "$dir/postgres.log" >/dev/null \
    || { tail -n 30 "$dir/postgres.log" >&2; die "postgres did not restart (log: $dir/postgres.log)"; }
  "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -t 30 || die "pg_isready failed on 127.0.0.1:$port"
  echo "postgres restarted: 127.0.0.1:$port (workdir $dir)"
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start "${2:-}" ;;
  stop) cmd_stop "${2:-}" "${3:-}" ;;
  kill) cmd_kill "${2:-}" ;;
  restart) cmd_restart "${2:-}" ;;
  *) die "usage: postgres.sh install | start <workdir> | stop <workdir> [--purge] | kill <workdir> | restart <workdir>" ;;
esac
