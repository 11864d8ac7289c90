'use strict';
// An "orders" service instrumented with the OpenTelemetry Node.js SDK (NodeSDK, http/protobuf).
//
// Configured only through the standard OTEL_* variables (OTEL_EXPORTER_OTLP_ENDPOINT,
// OTEL_EXPORTER_OTLP_COMPRESSION, OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES). It emits a fixed
// workload of spans, log records and metrics, shuts the SDK down (which flushes), then writes a
// manifest of exactly what the SDK produced, captured by in-memory exporters beside the OTLP
// ones, in the same shape as ../apps/python_app.py. Exits non-zero if any OTLP export failed.
//
//   node app.js --run-id ID --manifest FILE [--traces 100] [--logs 300]

const fs = require('node:fs');
const { parseArgs } = require('node:util');
const api = require('@opentelemetry/api');
const { logs, SeverityNumber } = require('@opentelemetry/api-logs');
const { OTLPLogExporter } = require('@opentelemetry/exporter-logs-otlp-proto');
const { OTLPMetricExporter } = require('@opentelemetry/exporter-metrics-otlp-proto');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const { BatchLogRecordProcessor, SimpleLogRecordProcessor } = require('@opentelemetry/sdk-logs');
const { PeriodicExportingMetricReader } = require('@opentelemetry/sdk-metrics');
const { NodeSDK, core } = require('@opentelemetry/sdk-node');
const { BatchSpanProcessor, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace');

const SPANS_PER_TRACE = 4;
const BUCKETS = [1, 5, 10, 25, 50];
const KINDS = ['internal', 'server', 'client', 'producer', 'consumer'];
const STATUS = ['unset', 'ok', 'error'];
const failures = [];

// The exporter, remembering every export that the server did not acknowledge.
function checked(exporter) {
  const exportBatch = exporter.export.bind(exporter);
  exporter.export = (items, done) =>
    exportBatch(items, (result) => {
      if (result.code !== core.ExportResultCode.SUCCESS) {
        failures.push(`${exporter.constructor.name}: ${result.error?.message ?? result.code}`);
      }
      done(result);
    });
  return exporter;
}

// Keeps every item the SDK produces; unlike the SDK's in-memory exporters it survives shutdown.
function recorder() {
  const items = [];
  return {
    items,
    export(batch, done) {
      items.push(...batch);
      done({ code: core.ExportResultCode.SUCCESS });
    },
    shutdown: async () => {},
    forceFlush: async () => {},
  };
}

async function main() {
  const { values: args } = parseArgs({
    options: {
      'run-id': { type: 'string' },
      manifest: { type: 'string' },
      traces: { type: 'string', default: '100' },
      logs: { type: 'string', default: '300' },
    },
  });
  if (!args['run-id'] || !args.manifest) throw new Error('--run-id and --manifest are required');
  const runId = args['run-id'];
  const traces = Number(args.traces);
  const totalLogs = Number(args.logs);
  const run = { 'e2e.run_id': runId };

  const spansSeen = recorder();
  const logsSeen = recorder();
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ 'service.version': '2.0.0' }), // merged with OTEL_* ones
    spanProcessors: [
      new BatchSpanProcessor({ exporter: checked(new OTLPTraceExporter()) }),
      new SimpleSpanProcessor({ exporter: spansSeen }),
    ],
    logRecordProcessors: [
      new BatchLogRecordProcessor({ exporter: checked(new OTLPLogExporter()) }),
      new SimpleLogRecordProcessor({ exporter: logsSeen }),
    ],
    metricReaders: [
      new PeriodicExportingMetricReader({
        exporter: checked(new OTLPMetricExporter()),
        exportIntervalMillis: 600_000,
      }),
    ],
    instrumentations: [],
  });
  sdk.start();

  const tracer = api.trace.getTracer('e2e.orders', '2.0.0');
  const logger = logs.getLogger('e2e.orders.log', '2.0.0');
  const meter = api.metrics.getMeter('e2e.orders.metrics', '2.0.0');
  const orders = meter.createCounter('e2e.node.orders', { unit: '{order}', description: 'Orders placed' });
  const depth = meter.createUpDownCounter('e2e.node.queue.depth', { unit: '{job}', description: 'Jobs waiting' });
  const latency = meter.createHistogram('e2e.node.order.duration', {
    unit: 'ms',
    description: 'Order latency',
    advice: { explicitBucketBoundaries: BUCKETS },
  });
  const gauge = meter.createObservableGauge('e2e.node.temperature', { unit: 'Cel', description: 'Room temperature' });
  gauge.addCallback((result) => result.observe(19.75, { ...run, sensor: 'c' }));

  let seq = 0;
  const emit = (severityNumber, severityText, body, attributes = {}) => {
    logger.emit({
      severityNumber,
      severityText,
      body,
      attributes: { ...run, 'e2e.seq': seq, 'e2e.even': seq % 2 === 0, 'e2e.latency_ms': seq + 0.25, ...attributes },
    });
    seq += 1;
  };

  let previousRoot;
  const latencies = [];
  for (let i = 0; i < traces; i++) {
    const failed = i % 10 === 9;
    const ms = (i % 50) + 0.5;
    latencies.push(ms);
    const rootAttributes = {
      ...run,
      'e2e.index': i,
      'e2e.express': i % 3 === 0,
      'e2e.ratio': i + 0.5,
      'e2e.tags': ['alpha', 'beta'],
      'e2e.codes': [201, 409, i],
      'http.request.method': 'POST',
      'http.route': '/orders',
    };
    const links = previousRoot ? [{ context: previousRoot, attributes: { ...run, 'e2e.link': 'previous-request' } }] : [];
    tracer.startActiveSpan('POST /orders', { kind: api.SpanKind.SERVER, attributes: rootAttributes, links }, (root) => {
      emit(SeverityNumber.INFO, 'INFO', `order ${i} received seq-${String(seq).padStart(4, '0')}`);
      tracer.startActiveSpan('validate', { attributes: { ...run, 'order.items': i % 7 } }, (span) => {
        span.addEvent('rules.checked', { 'rules.count': 12, 'rules.strict': true, 'rules.score': 0.75 });
        span.end();
      });
      tracer.startActiveSpan('INSERT orders', {
        kind: api.SpanKind.CLIENT,
        attributes: { ...run, 'db.system.name': 'postgresql', 'db.query.text': 'INSERT INTO orders VALUES ($1)' },
      }, (span) => {
        if (failed) {
          span.recordException(new Error('unique constraint violated'));
          span.setStatus({ code: api.SpanStatusCode.ERROR, message: 'duplicate order' });
          emit(SeverityNumber.ERROR, 'ERROR', {
            message: `order ${i} rejected seq-${String(seq).padStart(4, '0')}`,
            order: i,
            retryable: false,
            ratio: 0.5,
            reasons: ['duplicate', 'conflict'],
          });
        }
        span.end();
      });
      tracer.startActiveSpan('publish order.created', {
        kind: api.SpanKind.PRODUCER,
        attributes: { ...run, 'messaging.system': 'kafka', 'messaging.destination.name': 'orders' },
      }, (span) => span.end());
      root.setAttribute('http.response.status_code', failed ? 409 : 201);
      root.setStatus(failed ? { code: api.SpanStatusCode.ERROR, message: 'order rejected' } : { code: api.SpanStatusCode.OK });
      root.end();
      previousRoot = root.spanContext();
    });
    orders.add(1, { ...run, 'e2e.outcome': failed ? 'error' : 'ok' });
    latency.record(ms, { ...run, 'http.route': '/orders' });
  }

  const levels = [
    [SeverityNumber.DEBUG, 'DEBUG'],
    [SeverityNumber.INFO, 'INFO'],
    [SeverityNumber.WARN, 'WARN'],
    [SeverityNumber.ERROR, 'ERROR'],
    [SeverityNumber.FATAL, 'FATAL'],
  ];
  for (let j = 0; seq < totalLogs; j++) {
    const [number, text] = levels[j % levels.length];
    emit(number, text, `billing sweep ${j} seq-${String(seq).padStart(4, '0')}`, { 'job.name': 'billing' });
  }
  depth.add(7, { ...run, queue: 'billing' });
  depth.add(-3, { ...run, queue: 'billing' });

  await sdk.shutdown().catch((error) => failures.push(`shutdown: ${error.message}`));

  const errors = Math.floor(traces / 10);
  const manifest = {
    spans: spansSeen.items.map(spanRecord),
    logs: logsSeen.items.map(logRecord),
    metrics: [
      metric('e2e.node.orders', 'sum', '{order}', 'Orders placed', [
        { attributes: { ...run, 'e2e.outcome': 'ok' }, value: traces - errors },
        { attributes: { ...run, 'e2e.outcome': 'error' }, value: errors },
      ]),
      metric('e2e.node.queue.depth', 'sum', '{job}', 'Jobs waiting', [
        { attributes: { ...run, queue: 'billing' }, value: 4 },
      ]),
      metric('e2e.node.order.duration', 'histogram', 'ms', 'Order latency', [
        { attributes: { ...run, 'http.route': '/orders' }, ...histogram(latencies) },
      ]),
      metric('e2e.node.temperature', 'gauge', 'Cel', 'Room temperature', [
        { attributes: { ...run, sensor: 'c' }, value: 19.75 },
      ]),
    ],
  };
  fs.writeFileSync(args.manifest, JSON.stringify(manifest));
  if (failures.length) {
    console.error(`OTLP exports failed: ${[...new Set(failures)].join('; ')}`);
    process.exitCode = 1;
  }
}

// Nanoseconds as a decimal string: they do not fit a JavaScript number exactly.
const nanos = (hrTime) => (BigInt(hrTime[0]) * 1_000_000_000n + BigInt(hrTime[1])).toString();

function spanRecord(span) {
  const context = span.spanContext();
  return {
    trace_id: context.traceId,
    span_id: context.spanId,
    parent_span_id: span.parentSpanContext?.spanId ?? null,
    name: span.name,
    kind: KINDS[span.kind],
    service_name: span.resource.attributes['service.name'],
    start_time_unix_nano: nanos(span.startTime),
    end_time_unix_nano: nanos(span.endTime),
    status_code: STATUS[span.status.code],
    status_message: span.status.message ?? '',
    attributes: span.attributes,
    resource_attributes: span.resource.attributes,
    scope_name: span.instrumentationScope.name,
    scope_version: span.instrumentationScope.version,
    events: span.events.map((e) => ({ name: e.name, time_unix_nano: nanos(e.time), attributes: e.attributes ?? {} })),
    links: span.links.map((l) => ({
      trace_id: l.context.traceId,
      span_id: l.context.spanId,
      attributes: l.attributes ?? {},
    })),
  };
}

function logRecord(record) {
  return {
    time_unix_nano: nanos(record.hrTime),
    severity_number: record.severityNumber,
    severity_text: record.severityText,
    body: record.body,
    trace_id: record.spanContext?.traceId ?? null,
    span_id: record.spanContext?.spanId ?? null,
    attributes: record.attributes,
    resource_attributes: record.resource.attributes,
    service_name: record.resource.attributes['service.name'],
    scope_name: record.instrumentationScope.name,
  };
}

function metric(name, kind, unit, description, series) {
  return { name, kind, unit, description, series };
}

function histogram(values) {
  const counts = new Array(BUCKETS.length + 1).fill(0);
  for (const v of values) counts[BUCKETS.filter((bound) => v > bound).length] += 1; // (previous, bound]
  return {
    count: values.length,
    sum: values.reduce((a, b) => a + b, 0),
    min: Math.min(...values),
    max: Math.max(...values),
    explicit_bounds: BUCKETS,
    bucket_counts: counts,
  };
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
