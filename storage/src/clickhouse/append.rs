//! The write path: rows as RowBinary inserts, one per table per append, each with a
//! deduplication token derived from the instance and the queue range it carries.
//!
//! ClickHouse has no transaction across tables, so exactly-once rests on three things:
//! 1. before its rows, an append records the range it is writing (`ophion_inflight`);
//! 2. every insert carries the token `{instance}:{first}-{last}`, so writing the same range
//!    again adds nothing to the parts that already landed (per table, per partition);
//! 3. the applied position is recorded last. After a crash the first append finds the range
//!    in flight and writes exactly that range again before anything else, whatever the
//!    writer's grouping is now.

use std::time::Duration;

use clickhouse::{Row, RowOwned, RowWrite};
use ophion_core::{AppliedBatch, QueuePosition, Result};
use serde::Serialize;

use super::{ClickHouseStore, error};
use crate::rows::{AttributePairs, LogRow, PointRow, PointValues, Rows, SpanRow};

/// Tries per insert; a network failure is retried with the same token, so it cannot duplicate.
const INSERT_ATTEMPTS: u32 = 4;
const RETRY_BASE: Duration = Duration::from_millis(100);

/// `DateTime64(9)` travels as nanoseconds in an `Int64`; times past 2262 are clamped.
fn nanos(ns: u64) -> i64 {
    i64::try_from(ns).unwrap_or(i64::MAX)
}

#[derive(Row, Serialize)]
#[serde(rename_all = "PascalCase")]
struct TraceInsert {
    tenant_id: String,
    timestamp: i64,
    duration: u64,
    trace_id: [u8; 16],
    span_id: [u8; 8],
    parent_span_id: Option<[u8; 8]>,
    trace_state: String,
    flags: u32,
    span_name: String,
    span_kind: i32,
    status_code: i32,
    status_message: String,
    service_name: String,
    http_method: Option<String>,
    http_route: Option<String>,
    http_status_code: Option<i64>,
    url_full: Option<String>,
    server_address: Option<String>,
    db_system: Option<String>,
    db_name: Option<String>,
    db_operation: Option<String>,
    rpc_system: Option<String>,
    rpc_service: Option<String>,
    rpc_method: Option<String>,
    k8s_namespace: Option<String>,
    k8s_pod: Option<String>,
    k8s_deployment: Option<String>,
    deployment_environment: Option<String>,
    span_attributes: AttributePairs,
    resource_attributes: AttributePairs,
    scope_name: String,
    scope_version: String,
    events: String,
    links: String,
    dropped_attributes_count: u32,
    dropped_events_count: u32,
    dropped_links_count: u32,
    queue_position: u64,
    row_ordinal: u32,
    retention_days: u16,
}

impl TraceInsert {
    fn new(row: SpanRow, retention_days: u16) -> Self {
        let duration = row.duration_ns();
        // In `rows::hot_text_keys` order; a longer or shorter key table does not compile here.
        let [
            http_method,
            http_route,
            url_full,
            server_address,
            db_system,
            db_name,
            db_operation,
            rpc_system,
            rpc_service,
            rpc_method,
            k8s_namespace,
            k8s_pod,
            k8s_deployment,
            deployment_environment,
        ] = row.hot_text;
        Self {
            tenant_id: row.tenant,
            timestamp: nanos(row.start_ns),
            duration,
            // All zeros is OTLP's invalid id: what a span without one is stored as.
            trace_id: row.trace_id.unwrap_or_default(),
            span_id: row.span_id.unwrap_or_default(),
            parent_span_id: row.parent_span_id,
            trace_state: row.trace_state,
            flags: row.flags,
            span_name: row.name,
            span_kind: row.kind,
            status_code: row.status_code,
            status_message: row.status_message,
            service_name: row.service_name,
            http_method,
            http_route,
            http_status_code: row.http_status_code,
            url_full,
            server_address,
            db_system,
            db_name,
            db_operation,
            rpc_system,
            rpc_service,
            rpc_method,
            k8s_namespace,
            k8s_pod,
            k8s_deployment,
            deployment_environment,
            span_attributes: row.attributes,
            resource_attributes: row.resource_attributes,
            scope_name: row.scope_name,
            scope_version: row.scope_version,
            events: row.events,
            links: row.links,
            dropped_attributes_count: row.dropped_attributes_count,
            dropped_events_count: row.dropped_events_count,
            dropped_links_count: row.dropped_links_count,
            queue_position: row.position,
            row_ordinal: row.ordinal,
            retention_days,
        }
    }
}

#[derive(Row, Serialize)]
#[serde(rename_all = "PascalCase")]
struct LogInsert {
    tenant_id: String,
    timestamp: i64,
    observed_timestamp: i64,
    severity_number: i32,
    severity_text: String,
    body: Option<String>,
    body_text: String,
    service_name: String,
    trace_id: Option<[u8; 16]>,
    span_id: Option<[u8; 8]>,
    flags: u32,
    event_name: String,
    log_attributes: AttributePairs,
    resource_attributes: AttributePairs,
    scope_name: String,
    scope_version: String,
    dropped_attributes_count: u32,
    queue_position: u64,
    row_ordinal: u32,
    retention_days: u16,
}

impl LogInsert {
    fn new(row: LogRow, retention_days: u16) -> Self {
        Self {
            tenant_id: row.tenant,
            timestamp: nanos(row.time_ns),
            observed_timestamp: nanos(row.observed_time_ns),
            severity_number: row.severity_number,
            severity_text: row.severity_text,
            body: row.body,
            body_text: row.body_text,
            service_name: row.service_name,
            trace_id: row.trace_id,
            span_id: row.span_id,
            flags: row.flags,
            event_name: row.event_name,
            log_attributes: row.attributes,
            resource_attributes: row.resource_attributes,
            scope_name: row.scope_name,
            scope_version: row.scope_version,
            dropped_attributes_count: row.dropped_attributes_count,
            queue_position: row.position,
            row_ordinal: row.ordinal,
            retention_days,
        }
    }
}

/// The columns every metric table shares, then the type's own.
macro_rules! metric_insert {
    ($name:ident, |$v:ident| { $($field:ident: $ty:ty = $value:expr),* $(,)? }) => {
        #[derive(Row, Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct $name {
            tenant_id: String,
            metric_name: String,
            metric_description: String,
            metric_unit: String,
            service_name: String,
            series_id: u64,
            attributes: AttributePairs,
            resource_attributes: AttributePairs,
            scope_name: String,
            scope_version: String,
            start_time_unix: i64,
            time_unix: i64,
            flags: u32,
            queue_position: u64,
            row_ordinal: u32,
            retention_days: u16,
            $($field: $ty,)*
        }

        impl $name {
            #[allow(unused_mut)]
            fn new(row: PointRow, retention_days: u16) -> Self {
                let mut $v: PointValues = row.values;
                Self {
                    tenant_id: row.tenant,
                    metric_name: row.name,
                    metric_description: row.description,
                    metric_unit: row.unit,
                    service_name: row.service_name,
                    series_id: row.series_id,
                    attributes: row.attributes,
                    resource_attributes: row.resource_attributes,
                    scope_name: row.scope_name,
                    scope_version: row.scope_version,
                    start_time_unix: nanos(row.start_time_ns),
                    time_unix: nanos(row.time_ns),
                    flags: row.flags,
                    queue_position: row.position,
                    row_ordinal: row.ordinal,
                    retention_days,
                    $($field: $value,)*
                }
            }
        }
    };
}

/// OTLP's `AggregationTemporality` number back from its name.
fn temporality(v: &PointValues) -> i32 {
    match v.temporality {
        Some("delta") => 1,
        Some("cumulative") => 2,
        _ => 0,
    }
}

metric_insert!(GaugeInsert, |v| { value: Option<f64> = v.value });
metric_insert!(SumInsert, |v| {
    value: Option<f64> = v.value,
    aggregation_temporality: i32 = temporality(&v),
    is_monotonic: bool = v.is_monotonic.unwrap_or(false),
});
metric_insert!(HistogramInsert, |v| {
    count: u64 = v.count.unwrap_or(0),
    sum: Option<f64> = v.sum,
    min: Option<f64> = v.min,
    max: Option<f64> = v.max,
    bucket_counts: Vec<u64> = v.bucket_counts.take().unwrap_or_default(),
    explicit_bounds: Vec<f64> = v.explicit_bounds.take().unwrap_or_default(),
    aggregation_temporality: i32 = temporality(&v),
});
metric_insert!(ExponentialHistogramInsert, |v| {
    count: u64 = v.count.unwrap_or(0),
    sum: Option<f64> = v.sum,
    min: Option<f64> = v.min,
    max: Option<f64> = v.max,
    scale: i32 = v.scale.unwrap_or(0),
    zero_count: u64 = v.zero_count.unwrap_or(0),
    zero_threshold: f64 = v.zero_threshold.unwrap_or(0.0),
    positive_offset: i32 = v.positive_offset.unwrap_or(0),
    positive_bucket_counts: Vec<u64> = v.positive_bucket_counts.take().unwrap_or_default(),
    negative_offset: i32 = v.negative_offset.unwrap_or(0),
    negative_bucket_counts: Vec<u64> = v.negative_bucket_counts.take().unwrap_or_default(),
    aggregation_temporality: i32 = temporality(&v),
});
metric_insert!(SummaryInsert, |v| {
    count: u64 = v.count.unwrap_or(0),
    sum: f64 = v.sum.unwrap_or(0.0),
    quantiles: Vec<f64> = v.quantiles.take().unwrap_or_default(),
    quantile_values: Vec<f64> = v.quantile_values.take().unwrap_or_default(),
});

#[derive(Row, Serialize)]
#[serde(rename_all = "PascalCase")]
struct InflightInsert {
    instance: String,
    first: u64,
    last: u64,
}

#[derive(Row, Serialize)]
#[serde(rename_all = "PascalCase")]
struct PositionInsert {
    instance: String,
    position: u64,
}

/// The longest retention the TTL expresses: `DateTime` (the TTL's type) ends in 2106.
const MAX_RETENTION_DAYS: u64 = 40 * 365;

#[derive(Row, Serialize)]
#[serde(rename_all = "PascalCase")]
struct LeaseInsert {
    job: String,
    period: u64,
    holder: String,
}

/// Days, rounded up, for the `RetentionDays` column that drives the tables' TTL. Rows already
/// past it are dropped as they are inserted.
fn days(age: Duration) -> u16 {
    let days = age.as_secs().div_ceil(86_400).clamp(1, MAX_RETENTION_DAYS);
    u16::try_from(days).unwrap_or(u16::MAX)
}

impl ClickHouseStore {
    pub(super) async fn read_applied(&self) -> Result<Option<QueuePosition>> {
        let sql = format!(
            "SELECT maxOrNull(Position) FROM {}.ophion_applied_position WHERE Instance = ?",
            self.db
        );
        self.client.query(&sql).bind(&self.instance).fetch_one().await.map_err(error)
    }

    /// The range this instance was writing when it stopped, if it did not finish.
    async fn read_inflight(&self) -> Result<Option<(u64, u64)>> {
        let sql = format!(
            "SELECT argMax(First, At), argMax(Last, At) FROM {}.ophion_inflight
             WHERE Instance = ? HAVING count() > 0",
            self.db
        );
        self.client.query(&sql).bind(&self.instance).fetch_optional().await.map_err(error)
    }

    pub(super) async fn write(&self, batches: Vec<AppliedBatch>) -> Result<()> {
        // One append at a time per instance: the in-flight record names one range.
        let _guard = self.append_lock.lock().await;
        let applied = self.read_applied().await?;
        let mut fresh: Vec<&AppliedBatch> =
            batches.iter().filter(|b| applied.is_none_or(|a| b.position > a)).collect();
        fresh.sort_by_key(|b| b.position);
        if fresh.is_empty() {
            return Ok(());
        }
        // A range left in flight is written again exactly, before the rest.
        if let Some((first, last)) = self.read_inflight().await? {
            let covers = fresh.first().is_some_and(|b| b.position == first)
                && fresh.last().is_some_and(|b| b.position >= last);
            if covers && applied.is_none_or(|a| a < first) {
                let split = fresh.partition_point(|b| b.position <= last);
                let rest = fresh.split_off(split);
                self.write_range(&fresh, first, last).await?;
                fresh = rest;
            }
        }
        if let (Some(first), Some(last)) = (fresh.first(), fresh.last()) {
            let (first, last) = (first.position, last.position);
            self.write_range(&fresh, first, last).await?;
        }
        Ok(())
    }

    async fn write_range(&self, batches: &[&AppliedBatch], first: u64, last: u64) -> Result<()> {
        self.begin_range(first, last).await?;
        self.insert_range(batches, first, last).await?;
        self.finish_range(last).await
    }

    pub(super) async fn begin_range(&self, first: u64, last: u64) -> Result<()> {
        let inflight = InflightInsert { instance: self.instance.clone(), first, last };
        self.insert_rows("ophion_inflight", None, vec![inflight]).await
    }

    /// The rows of `batches`, one insert per table under the range's token.
    pub(super) async fn insert_range(
        &self,
        batches: &[&AppliedBatch],
        first: u64,
        last: u64,
    ) -> Result<()> {
        let token = format!("{}:{first}-{last}", self.instance);
        let token = Some(token.as_str());
        let rows = Rows::of(batches)?;
        let (t, l, m) =
            (days(self.retention.traces), days(self.retention.logs), days(self.retention.metrics));
        let mut gauges = Vec::new();
        let mut sums = Vec::new();
        let mut histograms = Vec::new();
        let mut exponentials = Vec::new();
        let mut summaries = Vec::new();
        for point in rows.points {
            match point.kind {
                "gauge" => gauges.push(GaugeInsert::new(point, m)),
                "sum" => sums.push(SumInsert::new(point, m)),
                "histogram" => histograms.push(HistogramInsert::new(point, m)),
                "exponential_histogram" => {
                    exponentials.push(ExponentialHistogramInsert::new(point, m));
                }
                _ => summaries.push(SummaryInsert::new(point, m)),
            }
        }
        let spans = rows.spans.into_iter().map(|r| TraceInsert::new(r, t)).collect();
        self.insert_rows("otel_traces", token, spans).await?;
        let logs = rows.logs.into_iter().map(|r| LogInsert::new(r, l)).collect();
        self.insert_rows("otel_logs", token, logs).await?;
        self.insert_rows("otel_metrics_gauge", token, gauges).await?;
        self.insert_rows("otel_metrics_sum", token, sums).await?;
        self.insert_rows("otel_metrics_histogram", token, histograms).await?;
        self.insert_rows("otel_metrics_exponential_histogram", token, exponentials).await?;
        self.insert_rows("otel_metrics_summary", token, summaries).await
    }

    async fn finish_range(&self, last: u64) -> Result<()> {
        let position = PositionInsert { instance: self.instance.clone(), position: last };
        self.insert_rows("ophion_applied_position", None, vec![position]).await
    }

    /// Every claimant inserts a row; the earliest (by the server's clock, then by name) holds
    /// the period. Once an insert has returned, every later reader sees it, so a claimant
    /// that reads itself as the earliest is the only one that ever will.
    pub(super) async fn claim_period(&self, job: &str, period: u64, holder: &str) -> Result<bool> {
        let claim = LeaseInsert { job: job.to_owned(), period, holder: holder.to_owned() };
        self.insert_rows("ophion_leases", None, vec![claim]).await?;
        let sql = format!(
            "SELECT argMin(Holder, (At, Holder)) FROM {}.ophion_leases WHERE Job = ? AND Period = ?",
            self.db
        );
        let winner: String =
            self.client.query(&sql).bind(job).bind(period).fetch_one().await.map_err(error)?;
        Ok(winner == holder)
    }

    /// One insert, retried with jittered backoff on network trouble; `token` makes a retry
    /// of an insert that did land a no-op.
    async fn insert_rows<T>(&self, table: &str, token: Option<&str>, rows: Vec<T>) -> Result<()>
    where
        T: RowOwned + RowWrite,
    {
        if rows.is_empty() {
            return Ok(());
        }
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.insert_once(table, token, &rows).await {
                Err(e) if e.kind.is_retryable() && attempt < INSERT_ATTEMPTS => {
                    let backoff = RETRY_BASE * 2u32.pow(attempt - 1);
                    tokio::time::sleep(jitter(backoff)).await;
                }
                other => return other,
            }
        }
    }

    async fn insert_once<T>(&self, table: &str, token: Option<&str>, rows: &[T]) -> Result<()>
    where
        T: RowOwned + RowWrite,
    {
        let mut insert = self.inserts.insert::<T>(table).await.map_err(error)?;
        if let Some(token) = token {
            insert = insert
                .with_setting("insert_deduplicate", "1")
                .with_setting("insert_deduplication_token", token)
                .with_setting("deduplicate_blocks_in_dependent_materialized_views", "1");
        }
        for row in rows {
            insert.write(row).await.map_err(error)?;
        }
        insert.end().await.map_err(error)
    }
}

/// `base` scaled by a factor in [0.5, 1.5), so instances retrying together spread out.
fn jitter(base: Duration) -> Duration {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    base.mul_f64(0.5 + f64::from(nanos % 1000) / 1000.0)
}
