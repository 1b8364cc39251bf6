#!/usr/bin/env bash
# Browser tests (make e2e, part of make test): Debian's Chromium and CJK fonts (installed with
# apt-get when absent, as root, as CI runs), the frontends' unit tests, then Playwright against a
# fresh embedded server on a free port with a temporary data dir (see playwright.config.ts).
# Failure screenshots and traces: tests/e2e/test-results/; HTML report: tests/e2e/playwright-report/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
export CHROMIUM_PATH

need=()
[ -x "$CHROMIUM_PATH" ] || need+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "==> apt-get install ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  elif [ "${CI:-}" = "true" ]; then
    echo "error: ${need[*]} missing and cannot be installed (not root); browser tests never skip in CI" >&2
    exit 1
  else
    echo "warning: ${need[*]} missing (run as root to install); browser tests skipped" >&2
    exit 0
  fi
fi

# The frontends' own unit tests (Vitest), with the dependencies make frontends installed.
for app in "$root/apps/console" "$root/apps/customer"; do
  if [ -f "$app/package.json" ] && grep -q '"test":' "$app/package.json"; then
    echo "==> npm test (${app#"$root/"})"
    (cd "$app" && npm test --silent)
  fi
done

# The API types both frontends compile against (apps/api-schema) match the services' OpenAPI today.
fresh="$(mktemp -d)"
(cd "$root/apps/console" && API_SCHEMA_OUT="$fresh" node ../api-schema/gen.mjs >/dev/null)
if ! diff -ru --exclude='*.md' --exclude='*.mjs' "$root/apps/api-schema" "$fresh"; then
  echo "error: apps/api-schema is stale: run 'npm run gen:api' in apps/console and commit it" >&2
  exit 1
fi
rm -rf "$fresh"

cd "$here"
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -d node_modules ] || [ "$(cat node_modules/.lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.lock-hash
fi
exec npx playwright test "$@"
