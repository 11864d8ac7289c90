//! The read path for spans, traces, logs and counts, and the store's `TelemetryQuery` (metric
//! reads are in `metrics.rs`). Every statement runs in a transaction scoped to one tenant
//! (row-level security) and takes user input only as bound parameters. Percentiles are
//! `percentile_cont` (the same interpolation as the other stores); what SQL cannot say
//! portably is folded in `crate::fold`.

use async_trait::async_trait;
use ophion_core::query::{
    HistogramBucket, KeyPart, ListOrder, LogQuery, LogRecordRow, MetricAggregate, MetricName,
    MetricPoint, MetricQuery, OperationPoint, Paged, RedQuery, SeriesPoint, SeriesQuery,
    ServiceEdge, ServicePoint, ServiceSummary, SpanEvent, SpanLink, SpanQuery, SpanRecord, Stats,
    TelemetryQuery, TimeRange, TraceSummary,
};
use ophion_core::{Error, Result, TenantId};
use sqlx::postgres::PgRow;
use sqlx::{Postgres, Row};

use super::append::i64_of;
use super::error::error;
use super::filter::Sql;
use super::{PostgresStore, metrics};
use crate::encoding::{
    STATUS_CODE_ERROR, json_or_string, parse_trace_id, span_kind_name, status_code_name,
};
use crate::filter::{Dialect, Filter, Keyset, Signal, SortKey, snake_case_service_map};
use crate::fold::{self, bucket_count};
use crate::rows::{StoredEvent, StoredLink};

pub(super) const PERCENTILES: &str = "percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP";

pub(super) fn u64_of(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

fn id_hex(bytes: Option<Vec<u8>>) -> String {
    bytes.map(hex::encode).unwrap_or_default()
}

fn percentiles_ms(q: Option<Vec<f64>>) -> (f64, f64, f64) {
    let q = q.unwrap_or_default();
    let at = |i: usize| q.get(i).copied().map_or(0.0, |ns| ns / 1e6);
    (at(0), at(1), at(2))
}

pub(super) fn attributes(text: &str) -> ophion_core::query::Attributes {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(map)) => map.into_iter().collect(),
        _ => Default::default(),
    }
}

/// Reads column `idx`, naming the column in the error.
pub(super) fn get<'r, T>(row: &'r PgRow, idx: usize) -> std::result::Result<T, sqlx::Error>
where
    T: sqlx::Decode<'r, Postgres> + sqlx::Type<Postgres>,
{
    row.try_get(idx)
}

pub(super) fn decode<T>(
    rows: Vec<PgRow>,
    map: impl Fn(&PgRow) -> std::result::Result<T, sqlx::Error>,
) -> Result<Vec<T>> {
    rows.iter().map(|row| map(row).map_err(error)).collect()
}

impl PostgresStore {
    /// Runs a read as `tenant`: row-level security shows the transaction that tenant's rows
    /// only, whatever the SQL's own filter says.
    pub(super) async fn rows(&self, tenant: &TenantId, sql: &mut Sql) -> Result<Vec<PgRow>> {
        let mut tx = self.pool.begin().await.map_err(error)?;
        scope_to(&mut tx, tenant.as_str()).await?;
        let rows = sql.builder().build().fetch_all(&mut *tx).await.map_err(error)?;
        tx.commit().await.map_err(error)?;
        Ok(rows)
    }
}

/// Names the tenant a transaction may see (`*`: all, for the writer and retention).
pub(super) async fn scope_to(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    tenant: &str,
) -> Result<()> {
    sqlx::query("SELECT set_config('ophion.tenant', $1, true)")
        .bind(tenant)
        .execute(&mut **tx)
        .await
        .map_err(error)?;
    Ok(())
}

// ---- spans ---------------------------------------------------------------------------------

const SPAN_COLUMNS: &str = "trace_id, span_id, parent_span_id, trace_state, name, kind, \
    service_name, start_ns, duration_ns, status_code, status_message, attributes::text, \
    resource_attributes::text, scope_name, scope_version, events::text, links::text, flags, \
    dropped_attributes_count, dropped_events_count, dropped_links_count, queue_position, \
    row_ordinal";

/// The store's tie-break of a row whose last two columns are `queue_position, row_ordinal`.
pub(super) fn row_key(row: &PgRow, position: usize) -> std::result::Result<Vec<u64>, sqlx::Error> {
    let ordinal: i32 = get(row, position + 1)?;
    Ok(vec![u64_of(get(row, position)?), u64::try_from(ordinal).unwrap_or(0)])
}

fn span_key(row: &PgRow) -> std::result::Result<SortKey, sqlx::Error> {
    Ok(SortKey {
        time_ns: u64_of(get(row, 7)?),
        duration_ns: u64_of(get(row, 8)?),
        trace_id: KeyPart::Bytes(get(row, 0)?),
        span_id: KeyPart::Bytes(get(row, 1)?),
        row: row_key(row, 21)?,
        ..SortKey::default()
    })
}

fn span_from_row(row: &PgRow) -> std::result::Result<SpanRecord, sqlx::Error> {
    let json = |idx: usize| -> std::result::Result<String, sqlx::Error> { get(row, idx) };
    let decode_err = |e: serde_json::Error| sqlx::Error::Decode(Box::new(e));
    let events: Vec<StoredEvent> = serde_json::from_str(&json(15)?).map_err(decode_err)?;
    let links: Vec<StoredLink> = serde_json::from_str(&json(16)?).map_err(decode_err)?;
    let start = u64_of(get(row, 7)?);
    let duration = u64_of(get(row, 8)?);
    let nonempty = |id: Vec<u8>| (!id.is_empty()).then_some(id);
    Ok(SpanRecord {
        trace_id: id_hex(nonempty(get(row, 0)?)),
        span_id: id_hex(nonempty(get(row, 1)?)),
        parent_span_id: id_hex(get(row, 2)?),
        trace_state: get(row, 3)?,
        name: get(row, 4)?,
        kind: span_kind_name(get(row, 5)?).to_owned(),
        service_name: get(row, 6)?,
        start_time_unix_nano: start,
        end_time_unix_nano: start + duration,
        duration_ns: duration,
        status_code: status_code_name(get(row, 9)?).to_owned(),
        status_message: get(row, 10)?,
        attributes: attributes(&json(11)?),
        resource_attributes: attributes(&json(12)?),
        scope_name: get(row, 13)?,
        scope_version: get(row, 14)?,
        events: events.into_iter().map(SpanEvent::from).collect(),
        links: links.into_iter().map(SpanLink::from).collect(),
        flags: get::<i32>(row, 17)? as u32,
        dropped_attributes_count: get::<i32>(row, 18)? as u32,
        dropped_events_count: get::<i32>(row, 19)? as u32,
        dropped_links_count: get::<i32>(row, 20)? as u32,
    })
}

fn trace_from_row(row: &PgRow) -> std::result::Result<(TraceSummary, SortKey), sqlx::Error> {
    let start: i64 = get(row, 1)?;
    let end: i64 = get(row, 2)?;
    let errors = u64_of(get(row, 4)?);
    let key = SortKey {
        time_ns: u64_of(start),
        duration_ns: u64_of(end - start),
        trace_id: KeyPart::Bytes(get(row, 0)?),
        ..SortKey::default()
    };
    let summary = TraceSummary {
        trace_id: id_hex(get(row, 0)?),
        root_service: get::<Option<String>>(row, 5)?.unwrap_or_default(),
        root_name: get::<Option<String>>(row, 6)?.unwrap_or_default(),
        start_time_unix_nano: u64_of(start),
        duration_ns: u64_of(end - start),
        span_count: u64_of(get(row, 3)?),
        error_count: errors,
        has_error: errors > 0,
        services: get(row, 7)?,
    };
    Ok((summary, key))
}

// ---- logs ----------------------------------------------------------------------------------

const LOG_COLUMNS: &str = "time_ns, observed_time_ns, severity_number, severity_text, \
    body::text, service_name, trace_id, span_id, flags, event_name, attributes::text, \
    resource_attributes::text, scope_name, queue_position, row_ordinal";

fn log_from_row(row: &PgRow) -> std::result::Result<(LogRecordRow, SortKey), sqlx::Error> {
    let key = SortKey {
        time_ns: u64_of(get(row, 0)?),
        observed_ns: u64_of(get(row, 1)?),
        row: row_key(row, 13)?,
        ..SortKey::default()
    };
    let record = LogRecordRow {
        time_unix_nano: u64_of(get(row, 0)?),
        observed_time_unix_nano: u64_of(get(row, 1)?),
        severity_number: get(row, 2)?,
        severity_text: get(row, 3)?,
        body: get::<Option<String>>(row, 4)?
            .map_or(serde_json::Value::Null, |b| json_or_string(&b)),
        service_name: get(row, 5)?,
        trace_id: id_hex(get(row, 6)?),
        span_id: id_hex(get(row, 7)?),
        flags: get::<i32>(row, 8)? as u32,
        event_name: get(row, 9)?,
        attributes: attributes(&get::<String>(row, 10)?),
        resource_attributes: attributes(&get::<String>(row, 11)?),
        scope_name: get(row, 12)?,
    };
    Ok((record, key))
}

#[async_trait]
impl TelemetryQuery for PostgresStore {
    async fn stats(&self, tenant: &TenantId) -> Result<Stats> {
        let counts = [
            "count(*) FROM spans WHERE",
            "count(DISTINCT trace_id) FROM spans WHERE trace_id <> ''::bytea AND",
            "count(*) FROM logs WHERE",
            "count(*) FROM metric_points WHERE",
        ];
        let mut sql = Sql::new("SELECT ");
        for (i, count) in counts.into_iter().enumerate() {
            sql.push(if i == 0 { "(SELECT " } else { ", (SELECT " }).push(count);
            sql.push(" tenant = ").bind(tenant.as_str().to_owned()).push(")");
        }
        let rows = self.rows(tenant, &mut sql).await?;
        let mut stats = decode(rows, |row| {
            Ok(Stats {
                tenant: tenant.as_str().to_owned(),
                spans: u64_of(get(row, 0)?),
                traces: u64_of(get(row, 1)?),
                logs: u64_of(get(row, 2)?),
                metric_points: u64_of(get(row, 3)?),
            })
        })?;
        stats.pop().ok_or_else(|| Error::internal("stats query returned no row"))
    }

    async fn services(&self, tenant: &TenantId, range: TimeRange) -> Result<Vec<ServiceSummary>> {
        let mut sql = Sql::new(format!(
            "SELECT service_name, count(*),
                    count(*) FILTER (WHERE status_code = {STATUS_CODE_ERROR}),
                    {PERCENTILES} (ORDER BY duration_ns)
             FROM spans WHERE "
        ));
        sql.filter("", &Filter::new(Signal::Spans, tenant, range));
        sql.push(" GROUP BY service_name ORDER BY service_name");
        let rows = self.rows(tenant, &mut sql).await?;
        decode(rows, |row| {
            let (spans, errors) = (u64_of(get(row, 1)?), u64_of(get(row, 2)?));
            let percentiles = percentiles_ms(get(row, 3)?);
            Ok(fold::service_summary(get(row, 0)?, spans, errors, range, percentiles))
        })
    }

    async fn service_map(&self, tenant: &TenantId, range: TimeRange) -> Result<Vec<ServiceEdge>> {
        let mut sql = Sql::new(format!(
            "SELECT p.service_name, c.service_name, count(*),
                    count(*) FILTER (WHERE c.status_code = {STATUS_CODE_ERROR}),
                    {PERCENTILES} (ORDER BY c.duration_ns)"
        ));
        snake_case_service_map(&mut sql, tenant, range);
        let rows = self.rows(tenant, &mut sql).await?;
        decode(rows, |row| {
            let (p50_ms, p95_ms, p99_ms) = percentiles_ms(get(row, 4)?);
            Ok(ServiceEdge {
                caller: get(row, 0)?,
                callee: get(row, 1)?,
                call_count: u64_of(get(row, 2)?),
                error_count: u64_of(get(row, 3)?),
                p50_ms,
                p95_ms,
                p99_ms,
            })
        })
    }

    async fn red_series(&self, query: &RedQuery) -> Result<Vec<OperationPoint>> {
        let RedQuery { tenant, service, range, step_ns, by_operation } = query;
        let (range, step_ns, by_operation) = (*range, *step_ns, *by_operation);
        bucket_count(range, step_ns)?;
        let operation = if by_operation { "name" } else { "''::TEXT" };
        let mut sql = Sql::new("SELECT (start_ns - ");
        sql.bind(i64_of(range.start_ns)).push(") / ").bind(i64_of(step_ns));
        sql.push(&format!(
            " AS bucket, {operation} AS operation, count(*),
                    count(*) FILTER (WHERE status_code = {STATUS_CODE_ERROR}),
                    {PERCENTILES} (ORDER BY duration_ns)
             FROM spans WHERE "
        ));
        sql.filter("", &Filter::service_spans(tenant, service, range));
        sql.push(" GROUP BY bucket, operation ORDER BY bucket, operation");
        let rows = self.rows(tenant, &mut sql).await?;
        decode(rows, |row| {
            let (p50_ms, p95_ms, p99_ms) = percentiles_ms(get(row, 4)?);
            Ok(OperationPoint {
                operation: get(row, 1)?,
                point: ServicePoint {
                    time_unix_nano: range.start_ns + u64_of(get(row, 0)?) * step_ns,
                    span_count: u64_of(get(row, 2)?),
                    error_count: u64_of(get(row, 3)?),
                    p50_ms,
                    p95_ms,
                    p99_ms,
                },
            })
        })
    }

    async fn trace(&self, tenant: &TenantId, trace_id: &str) -> Result<Vec<SpanRecord>> {
        let id = parse_trace_id(trace_id)?.to_be_bytes().to_vec();
        let key = |sql: &mut Sql| {
            sql.push("tenant = ").bind(tenant.as_str().to_owned());
            sql.push(" AND trace_id = ").bind(id.clone());
        };
        // The trace index bounds the scan to the partitions of the trace's time range.
        let mut sql = Sql::new(
            "WITH bounds AS (
                SELECT min(start_time) AS lo, max(end_time) AS hi FROM trace_index WHERE ",
        );
        key(&mut sql);
        sql.push(&format!(
            ")
             SELECT {SPAN_COLUMNS} FROM spans, bounds
             WHERE start_time >= bounds.lo AND start_time <= bounds.hi AND "
        ));
        key(&mut sql);
        sql.push(" ORDER BY start_ns, span_id");
        let rows = self.rows(tenant, &mut sql).await?;
        decode(rows, span_from_row)
    }

    async fn search_traces(&self, query: &SpanQuery) -> Result<Paged<TraceSummary>> {
        let keyset = Keyset::new::<Sql>(ListOrder::Traces(query.sort), &query.page)?;
        // A trace matches when any of its spans does; its summary covers all of its spans.
        let mut sql = Sql::new("WITH matched AS (SELECT DISTINCT trace_id FROM spans WHERE ");
        sql.filter("", &Filter::spans(query)?);
        sql.push(&format!(
            " AND trace_id <> ''::bytea
             )
             SELECT * FROM (
                SELECT s.trace_id, min(s.start_ns) AS t_start,
                       max(s.start_ns + s.duration_ns) AS t_end, count(*),
                       count(*) FILTER (WHERE s.status_code = {STATUS_CODE_ERROR}),
                       (array_agg(s.service_name
                           ORDER BY (s.parent_span_id IS NOT NULL), s.start_ns))[1],
                       (array_agg(s.name ORDER BY (s.parent_span_id IS NOT NULL), s.start_ns))[1],
                       array_agg(DISTINCT s.service_name ORDER BY s.service_name)
                FROM spans s JOIN matched m ON m.trace_id = s.trace_id
                WHERE s.tenant = "
        ));
        sql.bind(query.tenant.as_str().to_owned());
        sql.push(" GROUP BY s.trace_id) AS traces WHERE t_start IS NOT NULL");
        sql.page("", &keyset);
        let rows = self.rows(&query.tenant, &mut sql).await?;
        Ok(keyset.page(decode(rows, trace_from_row)?))
    }

    async fn search_spans(&self, query: &SpanQuery) -> Result<Paged<SpanRecord>> {
        let keyset = Keyset::new::<Sql>(ListOrder::Spans(query.sort), &query.page)?;
        let mut sql = Sql::new(format!("SELECT {SPAN_COLUMNS} FROM spans WHERE "));
        sql.filter("", &Filter::spans(query)?).page("", &keyset);
        let rows = self.rows(&query.tenant, &mut sql).await?;
        Ok(keyset.page(decode(rows, |row| Ok((span_from_row(row)?, span_key(row)?)))?))
    }

    async fn search_logs(&self, query: &LogQuery) -> Result<Paged<LogRecordRow>> {
        let keyset = Keyset::new::<Sql>(ListOrder::Logs, &query.page)?;
        let mut sql = Sql::new(format!("SELECT {LOG_COLUMNS} FROM logs WHERE "));
        sql.filter("", &Filter::logs(query)?).page("", &keyset);
        let rows = self.rows(&query.tenant, &mut sql).await?;
        Ok(keyset.page(decode(rows, log_from_row)?))
    }

    async fn log_histogram(&self, query: &LogQuery, step_ns: u64) -> Result<Vec<HistogramBucket>> {
        let buckets = bucket_count(query.range, step_ns)?;
        let mut sql = Sql::new("SELECT (time_ns - ");
        sql.bind(i64_of(query.range.start_ns)).push(") / ").bind(i64_of(step_ns));
        sql.push(&format!(
            " AS bucket, {} AS severity, count(*) FROM logs WHERE ",
            fold::severity_group_sql("severity_number")
        ));
        sql.filter("", &Filter::logs(query)?).push(" GROUP BY bucket, severity");
        let rows = self.rows(&query.tenant, &mut sql).await?;
        let rows = decode(rows, |row| {
            Ok((get::<i64>(row, 0)?, get::<String>(row, 1)?, u64_of(get(row, 2)?)))
        })?;
        let rows = rows.into_iter().map(|(bucket, group, count)| (u64_of(bucket), group, count));
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
