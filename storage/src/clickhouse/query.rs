//! The read path. Every statement is scoped to one tenant; user input travels only as bound
//! values (the crate escapes them into literals), never formatted into the SQL text.
//! Aggregations run in ClickHouse (`quantilesExactInclusive` is `quantile_cont`'s
//! interpolation); what SQL cannot say portably is folded in `crate::fold`, as for every store.

use clickhouse::Row;
use clickhouse::query::Query;
use ophion_core::query::{
    AttributeFilter, HistogramBucket, LogQuery, LogRecordRow, MetricAggregate, MetricName,
    MetricPoint, MetricQuery, OperationPoint, SeriesFunction, SeriesPoint, SeriesQuery,
    ServiceEdge, ServicePoint, ServiceSummary, SpanEvent, SpanLink, SpanQuery, SpanRecord,
    SpanSort, Stats, StatusFilter, TimeRange, TraceSummary,
};
use ophion_core::store::{RetentionPolicy, RetentionReport};
use ophion_core::{Error, Result, TenantId};
use serde::{Deserialize, Serialize};

use super::schema::quote_identifier;
use super::{ClickHouseStore, error};
use crate::encoding::{
    STATUS_CODE_ERROR, json_or_string, json_quoted, parse_trace_id, span_kind_name,
    status_code_name,
};
use crate::fold::{self, NumberPoint, SummaryPoint, bucket_count, series_points};
use crate::quantile::{HistogramPoint, Layout};
use crate::rows::{AttributePairs, StoredEvent, StoredLink, hot_column, is_status};

/// How far before the range a parent span may start and still be joined for the service map.
const SERVICE_MAP_PARENT_LOOKBACK_NS: u64 = 3_600 * 1_000_000_000;

/// A bound value.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
enum Param {
    Text(String),
    Int(i64),
}

fn nanos(ns: u64) -> Param {
    Param::Int(i64::try_from(ns).unwrap_or(i64::MAX))
}

/// A `WHERE` clause: fixed SQL with `?` placeholders, and the values they take in order.
#[derive(Debug, Default)]
struct Where {
    clauses: Vec<String>,
    params: Vec<Param>,
}

impl Where {
    fn tenant(tenant: &TenantId) -> Self {
        let mut filter = Self::default();
        filter.push("TenantId = ?", [Param::Text(tenant.as_str().to_owned())]);
        filter
    }

    fn push(&mut self, clause: impl Into<String>, params: impl IntoIterator<Item = Param>) {
        self.clauses.push(clause.into());
        self.params.extend(params);
    }

    /// `[start, end)` on a `DateTime64(9)` column.
    fn range(&mut self, column: &str, range: TimeRange) {
        self.push(
            format!(
                "{column} >= fromUnixTimestamp64Nano(toInt64(?)) \
                 AND {column} < fromUnixTimestamp64Nano(toInt64(?))"
            ),
            [nanos(range.start_ns), nanos(range.end_ns)],
        );
    }

    /// Each filter matches the item's own attributes or its resource's: a string equal to
    /// the value (stored JSON-quoted), or a number/bool whose JSON text equals it.
    fn attributes(&mut self, own: &str, filters: &[AttributeFilter]) {
        for f in filters {
            let one = |map: &str| format!("(mapContains({map}, ?) AND {map}[?] IN (?, ?))");
            let values = || {
                [
                    Param::Text(f.key.clone()),
                    Param::Text(f.key.clone()),
                    Param::Text(json_quoted(&f.value)),
                    Param::Text(f.value.clone()),
                ]
            };
            self.push(
                format!("({} OR {})", one(own), one("ResourceAttributes")),
                values().into_iter().chain(values()),
            );
        }
    }

    fn sql(&self) -> String {
        self.clauses.join(" AND ")
    }
}

fn attributes(pairs: AttributePairs) -> ophion_core::query::Attributes {
    pairs.into_iter().map(|(k, v)| (k, json_or_string(&v))).collect()
}

/// An all-zero id is OTLP's "none".
fn id_hex(bytes: &[u8]) -> String {
    if bytes.iter().all(|&b| b == 0) { String::new() } else { hex::encode(bytes) }
}

fn ms(ns: f64) -> f64 {
    ns / 1e6
}

fn percentiles_ms(q: &[f64]) -> (f64, f64, f64) {
    let at = |i: usize| q.get(i).copied().filter(|v| v.is_finite()).map_or(0.0, ms);
    (at(0), at(1), at(2))
}

fn u64_of(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

const PERCENTILES: &str = "quantilesExactInclusive(0.5, 0.95, 0.99)";
const ZERO_TRACE_ID: &str = "unhex('00000000000000000000000000000000')";

impl ClickHouseStore {
    fn select(&self, sql: &str, params: &[Param]) -> Query {
        params.iter().fold(self.client.query(sql), |q, p| q.bind(p))
    }

    async fn fetch_all<T>(&self, sql: &str, params: &[Param]) -> Result<Vec<T>>
    where
        T: clickhouse::RowOwned + clickhouse::RowRead,
    {
        self.select(sql, params).fetch_all().await.map_err(error)
    }

    fn traces_table(&self) -> String {
        format!("{}.otel_traces", self.db)
    }
}

// ---- stats, services -----------------------------------------------------------------------

#[derive(Row, Deserialize)]
struct StatsRow {
    spans: u64,
    traces: u64,
    logs: u64,
    points: u64,
}

#[derive(Row, Deserialize)]
struct LatencyRow {
    name: String,
    span_count: u64,
    error_count: u64,
    q: Vec<f64>,
}

#[derive(Row, Deserialize)]
struct EdgeRow {
    caller: String,
    callee: String,
    call_count: u64,
    error_count: u64,
    q: Vec<f64>,
}

#[derive(Row, Deserialize)]
struct BucketRow {
    bucket: i64,
    operation: String,
    span_count: u64,
    error_count: u64,
    q: Vec<f64>,
}

impl ClickHouseStore {
    pub(super) async fn stats(&self, tenant: &TenantId) -> Result<Stats> {
        let db = &self.db;
        let sql = format!(
            "SELECT
                ifNull((SELECT count() FROM {db}.otel_traces WHERE TenantId = ?), 0) AS spans,
                ifNull((SELECT uniqExactIf(TraceId, TraceId != {ZERO_TRACE_ID})
                 FROM {db}.otel_traces WHERE TenantId = ?), 0) AS traces,
                ifNull((SELECT count() FROM {db}.otel_logs WHERE TenantId = ?), 0) AS logs,
                ifNull((SELECT count() FROM {db}.ophion_metric_points WHERE TenantId = ?), 0)
                    AS points"
        );
        let t = Param::Text(tenant.as_str().to_owned());
        let row: StatsRow = self
            .select(&sql, &[t.clone(), t.clone(), t.clone(), t])
            .fetch_one()
            .await
            .map_err(error)?;
        Ok(Stats {
            tenant: tenant.as_str().to_owned(),
            spans: row.spans,
            traces: row.traces,
            logs: row.logs,
            metric_points: row.points,
        })
    }

    pub(super) async fn services(
        &self,
        tenant: &TenantId,
        range: TimeRange,
    ) -> Result<Vec<ServiceSummary>> {
        let mut filter = Where::tenant(tenant);
        filter.range("Timestamp", range);
        let sql = format!(
            "SELECT toString(ServiceName) AS name, count() AS span_count,
                    countIf(StatusCode = {STATUS_CODE_ERROR}) AS error_count,
                    {PERCENTILES}(toFloat64(Duration)) AS q
             FROM {} WHERE {} GROUP BY name ORDER BY name",
            self.traces_table(),
            filter.sql()
        );
        let rows: Vec<LatencyRow> = self.fetch_all(&sql, &filter.params).await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let percentiles = percentiles_ms(&r.q);
                fold::service_summary(r.name, r.span_count, r.error_count, range, percentiles)
            })
            .collect())
    }

    /// A service's RED buckets, per operation when `by_operation` (else the operation is "").
    pub(super) async fn service_series(
        &self,
        tenant: &TenantId,
        service: &str,
        range: TimeRange,
        step_ns: u64,
        by_operation: bool,
    ) -> Result<Vec<OperationPoint>> {
        bucket_count(range, step_ns)?;
        let mut filter = Where::tenant(tenant);
        filter.range("Timestamp", range);
        filter.push("ServiceName = ?", [Param::Text(service.to_owned())]);
        let operation = if by_operation { "toString(SpanName)" } else { "''" };
        let sql = format!(
            "SELECT intDiv(toUnixTimestamp64Nano(Timestamp) - toInt64(?), toInt64(?)) AS bucket,
                    {operation} AS operation,
                    count() AS span_count, countIf(StatusCode = {STATUS_CODE_ERROR}) AS error_count,
                    {PERCENTILES}(toFloat64(Duration)) AS q
             FROM {} WHERE {} GROUP BY bucket, operation ORDER BY bucket, operation",
            self.traces_table(),
            filter.sql()
        );
        let mut params = vec![nanos(range.start_ns), nanos(step_ns)];
        params.extend(filter.params);
        let rows: Vec<BucketRow> = self.fetch_all(&sql, &params).await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let (p50_ms, p95_ms, p99_ms) = percentiles_ms(&r.q);
                OperationPoint {
                    operation: r.operation,
                    point: ServicePoint {
                        time_unix_nano: range.start_ns + u64_of(r.bucket) * step_ns,
                        span_count: r.span_count,
                        error_count: r.error_count,
                        p50_ms,
                        p95_ms,
                        p99_ms,
                    },
                }
            })
            .collect())
    }

    pub(super) async fn service_map(
        &self,
        tenant: &TenantId,
        range: TimeRange,
    ) -> Result<Vec<ServiceEdge>> {
        let mut child = Where::tenant(tenant);
        child.range("Timestamp", range);
        child.push("ParentSpanId IS NOT NULL", []);
        let mut parent = Where::tenant(tenant);
        let lookback = TimeRange {
            start_ns: range.start_ns.saturating_sub(SERVICE_MAP_PARENT_LOOKBACK_NS),
            end_ns: range.end_ns,
        };
        parent.range("Timestamp", lookback);
        let table = self.traces_table();
        let sql = format!(
            "SELECT toString(p.ServiceName) AS caller, toString(c.ServiceName) AS callee,
                    count() AS call_count,
                    countIf(c.StatusCode = {STATUS_CODE_ERROR}) AS error_count,
                    {PERCENTILES}(toFloat64(c.Duration)) AS q
             FROM (SELECT TraceId, assumeNotNull(ParentSpanId) AS ParentSpanId, ServiceName,
                          StatusCode, Duration
                   FROM {table} WHERE {}) AS c
             INNER JOIN (SELECT TraceId, SpanId, ServiceName FROM {table} WHERE {}) AS p
                ON p.TraceId = c.TraceId AND p.SpanId = c.ParentSpanId
             WHERE p.ServiceName != c.ServiceName
             GROUP BY caller, callee ORDER BY caller, callee",
            child.sql(),
            parent.sql()
        );
        let params: Vec<Param> = child.params.into_iter().chain(parent.params).collect();
        let rows: Vec<EdgeRow> = self.fetch_all(&sql, &params).await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let (p50_ms, p95_ms, p99_ms) = percentiles_ms(&r.q);
                ServiceEdge {
                    caller: r.caller,
                    callee: r.callee,
                    call_count: r.call_count,
                    error_count: r.error_count,
                    p50_ms,
                    p95_ms,
                    p99_ms,
                }
            })
            .collect())
    }
}

// ---- spans and traces ----------------------------------------------------------------------

const SPAN_COLUMNS: &str = "TraceId AS trace_id, SpanId AS span_id, \
    ParentSpanId AS parent_span_id, TraceState AS trace_state, toString(SpanName) AS name, \
    SpanKind AS kind, toString(ServiceName) AS service_name, \
    toUnixTimestamp64Nano(Timestamp) AS start_ns, Duration AS duration_ns, \
    StatusCode AS status_code, StatusMessage AS status_message, \
    CAST(SpanAttributes, 'Map(String, String)') AS attributes, \
    CAST(ResourceAttributes, 'Map(String, String)') AS resource_attributes, \
    toString(ScopeName) AS scope_name, toString(ScopeVersion) AS scope_version, \
    Events AS events, Links AS links, Flags AS flags, \
    DroppedAttributesCount AS dropped_attributes_count, \
    DroppedEventsCount AS dropped_events_count, DroppedLinksCount AS dropped_links_count";

#[derive(Row, Deserialize)]
struct SpanFetch {
    trace_id: [u8; 16],
    span_id: [u8; 8],
    parent_span_id: Option<[u8; 8]>,
    trace_state: String,
    name: String,
    kind: i32,
    service_name: String,
    start_ns: i64,
    duration_ns: u64,
    status_code: i32,
    status_message: String,
    attributes: AttributePairs,
    resource_attributes: AttributePairs,
    scope_name: String,
    scope_version: String,
    events: String,
    links: String,
    flags: u32,
    dropped_attributes_count: u32,
    dropped_events_count: u32,
    dropped_links_count: u32,
}

impl SpanFetch {
    fn record(self) -> Result<SpanRecord> {
        let invalid = |e: serde_json::Error| Error::internal(format!("stored span JSON: {e}"));
        let events: Vec<StoredEvent> = serde_json::from_str(&self.events).map_err(invalid)?;
        let links: Vec<StoredLink> = serde_json::from_str(&self.links).map_err(invalid)?;
        let start = u64_of(self.start_ns);
        Ok(SpanRecord {
            trace_id: id_hex(&self.trace_id),
            span_id: id_hex(&self.span_id),
            parent_span_id: self.parent_span_id.map(|p| id_hex(&p)).unwrap_or_default(),
            trace_state: self.trace_state,
            name: self.name,
            kind: span_kind_name(self.kind).to_owned(),
            service_name: self.service_name,
            start_time_unix_nano: start,
            end_time_unix_nano: start + self.duration_ns,
            duration_ns: self.duration_ns,
            status_code: status_code_name(self.status_code).to_owned(),
            status_message: self.status_message,
            attributes: attributes(self.attributes),
            resource_attributes: attributes(self.resource_attributes),
            scope_name: self.scope_name,
            scope_version: self.scope_version,
            events: events.into_iter().map(SpanEvent::from).collect(),
            links: links.into_iter().map(SpanLink::from).collect(),
            flags: self.flags,
            dropped_attributes_count: self.dropped_attributes_count,
            dropped_events_count: self.dropped_events_count,
            dropped_links_count: self.dropped_links_count,
        })
    }
}

#[derive(Row, Deserialize)]
struct TraceRow {
    trace_id: [u8; 16],
    start_ns: i64,
    duration_ns: i64,
    span_count: u64,
    error_count: u64,
    root_service: String,
    root_name: String,
    services: Vec<String>,
}

fn status_code(filter: StatusFilter) -> i64 {
    match filter {
        StatusFilter::Unset => 0,
        StatusFilter::Ok => 1,
        StatusFilter::Error => i64::from(STATUS_CODE_ERROR),
    }
}

/// `http_status_code` → `HttpStatusCode`: the embedded store's hot column names, in the
/// ClickHouse schema's case.
fn pascal_case(snake: &str) -> String {
    snake
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn trace_id_param(text: &str) -> Result<Param> {
    Ok(Param::Text(format!("{:032x}", parse_trace_id(text)?)))
}

fn span_filter(query: &SpanQuery) -> Result<Where> {
    let mut filter = Where::tenant(&query.tenant);
    filter.range("Timestamp", query.range);
    if let Some(service) = &query.service {
        filter.push("ServiceName = ?", [Param::Text(service.clone())]);
    }
    if let Some(operation) = &query.operation {
        filter.push("SpanName = ?", [Param::Text(operation.clone())]);
    }
    if let Some(min) = query.min_duration_ns {
        filter.push("Duration >= ?", [nanos(min)]);
    }
    if let Some(max) = query.max_duration_ns {
        filter.push("Duration <= ?", [nanos(max)]);
    }
    if let Some(status) = query.status {
        filter.push("StatusCode = ?", [Param::Int(status_code(status))]);
    }
    if let Some(trace_id) = &query.trace_id {
        filter.push("TraceId = unhex(?)", [trace_id_param(trace_id)?]);
    }
    for attribute in &query.attributes {
        // A hot key filters its typed column (the span's value, else its resource's, older
        // semantic-convention names as synonyms).
        match hot_column(&attribute.key) {
            Some(hot) if is_status(hot) => match attribute.value.trim().parse::<i64>() {
                Ok(code) => filter.push("HttpStatusCode = ?", [Param::Int(code)]),
                Err(_) => filter.push("0", []),
            },
            Some(hot) => filter.push(
                format!("{} = ?", pascal_case(hot.column)),
                [Param::Text(attribute.value.clone())],
            ),
            None => filter.attributes("SpanAttributes", std::slice::from_ref(attribute)),
        }
    }
    Ok(filter)
}

fn page_params(page: ophion_core::query::Page) -> [Param; 2] {
    [Param::Int(page.limit as i64), Param::Int(page.offset as i64)]
}

impl ClickHouseStore {
    pub(super) async fn trace(&self, tenant: &TenantId, trace_id: &str) -> Result<Vec<SpanRecord>> {
        let id = parse_trace_id(trace_id)?;
        if id == 0 {
            return Ok(Vec::new());
        }
        let key = [Param::Text(tenant.as_str().to_owned()), Param::Text(format!("{id:032x}"))];
        // The trace-id table bounds the scan to the trace's time range.
        let sql = format!(
            "WITH bounds AS (
                SELECT min(Start) AS lo, max(End) AS hi FROM {db}.otel_traces_trace_id_ts
                WHERE TenantId = ? AND TraceId = unhex(?)
             )
             SELECT {SPAN_COLUMNS} FROM {db}.otel_traces
             WHERE TenantId = ? AND TraceId = unhex(?)
               AND Timestamp >= (SELECT lo FROM bounds) AND Timestamp <= (SELECT hi FROM bounds)
             ORDER BY Timestamp, SpanId",
            db = self.db
        );
        let params: Vec<Param> = key.iter().chain(&key).cloned().collect();
        let rows: Vec<SpanFetch> = self.fetch_all(&sql, &params).await?;
        rows.into_iter().map(SpanFetch::record).collect()
    }

    pub(super) async fn search_spans(&self, query: &SpanQuery) -> Result<Vec<SpanRecord>> {
        let mut filter = span_filter(query)?;
        let order = match query.sort {
            SpanSort::Newest => "Timestamp DESC, TraceId, SpanId",
            SpanSort::Oldest => "Timestamp ASC, TraceId, SpanId",
            SpanSort::Longest => "Duration DESC, Timestamp DESC, SpanId",
            SpanSort::Shortest => "Duration ASC, Timestamp DESC, SpanId",
        };
        let sql = format!(
            "SELECT {SPAN_COLUMNS} FROM {} WHERE {} ORDER BY {order} LIMIT ? OFFSET ?",
            self.traces_table(),
            filter.sql()
        );
        filter.params.extend(page_params(query.page));
        let rows: Vec<SpanFetch> = self.fetch_all(&sql, &filter.params).await?;
        rows.into_iter().map(SpanFetch::record).collect()
    }

    pub(super) async fn search_traces(&self, query: &SpanQuery) -> Result<Vec<TraceSummary>> {
        let mut filter = span_filter(query)?;
        let order = match query.sort {
            SpanSort::Newest => "start_ns DESC, trace_id",
            SpanSort::Oldest => "start_ns ASC, trace_id",
            SpanSort::Longest => "duration_ns DESC, start_ns DESC, trace_id",
            SpanSort::Shortest => "duration_ns ASC, start_ns DESC, trace_id",
        };
        // A trace matches when any of its spans does; its summary covers all of its spans.
        let table = self.traces_table();
        let sql = format!(
            "SELECT TraceId AS trace_id,
                    min(toUnixTimestamp64Nano(Timestamp)) AS start_ns,
                    max(toUnixTimestamp64Nano(Timestamp) + toInt64(Duration)) - start_ns
                        AS duration_ns,
                    count() AS span_count,
                    countIf(StatusCode = {STATUS_CODE_ERROR}) AS error_count,
                    toString(argMin(ServiceName, (ParentSpanId IS NOT NULL, Timestamp)))
                        AS root_service,
                    toString(argMin(SpanName, (ParentSpanId IS NOT NULL, Timestamp)))
                        AS root_name,
                    arraySort(groupUniqArray(toString(ServiceName))) AS services
             FROM {table}
             WHERE TenantId = ? AND TraceId IN (
                SELECT DISTINCT TraceId FROM {table} WHERE {} AND TraceId != {ZERO_TRACE_ID}
             )
             GROUP BY TraceId ORDER BY {order} LIMIT ? OFFSET ?",
            filter.sql()
        );
        let mut params = vec![Param::Text(query.tenant.as_str().to_owned())];
        params.append(&mut filter.params);
        params.extend(page_params(query.page));
        let rows: Vec<TraceRow> = self.fetch_all(&sql, &params).await?;
        Ok(rows
            .into_iter()
            .map(|r| TraceSummary {
                trace_id: id_hex(&r.trace_id),
                root_service: r.root_service,
                root_name: r.root_name,
                start_time_unix_nano: u64_of(r.start_ns),
                duration_ns: u64_of(r.duration_ns),
                span_count: r.span_count,
                error_count: r.error_count,
                has_error: r.error_count > 0,
                services: r.services,
            })
            .collect())
    }
}

// ---- logs ----------------------------------------------------------------------------------

const LOG_COLUMNS: &str = "toUnixTimestamp64Nano(Timestamp) AS time_ns, \
    toUnixTimestamp64Nano(ObservedTimestamp) AS observed_time_ns, \
    SeverityNumber AS severity_number, toString(SeverityText) AS severity_text, Body AS body, \
    toString(ServiceName) AS service_name, TraceId AS trace_id, SpanId AS span_id, \
    Flags AS flags, toString(EventName) AS event_name, \
    CAST(LogAttributes, 'Map(String, String)') AS attributes, \
    CAST(ResourceAttributes, 'Map(String, String)') AS resource_attributes, \
    toString(ScopeName) AS scope_name";

#[derive(Row, Deserialize)]
struct LogFetch {
    time_ns: i64,
    observed_time_ns: i64,
    severity_number: i32,
    severity_text: String,
    body: Option<String>,
    service_name: String,
    trace_id: Option<[u8; 16]>,
    span_id: Option<[u8; 8]>,
    flags: u32,
    event_name: String,
    attributes: AttributePairs,
    resource_attributes: AttributePairs,
    scope_name: String,
}

#[derive(Row, Deserialize)]
struct SeverityBucketRow {
    bucket: i64,
    severity: String,
    count: u64,
}

fn log_filter(query: &LogQuery) -> Result<Where> {
    let mut filter = Where::tenant(&query.tenant);
    filter.range("Timestamp", query.range);
    if let Some(service) = &query.service {
        filter.push("ServiceName = ?", [Param::Text(service.clone())]);
    }
    if let Some(text) = query.text.as_deref().filter(|t| !t.is_empty()) {
        filter.push("position(lowerUTF8(BodyText), lowerUTF8(?)) > 0", [Param::Text(text.into())]);
    }
    if let Some(min) = query.min_severity {
        filter.push("SeverityNumber >= ?", [Param::Int(i64::from(min))]);
    }
    if let Some(trace_id) = &query.trace_id {
        filter.push("TraceId = unhex(?)", [trace_id_param(trace_id)?]);
    }
    filter.attributes("LogAttributes", &query.attributes);
    Ok(filter)
}

impl ClickHouseStore {
    pub(super) async fn search_logs(&self, query: &LogQuery) -> Result<Vec<LogRecordRow>> {
        let mut filter = log_filter(query)?;
        let sql = format!(
            "SELECT {LOG_COLUMNS} FROM {}.otel_logs WHERE {}
             ORDER BY Timestamp DESC, ObservedTimestamp DESC, QueuePosition DESC
             LIMIT ? OFFSET ?",
            self.db,
            filter.sql()
        );
        filter.params.extend(page_params(query.page));
        let rows: Vec<LogFetch> = self.fetch_all(&sql, &filter.params).await?;
        Ok(rows
            .into_iter()
            .map(|r| LogRecordRow {
                time_unix_nano: u64_of(r.time_ns),
                observed_time_unix_nano: u64_of(r.observed_time_ns),
                severity_number: r.severity_number,
                severity_text: r.severity_text,
                body: r.body.map_or(serde_json::Value::Null, |b| json_or_string(&b)),
                service_name: r.service_name,
                trace_id: r.trace_id.map(|id| id_hex(&id)).unwrap_or_default(),
                span_id: r.span_id.map(|id| id_hex(&id)).unwrap_or_default(),
                flags: r.flags,
                event_name: r.event_name,
                attributes: attributes(r.attributes),
                resource_attributes: attributes(r.resource_attributes),
                scope_name: r.scope_name,
            })
            .collect())
    }

    pub(super) async fn log_histogram(
        &self,
        query: &LogQuery,
        step_ns: u64,
    ) -> Result<Vec<HistogramBucket>> {
        let buckets = bucket_count(query.range, step_ns)?;
        let filter = log_filter(query)?;
        let sql = format!(
            "SELECT intDiv(toUnixTimestamp64Nano(Timestamp) - toInt64(?), toInt64(?)) AS bucket,
                    {severity} AS severity,
                    count() AS count
             FROM {}.otel_logs WHERE {} GROUP BY bucket, severity",
            self.db,
            filter.sql(),
            severity = fold::severity_group_sql("SeverityNumber"),
        );
        let mut params = vec![nanos(query.range.start_ns), nanos(step_ns)];
        params.extend(filter.params);
        let rows: Vec<SeverityBucketRow> = self.fetch_all(&sql, &params).await?;
        let rows = rows.into_iter().map(|r| (u64_of(r.bucket), r.severity, r.count));
        Ok(fold::severity_histogram(query.range, step_ns, buckets, rows))
    }
}

// ---- metrics -------------------------------------------------------------------------------

const NUMBER_KINDS: &str = "Kind IN ('gauge', 'sum') AND Value IS NOT NULL";
const HISTOGRAM_KINDS: &str = "Kind IN ('histogram', 'exponential_histogram')";

fn metric_filter(query: &MetricQuery) -> Where {
    let mut filter = Where::tenant(&query.tenant);
    filter.range("TimeUnix", query.range);
    if let Some(name) = &query.name {
        filter.push("MetricName = ?", [Param::Text(name.clone())]);
    }
    if let Some(service) = &query.service {
        filter.push("ServiceName = ?", [Param::Text(service.clone())]);
    }
    filter.attributes("Attributes", &query.attributes);
    filter
}

const POINT_COLUMNS: &str = "toString(MetricName) AS name, Kind AS kind, \
    toString(MetricUnit) AS unit, MetricDescription AS description, \
    toString(ServiceName) AS service_name, toUnixTimestamp64Nano(TimeUnix) AS time_ns, \
    toUnixTimestamp64Nano(StartTimeUnix) AS start_time_ns, Value AS value, \
    IsMonotonic AS is_monotonic, Temporality AS temporality, Count AS count, Sum AS sum, \
    Min AS min, Max AS max, ExplicitBounds AS explicit_bounds, BucketCounts AS bucket_counts, \
    Scale AS scale, ZeroCount AS zero_count, PositiveOffset AS positive_offset, \
    PositiveBucketCounts AS positive_bucket_counts, NegativeOffset AS negative_offset, \
    NegativeBucketCounts AS negative_bucket_counts, Quantiles AS quantiles, \
    QuantileValues AS quantile_values, Flags AS flags, \
    CAST(Attributes, 'Map(String, String)') AS attributes, \
    CAST(ResourceAttributes, 'Map(String, String)') AS resource_attributes";

#[derive(Row, Deserialize)]
struct PointFetch {
    name: String,
    kind: String,
    unit: String,
    description: String,
    service_name: String,
    time_ns: i64,
    start_time_ns: i64,
    value: Option<f64>,
    is_monotonic: Option<bool>,
    temporality: Option<String>,
    count: Option<u64>,
    sum: Option<f64>,
    min: Option<f64>,
    max: Option<f64>,
    explicit_bounds: Vec<f64>,
    bucket_counts: Vec<u64>,
    scale: Option<i32>,
    zero_count: Option<u64>,
    positive_offset: Option<i32>,
    positive_bucket_counts: Vec<u64>,
    negative_offset: Option<i32>,
    negative_bucket_counts: Vec<u64>,
    quantiles: Vec<f64>,
    quantile_values: Vec<f64>,
    flags: u32,
    attributes: AttributePairs,
    resource_attributes: AttributePairs,
}

#[derive(Row, Deserialize)]
struct NameRow {
    name: String,
    kind: String,
    unit: String,
    description: String,
    point_count: u64,
    last_seen: i64,
}

#[derive(Row, Deserialize)]
struct NumberAggregateRow {
    count: u64,
    sum: f64,
    avg: f64,
    min: f64,
    max: f64,
    q: Vec<f64>,
}

#[derive(Row, Deserialize)]
struct HistogramFetch {
    kind: String,
    series_id: u64,
    time_ns: i64,
    temporality: Option<String>,
    count: Option<u64>,
    sum: Option<f64>,
    min: Option<f64>,
    max: Option<f64>,
    explicit_bounds: Vec<f64>,
    bucket_counts: Vec<u64>,
    scale: Option<i32>,
    zero_count: Option<u64>,
    zero_threshold: Option<f64>,
    positive_offset: Option<i32>,
    positive_bucket_counts: Vec<u64>,
    negative_offset: Option<i32>,
    negative_bucket_counts: Vec<u64>,
}

impl HistogramFetch {
    fn point(self) -> HistogramPoint {
        let layout = if self.kind == "exponential_histogram" {
            Layout::Exponential {
                scale: self.scale.unwrap_or(0),
                zero_count: self.zero_count.unwrap_or(0),
                zero_threshold: self.zero_threshold.unwrap_or(0.0),
                positive_offset: self.positive_offset.unwrap_or(0),
                positive: self.positive_bucket_counts,
                negative_offset: self.negative_offset.unwrap_or(0),
                negative: self.negative_bucket_counts,
            }
        } else {
            Layout::Explicit { bounds: self.explicit_bounds, counts: self.bucket_counts }
        };
        HistogramPoint {
            series_id: self.series_id,
            time_ns: u64_of(self.time_ns),
            cumulative: self.temporality.as_deref() == Some("cumulative"),
            count: self.count.unwrap_or(0),
            sum: self.sum,
            min: self.min,
            max: self.max,
            layout,
        }
    }
}

const HISTOGRAM_COLUMNS: &str = "Kind AS kind, SeriesId AS series_id, \
    toUnixTimestamp64Nano(TimeUnix) AS time_ns, Temporality AS temporality, Count AS count, \
    Sum AS sum, Min AS min, Max AS max, ExplicitBounds AS explicit_bounds, \
    BucketCounts AS bucket_counts, Scale AS scale, ZeroCount AS zero_count, \
    ZeroThreshold AS zero_threshold, PositiveOffset AS positive_offset, \
    PositiveBucketCounts AS positive_bucket_counts, NegativeOffset AS negative_offset, \
    NegativeBucketCounts AS negative_bucket_counts";

#[derive(Row, Deserialize)]
struct SummaryFetch {
    series_id: u64,
    time_ns: i64,
    count: Option<u64>,
    sum: Option<f64>,
    quantiles: Vec<f64>,
    quantile_values: Vec<f64>,
}

#[derive(Row, Deserialize)]
struct NumberFetch {
    series_id: u64,
    time_ns: i64,
    start_time_ns: i64,
    value: f64,
    temporality: Option<String>,
    is_monotonic: Option<bool>,
}

#[derive(Row, Deserialize)]
struct SeriesRow {
    bucket: i64,
    value: f64,
}

impl ClickHouseStore {
    fn points_view(&self) -> String {
        format!("{}.ophion_metric_points", self.db)
    }

    pub(super) async fn metric_points(&self, query: &MetricQuery) -> Result<Vec<MetricPoint>> {
        let mut filter = metric_filter(query);
        let sql = format!(
            "SELECT {POINT_COLUMNS} FROM {} WHERE {}
             ORDER BY TimeUnix DESC, MetricName, SeriesId, QueuePosition DESC LIMIT ? OFFSET ?",
            self.points_view(),
            filter.sql()
        );
        filter.params.extend(page_params(query.page));
        let rows: Vec<PointFetch> = self.fetch_all(&sql, &filter.params).await?;
        Ok(rows
            .into_iter()
            .map(|r| MetricPoint {
                name: r.name,
                kind: r.kind,
                unit: r.unit,
                description: r.description,
                service_name: r.service_name,
                time_unix_nano: u64_of(r.time_ns),
                start_time_unix_nano: u64_of(r.start_time_ns),
                value: r.value,
                is_monotonic: r.is_monotonic,
                temporality: r.temporality,
                count: r.count,
                sum: r.sum,
                min: r.min,
                max: r.max,
                explicit_bounds: r.explicit_bounds,
                bucket_counts: r.bucket_counts,
                scale: r.scale,
                zero_count: r.zero_count,
                positive_offset: r.positive_offset,
                positive_bucket_counts: r.positive_bucket_counts,
                negative_offset: r.negative_offset,
                negative_bucket_counts: r.negative_bucket_counts,
                quantiles: r.quantiles.into_iter().zip(r.quantile_values).collect(),
                flags: r.flags,
                attributes: attributes(r.attributes),
                resource_attributes: attributes(r.resource_attributes),
            })
            .collect())
    }

    pub(super) async fn metric_names(
        &self,
        tenant: &TenantId,
        range: TimeRange,
    ) -> Result<Vec<MetricName>> {
        let mut filter = Where::tenant(tenant);
        filter.range("TimeUnix", range);
        let sql = format!(
            "SELECT toString(MetricName) AS name, Kind AS kind,
                    toString(argMax(MetricUnit, TimeUnix)) AS unit,
                    argMax(MetricDescription, TimeUnix) AS description,
                    count() AS point_count, toUnixTimestamp64Nano(max(TimeUnix)) AS last_seen
             FROM {} WHERE {} GROUP BY MetricName, Kind ORDER BY name, kind",
            self.points_view(),
            filter.sql()
        );
        let rows: Vec<NameRow> = self.fetch_all(&sql, &filter.params).await?;
        Ok(rows
            .into_iter()
            .map(|r| MetricName {
                name: r.name,
                kind: r.kind,
                unit: r.unit,
                description: r.description,
                point_count: r.point_count,
                last_seen_unix_nano: u64_of(r.last_seen),
            })
            .collect())
    }

    pub(super) async fn metric_aggregate(&self, query: &MetricQuery) -> Result<MetricAggregate> {
        let name = query
            .name
            .clone()
            .ok_or_else(|| Error::invalid("a metric name is required for an aggregate"))?;
        let filter = metric_filter(query);
        let sql = format!(
            "SELECT count() AS count, sum(v) AS sum, avg(v) AS avg, min(v) AS min, max(v) AS max,
                    {PERCENTILES}(v) AS q
             FROM (SELECT assumeNotNull(Value) AS v FROM {} WHERE {} AND {NUMBER_KINDS})",
            self.points_view(),
            filter.sql()
        );
        let row: NumberAggregateRow =
            self.select(&sql, &filter.params).fetch_one().await.map_err(error)?;
        if row.count > 0 {
            return Ok(MetricAggregate {
                name,
                count: row.count,
                sum: row.sum,
                avg: Some(row.avg),
                min: Some(row.min),
                max: Some(row.max),
                p50: row.q.first().copied(),
                p95: row.q.get(1).copied(),
                p99: row.q.get(2).copied(),
            });
        }
        if let Some(aggregate) =
            fold::histogram_aggregate(&name, self.histogram_points(&filter).await?)
        {
            return Ok(aggregate);
        }
        if let Some(aggregate) = fold::summary_aggregate(&name, self.summary_points(&filter).await?)
        {
            return Ok(aggregate);
        }
        Ok(MetricAggregate { name, ..MetricAggregate::default() })
    }

    /// Histogram points in time order.
    async fn histogram_points(&self, filter: &Where) -> Result<Vec<HistogramPoint>> {
        let sql = format!(
            "SELECT {HISTOGRAM_COLUMNS} FROM {} WHERE {} AND {HISTOGRAM_KINDS}
             ORDER BY TimeUnix, SeriesId",
            self.points_view(),
            filter.sql()
        );
        let rows: Vec<HistogramFetch> = self.fetch_all(&sql, &filter.params).await?;
        Ok(rows.into_iter().map(HistogramFetch::point).collect())
    }

    async fn summary_points(&self, filter: &Where) -> Result<Vec<SummaryPoint>> {
        let sql = format!(
            "SELECT SeriesId AS series_id, toUnixTimestamp64Nano(TimeUnix) AS time_ns,
                    Count AS count, Sum AS sum, Quantiles AS quantiles,
                    QuantileValues AS quantile_values
             FROM {} WHERE {} AND Kind = 'summary' ORDER BY TimeUnix, SeriesId",
            self.points_view(),
            filter.sql()
        );
        let rows: Vec<SummaryFetch> = self.fetch_all(&sql, &filter.params).await?;
        Ok(rows
            .into_iter()
            .map(|r| SummaryPoint {
                series_id: r.series_id,
                time_ns: u64_of(r.time_ns),
                count: r.count.unwrap_or(0),
                sum: r.sum.unwrap_or(0.0),
                quantiles: r.quantiles.into_iter().zip(r.quantile_values).collect(),
            })
            .collect())
    }

    pub(super) async fn metric_series(&self, query: &SeriesQuery) -> Result<Vec<SeriesPoint>> {
        let range = query.metric.range;
        let step_ns = query.step_ns;
        bucket_count(range, step_ns)?;
        let filter = metric_filter(&query.metric);
        let aggregate = match query.function {
            SeriesFunction::Avg => "avg(v)".to_owned(),
            SeriesFunction::Sum => "sum(v)".to_owned(),
            SeriesFunction::Min => "min(v)".to_owned(),
            SeriesFunction::Max => "max(v)".to_owned(),
            SeriesFunction::Count => "toFloat64(count())".to_owned(),
            SeriesFunction::Rate => return self.rate_series(query, &filter).await,
            SeriesFunction::Quantile(percent) if percent > 100 => {
                return Err(Error::invalid(format!("quantile {percent} is above 100")));
            }
            // A number formatted from a validated `u8`: no user text reaches the SQL.
            SeriesFunction::Quantile(percent) => {
                format!("quantileExactInclusive({})(v)", f64::from(percent) / 100.0)
            }
        };
        let sql = format!(
            "SELECT intDiv(toUnixTimestamp64Nano(TimeUnix) - toInt64(?), toInt64(?)) AS bucket,
                    toFloat64({aggregate}) AS value
             FROM (SELECT TimeUnix, assumeNotNull(Value) AS v FROM {} WHERE {} AND {NUMBER_KINDS})
             GROUP BY bucket ORDER BY bucket",
            self.points_view(),
            filter.sql()
        );
        let mut params = vec![nanos(range.start_ns), nanos(step_ns)];
        params.extend(filter.params.iter().cloned());
        let rows: Vec<SeriesRow> = self.fetch_all(&sql, &params).await?;
        if let SeriesFunction::Quantile(percent) = query.function
            && rows.is_empty()
        {
            // No gauge or sum values: estimate from histograms, else from summaries.
            let q = f64::from(percent) / 100.0;
            let histograms = self.histogram_points(&filter).await?;
            if !histograms.is_empty() {
                return Ok(fold::histogram_quantile_series(range, step_ns, q, histograms));
            }
            let summaries = self.summary_points(&filter).await?;
            return Ok(fold::summary_quantile_series(range, step_ns, q, summaries));
        }
        let buckets = rows.into_iter().map(|r| (u64_of(r.bucket), r.value)).collect();
        Ok(series_points(range, step_ns, buckets))
    }

    async fn rate_series(&self, query: &SeriesQuery, filter: &Where) -> Result<Vec<SeriesPoint>> {
        let sql = format!(
            "SELECT SeriesId AS series_id, toUnixTimestamp64Nano(TimeUnix) AS time_ns,
                    toUnixTimestamp64Nano(StartTimeUnix) AS start_time_ns,
                    assumeNotNull(Value) AS value, Temporality AS temporality,
                    IsMonotonic AS is_monotonic
             FROM {} WHERE {} AND {NUMBER_KINDS} ORDER BY SeriesId, TimeUnix",
            self.points_view(),
            filter.sql()
        );
        let rows: Vec<NumberFetch> = self.fetch_all(&sql, &filter.params).await?;
        let points: Vec<NumberPoint> = rows
            .into_iter()
            .map(|r| NumberPoint {
                series_id: r.series_id,
                time_ns: u64_of(r.time_ns),
                start_time_ns: u64_of(r.start_time_ns),
                value: r.value,
                delta: r.temporality.as_deref() == Some("delta"),
                monotonic: r.is_monotonic.unwrap_or(false),
            })
            .collect();
        Ok(fold::rate_series(query.metric.range, query.step_ns, &points))
    }
}

// ---- retention -----------------------------------------------------------------------------

impl ClickHouseStore {
    /// Deletes rows older than the policy, counting them first. The tables' TTL does the same
    /// on its own schedule; this makes a changed policy take effect at once.
    pub(super) async fn retention(
        &self,
        policy: RetentionPolicy,
        now_unix_nanos: u64,
    ) -> Result<RetentionReport> {
        let cutoff = |age: std::time::Duration| {
            nanos(now_unix_nanos.saturating_sub(u64::try_from(age.as_nanos()).unwrap_or(u64::MAX)))
        };
        let spans = self.delete_older("otel_traces", "Timestamp", cutoff(policy.traces)).await?;
        self.delete_older("otel_traces_trace_id_ts", "End", cutoff(policy.traces)).await?;
        let logs = self.delete_older("otel_logs", "Timestamp", cutoff(policy.logs)).await?;
        let mut points = 0;
        for kind in ["gauge", "sum", "histogram", "exponential_histogram", "summary"] {
            let table = format!("otel_metrics_{kind}");
            points += self.delete_older(&table, "TimeUnix", cutoff(policy.metrics)).await?;
        }
        Ok(RetentionReport { spans_deleted: spans, logs_deleted: logs, points_deleted: points })
    }

    async fn delete_older(&self, table: &str, column: &str, cutoff: Param) -> Result<u64> {
        let table = format!("{}.{table}", self.db);
        let condition = format!("{column} < fromUnixTimestamp64Nano(toInt64(?))");
        let count: u64 = self
            .select(
                &format!("SELECT count() FROM {table} WHERE {condition}"),
                std::slice::from_ref(&cutoff),
            )
            .fetch_one()
            .await
            .map_err(error)?;
        if count > 0 {
            // A Distributed table takes no mutations: in cluster mode they go to every node's
            // local table.
            let target = match &self.cluster {
                Some(cluster) => format!("{table}_local ON CLUSTER {}", quote_identifier(cluster)),
                None => table,
            };
            self.select(&format!("ALTER TABLE {target} DELETE WHERE {condition}"), &[cutoff])
                .with_setting("mutations_sync", "2")
                .execute()
                .await
                .map_err(error)?;
        }
        Ok(count)
    }
}
