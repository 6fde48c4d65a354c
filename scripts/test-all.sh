#!/usr/bin/env bash
# Installs what the tests need and runs every test: unit and integration (turbo), then the end-to-end suite
# (real processes, Debian's Chromium). The one command of the README for tests, and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x "${FEDLAB_CHROMIUM:-/usr/bin/chromium}" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "fedlab: installing Debian's chromium for the browser tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "fedlab: the browser tests need Debian's chromium: sudo apt-get install -y chromium" >&2
    exit 1
  fi
fi

npm ci --no-audit --no-fund
npx turbo run typecheck test build --output-logs=errors-only --concurrency=2
npx tsc -p scripts/tsconfig.json
npm run test:e2e
echo "fedlab: every test passed"
