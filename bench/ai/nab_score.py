#!/usr/bin/env python3
"""Score `ophion ai detect` on the Numenta Anomaly Benchmark (NAB).

Faithful to NAB's nab/sweeper.py and runner.normalize(). Two detection sets are
scored: the detector's own `label` column (the fixed threshold the engine runs
with) and, as NAB's scoreboard does, `anomaly_score` at the threshold that scores
best (swept per profile). The files are also split in halves (name order, even
positions tune, odd are held back) and the held-back half is scored at the
threshold swept on the tuning half.

Usage:
  python3 bench/ai/nab_score.py --ophion PATH --data DIR [--json OUT] [--outputs DIR]

DIR holds labels.json ("subdir/file.csv" -> [[start, end], ...]) and data/<subdir>/<file>.csv.
"""
import argparse
import bisect
import csv
import io
import json
import math
import os
import subprocess
import sys
from datetime import datetime

# NAB's config/profiles.json.
PROFILES = {
    "standard": {"tp": 1.0, "fp": 0.11, "fn": 1.0},
    "reward_low_FP": {"tp": 1.0, "fp": 0.22, "fn": 1.0},
    "reward_low_FN": {"tp": 1.0, "fp": 0.11, "fn": 2.0},
}

# Published NAB scoreboard, standard profile, full 58-file corpus (context only:
# the dev corpus here is a subset, so the numbers are not directly comparable).
REFERENCE_STANDARD = {"windowed Gaussian": 39.6, "Twitter ADVec": 47.1}

PROBATION_PERCENT = 0.15
OUTPUT_HEADER = ["timestamp", "value", "anomaly_score", "label"]


class ScoringError(Exception):
    """Detector output or benchmark data violates the contract."""


# ---------------------------------------------------------------- pure scoring

def scaled_sigmoid(x):
    """NAB's scaledSigmoid: +0.987 at a window's left edge, 0 at its right edge,
    -1 far past it. NAB's code uses `>= 3.0`; at exactly 3 the two branches
    differ by 3e-7, so `>` vs `>=` is immaterial."""
    if x >= 3.0:
        return -1.0
    return 2.0 / (1.0 + math.exp(5.0 * x)) - 1.0


def probationary_length(n_rows):
    """Rows at the start that are never scored: min(floor(15% n), 15% of 5000)."""
    return int(min(math.floor(PROBATION_PERCENT * n_rows), PROBATION_PERCENT * 5000))


def parse_timestamp(text):
    """Accepts both '2014-04-01 00:00:00' and '2014-04-10 07:15:00.000000'."""
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError as e:
        raise ScoringError(f"bad timestamp {text!r}") from e


def window_indices(timestamps, windows):
    """Map [start, end] timestamp windows to inclusive (left, right) row indices.

    timestamps: datetimes in increasing order; windows: [[start, end], ...] strings.
    NAB's labels hit row timestamps exactly; taking the rows inside [start, end]
    gives the same indices and also tolerates labels between rows.
    """
    out = []
    for start, end in windows:
        left = bisect.bisect_left(timestamps, parse_timestamp(start))
        right = bisect.bisect_right(timestamps, parse_timestamp(end)) - 1
        if left > right:
            raise ScoringError(f"window [{start}, {end}] contains no rows")
        if out and left <= out[-1][1]:
            raise ScoringError(f"window [{start}, {end}] overlaps or precedes the previous one")
        out.append((left, right))
    return out


def row_credits(n, windows, profile):
    """What a detection would earn at each scored (post-probation) row of a file with `n`
    rows: (row, window index or None, value). In a window, the value falls with lateness
    (only a window's best detection counts); outside, it is a false positive's (negative)
    weight, lighter just after a window."""
    prob = probationary_length(n)
    max_tp = scaled_sigmoid(-1.0)
    window_of = [None] * n
    for k, (left, right) in enumerate(windows):
        for i in range(left, right + 1):
            window_of[i] = k
    prev = None  # (right, width) of the last window that ended before row i
    next_k = 0
    for i in range(prob, n):
        while next_k < len(windows) and windows[next_k][1] < i:
            left, right = windows[next_k]
            prev = (right, right - left + 1)
            next_k += 1
        k = window_of[i]
        if k is not None:
            left, right = windows[k]
            position = -(right - i + 1) / (right - left + 1)
            yield i, k, scaled_sigmoid(position) * profile["tp"] / max_tp
        else:
            if prev is None:
                position = 3.0  # before any window: a full false positive
            else:
                # NAB divides by (width - 1); guard the width-1 case NAB would crash on.
                position = abs(prev[0] - i) / max(prev[1] - 1, 1)
            yield i, None, scaled_sigmoid(position) * profile["fp"]


def missed_windows(n, windows, profile):
    """Each window's score with no detection in it. NAB only learns of a window through its
    non-probationary rows, so a window wholly inside the probationary period counts for
    nothing either way."""
    prob = probationary_length(n)
    return {k: -profile["fn"] for k, (_, right) in enumerate(windows) if right >= prob}


def score_file(detections, windows, profile):
    """NAB score of one file for 0/1 detections.

    detections: list of 0/1 per row; windows: sorted, disjoint (left, right)
    inclusive row indices; profile: {"tp", "fp", "fn"} weights.
    Returns dict(raw, tp, fp, fn, detections) where tp/fn count windows and
    fp/detections count scored (post-probation) rows.
    """
    n = len(detections)
    window_score = missed_windows(n, windows, profile)
    hit = set()
    fp_score = 0.0
    n_fp = n_det = 0
    for i, k, value in row_credits(n, windows, profile):
        if not detections[i]:
            continue
        n_det += 1
        if k is not None:
            window_score[k] = max(window_score[k], value)
            hit.add(k)
        else:
            fp_score += value
            n_fp += 1
    return {
        "raw": sum(window_score.values()) + fp_score,
        "tp": len(hit),
        "fp": n_fp,
        "fn": len(window_score) - len(hit),
        "detections": n_det,
    }


def sweep(files, profile):
    """The anomaly-score threshold that scores best over a corpus (detections: rows whose
    score is at least the threshold), as NAB's sweeper finds it: rows taken from the highest
    score down, the corpus score updated row by row. files: list of (scores, windows).
    Returns dict(threshold, raw, null, perfect, normalized); threshold is None when no
    threshold beats detecting nothing."""
    events = []
    best_in = {}
    n_windows = 0
    for f, (scores, windows) in enumerate(files):
        n_windows += len(windows)
        for k, value in missed_windows(len(scores), windows, profile).items():
            best_in[(f, k)] = value
        events.extend((scores[i], f, k, value) for i, k, value in row_credits(len(scores), windows, profile))
    null = total = sum(best_in.values())
    best_raw, threshold = null, None
    events.sort(key=lambda e: -e[0])
    i = 0
    while i < len(events):
        level = events[i][0]
        while i < len(events) and events[i][0] == level:
            _, f, k, value = events[i]
            if k is None:
                total += value
            elif value > best_in[(f, k)]:
                total += value - best_in[(f, k)]
                best_in[(f, k)] = value
            i += 1
        if total > best_raw:
            best_raw, threshold = total, level
    perfect = profile["tp"] * n_windows
    return {"threshold": threshold, "raw": best_raw, "null": null, "perfect": perfect,
            "normalized": normalized_score(best_raw, null, perfect)}


def normalized_score(raw, null, perfect):
    """NAB normalization: 0 = detector that never fires, 100 = perfect."""
    if perfect == null:
        return None
    return 100.0 * (raw - null) / (perfect - null)


def score_corpus(files, profile):
    """files: list of (detections, windows). Returns dict(raw, null, perfect, normalized)
    summed over the corpus, as runner.normalize() does."""
    raw = null = 0.0
    n_windows = 0
    for detections, windows in files:
        raw += score_file(detections, windows, profile)["raw"]
        null += score_file([0] * len(detections), windows, profile)["raw"]
        n_windows += len(windows)
    perfect = profile["tp"] * n_windows  # NAB: tpCount * tpWeight over all labelled windows
    return {"raw": raw, "null": null, "perfect": perfect,
            "normalized": normalized_score(raw, null, perfect)}


# ------------------------------------------------------------- I/O, validation

def read_input_csv(path):
    """Return the timestamp strings of a NAB data file."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if not rows or [c.strip() for c in rows[0]] != ["timestamp", "value"]:
        raise ScoringError(f"{path}: header must be timestamp,value")
    return [r[0] for r in rows[1:]]


def parse_detector_output(text, input_timestamps, name):
    """Strictly validate `ophion ai detect` output; return (scores, labels)."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or rows[0] != OUTPUT_HEADER:
        raise ScoringError(f"{name}: header {rows[0] if rows else None} != {OUTPUT_HEADER}")
    body = rows[1:]
    if len(body) != len(input_timestamps):
        raise ScoringError(f"{name}: {len(body)} output rows for {len(input_timestamps)} input rows")
    scores, labels = [], []
    for i, (row, ts) in enumerate(zip(body, input_timestamps)):
        where = f"{name}: output row {i + 1}"
        if len(row) != 4:
            raise ScoringError(f"{where}: {len(row)} fields, want 4: {row}")
        if row[0] != ts:
            raise ScoringError(f"{where}: timestamp {row[0]!r} != input {ts!r}")
        try:
            float(row[1])
            score = float(row[2])
        except ValueError as e:
            raise ScoringError(f"{where}: non-numeric value/score: {row}") from e
        if not (0.0 <= score <= 1.0):  # also rejects NaN
            raise ScoringError(f"{where}: anomaly_score {row[2]} outside [0, 1]")
        if row[3] not in ("0", "1"):
            raise ScoringError(f"{where}: label {row[3]!r} not 0 or 1")
        scores.append(score)
        labels.append(int(row[3]))
    return scores, labels


def run_detector(ophion, path, timeout):
    proc = subprocess.run([ophion, "ai", "detect", "--input", path],
                          capture_output=True, timeout=timeout)
    if proc.returncode != 0:
        raise ScoringError(f"ophion ai detect {path} exited {proc.returncode}:\n"
                           + proc.stderr.decode("utf-8", "replace")[-2000:])
    return proc.stdout.decode("utf-8")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ophion", required=True, help="path to the ophion binary")
    ap.add_argument("--data", required=True, help="dir with labels.json and data/")
    ap.add_argument("--json", help="write figures to this file")
    ap.add_argument("--outputs", help="also save each detector output under this dir")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per file")
    ap.add_argument("--split", choices=["file", "dir"], default="file",
                    help="halves alternate files (default) or folders, so related files "
                         "(one machine's metrics) stay in one half")
    args = ap.parse_args(argv)

    with open(os.path.join(args.data, "labels.json"), encoding="utf-8") as f:
        labels = json.load(f)

    per_file, corpus = {}, []
    print(f"{'file':<54} {'rows':>5} {'win':>3} {'det':>5} {'TP':>3} {'FP':>5} {'FN':>3} {'raw(std)':>9}")
    for name in sorted(labels):
        path = os.path.join(args.data, "data", name)
        ts_text = read_input_csv(path)
        ts = [parse_timestamp(t) for t in ts_text]
        if any(b <= a for a, b in zip(ts, ts[1:])):
            raise ScoringError(f"{name}: input timestamps not strictly increasing")
        windows = window_indices(ts, labels[name])
        out = run_detector(args.ophion, path, args.timeout)
        if args.outputs:
            dest = os.path.join(args.outputs, name)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            with open(dest, "w", encoding="utf-8") as f:
                f.write(out)
        scores, detections = parse_detector_output(out, ts_text, name)
        corpus.append((name, scores, detections, windows))
        std = score_file(detections, windows, PROFILES["standard"])
        per_file[name] = {"rows": len(ts), "windows": len(windows),
                          "probationary_rows": probationary_length(len(ts)),
                          "labels_total": sum(detections), **std}
        print(f"{name:<54} {len(ts):>5} {len(windows):>3} {std['detections']:>5} "
              f"{std['tp']:>3} {std['fp']:>5} {std['fn']:>3} {std['raw']:>9.3f}")
    print("(det/FP count scored rows, i.e. after the probationary period; "
          "TP/FN count windows)")

    # Halves against overfitting: files (or folders) in name order, even positions tune, odd
    # are held back; the held-back half is scored at the threshold swept on the tuning half.
    key = (lambda name: name) if args.split == "file" else (lambda name: os.path.dirname(name))
    groups = sorted({key(name) for name, *_ in corpus})
    tuning = [c for c in corpus if groups.index(key(c[0])) % 2 == 0]
    held_back = [c for c in corpus if groups.index(key(c[0])) % 2 == 1]
    fixed = lambda files, w: score_corpus([(d, win) for _, _, d, win in files], w)
    swept = lambda files, w: sweep([(sc, win) for _, sc, _, win in files], w)
    at = lambda files, w, t: score_corpus(
        [([int(t is not None and x >= t) for x in sc], win) for _, sc, _, win in files], w)
    profiles = {}
    for p, w in PROFILES.items():
        tuned = swept(tuning, w)
        profiles[p] = {"fixed": fixed(corpus, w), "swept": swept(corpus, w),
                       "tuning_fixed": fixed(tuning, w), "tuning_swept": tuned,
                       "held_back_fixed": fixed(held_back, w),
                       "held_back_at_tuning_threshold": at(held_back, w, tuned["threshold"])}
    fmt = lambda r: "n/a" if r["normalized"] is None else f"{r['normalized']:.1f}"
    print("\nNormalized NAB score. fixed: the detector's label column; swept: the best threshold on"
          "\nanomaly_score over those files; held back: at the threshold swept on the tuning half.")
    print(f"  {'profile':<14} {'fixed':>6} {'swept':>6} {'(thr)':>7}   tuning fixed/swept"
          f"   held back fixed/at tuning thr")
    for p, r in profiles.items():
        thr = r["swept"]["threshold"]
        print(f"  {p:<14} {fmt(r['fixed']):>6} {fmt(r['swept']):>6} "
              f"{'-' if thr is None else f'{thr:.4f}':>7}   {fmt(r['tuning_fixed']):>6} / "
              f"{fmt(r['tuning_swept']):<6}      {fmt(r['held_back_fixed']):>6} / "
              f"{fmt(r['held_back_at_tuning_threshold'])}")
    print("  tuning half: " + ", ".join(n for n, *_ in tuning))
    print("Reference NAB baselines (standard profile, full corpus): "
          + ", ".join(f"{k} {v}" for k, v in REFERENCE_STANDARD.items()))

    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"files": per_file, "profiles": profiles,
                       "reference_standard_full_corpus": REFERENCE_STANDARD}, f, indent=2)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (ScoringError, subprocess.TimeoutExpired, UnicodeDecodeError, OSError) as e:
        sys.exit(f"nab_score: FAILED: {e}")
