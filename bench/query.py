"""Query benchmark: the same seeded P1 spans (and L1-style logs) loaded into Ophion and into
the ClickHouse engine (chDB, in-process), then the same five queries timed on both.

    bench/query.sh 1m            # or 10m, or a span count such as 200k / 150000

The data set is generated once (seeded, numpy-vectorised draws, protobuf hand-encoded) into a
spool in a work directory: OTLP/HTTP protobuf request bodies for Ophion and Parquet files in
the OpenTelemetry ClickHouse exporter's column layout for chDB. Each engine is then loaded
from the spool on its own, so generation never competes with either engine's load.

Queries (all over the data's 60-minute window, given explicitly):
  1. trace by id (20 known trace ids)            GET /api/v1/traces/{id}
  2. per-service p50/p95/p99 over the range       GET /api/v1/services
  3. per-minute series for one service            GET /api/v1/services/{svc}/series?step=60s
  4. hot attribute equality + duration top-20     GET /api/v1/spans?attr.http.route=…&sort=longest&limit=20
  5. the same on a selective hot attribute        GET /api/v1/spans?attr.url.full=…&sort=longest&limit=20
  6. log substring search, newest 100             GET /api/v1/logs?q=…&limit=100
  7. log substring with no match (full scan)      GET /api/v1/logs?q=…&limit=100

Warm: one warm-up, then N timed runs (default 20), p50 and p99. Cold: the first run of a query
after a restart (Ophion: server process restarted; chDB: a fresh session on the same
directory), repeated --cold-runs times with a restart before every single query; with
--drop-caches the OS page cache is dropped before each cold query too (affects the whole box).

See bench/QUERY.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import queue as queue_mod
from pathlib import Path
from urllib.parse import quote

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parent.parent

# ---- vocabulary (shape of the load generator's P1 / L1 profiles) -----------------------------

SERVICES = [
    "frontend", "checkout", "cart", "payment", "shipping", "currency", "email", "ad", "catalog",
    "recommendation", "quote", "accounting", "fraud", "inventory", "auth", "search", "profile",
    "notification", "gateway", "pricing",
]
METHODS = ["GET", "POST", "PUT", "DELETE"]
ROUTES = [
    "/api/cart", "/api/orders", "/api/products", "/api/users", "/api/payments", "/api/shipping",
    "/api/search", "/api/ads", "/api/quotes", "/api/currency",
]
SPAN_NAMES = [f"{m} {r}" for m in METHODS for r in ROUTES]  # 40
# The ten span attribute keys, in order; index % 3 == 2 are integers (as the loadgen's P1).
# http.request.method / http.route follow the span name (so a route filter selects ~1/10 of
# the spans); the others take values from a pool of 4096. Hot (typed-column) keys in the
# embedded store: http.request.method, http.route, url.full, server.address, db.system,
# rpc.method, k8s.pod.name.
SPAN_KEYS = [
    "http.request.method", "http.route", "server.address", "url.full", "db.system",
    "rpc.method", "k8s.pod.name", "user_agent.original", "network.protocol.version",
    "client.address",
]
INT_KEYS = {2, 5, 8}
LOG_KEYS = ["http.request.method", "http.route", "server.address", "url.full", "db.system",
            "rpc.method"]
SEVERITIES = [(5, "DEBUG"), (9, "INFO"), (13, "WARN"), (17, "ERROR")]
POOL = 4096
VALUE_LEN = 23
WORD_LEN = 12
SPANS_PER_REQUEST = 512
SPANS_PER_RESOURCE = 64
SPANS_PER_TRACE = 4
CHUNK_SPANS = 65536  # spans generated per vectorised chunk (a multiple of 512)
WINDOW_S = 3600
SCOPE_NAME = "qbench"


def _pool(rng: np.random.Generator, n: int, length: int) -> list[str]:
    alphabet = np.frombuffer(b"abcdefghijklmnopqrstuvwxyz0123456789", dtype=np.uint8)
    chars = alphabet[rng.integers(0, len(alphabet), size=(n, length))]
    return [row.tobytes().decode() for row in chars]


# ---- protobuf wire encoding (hand-rolled: the protobuf runtime is ~20x slower) ------------

def varint(n: int) -> bytes:
    out = bytearray()
    while n > 0x7F:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


_VARINT = [varint(i) for i in range(1 << 14)]


def vlen(n: int) -> bytes:
    return _VARINT[n] if n < 16384 else varint(n)


def ld(tag: int, payload: bytes) -> bytes:
    """A length-delimited field (tag is the whole key byte)."""
    return bytes([tag]) + vlen(len(payload)) + payload


def any_str(s: str) -> bytes:
    return ld(0x0A, s.encode())


def any_int(i: int) -> bytes:
    return b"\x18" + varint(i)


def key_value(key: str, anyvalue: bytes) -> bytes:
    return ld(0x0A, key.encode()) + ld(0x12, anyvalue)


class Vocab:
    def __init__(self, seed: int):
        rng = np.random.default_rng([seed, 0xC0FFEE])
        self.values = _pool(rng, POOL, VALUE_LEN)
        self.words = _pool(rng, POOL, WORD_LEN)
        # Encoded span attributes (field 9 of Span) per key and value index.
        self.span_attr = []
        self.attr_text = []  # the text each (key, index) is stored as in chDB
        for k, key in enumerate(SPAN_KEYS):
            if k == 0:
                texts = METHODS
            elif k == 1:
                texts = ROUTES
            elif k in INT_KEYS:
                texts = [str(i) for i in range(POOL)]
            else:
                texts = self.values
            enc = [ld(0x4A, key_value(key, any_int(int(t)) if k in INT_KEYS else any_str(t)))
                   for t in texts]
            self.span_attr.append(enc)
            self.attr_text.append(texts)
        # Event attribute (Event field 3): http.request.method from the pool, as the loadgen.
        self.event_attr = [ld(0x1A, key_value("cache.key", any_str(v))) for v in self.values]
        # Log attributes (LogRecord field 6), same value pools as the span keys.
        self.log_attr = []
        for k, key in enumerate(LOG_KEYS):
            texts = self.attr_text[k]
            self.log_attr.append(
                [ld(0x32, key_value(key, any_int(int(t)) if k in INT_KEYS else any_str(t)))
                 for t in texts])
        self.name_enc = [ld(0x2A, n.encode()) for n in SPAN_NAMES]
        self.sev_enc = [b"\x10" + varint(n) + ld(0x1A, t.encode()) for n, t in SEVERITIES]
        self.scope = ld(0x0A, ld(0x0A, SCOPE_NAME.encode()))  # ScopeSpans/ScopeLogs.scope


# ---- data generation -------------------------------------------------------------------------

_SPAN_TIMES = struct.Struct("<BQBQ").pack  # 0x39 start (fixed64), 0x41 end (fixed64)
_FIXED64 = struct.Struct("<Q").pack
STATUS_OK = ld(0x7A, b"\x18\x01")
STATUS_ERR = ld(0x7A, ld(0x12, b"upstream timeout") + b"\x18\x02")
KIND_SERVER = b"\x30\x02"
KIND_CLIENT = b"\x30\x03"


def resource_bytes(service: str, version: int, host: str) -> bytes:
    attrs = [
        key_value("service.name", any_str(service)),
        key_value("service.version", any_str(f"1.{version}.0")),
        key_value("host.name", any_str(host)),
        key_value("deployment.environment", any_str("prod")),
        key_value("telemetry.sdk.language", any_str("python")),
    ]
    return ld(0x0A, b"".join(ld(0x0A, a) for a in attrs))  # ResourceSpans.resource


def generate_chunk(vocab: Vocab, seed: int, index: int, n: int, window_start_ns: int):
    """One chunk of `n` spans (multiple of 512) with n/4 logs: request bodies + Arrow tables."""
    assert n % SPANS_PER_REQUEST == 0
    rng = np.random.default_rng([seed, index])
    n_traces = n // SPANS_PER_TRACE
    n_groups = n // SPANS_PER_RESOURCE
    window_ns = WINDOW_S * 1_000_000_000

    tid_arr = rng.integers(0, 256, size=(n_traces, 16), dtype=np.uint8)
    tid_arr[:, 0] |= 1
    sid_arr = rng.integers(0, 256, size=(n, 8), dtype=np.uint8)
    sid_arr[:, 0] |= 1
    tids, sids = tid_arr.tobytes(), sid_arr.tobytes()

    g_service = rng.integers(0, len(SERVICES), n_groups)
    g_version = rng.integers(0, 20, n_groups)
    g_host = rng.integers(0, POOL, n_groups)
    span_service = np.repeat(g_service, SPANS_PER_RESOURCE)

    # Times: each trace starts somewhere in the window (leaving 2 s at the end), its spans
    # within a second of that; durations log-normal around a per-service median.
    t_start = window_start_ns + rng.integers(0, window_ns - 2_000_000_000, n_traces)
    offset = rng.integers(0, 1_000_000_000, n)
    offset[::SPANS_PER_TRACE] = 0
    start = np.repeat(t_start, SPANS_PER_TRACE) + offset
    median_ms = 2.0 + (span_service % 7) * 3.0
    duration = (np.exp(rng.normal(0.0, 1.0, n)) * median_ms * 1e6).astype(np.int64) + 100_000
    duration = np.minimum(duration, 900_000_000)
    end = start + duration
    method = rng.integers(0, len(METHODS), n)
    route = rng.integers(0, len(ROUTES), n)
    name_idx = method * len(ROUTES) + route
    attr_idx = rng.integers(0, POOL, size=(n, len(SPAN_KEYS)))
    attr_idx[:, 0] = method
    attr_idx[:, 1] = route
    event_idx = rng.integers(0, POOL, n)
    error = rng.random(n) < 0.05

    # Logs: one per trace, on its root span, ~300 B and ~1 KB alternately.
    log_time = t_start + 500_000
    log_sev = rng.integers(0, len(SEVERITIES), n_traces)
    large = (np.arange(n_traces) % 2) == 1
    log_attr_idx = attr_idx[::SPANS_PER_TRACE, : len(LOG_KEYS)]
    word_idx = rng.integers(0, POOL, size=(n_traces, 60))

    starts, ends, durs = start.tolist(), end.tolist(), duration.tolist()
    names, errs, ev = name_idx.tolist(), error.tolist(), event_idx.tolist()
    attrs = attr_idx.tolist()
    span_attr = vocab.span_attr
    event_attr = vocab.event_attr
    name_enc = vocab.name_enc

    bodies: list[str] = []
    requests = []
    for r in range(n // SPANS_PER_REQUEST):
        rs_parts = []
        lg_parts = []
        for g in range(r * 8, r * 8 + 8):
            svc = SERVICES[g_service[g]]
            resource = resource_bytes(svc, int(g_version[g]), vocab.values[g_host[g]])
            span_parts = []
            for i in range(g * SPANS_PER_RESOURCE, (g + 1) * SPANS_PER_RESOURCE):
                t = i >> 2
                s0 = starts[i]
                parts = [b"\x0a\x10", tids[16 * t: 16 * t + 16], b"\x12\x08", sids[8 * i: 8 * i + 8]]
                if i & 3:
                    root = i & ~3
                    parts.append(b"\x22\x08")
                    parts.append(sids[8 * root: 8 * root + 8])
                    parts.append(name_enc[names[i]])
                    parts.append(KIND_CLIENT)
                else:
                    parts.append(name_enc[names[i]])
                    parts.append(KIND_SERVER)
                parts.append(_SPAN_TIMES(0x39, s0, 0x41, ends[i]))
                a = attrs[i]
                for k in range(10):
                    parts.append(span_attr[k][a[k]])
                evb = b"\x09" + _FIXED64(s0 + 1000) + b"\x12\x0ccache.lookup" + event_attr[ev[i]]
                parts.append(b"\x5a" + vlen(len(evb)))
                parts.append(evb)
                parts.append(STATUS_ERR if errs[i] else STATUS_OK)
                body = b"".join(parts)
                span_parts.append(b"\x12" + vlen(len(body)))
                span_parts.append(body)
            scope_spans = vocab.scope + b"".join(span_parts)
            rs = resource + ld(0x12, scope_spans)
            rs_parts.append(ld(0x0A, rs))
            # This group's 16 logs (one per trace), under the same resource.
            log_parts = []
            for t in range(g * 16, g * 16 + 16):
                i = t * 4
                nw = 60 if large[t] else 12
                text = (f"{svc} {SPAN_NAMES[names[i]]} took {durs[i] / 1e6:.3f} ms "
                        f"trace_id={tids[16 * t: 16 * t + 16].hex()} "
                        + " ".join([vocab.words[w] for w in word_idx[t, :nw].tolist()]))
                bodies.append(text)
                tb = text.encode()
                la = log_attr_idx[t].tolist()
                nattr = 6 if large[t] else 3
                lt = int(log_time[t])
                rec = [b"\x09", _FIXED64(lt), vocab.sev_enc[log_sev[t]],
                       b"\x2a", vlen(len(tb) + 1 + len(vlen(len(tb)))), b"\x0a", vlen(len(tb)), tb]
                for k in range(nattr):
                    rec.append(vocab.log_attr[k][la[k]])
                rec += [b"\x4a\x10", tids[16 * t: 16 * t + 16], b"\x52\x08", sids[8 * i: 8 * i + 8],
                        b"\x59", _FIXED64(lt + 1000)]
                rb = b"".join(rec)
                log_parts.append(b"\x12" + vlen(len(rb)))
                log_parts.append(rb)
            rl = resource + ld(0x12, vocab.scope + b"".join(log_parts))
            lg_parts.append(ld(0x0A, rl))
        requests.append((b"".join(rs_parts), b"".join(lg_parts)))

    spans_tbl = _spans_table(vocab, n, tid_arr, sid_arr, span_service, g_version, g_host, start,
                             duration, name_idx, attr_idx, event_idx, error)
    logs_tbl = _logs_table(vocab, n_traces, tid_arr, sid_arr, g_service, g_version, g_host,
                           log_time, log_sev, large, log_attr_idx, bodies)
    sample_traces = [tid_arr[j].tobytes().hex() for j in range(0, n_traces, max(1, n_traces // 48))]
    return requests, spans_tbl, logs_tbl, sample_traces


def _hex(arr: np.ndarray) -> np.ndarray:
    width = arr.shape[1] * 2
    return np.frombuffer(arr.tobytes().hex().encode(), dtype=f"S{width}")


def _map_array(keys: list[str], texts: list[list[str]], idx: np.ndarray, counts=None):
    """Map(String, String) from per-row value indexes into per-key text lists."""
    n, k = idx.shape
    table = []
    base = []
    for t in texts:
        base.append(len(table))
        table.extend(t)
    flat = (idx + np.array(base)[None, :]).reshape(-1)
    table_arr = pa.array(table, pa.string())
    keys_arr = pa.array(keys, pa.string())
    if counts is None:
        offsets = pa.array(np.arange(0, n * k + 1, k, dtype=np.int32))
        values = table_arr.take(pa.array(flat))
        key_col = keys_arr.take(pa.array(np.tile(np.arange(k), n)))
    else:
        mask = (np.arange(k)[None, :] < counts[:, None]).reshape(-1)
        offsets = pa.array(np.concatenate([[0], np.cumsum(counts)]).astype(np.int32))
        values = table_arr.take(pa.array(flat[mask]))
        key_col = keys_arr.take(pa.array(np.tile(np.arange(k), n)[mask]))
    return pa.MapArray.from_arrays(offsets, key_col, values)


def _resource_map(vocab: Vocab, service_idx, version, host):
    n = len(service_idx)
    versions = [f"1.{v}.0" for v in range(20)]
    idx = np.stack([service_idx, version, host, np.zeros(n, np.int64), np.zeros(n, np.int64)], 1)
    return _map_array(
        ["service.name", "service.version", "host.name", "deployment.environment",
         "telemetry.sdk.language"],
        [SERVICES, versions, vocab.values, ["prod"], ["python"]], idx)


def _spans_table(vocab, n, tid_arr, sid_arr, span_service, g_version, g_host, start, duration,
                 name_idx, attr_idx, event_idx, error):
    tid_hex = np.repeat(_hex(tid_arr), SPANS_PER_TRACE)
    sid_hex = _hex(sid_arr)
    parent = np.repeat(sid_hex[::SPANS_PER_TRACE], SPANS_PER_TRACE).copy()
    parent[::SPANS_PER_TRACE] = b""
    kind = np.where(np.arange(n) % SPANS_PER_TRACE == 0, "Server", "Client")
    ts = pa.array(start, pa.timestamp("ns", tz="UTC"))
    ev_offsets = pa.array(np.arange(0, n + 1, dtype=np.int32))
    ev_attrs = _map_array(["cache.key"], [vocab.values], event_idx[:, None])
    empty_list = lambda t: pa.ListArray.from_arrays(pa.array(np.zeros(n + 1, np.int32)), pa.array([], t))
    cols = {
        "Timestamp": ts,
        "TraceId": pa.array(tid_hex).cast(pa.string()),
        "SpanId": pa.array(sid_hex).cast(pa.string()),
        "ParentSpanId": pa.array(parent).cast(pa.string()),
        "TraceState": pa.array(np.full(n, ""), pa.string()),
        "SpanName": pa.array(SPAN_NAMES, pa.string()).take(pa.array(name_idx)),
        "SpanKind": pa.array(kind, pa.string()),
        "ServiceName": pa.array(SERVICES, pa.string()).take(pa.array(span_service)),
        "ResourceAttributes": _resource_map(
            vocab, span_service, np.repeat(g_version, SPANS_PER_RESOURCE),
            np.repeat(g_host, SPANS_PER_RESOURCE)),
        "ScopeName": pa.array(np.full(n, SCOPE_NAME), pa.string()),
        "ScopeVersion": pa.array(np.full(n, ""), pa.string()),
        "SpanAttributes": _map_array(SPAN_KEYS, vocab.attr_text, attr_idx),
        "Duration": pa.array(duration.astype(np.uint64)),
        "StatusCode": pa.array(np.where(error, "Error", "Ok"), pa.string()),
        "StatusMessage": pa.array(np.where(error, "upstream timeout", ""), pa.string()),
        "Events.Timestamp": pa.ListArray.from_arrays(
            ev_offsets, pa.array(start + 1000, pa.timestamp("ns", tz="UTC"))),
        "Events.Name": pa.ListArray.from_arrays(ev_offsets, pa.array(np.full(n, "cache.lookup"))),
        "Events.Attributes": pa.ListArray.from_arrays(ev_offsets, ev_attrs),
        "Links.TraceId": empty_list(pa.string()),
        "Links.SpanId": empty_list(pa.string()),
        "Links.TraceState": empty_list(pa.string()),
        "Links.Attributes": empty_list(pa.map_(pa.string(), pa.string())),
    }
    return pa.table(cols)


def _logs_table(vocab, n_traces, tid_arr, sid_arr, g_service, g_version, g_host, log_time,
                log_sev, large, log_attr_idx, bodies):
    per_group = SPANS_PER_RESOURCE // SPANS_PER_TRACE
    svc = np.repeat(g_service, per_group)
    sev = np.array([s for s, _ in SEVERITIES])[log_sev]
    cols = {
        "Timestamp": pa.array(log_time, pa.timestamp("ns", tz="UTC")),
        "TraceId": pa.array(_hex(tid_arr)).cast(pa.string()),
        "SpanId": pa.array(_hex(sid_arr)[::SPANS_PER_TRACE]).cast(pa.string()),
        "TraceFlags": pa.array(np.zeros(n_traces, np.uint8)),
        "SeverityText": pa.array([t for _, t in SEVERITIES], pa.string()).take(pa.array(log_sev)),
        "SeverityNumber": pa.array(sev.astype(np.uint8)),
        "ServiceName": pa.array(SERVICES, pa.string()).take(pa.array(svc)),
        "Body": pa.array(bodies, pa.string()),
        "ResourceAttributes": _resource_map(vocab, svc, np.repeat(g_version, per_group),
                                            np.repeat(g_host, per_group)),
        "ScopeName": pa.array(np.full(n_traces, SCOPE_NAME), pa.string()),
        "LogAttributes": _map_array(LOG_KEYS, vocab.attr_text[: len(LOG_KEYS)], log_attr_idx,
                                    counts=np.where(large, 6, 3)),
    }
    return pa.table(cols)


# ---- the spool: generated once, loaded into each engine on its own ---------------------------

_FRAME = struct.Struct("<cII")  # kind (b"T" traces / b"L" logs), items, body length

_WORKER_VOCAB: Vocab | None = None


def _gen_init(seed: int) -> None:
    global _WORKER_VOCAB
    _WORKER_VOCAB = Vocab(seed)


def _gen_worker(job):
    seed, index, n, window_start_ns, spool = job
    t0 = time.process_time()
    requests, spans_tbl, logs_tbl, samples = generate_chunk(
        _WORKER_VOCAB, seed, index, n, window_start_ns)
    trace_bytes = log_bytes = 0
    with open(spool / f"req-{index:05d}.bin", "wb") as f:
        for traces, logs in requests:
            f.write(_FRAME.pack(b"T", SPANS_PER_REQUEST, len(traces)))
            f.write(traces)
            f.write(_FRAME.pack(b"L", SPANS_PER_REQUEST // SPANS_PER_TRACE, len(logs)))
            f.write(logs)
            trace_bytes += len(traces)
            log_bytes += len(logs)
    pq.write_table(spans_tbl, spool / f"spans-{index:05d}.parquet", compression="zstd")
    pq.write_table(logs_tbl, spool / f"logs-{index:05d}.parquet", compression="zstd")
    return {"index": index, "spans": n, "logs": n // SPANS_PER_TRACE, "trace_bytes": trace_bytes,
            "log_bytes": log_bytes, "samples": samples, "cpu_s": time.process_time() - t0}


def generate(args, spool: Path) -> dict:
    from concurrent.futures import ProcessPoolExecutor

    n_total = -(-args.spans // SPANS_PER_REQUEST) * SPANS_PER_REQUEST
    now_ns = time.time_ns()
    window_end_ns = now_ns // 60_000_000_000 * 60_000_000_000
    window_start_ns = window_end_ns - WINDOW_S * 1_000_000_000
    jobs = []
    done = 0
    while done < n_total:
        n = min(CHUNK_SPANS, n_total - done)
        jobs.append((args.seed, len(jobs), n, window_start_ns, spool))
        done += n
    log(f"generating {n_total:,} spans + {n_total // 4:,} logs in {len(jobs)} chunks "
        f"with {args.gen_jobs} process(es)")
    t0 = time.perf_counter()
    results = []
    with ProcessPoolExecutor(args.gen_jobs, initializer=_gen_init, initargs=(args.seed,)) as pool:
        for r in pool.map(_gen_worker, jobs):
            results.append(r)
            if len(results) % 16 == 0:
                log(f"  generated {sum(x['spans'] for x in results):,} spans")
    wall = time.perf_counter() - t0
    samples = [s for r in results for s in r["samples"]]
    # Trace ids for the trace-by-id query: spread over the chunks, deterministic.
    step = max(1, len(samples) // 48)
    samples = samples[::step][:48]
    meta = {
        "spans": n_total,
        "logs": n_total // SPANS_PER_TRACE,
        "traces": n_total // SPANS_PER_TRACE,
        "chunks": len(jobs),
        "window_start_ns": window_start_ns,
        "window_end_ns": window_end_ns,
        "trace_bytes": sum(r["trace_bytes"] for r in results),
        "log_bytes": sum(r["log_bytes"] for r in results),
        "gen_wall_s": wall,
        "gen_cpu_s": sum(r["cpu_s"] for r in results),
        "gen_jobs": args.gen_jobs,
        "sample_traces": samples,
    }
    (spool / "meta.json").write_text(json.dumps(meta))
    log(f"generated in {wall:.1f} s: {n_total / wall:,.0f} spans/s (+ logs, Parquet) wall, "
        f"{n_total / meta['gen_cpu_s']:,.0f} spans per generator CPU-second; "
        f"{meta['trace_bytes'] / n_total:.0f} B/span, "
        f"{meta['log_bytes'] / meta['logs']:.0f} B/log as OTLP protobuf")
    return meta


def verify_spool(spool: Path) -> int:
    """Decode the first request pair with the official OTLP classes and check it against the
    Parquet rows chDB will load: the hand-rolled encoder and the chDB copy must agree."""
    from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import ExportLogsServiceRequest
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
        ExportTraceServiceRequest)

    frames = spool_frames(spool, 1)
    (_, _, traces), (_, _, logs) = next(frames), next(frames)
    req = ExportTraceServiceRequest.FromString(traces)
    rows = pq.read_table(spool / "spans-00000.parquet").slice(0, SPANS_PER_REQUEST).to_pylist()
    got = []
    for rs in req.resource_spans:
        res = {kv.key: kv.value.string_value for kv in rs.resource.attributes}
        for sp in rs.scope_spans[0].spans:
            attrs = {kv.key: (kv.value.string_value if kv.value.HasField("string_value")
                              else str(kv.value.int_value)) for kv in sp.attributes}
            got.append((sp.trace_id.hex(), sp.span_id.hex(), sp.parent_span_id.hex(), sp.name,
                        {2: "Server", 3: "Client"}[sp.kind], res["service.name"],
                        sp.start_time_unix_nano, sp.end_time_unix_nano - sp.start_time_unix_nano,
                        attrs, res, {1: "Ok", 2: "Error"}[sp.status.code], sp.status.message,
                        sp.events[0].time_unix_nano))
    want = [(r["TraceId"], r["SpanId"], r["ParentSpanId"], r["SpanName"], r["SpanKind"],
             r["ServiceName"], r["Timestamp"].value, r["Duration"], dict(r["SpanAttributes"]),
             dict(r["ResourceAttributes"]), r["StatusCode"], r["StatusMessage"],
             r["Events.Timestamp"][0].value) for r in rows]
    bad = sum(a != b for a, b in zip(got, want)) + abs(len(got) - len(want))
    lreq = ExportLogsServiceRequest.FromString(logs)
    lrows = pq.read_table(spool / "logs-00000.parquet").slice(0, 128).to_pylist()
    lgot = [(lr.trace_id.hex(), lr.span_id.hex(), lr.time_unix_nano, lr.severity_number,
             lr.severity_text, lr.body.string_value, rl.resource.attributes[0].value.string_value,
             {kv.key: (kv.value.string_value if kv.value.HasField("string_value")
                       else str(kv.value.int_value)) for kv in lr.attributes})
            for rl in lreq.resource_logs for lr in rl.scope_logs[0].log_records]
    lwant = [(r["TraceId"], r["SpanId"], r["Timestamp"].value, r["SeverityNumber"],
              r["SeverityText"], r["Body"], r["ServiceName"], dict(r["LogAttributes"]))
             for r in lrows]
    bad += sum(a != b for a, b in zip(lgot, lwant)) + abs(len(lgot) - len(lwant))
    if bad:
        loud(f"spool check: {bad} of the first {len(want)} spans / {len(lwant)} logs differ "
             "between the protobuf requests and the Parquet rows")
    else:
        log(f"spool check: the first {len(want)} spans and {len(lwant)} logs decode (official "
            "OTLP classes) to exactly the Parquet rows")
    return bad


def spool_frames(spool: Path, chunks: int):
    for c in range(chunks):
        with open(spool / f"req-{c:05d}.bin", "rb") as f:
            while True:
                head = f.read(_FRAME.size)
                if not head:
                    break
                kind, items, length = _FRAME.unpack(head)
                yield kind, items, f.read(length)


# ---- helpers -----------------------------------------------------------------------------

T_START = time.perf_counter()


def log(msg: str) -> None:
    print(f"[{time.perf_counter() - T_START:7.1f}s] {msg}", file=sys.stderr, flush=True)


def loud(msg: str) -> None:
    bar = "!" * 78
    print(f"\n{bar}\n!!! {msg}\n{bar}\n", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def du(path: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(path):
        for f in files:
            try:
                total += os.lstat(os.path.join(root, f)).st_blocks * 512
            except OSError:
                pass
    return total


def drop_caches() -> bool:
    try:
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
        return True
    except OSError:
        return False


def percentile(values: list[float], p: float) -> float:
    return float(np.percentile(np.array(values), p))


# ---- Ophion ------------------------------------------------------------------------------

class Ophion:
    def __init__(self, binary: str, data_dir: Path, log_path: Path, config: str | None):
        self.binary, self.data_dir, self.log_path, self.config = binary, data_dir, log_path, config
        self.proc: subprocess.Popen | None = None
        self.ready_times: list[float] = []
        self.api: http.client.HTTPConnection | None = None

    def start(self, timeout: float = 300) -> float:
        self.otlp_port, self.grpc_port, self.api_port = free_port(), free_port(), free_port()
        cmd = [self.binary, "serve", "--data-dir", str(self.data_dir),
               "--otlp-grpc-addr", f"127.0.0.1:{self.grpc_port}",
               "--otlp-http-addr", f"127.0.0.1:{self.otlp_port}",
               "--api-addr", f"127.0.0.1:{self.api_port}"]
        if self.config:
            cmd += ["--config", self.config]
        t0 = time.perf_counter()
        logf = open(self.log_path, "ab")
        self.proc = subprocess.Popen(cmd, stdout=logf, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        logf.close()
        while time.perf_counter() - t0 < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"ophion exited with {self.proc.returncode}; see {self.log_path}")
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.api_port, timeout=5)
                c.request("GET", "/health/ready")
                r = c.getresponse()
                r.read()
                c.close()
                if r.status == 200:
                    self.api = http.client.HTTPConnection("127.0.0.1", self.api_port, timeout=600)
                    self.api.connect()  # so that a timed query never includes the connect
                    ready = time.perf_counter() - t0
                    self.ready_times.append(ready)
                    return ready
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"ophion not ready after {timeout} s; see {self.log_path}")

    def stop(self) -> None:
        if self.api:
            self.api.close()
            self.api = None
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(90)
            except subprocess.TimeoutExpired:
                loud("ophion did not stop within 90 s of SIGTERM; killing it")
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def restart(self) -> float:
        self.stop()
        return self.start()

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_max_mib(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def get(self, path: str) -> tuple[int, bytes, float]:
        """One GET on the keep-alive connection: (status, body, seconds)."""
        for attempt in range(2):
            try:
                t0 = time.perf_counter()
                self.api.request("GET", path)
                r = self.api.getresponse()
                body = r.read()
                return r.status, body, time.perf_counter() - t0
            except (http.client.HTTPException, OSError):
                if attempt:
                    raise
                self.api.close()
                self.api = http.client.HTTPConnection("127.0.0.1", self.api_port, timeout=600)
        raise AssertionError("unreachable")

    def stats(self) -> dict:
        status, body, _ = self.get("/api/v1/stats")
        if status != 200:
            raise RuntimeError(f"/api/v1/stats answered {status}: {body[:200]!r}")
        return json.loads(body)


def load_ophion(ophion: Ophion, spool: Path, meta: dict, connections: int) -> dict:
    frames: queue_mod.Queue = queue_mod.Queue(maxsize=4 * connections)
    errors: list[str] = []
    acked = {"T": 0, "L": 0}
    pushed_back = [0]
    lock = threading.Lock()

    def reader():
        for kind, items, body in spool_frames(spool, meta["chunks"]):
            if errors:
                break
            frames.put((kind, items, body))
        for _ in range(connections):
            frames.put(None)

    def sender():
        conn = http.client.HTTPConnection("127.0.0.1", ophion.otlp_port, timeout=120)
        headers = {"content-type": "application/x-protobuf"}
        while True:
            item = frames.get()
            if item is None:
                break
            kind, items, body = item
            path = "/v1/traces" if kind == b"T" else "/v1/logs"
            while True:
                try:
                    conn.request("POST", path, body=body, headers=headers)
                    r = conn.getresponse()
                    r.read()
                except (http.client.HTTPException, OSError) as err:
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", ophion.otlp_port, timeout=120)
                    with lock:
                        pushed_back[0] += 1
                    if pushed_back[0] > 10_000:
                        errors.append(f"POST {path}: {err}")
                        return
                    time.sleep(0.5)
                    continue
                if r.status == 200:
                    with lock:
                        acked[kind.decode()] += items
                    break
                if r.status in (429, 503):
                    with lock:
                        pushed_back[0] += 1
                    time.sleep(float(r.getheader("retry-after") or 1))
                    continue
                errors.append(f"POST {path} answered {r.status}")
                return
        conn.close()

    cpu0 = ophion.cpu_seconds()
    t0 = time.perf_counter()
    threads = [threading.Thread(target=reader, daemon=True)]
    threads += [threading.Thread(target=sender, daemon=True) for _ in range(connections)]
    for t in threads:
        t.start()
    last = t0
    while any(t.is_alive() for t in threads[1:]):
        time.sleep(0.2)
        if time.perf_counter() - last > 15:
            last = time.perf_counter()
            log(f"  ophion: acked {acked['T']:,} spans, {acked['L']:,} logs")
    if errors:
        raise RuntimeError("loading Ophion failed: " + "; ".join(errors[:3]))
    t_acked = time.perf_counter() - t0
    log(f"ophion acked everything in {t_acked:.1f} s ({pushed_back[0]} push-backs); "
        "waiting until stored")
    deadline = time.perf_counter() + max(1800, meta["spans"] / 2000)
    stats = {}
    last = 0.0
    while time.perf_counter() < deadline:
        t_poll = time.perf_counter()
        stats = ophion.stats()
        if stats["spans"] >= meta["spans"] and stats["logs"] >= meta["logs"]:
            break
        if time.perf_counter() - last > 15:
            last = time.perf_counter()
            elapsed = time.perf_counter() - t0
            log(f"  ophion stored {stats['spans']:,} spans, {stats['logs']:,} logs "
                f"({stats['spans'] / elapsed:,.0f} spans/s so far)")
        # Poll often, but never spend more than ~1/10 of the time in the stats query itself.
        time.sleep(max(0.25, 10 * (time.perf_counter() - t_poll)))
    t_stored = time.perf_counter() - t0
    cpu = ophion.cpu_seconds() - cpu0
    if stats.get("spans") != meta["spans"] or stats.get("logs") != meta["logs"]:
        loud(f"Ophion stored {stats.get('spans')} spans / {stats.get('logs')} logs, "
             f"expected {meta['spans']} / {meta['logs']}")
    return {"acked_s": t_acked, "stored_s": t_stored, "cpu_s": cpu, "push_backs": pushed_back[0],
            "stored_spans": stats.get("spans"), "stored_logs": stats.get("logs"),
            "rss_max_mib": ophion.rss_max_mib()}


# ---- chDB (the ClickHouse engine, in-process) -----------------------------------------------
# Tables as the OpenTelemetry Collector's ClickHouse exporter creates them (otel_traces,
# otel_traces_trace_id_ts with its materialized view, otel_logs), TTLs left out.

CH_DDL = [
    "CREATE DATABASE IF NOT EXISTS otel",
    """CREATE TABLE IF NOT EXISTS otel.otel_traces (
    Timestamp DateTime64(9) CODEC(Delta, ZSTD(1)),
    TraceId String CODEC(ZSTD(1)),
    SpanId String CODEC(ZSTD(1)),
    ParentSpanId String CODEC(ZSTD(1)),
    TraceState String CODEC(ZSTD(1)),
    SpanName LowCardinality(String) CODEC(ZSTD(1)),
    SpanKind LowCardinality(String) CODEC(ZSTD(1)),
    ServiceName LowCardinality(String) CODEC(ZSTD(1)),
    ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    ScopeName String CODEC(ZSTD(1)),
    ScopeVersion String CODEC(ZSTD(1)),
    SpanAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    Duration UInt64 CODEC(ZSTD(1)),
    StatusCode LowCardinality(String) CODEC(ZSTD(1)),
    StatusMessage String CODEC(ZSTD(1)),
    Events Nested (
        Timestamp DateTime64(9),
        Name LowCardinality(String),
        Attributes Map(LowCardinality(String), String)
    ) CODEC(ZSTD(1)),
    Links Nested (
        TraceId String,
        SpanId String,
        TraceState String,
        Attributes Map(LowCardinality(String), String)
    ) CODEC(ZSTD(1)),
    INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_span_attr_key mapKeys(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_span_attr_value mapValues(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_duration Duration TYPE minmax GRANULARITY 1
) ENGINE = MergeTree
PARTITION BY toDate(Timestamp)
ORDER BY (ServiceName, SpanName, toDateTime(Timestamp))
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1""",
    """CREATE TABLE IF NOT EXISTS otel.otel_traces_trace_id_ts (
    TraceId String CODEC(ZSTD(1)),
    Start DateTime CODEC(Delta, ZSTD(1)),
    End DateTime CODEC(Delta, ZSTD(1)),
    INDEX idx_trace_id TraceId TYPE bloom_filter(0.01) GRANULARITY 1
) ENGINE = MergeTree
PARTITION BY toDate(Start)
ORDER BY (TraceId, Start)
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1""",
    """CREATE MATERIALIZED VIEW IF NOT EXISTS otel.otel_traces_trace_id_ts_mv
TO otel.otel_traces_trace_id_ts AS
SELECT TraceId, min(Timestamp) AS Start, max(Timestamp) AS End
FROM otel.otel_traces WHERE TraceId != '' GROUP BY TraceId""",
    """CREATE TABLE IF NOT EXISTS otel.otel_logs (
    Timestamp DateTime64(9) CODEC(Delta(8), ZSTD(1)),
    TimestampTime DateTime DEFAULT toDateTime(Timestamp),
    TraceId String CODEC(ZSTD(1)),
    SpanId String CODEC(ZSTD(1)),
    TraceFlags UInt8,
    SeverityText LowCardinality(String) CODEC(ZSTD(1)),
    SeverityNumber UInt8,
    ServiceName LowCardinality(String) CODEC(ZSTD(1)),
    Body String CODEC(ZSTD(1)),
    ResourceSchemaUrl LowCardinality(String) CODEC(ZSTD(1)),
    ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    ScopeSchemaUrl LowCardinality(String) CODEC(ZSTD(1)),
    ScopeName String CODEC(ZSTD(1)),
    ScopeVersion LowCardinality(String) CODEC(ZSTD(1)),
    ScopeAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    LogAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_scope_attr_key mapKeys(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_scope_attr_value mapValues(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_log_attr_key mapKeys(LogAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_log_attr_value mapValues(LogAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_body Body TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 8
) ENGINE = MergeTree
PARTITION BY toDate(TimestampTime)
PRIMARY KEY (ServiceName, TimestampTime)
ORDER BY (ServiceName, TimestampTime, Timestamp)
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1""",
]
SPAN_COLUMNS = (
    "Timestamp, TraceId, SpanId, ParentSpanId, TraceState, SpanName, SpanKind, ServiceName, "
    "ResourceAttributes, ScopeName, ScopeVersion, SpanAttributes, Duration, StatusCode, "
    "StatusMessage, `Events.Timestamp`, `Events.Name`, `Events.Attributes`, `Links.TraceId`, "
    "`Links.SpanId`, `Links.TraceState`, `Links.Attributes`")
LOG_COLUMNS = ("Timestamp, TraceId, SpanId, TraceFlags, SeverityText, SeverityNumber, "
               "ServiceName, Body, ResourceAttributes, ScopeName, LogAttributes")


class Chdb:
    def __init__(self, path: Path):
        from chdb.session import Session
        self.path = path
        self.session = Session(str(path))

    def close(self) -> None:
        self.session.close()

    def sql(self, query: str, fmt: str = "JSONCompact") -> bytes:
        return self.session.query(query, fmt).bytes()

    def timed(self, query: str) -> tuple[bytes, float]:
        t0 = time.perf_counter()
        out = self.session.query(query, "JSONCompact").bytes()
        return out, time.perf_counter() - t0

    def scalar(self, query: str):
        return json.loads(self.sql(query))["data"][0][0]


def load_chdb(ch: Chdb, spool: Path, meta: dict) -> dict:
    for ddl in CH_DDL:
        ch.sql(ddl, "CSV")
    t0 = time.perf_counter()
    ch.sql(f"INSERT INTO otel.otel_traces ({SPAN_COLUMNS}) "
           f"SELECT * FROM file('{spool}/spans-*.parquet', Parquet)", "CSV")
    t_spans = time.perf_counter() - t0
    ch.sql(f"INSERT INTO otel.otel_logs ({LOG_COLUMNS}) "
           f"SELECT * FROM file('{spool}/logs-*.parquet', Parquet)", "CSV")
    t_total = time.perf_counter() - t0
    log(f"chdb inserted in {t_total:.1f} s (spans {t_spans:.1f} s); waiting for merges")
    t1 = time.perf_counter()
    while time.perf_counter() - t1 < 600:
        if int(ch.scalar("SELECT count() FROM system.merges")) == 0:
            break
        time.sleep(1)
    t_merge = time.perf_counter() - t1
    spans = int(ch.scalar("SELECT count() FROM otel.otel_traces"))
    logs = int(ch.scalar("SELECT count() FROM otel.otel_logs"))
    parts = json.loads(ch.sql(
        "SELECT table, count(), sum(bytes_on_disk) FROM system.parts WHERE database = 'otel' "
        "AND active GROUP BY table ORDER BY table"))["data"]
    if spans != meta["spans"] or logs != meta["logs"]:
        loud(f"chDB holds {spans} spans / {logs} logs, expected {meta['spans']} / {meta['logs']}")
    return {"insert_s": t_total, "spans_s": t_spans, "merge_wait_s": t_merge, "spans": spans,
            "logs": logs, "parts": {t: (int(n), int(b)) for t, n, b in parts}}


def chdb_cold_worker(path: str, query: str) -> None:
    """Run in a fresh process: open the session, time one query, print JSON."""
    ch = Chdb(Path(path))
    out, seconds = ch.timed(query)
    ch.close()
    print(json.dumps({"seconds": seconds, "bytes": len(out)}))


# ---- the queries -------------------------------------------------------------------------

class Query:
    def __init__(self, key, label, ophion, chdb, check=None, target_ms=None, varies=False):
        self.key, self.label, self.ophion, self.chdb = key, label, ophion, chdb
        self.check, self.target_ms, self.varies = check, target_ms, varies


def _ch_rows(body: bytes) -> tuple[list[str], list[list]]:
    doc = json.loads(body)
    return [m["name"] for m in doc["meta"]], doc["data"]


def _ch_column(body: bytes, name: str) -> list:
    names, rows = _ch_rows(body)
    i = names.index(name)
    return [r[i] for r in rows]


def _check_trace(o: bytes, c: bytes) -> list[str]:
    doc = json.loads(o)
    spans = _ch_column(c, "SpanId")
    ours = sorted(s["span_id"] for s in doc["spans"])
    if doc["span_count"] != len(spans) or ours != sorted(spans):
        return [f"trace {doc['trace_id']}: Ophion {doc['span_count']} spans, chDB {len(spans)}"]
    return []


def _check_services(o: bytes, c: bytes) -> list[str]:
    ours = {s["name"]: s for s in json.loads(o)["services"]}
    _, rows = _ch_rows(c)
    theirs = {r[0]: r for r in rows}
    out = []
    if set(ours) != set(theirs):
        out.append(f"services differ: Ophion {sorted(ours)}, chDB {sorted(theirs)}")
    for name in sorted(set(ours) & set(theirs)):
        s, r = ours[name], theirs[name]
        p99 = float(r[3][2]) / 1e6
        if s["span_count"] != int(r[1]) or s["error_count"] != int(r[2]):
            out.append(f"{name}: spans/errors Ophion {s['span_count']}/{s['error_count']}, "
                       f"chDB {r[1]}/{r[2]}")
        if abs(s["p99_ms"] - p99) > max(0.005 * p99, 0.001):
            out.append(f"{name}: p99 Ophion {s['p99_ms']:.3f} ms, chDB {p99:.3f} ms")
    return out


def _series_points(body: bytes) -> list[dict]:
    doc = json.loads(body)
    if isinstance(doc, dict):
        doc = next((v for v in doc.values() if isinstance(v, list)), [])
    return doc


def _check_series(o: bytes, c: bytes) -> list[str]:
    ours = {int(p["time_unix_nano"]): p for p in _series_points(o) if p.get("span_count")}
    _, rows = _ch_rows(c)
    theirs = {int(r[0]): r for r in rows}
    out = []
    if set(ours) != set(theirs):
        out.append(f"series buckets differ: Ophion {len(ours)} non-empty, chDB {len(theirs)}")
    for t in sorted(set(ours) & set(theirs)):
        p, r = ours[t], theirs[t]
        if int(p["span_count"]) != int(r[1]) or int(p.get("error_count", r[2])) != int(r[2]):
            out.append(f"bucket {t}: spans/errors Ophion {p['span_count']}/{p.get('error_count')}, "
                       f"chDB {r[1]}/{r[2]}")
        p99 = float(r[3][2]) / 1e6
        if "p99_ms" in p and abs(p["p99_ms"] - p99) > max(0.005 * p99, 0.001):
            out.append(f"bucket {t}: p99 Ophion {p['p99_ms']:.3f} ms, chDB {p99:.3f} ms")
    return out[:5]


def _check_top(o: bytes, c: bytes) -> list[str]:
    ours = [int(s["duration_ns"]) for s in json.loads(o)["spans"]]
    theirs = [int(d) for d in _ch_column(c, "Duration")]
    if ours != theirs:
        return [f"top durations differ: Ophion {ours[:5]}…({len(ours)}), "
                f"chDB {theirs[:5]}…({len(theirs)})"]
    return []


def _check_logs(o: bytes, c: bytes) -> list[str]:
    ours = [r["trace_id"] for r in json.loads(o)["logs"]]
    theirs = _ch_column(c, "TraceId")
    if ours != theirs:
        return [f"log hits differ: Ophion {len(ours)} rows, chDB {len(theirs)} rows, "
                f"{len(set(ours) ^ set(theirs))} trace ids not in both"]
    return []


def build_queries(meta: dict, vocab: Vocab) -> list[Query]:
    s_ms, e_ms = meta["window_start_ns"] // 1_000_000, meta["window_end_ns"] // 1_000_000
    rng = f"start={s_ms}&end={e_ms}"
    ch_rng = (f"Timestamp >= fromUnixTimestamp64Milli(toInt64({s_ms})) "
              f"AND Timestamp < fromUnixTimestamp64Milli(toInt64({e_ms}))")
    traces = meta["sample_traces"]
    service = "checkout"
    route = "/api/cart"
    url = vocab.values[7]
    word = vocab.words[123]
    nomatch = "no-such-text"

    def trace_sql(tid):
        return (f"WITH '{tid}' AS trace_id, "
                f"(SELECT min(Start) FROM otel.otel_traces_trace_id_ts WHERE TraceId = trace_id) AS start, "
                f"(SELECT max(End) + 1 FROM otel.otel_traces_trace_id_ts WHERE TraceId = trace_id) AS end "
                f"SELECT * FROM otel.otel_traces WHERE TraceId = trace_id "
                f"AND Timestamp >= start AND Timestamp <= end ORDER BY Timestamp")

    def top_sql(key, value):
        return (f"SELECT * FROM otel.otel_traces WHERE {ch_rng} AND SpanAttributes['{key}'] = '{value}' "
                f"ORDER BY Duration DESC, Timestamp DESC, SpanId LIMIT 20")

    def logs_sql(text):
        return (f"SELECT * FROM otel.otel_logs WHERE {ch_rng} AND Body ILIKE '%{text}%' "
                f"ORDER BY Timestamp DESC LIMIT 100")

    services_sql = ("SELECT ServiceName, count(), countIf(StatusCode = 'Error'), "
                    "{q}(0.5, 0.95, 0.99)(Duration) FROM otel.otel_traces "
                    f"WHERE {ch_rng} GROUP BY ServiceName ORDER BY ServiceName")
    return [
        Query("trace", "trace by id (20 ids)",
              lambda i: f"/api/v1/traces/{traces[i]}", lambda i: trace_sql(traces[i]),
              _check_trace, 50, varies=True),
        Query("services", "per-service p50/p95/p99, whole range",
              lambda i: f"/api/v1/services?{rng}",
              lambda i: services_sql.format(q="quantilesExactInclusive"), _check_services, 50),
        Query("services_approx", "per-service p99, chDB approximate `quantiles`",
              None, lambda i: services_sql.format(q="quantiles")),
        Query("series", f"per-minute series, service={service}",
              lambda i: f"/api/v1/services/{service}/series?{rng}&step=60s",
              # Ophion's buckets start at `start`, not on epoch minutes.
              lambda i: (f"SELECT intDiv(toUnixTimestamp64Nano(Timestamp) - {s_ms * 1_000_000}, 60000000000) "
                         f"* 60000000000 + {s_ms * 1_000_000} AS t, "
                         "count(), countIf(StatusCode = 'Error'), "
                         "quantilesExactInclusive(0.5, 0.95, 0.99)(Duration) FROM otel.otel_traces "
                         f"WHERE ServiceName = '{service}' AND {ch_rng} GROUP BY t ORDER BY t"),
              _check_series),
        Query("hot_route", f"hot attr http.route={route} (~1/10) + duration top-20",
              lambda i: f"/api/v1/spans?{rng}&attr.http.route={quote(route, safe='')}&sort=longest&limit=20",
              lambda i: top_sql("http.route", route), _check_top, 100),
        Query("hot_url", "hot attr url.full=<pool value> (~1/4096) + duration top-20",
              lambda i: f"/api/v1/spans?{rng}&attr.url.full={url}&sort=longest&limit=20",
              lambda i: top_sql("url.full", url), _check_top, 100),
        Query("logs", "log substring (~1% of logs match), newest 100",
              lambda i: f"/api/v1/logs?{rng}&q={word}&limit=100",
              lambda i: logs_sql(word), _check_logs),
        Query("logs_none", "log substring, no match",
              lambda i: f"/api/v1/logs?{rng}&q={nomatch}&limit=100",
              lambda i: logs_sql(nomatch), _check_logs),
    ], {"service": service, "route": route, "url": url, "word": word, "nomatch": nomatch}


class Result:
    def __init__(self):
        self.warm: list[float] = []
        self.cold: list[float] = []
        self.status: str | None = None  # None when fine; else why there are no figures
        self.bodies: dict[int, bytes] = {}

    def cell(self, which: str) -> tuple[str, str]:
        values = self.warm if which == "warm" else self.cold
        if self.status and not values:
            return self.status, ""
        if not values:
            return "—", "—"
        if which == "warm":
            return fmt_ms(percentile(values, 50)), fmt_ms(percentile(values, 99))
        return fmt_ms(percentile(values, 50)), fmt_ms(max(values))


def fmt_ms(seconds: float) -> str:
    ms = seconds * 1000
    return f"{ms:.1f}" if ms < 100 else f"{ms:.0f}"


WARM_OFFSET = 0   # trace ids 0..19 for warm runs (index 20 warms up)
COLD_OFFSET = 24  # trace ids 24.. for cold runs


def ophion_call(ophion: Ophion, q: Query, i: int, res: Result) -> float | None:
    status, body, seconds = ophion.get(q.ophion(i))
    if status == 404 and b"no such endpoint" in body:
        if res.status is None:
            loud(f"Ophion: {q.ophion(i).split('?')[0]} — endpoint missing (404)")
        res.status = "endpoint missing (404)"
        return None
    if status != 200:
        res.status = f"HTTP {status}"
        loud(f"Ophion {q.key}: HTTP {status}: {body[:300]!r}")
        return None
    res.bodies.setdefault(i, body)
    return seconds


def bench_ophion(ophion: Ophion, queries: list[Query], args) -> dict[str, Result]:
    results = {q.key: Result() for q in queries if q.ophion}
    for r in range(args.cold_runs):
        for q in queries:
            if not q.ophion or results[q.key].status:
                continue
            ophion.restart()
            if args.drop_caches:
                drop_caches()
            t = ophion_call(ophion, q, COLD_OFFSET + r % 24 if q.varies else 0, results[q.key])
            if t is not None:
                results[q.key].cold.append(t)
        log(f"  ophion cold round {r + 1}/{args.cold_runs} done")
    ophion.restart()
    for q in queries:
        if not q.ophion or results[q.key].status:
            continue
        ophion_call(ophion, q, 20, results[q.key])  # warm-up
        for i in range(args.runs):
            t = ophion_call(ophion, q, WARM_OFFSET + i if q.varies else 0, results[q.key])
            if t is None:
                break
            results[q.key].warm.append(t)
        res = results[q.key]
        if res.warm:
            log(f"  ophion {q.key}: warm p50 {fmt_ms(percentile(res.warm, 50))} ms")
    return results


def bench_chdb(path: Path, queries: list[Query], args) -> dict[str, Result]:
    results = {q.key: Result() for q in queries}
    # ClickHouse's query condition cache remembers which granules a WHERE matched; repeating
    # one query 20 times would then time that cache (a no-match search drops to ~nothing).
    # Off unless asked for, so warm means warm data, not remembered answers.
    suffix = "" if args.chdb_condition_cache else " SETTINGS use_query_condition_cache = 0"
    for r in range(args.cold_runs):
        for q in queries:
            if args.drop_caches:
                drop_caches()
            sql = q.chdb(COLD_OFFSET + r % 24 if q.varies else 0) + suffix
            out = subprocess.run([sys.executable, __file__, "--chdb-cold-worker", str(path), sql],
                                 capture_output=True, text=True)
            if out.returncode != 0:
                results[q.key].status = "error"
                loud(f"chDB cold {q.key} failed: {out.stderr[-500:]}")
                continue
            results[q.key].cold.append(json.loads(out.stdout.strip().splitlines()[-1])["seconds"])
        log(f"  chdb cold round {r + 1}/{args.cold_runs} done")
    ch = Chdb(path)
    try:
        for q in queries:
            res = results[q.key]
            ch.timed(q.chdb(20) + suffix)  # warm-up
            for i in range(args.runs):
                j = WARM_OFFSET + i if q.varies else 0
                body, t = ch.timed(q.chdb(j) + suffix)
                res.bodies.setdefault(j, body)
                res.warm.append(t)
            log(f"  chdb {q.key}: warm p50 {fmt_ms(percentile(res.warm, 50))} ms")
    finally:
        ch.close()
    return results


def selectivity(path: Path, meta: dict, params: dict) -> dict:
    ch = Chdb(path)
    try:
        return {
            "route": int(ch.scalar(f"SELECT count() FROM otel.otel_traces WHERE SpanAttributes['http.route'] = '{params['route']}'")),
            "url": int(ch.scalar(f"SELECT count() FROM otel.otel_traces WHERE SpanAttributes['url.full'] = '{params['url']}'")),
            "word": int(ch.scalar(f"SELECT count() FROM otel.otel_logs WHERE Body ILIKE '%{params['word']}%'")),
            "service": int(ch.scalar(f"SELECT count() FROM otel.otel_traces WHERE ServiceName = '{params['service']}'")),
        }
    finally:
        ch.close()


# ---- report ------------------------------------------------------------------------------

def machine() -> str:
    model = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem = int(line.split()[1]) / 1024 / 1024
    load = Path("/proc/loadavg").read_text().split()[:3]
    return (f"{os.cpu_count()} × {model}, {mem:.1f} GiB RAM, {platform.system()} "
            f"{platform.release()}; load average at the end {' '.join(load)} "
            "(other work on the box shows up here)")


def commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, text=True,
                              capture_output=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, text=True,
                               capture_output=True).stdout.strip()
        return head + ("-dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def mib(n: float) -> str:
    return f"{n / 1048576:,.1f} MiB"


def report(label, args, meta, queries, params, oph, ch, sel, agreement, compared,
           command) -> str:
    now = dt.datetime.now(dt.timezone.utc)
    n, nl = meta["spans"], meta["logs"]
    lines = [
        f"# Query benchmark, {label} P1 spans — {now:%Y-%m-%d %H:%M} UTC",
        "",
        f"- Commit: `{commit()}`; Ophion binary: `{args.ophion_bin}`"
        + (f" with `--config {args.config}`" if args.config else " (default configuration)"),
        f"- Machine: {machine()}",
        f"- chDB: chdb-core {ch.get('version', '?')} (ClickHouse engine {ch.get('engine', '?')}), "
        "in-process, OpenTelemetry ClickHouse exporter tables (otel_traces + otel_traces_trace_id_ts "
        "materialized view, otel_logs)",
        f"- Command: `{command}`",
        f"- Data: {n:,} spans in {meta['traces']:,} traces of 4 + {nl:,} logs (one per trace, "
        f"~300 B / ~1 KB bodies alternately), 20 services, 40 span names, over the 60 minutes "
        f"{dt.datetime.fromtimestamp(meta['window_start_ns'] / 1e9, dt.timezone.utc):%H:%M}–"
        f"{dt.datetime.fromtimestamp(meta['window_end_ns'] / 1e9, dt.timezone.utc):%H:%M} UTC; "
        f"seed {args.seed}; {meta['trace_bytes'] / n:.0f} B/span and {meta['log_bytes'] / nl:.0f} B/log "
        "as OTLP protobuf (512 spans + 128 logs per request pair).",
        "",
        "## Load",
        "",
        "| | Ophion (OTLP/HTTP protobuf, " + f"{args.connections} connections) | chDB (INSERT … SELECT from the Parquet spool) |",
        "|---|---|---|",
    ]
    if oph.get("load"):
        ol = oph["load"]
        o_load = (f"acked in {ol['acked_s']:.1f} s; all stored after {ol['stored_s']:.1f} s "
                  f"= **{n / ol['stored_s']:,.0f} spans/s** (+ {nl / ol['stored_s']:,.0f} logs/s)")
        o_cpu = (f"{ol['cpu_s']:.1f} CPU-s = {n / ol['cpu_s']:,.0f} spans per CPU-second "
                 f"(logs included); max RSS {ol['rss_max_mib']:.0f} MiB; {ol['push_backs']} push-backs")
        if oph.get("restart_s"):
            o_cpu += (f"; restart until ready: median {statistics.median(oph['restart_s']):.2f} s, "
                      f"max {max(oph['restart_s']):.2f} s")
        o_disk = (f"{mib(oph['disk_total'])} ({oph['disk_total'] / n:.0f} B/span incl. logs); "
                  + ", ".join(f"{k}: {mib(v)}" for k, v in oph["disk_parts"].items()))
    else:
        o_load = o_cpu = o_disk = "not run"
    if ch.get("load"):
        cl = ch["load"]
        c_load = (f"{cl['insert_s']:.1f} s (spans {cl['spans_s']:.1f} s) "
                  f"= **{n / cl['insert_s']:,.0f} spans/s** (+ {nl / cl['insert_s']:,.0f} logs/s); "
                  f"then {cl['merge_wait_s']:.1f} s until no merge ran")
        c_cpu = "in-process; " + ", ".join(f"{t}: {p[0]} parts" for t, p in cl["parts"].items())
        c_disk = (f"{mib(ch['disk_total'])} ({ch['disk_total'] / n:.0f} B/span incl. logs); "
                  + ", ".join(f"{t}: {mib(p[1])}" for t, p in cl["parts"].items()))
    else:
        c_load = c_cpu = c_disk = "not run"
    lines += [
        f"| Load time and rate | {o_load} | {c_load} |",
        f"| CPU, memory, parts | {o_cpu} | {c_cpu} |",
        f"| On disk | {o_disk} | {c_disk} |",
        "",
        f"Python generator (not part of either load): {n / meta['gen_wall_s']:,.0f} spans/s wall "
        f"with {meta['gen_jobs']} process(es), {n / meta['gen_cpu_s']:,.0f} spans per CPU-second "
        "(spans + logs hand-encoded as protobuf, plus the Parquet copy).",
        "",
        "## Queries (milliseconds, client side)",
        "",
        f"Warm: one warm-up, then {args.runs} runs; p50 and p99 (with {args.runs} samples p99 is "
        f"≈ the slowest). Cold: the first run after a restart, {args.cold_runs} times per query "
        "(Ophion: server process restarted before every single cold query; chDB: a fresh "
        "process opening the session directory); p50 and max. "
        + ("The OS page cache was dropped before every cold query."
           if args.drop_caches else
           "The OS page cache was NOT dropped (process-cold, page-cache warm); "
           "`--drop-caches` makes it disk-cold."),
        "Ophion times are one HTTP GET on a keep-alive connection until the whole JSON body is "
        "read; chDB times are one in-process `session.query(sql, 'JSONCompact')`"
        + (", ClickHouse defaults." if args.chdb_condition_cache else
           " with `use_query_condition_cache = 0` (otherwise repeated runs time the engine's "
           "cache of which granules matched), everything else ClickHouse defaults."),
        "",
        "| Query | Ophion warm p50 | warm p99 | cold p50 | cold max | chDB warm p50 | warm p99 | cold p50 | cold max | Target at 10M |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for q in queries:
        o = oph["results"].get(q.key) if oph.get("results") else None
        c = ch["results"].get(q.key) if ch.get("results") else None
        ow = o.cell("warm") if o else ("n/a", "") if not q.ophion else ("not run", "")
        oc = o.cell("cold") if o else ("", "")
        cw = c.cell("warm") if c else ("not run", "")
        cc = c.cell("cold") if c else ("", "")
        target = ""
        if q.target_ms:
            target = f"≤ {q.target_ms} ms"
            if o and o.warm:
                wp = percentile(o.warm, 99) * 1000
                target += ": warm " + ("PASS" if wp <= q.target_ms else "FAIL")
                if o.cold:
                    cp = percentile(o.cold, 50) * 1000
                    target += ", cold " + ("PASS" if cp <= q.target_ms else "FAIL")
            if label.lower() != "10m":
                target += " (target is for 10M)"
        lines.append(f"| {q.label} | {ow[0]} | {ow[1]} | {oc[0]} | {oc[1]} | {cw[0]} | {cw[1]} | "
                     f"{cc[0]} | {cc[1]} | {target} |")
    lines += [
        "",
        "PASS/FAIL: Ophion's warm p99 and cold p50 against the docs/performance.md target "
        "(trace by id ≤ 50 ms, per-service p99 ≤ 50 ms, hot attribute equality ≤ 100 ms, at 10M spans).",
        "",
        "Query parameters: service `" + params["service"] + "`; http.route `" + params["route"]
        + f"` ({thousands(sel.get('route'))} spans match); url.full `{params['url']}` "
        f"({thousands(sel.get('url'))} spans); log substring `{params['word']}` "
        f"({thousands(sel.get('word'))} logs); no-match substring `{params['nomatch']}`. Exact "
        "percentiles on both sides (Ophion `quantile_cont`, chDB `quantilesExactInclusive`; both "
        "linear interpolation), plus chDB's sampling `quantiles` for reference.",
        "",
        "## Agreement (Ophion vs chDB on the same data)",
        "",
    ]
    if agreement:
        lines += [f"- **MISMATCH** {m}" for m in agreement]
    elif not compared:
        lines.append("Nothing compared: only one engine ran.")
    else:
        lines.append(f"All {compared} compared answers agree (span ids of every trace fetched, "
                     "per-service span and error counts and p99, per-minute counts and p99, "
                     "top-20 durations, the trace ids of the log hits in order).")
    return "\n".join(lines) + "\n"


# ---- main --------------------------------------------------------------------------------

def parse_size(text: str) -> int:
    t = text.lower().replace("_", "").replace(",", "")
    mult = 1
    if t.endswith("k"):
        mult, t = 1_000, t[:-1]
    elif t.endswith("m"):
        mult, t = 1_000_000, t[:-1]
    return int(float(t) * mult)


def run_size(label: str, args, command: str) -> None:
    work = Path(tempfile.mkdtemp(prefix=f"qbench-{label}-", dir=args.work_dir))
    log(f"=== {label}: work directory {work}")
    try:
        spool, odata, cdata = work / "spool", work / "ophion-data", work / "chdb"
        spool.mkdir()
        args.spans = parse_size(label)
        meta = generate(args, spool)
        meta["spool_check_bad"] = verify_spool(spool)
        vocab = Vocab(args.seed)
        queries, params = build_queries(meta, vocab)
        oph: dict = {}
        ch: dict = {}
        if "ophion" in args.engines:
            ophion = Ophion(args.ophion_bin, odata, work / "ophion.log", args.config)
            try:
                log(f"ophion ready in {ophion.start():.1f} s; loading")
                oph["load"] = load_ophion(ophion, spool, meta, args.connections)
                log(f"ophion stored everything after {oph['load']['stored_s']:.1f} s = "
                    f"{meta['spans'] / oph['load']['stored_s']:,.0f} spans/s")
                oph["results"] = bench_ophion(ophion, queries, args)
                oph["restart_s"] = ophion.ready_times[1:]
            finally:
                ophion.stop()
            oph["disk_total"] = du(odata)
            oph["disk_parts"] = {p.name: du(p) if p.is_dir() else p.stat().st_size
                                 for p in sorted(odata.iterdir())}
        if "chdb" in args.engines:
            import chdb
            ch["version"] = getattr(chdb, "__version__", "?")
            ch["engine"] = getattr(chdb, "engine_version", "?")
            c = Chdb(cdata)
            try:
                ch["load"] = load_chdb(c, spool, meta)
            finally:
                c.close()
            log(f"chdb loaded in {ch['load']['insert_s']:.1f} s = "
                f"{meta['spans'] / ch['load']['insert_s']:,.0f} spans/s")
            ch["disk_total"] = du(cdata)
            ch["results"] = bench_chdb(cdata, queries, args)
        sel = selectivity(cdata, meta, params) if "chdb" in args.engines else {}
        agreement = []
        compared = 0
        if oph.get("results") and ch.get("results"):
            for q in queries:
                if not q.check or q.key not in oph["results"]:
                    continue
                o, c = oph["results"][q.key], ch["results"][q.key]
                common = sorted(set(o.bodies) & set(c.bodies))
                if o.status and not common:
                    continue
                if not common:
                    agreement.append(f"{q.key}: nothing to compare")
                for i in common:
                    compared += 1
                    try:
                        agreement += [f"{q.key}: {m}" for m in q.check(o.bodies[i], c.bodies[i])]
                    except Exception as err:  # a shape we did not expect is a finding too
                        agreement.append(f"{q.key}: could not compare ({type(err).__name__}: {err})")
            for m in agreement:
                loud(f"MISMATCH {m}")
        text = report(label, args, meta, queries, params, oph, ch, sel, agreement, compared,
                      command)
        print(text)
        out_dir = Path(args.out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        name = f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d}-query-{label.lower()}.md"
        (out_dir / name).write_text(text)
        log(f"written {out_dir / name}")
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def thousands(count) -> str:
    """A count with thousands separators; `?` when unknown (chDB, which counts them, not run)."""
    return f"{count:,}" if isinstance(count, int) else "?"


def main() -> None:
    if len(sys.argv) >= 2 and sys.argv[1] == "--chdb-cold-worker":
        chdb_cold_worker(sys.argv[2], sys.argv[3])
        return
    default_bin = os.environ.get("OPHION_BIN") or os.path.join(
        os.environ.get("CARGO_TARGET_DIR") or os.path.expanduser("~/.cache/ophion-target"),
        "release", "ophion")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sizes", nargs="*", default=["1m"], help="span counts: 1m, 10m, 200k, 150000")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=20, help="warm runs per query (default 20)")
    ap.add_argument("--cold-runs", type=int, default=5,
                    help="cold runs per query, each after a restart (default 5)")
    ap.add_argument("--drop-caches", action="store_true",
                    help="drop the OS page cache before every cold query (whole machine; root)")
    ap.add_argument("--gen-jobs", type=int, default=2, help="generator processes (default 2)")
    ap.add_argument("--connections", type=int, default=4, help="OTLP/HTTP connections to Ophion")
    ap.add_argument("--ophion-bin", default=default_bin, help=f"default {default_bin}")
    ap.add_argument("--config", help="YAML configuration passed to ophion serve")
    ap.add_argument("--chdb-condition-cache", action="store_true",
                    help="leave ClickHouse's query condition cache on (off by default: see QUERY.md)")
    ap.add_argument("--engines", default="ophion,chdb", help="ophion,chdb (default both)")
    ap.add_argument("--work-dir", default=None, help="parent of the temporary work directory")
    ap.add_argument("--out-dir", default=str(REPO / "bench" / "results"))
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    args = ap.parse_args()
    args.engines = {e.strip() for e in args.engines.split(",") if e.strip()}
    if args.drop_caches and not os.access("/proc/sys/vm/drop_caches", os.W_OK):
        sys.exit("--drop-caches needs write access to /proc/sys/vm/drop_caches (root)")
    if "ophion" in args.engines and not os.access(args.ophion_bin, os.X_OK):
        sys.exit(f"no ophion binary at {args.ophion_bin} (build it, or set OPHION_BIN / --ophion-bin)")
    command = os.environ.get("QBENCH_COMMAND") or "python bench/query.py " + " ".join(sys.argv[1:])
    for size in args.sizes:
        run_size(size, args, command)


if __name__ == "__main__":
    main()
