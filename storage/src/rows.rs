//! What every store makes of an OTLP item, whatever its engine: the service name, the hot
//! attributes with typed columns, span events and links as JSON, a metric point's values and
//! series id. The embedded store writes these into Arrow builders; the ClickHouse and
//! PostgreSQL stores flatten requests into the owned rows of `rows/owned.rs`.

use std::collections::{BTreeMap, HashMap};
use std::time::{SystemTime, UNIX_EPOCH};

use ophion_core::otlp::common::v1::{AnyValue, InstrumentationScope, KeyValue, any_value};
use ophion_core::otlp::logs::v1::LogRecord;
use ophion_core::otlp::metrics::v1::{
    ExponentialHistogramDataPoint, HistogramDataPoint, Metric, NumberDataPoint, SummaryDataPoint,
    metric::Data, number_data_point,
};
use ophion_core::otlp::resource::v1::Resource;
use ophion_core::otlp::trace::v1::Span;
use ophion_core::query::{Attributes, SpanEvent, SpanLink};
use ophion_core::{Error, Result};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};

use crate::encoding::{JsonAny, JsonOpt, StableHasher, any_value_to_text};

/// The service name OpenTelemetry SDKs report when none is configured.
pub(crate) const UNKNOWN_SERVICE: &str = "unknown_service";

/// A span event as read back from the `events` JSON column (`EventJson` writes it).
#[derive(Debug, Deserialize)]
pub(crate) struct StoredEvent {
    pub time_unix_nano: u64,
    pub name: String,
    pub attributes: Attributes,
}

/// A span link as read back from the `links` JSON column (ids already in hex; `LinkJson` writes it).
#[derive(Debug, Deserialize)]
pub(crate) struct StoredLink {
    pub trace_id: String,
    pub span_id: String,
    pub trace_state: String,
    pub attributes: Attributes,
}

impl From<StoredEvent> for SpanEvent {
    fn from(e: StoredEvent) -> Self {
        Self { time_unix_nano: e.time_unix_nano, name: e.name, attributes: e.attributes }
    }
}

impl From<StoredLink> for SpanLink {
    fn from(l: StoredLink) -> Self {
        Self {
            trace_id: l.trace_id,
            span_id: l.span_id,
            trace_state: l.trace_state,
            attributes: l.attributes,
        }
    }
}

/// Reusable scratch space for JSON text.
#[derive(Default)]
pub(crate) struct Scratch(Vec<u8>);

impl Scratch {
    pub(crate) fn json(&mut self, value: &impl Serialize) -> Result<&str> {
        self.0.clear();
        serde_json::to_writer(&mut self.0, value)
            .map_err(|e| Error::internal(format!("encoding JSON: {e}")))?;
        std::str::from_utf8(&self.0).map_err(|e| Error::internal(format!("encoding JSON: {e}")))
    }

    /// Plain text of a value: strings as themselves, anything else as JSON.
    pub(crate) fn text<'a>(&'a mut self, value: &'a AnyValue) -> Result<&'a str> {
        match &value.value {
            Some(any_value::Value::StringValue(s)) => Ok(s),
            _ => self.json(&JsonAny(value)),
        }
    }
}

/// Indexes of the attributes that survive de-duplication: for a repeated key (invalid OTLP,
/// but seen in the wild) the last occurrence wins, since DuckDB rejects maps with duplicates.
pub(crate) fn unique_last(attributes: &[KeyValue]) -> impl Iterator<Item = &KeyValue> {
    // Quadratic scan for the common small list, a map for large ones.
    let last: Option<HashMap<&str, usize>> = (attributes.len() > 16)
        .then(|| attributes.iter().enumerate().map(|(i, kv)| (kv.key.as_str(), i)).collect());
    attributes.iter().enumerate().filter_map(move |(i, kv)| {
        let shadowed = match &last {
            Some(last) => last.get(kv.key.as_str()) != Some(&i),
            None => attributes[i + 1..].iter().any(|later| later.key == kv.key),
        };
        (!shadowed).then_some(kv)
    })
}

/// Attributes as a JSON object (the `events` and `links` columns).
struct JsonAttributes<'a>(&'a [KeyValue]);

impl Serialize for JsonAttributes<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        for kv in unique_last(self.0) {
            map.serialize_entry(&kv.key, &JsonOpt(kv.value.as_ref()))?;
        }
        map.end()
    }
}

/// Field order matches `StoredEvent`, which reads this column back.
#[derive(Serialize)]
struct EventJson<'a> {
    time_unix_nano: u64,
    name: &'a str,
    attributes: JsonAttributes<'a>,
    dropped_attributes_count: u32,
}

/// Field order matches `StoredLink`, which reads this column back.
#[derive(Serialize)]
struct LinkJson<'a> {
    trace_id: String,
    span_id: String,
    trace_state: &'a str,
    attributes: JsonAttributes<'a>,
    dropped_attributes_count: u32,
    flags: u32,
}

pub(crate) fn events_json<'a>(span: &Span, scratch: &'a mut Scratch) -> Result<&'a str> {
    if span.events.is_empty() {
        return Ok("[]");
    }
    let events: Vec<EventJson<'_>> = span
        .events
        .iter()
        .map(|e| EventJson {
            time_unix_nano: e.time_unix_nano,
            name: &e.name,
            attributes: JsonAttributes(&e.attributes),
            dropped_attributes_count: e.dropped_attributes_count,
        })
        .collect();
    scratch.json(&events)
}

pub(crate) fn links_json<'a>(span: &Span, scratch: &'a mut Scratch) -> Result<&'a str> {
    if span.links.is_empty() {
        return Ok("[]");
    }
    let links: Vec<LinkJson<'_>> = span
        .links
        .iter()
        .map(|l| LinkJson {
            trace_id: hex::encode(&l.trace_id),
            span_id: hex::encode(&l.span_id),
            trace_state: &l.trace_state,
            attributes: JsonAttributes(&l.attributes),
            dropped_attributes_count: l.dropped_attributes_count,
            flags: l.flags,
        })
        .collect();
    scratch.json(&links)
}

/// Hot attributes with typed columns: the column, its keys in order of preference (current
/// semantic-convention name first, older names after), and whether the resource's value
/// comes before the span's.
#[derive(Debug)]
pub(crate) struct HotKey {
    pub column: &'static str,
    keys: &'static [&'static str],
    resource_first: bool,
}

pub(crate) const fn hot(
    column: &'static str,
    keys: &'static [&'static str],
    resource_first: bool,
) -> HotKey {
    HotKey { column, keys, resource_first }
}

/// In `spans` column order, from `http_method` to `deployment_environment`, except the
/// status code which is numeric and handled on its own.
pub(crate) const HOT_TEXT_BEFORE_STATUS: [HotKey; 2] = [
    hot("http_method", &["http.request.method", "http.method"], false),
    hot("http_route", &["http.route"], false),
];
pub(crate) const HOT_STATUS: HotKey =
    hot("http_status_code", &["http.response.status_code", "http.status_code"], false);
pub(crate) const HOT_TEXT_AFTER_STATUS: [HotKey; 12] = [
    hot("url_full", &["url.full", "http.url"], false),
    hot("server_address", &["server.address"], false),
    hot("db_system", &["db.system.name", "db.system"], false),
    hot("db_name", &["db.namespace", "db.name"], false),
    hot("db_operation", &["db.operation.name", "db.operation"], false),
    hot("rpc_system", &["rpc.system"], false),
    hot("rpc_service", &["rpc.service"], false),
    hot("rpc_method", &["rpc.method"], false),
    hot("k8s_namespace", &["k8s.namespace.name"], true),
    hot("k8s_pod", &["k8s.pod.name"], true),
    hot("k8s_deployment", &["k8s.deployment.name"], true),
    hot("deployment_environment", &["deployment.environment.name", "deployment.environment"], true),
];

/// The typed `spans` column an attribute key is stored in, if it is a hot one.
pub(crate) fn hot_column(key: &str) -> Option<&'static HotKey> {
    HOT_TEXT_BEFORE_STATUS
        .iter()
        .chain([&HOT_STATUS])
        .chain(&HOT_TEXT_AFTER_STATUS)
        .find(|hot| hot.keys.contains(&key))
}

/// Whether the hot column is the numeric status code rather than text.
pub(crate) fn is_status(hot: &HotKey) -> bool {
    hot.column == HOT_STATUS.column
}

pub(crate) fn find<'a>(attributes: &'a [KeyValue], key: &str) -> Option<&'a AnyValue> {
    // The last occurrence wins, as in `encode_attributes`.
    attributes.iter().rev().find(|kv| kv.key == key).and_then(|kv| kv.value.as_ref())
}

pub(crate) fn hot_value<'a>(
    hot: &HotKey,
    span: &'a [KeyValue],
    resource: &'a [KeyValue],
) -> Option<&'a AnyValue> {
    let (first, second) = if hot.resource_first { (resource, span) } else { (span, resource) };
    hot.keys
        .iter()
        .find_map(|key| find(first, key))
        .or_else(|| hot.keys.iter().find_map(|key| find(second, key)))
}

pub(crate) fn hot_status(span: &[KeyValue], resource: &[KeyValue]) -> Option<i64> {
    match hot_value(&HOT_STATUS, span, resource)?.value.as_ref()? {
        any_value::Value::IntValue(i) => Some(*i),
        any_value::Value::StringValue(s) => s.trim().parse().ok(),
        any_value::Value::DoubleValue(d) if d.fract() == 0.0 && d.is_finite() => Some(*d as i64),
        _ => None,
    }
}

pub(crate) fn unknown_service() -> AnyValue {
    AnyValue { value: Some(any_value::Value::StringValue(UNKNOWN_SERVICE.to_owned())) }
}

/// `service.name` from the resource (where OpenTelemetry puts it), else from the item's own
/// attributes, else `unknown`.
pub(crate) fn service_value<'a>(
    resource: &'a [KeyValue],
    own: &'a [KeyValue],
    unknown: &'a AnyValue,
) -> &'a AnyValue {
    let empty =
        |v: &&AnyValue| matches!(&v.value, Some(any_value::Value::StringValue(s)) if s.is_empty());
    find(resource, "service.name")
        .or_else(|| find(own, "service.name"))
        .filter(|v| !empty(v))
        .unwrap_or(unknown)
}

pub(crate) fn service_name(resource: &[KeyValue], own: &[KeyValue]) -> String {
    any_value_to_text(Some(service_value(resource, own, &unknown_service())))
}

pub(crate) fn resource_attrs(resource: Option<&Resource>) -> &[KeyValue] {
    resource.map(|r| r.attributes.as_slice()).unwrap_or_default()
}

pub(crate) fn scope_parts(scope: Option<&InstrumentationScope>) -> (&str, &str) {
    scope.map_or(("", ""), |s| (s.name.as_str(), s.version.as_str()))
}

pub(crate) fn now_unix_nanos() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64)
}

/// The per-type columns of one point, `value` through `quantile_values`.
#[derive(Default)]
pub(crate) struct PointValues {
    pub value: Option<f64>,
    pub is_monotonic: Option<bool>,
    pub temporality: Option<&'static str>,
    pub count: Option<u64>,
    pub sum: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub explicit_bounds: Option<Vec<f64>>,
    pub bucket_counts: Option<Vec<u64>>,
    pub scale: Option<i32>,
    pub zero_count: Option<u64>,
    pub zero_threshold: Option<f64>,
    pub positive_offset: Option<i32>,
    pub positive_bucket_counts: Option<Vec<u64>>,
    pub negative_offset: Option<i32>,
    pub negative_bucket_counts: Option<Vec<u64>>,
    pub quantiles: Option<Vec<f64>>,
    pub quantile_values: Option<Vec<f64>>,
}

pub(crate) fn temporality_name(value: i32) -> Option<&'static str> {
    match value {
        1 => Some("delta"),
        2 => Some("cumulative"),
        _ => None,
    }
}

/// OTLP's `DataPointFlags.NO_RECORDED_VALUE`: the point marks a gap, its value means nothing.
pub(crate) const NO_RECORDED_VALUE: u32 = 1;

pub(crate) fn number_value(point: &NumberDataPoint) -> Option<f64> {
    if point.flags & NO_RECORDED_VALUE != 0 {
        return None;
    }
    match point.value? {
        number_data_point::Value::AsDouble(d) => Some(d),
        number_data_point::Value::AsInt(i) => Some(i as f64),
    }
}

pub(crate) fn histogram_values(point: &HistogramDataPoint, temporality: i32) -> PointValues {
    PointValues {
        temporality: temporality_name(temporality),
        count: Some(point.count),
        sum: point.sum,
        min: point.min,
        max: point.max,
        explicit_bounds: Some(point.explicit_bounds.clone()),
        bucket_counts: Some(point.bucket_counts.clone()),
        ..PointValues::default()
    }
}

pub(crate) fn exponential_values(
    point: &ExponentialHistogramDataPoint,
    temporality: i32,
) -> PointValues {
    let (positive_offset, positive_counts) =
        point.positive.as_ref().map_or((0, Vec::new()), |b| (b.offset, b.bucket_counts.clone()));
    let (negative_offset, negative_counts) =
        point.negative.as_ref().map_or((0, Vec::new()), |b| (b.offset, b.bucket_counts.clone()));
    PointValues {
        temporality: temporality_name(temporality),
        count: Some(point.count),
        sum: point.sum,
        min: point.min,
        max: point.max,
        scale: Some(point.scale),
        zero_count: Some(point.zero_count),
        zero_threshold: Some(point.zero_threshold),
        positive_offset: Some(positive_offset),
        positive_bucket_counts: Some(positive_counts),
        negative_offset: Some(negative_offset),
        negative_bucket_counts: Some(negative_counts),
        ..PointValues::default()
    }
}

pub(crate) fn summary_values(point: &SummaryDataPoint) -> PointValues {
    PointValues {
        count: Some(point.count),
        sum: Some(point.sum),
        quantiles: Some(point.quantile_values.iter().map(|q| q.quantile).collect()),
        quantile_values: Some(point.quantile_values.iter().map(|q| q.value).collect()),
        ..PointValues::default()
    }
}

pub(crate) fn hash_map_into(hasher: &mut StableHasher, map: &BTreeMap<String, String>) {
    hasher.write(&(map.len() as u64).to_le_bytes());
    for (k, v) in map {
        hasher.write(k.as_bytes());
        hasher.write(v.as_bytes());
    }
}

/// A log record's time: OTLP says to use the observed time when the event time is unknown.
pub(crate) fn log_time(log: &LogRecord, now: u64) -> u64 {
    [log.time_unix_nano, log.observed_time_unix_nano, now]
        .into_iter()
        .find(|&t| t != 0)
        .unwrap_or(now)
}

/// A metric's series: its resource, name, type and attribute set. Stable across restarts.
pub(crate) fn series_id(
    resource_hash: StableHasher,
    name: &str,
    kind: &str,
    attributes: &BTreeMap<String, String>,
) -> u64 {
    let mut series = resource_hash;
    series.write(name.as_bytes());
    series.write(kind.as_bytes());
    hash_map_into(&mut series, attributes);
    series.finish()
}

/// One data point of any of the five OTLP types, with the columns its type fills.
pub(crate) struct OtlpPoint<'a> {
    pub kind: &'static str,
    pub attributes: &'a [KeyValue],
    pub time_ns: u64,
    pub start_time_ns: u64,
    pub flags: u32,
    pub values: PointValues,
}

/// Calls `emit` for each of the metric's points; returns how many there were.
pub(crate) fn each_point(
    metric: &Metric,
    mut emit: impl FnMut(OtlpPoint<'_>) -> Result<()>,
) -> Result<u64> {
    let mut written = 0u64;
    let mut point = |kind, attributes, time_ns, start_time_ns, flags, values| {
        written += 1;
        emit(OtlpPoint { kind, attributes, time_ns, start_time_ns, flags, values })
    };
    match metric.data.as_ref() {
        Some(Data::Gauge(gauge)) => {
            for p in &gauge.data_points {
                let values = PointValues { value: number_value(p), ..PointValues::default() };
                let times = (p.time_unix_nano, p.start_time_unix_nano);
                point("gauge", &p.attributes, times.0, times.1, p.flags, values)?;
            }
        }
        Some(Data::Sum(sum)) => {
            for p in &sum.data_points {
                let values = PointValues {
                    value: number_value(p),
                    is_monotonic: Some(sum.is_monotonic),
                    temporality: temporality_name(sum.aggregation_temporality),
                    ..PointValues::default()
                };
                let times = (p.time_unix_nano, p.start_time_unix_nano);
                point("sum", &p.attributes, times.0, times.1, p.flags, values)?;
            }
        }
        Some(Data::Histogram(h)) => {
            for p in &h.data_points {
                let values = histogram_values(p, h.aggregation_temporality);
                let times = (p.time_unix_nano, p.start_time_unix_nano);
                point("histogram", &p.attributes, times.0, times.1, p.flags, values)?;
            }
        }
        Some(Data::ExponentialHistogram(h)) => {
            for p in &h.data_points {
                let values = exponential_values(p, h.aggregation_temporality);
                let times = (p.time_unix_nano, p.start_time_unix_nano);
                point("exponential_histogram", &p.attributes, times.0, times.1, p.flags, values)?;
            }
        }
        Some(Data::Summary(s)) => {
            for p in &s.data_points {
                let times = (p.time_unix_nano, p.start_time_unix_nano);
                point("summary", &p.attributes, times.0, times.1, p.flags, summary_values(p))?;
            }
        }
        None => {}
    }
    Ok(written)
}

// The shared stores insert these rows; the live tail reads log rows in every build.
#[cfg_attr(not(any(feature = "clickhouse", feature = "postgres")), allow(dead_code))]
pub(crate) mod owned;
#[cfg(any(feature = "clickhouse", feature = "postgres"))]
pub(crate) use owned::*;
