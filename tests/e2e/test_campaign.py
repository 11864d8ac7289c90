"""The fault campaign: `kill -9` at random moments, SIGTERM under load, a full disk, overload at
three times capacity, and restart with a large backlog, all driven by `ophion-loadgen` against
the real binary. Each ends with the same check: every acknowledged span is stored exactly once.

Short by default (CI). `make campaign` sets OPHION_CAMPAIGN=long for the long version (50 kills,
minutes of overload, a 1 GiB backlog). With OPHION_CAMPAIGN_REPORT=<file>, each test appends
its figures there as one JSON line; docs/reliability.md quotes them.
"""

import json
import os
import random
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import requests

from conftest import OphionServer, eventually, memory_bytes, report, window

LONG = os.environ.get("OPHION_CAMPAIGN") == "long"
MIB = 1 << 20
# The long run's checks read back millions of spans: give each test an hour instead of 5 min.
pytestmark = pytest.mark.timeout(3600 if LONG else 600)


def loadgen_binary() -> str:
    binary = os.environ.get("OPHION_BIN") or ""
    path = Path(binary).with_name("ophion-loadgen")
    if not path.exists():
        pytest.fail(f"ophion-loadgen not found next to {binary}: build it with `make build`", pytrace=False)
    return str(path)


class Load:
    """One `ophion-loadgen` run in the background. Every request of a run is distinct (the pool
    covers all of them), and runs with different seeds share no ids, so a span stored twice is
    a duplicate Ophion made."""

    def __init__(self, server: OphionServer, seed: int, items: int, *, rate: int | None = None,
                 protocol: str = "http-protobuf", per_request: int = 100, in_flight: int = 4,
                 max_attempts: int = 5, duration: str | None = None, profile: str = "p1"):
        self.ids_path = server.workdir / f"acked-{seed}.txt"
        endpoint = server.otlp_grpc_url if protocol == "grpc" else server.otlp_http_url
        # Item-count runs send each pool entry once; timed runs cycle through 16 requests.
        pool = max(1, -(-items // per_request)) if not duration else 16
        command = [
            loadgen_binary(), "--endpoint", endpoint, "--protocol", protocol, "--profile", profile,
            "--seed", str(seed), "--items-per-request", str(per_request), "--pool", str(pool),
            "--in-flight", str(in_flight), "--connections", str(min(in_flight, 4)),
            "--max-attempts", str(max_attempts), "--timeout", "5s",
            "--ids-file", str(self.ids_path), "--json",
        ]
        command += ["--duration", duration] if duration else ["--items", str(items)]
        if rate:
            command += ["--rate", str(rate)]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def wait(self, timeout: float = 300, may_ack_nothing: bool = False) -> dict:
        """The summary. The load generator exits 1 when nothing was acknowledged, which a kill
        landing before the first answer makes legitimate."""
        out, err = self.process.communicate(timeout=timeout)
        code = self.process.returncode
        assert code == 0 or (code == 1 and may_ack_nothing), f"ophion-loadgen failed ({code}): {err}"
        summary = json.loads(out)
        assert code == 0 or summary["acked"] == 0, summary
        return summary

    def acked_ids(self) -> set[str]:
        return set(self.ids_path.read_text().split()) if self.ids_path.exists() else set()


def self_metric(server: OphionServer, name: str) -> float:
    text = requests.get(f"{server.api_url}/metrics", timeout=10).text
    for line in text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"self-metric {name} not found")


def wait_drained(server: OphionServer, timeout: float = 600) -> None:
    """Until the writer has applied everything in the queue."""

    def drained():
        lag = self_metric(server, "ophion_writer_lag_records")
        assert lag == 0, f"writer lag {lag:.0f} records"

    eventually(drained, timeout=timeout, interval=0.5)


def stored_span_ids(api) -> Counter:
    """Every stored span id, read in time slices (the API's ranges are half-open, so slices
    neither overlap nor miss), halving any slice that holds more than one page. Offset paging
    through a million spans would cost O(n^2)."""

    def spans_in(start_ms: int, end_ms: int) -> list:
        page = api.get("/api/v1/spans", {"limit": 1000, "start": start_ms, "end": end_ms})
        if page.get("next_cursor") is None:
            return page["spans"]
        if end_ms - start_ms <= 1:
            return api.all("/api/v1/spans", "spans", {"limit": 1000, "start": start_ms, "end": end_ms})
        middle = (start_ms + end_ms) // 2
        return spans_in(start_ms, middle) + spans_in(middle, end_ms)

    bounds = window()
    return Counter(s["span_id"] for s in spans_in(bounds["start"], bounds["end"]))


def assert_exactly_once(api, acked: set[str], sent: int) -> Counter:
    stored = stored_span_ids(api)
    missing = acked - stored.keys()
    twice = [k for k, n in stored.items() if n > 1]
    assert not missing, f"{len(missing)} of {len(acked)} acknowledged spans are missing, e.g. {sorted(missing)[:3]}"
    assert not twice, f"{len(twice)} spans stored more than once, e.g. {twice[:3]}"
    assert len(stored) <= sent, f"{len(stored)} spans stored, only {sent} sent"
    return stored


def assert_count_stored(stored: int, summaries: list[dict]) -> None:
    """For runs that repeat ids: every acknowledged span is a stored row; the only extra rows
    may come from requests whose answer never arrived (failed)."""
    acked = sum(s["acked"] for s in summaries)
    unanswered = sum(s["failed"] for s in summaries)
    assert acked <= stored <= acked + unanswered, f"{stored} spans stored, {acked} acknowledged"


class RssSampler(threading.Thread):
    """The server's peak RSS, sampled every 100 ms."""

    def __init__(self, server: OphionServer):
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = server.process.pid, 0, threading.Event()
        self.start()

    def run(self):
        while not self.done.wait(0.1):
            try:
                self.peak = max(self.peak, memory_bytes(self.pid))
            except (OSError, AssertionError):  # the process is gone
                return

    def stop(self) -> int:
        self.done.set()
        self.join()
        return self.peak


# --- kill -9 ---------------------------------------------------------------------------------


def test_kill_9_at_random_moments_loses_nothing_and_duplicates_nothing(ophion, api):
    kills = 50 if LONG else 10
    seed = int(os.environ.get("OPHION_CAMPAIGN_SEED", time.time_ns() % 1_000_000))
    rng = random.Random(seed)
    print(f"\ncampaign: kill -9 seed {seed} (OPHION_CAMPAIGN_SEED reproduces the moments)")
    acked, sent, moments, ready = set(), 0, [], []
    for cycle in range(kills):
        # 3 s of ingest at 10k spans/s, more than the store applies: kills land while requests are
        # in flight, while the queue commits, and while the writer applies a backlog.
        load = Load(ophion, seed=seed * 1000 + cycle, items=30_000, rate=10_000,
                    protocol=("grpc", "http-protobuf", "http-json")[cycle % 3], max_attempts=1)
        moment = rng.uniform(0.05, 3.0)
        time.sleep(moment)
        ophion.kill()
        summary = load.wait(may_ack_nothing=True)
        acked |= load.acked_ids()
        sent += summary["sent"]
        moments.append(round(moment, 2))
        ophion.start()
        ready.append(ophion.ready_seconds[-1])
        if rng.random() < 0.3:  # and sometimes again while the restarted writer replays
            time.sleep(rng.uniform(0.0, 0.5))
            ophion.kill()
            ophion.start()
    assert len(acked) > kills * 1000, f"only {len(acked)} spans acknowledged over {kills} cycles"
    wait_drained(ophion)
    stored = assert_exactly_once(api, acked, sent)
    report("kill_9", kills=kills, seed=seed, acked=len(acked), stored=len(stored), lost=0,
           duplicated=0, sent=sent, kill_moments_s=moments, restarts=ophion.starts - 1,
           ready_s_max=round(max(ready), 2), ready_s_median=round(sorted(ready)[len(ready) // 2], 2))


def test_restart_with_a_large_backlog_is_ready_quickly_and_drains_it(ophion, api):
    backlog = (1024 if LONG else 128) * MIB
    ophion.stop()
    ophion.env = {"OPHION_QUEUE__MAX_BYTES": str(2 * backlog)}
    ophion.start()
    loads, seed = [], 7_000
    while self_metric(ophion, "ophion_queue_size_bytes") < backlog:
        load = Load(ophion, seed=seed, items=200_000, per_request=500, in_flight=8, protocol="grpc")
        loads.append(load.wait())
        seed += 1
    queued = self_metric(ophion, "ophion_queue_size_bytes")
    ophion.kill()
    ophion.start()
    ready = ophion.ready_seconds[-1]
    acked = sum(summary["acked"] for summary in loads)
    started = time.monotonic()
    wait_drained(ophion, timeout=1800)
    drain = time.monotonic() - started
    stored = api.stats()["spans"]
    assert_count_stored(stored, loads)
    report("backlog_restart", backlog_bytes=int(queued), ready_s=round(ready, 2), acked=acked,
           stored=stored, drain_s=round(drain, 1), drain_spans_per_s=round(acked / drain))


# --- SIGTERM ---------------------------------------------------------------------------------


def test_sigterm_under_load_exits_0_within_its_deadline_and_loses_nothing(ophion, api):
    deadline = 30  # shutdown_timeout's default
    load = Load(ophion, seed=4242, items=100_000, rate=20_000, protocol="grpc", max_attempts=1)
    time.sleep(2.5)
    began = time.monotonic()
    code = ophion.stop(timeout=deadline + 10)
    took = time.monotonic() - began
    summary = load.wait()
    assert code == 0, f"exit status {code} on SIGTERM under load"
    assert took < deadline, f"shutdown took {took:.1f} s, the deadline is {deadline} s"
    acked = load.acked_ids()
    assert len(acked) > 10_000, summary
    ophion.start()
    wait_drained(ophion)
    assert_exactly_once(api, acked, summary["sent"])
    report("sigterm_under_load", exit_status=code, shutdown_s=round(took, 2), acked=len(acked), lost=0)


# --- a full disk -----------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A 48 MiB tmpfs (needs root: mount)."""
    mountpoint = tmp_path / "disk"
    mountpoint.mkdir()
    if os.geteuid() != 0:
        pytest.skip("the full-disk test mounts a tmpfs and needs root")
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(mountpoint)], check=True)
    try:
        yield mountpoint
    finally:
        subprocess.run(["umount", "-l", str(mountpoint)], check=False)


def test_full_disk_pushes_back_never_acks_unwritten_data_and_recovers(small_disk, ophion, api):
    ophion.stop()
    ophion.data_dir = small_disk / "data"
    ophion.start()
    sent, acked, summaries = 0, set(), []
    for seed in range(9_100, 9_110):  # ~40 MiB of spans per run: the disk fills on the way
        load = Load(ophion, seed=seed, items=60_000, per_request=200, in_flight=8, max_attempts=1)
        summary = load.wait(may_ack_nothing=True)  # the disk may be full from its first request
        summaries.append(summary)
        sent += summary["sent"]
        acked |= load.acked_ids()
        if summary["failed"]:
            break
    refused = {k: v for s in summaries for k, v in s["errors"].items()}
    assert refused, f"the disk never filled: {summaries[-1]}"
    assert set(refused) <= {"HTTP 503", "HTTP 429"}, f"refusals that are not push-back: {refused}"
    assert all(s["pushback_without_delay"] == 0 for s in summaries), "push-back without Retry-After"
    assert requests.get(f"{ophion.api_url}/health/live", timeout=5).status_code == 200
    failures = self_metric(ophion, "ophion_queue_write_failures_total")
    assert failures > 0
    # One log line per outage, not per failed write. Space can come back for a moment (the
    # writer deletes applied queue segments) and end an outage, so a run may see a second.
    outages = ophion.output().count("queue writes are failing")
    assert 1 <= outages <= 3 and (outages < failures or failures == 1), \
        f"{outages} 'queue writes are failing' lines for {failures} failed writes"

    ophion.kill()  # and a restart on the full disk: no crash loop
    ophion.start()
    subprocess.run(["mount", "-o", "remount,size=1g", str(small_disk)], check=True)
    wait_drained(ophion)
    stored = assert_exactly_once(api, acked, sent)
    report("disk_full", acked=len(acked), stored=len(stored), lost=0, refusals=refused)


# --- overload --------------------------------------------------------------------------------


def applied_rate(server: OphionServer, seconds: int, per_record: int) -> float:
    """Items the store applied per second over about `seconds`, from self-metrics (cheap, unlike
    counting rows). The writer applies in batches of a second or so, so the rate is taken
    between the first and the last batch seen landing, not between the window's edges, which
    would count one batch more or less (±15 %) by chance."""
    landed = []  # (time, position) each time the applied position moves
    last = self_metric(server, "ophion_writer_applied_position")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(0.1)
        position = self_metric(server, "ophion_writer_applied_position")
        if position != last:
            landed.append((time.monotonic(), position))
            last = position
    assert len(landed) >= 3, f"only {len(landed)} batches landed in {seconds} s"
    (t0, p0), (t1, p1) = landed[0], landed[-1]
    return (p1 - p0) * per_record / (t1 - t0)


@pytest.mark.quiet
def test_overload_at_3x_capacity_pushes_back_stays_bounded_and_recovers(ophion, api):
    ophion.stop()
    ophion.env = {"OPHION_QUEUE__MAX_BYTES": str(256 * MIB)}
    ophion.start()
    rss = RssSampler(ophion)
    # Capacity: what the store applies per second under a steady load above it (so a backlog
    # builds), from 12 to 27 s into it. After the overload the same load returns, and the store
    # must apply at >= 90 % of that rate 15-30 s later: the overload left nothing degraded.
    steady = 20_000

    def steady_load(seed):
        return Load(ophion, seed=seed, items=0, duration="30s", rate=steady, in_flight=32,
                    per_request=500, protocol="grpc", max_attempts=20)

    before = steady_load(5_000)
    time.sleep(12)
    capacity = applied_rate(ophion, 15, per_record=500)
    summaries = [before.wait(timeout=120)]
    assert capacity > 1000, f"capacity {capacity:.0f} spans/s: {summaries[0]}"

    overload_s = 180 if LONG else 40
    overload = Load(ophion, seed=5_001, items=0, duration=f"{overload_s}s", rate=int(3 * capacity),
                    in_flight=64, per_request=500, protocol="grpc", max_attempts=20)
    over = overload.wait(timeout=overload_s + 120)
    summaries.append(over)
    after = steady_load(5_002)
    time.sleep(15)
    recovered_rate = applied_rate(ophion, 15, per_record=500)
    summaries.append(after.wait(timeout=120))
    peak = rss.stop()

    assert over["pushback"], f"3x capacity for {overload_s} s was never pushed back: {over}"
    assert set(over["pushback"]) <= {"gRPC UNAVAILABLE"}, over["pushback"]
    assert over["pushback_without_delay"] == 0, "push-back without RetryInfo"
    assert not over["errors"] or set(over["errors"]) <= {"gRPC UNAVAILABLE"}, over["errors"]
    recovered = recovered_rate / capacity
    # The target is 90 %. On a 2-core box the ratio of two 15 s rates spreads 0.88-1.14 from run
    # to run, so CI's short run holds a looser bound (it still catches a degraded state, such
    # as a retry storm) and the long run, with its longer overload, holds the target.
    assert recovered >= (0.9 if LONG else 0.75), f"15-30 s after the overload the store applied {recovered:.0%} of what it did before"
    limit = 1024 * MIB  # memory_limit_bytes' default: the memory guard pushes back above it
    assert peak < limit, f"peak RSS {peak / MIB:.0f} MiB over {limit / MIB:.0f} MiB"

    ophion.stop()
    ophion.start()
    wait_drained(ophion)
    assert_count_stored(api.stats()["spans"], summaries)
    report("overload_3x", capacity_spans_per_s=round(capacity), overload_s=overload_s,
           offered_spans_per_s=int(3 * capacity), acked_during_overload=over["acked"],
           acked_per_s_during_overload=round(over["acked"] / overload_s),
           pushback=over["pushback"], failed=over["failed"], recovery_ratio=round(recovered, 3),
           peak_rss_mib=round(peak / MIB), rss_limit_mib=round(limit / MIB), lost=0)
