"""Shared machinery for Ophion's end-to-end tests.

The server under test (a real `ophion serve` process over a temporary data dir), its REST API,
the SDK apps that feed it, OTLP requests built with the `opentelemetry.proto` classes, and the
comparison of what an OpenTelemetry SDK produced (the app's manifest) with what the API returns.
"""

import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import requests
from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import (
    ExportLogsServiceRequest,
    ExportLogsServiceResponse,
)
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.common.v1.common_pb2 import AnyValue, ArrayValue, InstrumentationScope, KeyValue
from opentelemetry.proto.logs.v1.logs_pb2 import LogRecord, ResourceLogs, ScopeLogs
from opentelemetry.proto.resource.v1.resource_pb2 import Resource
from opentelemetry.proto.trace.v1.trace_pb2 import ResourceSpans, ScopeSpans, Span

E2E_DIR = Path(__file__).resolve().parent
READY_TIMEOUT_S = 60
# How long data may take to become queryable after it was acknowledged.
DATA_TIMEOUT_S = float(os.environ.get("OPHION_E2E_DATA_TIMEOUT_S", "30"))


def default_binary() -> str:
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.expanduser("~/.cache/ophion-target")
    return os.path.join(target, "release", "ophion")


# --- the server under test -------------------------------------------------------------------


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def die_with_parent() -> None:
    """Runs in the child before exec: the server is killed if the test process dies abruptly."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


class OphionServer:
    """One `ophion serve` process at a time over a data dir that survives restarts.

    Ports are picked afresh on every start, so read the URLs after (re)starting."""

    def __init__(self, binary: str, workdir: Path):
        self.binary = binary
        self.workdir = workdir
        self.data_dir = workdir / "data"
        self.log_path = workdir / "server.log"
        self.process: subprocess.Popen | None = None
        self.starts = 0
        # OPHION_* settings for the next starts (the tests' environment is never passed on).
        self.env: dict[str, str] = {}
        # Seconds from spawn to /health/ready, per start.
        self.ready_seconds: list[float] = []
        # Extra `ophion serve` flags for the next starts, e.g. ["--auth", "required"].
        self.args: list[str] = []

    def start(self) -> None:
        assert self.process is None, "ophion is already running"
        grpc_port, http_port, api_port = free_ports(3)
        self.otlp_grpc_url = f"http://127.0.0.1:{grpc_port}"
        self.otlp_http_url = f"http://127.0.0.1:{http_port}"
        self.api_url = f"http://127.0.0.1:{api_port}"
        command = [
            self.binary,
            "serve",
            "--data-dir",
            str(self.data_dir),
            "--otlp-grpc-addr",
            f"127.0.0.1:{grpc_port}",
            "--otlp-http-addr",
            f"127.0.0.1:{http_port}",
            "--api-addr",
            f"127.0.0.1:{api_port}",
            *self.args,
        ]
        # OPHION_* variables would configure the server: keep the tests hermetic.
        env = {k: v for k, v in os.environ.items() if not k.startswith("OPHION_")} | self.env
        self.starts += 1
        with open(self.log_path, "ab") as log:
            log.write(f"===== start #{self.starts}: {' '.join(command)}\n".encode())
            self.process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                preexec_fn=die_with_parent,
            )
        self._wait_ready()

    def _wait_ready(self) -> None:
        spawned = time.monotonic()
        deadline = spawned + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code, self.process = self.process.returncode, None
                pytest.fail(f"ophion exited with {code} before it was ready\n{self.tail()}", pytrace=False)
            try:
                if requests.get(f"{self.api_url}/health/ready", timeout=2).status_code == 200:
                    self.ready_seconds.append(time.monotonic() - spawned)
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.kill()
        pytest.fail(f"ophion was not ready within {READY_TIMEOUT_S}s\n{self.tail()}", pytrace=False)

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM and wait; the exit status (the contract says 0)."""
        process, self.process = self.process, None
        process.send_signal(signal.SIGTERM)
        try:
            return process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            pytest.fail(f"ophion did not exit within {timeout}s of SIGTERM\n{self.tail()}", pytrace=False)

    def kill(self) -> None:
        """SIGKILL: no chance to flush anything."""
        process, self.process = self.process, None
        process.kill()
        process.wait()

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def tail(self, lines: int = 60) -> str:
        return "--- ophion output (last lines) ---\n" + "\n".join(self.output().splitlines()[-lines:])


@pytest.fixture(scope="session")
def ophion_bin() -> str:
    path = os.environ.get("OPHION_BIN") or default_binary()
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        pytest.fail(
            f"ophion binary not found or not executable: {path}\n"
            "Build it with `cargo build --release` (target dir $CARGO_TARGET_DIR, default "
            "~/.cache/ophion-target) or point OPHION_BIN at it.",
            pytrace=False,
        )
    return path


STARTUP_FAILURES: list[str] = []


@pytest.fixture
def store_env() -> dict[str, str]:
    """OPHION_* settings choosing the server's store; the embedded one unless a module overrides
    this fixture (test_shared_stores.py does)."""
    return {}


@pytest.fixture
def ophion(ophion_bin, store_env):
    """A started server with its own temporary data dir; stopped and deleted afterwards."""
    if STARTUP_FAILURES:
        pytest.fail(
            f"not retried: ophion failed to start earlier in this run\n{STARTUP_FAILURES[0]}", pytrace=False
        )
    workdir = Path(tempfile.mkdtemp(prefix="ophion-e2e-"))
    server = OphionServer(ophion_bin, workdir)
    server.env.update(store_env)
    try:
        try:
            server.start()
        except pytest.fail.Exception as failure:
            STARTUP_FAILURES.append(str(failure))  # so the other tests fail fast instead of waiting too
            raise
        yield server
        if server.process is not None:
            code = server.stop()
            assert code == 0, f"ophion exited with {code} on SIGTERM, expected 0\n{server.tail()}"
    finally:
        if server.process is not None:
            server.kill()
        if os.environ.get("OPHION_E2E_KEEP"):
            print(f"\nkept {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def create_key(server: OphionServer, tenant: str, scope: str) -> str:
    """`ophion keys create` prints the key as the last word of its output."""
    done = subprocess.run(
        [server.binary, "keys", "create", "--tenant", tenant, "--scope", scope, "--data-dir", str(server.data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.split()[-1]


@pytest.fixture
def api(ophion):
    return Api(ophion)


@pytest.fixture
def run_id() -> str:
    return f"run-{uuid.uuid4().hex[:12]}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test's report carries the server's output."""
    outcome = yield
    report = outcome.get_result()
    server = item.funcargs.get("ophion") if hasattr(item, "funcargs") else None
    if report.failed and isinstance(server, OphionServer):
        report.sections.append(("ophion output", server.tail(200)))


def pytest_collection_modifyitems(config, items):
    """Tests marked `quiet` run last (stable sort: the others keep their order)."""
    items.sort(key=lambda item: item.get_closest_marker("quiet") is not None)


def pytest_configure(config):
    # Turn SIGTERM into an interrupt so fixtures still stop servers and delete temp dirs.
    def interrupt(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupt)


def pytest_terminal_summary(terminalreporter):
    skipped = terminalreporter.stats.get("skipped", [])
    if skipped:
        terminalreporter.write_sep("!", f"{len(skipped)} END-TO-END TEST(S) SKIPPED", red=True, bold=True)
        for report in skipped:
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            terminalreporter.write_line(f"SKIPPED {report.nodeid}: {reason}", red=True, bold=True)


def memory_bytes(pid: int, field: str = "VmRSS") -> int:
    """A memory figure of a process from /proc/<pid>/status: VmRSS (now) or VmHWM (peak)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise AssertionError(f"no {field} for process {pid}")


def report(test: str, **figures) -> None:
    """Print a test's figures, and append them to $OPHION_CAMPAIGN_REPORT (JSON lines) when set."""
    line = json.dumps({"test": test, "long": os.environ.get("OPHION_CAMPAIGN") == "long", **figures})
    print(f"\ncampaign: {line}")
    if path := os.environ.get("OPHION_CAMPAIGN_REPORT"):
        with open(path, "a") as out:
            out.write(line + "\n")


# --- the REST API ----------------------------------------------------------------------------


def window() -> dict:
    """start/end (Unix milliseconds) around everything a test sends."""
    now_ms = int(time.time() * 1000)
    return {"start": now_ms - 30 * 60_000, "end": now_ms + 5 * 60_000}


class Api:
    """The REST API of whichever process `server` runs now."""

    def __init__(self, server: OphionServer, key: str | None = None):
        self.server = server
        self.headers = {"Authorization": f"Bearer {key}"} if key else {}

    def response(self, path: str, params: dict | None = None) -> requests.Response:
        return requests.get(f"{self.server.api_url}{path}", params=params, headers=self.headers, timeout=30)

    def get(self, path: str, params: dict | None = None) -> dict:
        response = self.response(path, params)
        assert response.status_code == 200, (
            f"GET {path} {params} -> {response.status_code}: {response.text[:1000]}"
        )
        return response.json()

    def all(self, path: str, key: str, params: dict, max_pages: int = 1000) -> list:
        """Every item of a paginated search, following next_cursor to its end."""
        items, cursor, seen = [], None, set()
        for _ in range(max_pages):
            page = self.get(path, {**params, **({"cursor": cursor} if cursor else {})})
            items += page[key]
            cursor = page.get("next_cursor")
            if cursor is None:
                return items
            assert cursor not in seen, f"GET {path}: next_cursor {cursor!r} repeats"
            assert page[key], f"GET {path}: empty page with a next_cursor"
            seen.add(cursor)
        pytest.fail(f"GET {path}: more than {max_pages} pages")

    def stats(self) -> dict:
        return self.get("/api/v1/stats")


def eventually(check, timeout: float = DATA_TIMEOUT_S, interval: float = 0.25):
    """check()'s result once it stops failing its assertions; its last failure after timeout."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return check()
        except AssertionError:
            if time.monotonic() > deadline:
                raise
        time.sleep(interval)


# --- SDK apps --------------------------------------------------------------------------------


def run_app(
    command: list[str],
    server: OphionServer,
    *,
    protocol: str,
    service: str,
    run_id: str,
    compression: str | None = None,
    cwd: Path | None = None,
    headers: str | None = None,
) -> dict:
    """Runs an SDK app configured through OTEL_* variables; returns its manifest."""
    manifest = server.workdir / f"manifest-{run_id}.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    env.update(
        OTEL_EXPORTER_OTLP_ENDPOINT=server.otlp_grpc_url if protocol == "grpc" else server.otlp_http_url,
        OTEL_EXPORTER_OTLP_PROTOCOL=protocol,
        OTEL_SERVICE_NAME=service,
        OTEL_RESOURCE_ATTRIBUTES=f"deployment.environment.name=e2e,e2e.run_id={run_id}",
    )
    if compression:
        env["OTEL_EXPORTER_OTLP_COMPRESSION"] = compression
    if headers:
        env["OTEL_EXPORTER_OTLP_HEADERS"] = headers
    app = subprocess.run(
        [*command, "--run-id", run_id, "--manifest", str(manifest)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert app.returncode == 0, (
        f"{' '.join(command)} exited with {app.returncode} (an export was not acknowledged?)\n"
        f"--- stdout ---\n{app.stdout[-3000:]}\n--- stderr ---\n{app.stderr[-5000:]}"
    )
    return normalized(json.loads(manifest.read_text()))


# --- comparing what was sent with what the API returns ---------------------------------------


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


MISSING = _Missing()


def normalized(manifest):
    """The manifest with every *_unix_nano an int (Node writes them as strings) and every absent
    trace/span id None."""
    if isinstance(manifest, list):
        return [normalized(v) for v in manifest]
    if not isinstance(manifest, dict):
        return manifest
    out = {}
    for key, value in manifest.items():
        if key.endswith("_unix_nano"):
            value = int(value)
        elif key in ("trace_id", "span_id", "parent_span_id"):
            value = id_or_none(value)
        out[key] = value if key in ("attributes", "resource_attributes", "body") else normalized(value)
    return out


def id_or_none(value):
    """An absent id may come back as null, "" or all zeros."""
    return None if not value or set(value) == {"0"} else value


def typed(value):
    """value with its JSON type spelled out, so that 1, 1.0, True and "1" all differ."""
    if isinstance(value, list):
        return ["array", [typed(v) for v in value]]
    if isinstance(value, dict):
        return ["map", {k: typed(v) for k, v in value.items()}]
    return [type(value).__name__, value]


def mismatch(where: str, sent, got) -> list[str]:
    return [] if typed(got) == typed(sent) else [f"{where}: sent {sent!r}, got {got!r}"]


def field_diffs(where: str, sent: dict, got: dict, fields) -> list[str]:
    return [d for f in fields for d in mismatch(f"{where}.{f}", sent[f], got.get(f, MISSING))]


def attribute_diffs(where: str, sent: dict, got: dict | None) -> list[str]:
    """Every attribute sent comes back with the same value and type (more may be added)."""
    got = got or {}
    return [d for k, v in sent.items() for d in mismatch(f"{where}[{k!r}]", v, got.get(k, MISSING))]


def item_diffs(where: str, sent: list, got: list | None, fields: list[str]) -> list[str]:
    """Events or links: the same ones in the same order, each with its attributes."""
    got = got or []
    key = [[item[f] for f in fields] for item in sent]
    diffs = mismatch(f"{where} {fields}", key, [[item.get(f, MISSING) for f in fields] for item in got])
    if diffs:
        return diffs
    return [
        d
        for n, (s, g) in enumerate(zip(sent, got, strict=True))
        for d in attribute_diffs(f"{where}[{n}].attributes", s["attributes"], g.get("attributes"))
    ]


SPAN_FIELDS = [
    "trace_id",
    "span_id",
    "name",
    "kind",
    "service_name",
    "status_code",
    "scope_name",
    "scope_version",
]


def span_diffs(sent: dict, got: dict) -> list[str]:
    where = f"span {sent['span_id']} ({sent['name']})"
    times = ["start_time_unix_nano", "end_time_unix_nano", "duration_ns"]
    start, end = sent["start_time_unix_nano"], sent["end_time_unix_nano"]
    diffs = [
        *field_diffs(where, sent, got, SPAN_FIELDS),
        *mismatch(f"{where}.parent_span_id", sent["parent_span_id"], id_or_none(got.get("parent_span_id"))),
        *mismatch(f"{where} {times}", [start, end, end - start], [got.get(t, MISSING) for t in times]),
        *attribute_diffs(f"{where}.attributes", sent["attributes"], got.get("attributes")),
        *attribute_diffs(f"{where}.resource", sent["resource_attributes"], got.get("resource_attributes")),
        *item_diffs(f"{where}.events", sent["events"], got.get("events"), ["name", "time_unix_nano"]),
        *item_diffs(f"{where}.links", sent["links"], got.get("links"), ["trace_id", "span_id"]),
    ]
    if sent["status_code"] == "error":
        diffs += mismatch(f"{where}.status_message", sent["status_message"], got.get("status_message"))
    return diffs


LOG_FIELDS = ["time_unix_nano", "severity_number", "severity_text", "body", "service_name", "scope_name"]


def log_diffs(sent: dict, got: dict) -> list[str]:
    where = f"log seq {sent['attributes']['e2e.seq']}"
    return [
        *field_diffs(where, sent, got, LOG_FIELDS),
        *[
            d
            for f in ("trace_id", "span_id")
            for d in mismatch(f"{where}.{f}", sent[f], id_or_none(got.get(f)))
        ],
        *attribute_diffs(f"{where}.attributes", sent["attributes"], got.get("attributes")),
        *attribute_diffs(f"{where}.resource", sent["resource_attributes"], got.get("resource_attributes")),
    ]


def assert_no_diffs(diffs: list[str]) -> None:
    assert not diffs, f"{len(diffs)} differences, first ones:\n" + "\n".join(diffs[:25])


def assert_once_each(ids: list, expected: set, what: str) -> None:
    """ids holds every expected id exactly once, and nothing else."""
    twice = [i for i, n in Counter(ids).items() if n > 1]
    assert not twice, f"{what}: {len(twice)} returned more than once, e.g. {twice[:5]}"
    missing, unexpected = expected - set(ids), set(ids) - expected
    assert not (missing or unexpected), (
        f"{what}: {len(missing)} missing (e.g. {sorted(missing)[:3]}), "
        f"{len(unexpected)} unexpected (e.g. {sorted(unexpected, key=str)[:3]})"
    )


def verify_spans(api: Api, manifest: dict, run_id: str) -> None:
    """Every span the SDK produced is searchable by the run id and comes back intact."""
    sent = {s["span_id"]: s for s in manifest["spans"]}
    eventually(lambda: assert_at_least(api.stats()["spans"], len(sent), "stats.spans"))
    search = {"attr.e2e.run_id": run_id, **window()}
    spans = api.all("/api/v1/spans", "spans", {**search, "limit": 200})
    assert_once_each([s["span_id"] for s in spans], sent.keys(), "span search")
    assert_no_diffs([d for s in spans for d in span_diffs(sent[s["span_id"]], s)])
    assert api.stats()["spans"] == len(sent)

    errors = api.all("/api/v1/spans", "spans", {**search, "status": "error", "limit": 1000})
    want = {i for i, s in sent.items() if s["status_code"] == "error"}
    assert_once_each([s["span_id"] for s in errors], want, "span search status=error")


def verify_traces(api: Api, manifest: dict) -> None:
    """Each trace, fetched by id, holds exactly its spans; the trace search summarises it right."""
    traces = defaultdict(list)
    for span in manifest["spans"]:
        traces[span["trace_id"]].append(span)
    diffs = []
    for trace_id, spans in traces.items():
        trace = api.get(f"/api/v1/traces/{trace_id}")
        assert trace["trace_id"] == trace_id
        assert_once_each([s["span_id"] for s in trace["spans"]], {s["span_id"] for s in spans}, trace_id)
        sent = {s["span_id"]: s for s in spans}
        diffs += [d for s in trace["spans"] for d in span_diffs(sent[s["span_id"]], s)]
    assert_no_diffs(diffs)

    root_service = next(s["service_name"] for s in manifest["spans"] if not s["parent_span_id"])
    search = {"service": root_service, **window()}
    summaries = api.all("/api/v1/traces", "traces", {**search, "limit": 50})
    assert_once_each([t["trace_id"] for t in summaries], traces.keys(), "trace search")
    for summary in summaries:
        spans = traces[summary["trace_id"]]
        root = next(s for s in spans if not s["parent_span_id"])
        start = min(s["start_time_unix_nano"] for s in spans)
        errors = sum(s["status_code"] == "error" for s in spans)
        want = {
            "root_service": root["service_name"],
            "root_name": root["name"],
            "start_time_unix_nano": start,
            "duration_ns": max(s["end_time_unix_nano"] for s in spans) - start,
            "span_count": len(spans),
            "error_count": errors,
            "has_error": errors > 0,
            "services": sorted({s["service_name"] for s in spans}),
        }
        got = {**summary, "services": sorted(summary.get("services") or [])}
        diffs += field_diffs(f"trace summary {summary['trace_id']}", want, got, want)
    assert_no_diffs(diffs)

    longest = api.get("/api/v1/traces", {**search, "sort": "longest", "limit": 20})["traces"]
    durations = [t["duration_ns"] for t in longest]
    assert len(durations) == min(20, len(traces)) and durations == sorted(durations, reverse=True)
    assert durations[0] == max(t["duration_ns"] for t in summaries)


def verify_services(api: Api, manifest: dict) -> None:
    """Per-service span and error counts, and the caller → callee edges between services."""
    spans = {s["span_id"]: s for s in manifest["spans"]}
    counts = Counter(s["service_name"] for s in spans.values())
    errors = Counter(s["service_name"] for s in spans.values() if s["status_code"] == "error")
    services = {s["name"]: s for s in api.get("/api/v1/services", window())["services"]}
    for name, count in counts.items():
        assert name in services, f"/services lacks {name}: {sorted(services)}"
        got = services[name]
        assert (got["span_count"], got["error_count"]) == (count, errors[name]), f"{name}: {got}"
        assert 0 <= got["p50_ms"] <= got["p95_ms"] <= got["p99_ms"], got

    calls, failed = Counter(), Counter()
    for span in spans.values():
        parent = spans.get(span["parent_span_id"])
        if parent and parent["service_name"] != span["service_name"]:
            calls[parent["service_name"], span["service_name"]] += 1
            failed[parent["service_name"], span["service_name"]] += span["status_code"] == "error"
    assert calls, "the app's spans cross no service boundary"
    edges = {(e["caller"], e["callee"]): e for e in api.get("/api/v1/service-map", window())["edges"]}
    for edge, count in calls.items():
        assert edge in edges, f"/service-map lacks {edge}: {sorted(edges)}"
        got = edges[edge]
        assert (got["call_count"], got["error_count"]) == (count, failed[edge]), got


def verify_logs(api: Api, manifest: dict, run_id: str) -> None:
    """Every log record is searchable by the run id and comes back intact; filters narrow right."""
    sent = {r["attributes"]["e2e.seq"]: r for r in manifest["logs"]}
    seqs = lambda records: [(r.get("attributes") or {}).get("e2e.seq") for r in records]  # noqa: E731
    eventually(lambda: assert_at_least(api.stats()["logs"], len(sent), "stats.logs"))
    search = {"attr.e2e.run_id": run_id, **window()}
    records = api.all("/api/v1/logs", "logs", {**search, "limit": 250})
    assert_once_each(seqs(records), sent.keys(), "log search")
    assert_no_diffs([d for r in records for d in log_diffs(sent[r["attributes"]["e2e.seq"]], r)])
    assert api.stats()["logs"] == len(sent)

    service = manifest["logs"][0]["service_name"]
    by_service = api.all("/api/v1/logs", "logs", {**search, "service": service, "limit": 1000})
    assert_once_each(seqs(by_service), {s for s, r in sent.items() if r["service_name"] == service}, service)

    trace_id = next(r["trace_id"] for r in manifest["logs"] if r["trace_id"])
    by_trace = api.all("/api/v1/logs", "logs", {**search, "trace_id": trace_id, "limit": 1000})
    assert_once_each(seqs(by_trace), {s for s, r in sent.items() if r["trace_id"] == trace_id}, trace_id)

    record = next(r for r in manifest["logs"][7:] if isinstance(r["body"], str))
    token = record["body"].split()[-1].upper()  # "SEQ-NNNN": only this record's body has it
    found = api.all("/api/v1/logs", "logs", {**search, "q": token, "limit": 1000})
    assert_once_each(seqs(found), {record["attributes"]["e2e.seq"]}, f"log search q={token}")

    buckets = api.get("/api/v1/logs/histogram", {"step": "1m", **window()})["buckets"]
    assert sum(b["count"] for b in buckets) == len(sent), buckets


def verify_metrics(api: Api, manifest: dict, service: str) -> None:
    """Each instrument is listed with its kind and unit, and its latest points carry the values."""
    names = {m["name"]: m for m in eventually(lambda: metric_names(api, manifest))}
    diffs = []
    for metric in manifest["metrics"]:
        name = metric["name"]
        diffs += field_diffs(f"metric {name}", metric, names[name], ["kind", "unit", "description"])
        search = {"name": name, "service": service, "limit": 1000, **window()}
        points = api.all("/api/v1/metrics", "points", search)
        for series in metric["series"]:
            where = f"metric {name} {series['attributes']}"
            matching = [
                p for p in points if not attribute_diffs("", series["attributes"], p.get("attributes"))
            ]
            if not matching:
                diffs.append(f"{where}: no point with these attributes among {len(points)}")
                continue
            point = max(matching, key=lambda p: p["time_unix_nano"])  # cumulative: the latest holds all
            diffs += field_diffs(
                where, {**metric, "service_name": service}, point, ["kind", "unit", "service_name"]
            )
            diffs += [
                f"{where}.{field}: sent {value!r}, got {point.get(field, MISSING)!r}"
                for field, value in series.items()
                if field != "attributes" and not numbers_equal(point.get(field), value)
            ]
    assert_no_diffs(diffs)
    assert api.stats()["metric_points"] >= sum(len(m["series"]) for m in manifest["metrics"])


def metric_names(api: Api, manifest: dict) -> list[dict]:
    listed = api.get("/api/v1/metrics/names")["metrics"]
    missing = {m["name"] for m in manifest["metrics"]} - {m["name"] for m in listed}
    assert not missing, f"/metrics/names lacks {sorted(missing)}"
    return listed


def numbers_equal(actual, expected) -> bool:
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(map(numbers_equal, actual, expected))
        )
    return (
        isinstance(actual, (int, float)) and not isinstance(actual, bool) and float(actual) == float(expected)
    )


def assert_at_least(actual: int, expected: int, what: str) -> None:
    assert actual >= expected, f"{what}: {actual} of {expected} so far"


# --- OTLP requests built with the opentelemetry.proto classes --------------------------------


def any_value(value) -> AnyValue:
    if isinstance(value, bool):
        return AnyValue(bool_value=value)
    if isinstance(value, int):
        return AnyValue(int_value=value)
    if isinstance(value, float):
        return AnyValue(double_value=value)
    if isinstance(value, (list, tuple)):
        return AnyValue(array_value=ArrayValue(values=[any_value(v) for v in value]))
    return AnyValue(string_value=str(value))


def key_values(attributes: dict) -> list[KeyValue]:
    return [KeyValue(key=k, value=any_value(v)) for k, v in attributes.items()]


def resource(service: str) -> Resource:
    return Resource(attributes=key_values({"service.name": service}))


SCOPE = InstrumentationScope(name="ophion.e2e", version="1.0.0")


def traces_request(service: str, spans: list[Span]) -> ExportTraceServiceRequest:
    return ExportTraceServiceRequest(
        resource_spans=[
            ResourceSpans(resource=resource(service), scope_spans=[ScopeSpans(scope=SCOPE, spans=spans)])
        ]
    )


def logs_request(service: str, records: list[LogRecord]) -> ExportLogsServiceRequest:
    return ExportLogsServiceRequest(
        resource_logs=[
            ResourceLogs(resource=resource(service), scope_logs=[ScopeLogs(scope=SCOPE, log_records=records)])
        ]
    )


def post_otlp(server: OphionServer, request) -> requests.Response:
    """POSTs an OTLP/HTTP protobuf request to the server and returns the response unchecked."""
    signal_name = {ExportTraceServiceRequest: "traces", ExportLogsServiceRequest: "logs"}[type(request)]
    return requests.post(
        f"{server.otlp_http_url}/v1/{signal_name}",
        data=request.SerializeToString(),
        headers={"Content-Type": "application/x-protobuf"},
        timeout=30,
    )


def assert_accepted(response: requests.Response) -> None:
    """200, a protobuf Export*ServiceResponse, and no partial success: fully acknowledged."""
    assert response.status_code == 200, (
        f"POST {response.url} -> {response.status_code}: {response.content[:500]!r}"
    )
    assert response.headers.get("Content-Type", "").startswith("application/x-protobuf"), response.headers
    response_type = (
        ExportTraceServiceResponse if response.url.endswith("/v1/traces") else ExportLogsServiceResponse
    )
    body = response_type.FromString(response.content)
    assert not body.partial_success.ListFields(), f"partial success: {body.partial_success}"
