//! The decoded-size bound for OTLP requests: the shape of each export request (what nests,
//! what repeats, how large each decoded struct is), for protobuf and OTLP/JSON alike.

use ophion_core::decoded_size::{self, Field, Kind, Shape};
use ophion_core::otlp::collector::logs::v1::ExportLogsServiceRequest;
use ophion_core::otlp::collector::metrics::v1::ExportMetricsServiceRequest;
use ophion_core::otlp::collector::trace::v1::ExportTraceServiceRequest;
use ophion_core::otlp::common::v1::{
    AnyValue, ArrayValue, EntityRef, InstrumentationScope, KeyValue, KeyValueList,
};
use ophion_core::otlp::logs::v1::{LogRecord, ResourceLogs, ScopeLogs};
use ophion_core::otlp::metrics::v1::exponential_histogram_data_point::Buckets;
use ophion_core::otlp::metrics::v1::summary_data_point::ValueAtQuantile;
use ophion_core::otlp::metrics::v1::{
    Exemplar, ExponentialHistogram, ExponentialHistogramDataPoint, Gauge, Histogram,
    HistogramDataPoint, Metric, NumberDataPoint, ResourceMetrics, ScopeMetrics, Sum, Summary,
    SummaryDataPoint,
};
use ophion_core::otlp::resource::v1::Resource;
use ophion_core::otlp::trace::v1::span::{Event, Link};
use ophion_core::otlp::trace::v1::{ResourceSpans, ScopeSpans, Span};
use ophion_core::{Result, Signal};

use super::Format;

/// Refused (`TooLarge`, 413 / `RESOURCE_EXHAUSTED`) when `body`, a decompressed request,
/// would take out of proportion more memory decoded than it does as bytes.
pub fn check(signal: Signal, format: Format, body: &[u8]) -> Result<()> {
    decoded_size::check(estimate(signal, format, body)?, body.len())
}

/// Bytes `body` would take once decoded; malformed JSON is refused as the decoder would.
fn estimate(signal: Signal, format: Format, body: &[u8]) -> Result<u64> {
    let shape = match signal {
        Signal::Traces => &TRACES,
        Signal::Metrics => &METRICS,
        Signal::Logs => &LOGS,
    };
    Ok(match format {
        Format::Protobuf => decoded_size::protobuf(body, shape),
        Format::Json => decoded_size::json(body, shape).map_err(super::malformed_json)?,
    })
}

/// A [`Shape`]: the decoded type (`buffered` when serde collects its JSON objects whole before
/// decoding them, `#[serde(flatten)]`), then its fields that nest or repeat.
macro_rules! shape {
    (buffered $ty:ty { $($number:literal $json:literal => $kind:expr),* $(,)? }) => {
        Shape { size: size_of::<$ty>(), buffered: true, fields: &[$(
            Field { number: $number, json: $json, kind: $kind }
        ),*] }
    };
    ($ty:ty { $($number:literal $json:literal => $kind:expr),* $(,)? }) => {
        Shape { size: size_of::<$ty>(), buffered: false, fields: &[$(
            Field { number: $number, json: $json, kind: $kind }
        ),*] }
    };
}

const FIXED64: Kind = Kind::Numbers { size: 8, fixed: 8 };

static KEY_VALUE: Shape = shape!(KeyValue { 2 "value" => Kind::Message(&ANY_VALUE) });
static ANY_VALUE: Shape = shape!(buffered AnyValue {
    5 "arrayValue" => Kind::Message(&ARRAY_VALUE),
    6 "kvlistValue" => Kind::Message(&KEY_VALUE_LIST),
});
static ARRAY_VALUE: Shape = shape!(ArrayValue { 1 "values" => Kind::Repeated(&ANY_VALUE) });
static KEY_VALUE_LIST: Shape = shape!(KeyValueList { 1 "values" => Kind::Repeated(&KEY_VALUE) });
static SCOPE: Shape = shape!(InstrumentationScope { 3 "attributes" => Kind::Repeated(&KEY_VALUE) });
static ENTITY_REF: Shape = shape!(EntityRef {
    3 "idKeys" => Kind::Strings,
    4 "descriptionKeys" => Kind::Strings,
});
static RESOURCE: Shape = shape!(Resource {
    1 "attributes" => Kind::Repeated(&KEY_VALUE),
    3 "entityRefs" => Kind::Repeated(&ENTITY_REF),
});

static EVENT: Shape = shape!(Event { 3 "attributes" => Kind::Repeated(&KEY_VALUE) });
static LINK: Shape = shape!(Link { 4 "attributes" => Kind::Repeated(&KEY_VALUE) });
static SPAN: Shape = shape!(Span {
    9 "attributes" => Kind::Repeated(&KEY_VALUE),
    11 "events" => Kind::Repeated(&EVENT),
    13 "links" => Kind::Repeated(&LINK),
});
static SCOPE_SPANS: Shape = shape!(ScopeSpans {
    1 "scope" => Kind::Message(&SCOPE),
    2 "spans" => Kind::Repeated(&SPAN),
});
static RESOURCE_SPANS: Shape = shape!(ResourceSpans {
    1 "resource" => Kind::Message(&RESOURCE),
    2 "scopeSpans" => Kind::Repeated(&SCOPE_SPANS),
});
static TRACES: Shape = shape!(ExportTraceServiceRequest {
    1 "resourceSpans" => Kind::Repeated(&RESOURCE_SPANS),
});

static LOG_RECORD: Shape = shape!(LogRecord {
    5 "body" => Kind::Message(&ANY_VALUE),
    6 "attributes" => Kind::Repeated(&KEY_VALUE),
});
static SCOPE_LOGS: Shape = shape!(ScopeLogs {
    1 "scope" => Kind::Message(&SCOPE),
    2 "logRecords" => Kind::Repeated(&LOG_RECORD),
});
static RESOURCE_LOGS: Shape = shape!(ResourceLogs {
    1 "resource" => Kind::Message(&RESOURCE),
    2 "scopeLogs" => Kind::Repeated(&SCOPE_LOGS),
});
static LOGS: Shape = shape!(ExportLogsServiceRequest {
    1 "resourceLogs" => Kind::Repeated(&RESOURCE_LOGS),
});

static EXEMPLAR: Shape =
    shape!(buffered Exemplar { 7 "filteredAttributes" => Kind::Repeated(&KEY_VALUE) });
static NUMBER_POINT: Shape = shape!(buffered NumberDataPoint {
    7 "attributes" => Kind::Repeated(&KEY_VALUE),
    5 "exemplars" => Kind::Repeated(&EXEMPLAR),
});
static HISTOGRAM_POINT: Shape = shape!(HistogramDataPoint {
    9 "attributes" => Kind::Repeated(&KEY_VALUE),
    6 "bucketCounts" => FIXED64,
    7 "explicitBounds" => FIXED64,
    8 "exemplars" => Kind::Repeated(&EXEMPLAR),
});
static BUCKETS: Shape = shape!(Buckets { 2 "bucketCounts" => Kind::Numbers { size: 8, fixed: 0 } });
static EXPONENTIAL_POINT: Shape = shape!(ExponentialHistogramDataPoint {
    1 "attributes" => Kind::Repeated(&KEY_VALUE),
    8 "positive" => Kind::Message(&BUCKETS),
    9 "negative" => Kind::Message(&BUCKETS),
    11 "exemplars" => Kind::Repeated(&EXEMPLAR),
});
static QUANTILE: Shape = shape!(ValueAtQuantile {});
static SUMMARY_POINT: Shape = shape!(SummaryDataPoint {
    7 "attributes" => Kind::Repeated(&KEY_VALUE),
    6 "quantileValues" => Kind::Repeated(&QUANTILE),
});
static GAUGE: Shape = shape!(Gauge { 1 "dataPoints" => Kind::Repeated(&NUMBER_POINT) });
static SUM: Shape = shape!(Sum { 1 "dataPoints" => Kind::Repeated(&NUMBER_POINT) });
static HISTOGRAM: Shape = shape!(Histogram { 1 "dataPoints" => Kind::Repeated(&HISTOGRAM_POINT) });
static EXPONENTIAL_HISTOGRAM: Shape = shape!(ExponentialHistogram {
    1 "dataPoints" => Kind::Repeated(&EXPONENTIAL_POINT),
});
static SUMMARY: Shape = shape!(Summary { 1 "dataPoints" => Kind::Repeated(&SUMMARY_POINT) });
static METRIC: Shape = shape!(buffered Metric {
    5 "gauge" => Kind::Message(&GAUGE),
    7 "sum" => Kind::Message(&SUM),
    9 "histogram" => Kind::Message(&HISTOGRAM),
    10 "exponentialHistogram" => Kind::Message(&EXPONENTIAL_HISTOGRAM),
    11 "summary" => Kind::Message(&SUMMARY),
    12 "metadata" => Kind::Repeated(&KEY_VALUE),
});
static SCOPE_METRICS: Shape = shape!(ScopeMetrics {
    1 "scope" => Kind::Message(&SCOPE),
    2 "metrics" => Kind::Repeated(&METRIC),
});
static RESOURCE_METRICS: Shape = shape!(ResourceMetrics {
    1 "resource" => Kind::Message(&RESOURCE),
    2 "scopeMetrics" => Kind::Repeated(&SCOPE_METRICS),
});
static METRICS: Shape = shape!(ExportMetricsServiceRequest {
    1 "resourceMetrics" => Kind::Repeated(&RESOURCE_METRICS),
});

#[cfg(test)]
mod tests {
    use ophion_core::ErrorKind;
    use ophion_core::decoded_size::{MAX_FACTOR, MAX_FIELDS};
    use ophion_testkit::otlp;
    use prost::Message;

    use super::*;

    /// `prefix` + `n` times `{}` separated by commas + `suffix`.
    fn empty_objects(prefix: &str, n: usize, suffix: &str) -> Vec<u8> {
        format!("{prefix}{}{{}}{suffix}", "{},".repeat(n - 1)).into_bytes()
    }

    #[test]
    fn real_telemetry_is_well_within_the_limit() {
        let traces = otlp::spans("checkout", 1, 1000);
        let logs = otlp::logs("checkout", 1, 1000);
        let metrics = otlp::metrics("checkout", 1);
        let requests = [
            (Signal::Traces, traces.encode_to_vec(), serde_json::to_vec(&traces).unwrap()),
            (Signal::Logs, logs.encode_to_vec(), serde_json::to_vec(&logs).unwrap()),
            (Signal::Metrics, metrics.encode_to_vec(), serde_json::to_vec(&metrics).unwrap()),
        ];
        for (signal, protobuf, json) in requests {
            for (format, body) in [(Format::Protobuf, protobuf), (Format::Json, json)] {
                let factor = estimate(signal, format, &body).unwrap() as f64 / body.len() as f64;
                println!("{signal:?} {format:?}: {factor:.1} times the body");
                assert!(factor < MAX_FACTOR as f64 / 2.0, "{signal:?} {format:?}: {factor:.1}");
            }
        }
    }

    #[test]
    fn empty_elements_are_refused_at_any_depth_in_both_formats() {
        let bombs = [
            (Signal::Traces, empty_objects(r#"{"resourceSpans":["#, 2_000_000, "]}")),
            (
                Signal::Logs,
                empty_objects(
                    r#"{"resourceLogs":[{"scopeLogs":[{"logRecords":["#,
                    2_000_000,
                    "]}]}]}",
                ),
            ),
            (
                Signal::Metrics,
                empty_objects(
                    r#"{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"gauge":{"dataPoints":["#,
                    2_000_000,
                    "]}}]}]}]}",
                ),
            ),
        ];
        for (signal, json) in bombs {
            let err = super::super::decode(signal, Format::Json, &json).unwrap_err();
            assert_eq!(err.kind, ErrorKind::TooLarge, "{signal:?}: {err}");
            assert!(err.message.contains("once decoded"), "{err}");
        }
        // Protobuf: empty resources, and one resource holding empty scopes.
        let resources = [0x0a, 0x00].repeat(3_000_000);
        let mut scopes = vec![0x0a, 0x80, 0x9b, 0xee, 0x02]; // field 1, length 6,000,000
        scopes.extend([0x12, 0x00].repeat(3_000_000));
        for (signal, body) in [(Signal::Traces, resources), (Signal::Logs, scopes)] {
            let err = check(signal, Format::Protobuf, &body).unwrap_err();
            assert_eq!(err.kind, ErrorKind::TooLarge, "{signal:?}: {err}");
        }
    }

    #[test]
    fn malformed_json_keeps_the_decoders_answer() {
        let err =
            super::super::decode(Signal::Logs, Format::Json, br#"{"resourceLogs": ["#).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidInput);
        assert!(err.message.starts_with("malformed OTLP/JSON: "), "{err}");
    }

    #[test]
    fn every_shape_fits_the_walk() {
        for shape in [&TRACES, &LOGS, &METRICS, &SPAN, &METRIC, &HISTOGRAM_POINT, &ANY_VALUE] {
            assert!(shape.fields.len() <= MAX_FIELDS);
        }
    }
}
