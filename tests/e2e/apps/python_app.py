"""A small two-service "shop" instrumented with the OpenTelemetry Python SDK.

Configured only through the standard OTEL_* variables (OTEL_EXPORTER_OTLP_ENDPOINT,
OTEL_EXPORTER_OTLP_PROTOCOL=grpc|http/protobuf, OTEL_EXPORTER_OTLP_COMPRESSION,
OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES), like a real service. It emits a fixed workload of
spans, log records (through the `logging` bridge) and metrics, flushes and shuts down, then writes
a manifest of exactly what the SDK produced, captured by in-memory exporters running beside the
OTLP ones, so the end-to-end test can compare every field. Exits non-zero if any OTLP export failed.
"""

import argparse
import json
import logging
import os
import sys

from opentelemetry.instrumentation.logging.handler import LoggingHandler
from opentelemetry.metrics import CallbackOptions, Observation
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import (
    BatchLogRecordProcessor,
    InMemoryLogRecordExporter,
    SimpleLogRecordProcessor,
)
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import Link, SpanKind, Status, StatusCode

SPANS_PER_TRACE = 5
BUCKETS = [1.0, 5.0, 10.0, 25.0, 50.0]
FAILURES: list[str] = []


def otlp_exporters():
    """Exporter factories for the protocol OTEL_EXPORTER_OTLP_PROTOCOL names."""
    protocol = os.environ.get("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
    if protocol == "grpc":
        from opentelemetry.exporter.otlp.proto.grpc._log_exporter import OTLPLogExporter
        from opentelemetry.exporter.otlp.proto.grpc.metric_exporter import OTLPMetricExporter
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
    elif protocol == "http/protobuf":
        from opentelemetry.exporter.otlp.proto.http._log_exporter import OTLPLogExporter
        from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    else:
        sys.exit(f"unsupported OTEL_EXPORTER_OTLP_PROTOCOL={protocol!r}")
    return checked(OTLPSpanExporter), checked(OTLPLogExporter), checked(OTLPMetricExporter)


def checked(exporter_class):
    """The exporter, remembering every export that the server did not acknowledge."""

    class Checked(exporter_class):
        def export(self, *args, **kwargs):
            result = super().export(*args, **kwargs)
            if result.name != "SUCCESS":
                FAILURES.append(f"{exporter_class.__module__}.{exporter_class.__name__}: {result.name}")
            return result

    return Checked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run-id", required=True, help="tags every span, log record and metric")
    parser.add_argument("--traces", type=int, default=200, help=f"{SPANS_PER_TRACE} spans each")
    parser.add_argument("--logs", type=int, default=1000, help="log records in all, some in spans")
    parser.add_argument("--manifest", required=True, help="where to write what was produced")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)  # the SDK's own diagnostics

    new_span_exporter, new_log_exporter, new_metric_exporter = otlp_exporters()
    spans_seen, logs_seen = InMemorySpanExporter(), InMemoryLogRecordExporter()
    frontend = Resource.create()  # service.name and attributes from OTEL_* variables
    service = frontend.attributes["service.name"]
    backend = Resource.create({"service.name": f"{service}-backend"})

    tracer_providers = []
    for resource in (frontend, backend):
        provider = TracerProvider(resource=resource)
        provider.add_span_processor(BatchSpanProcessor(new_span_exporter()))  # shutdown closes it
        provider.add_span_processor(SimpleSpanProcessor(spans_seen))
        tracer_providers.append(provider)
    front_tracer = tracer_providers[0].get_tracer("e2e.shop.frontend", "1.0.0")
    back_tracer = tracer_providers[1].get_tracer("e2e.shop.backend", "1.0.0")

    logger_provider = LoggerProvider(resource=frontend)
    logger_provider.add_log_record_processor(BatchLogRecordProcessor(new_log_exporter()))
    logger_provider.add_log_record_processor(SimpleLogRecordProcessor(logs_seen))
    log = logging.getLogger("e2e.shop")
    log.setLevel(logging.DEBUG)
    log.propagate = False  # keep the SDK's own diagnostics out of the exported logs
    log.addHandler(LoggingHandler(logger_provider=logger_provider))

    reader = PeriodicExportingMetricReader(new_metric_exporter(), export_interval_millis=600_000)
    meter_provider = MeterProvider(resource=frontend, metric_readers=[reader])
    meter = meter_provider.get_meter("e2e.shop.metrics", "1.0.0")

    run = {"e2e.run_id": args.run_id}
    served = meter.create_counter("e2e.requests", "{request}", "Requests served")
    inflight = meter.create_up_down_counter("e2e.queue.depth", "{job}", "Jobs waiting")
    durations = meter.create_histogram(
        "e2e.request.duration", "ms", "Request latency", explicit_bucket_boundaries_advisory=BUCKETS
    )
    temperatures = {"a": 21.5, "b": -3.25}

    def read_temperature(_options: CallbackOptions):
        return [Observation(v, {**run, "sensor": k}) for k, v in temperatures.items()]

    meter.create_observable_gauge("e2e.temperature", [read_temperature], "Cel", "Room temperature")

    seq = 0

    def emit(level: int, message: str, **attributes) -> None:
        nonlocal seq
        extra = {**run, "e2e.seq": seq, "e2e.even": seq % 2 == 0, "e2e.latency_ms": seq + 0.25}
        log.log(
            level,
            "%s seq-%04d",
            message,
            seq,
            extra={**extra, **attributes},
            exc_info=level >= logging.ERROR and sys.exc_info()[0] is not None,
        )
        seq += 1

    previous_root = None
    latencies = []
    for i in range(args.traces):
        failed = i % 10 == 9
        latency = (i % 50) + 0.5
        latencies.append(latency)
        links = [Link(previous_root, {**run, "e2e.link": "previous-request"})] if previous_root else []
        root_attributes = {
            **run,
            "e2e.index": i,
            "e2e.big": 2**53 + 1 + i,  # must survive as an exact 64-bit integer
            "e2e.cache_hit": i % 3 == 0,
            "e2e.ratio": i + 0.5,
            "e2e.tags": ["alpha", "beta"],
            "e2e.codes": [200, 404, i],
            "e2e.checks": [True, False],
            "e2e.weights": [0.5, 1.5],
            "http.request.method": "GET",
            "http.route": "/users/{id}",
            "url.path": f"/users/{i}",
        }
        with front_tracer.start_as_current_span(
            "GET /users/{id}", kind=SpanKind.SERVER, links=links, attributes=root_attributes
        ) as root:
            emit(logging.INFO, f"request {i} started")
            with front_tracer.start_as_current_span("load-user", attributes={**run, "user.id": i}) as span:
                span.add_event("cache.miss", {"cache.key": f"user:{i}", "e2e.attempt": 1, "e2e.cold": True})
                emit(logging.DEBUG, f"user {i} not cached")
            with front_tracer.start_as_current_span(
                "GET backend /users/{id}",
                kind=SpanKind.CLIENT,
                attributes={**run, "server.address": "backend"},
            ) as call:
                with back_tracer.start_as_current_span(
                    "GET /users/{id}", kind=SpanKind.SERVER, attributes={**run, "http.route": "/users/{id}"}
                ) as handler:
                    with back_tracer.start_as_current_span(
                        "SELECT users",
                        kind=SpanKind.CLIENT,
                        attributes={
                            **run,
                            "db.system.name": "postgresql",
                            "db.query.text": "SELECT * FROM users WHERE id = $1",
                        },
                    ):
                        pass
                    if failed:
                        try:
                            raise TimeoutError("database did not answer within 2s")
                        except TimeoutError as error:
                            handler.record_exception(error)
                            handler.set_status(Status(StatusCode.ERROR, "db timeout"))
                            emit(logging.ERROR, f"user {i} lookup failed")
                if failed:
                    call.set_status(Status(StatusCode.ERROR, "upstream returned 500"))
            root.set_attribute("http.response.status_code", 500 if failed else 200)
            if not failed:
                root.set_status(Status(StatusCode.OK))
            emit(logging.WARNING if failed else logging.INFO, f"request {i} finished")
        previous_root = root.get_span_context()
        served.add(1, {**run, "http.route": "/users/{id}", "e2e.outcome": "error" if failed else "ok"})
        durations.record(latency, {**run, "http.route": "/users/{id}"})

    levels = [logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR, logging.CRITICAL]
    for j in range(args.logs - seq):  # the rest outside any span
        emit(levels[j % len(levels)], f"background job tick {j}", **{"job.name": "reindex"})
    inflight.add(5, {**run, "queue": "reindex"})
    inflight.add(-2, {**run, "queue": "reindex"})

    providers = [*tracer_providers, logger_provider, meter_provider]
    for provider in providers:
        provider.force_flush()
    for provider in providers:
        provider.shutdown()

    errors = args.traces // 10
    manifest = {
        "spans": [span_record(s) for s in spans_seen.get_finished_spans()],
        "logs": [log_record(r) for r in logs_seen.get_finished_logs()],
        "metrics": [
            metric(
                "e2e.requests",
                "sum",
                "{request}",
                "Requests served",
                [
                    {
                        "attributes": {**run, "http.route": "/users/{id}", "e2e.outcome": "ok"},
                        "value": args.traces - errors,
                    },
                    {
                        "attributes": {**run, "http.route": "/users/{id}", "e2e.outcome": "error"},
                        "value": errors,
                    },
                ],
            ),
            metric(
                "e2e.queue.depth",
                "sum",
                "{job}",
                "Jobs waiting",
                [
                    {"attributes": {**run, "queue": "reindex"}, "value": 3},
                ],
            ),
            metric(
                "e2e.request.duration",
                "histogram",
                "ms",
                "Request latency",
                [
                    {"attributes": {**run, "http.route": "/users/{id}"}, **histogram(latencies)},
                ],
            ),
            metric(
                "e2e.temperature",
                "gauge",
                "Cel",
                "Room temperature",
                [{"attributes": {**run, "sensor": k}, "value": v} for k, v in temperatures.items()],
            ),
        ],
    }
    with open(args.manifest, "w") as out:
        json.dump(manifest, out)
    if FAILURES:
        sys.exit("OTLP exports failed: " + "; ".join(sorted(set(FAILURES))))


def plain(value):
    """SDK attribute containers as JSON values (tuples become lists)."""
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    if hasattr(value, "items"):
        return {k: plain(v) for k, v in value.items()}
    return value


def hex_id(value: int | None, width: int) -> str | None:
    return f"{value:0{width}x}" if value else None


def span_record(span) -> dict:
    return {
        "trace_id": hex_id(span.context.trace_id, 32),
        "span_id": hex_id(span.context.span_id, 16),
        "parent_span_id": hex_id(span.parent.span_id, 16) if span.parent else None,
        "name": span.name,
        "kind": span.kind.name.lower(),
        "service_name": span.resource.attributes["service.name"],
        "start_time_unix_nano": span.start_time,
        "end_time_unix_nano": span.end_time,
        "status_code": span.status.status_code.name.lower(),
        "status_message": span.status.description or "",
        "attributes": plain(span.attributes),
        "resource_attributes": plain(span.resource.attributes),
        "scope_name": span.instrumentation_scope.name,
        "scope_version": span.instrumentation_scope.version,
        "events": [
            {"name": e.name, "time_unix_nano": e.timestamp, "attributes": plain(e.attributes)}
            for e in span.events
        ],
        "links": [
            {
                "trace_id": hex_id(link.context.trace_id, 32),
                "span_id": hex_id(link.context.span_id, 16),
                "attributes": plain(link.attributes),
            }
            for link in span.links
        ],
    }


def log_record(readable) -> dict:
    record = readable.log_record
    return {
        "time_unix_nano": record.timestamp,
        "severity_number": record.severity_number.value,
        "severity_text": record.severity_text,
        "body": record.body,
        "trace_id": hex_id(record.trace_id, 32),
        "span_id": hex_id(record.span_id, 16),
        "attributes": plain(record.attributes),
        "resource_attributes": plain(readable.resource.attributes),
        "service_name": readable.resource.attributes["service.name"],
        "scope_name": readable.instrumentation_scope.name,
    }


def metric(name: str, kind: str, unit: str, description: str, series: list) -> dict:
    return {"name": name, "kind": kind, "unit": unit, "description": description, "series": series}


def histogram(values: list[float]) -> dict:
    counts = [0] * (len(BUCKETS) + 1)
    for v in values:
        counts[sum(v > bound for bound in BUCKETS)] += 1  # buckets are (previous, bound]
    return {
        "count": len(values),
        "sum": sum(values),
        "min": min(values),
        "max": max(values),
        "explicit_bounds": BUCKETS,
        "bucket_counts": counts,
    }


if __name__ == "__main__":
    main()
