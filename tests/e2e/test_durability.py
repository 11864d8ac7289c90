"""Acknowledged = durable: spans acknowledged over OTLP/HTTP survive SIGTERM and `kill -9`
restarts on the same data dir, each stored exactly once."""

import os
import threading
import time
from collections import Counter

import requests
from opentelemetry.proto.trace.v1.trace_pb2 import Span

from conftest import assert_accepted, eventually, key_values, post_otlp, traces_request, window

BATCHES = 20
SPANS_PER_BATCH = 50


def span_batch(run_id: str, batch: int):
    """One request holding one trace of SPANS_PER_BATCH spans; its (trace_id, span_id) pairs."""
    trace_id, root_id, now = os.urandom(16), os.urandom(8), time.time_ns()
    spans = [
        Span(
            trace_id=trace_id,
            span_id=root_id if i == 0 else os.urandom(8),
            parent_span_id=b"" if i == 0 else root_id,
            name="ingest" if i == 0 else f"step-{i}",
            kind=Span.SPAN_KIND_SERVER if i == 0 else Span.SPAN_KIND_INTERNAL,
            start_time_unix_nano=now - 2_000_000 + i,
            end_time_unix_nano=now,
            attributes=key_values({"e2e.run_id": run_id, "e2e.batch": batch, "e2e.index": i}),
        )
        for i in range(SPANS_PER_BATCH)
    ]
    return traces_request("durability", spans), {(trace_id.hex(), s.span_id.hex()) for s in spans}


def send_batches(server, run_id: str, batches: range) -> set:
    acknowledged = set()
    for batch in batches:
        request, ids = span_batch(run_id, batch)
        assert_accepted(post_otlp(server, request))
        acknowledged |= ids
    return acknowledged


def assert_stored_exactly_once(
    api, run_id: str, acknowledged: set, unacknowledged: set = frozenset()
) -> None:
    """Every acknowledged span is stored once; nothing else is, bar unacknowledged attempts (once)."""

    def all_there():
        spans = api.all("/api/v1/spans", "spans", {"attr.e2e.run_id": run_id, "limit": 1000, **window()})
        stored = Counter((s["trace_id"], s["span_id"]) for s in spans)
        missing = acknowledged - stored.keys()
        assert not missing, f"{len(missing)} of {len(acknowledged)} acknowledged spans are missing"
        return stored

    stored = eventually(all_there)
    twice = [k for k, n in stored.items() if n > 1]
    assert not twice, f"{len(twice)} spans stored more than once, e.g. {twice[:3]}"
    unexpected = stored.keys() - acknowledged - unacknowledged
    assert not unexpected, f"{len(unexpected)} spans stored that were never sent"
    assert api.stats()["spans"] == len(stored), "stats.spans disagrees with the spans stored"


def test_acknowledged_spans_survive_sigterm_restarts_exactly_once(ophion, api, run_id):
    acknowledged = send_batches(ophion, run_id, range(BATCHES))
    for _ in range(2):  # the second restart replays nothing twice
        assert ophion.stop() == 0, "ophion did not exit 0 on SIGTERM"
        ophion.start()
        assert_stored_exactly_once(api, run_id, acknowledged)
    assert api.stats()["traces"] == BATCHES


def test_acknowledged_spans_survive_kill_9_right_after_the_ack(ophion, api, run_id):
    acknowledged = send_batches(ophion, run_id, range(BATCHES))
    ophion.kill()  # no query, no pause: the last batch was acknowledged microseconds ago
    ophion.start()
    assert_stored_exactly_once(api, run_id, acknowledged)

    acknowledged |= send_batches(ophion, run_id, range(BATCHES, 2 * BATCHES))
    ophion.kill()  # again, over a store that already holds the first part
    ophion.start()
    assert_stored_exactly_once(api, run_id, acknowledged)


def test_acknowledged_spans_survive_kill_9_during_concurrent_ingest(ophion, api, run_id):
    acknowledged, attempted, lock, stop = set(), set(), threading.Lock(), threading.Event()

    def sender(worker: int) -> None:
        for batch in range(worker * 100_000, (worker + 1) * 100_000):
            if stop.is_set():
                return
            request, ids = span_batch(run_id, batch)
            with lock:
                attempted.update(ids)
            try:
                response = post_otlp(ophion, request)
            except requests.RequestException:
                return  # the server is gone: this batch was never acknowledged
            if response.status_code != 200:
                return
            with lock:
                acknowledged.update(ids)

    threads = [threading.Thread(target=sender, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 20
    while len(acknowledged) < 40 * SPANS_PER_BATCH and time.monotonic() < deadline:
        time.sleep(0.01)
    ophion.kill()
    stop.set()
    for thread in threads:
        thread.join(60)
    assert len(acknowledged) >= 40 * SPANS_PER_BATCH, f"only {len(acknowledged)} spans acknowledged in 20 s"

    ophion.start()
    assert_stored_exactly_once(api, run_id, acknowledged, unacknowledged=attempted - acknowledged)
