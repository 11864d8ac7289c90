#!/usr/bin/env bash
# Fuzz every target (or those named) for FUZZ_SECONDS each, all at once, then minimise the
# corpus back into fuzz/corpus/<target>. Crashes land in fuzz/targets/artifacts/<target>/.
#
#   scripts/fuzz.sh                       # every target, 60 s each
#   FUZZ_SECONDS=1800 scripts/fuzz.sh     # the recorded campaign (docs/reliability.md)
#   scripts/fuzz.sh decompress            # one target
#
# cargo-fuzz needs nightly compiler flags (sanitizers, coverage); RUSTC_BOOTSTRAP=1 lets the
# pinned stable toolchain accept them. Installs cargo-fuzz with `cargo install` if missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ophion-target}"
export RUSTC_BOOTSTRAP=1
seconds="${FUZZ_SECONDS:-60}"
fuzz=(cargo fuzz)
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz

targets=("$@")
((${#targets[@]})) || mapfile -t targets < <("${fuzz[@]}" list --fuzz-dir fuzz/targets)
"${fuzz[@]}" build --fuzz-dir fuzz/targets "${targets[@]/#/--bin=}" 2>/dev/null ||
  "${fuzz[@]}" build --fuzz-dir fuzz/targets

logs="${FUZZ_LOG_DIR:-$(mktemp -d)}"
echo "fuzz: ${targets[*]} for ${seconds}s each; logs in $logs"
pids=()
for target in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$target"
  # New inputs go to a scratch dir; the committed corpus is only read, then minimised below.
  scratch="$logs/$target.new"
  mkdir -p "$scratch"
  nice -n 19 "${fuzz[@]}" run --fuzz-dir fuzz/targets "$target" "$scratch" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    >"$logs/$target.log" 2>&1 &
  pids+=($!)
done
failed=0
for i in "${!pids[@]}"; do
  if wait "${pids[$i]}"; then
    echo "fuzz: ${targets[$i]}: $(grep -E 'stat::number_of_executed_units' "$logs/${targets[$i]}.log" | tail -1)"
  else
    echo "fuzz: ${targets[$i]} FAILED, see $logs/${targets[$i]}.log and fuzz/targets/artifacts/${targets[$i]}" >&2
    failed=1
  fi
done
# Keep the corpus small: only inputs that add coverage go back into the repository.
for target in "${targets[@]}"; do
  merged="$logs/$target.merged"
  mkdir -p "$merged"
  "${fuzz[@]}" run --fuzz-dir fuzz/targets "$target" "$merged" "fuzz/corpus/$target" "$logs/$target.new" \
    -- -merge=1 >"$logs/$target.merge.log" 2>&1
  find "fuzz/corpus/$target" -name 'seed-*' -o -name 'regression-*' | xargs -r cp -t "$merged"
  rm -rf "fuzz/corpus/$target" && mv "$merged" "fuzz/corpus/$target"
  echo "fuzz: $target corpus: $(ls "fuzz/corpus/$target" | wc -l) inputs"
done
exit "$failed"
