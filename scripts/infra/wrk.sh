#!/usr/bin/env bash
# wrk, the HTTP load generator of `make bench` (bench/run.py) and its smoke test.
#
#   wrk.sh install    nothing when `wrk` is on PATH; else, as root, apt-get install wrk
#                     (Debian's package); otherwise fail with what to do.
set -euo pipefail

die() { echo "wrk.sh: $*" >&2; exit 1; }

cmd_install() {
  command -v wrk >/dev/null && return 0
  ((EUID == 0)) && command -v apt-get >/dev/null ||
    die "wrk is not installed and cannot be installed here (not root or no apt-get); install it: apt-get install wrk (Debian/Ubuntu), brew install wrk (macOS)"
  echo "==> apt-get install wrk"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends wrk >/dev/null
  command -v wrk >/dev/null || die "apt-get installed wrk but it is not on PATH"
}

case "${1:-}" in
  install) cmd_install ;;
  *) die "usage: wrk.sh install" ;;
esac
