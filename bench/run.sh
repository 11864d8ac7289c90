#!/usr/bin/env bash
# Side-by-side benchmark: Ophion and Rotel (blackhole exporter) under the same ophion-loadgen.
#
#   bash bench/run.sh [efficiency|saturation|capacity|all]     (default: efficiency + saturation,
#                                                              plus capacity when BENCH_CAPACITY=1)
#
# Uses the release binaries of `make build` (copied first, so a rebuild during the run changes
# nothing), installs the pinned `rotel` package into a throwaway venv, and runs
# bench/sidebyside.py. Everything temporary lives in one mktemp dir, removed on exit together
# with any process left running. The report goes to stdout and bench/results/. See
# bench/README.md for the scenarios and the environment variables.
set -euo pipefail

ROTEL_VERSION=${ROTEL_VERSION:-0.0.1a15}
here=$(cd "$(dirname "$0")" && pwd)
bin_dir=${BENCH_BIN_DIR:-${CARGO_TARGET_DIR:-$HOME/.cache/ophion-target}/release}
scenario=${1:-default}

case "$scenario" in
  efficiency | saturation | capacity | all | default) ;;
  -h | --help)
    sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *)
    echo "bench: unknown scenario '$scenario' (efficiency|saturation|capacity|all)" >&2
    exit 2
    ;;
esac

for b in ophion ophion-loadgen; do
  if [ ! -x "$bin_dir/$b" ]; then
    echo "bench: $bin_dir/$b not found: run 'make build' first (or set BENCH_BIN_DIR)" >&2
    exit 1
  fi
done
for tool in taskset python3; do
  command -v "$tool" >/dev/null || { echo "bench: '$tool' is required" >&2; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ophion-bench.XXXXXX")
orchestrator=

cleanup() {
  local status=$?
  trap - EXIT INT TERM HUP
  if [ -n "$orchestrator" ] && kill -0 "$orchestrator" 2>/dev/null; then
    kill -TERM "$orchestrator" 2>/dev/null || true
    wait "$orchestrator" 2>/dev/null || true
  fi
  # Children the orchestrator could not stop itself (it keeps this file to the live ones).
  if [ -s "$tmp/children.pids" ]; then
    while read -r pid; do
      [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true
    done <"$tmp/children.pids"
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

mkdir -p "$tmp/bin"
cp "$bin_dir/ophion" "$bin_dir/ophion-loadgen" "$tmp/bin/"

if [ -n "${ROTEL_AGENT:-}" ]; then
  echo "bench: using ROTEL_AGENT=$ROTEL_AGENT (no venv)" >&2
  python=python3
  agent=$ROTEL_AGENT
else
  echo "bench: installing rotel==$ROTEL_VERSION into a throwaway venv" >&2
  python3 -m venv "$tmp/venv"
  python=$tmp/venv/bin/python
  "$python" -m pip install --quiet --disable-pip-version-check "rotel==$ROTEL_VERSION"
  # The package ships the agent binary inside itself, not on PATH.
  agent=$("$python" -c 'import importlib.util, os
spec = importlib.util.find_spec("rotel")
print(os.path.join(os.path.dirname(spec.origin), "rotel-agent"))')
fi
[ -x "$agent" ] || { echo "bench: rotel-agent not found at $agent" >&2; exit 1; }

# In the background so that a TERM to this script reaches the trap at once.
"$python" "$here/sidebyside.py" "$scenario" --tmp "$tmp" \
  --ophion "$tmp/bin/ophion" --loadgen "$tmp/bin/ophion-loadgen" --rotel-agent "$agent" &
orchestrator=$!
status=0
wait "$orchestrator" || status=$?
orchestrator=
exit "$status"
