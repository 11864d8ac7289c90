#!/usr/bin/env bash
# Ingest and query figures for each store on this machine: embedded (DuckDB), ClickHouse (the
# ClickHouse engine from chdb-core behind testkit/clickhouse_http.py) and PostgreSQL (a
# throwaway cluster, fsync on).
#
#   bash bench/stores.sh [SPANS] [STORES]     default: 200k "embedded clickhouse postgres"
#
# Per store: (1) ingest: bench/quick_ingest.py, 4 OTLP/HTTP connections of 512-span P1-like
# requests for 5 s, then the wait until every acknowledged span is stored; (2) queries:
# bench/query.py SPANS --engines ophion on a fresh database. Uses the release binary and the
# e2e venv (scripts/e2e.sh --setup); everything temporary lives in one mktemp dir, removed on
# exit with any process left running. Results print to stdout and go to bench/results/.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
spans="${1:-200k}"
stores="${2:-embedded clickhouse postgres}"
bin="${OPHION_BIN:-${CARGO_TARGET_DIR:-$HOME/.cache/ophion-target}/release/ophion}"
python="${OPHION_TEST_PYTHON:-${OPHION_CACHE_DIR:-$HOME/.cache/ophion}/e2e-venv/bin/python}"
work="$(mktemp -d /tmp/ophion-stores-XXXXXX)"
pids=()
pg_stop=""
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [[ -n "$pg_stop" ]] && eval "$pg_stop" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
cp "$bin" "$work/ophion" # a rebuild during the run changes nothing
free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The backing servers, started once.
if [[ " $stores " == *" clickhouse "* ]]; then
  "$python" "$root/testkit/clickhouse_http.py" --port 0 --path "$work/chdb" >"$work/ch.out" 2>"$work/ch.err" &
  pids+=($!)
  for _ in $(seq 60); do grep -q listening "$work/ch.out" 2>/dev/null && break; sleep 1; done
  clickhouse_url="$(sed -n 's/^listening on //p' "$work/ch.out")"
fi
if [[ " $stores " == *" postgres "* ]]; then
  bindir="$(dirname "$(command -v initdb || ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")"
  as=(); [[ $(id -u) -eq 0 ]] && as=(runuser -u postgres --) && chown postgres "$work"
  pg_port="$(free_port)"
  "${as[@]}" "$bindir/initdb" -D "$work/pg" -U ophion --auth=trust -E UTF8 >/dev/null
  "${as[@]}" "$bindir/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w \
    -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1" start >/dev/null
  pg_stop="${as[*]} $bindir/pg_ctl -D $work/pg -m fast stop"
  psql="$(command -v psql || echo "$bindir/psql")"
  for db in ingest query; do "$psql" -q -h 127.0.0.1 -p "$pg_port" -U ophion -d postgres -c "CREATE DATABASE $db"; done
fi

config() { # store phase -> YAML path
  local file="$work/$1-$2.yaml"
  case "$1" in
    embedded) echo "store: { kind: embedded }" >"$file" ;;
    clickhouse) echo "store: { kind: clickhouse, clickhouse: { url: '$clickhouse_url', database: $2 } }" >"$file" ;;
    postgres) echo "store: { kind: postgres, postgres: { url: 'postgres://ophion@127.0.0.1:$pg_port/$2' } }" >"$file" ;;
  esac
  echo "$file"
}

report="$root/bench/results/$(date -u +%Y-%m-%d)-stores.md"
{
  echo "# Stores on this machine: ingest and queries"
  echo
  echo "Command: \`bash bench/stores.sh $spans \"$stores\"\`, commit $(git -C "$root" rev-parse --short HEAD), $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p')."
} | tee "$report"
for store in $stores; do
  echo -e "\n## $store\n" | tee -a "$report"
  grpc="$(free_port)" http="$(free_port)" api="$(free_port)"
  "$work/ophion" serve --config "$(config "$store" ingest)" --data-dir "$work/data-$store" \
    --otlp-grpc-addr "127.0.0.1:$grpc" --otlp-http-addr "127.0.0.1:$http" --api-addr "127.0.0.1:$api" \
    >"$work/ingest-$store.log" 2>&1 &
  server=$!
  pids+=("$server")
  for _ in $(seq 60); do curl -sf "http://127.0.0.1:$api/health/ready" >/dev/null && break; sleep 1; done
  "$python" "$root/bench/quick_ingest.py" "http://127.0.0.1:$http/v1/traces" "http://127.0.0.1:$api" 4 5 | tee -a "$report"
  kill -TERM "$server"; wait "$server" || true
  "$python" "$root/bench/query.py" "$spans" --engines ophion --runs 10 --cold-runs 2 \
    --ophion-bin "$work/ophion" --config "$(config "$store" query)" --work-dir "$work" --out-dir "$work" |
    sed -n '/^| /p' | tee -a "$report"
done
echo -e "\nreport: $report"
