"""A cart service instrumented with the OpenTelemetry Python SDK that has an ORM-style N+1:
each `GET /cart` loads its items one query at a time. It also logs through the `logging`
bridge: cache hits at INFO and payment gateway timeouts at ERROR.

Configured only through the standard OTEL_* variables. Writes a manifest of the trace ids it
made; exits non-zero if any OTLP export was not acknowledged.
"""

import argparse
import json
import logging
import sys

from opentelemetry.instrumentation.logging.handler import LoggingHandler
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import BatchLogRecordProcessor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace import SpanKind, format_trace_id

from python_app import FAILURES, otlp_exporters

CARTS = 20
ITEMS_PER_CART = 12
CACHE_HITS = 200
TIMEOUTS = 30


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run-id", required=True)
    parser.add_argument("--manifest", required=True)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)

    new_span_exporter, new_log_exporter, _ = otlp_exporters()
    resource = Resource.create()
    tracer_provider = TracerProvider(resource=resource)
    tracer_provider.add_span_processor(BatchSpanProcessor(new_span_exporter()))
    tracer = tracer_provider.get_tracer("e2e.cart", "1.0.0")
    logger_provider = LoggerProvider(resource=resource)
    logger_provider.add_log_record_processor(BatchLogRecordProcessor(new_log_exporter()))
    log = logging.getLogger("e2e.cart")
    log.setLevel(logging.INFO)
    log.propagate = False
    log.addHandler(LoggingHandler(logger_provider=logger_provider))

    traces = []
    for cart in range(CARTS):
        with tracer.start_as_current_span("GET /cart", kind=SpanKind.SERVER) as request:
            traces.append(format_trace_id(request.get_span_context().trace_id))
            for item in range(ITEMS_PER_CART):
                with tracer.start_as_current_span("SELECT items", kind=SpanKind.CLIENT) as query:
                    query.set_attribute("db.system.name", "postgresql")
                    query.set_attribute("db.query.text", "SELECT * FROM items WHERE id = $1")
                    query.set_attribute("e2e.item", cart * ITEMS_PER_CART + item)
    for i in range(CACHE_HITS):
        log.info("cache hit for key user:%d in %d ms", 1000 + i, 1 + i % 7)
    for i in range(TIMEOUTS):
        log.error("payment gateway timeout after %d ms for order %d", 3000 + i * 11, 500 + i)

    tracer_provider.shutdown()
    logger_provider.shutdown()
    with open(args.manifest, "w") as out:
        json.dump({"spans": [], "logs": [], "traces": traces}, out)
    if FAILURES:
        sys.exit("OTLP exports failed: " + "; ".join(sorted(set(FAILURES))))


if __name__ == "__main__":
    main()
