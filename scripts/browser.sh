#!/usr/bin/env bash
# The console in a real browser: Debian's Chromium driven by playwright-core against a built
# `ophion serve` seeded by a real OpenTelemetry SDK app (tests/browser). Screenshots of every
# screen in both themes go to $OPHION_BROWSER_RESULTS (default tests/browser/results).
#
#   scripts/browser.sh [node --test args…]   e.g. scripts/browser.sh --test-name-pattern=logs
#
# What it needs is installed by `scripts/e2e.sh --setup` (`make test-env`).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export OPHION_BIN="${OPHION_BIN:-${CARGO_TARGET_DIR:-$HOME/.cache/ophion-target}/release/ophion}"
export CHROME_BIN="${CHROME_BIN:-$(command -v chromium || true)}"

fail() {
  printf '\n!!! browser: %s\n\n' "$@" >&2
  exit 1
}
[[ -x "$OPHION_BIN" ]] || fail "no ophion binary at $OPHION_BIN (make build)"
[[ -n "$CHROME_BIN" ]] || fail "no chromium on PATH (make test-env installs Debian's)"
[[ -d "$root/tests/browser/node_modules/playwright-core" ]] || fail "tests/browser/node_modules missing (make test-env)"

cd "$root/tests/browser"
# One test file at a time: each starts its own server and browser on a 2-core machine.
exec node --test --test-concurrency=1 --test-reporter=spec "$@" ./*.test.mjs
