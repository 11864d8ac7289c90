#!/usr/bin/env python3
"""Score `ophion ai patterns` on Loghub 2k samples: GA, PA, FGA, FTA.

Usage:
  python3 bench/ai/loghub_score.py --ophion PATH --data DIR [--systems A B ...] [--json OUT]

DIR holds <DS>/<DS>_2k.log_structured_corrected.csv (LineId, Content, EventId,
EventTemplate, ...). Ground-truth groups are keyed by EventTemplate, as loghub-2.0 does.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict

# Drain's published grouping accuracy on the loghub 2k samples (Zhu et al., ICSE-SEIP 2019).
REFERENCE_DRAIN_GA = {"Apache": 1.00, "BGL": 0.963, "HDFS": 0.998, "Hadoop": 0.948,
                      "Zookeeper": 0.967}


class ScoringError(Exception):
    """Parser output or benchmark data violates the contract."""


# ---------------------------------------------------------------- pure scoring

def normalize_template(t):
    """Collapse runs of whitespace and strip, so spacing alone never fails PA."""
    return " ".join(t.split())


def _groups(keys):
    """key -> frozenset of line indices having that key."""
    g = defaultdict(set)
    for i, k in enumerate(keys):
        g[k].add(i)
    return {k: frozenset(v) for k, v in g.items()}


def _f1(correct, n_pred, n_true):
    p = correct / n_pred if n_pred else 0.0
    r = correct / n_true if n_true else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def parsing_metrics(pred_ids, pred_templates, true_templates):
    """GA, PA, FGA, FTA for one system; all inputs are per-line lists.

    A predicted group (lines sharing a template id) is correct when its line set
    equals the line set of one true template. For FTA it must also carry that
    true template: every line of the group must print it (after whitespace
    normalisation), since a streaming parser may refine a group's template.
    """
    n = len(true_templates)
    if not (len(pred_ids) == len(pred_templates) == n) or n == 0:
        raise ScoringError("metric inputs must be non-empty and the same length")
    pred_t = [normalize_template(t) for t in pred_templates]
    true_t = [normalize_template(t) for t in true_templates]
    true_groups = _groups(true_templates)  # raw strings, as loghub-2.0 groups
    pred_groups = _groups(pred_ids)

    correct_lines = correct_groups = correct_templates = 0
    for lines in pred_groups.values():
        first = next(iter(lines))
        if lines != true_groups[true_templates[first]]:
            continue
        correct_lines += len(lines)
        correct_groups += 1
        if all(pred_t[i] == true_t[first] for i in lines):
            correct_templates += 1

    return {
        "GA": correct_lines / n,
        "PA": sum(p == t for p, t in zip(pred_t, true_t)) / n,
        "FGA": _f1(correct_groups, len(pred_groups), len(true_groups)),
        "FTA": _f1(correct_templates, len(pred_groups), len(true_groups)),
        "pred_templates": len(pred_groups),
        "true_templates": len(true_groups),
        "lines": n,
    }


def parse_patterns_output(text, n_lines, name):
    """Strictly validate `ophion ai patterns` output: n_lines of `id<TAB>template`."""
    if text.endswith("\n"):
        text = text[:-1]
    lines = text.split("\n") if text else []
    if len(lines) != n_lines:
        raise ScoringError(f"{name}: {len(lines)} output lines for {n_lines} input lines")
    ids, templates = [], []
    for i, line in enumerate(lines):
        if "\t" not in line:
            raise ScoringError(f"{name}: output line {i + 1} has no tab: {line[:200]!r}")
        tid, template = line.split("\t", 1)
        if not tid:
            raise ScoringError(f"{name}: output line {i + 1} has an empty template id")
        ids.append(tid)
        templates.append(template)
    return ids, templates


# ------------------------------------------------------------------------- I/O

def read_structured(path):
    """Return (contents, true templates) in LineId order."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        raise ScoringError(f"{path}: no rows")
    for col in ("LineId", "Content", "EventId", "EventTemplate"):
        if col not in rows[0]:
            raise ScoringError(f"{path}: missing column {col}")
    rows.sort(key=lambda r: int(r["LineId"]))
    for r in rows:
        # One message per line is the contract with the parser.
        if "\n" in r["Content"] or "\r" in r["Content"]:
            raise ScoringError(f"{path}: LineId {r['LineId']} content contains a newline")
        if not r["EventTemplate"]:
            raise ScoringError(f"{path}: LineId {r['LineId']} has no EventTemplate")
    return [r["Content"] for r in rows], [r["EventTemplate"] for r in rows]


def run_patterns(ophion, contents, timeout):
    with tempfile.NamedTemporaryFile("w", suffix=".log", encoding="utf-8", delete=False) as f:
        f.write("".join(c + "\n" for c in contents))
        path = f.name
    try:
        proc = subprocess.run([ophion, "ai", "patterns", "--input", path],
                              capture_output=True, timeout=timeout)
    finally:
        os.unlink(path)
    if proc.returncode != 0:
        raise ScoringError(f"ophion ai patterns exited {proc.returncode}:\n"
                           + proc.stderr.decode("utf-8", "replace")[-2000:])
    return proc.stdout.decode("utf-8")


def discover_systems(data):
    return sorted(d for d in os.listdir(data)
                  if os.path.isfile(os.path.join(data, d, f"{d}_2k.log_structured_corrected.csv")))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ophion", required=True, help="path to the ophion binary")
    ap.add_argument("--data", required=True, help="dir with one subdir per system")
    ap.add_argument("--systems", nargs="+", help="default: every subdir with a structured csv")
    ap.add_argument("--json", help="write figures to this file")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per system")
    args = ap.parse_args(argv)

    systems = args.systems or discover_systems(args.data)
    if not systems:
        raise ScoringError(f"no systems found under {args.data}")
    results = {}
    print(f"{'system':<10} {'GA':>6} {'PA':>6} {'FGA':>6} {'FTA':>6} {'pred':>5} {'true':>5}  Drain GA (ref)")
    for ds in systems:
        contents, truth = read_structured(
            os.path.join(args.data, ds, f"{ds}_2k.log_structured_corrected.csv"))
        out = run_patterns(args.ophion, contents, args.timeout)
        ids, templates = parse_patterns_output(out, len(contents), ds)
        m = parsing_metrics(ids, templates, truth)
        m["drain_ga_reference"] = REFERENCE_DRAIN_GA.get(ds)
        results[ds] = m
        ref = "-" if m["drain_ga_reference"] is None else f"{m['drain_ga_reference']:.3f}"
        print(f"{ds:<10} {m['GA']:>6.3f} {m['PA']:>6.3f} {m['FGA']:>6.3f} {m['FTA']:>6.3f} "
              f"{m['pred_templates']:>5} {m['true_templates']:>5}  {ref}")
    # Halves against overfitting: systems in name order, even positions tune, odd are held back.
    halves = {"mean": systems, "tuning mean": systems[0::2], "held-back mean": systems[1::2]}
    means = {}
    for label, names in halves.items():
        if not names:
            continue
        m = {k: sum(results[d][k] for d in names) / len(names) for k in ("GA", "PA", "FGA", "FTA")}
        means[label] = {**m, "systems": names}
        print(f"{label:<10} {m['GA']:>6.3f} {m['PA']:>6.3f} {m['FGA']:>6.3f} {m['FTA']:>6.3f}"
              + ("" if label == "mean" else f"  ({', '.join(names)})"))

    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"systems": results, "mean": means["mean"], "halves": means}, f, indent=2)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (ScoringError, subprocess.TimeoutExpired, UnicodeDecodeError, OSError) as e:
        sys.exit(f"loghub_score: FAILED: {e}")
