//! The read path for spans, traces, logs and counts, and the store's `TelemetryQuery` (metric
//! reads are in `metrics.rs`). Every statement is scoped to one tenant; user input travels
//! only as bound values (the client escapes them into literals), never formatted into the SQL
//! text. Aggregations run in ClickHouse (`quantilesExactInclusive` is `quantile_cont`'s
//! interpolation); what SQL cannot say portably is folded in `crate::fold`, as for every store.

use async_trait::async_trait;
use clickhouse::Row;
use ophion_core::query::{
    HistogramBucket, KeyPart, ListOrder, LogQuery, LogRecordRow, MetricAggregate, MetricName,
    MetricPoint, MetricQuery, OperationPoint, Paged, RedQuery, SeriesPoint, SeriesQuery,
    ServiceEdge, ServicePoint, ServiceSummary, SpanEvent, SpanLink, SpanQuery, SpanRecord, Stats,
    TelemetryQuery, TimeRange, TraceSummary,
};
use ophion_core::{Error, Result, TenantId};
use serde::Deserialize;

use super::ClickHouseStore;
use super::error::error;
use super::filter::{Param, Sql, nanos};
use super::metrics;
use crate::encoding::{STATUS_CODE_ERROR, json_or_string, span_kind_name, status_code_name};
use crate::filter::{Dialect, Filter, Keyset, SortKey};
use crate::fold::{self, bucket_count};
use crate::rows::{AttributePairs, StoredEvent, StoredLink};

pub(super) fn attributes(pairs: AttributePairs) -> ophion_core::query::Attributes {
    pairs.into_iter().map(|(k, v)| (k, json_or_string(&v))).collect()
}

/// An all-zero id is OTLP's "none".
fn id_hex(bytes: &[u8]) -> String {
    if bytes.iter().all(|&b| b == 0) { String::new() } else { hex::encode(bytes) }
}

fn percentiles_ms(q: &[f64]) -> (f64, f64, f64) {
    let at = |i: usize| q.get(i).copied().filter(|v| v.is_finite()).map_or(0.0, |ns| ns / 1e6);
    (at(0), at(1), at(2))
}

pub(super) fn u64_of(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

pub(super) const PERCENTILES: &str = "quantilesExactInclusive(0.5, 0.95, 0.99)";
const ZERO_TRACE_ID: &str = "unhex('00000000000000000000000000000000')";

impl ClickHouseStore {
    pub(super) async fn fetch_all<T>(&self, sql: &Sql) -> Result<Vec<T>>
    where
        T: clickhouse::RowOwned + clickhouse::RowRead,
    {
        sql.query(&self.client).fetch_all().await.map_err(error)
    }

    fn traces_table(&self) -> String {
        format!("{}.otel_traces", self.db)
    }
}

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
    DroppedEventsCount AS dropped_events_count, DroppedLinksCount AS dropped_links_count, \
    QueuePosition AS queue_position, RowOrdinal AS row_ordinal";

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
    queue_position: u64,
    row_ordinal: u32,
}

impl SpanFetch {
    fn key(&self) -> SortKey {
        SortKey {
            time_ns: u64_of(self.start_ns),
            duration_ns: self.duration_ns,
            trace_id: KeyPart::Bytes(self.trace_id.to_vec()),
            span_id: KeyPart::Bytes(self.span_id.to_vec()),
            row: vec![self.queue_position, self.row_ordinal.into()],
            ..SortKey::default()
        }
    }

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

// ---- logs ----------------------------------------------------------------------------------

const LOG_COLUMNS: &str = "toUnixTimestamp64Nano(Timestamp) AS time_ns, \
    toUnixTimestamp64Nano(ObservedTimestamp) AS observed_time_ns, \
    SeverityNumber AS severity_number, toString(SeverityText) AS severity_text, Body AS body, \
    toString(ServiceName) AS service_name, TraceId AS trace_id, SpanId AS span_id, \
    Flags AS flags, toString(EventName) AS event_name, \
    CAST(LogAttributes, 'Map(String, String)') AS attributes, \
    CAST(ResourceAttributes, 'Map(String, String)') AS resource_attributes, \
    toString(ScopeName) AS scope_name, QueuePosition AS queue_position, \
    RowOrdinal AS row_ordinal";

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
    queue_position: u64,
    row_ordinal: u32,
}

impl LogFetch {
    fn record(self) -> (LogRecordRow, SortKey) {
        let key = SortKey {
            time_ns: u64_of(self.time_ns),
            observed_ns: u64_of(self.observed_time_ns),
            row: vec![self.queue_position, self.row_ordinal.into()],
            ..SortKey::default()
        };
        let record = LogRecordRow {
            time_unix_nano: u64_of(self.time_ns),
            observed_time_unix_nano: u64_of(self.observed_time_ns),
            severity_number: self.severity_number,
            severity_text: self.severity_text,
            body: self.body.map_or(serde_json::Value::Null, |b| json_or_string(&b)),
            service_name: self.service_name,
            trace_id: self.trace_id.map(|id| id_hex(&id)).unwrap_or_default(),
            span_id: self.span_id.map(|id| id_hex(&id)).unwrap_or_default(),
            flags: self.flags,
            event_name: self.event_name,
            attributes: attributes(self.attributes),
            resource_attributes: attributes(self.resource_attributes),
            scope_name: self.scope_name,
        };
        (record, key)
    }
}

#[derive(Row, Deserialize)]
struct SeverityBucketRow {
    bucket: i64,
    severity: String,
    count: u64,
}

#[async_trait]
impl TelemetryQuery for ClickHouseStore {
    async fn stats(&self, tenant: &TenantId) -> Result<Stats> {
        let db = &self.db;
        let mut sql = Sql::new(format!(
            "SELECT ifNull((SELECT count() FROM {db}.otel_traces WHERE TenantId = "
        ));
        sql.bind(Param::Text(tenant.as_str().to_owned()));
        sql.push(&format!(
            "), 0) AS spans,
             ifNull((SELECT uniqExactIf(TraceId, TraceId != {ZERO_TRACE_ID})
                     FROM {db}.otel_traces WHERE TenantId = "
        ));
        sql.bind(Param::Text(tenant.as_str().to_owned()));
        sql.push(&format!(
            "), 0) AS traces,
             ifNull((SELECT count() FROM {db}.otel_logs WHERE TenantId = "
        ));
        sql.bind(Param::Text(tenant.as_str().to_owned()));
        sql.push(&format!(
            "), 0) AS logs,
             ifNull((SELECT count() FROM {db}.ophion_metric_points WHERE TenantId = "
        ));
        sql.bind(Param::Text(tenant.as_str().to_owned())).push("), 0) AS points");
        let row: StatsRow = sql.query(&self.client).fetch_one().await.map_err(error)?;
        Ok(Stats {
            tenant: tenant.as_str().to_owned(),
            spans: row.spans,
            traces: row.traces,
            logs: row.logs,
            metric_points: row.points,
        })
    }

    async fn services(&self, tenant: &TenantId, range: TimeRange) -> Result<Vec<ServiceSummary>> {
        let mut sql = Sql::new(format!(
            "SELECT toString(ServiceName) AS name, count() AS span_count,
                    countIf(StatusCode = {STATUS_CODE_ERROR}) AS error_count,
                    {PERCENTILES}(toFloat64(Duration)) AS q
             FROM {} WHERE ",
            self.traces_table(),
        ));
        sql.filter("", &Filter::new(crate::filter::Signal::Spans, tenant, range));
        sql.push(" GROUP BY name ORDER BY name");
        let rows: Vec<LatencyRow> = self.fetch_all(&sql).await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let percentiles = percentiles_ms(&r.q);
                fold::service_summary(r.name, r.span_count, r.error_count, range, percentiles)
            })
            .collect())
    }

    async fn service_map(&self, tenant: &TenantId, range: TimeRange) -> Result<Vec<ServiceEdge>> {
        let [children, parents] = Filter::service_map(tenant, range);
        let table = self.traces_table();
        let mut sql = Sql::new(format!(
            "SELECT toString(p.ServiceName) AS caller, toString(c.ServiceName) AS callee,
                    count() AS call_count,
                    countIf(c.StatusCode = {STATUS_CODE_ERROR}) AS error_count,
                    {PERCENTILES}(toFloat64(c.Duration)) AS q
             FROM (SELECT TraceId, assumeNotNull(ParentSpanId) AS ParentSpanId, ServiceName,
                          StatusCode, Duration
                   FROM {table} WHERE "
        ));
        sql.filter("", &children).push(" AND ParentSpanId IS NOT NULL) AS c");
        sql.push(&format!(" INNER JOIN (SELECT TraceId, SpanId, ServiceName FROM {table} WHERE "));
        sql.filter("", &parents);
        sql.push(
            ") AS p ON p.TraceId = c.TraceId AND p.SpanId = c.ParentSpanId
             WHERE p.ServiceName != c.ServiceName
             GROUP BY caller, callee ORDER BY caller, callee",
        );
        let rows: Vec<EdgeRow> = self.fetch_all(&sql).await?;
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

    async fn red_series(&self, query: &RedQuery) -> Result<Vec<OperationPoint>> {
        let RedQuery { tenant, service, range, step_ns, by_operation } = query;
        let (range, step_ns, by_operation) = (*range, *step_ns, *by_operation);
        bucket_count(range, step_ns)?;
        let operation = if by_operation { "toString(SpanName)" } else { "''" };
        let mut sql = Sql::new("SELECT intDiv(toUnixTimestamp64Nano(Timestamp) - toInt64(");
        sql.bind(nanos(range.start_ns)).push("), toInt64(").bind(nanos(step_ns));
        sql.push(&format!(
            ")) AS bucket, {operation} AS operation,
                    count() AS span_count, countIf(StatusCode = {STATUS_CODE_ERROR}) AS error_count,
                    {PERCENTILES}(toFloat64(Duration)) AS q
             FROM {} WHERE ",
            self.traces_table(),
        ));
        sql.filter("", &Filter::service_spans(tenant, service, range));
        sql.push(" GROUP BY bucket, operation ORDER BY bucket, operation");
        let rows: Vec<BucketRow> = self.fetch_all(&sql).await?;
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

    async fn trace(&self, tenant: &TenantId, trace_id: &str) -> Result<Vec<SpanRecord>> {
        let id = crate::encoding::parse_trace_id(trace_id)?;
        if id == 0 {
            return Ok(Vec::new());
        }
        let key = |sql: &mut Sql| {
            sql.bind(Param::Text(tenant.as_str().to_owned()));
            sql.push(" AND TraceId = unhex(").bind(Param::Text(format!("{id:032x}"))).push(")");
        };
        // The trace-id table bounds the scan to the trace's time range.
        let db = &self.db;
        let mut sql = Sql::new(format!(
            "WITH bounds AS (
                SELECT min(Start) AS lo, max(End) AS hi FROM {db}.otel_traces_trace_id_ts
                WHERE TenantId = "
        ));
        key(&mut sql);
        sql.push(&format!(") SELECT {SPAN_COLUMNS} FROM {db}.otel_traces WHERE TenantId = "));
        key(&mut sql);
        sql.push(
            " AND Timestamp >= (SELECT lo FROM bounds) AND Timestamp <= (SELECT hi FROM bounds)
             ORDER BY Timestamp, SpanId",
        );
        let rows: Vec<SpanFetch> = self.fetch_all(&sql).await?;
        rows.into_iter().map(SpanFetch::record).collect()
    }

    async fn search_traces(&self, query: &SpanQuery) -> Result<Paged<TraceSummary>> {
        let keyset = Keyset::new::<Sql>(ListOrder::Traces(query.sort), &query.page)?;
        // A trace matches when any of its spans does; its summary covers all of its spans.
        let table = self.traces_table();
        let mut sql = Sql::new(format!(
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
             WHERE TenantId = "
        ));
        sql.bind(Param::Text(query.tenant.as_str().to_owned()));
        sql.push(&format!(" AND TraceId IN (SELECT DISTINCT TraceId FROM {table} WHERE "));
        sql.filter("", &Filter::spans(query)?);
        sql.push(&format!(" AND TraceId != {ZERO_TRACE_ID}) GROUP BY TraceId"));
        sql.push(" HAVING 1").page("", &keyset);
        let rows: Vec<TraceRow> = self.fetch_all(&sql).await?;
        let rows = rows.into_iter().map(|r| {
            let key = SortKey {
                time_ns: u64_of(r.start_ns),
                duration_ns: u64_of(r.duration_ns),
                trace_id: KeyPart::Bytes(r.trace_id.to_vec()),
                ..SortKey::default()
            };
            let summary = TraceSummary {
                trace_id: id_hex(&r.trace_id),
                root_service: r.root_service,
                root_name: r.root_name,
                start_time_unix_nano: key.time_ns,
                duration_ns: key.duration_ns,
                span_count: r.span_count,
                error_count: r.error_count,
                has_error: r.error_count > 0,
                services: r.services,
            };
            (summary, key)
        });
        Ok(keyset.page(rows.collect()))
    }

    async fn search_spans(&self, query: &SpanQuery) -> Result<Paged<SpanRecord>> {
        let keyset = Keyset::new::<Sql>(ListOrder::Spans(query.sort), &query.page)?;
        let mut sql =
            Sql::new(format!("SELECT {SPAN_COLUMNS} FROM {} WHERE ", self.traces_table()));
        sql.filter("", &Filter::spans(query)?).page("", &keyset);
        let rows: Vec<SpanFetch> = self.fetch_all(&sql).await?;
        let rows = rows.into_iter().map(|r| {
            let key = r.key();
            Ok((r.record()?, key))
        });
        Ok(keyset.page(rows.collect::<Result<_>>()?))
    }

    async fn search_logs(&self, query: &LogQuery) -> Result<Paged<LogRecordRow>> {
        let keyset = Keyset::new::<Sql>(ListOrder::Logs, &query.page)?;
        let mut sql = Sql::new(format!("SELECT {LOG_COLUMNS} FROM {}.otel_logs WHERE ", self.db));
        sql.filter("", &Filter::logs(query)?).page("", &keyset);
        let rows: Vec<LogFetch> = self.fetch_all(&sql).await?;
        Ok(keyset.page(rows.into_iter().map(LogFetch::record).collect()))
    }

    async fn log_histogram(&self, query: &LogQuery, step_ns: u64) -> Result<Vec<HistogramBucket>> {
        let buckets = bucket_count(query.range, step_ns)?;
        let mut sql = Sql::new("SELECT intDiv(toUnixTimestamp64Nano(Timestamp) - toInt64(");
        sql.bind(nanos(query.range.start_ns)).push("), toInt64(").bind(nanos(step_ns));
        sql.push(&format!(
            ")) AS bucket, {} AS severity, count() AS count FROM {}.otel_logs WHERE ",
            fold::severity_group_sql("SeverityNumber"),
            self.db,
        ));
        sql.filter("", &Filter::logs(query)?).push(" GROUP BY bucket, severity");
        let rows: Vec<SeverityBucketRow> = self.fetch_all(&sql).await?;
        let rows = rows.into_iter().map(|r| (u64_of(r.bucket), r.severity, r.count));
        Ok(fold::severity_histogram(query.range, step_ns, buckets, rows))
    }

    async fn metric_points(&self, query: &MetricQuery) -> Result<Paged<MetricPoint>> {
        metrics::points(self, query).await
    }

    async fn metric_names(&self, tenant: &TenantId, range: TimeRange) -> Result<Vec<MetricName>> {
        metrics::names(self, tenant, range).await
    }

    async fn metric_aggregate(&self, query: &MetricQuery) -> Result<MetricAggregate> {
        metrics::aggregate(self, query).await
    }

    async fn metric_series(&self, query: &SeriesQuery) -> Result<Vec<SeriesPoint>> {
        metrics::series(self, query).await
    }
}
