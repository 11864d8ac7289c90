#!/usr/bin/env python3
"""Side-by-side benchmark: Ophion and Rotel (blackhole exporter) under the same ophion-loadgen.

Started by bench/run.sh, which supplies the binaries, a throwaway venv with `rotel` and a temp
dir. Standard library only. Scenarios, settings and how to read the tables: bench/README.md.

Every figure comes from one run of a server process started for that run alone (fresh data dir,
free ports, stopped with SIGTERM afterwards): the server's CPU is utime+stime from
/proc/PID/stat over the load window, its memory VmRSS from /proc/PID/status sampled every
100 ms, and throughput and ack latency come from the load generator's JSON summary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import resource
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

CLK_TCK = os.sysconf("SC_CLK_TCK")
MIB = 1024 * 1024
REPO = Path(__file__).resolve().parent.parent

# Both servers get the same 64 MiB receive limit: P2 × 8192 spans is ~10.8 MB per request, over
# both servers' 4 MiB gRPC default.
MAX_MESSAGE_MIB = 64
OPHION_ENV = {
    "OPHION_RECEIVER__MAX_GRPC_MESSAGE_BYTES": str(MAX_MESSAGE_MIB * MIB),
    "OPHION_RECEIVER__MAX_HTTP_BODY_BYTES": str(MAX_MESSAGE_MIB * MIB),
}
SERVER_CORE = "1"
LOADGEN_CORE = "0"
STATS_KEY = {"p0": "spans", "p1": "spans", "p2": "spans", "l1": "logs", "m1": "metric_points"}


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        sys.exit(f"bench: {name}={raw!r} is not an integer")


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        sys.exit(f"bench: {name}={raw!r} is not a number")


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def loud(msg: str) -> None:
    bar = "!" * 78
    print(f"\n{bar}\n!! {msg}\n{bar}\n", file=sys.stderr, flush=True)


class BenchError(Exception):
    """A run that produced no figure; the message says why. `kind`: "server" when the server
    failed (did not start, died), "load" when the load generator did."""

    def __init__(self, msg: str, kind: str = "load"):
        super().__init__(msg)
        self.kind = kind


# ---- child processes ----------------------------------------------------------------------------


class Children:
    """Every child we start, mirrored into a pid file so run.sh's trap can end any we leave."""

    def __init__(self, pidfile: Path | None):
        self.pidfile = pidfile
        self.procs: list[subprocess.Popen] = []

    def _sync(self) -> None:
        self.procs = [p for p in self.procs if p.poll() is None]
        if self.pidfile:
            self.pidfile.write_text("".join(f"{p.pid}\n" for p in self.procs))

    def spawn(self, argv: list[str], **kw) -> subprocess.Popen:
        proc = subprocess.Popen(argv, **kw)
        self.procs.append(proc)
        self._sync()
        return proc

    def reaped(self) -> None:
        self._sync()

    def kill_all(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                p.terminate()
        deadline = time.time() + 5
        for p in self.procs:
            try:
                p.wait(timeout=max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        self._sync()


CHILDREN = Children(None)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_ticks(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)


CPU_FIELDS = ("user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal")


def core_jiffies() -> dict[str, list[int]]:
    """Per core, the first eight /proc/stat counters (CPU_FIELDS)."""
    out = {}
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("cpu") and line[3].isdigit():
                name, *vals = line.split()
                out[name[3:]] = [int(x) for x in vals[:8]]
    return out


def core_split(before: dict, after: dict, core: str) -> dict | None:
    """Each counter's share of the core over the window; `busy` is all but idle and iowait."""
    if core not in before or core not in after:
        return None
    delta = [a - b for a, b in zip(after[core], before[core])]
    total = sum(delta)
    if not total:
        return None
    split = {k: round(v / total, 4) for k, v in zip(CPU_FIELDS, delta)}
    split["busy"] = round(1 - split["idle"] - split["iowait"], 4)
    return split


def status_kib(pid: int, key: str) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


class RssSampler:
    """VmRSS every 100 ms; `mark()` closes the load window (samples after it only count for max)."""

    def __init__(self, pid: int):
        self.pid = pid
        self.samples: list[tuple[float, int]] = []
        self.window_end: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            kib = status_kib(self.pid, "VmRSS")
            if kib is not None:
                self.samples.append((time.monotonic(), kib))
            self._stop.wait(0.1)

    def start(self) -> RssSampler:
        self._thread.start()
        return self

    def mark(self) -> None:
        self.window_end = time.monotonic()

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join()
        if not self.samples:
            return {"rss_samples": 0}
        end = self.window_end or self.samples[-1][0]
        window = [k for t, k in self.samples if t <= end] or [self.samples[0][1]]
        return {
            "rss_samples": len(self.samples),
            "rss_avg_mib": sum(window) / len(window) / 1024,
            "rss_max_mib": max(k for _, k in self.samples) / 1024,
        }


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def log_lines(path: Path) -> list[str]:
    try:
        return [ANSI.sub("", line) for line in path.read_text(errors="replace").splitlines()
                if line.strip()]
    except FileNotFoundError:
        return []


def tail(path: Path, lines: int = 15) -> str:
    text = log_lines(path)
    return "\n".join("    " + line for line in text[-lines:]) or "    (empty or no log)"


def http_json(url: str, timeout: float = 5.0):
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        return resp.status, json.loads(resp.read() or b"null")


def tcp_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class Server:
    """One server process for one run."""

    def __init__(self, kind: str, argv: list[str], env_overrides: dict, workdir: Path,
                 grpc_port: int, http_port: int, api_port: int | None, store: str):
        self.kind = kind
        self.argv = argv
        self.env_overrides = env_overrides
        self.workdir = workdir
        self.grpc_port, self.http_port, self.api_port = grpc_port, http_port, api_port
        self.store = store
        self.log_path = workdir / f"{kind}.log"
        self.proc: subprocess.Popen | None = None
        self.stop_note: str | None = None

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def endpoint(self, protocol: str) -> str:
        return f"http://127.0.0.1:{self.grpc_port if protocol == 'grpc' else self.http_port}"

    def _dead(self, what: str) -> BenchError:
        code = self.proc.poll() if self.proc else None
        last = (log_lines(self.log_path) or ["(empty log)"])[-1].strip()
        return BenchError(f"{self.kind} {what} (exit code {code}): {last[:200]}\n"
                          f"  last lines of {self.log_path.name}:\n{tail(self.log_path)}",
                          kind="server")

    def start(self, ready_seconds: float) -> None:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("OPHION_", "ROTEL_"))}  # no stray settings from the shell
        env.update(self.env_overrides)
        log(f"start {self.kind}: {display_cmd(self.argv)}")
        logf = open(self.log_path, "ab")
        try:
            self.proc = CHILDREN.spawn(self.argv, stdout=logf, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL, env=env, cwd=self.workdir)
        except OSError as err:
            raise BenchError(f"{self.kind} could not be started: {err}", kind="server") from err
        finally:
            logf.close()
        deadline = time.time() + ready_seconds
        while True:
            if self.proc.poll() is not None:
                raise self._dead("exited before it was ready")
            if self._ready():
                return
            if time.time() > deadline:
                self.stop()
                raise self._dead(f"not ready after {ready_seconds:.0f} s")
            time.sleep(0.1)

    def _ready(self) -> bool:
        if not (tcp_open(self.grpc_port) and tcp_open(self.http_port)):
            return False
        if self.api_port is None:
            return True
        try:
            status, _ = http_json(f"http://127.0.0.1:{self.api_port}/health/ready", timeout=1)
            return status == 200
        except (urllib.error.URLError, OSError, ValueError):
            return False

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stats(self) -> dict:
        _, body = http_json(f"http://127.0.0.1:{self.api_port}/api/v1/stats")
        return body

    def stop(self, timeout: float = 40.0) -> None:
        """SIGTERM, then SIGKILL after `timeout` (Ophion drains for up to half its 30 s)."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                code = self.proc.wait(timeout=timeout)
                if code not in (0, -signal.SIGTERM):
                    self.stop_note = f"{self.kind} exited with code {code} after SIGTERM"
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                self.stop_note = f"{self.kind} did not stop {timeout:.0f} s after SIGTERM; killed"
        CHILDREN.reaped()


# ---- the bench ------------------------------------------------------------------------------------


def display_cmd(argv: list[str], env: dict | None = None) -> str:
    """The command as a reader would type it: binaries by name, the temp dir as $BENCH_TMP."""
    binaries = {BENCH.ophion, BENCH.loadgen, BENCH.rotel_agent}
    shown = [os.path.basename(a) if a in binaries else a.replace(str(BENCH.tmp), "$BENCH_TMP")
             for a in argv]
    prefix = " ".join(f"{k}={v}" for k, v in sorted((env or {}).items()))
    return (prefix + " " if prefix else "") + shlex.join(shown)


class Bench:
    def __init__(self, args):
        self.tmp: Path = args.tmp
        self.ophion: str = args.ophion
        self.loadgen: str = args.loadgen
        self.rotel_agent: str = args.rotel_agent
        self.run_seq = 0
        help_text = subprocess.run([self.ophion, "serve", "--help"], capture_output=True,
                                   text=True).stdout
        self.store_none = "--store" in help_text
        self.ready_seconds = env_float("BENCH_READY_SECONDS", 30)
        self.errors: list[str] = []

    # -- servers

    def _workdir(self, label: str) -> Path:
        self.run_seq += 1
        d = self.tmp / "runs" / f"{self.run_seq:03d}-{label}"
        d.mkdir(parents=True)
        return d

    def ophion_server(self, label: str, store: str, pin: bool) -> Server:
        """store: 'embedded' (default store, durable queue on) or 'none' (falls back if absent)."""
        wd = self._workdir(f"ophion-{label}")
        g, h, a = free_port(), free_port(), free_port()
        argv = [self.ophion, "serve", "--data-dir", str(wd / "data"),
                "--otlp-grpc-addr", f"127.0.0.1:{g}", "--otlp-http-addr", f"127.0.0.1:{h}",
                "--api-addr", f"127.0.0.1:{a}"]
        shown_store = store
        if store == "none":
            if self.store_none:
                argv += ["--store", "none"]
            else:
                shown_store = "embedded (FALLBACK: no --store none in this build)"
        if pin:
            argv = ["taskset", "-c", SERVER_CORE] + argv
        return Server("ophion", argv, dict(OPHION_ENV), wd, g, h, a, shown_store)

    def rotel_server(self, label: str, pin: bool) -> Server:
        wd = self._workdir(f"rotel-{label}")
        g, h = free_port(), free_port()
        argv = [self.rotel_agent, "start", "--exporter", "blackhole",
                "--otlp-grpc-endpoint", f"127.0.0.1:{g}", "--otlp-http-endpoint", f"127.0.0.1:{h}",
                "--otlp-grpc-max-recv-msg-size-mib", str(MAX_MESSAGE_MIB),
                "--pid-file", str(wd / "rotel.pid"), "--log-file", str(wd / "rotel-agent.log")]
        if pin:
            argv = ["taskset", "-c", SERVER_CORE] + argv
        return Server("rotel", argv, {}, wd, g, h, None, "blackhole")

    # -- one measured run

    def loadgen_argv(self, server: Server, load: dict, pin: bool) -> list[str]:
        argv = [self.loadgen, "--endpoint", server.endpoint(load["protocol"]),
                "--protocol", load["protocol"], "--profile", load["profile"],
                "--items-per-request", str(load["items_per_request"]),
                "--in-flight", str(load["in_flight"]), "--connections", str(load["connections"]),
                "--duration", f"{load['seconds']}s", "--json"]
        if load.get("gzip"):
            argv.append("--gzip")
        if load.get("rate"):
            argv += ["--rate", str(load["rate"])]
        if pin:
            argv = ["taskset", "-c", LOADGEN_CORE] + argv
        return argv

    def measure(self, server: Server, load: dict, *, pin: bool, drain_seconds: float | None,
                label: str) -> dict:
        """Start `server`, run the load, optionally wait for stored == acked, stop the server.

        Returns the run record; `error` is set (and the figures may be missing) when it failed.
        """
        rec = {"label": label, "server": server.kind, "store": server.store, "load": dict(load),
               "pinned": pin, "problems": [], "error": None,
               "server_cmd": display_cmd(server.argv, server.env_overrides)}
        started = time.time()
        try:
            server.start(self.ready_seconds)
            rec.update(self._load(server, load, pin, drain_seconds, rec))
        except BenchError as err:
            rec["error"] = str(err)
            rec["error_kind"] = err.kind
        finally:
            server.stop()
            if server.stop_note:
                rec["problems"].append(server.stop_note)
        rec["wall_s"] = round(time.time() - started, 2)
        if rec["error"]:
            msg = f"{label} / {server.kind}: {rec['error']}"
            self.errors.append(msg)
            loud("RUN FAILED: " + msg)
        elif rec["problems"]:
            log(f"{label} / {server.kind}: " + "; ".join(rec["problems"]))
        return rec

    def _load(self, server: Server, load: dict, pin: bool, drain_seconds: float | None,
              rec: dict) -> dict:
        argv = self.loadgen_argv(server, load, pin)
        rec["loadgen_cmd"] = display_cmd(argv)
        out: dict = {}
        log(f"load {display_cmd(argv)}")
        pid = server.pid
        ticks0 = cpu_ticks(pid)
        cores0 = core_jiffies()
        children0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        sampler = RssSampler(pid).start()
        lg_log = server.workdir / "loadgen.stderr"
        t0 = time.monotonic()
        with open(lg_log, "wb") as errf:
            lg = CHILDREN.spawn(argv, stdout=subprocess.PIPE, stderr=errf,
                                stdin=subprocess.DEVNULL)
            try:
                stdout, _ = lg.communicate(timeout=load["seconds"] + 180)
            except subprocess.TimeoutExpired:
                lg.kill()
                lg.communicate()
                CHILDREN.reaped()
                sampler.stop()
                raise BenchError(f"ophion-loadgen did not finish within {load['seconds'] + 180} s")
        CHILDREN.reaped()
        wall = time.monotonic() - t0
        if not server.alive():
            sampler.stop()
            raise server._dead("died during the load")
        ticks1 = cpu_ticks(pid)
        cores1 = core_jiffies()
        children1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        sampler.mark()
        summary = None
        for line in reversed(stdout.decode(errors="replace").splitlines()):
            if line.startswith("{"):
                try:
                    summary = json.loads(line)
                except json.JSONDecodeError:
                    pass
                break
        if lg.returncode != 0 or summary is None:
            sampler.stop()
            why = f"ophion-loadgen exited with code {lg.returncode}"
            if summary:
                why += (f": acked {summary['acked']} of {summary['sent']}, "
                        f"errors {json.dumps(summary['errors'])[:600]}")
            raise BenchError(f"{why}\n  stderr:\n{tail(lg_log, 10)}\n  server log:\n"
                             f"{tail(server.log_path, 10)}")
        out["summary"] = summary
        cpu_s = (ticks1 - ticks0) / CLK_TCK
        elapsed = summary["elapsed_s"] or wall
        # Only the load generator is reaped between the two getrusage calls.
        lg_cpu = (children1.ru_utime + children1.ru_stime
                  - children0.ru_utime - children0.ru_stime)
        out.update(cpu_s=cpu_s, core_busy=cpu_s / elapsed if elapsed else None,
                   loadgen_wall_s=round(wall, 3), loadgen_cpu_s=round(lg_cpu, 3),
                   loadgen_core_busy=lg_cpu / wall if wall else None)
        if pin:
            # Whole-core accounting over the same window tells a saturated server from one that
            # shared its core with something else (a build on this box, say).
            split = core_split(cores0, cores1, SERVER_CORE)
            lg_split = core_split(cores0, cores1, LOADGEN_CORE)
            server_core = split["busy"] if split else None
            out["server_core_split"] = split
            out["loadgen_core_split"] = lg_split
            out["server_core_total_busy"] = server_core
            out["loadgen_core_total_busy"] = lg_split["busy"] if lg_split else None
            if server_core is not None:
                others = server_core - cpu_s / wall
                out["server_core_others"] = others
                if others > 0.05:
                    rec["problems"].append(
                        f"other work (processes, interrupts, steal) took {others * 100:.0f} % of "
                        f"core {SERVER_CORE}: "
                        "noisy box, figures unreliable")
        acked = summary["acked"]
        for key in ("failed", "rejected", "retries"):
            if summary.get(key):
                rec["problems"].append(f"{key} {summary[key]}")
        if summary.get("errors"):
            rec["problems"].append("errors " + json.dumps(summary["errors"])[:300])
        if summary.get("pushback"):
            rec["problems"].append("push-back " + json.dumps(summary["pushback"])[:300])
        if drain_seconds is not None and server.api_port is not None:
            key = STATS_KEY[load["profile"]]
            t_drain = time.monotonic()
            deadline = t_drain + drain_seconds
            stored, last_err = None, None
            while True:
                try:
                    stored = int(server.stats()[key])
                    last_err = None
                except (urllib.error.URLError, OSError, ValueError, KeyError, TypeError) as err:
                    last_err = err
                if stored is not None and stored >= acked:
                    break
                if time.monotonic() > deadline or not server.alive():
                    break
                # The stats query counts distinct trace ids: keep its cost off big stores.
                time.sleep(0.25 if acked < 1_000_000 else 1.0)
            out["stored"] = stored
            out["stored_key"] = key
            out["drain_s"] = round(time.monotonic() - t_drain, 2)
            out["cpu_s_to_stored"] = (cpu_ticks(pid) - ticks0) / CLK_TCK if server.alive() else None
            if stored is None:
                raise BenchError(f"GET /api/v1/stats never answered: {last_err}")
            if stored != acked:
                rec["problems"].append(
                    f"stored {stored} != acked {acked} after {out['drain_s']} s "
                    f"(deadline {drain_seconds:.0f} s)")
        out.update(sampler.stop())
        out["vm_hwm_mib"] = (status_kib(pid, "VmHWM") or 0) / 1024
        return out


# ---- formatting -----------------------------------------------------------------------------------


def fnum(x, digits=0) -> str:
    if x is None:
        return "—"
    return f"{x:,.{digits}f}"


def lat(rec: dict, q: str) -> str:
    return fnum(rec["summary"]["latency_ms"][q], 2) if rec.get("summary") else "—"


def spans_per_cpu_s(rec: dict):
    if not rec.get("summary") or not rec.get("cpu_s"):
        return None
    return rec["summary"]["acked"] / rec["cpu_s"]


def notes(rec: dict) -> str:
    parts = []
    if rec.get("error"):
        first = rec["error"].splitlines()[0]
        parts.append(f"**ERROR: {first}**")
    parts += rec.get("problems", [])
    return "; ".join(parts).replace("|", "\\|")


def ratio(a, b, digits=2) -> str:
    if a is None or not b:
        return "—"
    return f"{a / b:.{digits}f}"


# ---- scenarios ------------------------------------------------------------------------------------


def scenario_efficiency(bench: Bench) -> dict:
    seconds = env_int("BENCH_SECONDS", 60)
    rate = env_int("BENCH_EFF_RATE", 10_000)
    load = {"profile": "p0", "protocol": "grpc", "gzip": False, "items_per_request": 100,
            "rate": rate, "in_flight": 4, "connections": 1, "seconds": seconds}
    drain = env_float("BENCH_DRAIN_SECONDS", 60)
    runs = [
        bench.measure(bench.ophion_server("eff", "embedded", pin=True), load, pin=True,
                      drain_seconds=drain, label="efficiency"),
        bench.measure(bench.rotel_server("eff", pin=True), load, pin=True, drain_seconds=None,
                      label="efficiency"),
    ]
    return {"settings": {"load": load, "drain_deadline_s": drain}, "runs": runs}


def render_efficiency(sec: dict) -> list[str]:
    load = sec["settings"]["load"]
    out = [f"P0 over OTLP/gRPC at a fixed {load['rate']:,} spans/s, {load['items_per_request']} "
           f"spans per request, {load['seconds']} s. Server on core {SERVER_CORE}, load generator "
           f"on core {LOADGEN_CORE}. Ophion writes into its embedded store with the durable "
           "queue on (default settings); Rotel exports to its blackhole. CPU is the server "
           "process's utime+stime over the load window (in parentheses: until stored == "
           "acknowledged).", "",
           "| Server | Store | Acked spans | CPU-s per 1M spans | % of one core | RSS avg MiB "
           "| RSS max MiB | Ack p50 ms | Ack p99 ms | Stored ÷ acked | Notes |",
           "|---|---|--:|--:|--:|--:|--:|--:|--:|---|---|"]
    for r in sec["runs"]:
        s = r.get("summary")
        if r.get("error") and not s:
            out.append(f"| {r['server']} | {r['store']} | — | — | — | — | — | — | — | — | "
                       f"{notes(r)} |")
            continue
        acked = s["acked"]
        per_m = r["cpu_s"] / acked * 1e6 if acked else None
        cpu_col = fnum(per_m, 2)
        if r.get("cpu_s_to_stored") is not None and acked:
            cpu_col += f" ({r['cpu_s_to_stored'] / acked * 1e6:.2f})"
        if r["server"] == "rotel":
            stored = "n/a (blackhole)"
        elif r.get("stored") is None:
            stored = "—"
        else:
            stored = f"{r['stored']:,} / {acked:,} = {r['stored'] / acked:.4f}" if acked else "—"
        out.append(
            f"| {r['server']} | {r['store']} | {acked:,} | {cpu_col} | "
            f"{fnum(r['core_busy'] * 100 if r.get('core_busy') is not None else None, 1)} | "
            f"{fnum(r.get('rss_avg_mib'), 1)} | {fnum(r.get('rss_max_mib'), 1)} | "
            f"{lat(r, 'p50')} | {lat(r, 'p99')} | {stored} | {notes(r)} |")
    out += ["", "Targets: ≤ 5 CPU-s per 1M spans (stretch ≤ 3), ≤ 96 MiB max "
            "RSS (stretch ≤ 48), stored ÷ acked = 1.0."]
    return out


def sat_matrix() -> list[dict]:
    if os.environ.get("BENCH_QUICK") == "1":
        return [{"profile": "p1", "items_per_request": 512, "protocol": p, "gzip": False}
                for p in ("grpc", "http-protobuf")]
    return [{"profile": prof, "items_per_request": n, "protocol": p, "gzip": gz}
            for prof in ("p0", "p1", "p2") for n in (100, 512, 8192)
            for p in ("grpc", "http-protobuf") for gz in (False, True)]


def scenario_saturation(bench: Bench) -> dict:
    seconds = env_int("BENCH_SAT_SECONDS", 10)
    in_flight = env_int("BENCH_SAT_IN_FLIGHT", 16)
    conns = env_int("BENCH_SAT_CONNECTIONS", 4)
    drain = env_float("BENCH_SAT_DRAIN_SECONDS", 10)
    if not bench.store_none:
        loud("ophion serve has no --store flag in this build: saturation runs Ophion with its "
             "EMBEDDED store (on the same pinned core) instead of --store none. These are NOT "
             "receive-path figures.")
    runs = []
    matrix = sat_matrix()
    for i, combo in enumerate(matrix, 1):
        load = dict(combo, in_flight=in_flight, connections=conns, seconds=seconds)
        label = (f"sat {combo['profile']}/{combo['items_per_request']}/{combo['protocol']}"
                 f"{'/gzip' if combo['gzip'] else ''}")
        log(f"saturation {i}/{len(matrix)}: {label}")
        # With --store none the null store counts what it is given: check stored == acked too.
        # (An embedded-store fallback could take minutes to drain on the shared core: skipped.)
        o = bench.measure(bench.ophion_server("sat", "none", pin=True), load, pin=True,
                          drain_seconds=drain if bench.store_none else None, label=label)
        r = bench.measure(bench.rotel_server("sat", pin=True), load, pin=True,
                          drain_seconds=None, label=label)
        for rec in (o, r):
            busy = rec.get("core_busy")
            whole = rec.get("server_core_total_busy")
            if busy is not None and busy < 0.9 and (whole is None or whole < 0.9):
                lg = rec.get("loadgen_core_busy")
                rec["problems"].append(
                    f"server core only {busy * 100:.0f} % busy: not saturated"
                    + (f" (load generator at {lg * 100:.0f} % of core {LOADGEN_CORE})"
                       if lg is not None else ""))
        runs += [o, r]
    return {"settings": {"seconds": seconds, "in_flight": in_flight, "connections": conns,
                         "quick": os.environ.get("BENCH_QUICK") == "1",
                         "ophion_store": "none" if bench.store_none else "embedded (fallback)",
                         "drain_deadline_s": drain},
            "runs": runs}


def render_saturation(sec: dict) -> list[str]:
    st = sec["settings"]
    out = [f"Open loop ({st['in_flight']} requests in flight over {st['connections']} "
           f"connections; HTTP/1.1 opens one per request in flight), {st['seconds']} s per run, "
           f"server on core {SERVER_CORE}, load generator on core {LOADGEN_CORE}. Ophion with "
           f"`--store {st['ophion_store']}`, Rotel to its blackhole. Spans per CPU-second = "
           "acked spans ÷ the server's CPU-seconds over the run. Ratio = Ophion ÷ Rotel from the "
           "same pair of runs (spans per CPU-second, then acked spans/s)."
           + (" **BENCH_QUICK=1: P1 × 512 only.**" if st.get("quick") else ""), ""]
    if "FALLBACK" in st["ophion_store"] or "fallback" in st["ophion_store"]:
        out += ["**Ophion ran with its embedded store on the pinned core (this build has no "
                "`--store none`): these are not receive-path figures.**", ""]
    out += ["| Profile | Spans/req | Protocol | gzip | Server | Acked spans/s | Spans per CPU-s "
            "| Core % | Ack p50 ms | Ack p99 ms | RSS max MiB | Counted ÷ acked | Ratio O÷R | Notes |",
            "|---|--:|---|---|---|--:|--:|--:|--:|--:|--:|---|---|---|"]
    runs = sec["runs"]
    for o, r in zip(runs[0::2], runs[1::2]):
        ld = o["load"]
        head = (f"| {ld['profile'].upper()} | {ld['items_per_request']} | {ld['protocol']} | "
                f"{'on' if ld['gzip'] else 'off'} |")
        ratios = "—"
        if not o.get("error") and not r.get("error"):
            ratios = (f"{ratio(spans_per_cpu_s(o), spans_per_cpu_s(r))} CPU, "
                      f"{ratio(o['summary']['acked_per_s'], r['summary']['acked_per_s'])} rate")
        for rec, rat in ((o, ratios), (r, "")):
            s = rec.get("summary")
            if rec["server"] == "rotel":
                counted = "n/a (blackhole)"
            elif rec.get("stored") is None:
                counted = "—"
            else:
                counted = f"{rec['stored'] / s['acked']:.4f}" if s and s["acked"] else "—"
            busy = rec.get("core_busy")
            out.append(
                f"{head} {rec['server']} | {fnum(s['acked_per_s'] if s else None)} | "
                f"{fnum(spans_per_cpu_s(rec))} | {fnum(busy * 100 if busy is not None else None, 0)}"
                f" | {lat(rec, 'p50')} | {lat(rec, 'p99')} | {fnum(rec.get('rss_max_mib'), 1)} | "
                f"{counted} | {rat} | {notes(rec)} |")
    out += ["", "Target: P1 receive path ≥ 400k spans per CPU-second, "
            "≥ 1.5× Rotel."]
    return out


def capacity_step(bench: Bench, profile: str, rate: int, cfg: dict) -> dict:
    load = {"profile": profile, "protocol": "grpc", "gzip": False,
            "items_per_request": cfg["items_per_request"], "rate": rate,
            "in_flight": cfg["in_flight"], "connections": cfg["connections"],
            "seconds": cfg["seconds"]}
    rec = bench.measure(bench.ophion_server(f"cap-{profile}-{rate}", "embedded", pin=False), load,
                        pin=False, drain_seconds=cfg["drain_s"], label=f"capacity {profile} {rate}")
    reasons = []
    s = rec.get("summary")
    if rec.get("error") or not s:
        reasons.append("run failed")
    else:
        if s["failed"] or s["rejected"] or s["retries"] or s["pushback"]:
            reasons.append("failed/rejected/pushed back")
        if s["latency_ms"]["p99"] > cfg["p99_ms"]:
            reasons.append(f"p99 {s['latency_ms']['p99']:.1f} ms > {cfg['p99_ms']:.0f}")
        if s["acked_per_s"] < rate * cfg["min_rate_fraction"]:
            reasons.append(f"achieved only {s['acked_per_s']:,.0f}/s")
        if rec.get("stored") != s["acked"]:
            reasons.append(f"stored {rec.get('stored')} != acked {s['acked']} within "
                           f"{cfg['drain_s']:.0f} s")
    rec["pass"] = not reasons
    rec["fail_reasons"] = reasons
    log(f"capacity {profile} at {rate:,}/s: {'PASS' if not reasons else 'FAIL: ' + '; '.join(reasons)}")
    return rec


def scenario_capacity(bench: Bench) -> dict:
    cfg = {"seconds": env_int("BENCH_CAP_SECONDS", 60),
           "items_per_request": env_int("BENCH_CAP_ITEMS_PER_REQUEST", 512),
           "in_flight": env_int("BENCH_CAP_IN_FLIGHT", 64),
           "connections": env_int("BENCH_CAP_CONNECTIONS", 2),
           "drain_s": env_float("BENCH_CAP_DRAIN_SECONDS", 30),
           "p99_ms": 100.0, "min_rate_fraction": 0.98,
           "start": env_int("BENCH_CAP_START", 10_000),
           "growth": env_float("BENCH_CAP_GROWTH", 1.5),
           "bisect": env_int("BENCH_CAP_BISECT", 2),
           "max": env_int("BENCH_CAP_MAX", 2_000_000),
           "min": env_int("BENCH_CAP_MIN", 1_000)}
    profiles = os.environ.get("BENCH_CAP_PROFILES", "p1,l1").split(",")
    results = {}
    runs = []
    for profile in [p.strip() for p in profiles if p.strip()]:
        if profile not in STATS_KEY:
            sys.exit(f"bench: BENCH_CAP_PROFILES: unknown profile {profile!r}")
        best, first_fail, steps = None, None, []
        rate = cfg["start"]
        while rate <= cfg["max"]:
            rec = capacity_step(bench, profile, rate, cfg)
            steps.append(rec)
            if not rec["pass"]:
                first_fail = rate
                break
            best = rate
            rate = int(rate * cfg["growth"])
        while best is None and rate // 2 >= cfg["min"]:
            # Even the first step failed: halve down to a passing rate, then bisect up from it.
            first_fail = rate
            rate //= 2
            rec = capacity_step(bench, profile, rate, cfg)
            steps.append(rec)
            if rec["pass"]:
                best = rate
        if best is not None and first_fail is not None:
            lo, hi = best, first_fail
            for _ in range(cfg["bisect"]):
                mid = round((lo + hi) / 2 / 1000) * 1000 or (lo + hi) // 2
                if mid in (lo, hi):
                    break
                rec = capacity_step(bench, profile, mid, cfg)
                steps.append(rec)
                if rec["pass"]:
                    lo = best = max(best, mid)
                else:
                    hi = mid
        results[profile] = {"highest_passing_rate": best, "lowest_failing_rate":
                            min([s["load"]["rate"] for s in steps if not s["pass"]], default=None),
                            "hit_max": first_fail is None}
        runs += steps
    # A failed step is the expected end of a ramp, not an error of the bench; a server that did
    # not start or died under load is.
    bench.errors = [f"{r['label']} / ophion: {r['error']}" for r in runs
                    if r.get("error") and r.get("error_kind") == "server"]
    return {"settings": cfg, "results": results, "runs": runs}


def keep_other_profiles(sec: dict, old: dict | None, commit: str) -> None:
    """A capacity run of some profiles keeps the same day's results for the others, each
    profile with the commit it was measured at."""
    for res in sec["results"].values():
        res["commit"] = commit
    if not old:
        return
    for prof, res in old.get("results", {}).items():
        if prof not in sec["results"]:
            res.setdefault("commit", old.get("commit"))
            sec["results"][prof] = res
            sec["runs"] += [r for r in old.get("runs", []) if r["load"]["profile"] == prof]


def render_capacity(sec: dict) -> list[str]:
    cfg = sec["settings"]
    out = [f"End to end into the embedded store (durable queue on), whole box, no pinning: OTLP/"
           f"gRPC, {cfg['items_per_request']} items per request, up to {cfg['in_flight']} in "
           f"flight over {cfg['connections']} connections, {cfg['seconds']} s per step, a fresh "
           f"server per step. Rate from {cfg['start']:,}/s growing ×{cfg['growth']} until a step "
           f"fails (halving instead while none has passed, down to {cfg.get('min', 1000):,}/s), "
           f"then {cfg['bisect']} bisection steps. A step passes when nothing failed, was "
           f"rejected or pushed back, ack p99 ≤ {cfg['p99_ms']:.0f} ms, the achieved rate is ≥ "
           f"{cfg['min_rate_fraction'] * 100:.0f} % of the target, and stored == acknowledged "
           f"within {cfg['drain_s']:.0f} s after the load. CPU % is of one core (200 % = the "
           "whole box).", "",
           "| Profile | Highest passing rate (items/s) | Lowest failing rate | Commit |",
           "|---|--:|--:|---|"]
    for prof, res in sec["results"].items():
        best = res["highest_passing_rate"]
        best_s = f"{best:,}" if best else f"none (< {cfg.get('min', cfg['start']):,})"
        if res.get("hit_max"):
            best_s += f" (BENCH_CAP_MAX {cfg['max']:,} reached)"
        low = res["lowest_failing_rate"]
        out.append(f"| {prof.upper()} | {best_s} | {fnum(low)} | "
                   f"{res.get('commit', sec.get('commit', '—'))} |")
    out += ["", "| Profile | Target/s | Acked/s | Ack p50 ms | Ack p99 ms | Server CPU % | RSS max "
            "MiB | Stored ÷ acked | Drain s | Result |",
            "|---|--:|--:|--:|--:|--:|--:|---|--:|---|"]
    for r in sec["runs"]:
        s = r.get("summary")
        busy = r.get("core_busy")
        stored = (f"{r['stored'] / s['acked']:.4f}" if s and s["acked"] and r.get("stored")
                  is not None else "—")
        result = "pass" if r["pass"] else "FAIL: " + "; ".join(r["fail_reasons"])
        if r.get("error"):
            result += f" ({r['error'].splitlines()[0]})"
        out.append(f"| {r['load']['profile'].upper()} | {r['load']['rate']:,} | "
                   f"{fnum(s['acked_per_s'] if s else None)} | {lat(r, 'p50')} | {lat(r, 'p99')} | "
                   f"{fnum(busy * 100 if busy is not None else None, 0)} | "
                   f"{fnum(r.get('rss_max_mib'), 1)} | {stored} | {fnum(r.get('drain_s'), 1)} | "
                   f"{result.replace('|', '/')} |")
    out += ["", "Target: P1 ≥ 150k spans/s sustained with zero loss."]
    return out


SCENARIOS = {
    "efficiency": (scenario_efficiency, render_efficiency, "Efficiency at a fixed rate"),
    "saturation": (scenario_saturation, render_saturation, "Saturation: the receive path"),
    "capacity": (scenario_capacity, render_capacity, "Capacity: end to end into the store"),
}

# ---- report ---------------------------------------------------------------------------------------


def sh(argv: list[str], cwd=None) -> str:
    try:
        return subprocess.run(argv, capture_output=True, text=True, cwd=cwd,
                              timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def git_commit() -> str:
    rev = sh(["git", "rev-parse", "--short", "HEAD"], cwd=REPO) or "unknown"
    dirty = sh(["git", "status", "--porcelain"], cwd=REPO)
    return rev + ("-dirty" if dirty else "")


def machine_info(tmp: Path) -> dict:
    model = "unknown"
    mem = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / MIB:.1f} GiB"
                break
    except OSError:
        pass
    return {"nproc": sh(["nproc"]) or str(os.cpu_count()), "cpu": model, "mem_total": mem,
            "kernel": sh(["uname", "-r"]), "os": sh(["sh", "-c", ". /etc/os-release && echo "
                                                     "\"$PRETTY_NAME\""]),
            "tmp_fs": sh(["df", "--output=fstype", str(tmp)]).splitlines()[-1:] or ["?"]}


def rotel_info(agent: str) -> dict:
    try:
        from importlib.metadata import PackageNotFoundError, version
        try:
            pkg = version("rotel")
        except PackageNotFoundError:
            pkg = "not installed in this Python (ROTEL_AGENT given)"
    except ImportError:
        pkg = "unknown"
    return {"package": pkg, "agent_version": sh([agent, "--version"])}


def render(doc: dict) -> str:
    m = doc["machine"]
    lines = [f"# Side by side: Ophion and Rotel, {doc['date']}", "",
             "Written by `bench/run.sh` (`make bench`); see `bench/README.md`. Raw per-run "
             f"records: `{doc['json_name']}`.", "",
             "| | |", "|---|---|",
             f"| Machine | {m['nproc']} CPUs, {m['cpu']}, {m['mem_total']} RAM, kernel "
             f"{m['kernel']}{', ' + m['os'] if m.get('os') else ''}; temp dir on "
             f"{m['tmp_fs'][0]} |",
             f"| Rotel | Python package `rotel` {doc['rotel']['package']} (`rotel-agent --version`: "
             f"{doc['rotel']['agent_version']}), `--exporter blackhole` |",
             f"| Ophion | `ophion serve` with "
             + ", ".join(f"`{k}={v}`" for k, v in OPHION_ENV.items())
             + f" (Rotel: `--otlp-grpc-max-recv-msg-size-mib {MAX_MESSAGE_MIB}`), so that P2 × "
             "8192 requests fit both |",
             ""]
    for name in ("efficiency", "saturation", "capacity"):
        sec = doc["scenarios"].get(name)
        if not sec:
            continue
        _, renderer, title = SCENARIOS[name]
        lines += [f"## {title}", "",
                  f"Run {sec['started']} – {sec['finished']} UTC at commit `{sec['commit']}`"
                  + (f"; **{len(sec['errors'])} run(s) failed**" if sec.get("errors") else "")
                  + ".", ""]
        lines += renderer(sec)
        lines += ["", "Commands (ports are picked free for each run; `$BENCH_TMP` is the "
                  "run's temp dir):", "", "```sh"]
        shown = sec["runs"][:2]
        if name == "saturation" and len(sec["runs"]) > 2:
            lines.append("# the first pair; the matrix varies --profile, --items-per-request, "
                         "--protocol and --gzip")
        if name == "capacity":
            shown = [r for i, r in enumerate(sec["runs"])
                     if i == 0 or r["load"]["profile"] != sec["runs"][i - 1]["load"]["profile"]]
            lines.append("# the first step of each profile; later steps vary --rate")
        for r in shown:
            lines += [r[k] for k in ("server_cmd", "loadgen_cmd") if r.get(k)]
        lines += ["```", ""]
        if sec.get("errors"):
            lines += ["Failures:", ""] + [f"- {e.splitlines()[0]}" for e in sec["errors"]] + [""]
    return "\n".join(lines).rstrip() + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenario", nargs="?", default="default",
                    choices=["default", "efficiency", "saturation", "capacity", "all"])
    ap.add_argument("--tmp", type=Path, required=True)
    ap.add_argument("--ophion", required=True)
    ap.add_argument("--loadgen", required=True)
    ap.add_argument("--rotel-agent", required=True)
    ap.add_argument("--results-dir", type=Path,
                    default=Path(os.environ.get("BENCH_RESULTS_DIR") or REPO / "bench" / "results"))
    args = ap.parse_args()

    global BENCH, CHILDREN
    CHILDREN = Children(args.tmp / "children.pids")
    names = {"default": ["efficiency", "saturation"], "all": list(SCENARIOS)}.get(
        args.scenario, [args.scenario])
    if args.scenario == "default" and os.environ.get("BENCH_CAPACITY") == "1":
        names.append("capacity")
    all_cpus = os.sched_getaffinity(0)
    if names != ["capacity"] and not {int(SERVER_CORE), int(LOADGEN_CORE)} <= all_cpus:
        sys.exit(f"bench: split mode pins to cores {LOADGEN_CORE} and {SERVER_CORE}, but this "
                 f"process may only use {sorted(all_cpus)}")

    BENCH = Bench(args)
    if not BENCH.store_none:
        loud("this ophion has no `serve --store` flag: runs meant for `--store none` FALL BACK "
             "to the embedded store, and the report says so")

    now = dt.datetime.now(dt.timezone.utc)
    date = now.strftime("%Y-%m-%d")
    args.results_dir.mkdir(parents=True, exist_ok=True)
    md_path = args.results_dir / f"{date}-side-by-side.md"
    json_path = args.results_dir / f"{date}-side-by-side.json"
    doc = {"date": date, "json_name": json_path.name, "machine": machine_info(args.tmp),
           "rotel": rotel_info(args.rotel_agent), "scenarios": {}}
    old_scenarios: dict = {}
    try:  # Keep same-day sections this invocation does not rerun (e.g. capacity run apart).
        old_scenarios = json.loads(json_path.read_text()).get("scenarios", {})
        doc["scenarios"].update({k: v for k, v in old_scenarios.items() if k not in names})
    except (OSError, ValueError):
        pass

    commit = git_commit()
    failed = 0
    for name in names:
        run_fn, _, title = SCENARIOS[name]
        log(f"=== {title} ===")
        BENCH.errors = []
        # Split mode: the harness itself (RSS sampler, stats polls) stays off the server's core.
        # Children inherit this, so the capacity scenario (no pinning) gets every core back.
        os.sched_setaffinity(0, all_cpus if name == "capacity" else {int(LOADGEN_CORE)})
        started = dt.datetime.now(dt.timezone.utc)
        sec = run_fn(BENCH)
        sec.update(commit=commit, started=started.strftime("%Y-%m-%d %H:%M:%S"),
                   finished=dt.datetime.now(dt.timezone.utc).strftime("%H:%M:%S"),
                   errors=list(BENCH.errors))
        if name == "capacity":
            keep_other_profiles(sec, old_scenarios.get("capacity"), commit)
        failed += len(BENCH.errors)
        doc["scenarios"][name] = sec
        # Written after every scenario so a long run that is cut off keeps what it measured.
        json_path.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n")
        md_path.write_text(render(doc))

    report = render(doc)
    print(report)
    log(f"wrote {md_path} and {json_path}")
    if failed:
        loud(f"{failed} run(s) FAILED; see the Notes columns and 'Failures' in the report")
        return 1
    return 0


BENCH: Bench


def _on_signal(signum, _frame):
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGHUP, _on_signal)
    try:
        code = main()
    except KeyboardInterrupt:
        code = 130
    finally:
        CHILDREN.kill_all()
    sys.exit(code)
