"""Rough ingest baseline until the load generator exists: pre-encoded OTLP/HTTP protobuf
requests of 512 P1-like spans from N threads for D seconds, honouring 429/503 Retry-After,
then waiting for stored == acknowledged.

    python bench/quick_ingest.py http://127.0.0.1:4318/v1/traces http://127.0.0.1:8080 4 20

Needs the `opentelemetry-proto` Python package (the e2e venv has it).
"""

import json
import random
import sys
import threading
import time
import urllib.error
import urllib.request

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.common.v1.common_pb2 import AnyValue


def request_bytes(seed: int) -> bytes:
    """5 resource attributes, 10 span attributes (2/3 strings), 1 event, status: ~P1."""
    req = ExportTraceServiceRequest()
    rs = req.resource_spans.add()
    for k, v in [("service.name", f"svc-{seed % 20}"), ("host.name", "h1"), ("k8s.pod.name", "p"),
                 ("deployment.environment", "prod"), ("telemetry.sdk.language", "python")]:
        rs.resource.attributes.add(key=k, value=AnyValue(string_value=v))
    spans = rs.scope_spans.add()
    now = time.time_ns()
    for i in range(512):
        s = spans.spans.add()
        s.trace_id, s.span_id = random.randbytes(16), random.randbytes(8)
        s.name, s.kind = f"op-{i % 40}", 2
        s.start_time_unix_nano, s.end_time_unix_nano = now - 10_000_000, now
        for j in range(10):
            value = (AnyValue(int_value=random.randint(0, 4095)) if j % 3 == 2
                     else AnyValue(string_value=f"value-{random.randint(0, 4095)}"))
            s.attributes.add(key=f"attr.{j}", value=value)
        s.events.add(name="evt", time_unix_nano=now)
        s.status.code = 1
    return req.SerializeToString()


def main() -> None:
    url, api, threads, duration = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    bodies = [request_bytes(i) for i in range(40)]
    print(f"request {len(bodies[0])} bytes, {len(bodies[0]) // 512} B/span")
    acked, refused = [0] * threads, [0] * threads
    stop = time.time() + duration

    def run(t: int) -> None:
        i = t
        while time.time() < stop:
            body = bodies[i % len(bodies)]
            req = urllib.request.Request(url, data=body, headers={"content-type": "application/x-protobuf"})
            try:
                with urllib.request.urlopen(req) as resp:
                    acked[t] += 512 if resp.status == 200 else 0
                i += threads
            except urllib.error.HTTPError as err:
                if err.code not in (429, 503):
                    raise
                refused[t] += 1
                time.sleep(float(err.headers.get("retry-after", "1")))

    workers = [threading.Thread(target=run, args=(t,)) for t in range(threads)]
    t0 = time.time()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.time() - t0
    total = sum(acked)
    print(f"acked {total} spans in {elapsed:.1f}s = {total / elapsed:.0f} spans/s; "
          f"{sum(refused)} requests pushed back (429/503)")
    stored = 0
    while time.time() < t0 + elapsed + 600:
        stored = json.load(urllib.request.urlopen(api + "/api/v1/stats"))["spans"]
        if stored >= total:
            break
        time.sleep(1)
    drained = time.time() - t0
    print(f"stored {stored} / acked {total} = {stored / max(total, 1):.4f}; "
          f"all stored {drained:.0f}s after the start = {stored / drained:.0f} spans/s end to end")


if __name__ == "__main__":
    main()
