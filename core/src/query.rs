//! The read side of a telemetry store: the queries the API serves, and their answers.
//! Every query names its tenant; a store must never answer across tenants.

use std::collections::BTreeMap;

use async_trait::async_trait;
use serde::Serialize;
use utoipa::ToSchema;

use crate::{Result, TenantId};

/// Attribute maps as returned to clients: values keep their OTLP type
/// (string, integer, double, bool, array, key-value list; bytes as base64 strings).
pub type Attributes = BTreeMap<String, serde_json::Value>;

/// `[start, end)` in Unix nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeRange {
    pub start_ns: u64,
    pub end_ns: u64,
}

/// `key=value` on an attribute (span, log or resource). The value matches a string attribute
/// equal to it, or a number/bool attribute whose JSON form equals it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeFilter {
    pub key: String,
    pub value: String,
}

/// Log severity names and the lowest OTLP severity number of each one's range.
pub const LOG_SEVERITY_WORDS: [(&str, i32); 7] = [
    ("trace", 1),
    ("debug", 5),
    ("info", 9),
    ("warn", 13),
    ("warning", 13),
    ("error", 17),
    ("fatal", 21),
];

/// A log severity as users write it: a number 0-24 (ASCII digits only) or one of
/// [`LOG_SEVERITY_WORDS`] in any case.
pub fn log_severity(text: &str) -> Option<i32> {
    let lower = text.to_ascii_lowercase();
    if let Some((_, n)) = LOG_SEVERITY_WORDS.iter().find(|(word, _)| *word == lower) {
        return Some(*n);
    }
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let significant = text.trim_start_matches('0');
    let n: i32 = if significant.is_empty() { 0 } else { significant.parse().ok()? };
    (0..=24).contains(&n).then_some(n)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    Unset,
    Ok,
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SpanSort {
    #[default]
    Newest,
    Oldest,
    Longest,
    Shortest,
}

/// One page of a list: at most `limit` rows, after `after` (the first page when `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub limit: usize,
    pub after: Option<Cursor>,
}

impl Page {
    /// The first `limit` rows.
    pub fn first(limit: usize) -> Self {
        Self { limit, after: None }
    }
}

/// Where a page of a list ends: the sort key of its last row, as the store that answered wrote
/// it (down to a per-row tie-break, so the next page neither skips nor repeats a row), and the
/// list and order it belongs to. The API hands it to clients only encoded, as an opaque token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub order: ListOrder,
    pub key: Vec<KeyPart>,
}

/// The lists that page with cursors, each in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListOrder {
    Traces(SpanSort),
    Spans(SpanSort),
    /// Newest first.
    Logs,
    /// Newest first.
    MetricPoints,
}

/// One value of a sort key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyPart {
    Number(u128),
    Text(String),
    Bytes(Vec<u8>),
}

/// What a cursor that does not fit the query is refused with (one not issued by this server,
/// or issued for another list or order).
pub const FOREIGN_CURSOR: &str = "cursor is not one this server issued; start again without it";

/// A page of rows, and where the next page starts (`None`: this was the last).
#[derive(Debug, Clone, PartialEq)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub next: Option<Cursor>,
}

impl<T> Paged<T> {
    /// A page with nothing after it.
    pub fn last(items: Vec<T>) -> Self {
        Self { items, next: None }
    }
}

/// Filters shared by span search and trace search.
#[derive(Debug, Clone)]
pub struct SpanQuery {
    pub tenant: TenantId,
    pub range: TimeRange,
    pub service: Option<String>,
    pub operation: Option<String>,
    pub min_duration_ns: Option<u64>,
    pub max_duration_ns: Option<u64>,
    pub status: Option<StatusFilter>,
    pub trace_id: Option<String>,
    pub attributes: Vec<AttributeFilter>,
    pub sort: SpanSort,
    pub page: Page,
}

#[derive(Debug, Clone)]
pub struct LogQuery {
    pub tenant: TenantId,
    pub range: TimeRange,
    pub service: Option<String>,
    /// Case-insensitive substring of the body.
    pub text: Option<String>,
    pub min_severity: Option<i32>,
    pub trace_id: Option<String>,
    pub attributes: Vec<AttributeFilter>,
    pub page: Page,
}

#[derive(Debug, Clone)]
pub struct MetricQuery {
    pub tenant: TenantId,
    pub range: TimeRange,
    pub name: Option<String>,
    pub service: Option<String>,
    pub attributes: Vec<AttributeFilter>,
    pub page: Page,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesFunction {
    Avg,
    Sum,
    Min,
    Max,
    Count,
    /// Per-second increase of a monotonic sum (counter resets handled).
    Rate,
    /// Quantile over the bucket's values, or estimated from histogram buckets.
    Quantile(u8),
}

/// One service's spans bucketed by start time, `step_ns` wide from `range.start_ns`: the
/// service as a whole, or split by operation (span name).
#[derive(Debug, Clone)]
pub struct RedQuery {
    pub tenant: TenantId,
    pub service: String,
    pub range: TimeRange,
    pub step_ns: u64,
    pub by_operation: bool,
}

#[derive(Debug, Clone)]
pub struct SeriesQuery {
    pub metric: MetricQuery,
    pub step_ns: u64,
    pub function: SeriesFunction,
}

// ---- answers -------------------------------------------------------------------------------

#[derive(Debug, Clone, Default, Serialize, ToSchema, PartialEq, Eq)]
pub struct Stats {
    pub tenant: String,
    pub spans: u64,
    pub traces: u64,
    pub logs: u64,
    pub metric_points: u64,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct SpanEvent {
    pub time_unix_nano: u64,
    pub name: String,
    #[schema(value_type = Object)]
    pub attributes: Attributes,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct SpanLink {
    pub trace_id: String,
    pub span_id: String,
    pub trace_state: String,
    #[schema(value_type = Object)]
    pub attributes: Attributes,
}

/// One stored span, every OTLP field included.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct SpanRecord {
    pub trace_id: String,
    pub span_id: String,
    pub parent_span_id: String,
    pub trace_state: String,
    pub name: String,
    /// `unspecified`, `internal`, `server`, `client`, `producer` or `consumer`.
    pub kind: String,
    pub service_name: String,
    pub start_time_unix_nano: u64,
    pub end_time_unix_nano: u64,
    pub duration_ns: u64,
    /// `unset`, `ok` or `error`.
    pub status_code: String,
    pub status_message: String,
    #[schema(value_type = Object)]
    pub attributes: Attributes,
    #[schema(value_type = Object)]
    pub resource_attributes: Attributes,
    pub scope_name: String,
    pub scope_version: String,
    pub events: Vec<SpanEvent>,
    pub links: Vec<SpanLink>,
    pub flags: u32,
    pub dropped_attributes_count: u32,
    pub dropped_events_count: u32,
    pub dropped_links_count: u32,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct TraceSummary {
    pub trace_id: String,
    pub root_service: String,
    pub root_name: String,
    pub start_time_unix_nano: u64,
    pub duration_ns: u64,
    pub span_count: u64,
    pub error_count: u64,
    pub has_error: bool,
    pub services: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct ServiceSummary {
    pub name: String,
    pub span_count: u64,
    /// Spans per second over the range.
    pub rate_per_sec: f64,
    pub error_count: u64,
    pub error_rate: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
}

/// One step of a service's RED series (rate, errors, duration): `time_unix_nano` is the
/// bucket's start; empty buckets are left out.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct ServicePoint {
    pub time_unix_nano: u64,
    pub span_count: u64,
    pub error_count: u64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
}

/// One step of one operation's RED series; the operation is empty in a series of the whole
/// service.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationPoint {
    pub operation: String,
    pub point: ServicePoint,
}

/// One step of one service's RED series, from a read of every service at once.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceStep {
    pub service: String,
    pub point: ServicePoint,
}

/// A caller → callee edge, derived from parent/child spans in different services.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct ServiceEdge {
    pub caller: String,
    pub callee: String,
    pub call_count: u64,
    pub error_count: u64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct LogRecordRow {
    pub time_unix_nano: u64,
    pub observed_time_unix_nano: u64,
    pub severity_number: i32,
    pub severity_text: String,
    /// Any JSON value: a string, number, bool, array, map or null, as the record's body was.
    pub body: serde_json::Value,
    pub service_name: String,
    pub trace_id: String,
    pub span_id: String,
    pub flags: u32,
    pub event_name: String,
    #[schema(value_type = Object)]
    pub attributes: Attributes,
    #[schema(value_type = Object)]
    pub resource_attributes: Attributes,
    pub scope_name: String,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct HistogramBucket {
    pub start_unix_nano: u64,
    pub count: u64,
    /// Counts by severity text group: trace, debug, info, warn, error, fatal.
    pub by_severity: BTreeMap<String, u64>,
}

/// One stored metric data point, of any of the five OTLP types.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct MetricPoint {
    pub name: String,
    /// `gauge`, `sum`, `histogram`, `exponential_histogram` or `summary`.
    pub kind: String,
    pub unit: String,
    pub description: String,
    pub service_name: String,
    pub time_unix_nano: u64,
    pub start_time_unix_nano: u64,
    /// Gauge and sum value.
    pub value: Option<f64>,
    pub is_monotonic: Option<bool>,
    /// `delta` or `cumulative` for sums and histograms.
    pub temporality: Option<String>,
    pub count: Option<u64>,
    pub sum: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub explicit_bounds: Vec<f64>,
    pub bucket_counts: Vec<u64>,
    /// Exponential histogram: scale, zero count, offsets and counts.
    pub scale: Option<i32>,
    pub zero_count: Option<u64>,
    pub positive_offset: Option<i32>,
    pub positive_bucket_counts: Vec<u64>,
    pub negative_offset: Option<i32>,
    pub negative_bucket_counts: Vec<u64>,
    /// Summary: (quantile, value) pairs.
    pub quantiles: Vec<(f64, f64)>,
    pub flags: u32,
    #[schema(value_type = Object)]
    pub attributes: Attributes,
    #[schema(value_type = Object)]
    pub resource_attributes: Attributes,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct MetricName {
    pub name: String,
    pub kind: String,
    pub unit: String,
    pub description: String,
    pub point_count: u64,
    pub last_seen_unix_nano: u64,
}

#[derive(Debug, Clone, Default, Serialize, ToSchema, PartialEq)]
pub struct MetricAggregate {
    pub name: String,
    pub count: u64,
    /// Null when the sum overflows a 64-bit float.
    #[schema(nullable)]
    pub sum: f64,
    pub avg: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub p50: Option<f64>,
    pub p95: Option<f64>,
    pub p99: Option<f64>,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct SeriesPoint {
    pub time_unix_nano: u64,
    /// Null when the value overflows a 64-bit float (a sum or rate of huge values).
    #[schema(nullable)]
    pub value: f64,
}

#[async_trait]
pub trait TelemetryQuery: Send + Sync + 'static {
    async fn stats(&self, tenant: &TenantId) -> Result<Stats>;
    async fn services(&self, tenant: &TenantId, range: TimeRange) -> Result<Vec<ServiceSummary>>;
    async fn service_map(&self, tenant: &TenantId, range: TimeRange) -> Result<Vec<ServiceEdge>>;
    /// A service's RED series, whole or per operation, in bucket order.
    async fn red_series(&self, query: &RedQuery) -> Result<Vec<OperationPoint>>;
    /// Every service's RED series over `range` in `step_ns` buckets, by service then bucket:
    /// the overview's sparklines. By default one `red_series` per service; a store that keeps
    /// per-minute rollups answers from them in one read.
    async fn services_series(
        &self,
        tenant: &TenantId,
        range: TimeRange,
        step_ns: u64,
    ) -> Result<Vec<ServiceStep>> {
        let mut steps = Vec::new();
        for service in self.services(tenant, range).await? {
            let query = RedQuery {
                tenant: tenant.clone(),
                service: service.name.clone(),
                range,
                step_ns,
                by_operation: false,
            };
            let points = self.red_series(&query).await?.into_iter();
            steps.extend(
                points.map(|p| ServiceStep { service: service.name.clone(), point: p.point }),
            );
        }
        Ok(steps)
    }
    /// All spans of a trace, whatever their time. Empty when unknown.
    async fn trace(&self, tenant: &TenantId, trace_id: &str) -> Result<Vec<SpanRecord>>;
    /// Traces with a span matching the query, one page in the query's sort.
    async fn search_traces(&self, query: &SpanQuery) -> Result<Paged<TraceSummary>>;
    /// Spans matching the query, one page in the query's sort.
    async fn search_spans(&self, query: &SpanQuery) -> Result<Paged<SpanRecord>>;
    /// Log records matching the query, one page, newest first.
    async fn search_logs(&self, query: &LogQuery) -> Result<Paged<LogRecordRow>>;
    async fn log_histogram(&self, query: &LogQuery, step_ns: u64) -> Result<Vec<HistogramBucket>>;
    /// Points matching the query, one page, newest first.
    async fn metric_points(&self, query: &MetricQuery) -> Result<Paged<MetricPoint>>;
    async fn metric_names(&self, tenant: &TenantId, range: TimeRange) -> Result<Vec<MetricName>>;
    async fn metric_aggregate(&self, query: &MetricQuery) -> Result<MetricAggregate>;
    async fn metric_series(&self, query: &SeriesQuery) -> Result<Vec<SeriesPoint>>;
}
