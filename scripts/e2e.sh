#!/usr/bin/env bash
# End-to-end tests: real OpenTelemetry SDK clients (Python, Node.js) against a built `ophion`.
#
#   scripts/e2e.sh [pytest args…]      e.g. scripts/e2e.sh -k redaction
#   scripts/e2e.sh --setup              only install what the tests need (see below)
#
# Installs what the tests need outside the work tree, only when it changed: a Python venv at
# ${OPHION_CACHE_DIR:-~/.cache/ophion}/e2e-venv from tests/e2e/requirements.txt, Debian's
# Chromium for the console's browser tests, and node_modules (git-ignored) from the lock files of
# tests/e2e/node, tests/browser and console/web (the console's build tools). The binary is
# $OPHION_BIN, by default ${CARGO_TARGET_DIR:-~/.cache/ophion-target}/release/ophion.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
e2e="$root/tests/e2e"
cache="${OPHION_CACHE_DIR:-$HOME/.cache/ophion}"
venv="$cache/e2e-venv"
export OPHION_BIN="${OPHION_BIN:-${CARGO_TARGET_DIR:-$HOME/.cache/ophion-target}/release/ophion}"

loud() {
  printf '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' >&2
  printf '!!! %s\n' "$@" >&2
  printf '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n' >&2
}

# System packages: Python with venv, Node.js with npm, PostgreSQL, docker-compose, promtool.
# Installed with apt-get when this runs as root on Debian (CI, a fresh machine); otherwise say
# what is missing.
need=()
python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3 python3-venv)
{ command -v node >/dev/null && command -v npm >/dev/null; } || need+=(nodejs npm)
# The storage tests' throwaway PostgreSQL cluster (testkit::servers also looks in
# /usr/lib/postgresql/*/bin, where Debian puts the server binaries).
{ command -v initdb >/dev/null || compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; } ||
  need+=(postgresql)
# test_compose.py validates docker-compose.yml with it (no container engine needed).
command -v docker-compose >/dev/null || need+=(docker-compose)
# alerts/tests/promtool.rs checks the alert state machine against Prometheus' own promtool.
command -v promtool >/dev/null || need+=(prometheus)
# The console's browser tests drive Debian's Chromium (never a downloaded browser).
command -v chromium >/dev/null || need+=(chromium fonts-dejavu-core)
if ((${#need[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "e2e: installing ${need[*]} with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${need[@]}" >/dev/null
  else
    loud "e2e: missing system packages: ${need[*]} (Debian: apt-get install ${need[*]})"
  fi
fi

mkdir -p "$cache"
exec 9>"$cache/e2e-setup.lock"
flock 9 # one setup at a time per cache dir

# Python: recreate the venv if broken, reinstall when requirements.txt changes.
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$e2e/requirements.txt" | cut -d' ' -f1)"
if ! "$venv/bin/python" -c '' 2>/dev/null; then
  echo "e2e: creating $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
fi
if [[ "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
  echo "e2e: installing tests/e2e/requirements.txt into $venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$e2e/requirements.txt"
  echo "$want" >"$stamp"
fi

# Node.js: npm ci in each Node folder when its node_modules is missing or its lock file changed.
if command -v node >/dev/null && command -v npm >/dev/null; then
  for node_dir in "$e2e/node" "$root/tests/browser" "$root/console/web"; do
    node_stamp="$node_dir/node_modules/.package-lock.sha256"
    node_want="$(cat "$node_dir/package.json" "$node_dir/package-lock.json" | sha256sum | cut -d' ' -f1)"
    if [[ "$(cat "$node_stamp" 2>/dev/null)" != "$node_want" ]]; then
      echo "e2e: npm ci in ${node_dir#"$root"/}"
      (cd "$node_dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
      echo "$node_want" >"$node_stamp"
    fi
  done
else
  loud "e2e: node/npm not found on PATH: the Node.js SDK test will be SKIPPED, the browser tests will FAIL"
fi
exec 9>&-
[[ "${1:-}" == --setup ]] && exit 0

if [[ ! -x "$OPHION_BIN" ]]; then
  loud "e2e: no ophion binary at $OPHION_BIN" \
    "build it with 'make build' (CARGO_TARGET_DIR defaults to ~/.cache/ophion-target)" \
    "or set OPHION_BIN to its path"
  exit 1
fi

cd "$root"
status=0
PYTHONDONTWRITEBYTECODE=1 "$venv/bin/python" -m pytest tests/e2e -q "$@" || status=$?
if [[ $status -eq 5 ]]; then
  loud "e2e: pytest collected no tests: treating that as a failure"
  exit 1
fi
exit "$status"
