#!/usr/bin/env bash
# Fuzz every target (or those named) for FUZZ_SECONDS each, all at once, then minimise the
# corpus and pack it back into fuzz/corpus.tar.zst (corpus/<target>/<input>, the one file the
# repository keeps; tests/corpus.rs replays it). Crashes land in fuzz/targets/artifacts/<target>/.
#
#   scripts/fuzz.sh                       # every target, 60 s each
#   FUZZ_SECONDS=1800 scripts/fuzz.sh     # the recorded campaign (docs/reliability.md)
#   scripts/fuzz.sh decompress            # one target
#
# cargo-fuzz needs nightly compiler flags (sanitizers, coverage); RUSTC_BOOTSTRAP=1 lets the
# pinned stable toolchain accept them. Installs cargo-fuzz with `cargo install` if missing.
# Needs tar and zstd.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ophion-target}"
export RUSTC_BOOTSTRAP=1
seconds="${FUZZ_SECONDS:-60}"
fuzz=(cargo fuzz)
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
command -v zstd >/dev/null || { echo "fuzz: needs the zstd command (apt-get install zstd)" >&2; exit 1; }
archive=fuzz/corpus.tar.zst

targets=("$@")
((${#targets[@]})) || mapfile -t targets < <("${fuzz[@]}" list --fuzz-dir fuzz/targets)
"${fuzz[@]}" build --fuzz-dir fuzz/targets "${targets[@]/#/--bin=}" 2>/dev/null ||
  "${fuzz[@]}" build --fuzz-dir fuzz/targets

logs="${FUZZ_LOG_DIR:-$(mktemp -d)}"
echo "fuzz: ${targets[*]} for ${seconds}s each; logs in $logs"
# The committed corpus, unpacked: $corpus/<target>/.
corpus="$logs/corpus"
rm -rf "$corpus"
zstd -dc "$archive" | tar -x -C "$logs"
pids=()
for target in "${targets[@]}"; do
  mkdir -p "$corpus/$target"
  # New inputs go to a scratch dir; the committed corpus is only read, then minimised below.
  scratch="$logs/$target.new"
  mkdir -p "$scratch"
  nice -n 19 "${fuzz[@]}" run --fuzz-dir fuzz/targets "$target" "$scratch" "$corpus/$target" -- \
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
  "${fuzz[@]}" run --fuzz-dir fuzz/targets "$target" "$merged" "$corpus/$target" "$logs/$target.new" \
    -- -merge=1 >"$logs/$target.merge.log" 2>&1
  find "$corpus/$target" -name 'seed-*' -o -name 'regression-*' | xargs -r cp -t "$merged"
  rm -rf "${corpus:?}/$target" && mv "$merged" "$corpus/$target"
  echo "fuzz: $target corpus: $(ls "$corpus/$target" | wc -l) inputs"
done
# Pack every target's corpus (those not fuzzed unchanged) the same way each time: sorted
# names, no owner, time or mode of this machine, so an unchanged corpus packs to equal bytes.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 --mode='u=rwX,go=rX' \
  -C "$logs" -cf - corpus | zstd -19 -q -f -o "$archive"
echo "fuzz: $archive: $(zstd -dc "$archive" | tar -t | grep -vc '/$') inputs"
exit "$failed"
