"""A shop instrumented with the OpenTelemetry Python SDK, seeding the console's browser tests.

Services frontend → checkout → {payments, inventory} with 34 hours of history, so the AI engine
has something to learn from, and a latency regression in payments' `charge` in the last
22 minutes with its gateway timeouts logged at ERROR and its pod burning CPU (an anomaly, its
root cause with its log and CPU evidence, and a log pattern); a cart with an N+1 query (a tip); one 5,000-span batch job trace; a few metrics through
the SDK's meter. Past gauge points (the SDK's meter stamps them now) go through the SDK's OTLP
exporter for the pods' CPU, and through Ophion's JSON metrics API for disk usage (a capacity
forecast).

Configured through the standard OTEL_* variables (OTEL_EXPORTER_OTLP_ENDPOINT,
OTEL_EXPORTER_OTLP_HEADERS, OTEL_EXPORTER_OTLP_PROTOCOL), plus --api for the JSON metrics API.
Writes a manifest of what it sent; exits non-zero if any export was not acknowledged.
"""

import argparse
import json
import logging
import random
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "e2e" / "apps"))

from opentelemetry import trace  # noqa: E402
from opentelemetry._logs import LogRecord, SeverityNumber  # noqa: E402
from opentelemetry.sdk._logs import LoggerProvider  # noqa: E402
from opentelemetry.sdk._logs.export import BatchLogRecordProcessor  # noqa: E402
from opentelemetry.sdk.metrics import MeterProvider  # noqa: E402
from opentelemetry.sdk.metrics.export import (  # noqa: E402
    Gauge,
    Metric,
    MetricsData,
    NumberDataPoint,
    PeriodicExportingMetricReader,
    ResourceMetrics,
    ScopeMetrics,
)
from opentelemetry.sdk.resources import Resource  # noqa: E402
from opentelemetry.sdk.trace import TracerProvider  # noqa: E402
from opentelemetry.sdk.trace.export import BatchSpanProcessor  # noqa: E402
from opentelemetry.sdk.util.instrumentation import InstrumentationScope  # noqa: E402
from opentelemetry.trace import SpanKind, Status, StatusCode, format_trace_id  # noqa: E402
from python_app import FAILURES, otlp_exporters  # noqa: E402

MS = 1_000_000
MINUTE = 60_000 * MS
HISTORY_MINUTES = 34 * 60
REGRESSION_MINUTES = 22
REQUESTS_PER_MINUTE = 4
BIG_TRACE_SPANS = 1 + 100 * (1 + 49)
SERVICES = ["frontend", "checkout", "payments", "inventory", "cart", "batch"]
CPU_MINUTES = 120
PODS = {"payments": "payments-7d9f8-x2k4q", "checkout": "checkout-5c6b7-p9m3z"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api", required=True, help="Ophion's REST API, for the disk history")
    parser.add_argument("--api-key", default="", help="sent with the JSON metrics API")
    parser.add_argument("--prefix", default="", help="prefixes every service name (tenant probes)")
    parser.add_argument("--manifest", required=True)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    rng = random.Random(18)
    name = {s: args.prefix + s for s in SERVICES}

    new_span_exporter, new_log_exporter, new_metric_exporter = otlp_exporters()
    providers, tracers = [], {}
    for service in SERVICES:
        provider = TracerProvider(resource=Resource.create({"service.name": name[service]}))
        # History is made faster than any exporter sends it: a queue that holds all of it.
        provider.add_span_processor(
            BatchSpanProcessor(new_span_exporter(), max_queue_size=200_000, max_export_batch_size=4096)
        )
        providers.append(provider)
        tracers[service] = provider.get_tracer("ophion.browser.seed", "1.0.0")
    log_providers, loggers = [], {}
    for service in ("checkout", "payments"):
        provider = LoggerProvider(resource=Resource.create({"service.name": name[service]}))
        provider.add_log_record_processor(
            BatchLogRecordProcessor(new_log_exporter(), max_queue_size=50_000, max_export_batch_size=4096)
        )
        log_providers.append(provider)
        loggers[service] = provider.get_logger("ophion.browser.seed")

    now = time.time_ns() // MINUTE * MINUTE
    start = now - HISTORY_MINUTES * MINUTE
    regression = now - REGRESSION_MINUTES * MINUTE
    manifest = {"services": name, "slow_traces": [], "error_traces": []}

    def span(service, label, at, duration, parent=None, kind=SpanKind.SERVER, error=None, **attrs):
        context = trace.set_span_in_context(parent) if parent else None
        s = tracers[service].start_span(label, context=context, kind=kind, start_time=at, attributes=attrs)
        if error:
            s.set_status(Status(StatusCode.ERROR, error))
            s.add_event("exception", {"exception.type": "GatewayTimeout", "exception.message": error}, at)
        s.end(end_time=at + duration)
        return s

    # The shop's requests, minute by minute.
    for minute in range(HISTORY_MINUTES):
        for r in range(REQUESTS_PER_MINUTE):
            at = start + minute * MINUTE + r * 15_000 * MS
            slow = at >= regression
            payments = (rng.randrange(20, 40) + (250 if slow else 0)) * MS
            inventory = rng.randrange(10, 20) * MS
            checkout = rng.randrange(5, 15) * MS + payments + inventory
            frontend = rng.randrange(5, 15) * MS + checkout
            failed = slow and r == 0
            root = tracers["frontend"].start_span(
                "GET /checkout", kind=SpanKind.SERVER, start_time=at,
                attributes={"http.request.method": "GET", "http.route": "/checkout"},
            )
            orders = span("checkout", "POST /orders", at + MS, checkout, root, order_id=f"ORD-{minute}-{r}")
            charge = span(
                "payments", "charge", at + 2 * MS, payments, orders,
                error="gateway timeout" if failed else None,
                # 2^53 + 1: JavaScript's numbers would show it as ...992.
                **{"payment.provider": "acme", "payment.ledger_seq": 2**53 + 1},
            )
            span("inventory", "reserve", at + 2 * MS + payments, inventory, orders)
            if failed:
                root.set_status(Status(StatusCode.ERROR, "payment failed"))
            root.end(end_time=at + frontend)
            trace_id = format_trace_id(root.get_span_context().trace_id)
            if slow and len(manifest["slow_traces"]) < 5:
                manifest["slow_traces"].append(trace_id)
            if failed and len(manifest["error_traces"]) < 5:
                manifest["error_traces"].append(trace_id)
            if minute >= HISTORY_MINUTES - 180 and r < 3:
                loggers["checkout"].emit(LogRecord(
                    timestamp=at, severity_number=SeverityNumber.INFO, severity_text="INFO",
                    body=f"order ORD-{minute}-{r} placed in {rng.randrange(20, 50)} ms",
                    trace_id=orders.get_span_context().trace_id,
                    span_id=orders.get_span_context().span_id,
                    trace_flags=orders.get_span_context().trace_flags,
                    attributes={"order.items": rng.randrange(1, 9)},
                ))
            if slow:
                ctx = charge.get_span_context()
                loggers["payments"].emit(LogRecord(
                    timestamp=at + 3 * MS, severity_number=SeverityNumber.ERROR, severity_text="ERROR",
                    body=f"charge failed: gateway timeout after {3000 + rng.randrange(500)} ms "
                         f"for order ORD-{minute}-{r}",
                    trace_id=ctx.trace_id, span_id=ctx.span_id, trace_flags=ctx.trace_flags,
                    attributes={"payment.provider": "acme", "retry": r},
                ))

    # An ORM loading a cart's items one query at a time, three minutes ago.
    at = now - 3 * MINUTE
    cart = tracers["cart"].start_span("GET /cart", kind=SpanKind.SERVER, start_time=at)
    for i in range(15):
        span("cart", "SELECT items", at + (1 + 2 * i) * MS, MS, cart, kind=SpanKind.CLIENT,
             **{"db.system.name": "postgresql", "db.query.text": "SELECT * FROM items WHERE id = $1"})
    cart.end(end_time=at + 32 * MS)
    manifest["n_plus_one_trace"] = format_trace_id(cart.get_span_context().trace_id)

    # A nightly batch job of 5,001 spans (100 shards of 49 documents): the waterfall must stay
    # responsive.
    at = now - 10 * MINUTE
    job = tracers["batch"].start_span("nightly reindex", kind=SpanKind.INTERNAL, start_time=at)
    for shard in range(100):
        shard_at = at + shard * 100 * MS
        parent = tracers["batch"].start_span(
            "reindex shard", context=trace.set_span_in_context(job),
            kind=SpanKind.INTERNAL, start_time=shard_at, attributes={"shard": shard},
        )
        for doc in range(49):
            # Span names stay low-cardinality (each is a series to the AI engine).
            span("batch", "index doc", shard_at + (2 * doc + 1) * MS, MS, parent,
                 kind=SpanKind.INTERNAL, doc=f"{shard}-{doc}")
        parent.end(end_time=shard_at + 99 * MS)
    job.end(end_time=at + 10_001 * MS)
    manifest["big_trace"] = format_trace_id(job.get_span_context().trace_id)
    manifest["big_trace_spans"] = BIG_TRACE_SPANS

    # Metrics through the SDK's meter, stamped now.
    reader = PeriodicExportingMetricReader(new_metric_exporter(), export_interval_millis=600_000)
    meters = MeterProvider(resource=Resource.create({"service.name": name["checkout"]}), metric_readers=[reader])
    meter = meters.get_meter("ophion.browser.seed")
    orders_counter = meter.create_counter("shop.orders", "{order}", "Orders placed")
    latency = meter.create_histogram("shop.checkout.duration", "ms", "Checkout latency")
    for region in ("eu", "us"):
        orders_counter.add(rng.randrange(50, 100), {"region": region})
        for _ in range(50):
            latency.record(rng.randrange(20, 400), {"region": region})
    meters.shutdown()

    for provider in providers + log_providers:
        provider.shutdown()

    exporter = new_metric_exporter()
    exporter.export(pod_cpu(name, args.prefix, now, regression, rng))
    exporter.shutdown()

    # Disk usage: half full 34 hours ago, filling a quarter of the disk a day.
    points = [
        {
            "name": "system.filesystem.utilization",
            "value": 0.5 + 0.25 * (m * MINUTE) / (1440 * MINUTE) + rng.random() / 20_000,
            "timestamp": (start + m * MINUTE) // MS,
            "service": name["batch"],
            "unit": "1",
        }
        for m in range(0, HISTORY_MINUTES, 5)
    ]
    post_metrics(args.api, args.api_key, points)

    manifest["metrics"] = [
        "shop.orders", "shop.checkout.duration", "system.filesystem.utilization", "k8s.pod.cpu.utilization",
    ]
    manifest["pods"] = {service: args.prefix + pod for service, pod in PODS.items()}
    manifest["cpu_points"] = CPU_MINUTES * len(PODS)
    manifest["spans"] = HISTORY_MINUTES * REQUESTS_PER_MINUTE * 4 + 16 + BIG_TRACE_SPANS
    manifest["metric_points_api"] = len(points)
    Path(args.manifest).write_text(json.dumps(manifest, indent=2))
    if FAILURES:
        sys.exit(f"exports not acknowledged: {FAILURES}")


def pod_cpu(name: dict, prefix: str, now: int, regression: int, rng: random.Random) -> MetricsData:
    """A minute-by-minute CPU gauge per pod over the last two hours: payments' pod goes from
    about 12 % to 85 % of its limit when the regression starts, checkout's stays at 30 %."""
    resources = []
    for service, pod in PODS.items():
        points = []
        for m in range(CPU_MINUTES, 0, -1):
            at = now - m * MINUTE
            level = 0.85 if service == "payments" and at >= regression else {"payments": 0.12}.get(service, 0.30)
            value = level * (1 + (rng.random() - 0.5) / 10)
            points.append(NumberDataPoint(attributes={}, start_time_unix_nano=at, time_unix_nano=at, value=value))
        metric = Metric(name="k8s.pod.cpu.utilization", description="Pod CPU over its limit", unit="1",
                        data=Gauge(data_points=points))
        scope = ScopeMetrics(scope=InstrumentationScope("ophion.browser.seed", "1.0.0"), metrics=[metric], schema_url="")
        resource = Resource.create({"service.name": name[service], "k8s.pod.name": prefix + pod})
        resources.append(ResourceMetrics(resource=resource, scope_metrics=[scope], schema_url=""))
    return MetricsData(resource_metrics=resources)


def post_metrics(api: str, key: str, points: list[dict]) -> None:
    headers = {"content-type": "application/json"}
    if key:
        headers["authorization"] = f"Bearer {key}"
    for i in range(0, len(points), 500):
        body = json.dumps({"metrics": points[i : i + 500]}).encode()
        request = urllib.request.Request(f"{api}/api/v1/metrics/ingest/batch", body, headers, method="POST")
        with urllib.request.urlopen(request, timeout=30) as response:
            if response.status >= 300:
                sys.exit(f"metrics API answered {response.status}")


if __name__ == "__main__":
    main()
