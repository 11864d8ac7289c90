#!/usr/bin/env python3
"""Score `GET /api/v1/rca` on real fault-injection cases (the Nezha OnlineBoutique cases).

Each case is replayed into its own fresh `ophion serve` (default configuration, a temporary
data dir, free ports), shifted so that it ends two hours ago, and once the store holds every
span and metric point of the case, `/api/v1/rca` is asked about the injection window against
the case's baseline. A case is right at k when the injected service is among the first k
distinct services of the answer (AS@k, as Nezha's evaluation counts); MRR uses its rank
(0 when absent).

Usage:
  python3 bench/ai/rca_score.py --ophion PATH --data DIR [--cases NAME ...] [--json OUT]

DIR holds labels.json and <case>/{case.json,traces-*.json.gz,metrics-*.json.gz}. Cases are
split in two halves by their order in labels.json (even positions tune, odd are held back);
both are reported, with the figures per fault type.
"""
import argparse
import glob
import gzip
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import defaultdict

TIMESTAMP = re.compile(rb'"(\w*[Tt]imeUnixNano)":"(\d+)"')
READY_TIMEOUT_S = 60
STORED_TIMEOUT_S = 300


class ScoringError(Exception):
    """The server or the case data broke the contract."""


# ---------------------------------------------------------------- pure scoring

def service_ranking(causes):
    """Distinct services in the order the answer first names them."""
    seen = []
    for cause in causes:
        if cause.get("service") and cause["service"] not in seen:
            seen.append(cause["service"])
    return seen


def rank_of(truth, ranking):
    """1-based rank of `truth` in `ranking`, 0 when absent."""
    return ranking.index(truth) + 1 if truth in ranking else 0


def summarize(ranks):
    """AS@1, AS@3, MRR (in %, % and 0..1) over a list of ranks."""
    n = len(ranks)
    if not n:
        return {"cases": 0, "AS@1": 0.0, "AS@3": 0.0, "MRR": 0.0}
    return {
        "cases": n,
        "AS@1": 100.0 * sum(1 for r in ranks if r == 1) / n,
        "AS@3": 100.0 * sum(1 for r in ranks if 1 <= r <= 3) / n,
        "MRR": sum(1.0 / r for r in ranks if r) / n,
    }


def shift_body(body, shift_ns):
    """Every `*TimeUnixNano` string value moved by `shift_ns`."""
    return TIMESTAMP.sub(lambda m: b'"%s":"%d"' % (m[1], int(m[2]) + shift_ns), body)


# ------------------------------------------------------------------- the server

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url):
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.load(response)


def wait_for(what, check, timeout_s, server):
    """Polls `check` until it returns a truthy value; fails with the server's log tail."""
    deadline = time.monotonic() + timeout_s
    while True:
        if server.proc.poll() is not None:
            raise ScoringError(f"ophion exited while waiting for {what}:\n{server.tail()}")
        try:
            value = check()
            if value:
                return value
        except (urllib.error.URLError, ConnectionError):
            pass
        if time.monotonic() > deadline:
            raise ScoringError(f"timed out waiting for {what}:\n{server.tail()}")
        time.sleep(0.2)


class Server:
    def __init__(self, ophion):
        self.dir = tempfile.mkdtemp(prefix="ophion-rca-")
        grpc, http, api = free_port(), free_port(), free_port()
        self.otlp = f"http://127.0.0.1:{http}"
        self.api = f"http://127.0.0.1:{api}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("OPHION_")}
        self.log = open(os.path.join(self.dir, "server.log"), "wb")
        self.proc = subprocess.Popen(
            [ophion, "serve", "--data-dir", os.path.join(self.dir, "data"),
             "--otlp-grpc-addr", f"127.0.0.1:{grpc}", "--otlp-http-addr", f"127.0.0.1:{http}",
             "--api-addr", f"127.0.0.1:{api}"],
            env=env, stdout=self.log, stderr=subprocess.STDOUT)
        wait_for("ophion to be ready",
                 lambda: urllib.request.urlopen(f"{self.api}/health/ready", timeout=5).status == 200,
                 READY_TIMEOUT_S, self)

    def tail(self):
        self.log.flush()
        with open(os.path.join(self.dir, "server.log"), "rb") as f:
            return f.read()[-3000:].decode("utf-8", "replace")

    def post(self, signal, body):
        request = urllib.request.Request(f"{self.otlp}/v1/{signal}", body,
                                         {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as response:
            if response.status != 200:
                raise ScoringError(f"OTLP {signal}: HTTP {response.status}")

    def close(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def run_case(ophion, case_dir, label):
    case = json.load(open(os.path.join(case_dir, "case.json")))
    query = case["query"]
    shift = time.time_ns() - 2 * 3600 * 10**9 - query["end_ns"]
    server = Server(ophion)
    try:
        for path in sorted(glob.glob(os.path.join(case_dir, "*.json.gz"))):
            signal = os.path.basename(path).split("-")[0]
            server.post(signal, shift_body(gzip.open(path).read(), shift))
        def stored():
            stats = get_json(f"{server.api}/api/v1/stats")
            return stats["spans"] >= label["spans"] and stats["metric_points"] >= label["metric_points"]

        wait_for(f"{label['spans']} spans and {label['metric_points']} metric points stored",
                 stored, STORED_TIMEOUT_S, server)
        ms = {k[:-3]: (v + shift) // 10**6 for k, v in query.items()}
        answer = get_json(
            f"{server.api}/api/v1/rca?start={ms['start']}&end={ms['end']}"
            f"&baseline_start={ms['baseline_start']}&baseline_end={ms['baseline_end']}&limit=100")
    finally:
        server.close()
    ranking = service_ranking(answer.get("causes", []))
    return ranking, rank_of(label["root_cause_service"], ranking)


# ------------------------------------------------------------------------- main

def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ophion", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--cases", nargs="*")
    parser.add_argument("--json")
    args = parser.parse_args(argv)

    labels = json.load(open(os.path.join(args.data, "labels.json")))
    rows = []
    for position, label in enumerate(labels):
        if args.cases and label["case"] not in args.cases:
            continue
        ranking, rank = run_case(args.ophion, os.path.join(args.data, label["case"]), label)
        half = "tuning" if position % 2 == 0 else "held-back"
        rows.append({"case": label["case"], "fault_type": label["fault_type"], "half": half,
                     "truth": label["root_cause_service"], "rank": rank, "top3": ranking[:3]})
        print(f"{label['case']:22} {label['fault_type']:15} {half:9} "
              f"{label['root_cause_service']:23} rank {rank or '-':>2}  top-3 {', '.join(ranking[:3])}",
              flush=True)

    groups = defaultdict(list)
    for r in rows:
        for key in ("all", f"half {r['half']}", f"fault {r['fault_type']}"):
            groups[key].append(r["rank"])
    print(f"\n{'':24} {'cases':>5} {'AS@1':>6} {'AS@3':>6} {'MRR':>6}")
    summary = {}
    for key in sorted(groups, key=lambda k: (k != "all", k)):
        s = summarize(groups[key])
        summary[key] = s
        print(f"{key:24} {s['cases']:5} {s['AS@1']:6.1f} {s['AS@3']:6.1f} {s['MRR']:6.3f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"cases": rows, "summary": summary}, f, indent=1)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except ScoringError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(2)
