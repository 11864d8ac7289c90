#!/usr/bin/env python3
"""Turn the metrics-dev set (real server metrics, one column per file, labelled anomaly
segments) into a NAB corpus, so nab_score.py scores it with NAB's rules.

Each file keeps its rows (1-minute points) with NAB-style timestamps. Its windows are
built as NAB builds them from point labels: 10 % of the file's rows shared among its
segments, each window centred on the segment's first row, stretched to cover the whole
segment, overlapping windows merged. Files go under one folder per machine, so
`nab_score.py --split dir` keeps the dimensions of a machine in the same half.

Usage: python3 bench/ai/smd_nab.py --data ../shared/data/metrics-dev --out DIR
"""
import argparse
import bisect
import csv
import json
import os
from datetime import datetime, timezone


def nab_windows(timestamps, segments):
    """Row windows [(left, right)] for epoch-second segments over sorted epoch timestamps."""
    n = len(timestamps)
    width = int(0.1 * n / max(len(segments), 1))
    out = []
    for start, end in sorted(segments):
        first = bisect.bisect_left(timestamps, start)
        last = max(bisect.bisect_right(timestamps, end) - 1, first)
        left = max(first - width // 2, 0)
        right = min(max(first + width // 2, last), n - 1)
        if out and left <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], right))
        else:
            out.append((left, right))
    return out


def iso(epoch):
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, help="the metrics-dev folder")
    ap.add_argument("--out", required=True, help="where the NAB corpus is written")
    args = ap.parse_args()
    with open(os.path.join(args.data, "labels.json"), encoding="utf-8") as f:
        labels = json.load(f)
    nab_labels = {}
    for name in sorted(labels):
        with open(os.path.join(args.data, "data", name), newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))[1:]
        stamps = [int(r[0]) for r in rows]
        machine, dim = name[: -len(".csv")].rsplit("_", 1)
        target = f"{machine}/{dim}.csv"
        os.makedirs(os.path.join(args.out, "data", machine), exist_ok=True)
        with open(os.path.join(args.out, "data", target), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["timestamp", "value"])
            w.writerows([iso(t), v] for t, (_, v) in zip(stamps, rows))
        nab_labels[target] = [[iso(stamps[a]), iso(stamps[b])]
                              for a, b in nab_windows(stamps, labels[name])]
    with open(os.path.join(args.out, "labels.json"), "w", encoding="utf-8") as f:
        json.dump(nab_labels, f, indent=1)


if __name__ == "__main__":
    main()
