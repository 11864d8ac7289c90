# Every check CI runs lives here; .ci/run calls `make test`.
#
# DuckDB's bundled C++ takes ~25 minutes on 2 cores, so it must be compiled once per machine:
# - one profile (release) for tests and for running;
# - one package selection everywhere (WORKSPACE): Cargo resolves features per selection, and a
#   different selection (`-p some-crate`) gives DuckDB's build script other host features and
#   recompiles all of the C++;
# - the build cache outside the work tree.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/ophion-target
CARGO ?= cargo
WORKSPACE = --release --workspace --all-targets

.PHONY: test fmt fmt-check lint unit test-support test-env e2e e2e-run browser console console-check build serve fuzz campaign bench bench-hot-path bench-query bench-stores ai-scores

## The whole suite: formatting, the console's embedded build against its sources, and the Rust
## tests (which build everything), then side by side the lints, the test servers' own checks,
## real SDK clients end to end and the console in Chromium. The end-to-end and browser tests run
## the binary the Rust tests built and mostly wait on servers, SDK apps and the browser, so the
## lints' compile fills that time; on a cold cache DuckDB's C++ is built once, by the tests.
test: fmt-check console-check unit
	$(MAKE) --no-print-directory --output-sync=target -j3 lint test-support e2e-run browser

fmt:
	$(CARGO) fmt --all

fmt-check:
	$(CARGO) fmt --all -- --check

## Lints twice: the default build, and the build without the shared stores (`--no-default-features`
## turns off ophion's and ophion-storage's `clickhouse` and `postgres` features; no other member
## has features). Only workspace members' features change, so libduckdb-sys keeps its features
## and build dependencies: its C++ is not compiled again for the second set.
lint:
	$(CARGO) clippy $(WORKSPACE) -- -D warnings
	$(CARGO) clippy $(WORKSPACE) --no-default-features -- -D warnings

## The storage tests start throwaway servers: PostgreSQL (initdb/pg_ctl) and the ClickHouse
## adapter, which runs in the test venv. `build` first: it also makes the binaries the
## end-to-end tests run (`ophion`, `ophion-loadgen`).
unit: test-env build
	$(CARGO) test $(WORKSPACE) --no-fail-fast

build:
	$(CARGO) build $(WORKSPACE)

## The ClickHouse HTTP adapter over chDB (testkit/clickhouse_http.py) against its smoke test,
## and the AI scorers' self-test, in the test venv that scripts/e2e.sh keeps.
TEST_PYTHON = $(or $(OPHION_CACHE_DIR),$(HOME)/.cache/ophion)/e2e-venv/bin/python
test-support: test-env
	$(TEST_PYTHON) testkit/test_clickhouse_http.py
	$(TEST_PYTHON) bench/ai/test_scorers.py

## What the tests install (system packages, the test venv, Node modules), only when it changed.
test-env:
	bash scripts/e2e.sh --setup

## Python and Node OpenTelemetry SDKs against a running `ophion serve`.
e2e: build e2e-run

## The end-to-end tests against the binary already built.
e2e-run:
	bash scripts/e2e.sh

## The console in Debian's Chromium (tests/browser), against the binary already built.
browser:
	bash scripts/browser.sh

## Rebuild the console's embedded assets (console/dist) from console/web with esbuild.
console: test-env
	node console/web/build.mjs

## The embedded assets must be exactly what the sources produce.
console-check: console
	git diff --exit-code --stat -- console/dist
	@test -z "$$(git status --porcelain -- console/dist)" || \
	  { git status --porcelain -- console/dist; echo "console/dist has files the build does not make"; exit 1; }

## Fuzz every target for FUZZ_SECONDS each (default 60; the recorded campaign used 1860), then
## fold what the fuzzer found back into fuzz/corpus.tar.zst. See docs/reliability.md.
fuzz:
	bash scripts/fuzz.sh

## The long fault campaign (CI runs the short one inside `e2e`): 50 kills, 3 minutes of 3x
## overload, a 1 GiB backlog, HTTP/2 floods, a million distinct clients. Figures are appended
## to CAMPAIGN_REPORT as JSON lines.
CAMPAIGN_REPORT ?= campaign-report.jsonl
campaign: build
	OPHION_CAMPAIGN=long $(CARGO) test --release --workspace --test it -- hostile::distinct --nocapture
	OPHION_CAMPAIGN=long OPHION_CAMPAIGN_REPORT=$(abspath $(CAMPAIGN_REPORT)) bash scripts/e2e.sh -k "campaign or flood" -s

## Ophion beside Rotel (blackhole) under the same load generator; the report goes to
## bench/results/. SCENARIO=efficiency|saturation|capacity|all (default: the first two; the
## capacity ramp is long). Settings: bench/README.md.
bench: build
	bash bench/run.sh $(SCENARIO)

## criterion benchmarks of each hot-path stage (decode, redaction, queue, store encoding and
## append) on the load generator's profiles.
bench-hot-path:
	$(CARGO) bench --workspace --bench hot_path

## The query benchmark against the ClickHouse engine (chDB) on the same data. SIZES=1m|10m.
SIZES ?= 1m
bench-query: build
	bash bench/query.sh $(SIZES)

## Ingest and query figures for each store (embedded, ClickHouse via chDB, PostgreSQL).
bench-stores: build test-env
	bash bench/stores.sh 200k

## The AI engine's scores on public data (docs/ai.md): NAB with `ophion ai detect`, Loghub with
## `ophion ai patterns`, root causes with `/api/v1/rca` on replayed fault cases, each on a tuning
## and a held-back half. AI_DATA holds nab-dev/, loghub-dev/ and rca-dev/.
AI_DATA ?= ../shared/data
ai-scores: build
	python3 bench/ai/nab_score.py --ophion $(CARGO_TARGET_DIR)/release/ophion --data $(AI_DATA)/nab-dev
	smd=$$(mktemp -d) && trap 'rm -rf "$$smd"' EXIT && \
	python3 bench/ai/smd_nab.py --data $(AI_DATA)/metrics-dev --out "$$smd" && \
	python3 bench/ai/nab_score.py --ophion $(CARGO_TARGET_DIR)/release/ophion --data "$$smd" --split dir
	python3 bench/ai/loghub_score.py --ophion $(CARGO_TARGET_DIR)/release/ophion --data $(AI_DATA)/loghub-dev
	python3 bench/ai/rca_score.py --ophion $(CARGO_TARGET_DIR)/release/ophion --data $(AI_DATA)/rca-dev

## Run Ophion with the embedded store under ./data (same build as the tests).
serve: build
	$(CARGO_TARGET_DIR)/release/ophion serve $(ARGS)
