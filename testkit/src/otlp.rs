//! Builders for valid OTLP requests with recognisable content.

use ophion_core::otlp::collector::logs::v1::ExportLogsServiceRequest;
use ophion_core::otlp::collector::metrics::v1::ExportMetricsServiceRequest;
use ophion_core::otlp::collector::trace::v1::ExportTraceServiceRequest;
use ophion_core::otlp::common::v1::{AnyValue, InstrumentationScope, KeyValue, any_value};
use ophion_core::otlp::logs::v1::{LogRecord, ResourceLogs, ScopeLogs};
use ophion_core::otlp::metrics::v1::{
    AggregationTemporality, ExponentialHistogram, ExponentialHistogramDataPoint, Gauge, Histogram,
    HistogramDataPoint, Metric, NumberDataPoint, ResourceMetrics, ScopeMetrics, Sum, Summary,
    SummaryDataPoint, exponential_histogram_data_point::Buckets, metric, number_data_point,
    summary_data_point::ValueAtQuantile,
};
use ophion_core::otlp::resource::v1::Resource;
use ophion_core::otlp::trace::v1::{ResourceSpans, ScopeSpans, Span, Status, span, status};
use ophion_core::time::now_unix_nanos;

/// An attribute: `kv("http.route", "/cart")`, `kv("retries", 3_i64)`, or any `AnyValue`.
pub fn kv(key: &str, value: impl IntoAnyValue) -> KeyValue {
    KeyValue { key: key.into(), value: Some(value.into_any_value()), ..Default::default() }
}

/// What an attribute value can be written as in a test.
pub trait IntoAnyValue {
    fn into_any_value(self) -> AnyValue;
}

impl IntoAnyValue for AnyValue {
    fn into_any_value(self) -> AnyValue {
        self
    }
}

impl IntoAnyValue for any_value::Value {
    fn into_any_value(self) -> AnyValue {
        AnyValue { value: Some(self) }
    }
}

impl IntoAnyValue for &str {
    fn into_any_value(self) -> AnyValue {
        any_value::Value::StringValue(self.into()).into_any_value()
    }
}

impl IntoAnyValue for String {
    fn into_any_value(self) -> AnyValue {
        any_value::Value::StringValue(self).into_any_value()
    }
}

impl IntoAnyValue for i64 {
    fn into_any_value(self) -> AnyValue {
        any_value::Value::IntValue(self).into_any_value()
    }
}

impl IntoAnyValue for f64 {
    fn into_any_value(self) -> AnyValue {
        any_value::Value::DoubleValue(self).into_any_value()
    }
}

impl IntoAnyValue for bool {
    fn into_any_value(self) -> AnyValue {
        any_value::Value::BoolValue(self).into_any_value()
    }
}

pub fn resource(service: &str) -> Resource {
    Resource { attributes: vec![kv("service.name", service)], ..Default::default() }
}

/// A trace id unique to `(seed, i)`.
pub fn trace_id(seed: u64, i: u64) -> Vec<u8> {
    let mut id = [0u8; 16];
    id[..8].copy_from_slice(&seed.to_be_bytes());
    id[8..].copy_from_slice(&(i + 1).to_be_bytes());
    id.to_vec()
}

pub fn span_id(seed: u64, i: u64) -> Vec<u8> {
    ((seed << 32) ^ (i + 1)).to_be_bytes().to_vec()
}

/// `n` valid server spans for `service`, each in its own trace, tagged `test.seed`.
pub fn spans(service: &str, seed: u64, n: u64) -> ExportTraceServiceRequest {
    let now = now_unix_nanos();
    let spans = (0..n)
        .map(|i| Span {
            trace_id: trace_id(seed, i),
            span_id: span_id(seed, i),
            name: format!("GET /items/{}", i % 5),
            kind: span::SpanKind::Server as i32,
            start_time_unix_nano: now - 1_000_000 * (n - i),
            end_time_unix_nano: now - 1_000_000 * (n - i) + 500_000,
            attributes: vec![
                kv("test.seed", seed as i64),
                kv("http.request.method", "GET"),
                kv("http.response.status_code", 200_i64),
            ],
            status: Some(Status { code: status::StatusCode::Ok as i32, message: String::new() }),
            ..Default::default()
        })
        .collect();
    ExportTraceServiceRequest {
        resource_spans: vec![ResourceSpans {
            resource: Some(resource(service)),
            scope_spans: vec![ScopeSpans {
                scope: Some(InstrumentationScope { name: "testkit".into(), ..Default::default() }),
                spans,
                ..Default::default()
            }],
            ..Default::default()
        }],
    }
}

pub fn logs(service: &str, seed: u64, n: u64) -> ExportLogsServiceRequest {
    let now = now_unix_nanos();
    let records = (0..n)
        .map(|i| LogRecord {
            time_unix_nano: now - 1_000_000 * (n - i),
            observed_time_unix_nano: now,
            severity_number: 9,
            severity_text: "INFO".into(),
            body: Some(AnyValue {
                value: Some(any_value::Value::StringValue(format!("log line {i} seed {seed}"))),
            }),
            attributes: vec![kv("test.seed", seed as i64)],
            ..Default::default()
        })
        .collect();
    ExportLogsServiceRequest {
        resource_logs: vec![ResourceLogs {
            resource: Some(resource(service)),
            scope_logs: vec![ScopeLogs { log_records: records, ..Default::default() }],
            ..Default::default()
        }],
    }
}

/// One point of each of the five metric types: 5 data points.
pub fn metrics(service: &str, seed: u64) -> ExportMetricsServiceRequest {
    let now = now_unix_nanos();
    let attrs = vec![kv("test.seed", seed as i64)];
    let number = |v: f64| NumberDataPoint {
        attributes: attrs.clone(),
        start_time_unix_nano: now - 60_000_000_000,
        time_unix_nano: now,
        value: Some(number_data_point::Value::AsDouble(v)),
        ..Default::default()
    };
    let metric = |name: &str, data| Metric {
        name: name.into(),
        unit: "1".into(),
        data: Some(data),
        ..Default::default()
    };
    let metrics = vec![
        metric("test.gauge", metric::Data::Gauge(Gauge { data_points: vec![number(42.5)] })),
        metric(
            "test.counter",
            metric::Data::Sum(Sum {
                data_points: vec![number(7.0)],
                aggregation_temporality: AggregationTemporality::Cumulative as i32,
                is_monotonic: true,
            }),
        ),
        metric(
            "test.histogram",
            metric::Data::Histogram(Histogram {
                data_points: vec![HistogramDataPoint {
                    attributes: attrs.clone(),
                    time_unix_nano: now,
                    count: 6,
                    sum: Some(21.0),
                    bucket_counts: vec![1, 2, 3],
                    explicit_bounds: vec![1.0, 5.0],
                    min: Some(0.5),
                    max: Some(9.0),
                    ..Default::default()
                }],
                aggregation_temporality: AggregationTemporality::Delta as i32,
            }),
        ),
        metric(
            "test.exp_histogram",
            metric::Data::ExponentialHistogram(ExponentialHistogram {
                data_points: vec![ExponentialHistogramDataPoint {
                    attributes: attrs.clone(),
                    time_unix_nano: now,
                    count: 4,
                    sum: Some(10.0),
                    scale: 2,
                    zero_count: 1,
                    positive: Some(Buckets { offset: 3, bucket_counts: vec![1, 2] }),
                    negative: Some(Buckets { offset: 0, bucket_counts: vec![] }),
                    ..Default::default()
                }],
                aggregation_temporality: AggregationTemporality::Delta as i32,
            }),
        ),
        metric(
            "test.summary",
            metric::Data::Summary(Summary {
                data_points: vec![SummaryDataPoint {
                    attributes: attrs,
                    time_unix_nano: now,
                    count: 10,
                    sum: 55.0,
                    quantile_values: vec![
                        ValueAtQuantile { quantile: 0.5, value: 5.0 },
                        ValueAtQuantile { quantile: 0.99, value: 9.9 },
                    ],
                    ..Default::default()
                }],
            }),
        ),
    ];
    ExportMetricsServiceRequest {
        resource_metrics: vec![ResourceMetrics {
            resource: Some(resource(service)),
            scope_metrics: vec![ScopeMetrics { metrics, ..Default::default() }],
            ..Default::default()
        }],
    }
}
