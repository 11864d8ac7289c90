# Every check CI runs lives here; .ci/run calls `make test`.
#
# Tests and `cargo run --release` share the release profile so DuckDB's C++ is compiled once
# per machine; keep the build cache outside the work tree.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/ophion-target
CARGO ?= cargo

.PHONY: test fmt fmt-check lint unit e2e build serve clean-data

## The whole suite: formatting, lints, Rust tests, then real SDK clients end to end.
test: fmt-check lint unit e2e

fmt:
	$(CARGO) fmt --all

fmt-check:
	$(CARGO) fmt --all -- --check

lint:
	$(CARGO) clippy --release --workspace --all-targets -- -D warnings

unit:
	$(CARGO) test --release --workspace --no-fail-fast

build:
	$(CARGO) build --release -p ophion

## Python and Node OpenTelemetry SDKs against a running `ophion serve`.
e2e: build
	bash scripts/e2e.sh

serve:
	$(CARGO) run --release -- serve
