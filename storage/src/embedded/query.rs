//! The read path for spans, traces, logs and counts, and the store's `TelemetryQuery`: each
//! call runs its statements on a reader connection on tokio's blocking pool. Every statement
//! is scoped to one tenant and takes user input only as bound parameters.

use std::collections::BTreeMap;

use async_trait::async_trait;
use duckdb::types::{OrderedMap, Value};
use duckdb::{Connection, Row, params_from_iter};
use ophion_core::query::Attributes;
use ophion_core::query::{
    HistogramBucket, KeyPart, ListOrder, LogQuery, LogRecordRow, MetricAggregate, MetricName,
    MetricPoint, MetricQuery, OperationPoint, Paged, RedQuery, SeriesPoint, SeriesQuery,
    ServiceEdge, ServicePoint, ServiceStep, ServiceSummary, SpanEvent, SpanLink, SpanQuery,
    SpanRecord, Stats, TelemetryQuery, TimeRange, TraceSummary,
};
use ophion_core::{Error, Result, TenantId};

use super::error::DuckResultExt;
use super::filter::Sql;
use super::{EmbeddedStore, metrics, rollup};
use crate::encoding::{
    STATUS_CODE_ERROR, json_or_string, parse_trace_id, span_id_hex, span_kind_name,
    status_code_name, trace_id_hex,
};
use crate::filter::Filter;
use crate::filter::{Dialect, Keyset, SortKey, snake_case_service_map};
use crate::fold::{self, bucket_count};
use crate::rows::{StoredEvent, StoredLink};

/// Runs a statement and maps every row.
pub(crate) fn query_rows<T>(
    conn: &Connection,
    sql: &Sql,
    mut map: impl FnMut(&Row<'_>) -> duckdb::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare(&sql.text).store_err()?;
    let mut rows = stmt.query(params_from_iter(sql.params.iter())).store_err()?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().store_err()? {
        out.push(map(row).store_err()?);
    }
    Ok(out)
}

/// A `DOUBLE[]` (or any numeric list) column as floats.
pub(crate) fn f64_list(value: Value) -> Vec<f64> {
    match value {
        Value::List(items) => items.into_iter().filter_map(value_as_f64).collect(),
        _ => Vec::new(),
    }
}

/// A `UBIGINT[]` column as counts.
pub(crate) fn u64_list(value: Value) -> Vec<u64> {
    match value {
        Value::List(items) => items
            .into_iter()
            .filter_map(|v| match v {
                Value::UBigInt(n) => Some(n),
                Value::BigInt(n) => u64::try_from(n).ok(),
                Value::UInt(n) => Some(u64::from(n)),
                Value::Int(n) => u64::try_from(n).ok(),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

pub(crate) fn value_as_f64(value: Value) -> Option<f64> {
    match value {
        Value::Double(d) => Some(d),
        Value::Float(f) => Some(f64::from(f)),
        Value::BigInt(i) => Some(i as f64),
        Value::UBigInt(u) => Some(u as f64),
        Value::Int(i) => Some(f64::from(i)),
        Value::HugeInt(i) => Some(i as f64),
        _ => None,
    }
}

/// The DuckDB value for a `MAP(VARCHAR, VARCHAR)` column.
pub(crate) fn map_value(map: &BTreeMap<String, String>) -> Value {
    let entries = map.iter().map(|(k, v)| (Value::Text(k.clone()), Value::Text(v.clone())));
    Value::Map(OrderedMap::from(entries.collect::<Vec<_>>()))
}

/// Reads a `MAP(VARCHAR, VARCHAR)` column back into typed attributes. A value that is not
/// valid JSON (never written by this store) is returned as a string rather than dropped.
pub(crate) fn attributes_from_value(value: Value) -> Attributes {
    let Value::Map(map) = value else {
        return Attributes::new();
    };
    map.iter()
        .filter_map(|(k, v)| {
            let Value::Text(key) = k else { return None };
            let json = match v {
                Value::Text(text) => json_or_string(text),
                _ => serde_json::Value::Null,
            };
            Some((key.clone(), json))
        })
        .collect()
}

fn ns_to_ms(ns: f64) -> f64 {
    ns / 1_000_000.0
}

/// Three percentiles from a `quantile_cont(x, [0.5, 0.95, 0.99])` column, in milliseconds.
fn percentiles_ms(value: Value) -> (f64, f64, f64) {
    let list = f64_list(value);
    let at = |i: usize| list.get(i).copied().map_or(0.0, ns_to_ms);
    (at(0), at(1), at(2))
}

// ---- stats ---------------------------------------------------------------------------------

pub(crate) fn stats(conn: &Connection, tenant: &TenantId) -> Result<Stats> {
    let mut sql = Sql::new(
        "SELECT
        (SELECT count(*) FROM spans WHERE tenant = ?1),
        (SELECT count(DISTINCT trace_id) FROM spans WHERE tenant = ?1),
        (SELECT count(*) FROM logs WHERE tenant = ?1),
        (SELECT count(*) FROM metric_points WHERE tenant = ?1)",
    );
    sql.params.push(Value::Text(tenant.as_str().to_owned()));
    let rows = query_rows(conn, &sql, |row| {
        Ok(Stats {
            tenant: tenant.as_str().to_owned(),
            spans: row.get::<_, i64>(0)?.max(0) as u64,
            traces: row.get::<_, i64>(1)?.max(0) as u64,
            logs: row.get::<_, i64>(2)?.max(0) as u64,
            metric_points: row.get::<_, i64>(3)?.max(0) as u64,
        })
    })?;
    rows.into_iter().next().ok_or_else(|| Error::internal("stats query returned no row"))
}

// ---- services ------------------------------------------------------------------------------

/// Per-service counts and latency percentiles: whole minutes from the rollups, the range's
/// partial minutes from the spans.
pub(crate) fn services(
    conn: &Connection,
    tenant: &TenantId,
    range: TimeRange,
) -> Result<Vec<ServiceSummary>> {
    Ok(rollup::service_summaries(rollup::summaries(conn, tenant, range)?, range))
}

/// Every service's RED buckets from the rollups (and the spans of partial minutes); buckets
/// start at the minute the range starts in.
pub(crate) fn services_series(
    conn: &Connection,
    tenant: &TenantId,
    range: TimeRange,
    step_ns: u64,
) -> Result<Vec<ServiceStep>> {
    bucket_count(range, step_ns)?;
    let steps = rollup::step_summaries(conn, tenant, range, Some(step_ns))?;
    Ok(steps
        .into_iter()
        .map(|((service, step), s)| ServiceStep {
            service,
            point: ServicePoint {
                time_unix_nano: rollup::step_origin(range) + step * step_ns,
                span_count: s.spans,
                error_count: s.errors,
                p50_ms: s.quantile_ns(0.5) / 1e6,
                p95_ms: s.quantile_ns(0.95) / 1e6,
                p99_ms: s.quantile_ns(0.99) / 1e6,
            },
        })
        .collect())
}

/// A service's RED buckets, per operation when `by_operation` (else the operation is "").
pub(crate) fn red_series(conn: &Connection, query: &RedQuery) -> Result<Vec<OperationPoint>> {
    let RedQuery { tenant, service, range, step_ns, by_operation } = query;
    let (range, step_ns) = (*range, *step_ns);
    bucket_count(range, step_ns)?;
    let operation = if *by_operation { "name" } else { "''" };
    // Integers formatted from validated numbers: no user strings reach the SQL text.
    let mut sql = Sql::new(format!(
        "SELECT (start_ns - {start}) // {step_ns} AS bucket, {operation} AS operation, count(*),
                count(*) FILTER (WHERE status_code = {STATUS_CODE_ERROR}),
                quantile_cont(duration_ns::DOUBLE, [0.5, 0.95, 0.99])
         FROM spans WHERE ",
        start = range.start_ns,
    ));
    sql.filter("", &Filter::service_spans(tenant, service, range));
    sql.push(" GROUP BY bucket, operation ORDER BY bucket, operation");
    query_rows(conn, &sql, |row| {
        let (p50_ms, p95_ms, p99_ms) = percentiles_ms(row.get(4)?);
        Ok(OperationPoint {
            operation: row.get(1)?,
            point: ServicePoint {
                time_unix_nano: range.start_ns + row.get::<_, u64>(0)? * step_ns,
                span_count: row.get::<_, i64>(2)?.max(0) as u64,
                error_count: row.get::<_, i64>(3)?.max(0) as u64,
                p50_ms,
                p95_ms,
                p99_ms,
            },
        })
    })
}

pub(crate) fn service_map(
    conn: &Connection,
    tenant: &TenantId,
    range: TimeRange,
) -> Result<Vec<ServiceEdge>> {
    let mut sql = Sql::new(format!(
        "SELECT p.service_name, c.service_name, count(*),
                count(*) FILTER (WHERE c.status_code = {STATUS_CODE_ERROR}),
                quantile_cont(c.duration_ns::DOUBLE, [0.5, 0.95, 0.99])"
    ));
    snake_case_service_map(&mut sql, tenant, range);
    query_rows(conn, &sql, |row| {
        let (p50_ms, p95_ms, p99_ms) = percentiles_ms(row.get(4)?);
        Ok(ServiceEdge {
            caller: row.get(0)?,
            callee: row.get(1)?,
            call_count: row.get::<_, i64>(2)?.max(0) as u64,
            error_count: row.get::<_, i64>(3)?.max(0) as u64,
            p50_ms,
            p95_ms,
            p99_ms,
        })
    })
}

// ---- spans and traces ----------------------------------------------------------------------

const SPAN_COLUMNS: &str = "trace_id, span_id, parent_span_id, trace_state, name, kind, \
    service_name, start_ns, end_ns, duration_ns, status_code, status_message, attributes, \
    resource_attributes, scope_name, scope_version, events, links, flags, \
    dropped_attributes_count, dropped_events_count, dropped_links_count";

fn json_column<T: serde::de::DeserializeOwned>(row: &Row<'_>, idx: usize) -> duckdb::Result<T> {
    let text: String = row.get(idx)?;
    serde_json::from_str(&text).map_err(|e| {
        duckdb::Error::FromSqlConversionFailure(idx, duckdb::types::Type::Text, Box::new(e))
    })
}

fn span_from_row(row: &Row<'_>) -> duckdb::Result<SpanRecord> {
    let events: Vec<StoredEvent> = json_column(row, 16)?;
    let links: Vec<StoredLink> = json_column(row, 17)?;
    Ok(SpanRecord {
        trace_id: trace_id_hex(row.get(0)?),
        span_id: span_id_hex(row.get(1)?),
        parent_span_id: span_id_hex(row.get(2)?),
        trace_state: row.get(3)?,
        name: row.get(4)?,
        kind: span_kind_name(row.get(5)?).to_owned(),
        service_name: row.get(6)?,
        start_time_unix_nano: row.get(7)?,
        end_time_unix_nano: row.get(8)?,
        duration_ns: row.get(9)?,
        status_code: status_code_name(row.get(10)?).to_owned(),
        status_message: row.get(11)?,
        attributes: attributes_from_value(row.get(12)?),
        resource_attributes: attributes_from_value(row.get(13)?),
        scope_name: row.get(14)?,
        scope_version: row.get(15)?,
        events: events.into_iter().map(SpanEvent::from).collect(),
        links: links.into_iter().map(SpanLink::from).collect(),
        flags: row.get(18)?,
        dropped_attributes_count: row.get(19)?,
        dropped_events_count: row.get(20)?,
        dropped_links_count: row.get(21)?,
    })
}

pub(crate) fn trace(
    conn: &Connection,
    tenant: &TenantId,
    trace_id: &str,
) -> Result<Vec<SpanRecord>> {
    let id = parse_trace_id(trace_id)?;
    let key = [Value::Text(tenant.as_str().to_owned()), Value::UHugeInt(id)];
    let mut sql = Sql::new(
        "SELECT min(start_ns), max(end_ns), min(first_position), max(last_position),
                count(*) = count(first_position)
         FROM trace_index WHERE tenant = ? AND trace_id = ?",
    );
    sql.params.extend(key.iter().cloned());
    let bounds = query_rows(conn, &sql, |row| {
        Ok((
            row.get::<_, Option<u64>>(0)?,
            row.get::<_, Option<u64>>(1)?,
            row.get::<_, Option<u64>>(2)?,
            row.get::<_, Option<u64>>(3)?,
            row.get::<_, Option<bool>>(4)?,
        ))
    })?;
    let Some((Some(start), Some(end), first, last, all_positioned)) = bounds.into_iter().next()
    else {
        return Ok(Vec::new());
    };
    // The time and position bounds let DuckDB skip row groups by their zone maps; rows from
    // schema version 1 have no position, and then only the time bounds apply.
    let [tenant, id] = key;
    let mut sql = Sql::new(format!("SELECT {SPAN_COLUMNS} FROM spans WHERE tenant = "));
    sql.bind(tenant).push(" AND trace_id = ").bind(id);
    sql.push(" AND start_ns >= ").bind(Value::UBigInt(start));
    sql.push(" AND start_ns <= ").bind(Value::UBigInt(end));
    if let (Some(first), Some(last), Some(true)) = (first, last, all_positioned) {
        sql.push(" AND queue_position >= ").bind(Value::UBigInt(first));
        sql.push(" AND queue_position <= ").bind(Value::UBigInt(last));
    }
    sql.push(" ORDER BY start_ns, span_id");
    query_rows(conn, &sql, span_from_row)
}

/// `SELECT {columns}, rowid FROM {table}`: the page of rows `filter` and `keyset` pick,
/// chosen on the key columns alone and only then read whole. DuckDB's top-N otherwise reads
/// every column of every row in range: the newest 101 of 2.5M logs took 2.6 s that way and
/// 0.08 s this way.
fn page_rows(table: &str, columns: &str, filter: &Filter, keyset: &Keyset) -> Sql {
    let mut sql = Sql::new(format!("WITH page AS (SELECT rowid AS page_row FROM {table} WHERE "));
    sql.filter("", filter).page("", keyset);
    sql.push(&format!(
        ") SELECT {columns}, rowid FROM {table} \
         WHERE rowid IN (SELECT page_row FROM page) ORDER BY "
    ));
    Dialect::order_by(&mut sql, "", keyset);
    sql
}

pub(crate) fn search_spans(conn: &Connection, query: &SpanQuery) -> Result<Paged<SpanRecord>> {
    let keyset = Keyset::new::<Sql>(ListOrder::Spans(query.sort), &query.page)?;
    let sql = page_rows("spans", SPAN_COLUMNS, &Filter::spans(query)?, &keyset);
    let rows = query_rows(conn, &sql, |row| {
        let key = SortKey {
            time_ns: row.get(7)?,
            duration_ns: row.get(9)?,
            trace_id: KeyPart::Number(row.get::<_, Option<u128>>(0)?.unwrap_or(0)),
            span_id: KeyPart::Number(row.get::<_, Option<u64>>(1)?.unwrap_or(0).into()),
            row: vec![row.get::<_, i64>(22)?.max(0) as u64],
            ..SortKey::default()
        };
        Ok((span_from_row(row)?, key))
    })?;
    Ok(keyset.page(rows))
}

pub(crate) fn search_traces(conn: &Connection, query: &SpanQuery) -> Result<Paged<TraceSummary>> {
    let keyset = Keyset::new::<Sql>(ListOrder::Traces(query.sort), &query.page)?;
    // A trace matches when any of its spans does; its summary covers all of its spans, found
    // through the trace index so the final scan is bounded in time.
    let tenant = Value::Text(query.tenant.as_str().to_owned());
    let mut sql = Sql::new("WITH matched AS (SELECT DISTINCT trace_id FROM spans WHERE ");
    sql.filter("", &Filter::spans(query)?);
    sql.push(
        " AND trace_id IS NOT NULL
         ), bounds AS (
            SELECT ti.trace_id, min(ti.start_ns) AS t_start, max(ti.end_ns) AS t_end
            FROM trace_index ti
            WHERE ti.trace_id IN (SELECT trace_id FROM matched) AND ti.tenant = ",
    );
    sql.bind(tenant.clone());
    sql.push(" GROUP BY ti.trace_id), page AS (SELECT trace_id, t_start, t_end FROM bounds WHERE ");
    sql.push("trace_id IS NOT NULL").page("", &keyset);
    sql.push(&format!(
        ")
         SELECT p.trace_id, p.t_start, p.t_end - p.t_start, count(*),
                count(*) FILTER (WHERE s.status_code = {STATUS_CODE_ERROR}),
                arg_min(s.service_name, (s.parent_span_id IS NOT NULL, s.start_ns)),
                arg_min(s.name, (s.parent_span_id IS NOT NULL, s.start_ns)),
                list(DISTINCT s.service_name ORDER BY s.service_name)
         FROM page p JOIN spans s ON s.trace_id = p.trace_id
         WHERE s.start_ns >= (SELECT min(t_start) FROM page)
           AND s.start_ns <= (SELECT max(t_end) FROM page)
           AND s.tenant = "
    ));
    sql.bind(tenant).push(" GROUP BY p.trace_id, p.t_start, p.t_end ORDER BY ");
    Dialect::order_by(&mut sql, "p.", &keyset);
    let rows = query_rows(conn, &sql, |row| {
        let error_count = row.get::<_, i64>(4)?.max(0) as u64;
        let services = match row.get::<_, Value>(7)? {
            Value::List(items) => items
                .into_iter()
                .filter_map(|v| match v {
                    Value::Text(s) => Some(s),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        let trace_id: Option<u128> = row.get(0)?;
        let summary = TraceSummary {
            trace_id: trace_id_hex(trace_id),
            root_service: row.get::<_, Option<String>>(5)?.unwrap_or_default(),
            root_name: row.get::<_, Option<String>>(6)?.unwrap_or_default(),
            start_time_unix_nano: row.get(1)?,
            duration_ns: row.get(2)?,
            span_count: row.get::<_, i64>(3)?.max(0) as u64,
            error_count,
            has_error: error_count > 0,
            services,
        };
        let key = SortKey {
            time_ns: summary.start_time_unix_nano,
            duration_ns: summary.duration_ns,
            trace_id: KeyPart::Number(trace_id.unwrap_or(0)),
            ..SortKey::default()
        };
        Ok((summary, key))
    })?;
    Ok(keyset.page(rows))
}

// ---- logs ----------------------------------------------------------------------------------

const LOG_COLUMNS: &str = "time_ns, observed_time_ns, severity_number, severity_text, body, \
    service_name, trace_id, span_id, flags, event_name, attributes, resource_attributes, \
    scope_name";

pub(crate) fn search_logs(conn: &Connection, query: &LogQuery) -> Result<Paged<LogRecordRow>> {
    let keyset = Keyset::new::<Sql>(ListOrder::Logs, &query.page)?;
    let sql = page_rows("logs", LOG_COLUMNS, &Filter::logs(query)?, &keyset);
    let rows = query_rows(conn, &sql, |row| {
        let record = LogRecordRow {
            time_unix_nano: row.get(0)?,
            observed_time_unix_nano: row.get(1)?,
            severity_number: row.get(2)?,
            severity_text: row.get(3)?,
            body: row
                .get::<_, Option<String>>(4)?
                .map_or(serde_json::Value::Null, |b| json_or_string(&b)),
            service_name: row.get(5)?,
            trace_id: trace_id_hex(row.get(6)?),
            span_id: span_id_hex(row.get(7)?),
            flags: row.get(8)?,
            event_name: row.get(9)?,
            attributes: attributes_from_value(row.get(10)?),
            resource_attributes: attributes_from_value(row.get(11)?),
            scope_name: row.get(12)?,
        };
        let key = SortKey {
            time_ns: record.time_unix_nano,
            observed_ns: record.observed_time_unix_nano,
            row: vec![row.get::<_, i64>(13)?.max(0) as u64],
            ..SortKey::default()
        };
        Ok((record, key))
    })?;
    Ok(keyset.page(rows))
}

pub(crate) fn log_histogram(
    conn: &Connection,
    query: &LogQuery,
    step_ns: u64,
) -> Result<Vec<HistogramBucket>> {
    let buckets = bucket_count(query.range, step_ns)?;
    let mut sql = Sql::new("SELECT (time_ns - ");
    sql.bind(Value::UBigInt(query.range.start_ns)).push(") // ").bind(Value::UBigInt(step_ns));
    sql.push(&format!(
        ", {}, count(*) FROM logs WHERE ",
        fold::severity_group_sql("severity_number")
    ));
    sql.filter("", &Filter::logs(query)?).push(" GROUP BY ALL");
    let rows = query_rows(conn, &sql, |row| {
        Ok((row.get::<_, u64>(0)?, row.get::<_, String>(1)?, row.get::<_, i64>(2)?.max(0) as u64))
    })?;
    Ok(fold::severity_histogram(query.range, step_ns, buckets, rows))
}

#[async_trait]
impl TelemetryQuery for EmbeddedStore {
    async fn stats(&self, tenant: &TenantId) -> Result<Stats> {
        self.read_with(tenant, stats).await
    }

    async fn services(&self, tenant: &TenantId, range: TimeRange) -> Result<Vec<ServiceSummary>> {
        let tenant = tenant.clone();
        self.read(move |conn| services(conn, &tenant, range)).await
    }

    async fn red_series(&self, query: &RedQuery) -> Result<Vec<OperationPoint>> {
        let query = query.clone();
        self.read(move |conn| red_series(conn, &query)).await
    }

    async fn services_series(
        &self,
        tenant: &TenantId,
        range: TimeRange,
        step_ns: u64,
    ) -> Result<Vec<ServiceStep>> {
        let tenant = tenant.clone();
        self.read(move |conn| services_series(conn, &tenant, range, step_ns)).await
    }

    async fn service_map(&self, tenant: &TenantId, range: TimeRange) -> Result<Vec<ServiceEdge>> {
        let tenant = tenant.clone();
        self.read(move |conn| service_map(conn, &tenant, range)).await
    }

    async fn trace(&self, tenant: &TenantId, trace_id: &str) -> Result<Vec<SpanRecord>> {
        let (tenant, trace_id) = (tenant.clone(), trace_id.to_owned());
        self.read(move |conn| trace(conn, &tenant, &trace_id)).await
    }

    async fn search_traces(&self, query: &SpanQuery) -> Result<Paged<TraceSummary>> {
        self.read_with(query, search_traces).await
    }

    async fn search_spans(&self, query: &SpanQuery) -> Result<Paged<SpanRecord>> {
        self.read_with(query, search_spans).await
    }

    async fn search_logs(&self, query: &LogQuery) -> Result<Paged<LogRecordRow>> {
        self.read_with(query, search_logs).await
    }

    async fn log_histogram(&self, query: &LogQuery, step_ns: u64) -> Result<Vec<HistogramBucket>> {
        let query = query.clone();
        self.read(move |conn| log_histogram(conn, &query, step_ns)).await
    }

    async fn metric_points(&self, query: &MetricQuery) -> Result<Paged<MetricPoint>> {
        self.read_with(query, metrics::metric_points).await
    }

    async fn metric_names(&self, tenant: &TenantId, range: TimeRange) -> Result<Vec<MetricName>> {
        let tenant = tenant.clone();
        self.read(move |conn| metrics::metric_names(conn, &tenant, range)).await
    }

    async fn metric_aggregate(&self, query: &MetricQuery) -> Result<MetricAggregate> {
        self.read_with(query, metrics::metric_aggregate).await
    }

    async fn metric_series(&self, query: &SeriesQuery) -> Result<Vec<SeriesPoint>> {
        self.read_with(query, metrics::metric_series).await
    }
}
