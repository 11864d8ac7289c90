"""An example service for docker-compose.yml: a checkout flow that calls a payment service
and a database, instrumented with the OpenTelemetry Python SDK and configured only through the
standard OTEL_* variables. Runs until stopped, one order a second, one in ten failing."""

import logging
import random
import time

from opentelemetry import metrics, trace
from opentelemetry.exporter.otlp.proto.grpc._log_exporter import OTLPLogExporter
from opentelemetry.exporter.otlp.proto.grpc.metric_exporter import OTLPMetricExporter
from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.logging.handler import LoggingHandler
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import BatchLogRecordProcessor
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace import SpanKind, Status, StatusCode

tracer_provider = TracerProvider()
tracer_provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
trace.set_tracer_provider(tracer_provider)
metrics.set_meter_provider(MeterProvider(metric_readers=[PeriodicExportingMetricReader(OTLPMetricExporter())]))
logger_provider = LoggerProvider()
logger_provider.add_log_record_processor(BatchLogRecordProcessor(OTLPLogExporter()))
logging.basicConfig(level=logging.INFO, handlers=[LoggingHandler(logger_provider=logger_provider)])

tracer = trace.get_tracer("shop")
orders = metrics.get_meter("shop").create_counter("shop.orders", unit="{order}")
latency = metrics.get_meter("shop").create_histogram("shop.checkout.duration", unit="ms")
log = logging.getLogger("shop")

while True:
    started = time.monotonic()
    failed = random.random() < 0.1
    with tracer.start_as_current_span("POST /checkout", kind=SpanKind.SERVER) as span:
        span.set_attribute("http.request.method", "POST")
        span.set_attribute("http.route", "/checkout")
        with tracer.start_as_current_span("SELECT orders", kind=SpanKind.CLIENT) as db:
            db.set_attribute("db.system.name", "postgresql")
            time.sleep(random.uniform(0.002, 0.02))
        with tracer.start_as_current_span("charge card", kind=SpanKind.CLIENT) as pay:
            time.sleep(random.uniform(0.01, 0.05))
            if failed:
                pay.set_status(Status(StatusCode.ERROR, "card declined"))
        span.set_attribute("http.response.status_code", 502 if failed else 200)
        if failed:
            span.set_status(Status(StatusCode.ERROR))
            log.error("checkout failed: card declined")
        else:
            log.info("order placed")
    orders.add(1, {"outcome": "failed" if failed else "placed"})
    latency.record((time.monotonic() - started) * 1000)
    time.sleep(1)
