#!/usr/bin/env bash
# Query benchmark: Ophion against the ClickHouse engine (chDB) on the same seeded P1 spans and
# logs. See bench/QUERY.md.
#
#   bench/query.sh [SIZE…] [options]     e.g. bench/query.sh 1m 10m, bench/query.sh 200k --runs 5
#
# Creates a throwaway Python venv (removed on exit) with chdb-core and opentelemetry-proto,
# then runs bench/query.py. The server binary is $OPHION_BIN, by default
# ${CARGO_TARGET_DIR:-~/.cache/ophion-target}/release/ophion (build it first: make build).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$(mktemp -d "${TMPDIR:-/tmp}/ophion-qbench-venv.XXXXXX")"
trap 'rm -rf "$venv"' EXIT

python3 -m venv "$venv"
# chdb-core brings numpy, pyarrow and pandas; the OpenTelemetry pins match tests/e2e.
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  chdb-core==26.9.0 opentelemetry-proto==1.45.1 protobuf==7.36.2

QBENCH_COMMAND="bench/query.sh $*" "$venv/bin/python" "$root/bench/query.py" "$@"
