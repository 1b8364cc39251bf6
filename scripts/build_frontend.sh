#!/usr/bin/env bash
# Builds one web frontend (apps/console, apps/customer) only when its sources changed:
# `npm ci` when package-lock.json changed (node_modules is kept), `npm run build` when any source
# file changed since the last build. Without Node.js the API still runs and the build is skipped.
set -euo pipefail
app="${1:?usage: build_frontend.sh <app dir>}"
cd "$app"
[ -f package.json ] || exit 0
if ! command -v npm >/dev/null 2>&1; then
  echo "note: npm not found; $app is not built (the API runs without it)" >&2
  exit 0
fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -d node_modules ] || [ "$(cat node_modules/.lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  echo "==> npm ci ($app)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.lock-hash
fi
# the app's own files and the generated API types both apps share (../api-schema)
src_hash=$(find . ../api-schema \( -name node_modules -o -name dist -o -name test-results -o -name playwright-report \) -prune \
  -o -type f -print | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum | cut -d' ' -f1)
if [ ! -f dist/index.html ] || [ "$(cat node_modules/.build-hash 2>/dev/null)" != "$src_hash" ]; then
  echo "==> npm run build ($app)"
  npm run build --silent
  echo "$src_hash" > node_modules/.build-hash
fi
