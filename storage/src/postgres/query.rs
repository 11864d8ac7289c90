//! The read path. Every statement is scoped to one tenant and takes user input only as bound
//! parameters. Percentiles are `percentile_cont` (the same interpolation as the other
//! stores); what SQL cannot say portably is folded in `crate::fold`.

use ophion_core::query::{
    AttributeFilter, HistogramBucket, LogQuery, LogRecordRow, MetricAggregate, MetricName,
    MetricPoint, MetricQuery, OperationPoint, Page, SeriesFunction, SeriesPoint, SeriesQuery,
    ServiceEdge, ServicePoint, ServiceSummary, SpanEvent, SpanLink, SpanQuery, SpanRecord,
    SpanSort, Stats, StatusFilter, TimeRange, TraceSummary,
};
use ophion_core::store::{RetentionPolicy, RetentionReport};
use ophion_core::{Error, Result, TenantId};
use sqlx::postgres::PgRow;
use sqlx::{Postgres, QueryBuilder, Row};

use super::append::i64_of;
use super::{PostgresStore, error};
use crate::encoding::{
    STATUS_CODE_ERROR, json_or_string, json_quoted, parse_trace_id, span_kind_name,
    status_code_name,
};
use crate::fold::{self, NumberPoint, SummaryPoint, bucket_count, series_points};
use crate::quantile::{HistogramPoint, Layout};
use crate::rows::{StoredEvent, StoredLink, hot_column, is_status};

/// How far before the range a parent span may start and still be joined for the service map.
const SERVICE_MAP_PARENT_LOOKBACK_NS: u64 = 3_600 * 1_000_000_000;

const PERCENTILES: &str = "percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP";

/// A statement being written: its SQL text and its bound values grow together (`push_bind`
/// writes the `$n` and binds its value in one call), so a placeholder cannot lack a value.
type Sql = QueryBuilder<'static, Postgres>;

/// The `WHERE` clauses of one statement, joined with `AND` as they are written.
struct Where<'s> {
    sql: &'s mut Sql,
    empty: bool,
}

impl<'s> Where<'s> {
    /// Starts the clauses with the tenant: every query is scoped to one.
    fn new(sql: &'s mut Sql, alias: &str, tenant: &TenantId) -> Self {
        let mut filter = Self { sql, empty: true };
        filter.clause().push(format!("{alias}tenant = ")).push_bind(tenant.as_str().to_owned());
        filter
    }

    /// The statement, after ` AND ` when a clause came before.
    fn clause(&mut self) -> &mut Sql {
        if !self.empty {
            self.sql.push(" AND ");
        }
        self.empty = false;
        self.sql
    }

    /// `column = value`.
    fn equals<T>(&mut self, column: &str, value: T)
    where
        T: 'static + Send + sqlx::Encode<'static, Postgres> + sqlx::Type<Postgres>,
    {
        self.clause().push(format!("{column} = ")).push_bind(value);
    }

    /// `[start, end)` on a nanosecond column, and its `timestamptz` twin for partition
    /// pruning.
    fn range(&mut self, alias: &str, ns_column: &str, time_column: &str, range: TimeRange) {
        let (start, end) = (i64_of(range.start_ns), i64_of(range.end_ns));
        let sql = self.clause();
        sql.push(format!("{alias}{ns_column} >= ")).push_bind(start);
        sql.push(format!(" AND {alias}{ns_column} < ")).push_bind(end);
        sql.push(format!(" AND {alias}{time_column} >= ")).push(TIME_OF.0).push_bind(start);
        sql.push(TIME_OF.1).push(format!(" AND {alias}{time_column} <= ")).push(TIME_OF.0);
        sql.push_bind(end).push(TIME_OF.1);
    }

    /// Each filter matches the item's own attributes or its resource's: a string equal to
    /// the value, or a number/bool whose JSON text equals it.
    fn attributes(&mut self, alias: &str, filters: &[AttributeFilter]) {
        for f in filters {
            let sql = self.clause();
            sql.push("(");
            for (i, map) in ["attributes", "resource_attributes"].into_iter().enumerate() {
                if i > 0 {
                    sql.push(" OR ");
                }
                sql.push(format!("({alias}{map} -> ")).push_bind(f.key.clone());
                sql.push(" = ").push_bind(json_quoted(&f.value)).push("::jsonb");
                sql.push(format!(" OR ({alias}{map} -> ")).push_bind(f.key.clone());
                sql.push(")::text = ").push_bind(f.value.clone()).push(")");
            }
            sql.push(")");
        }
    }
}

/// A nanosecond value as `timestamptz`, exact to the microsecond: `{0}$n{1}`.
const TIME_OF: (&str, &str) =
    ("('epoch'::timestamptz + (", "::bigint / 1000) * interval '1 microsecond')");

fn u64_of(value: i64) -> u64 {
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

fn attributes(text: &str) -> ophion_core::query::Attributes {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(map)) => map.into_iter().collect(),
        _ => Default::default(),
    }
}

fn trace_id_bytes(text: &str) -> Result<Vec<u8>> {
    Ok(parse_trace_id(text)?.to_be_bytes().to_vec())
}

fn push_page(sql: &mut Sql, page: Page) {
    sql.push(" LIMIT ").push_bind(i64::try_from(page.limit).unwrap_or(i64::MAX));
    sql.push(" OFFSET ").push_bind(i64::try_from(page.offset).unwrap_or(i64::MAX));
}

/// Reads column `idx`, naming the column in the error.
fn get<'r, T>(row: &'r PgRow, idx: usize) -> std::result::Result<T, sqlx::Error>
where
    T: sqlx::Decode<'r, Postgres> + sqlx::Type<Postgres>,
{
    row.try_get(idx)
}

impl PostgresStore {
    /// Runs a read as `tenant`: row-level security shows the transaction that tenant's rows
    /// only, whatever the SQL's own filter says.
    async fn rows(&self, tenant: &TenantId, sql: &mut Sql) -> Result<Vec<PgRow>> {
        let mut tx = self.pool.begin().await.map_err(error)?;
        scope_to(&mut tx, tenant.as_str()).await?;
        let rows = sql.build().fetch_all(&mut *tx).await.map_err(error)?;
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

fn decode<T>(
    rows: Vec<PgRow>,
    map: impl Fn(&PgRow) -> std::result::Result<T, sqlx::Error>,
) -> Result<Vec<T>> {
    rows.iter().map(|row| map(row).map_err(error)).collect()
}

// ---- stats, services -----------------------------------------------------------------------

impl PostgresStore {
    pub(super) async fn stats(&self, tenant: &TenantId) -> Result<Stats> {
        let mut sql = Sql::new("SELECT (SELECT count(*) FROM spans WHERE tenant = ");
        sql.push_bind(tenant.as_str().to_owned());
        sql.push("), (SELECT count(DISTINCT trace_id) FROM spans WHERE trace_id <> ''::bytea AND tenant = ");
        sql.push_bind(tenant.as_str().to_owned());
        sql.push("), (SELECT count(*) FROM logs WHERE tenant = ");
        sql.push_bind(tenant.as_str().to_owned());
        sql.push("), (SELECT count(*) FROM metric_points WHERE tenant = ");
        sql.push_bind(tenant.as_str().to_owned()).push(")");
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

    pub(super) async fn services(
        &self,
        tenant: &TenantId,
        range: TimeRange,
    ) -> Result<Vec<ServiceSummary>> {
        let mut sql = Sql::new(format!(
            "SELECT service_name, count(*),
                    count(*) FILTER (WHERE status_code = {STATUS_CODE_ERROR}),
                    {PERCENTILES} (ORDER BY duration_ns)
             FROM spans WHERE "
        ));
        Where::new(&mut sql, "", tenant).range("", "start_ns", "start_time", range);
        sql.push(" GROUP BY service_name ORDER BY service_name");
        let rows = self.rows(tenant, &mut sql).await?;
        decode(rows, |row| {
            let (spans, errors) = (u64_of(get(row, 1)?), u64_of(get(row, 2)?));
            let percentiles = percentiles_ms(get(row, 3)?);
            Ok(fold::service_summary(get(row, 0)?, spans, errors, range, percentiles))
        })
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
        let operation = if by_operation { "name" } else { "''::TEXT" };
        let mut sql = Sql::new("SELECT (start_ns - ");
        sql.push_bind(i64_of(range.start_ns)).push(") / ").push_bind(i64_of(step_ns));
        sql.push(format!(
            " AS bucket, {operation} AS operation, count(*),
                    count(*) FILTER (WHERE status_code = {STATUS_CODE_ERROR}),
                    {PERCENTILES} (ORDER BY duration_ns)
             FROM spans WHERE "
        ));
        let mut filter = Where::new(&mut sql, "", tenant);
        filter.range("", "start_ns", "start_time", range);
        filter.equals("service_name", service.to_owned());
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

    pub(super) async fn service_map(
        &self,
        tenant: &TenantId,
        range: TimeRange,
    ) -> Result<Vec<ServiceEdge>> {
        let lookback = TimeRange {
            start_ns: range.start_ns.saturating_sub(SERVICE_MAP_PARENT_LOOKBACK_NS),
            end_ns: range.end_ns,
        };
        let mut sql = Sql::new(format!(
            "SELECT p.service_name, c.service_name, count(*),
                    count(*) FILTER (WHERE c.status_code = {STATUS_CODE_ERROR}),
                    {PERCENTILES} (ORDER BY c.duration_ns)
             FROM spans c
             JOIN spans p ON p.trace_id = c.trace_id AND p.span_id = c.parent_span_id
             WHERE "
        ));
        let mut filter = Where::new(&mut sql, "c.", tenant);
        filter.range("c.", "start_ns", "start_time", range);
        filter.equals("p.tenant", tenant.as_str().to_owned());
        filter.range("p.", "start_ns", "start_time", lookback);
        sql.push(
            " AND p.service_name <> c.service_name
             GROUP BY p.service_name, c.service_name
             ORDER BY p.service_name, c.service_name",
        );
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
}

// ---- spans and traces ----------------------------------------------------------------------

const SPAN_COLUMNS: &str = "trace_id, span_id, parent_span_id, trace_state, name, kind, \
    service_name, start_ns, duration_ns, status_code, status_message, attributes::text, \
    resource_attributes::text, scope_name, scope_version, events::text, links::text, flags, \
    dropped_attributes_count, dropped_events_count, dropped_links_count";

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

fn status_code(filter: StatusFilter) -> i64 {
    match filter {
        StatusFilter::Unset => 0,
        StatusFilter::Ok => 1,
        StatusFilter::Error => i64::from(STATUS_CODE_ERROR),
    }
}

fn span_filter(sql: &mut Sql, query: &SpanQuery) -> Result<()> {
    let trace_id = query.trace_id.as_deref().map(trace_id_bytes).transpose()?;
    let mut filter = Where::new(sql, "", &query.tenant);
    filter.range("", "start_ns", "start_time", query.range);
    if let Some(service) = &query.service {
        filter.equals("service_name", service.clone());
    }
    if let Some(operation) = &query.operation {
        filter.equals("name", operation.clone());
    }
    if let Some(min) = query.min_duration_ns {
        filter.clause().push("duration_ns >= ").push_bind(i64_of(min));
    }
    if let Some(max) = query.max_duration_ns {
        filter.clause().push("duration_ns <= ").push_bind(i64_of(max));
    }
    if let Some(status) = query.status {
        filter.equals("status_code", status_code(status));
    }
    if let Some(trace_id) = trace_id {
        filter.equals("trace_id", trace_id);
    }
    for attribute in &query.attributes {
        match hot_column(&attribute.key) {
            Some(hot) if is_status(hot) => match attribute.value.trim().parse::<i64>() {
                Ok(code) => filter.equals(hot.column, code),
                Err(_) => {
                    filter.clause().push("FALSE");
                }
            },
            Some(hot) => filter.equals(hot.column, attribute.value.clone()),
            None => filter.attributes("", std::slice::from_ref(attribute)),
        }
    }
    Ok(())
}

impl PostgresStore {
    pub(super) async fn trace(&self, tenant: &TenantId, trace_id: &str) -> Result<Vec<SpanRecord>> {
        let id = parse_trace_id(trace_id)?.to_be_bytes().to_vec();
        // The trace index bounds the scan to the partitions of the trace's time range.
        let mut sql = Sql::new(
            "WITH bounds AS (
                SELECT min(start_time) AS lo, max(end_time) AS hi FROM trace_index
                WHERE tenant = ",
        );
        sql.push_bind(tenant.as_str().to_owned()).push(" AND trace_id = ").push_bind(id.clone());
        sql.push(format!(
            ")
             SELECT {SPAN_COLUMNS} FROM spans, bounds
             WHERE start_time >= bounds.lo AND start_time <= bounds.hi"
        ));
        let mut sql = Sql::new(sql);
        sql.push(" AND tenant = ").push_bind(tenant.as_str().to_owned());
        sql.push(" AND trace_id = ").push_bind(id).push(" ORDER BY start_ns, span_id");
        let rows = self.rows(tenant, &mut sql).await?;
        decode(rows, span_from_row)
    }

    pub(super) async fn search_spans(&self, query: &SpanQuery) -> Result<Vec<SpanRecord>> {
        let order = match query.sort {
            SpanSort::Newest => "start_ns DESC, trace_id, span_id",
            SpanSort::Oldest => "start_ns ASC, trace_id, span_id",
            SpanSort::Longest => "duration_ns DESC, start_ns DESC, span_id",
            SpanSort::Shortest => "duration_ns ASC, start_ns DESC, span_id",
        };
        let mut sql = Sql::new(format!("SELECT {SPAN_COLUMNS} FROM spans WHERE "));
        span_filter(&mut sql, query)?;
        sql.push(format!(" ORDER BY {order}"));
        push_page(&mut sql, query.page);
        let rows = self.rows(&query.tenant, &mut sql).await?;
        decode(rows, span_from_row)
    }

    pub(super) async fn search_traces(&self, query: &SpanQuery) -> Result<Vec<TraceSummary>> {
        let order = match query.sort {
            SpanSort::Newest => "t_start DESC, trace_id",
            SpanSort::Oldest => "t_start ASC, trace_id",
            SpanSort::Longest => "(t_end - t_start) DESC, t_start DESC, trace_id",
            SpanSort::Shortest => "(t_end - t_start) ASC, t_start DESC, trace_id",
        };
        // A trace matches when any of its spans does; its summary covers all of its spans.
        let mut sql = Sql::new("WITH matched AS (SELECT DISTINCT trace_id FROM spans WHERE ");
        span_filter(&mut sql, query)?;
        sql.push(format!(
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
        sql.push_bind(query.tenant.as_str().to_owned());
        sql.push(format!(" GROUP BY s.trace_id) AS traces ORDER BY {order}"));
        push_page(&mut sql, query.page);
        let rows = self.rows(&query.tenant, &mut sql).await?;
        decode(rows, |row| {
            let start: i64 = get(row, 1)?;
            let end: i64 = get(row, 2)?;
            let errors = u64_of(get(row, 4)?);
            Ok(TraceSummary {
                trace_id: id_hex(get(row, 0)?),
                root_service: get::<Option<String>>(row, 5)?.unwrap_or_default(),
                root_name: get::<Option<String>>(row, 6)?.unwrap_or_default(),
                start_time_unix_nano: u64_of(start),
                duration_ns: u64_of(end - start),
                span_count: u64_of(get(row, 3)?),
                error_count: errors,
                has_error: errors > 0,
                services: get(row, 7)?,
            })
        })
    }
}

// ---- logs ----------------------------------------------------------------------------------

const LOG_COLUMNS: &str = "time_ns, observed_time_ns, severity_number, severity_text, \
    body::text, service_name, trace_id, span_id, flags, event_name, attributes::text, \
    resource_attributes::text, scope_name";

fn log_filter(sql: &mut Sql, query: &LogQuery) -> Result<()> {
    let trace_id = query.trace_id.as_deref().map(trace_id_bytes).transpose()?;
    let mut filter = Where::new(sql, "", &query.tenant);
    filter.range("", "time_ns", "time", query.range);
    if let Some(service) = &query.service {
        filter.equals("service_name", service.clone());
    }
    if let Some(text) = query.text.as_deref().filter(|t| !t.is_empty()) {
        // ICU case mapping, whatever the database's own locale: `É` finds `é`.
        let sql = filter.clause();
        sql.push("strpos(lower(body_text COLLATE \"und-x-icu\"), lower(");
        sql.push_bind(text.to_owned()).push("::text COLLATE \"und-x-icu\")) > 0");
    }
    if let Some(min) = query.min_severity {
        filter.clause().push("severity_number >= ").push_bind(min);
    }
    if let Some(trace_id) = trace_id {
        filter.equals("trace_id", trace_id);
    }
    filter.attributes("", &query.attributes);
    Ok(())
}

impl PostgresStore {
    pub(super) async fn search_logs(&self, query: &LogQuery) -> Result<Vec<LogRecordRow>> {
        let mut sql = Sql::new(format!("SELECT {LOG_COLUMNS} FROM logs WHERE "));
        log_filter(&mut sql, query)?;
        sql.push(" ORDER BY time_ns DESC, observed_time_ns DESC, queue_position DESC");
        push_page(&mut sql, query.page);
        let rows = self.rows(&query.tenant, &mut sql).await?;
        decode(rows, |row| {
            Ok(LogRecordRow {
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
            })
        })
    }

    pub(super) async fn log_histogram(
        &self,
        query: &LogQuery,
        step_ns: u64,
    ) -> Result<Vec<HistogramBucket>> {
        let buckets = bucket_count(query.range, step_ns)?;
        let mut sql = Sql::new("SELECT (time_ns - ");
        sql.push_bind(i64_of(query.range.start_ns)).push(") / ").push_bind(i64_of(step_ns));
        sql.push(format!(
            " AS bucket, {} AS severity, count(*) FROM logs WHERE ",
            fold::severity_group_sql("severity_number")
        ));
        log_filter(&mut sql, query)?;
        sql.push(" GROUP BY bucket, severity");
        let rows = self.rows(&query.tenant, &mut sql).await?;
        let rows = decode(rows, |row| {
            Ok((get::<i64>(row, 0)?, get::<String>(row, 1)?, u64_of(get(row, 2)?)))
        })?;
        let rows = rows.into_iter().map(|(bucket, group, count)| (u64_of(bucket), group, count));
        Ok(fold::severity_histogram(query.range, step_ns, buckets, rows))
    }
}

// ---- metrics -------------------------------------------------------------------------------

const NUMBER_KINDS: &str = "kind IN ('gauge', 'sum') AND value IS NOT NULL";
const HISTOGRAM_KINDS: &str = "kind IN ('histogram', 'exponential_histogram')";

fn metric_filter(sql: &mut Sql, query: &MetricQuery) {
    let mut filter = Where::new(sql, "", &query.tenant);
    filter.range("", "time_ns", "time", query.range);
    if let Some(name) = &query.name {
        filter.equals("name", name.clone());
    }
    if let Some(service) = &query.service {
        filter.equals("service_name", service.clone());
    }
    filter.attributes("", &query.attributes);
}

const POINT_COLUMNS: &str = "name, kind, unit, description, service_name, time_ns, \
    start_time_ns, value, is_monotonic, temporality, count, sum, min, max, explicit_bounds, \
    bucket_counts, scale, zero_count, positive_offset, positive_bucket_counts, \
    negative_offset, negative_bucket_counts, quantiles, quantile_values, flags, \
    attributes::text, resource_attributes::text";

fn counts(row: &PgRow, idx: usize) -> std::result::Result<Vec<u64>, sqlx::Error> {
    Ok(get::<Option<Vec<i64>>>(row, idx)?.unwrap_or_default().into_iter().map(u64_of).collect())
}

fn floats(row: &PgRow, idx: usize) -> std::result::Result<Vec<f64>, sqlx::Error> {
    Ok(get::<Option<Vec<f64>>>(row, idx)?.unwrap_or_default())
}

fn point_from_row(row: &PgRow) -> std::result::Result<MetricPoint, sqlx::Error> {
    Ok(MetricPoint {
        name: get(row, 0)?,
        kind: get(row, 1)?,
        unit: get(row, 2)?,
        description: get(row, 3)?,
        service_name: get(row, 4)?,
        time_unix_nano: u64_of(get(row, 5)?),
        start_time_unix_nano: u64_of(get(row, 6)?),
        value: get(row, 7)?,
        is_monotonic: get(row, 8)?,
        temporality: get(row, 9)?,
        count: get::<Option<i64>>(row, 10)?.map(u64_of),
        sum: get(row, 11)?,
        min: get(row, 12)?,
        max: get(row, 13)?,
        explicit_bounds: floats(row, 14)?,
        bucket_counts: counts(row, 15)?,
        scale: get(row, 16)?,
        zero_count: get::<Option<i64>>(row, 17)?.map(u64_of),
        positive_offset: get(row, 18)?,
        positive_bucket_counts: counts(row, 19)?,
        negative_offset: get(row, 20)?,
        negative_bucket_counts: counts(row, 21)?,
        quantiles: floats(row, 22)?.into_iter().zip(floats(row, 23)?).collect(),
        flags: get::<i32>(row, 24)? as u32,
        attributes: attributes(&get::<String>(row, 25)?),
        resource_attributes: attributes(&get::<String>(row, 26)?),
    })
}

const HISTOGRAM_COLUMNS: &str = "kind, series_id, time_ns, temporality, count, sum, min, max, \
    explicit_bounds, bucket_counts, scale, zero_count, zero_threshold, positive_offset, \
    positive_bucket_counts, negative_offset, negative_bucket_counts";

fn histogram_from_row(row: &PgRow) -> std::result::Result<HistogramPoint, sqlx::Error> {
    let kind: String = get(row, 0)?;
    let layout = if kind == "exponential_histogram" {
        Layout::Exponential {
            scale: get::<Option<i32>>(row, 10)?.unwrap_or(0),
            zero_count: get::<Option<i64>>(row, 11)?.map_or(0, u64_of),
            zero_threshold: get::<Option<f64>>(row, 12)?.unwrap_or(0.0),
            positive_offset: get::<Option<i32>>(row, 13)?.unwrap_or(0),
            positive: counts(row, 14)?,
            negative_offset: get::<Option<i32>>(row, 15)?.unwrap_or(0),
            negative: counts(row, 16)?,
        }
    } else {
        Layout::Explicit { bounds: floats(row, 8)?, counts: counts(row, 9)? }
    };
    Ok(HistogramPoint {
        series_id: get::<i64>(row, 1)? as u64,
        time_ns: u64_of(get(row, 2)?),
        cumulative: get::<Option<String>>(row, 3)?.as_deref() == Some("cumulative"),
        count: get::<Option<i64>>(row, 4)?.map_or(0, u64_of),
        sum: get(row, 5)?,
        min: get(row, 6)?,
        max: get(row, 7)?,
        layout,
    })
}

impl PostgresStore {
    pub(super) async fn metric_points(&self, query: &MetricQuery) -> Result<Vec<MetricPoint>> {
        let mut sql = Sql::new(format!("SELECT {POINT_COLUMNS} FROM metric_points WHERE "));
        metric_filter(&mut sql, query);
        sql.push(" ORDER BY time_ns DESC, name, series_id, queue_position DESC");
        push_page(&mut sql, query.page);
        let rows = self.rows(&query.tenant, &mut sql).await?;
        decode(rows, point_from_row)
    }

    pub(super) async fn metric_names(
        &self,
        tenant: &TenantId,
        range: TimeRange,
    ) -> Result<Vec<MetricName>> {
        let mut sql = Sql::new(
            "SELECT name, kind, (array_agg(unit ORDER BY time_ns DESC))[1],
                    (array_agg(description ORDER BY time_ns DESC))[1], count(*), max(time_ns)
             FROM metric_points WHERE ",
        );
        Where::new(&mut sql, "", tenant).range("", "time_ns", "time", range);
        sql.push(" GROUP BY name, kind ORDER BY name, kind");
        let rows = self.rows(tenant, &mut sql).await?;
        decode(rows, |row| {
            Ok(MetricName {
                name: get(row, 0)?,
                kind: get(row, 1)?,
                unit: get(row, 2)?,
                description: get(row, 3)?,
                point_count: u64_of(get(row, 4)?),
                last_seen_unix_nano: u64_of(get(row, 5)?),
            })
        })
    }

    pub(super) async fn metric_aggregate(&self, query: &MetricQuery) -> Result<MetricAggregate> {
        let name = query
            .name
            .clone()
            .ok_or_else(|| Error::invalid("a metric name is required for an aggregate"))?;
        let mut sql = Sql::new(format!(
            "SELECT count(value), sum(value), avg(value), min(value), max(value),
                    {PERCENTILES} (ORDER BY value)
             FROM metric_points WHERE "
        ));
        metric_filter(&mut sql, query);
        sql.push(format!(" AND {NUMBER_KINDS}"));
        let rows = self.rows(&query.tenant, &mut sql).await?;
        let numbers = decode(rows, |row| {
            let q: Option<Vec<f64>> = get(row, 5)?;
            let q = q.unwrap_or_default();
            Ok(MetricAggregate {
                name: name.clone(),
                count: u64_of(get(row, 0)?),
                sum: get::<Option<f64>>(row, 1)?.unwrap_or(0.0),
                avg: get(row, 2)?,
                min: get(row, 3)?,
                max: get(row, 4)?,
                p50: q.first().copied(),
                p95: q.get(1).copied(),
                p99: q.get(2).copied(),
            })
        })?;
        if let Some(aggregate) = numbers.into_iter().next().filter(|a| a.count > 0) {
            return Ok(aggregate);
        }
        if let Some(aggregate) =
            fold::histogram_aggregate(&name, self.histogram_points(query).await?)
        {
            return Ok(aggregate);
        }
        if let Some(aggregate) = fold::summary_aggregate(&name, self.summary_points(query).await?)
        {
            return Ok(aggregate);
        }
        Ok(MetricAggregate { name, ..MetricAggregate::default() })
    }

    async fn histogram_points(&self, query: &MetricQuery) -> Result<Vec<HistogramPoint>> {
        let mut sql = Sql::new(format!("SELECT {HISTOGRAM_COLUMNS} FROM metric_points WHERE "));
        metric_filter(&mut sql, query);
        sql.push(format!(" AND {HISTOGRAM_KINDS} ORDER BY time_ns, series_id"));
        let rows = self.rows(&query.tenant, &mut sql).await?;
        decode(rows, histogram_from_row)
    }

    async fn summary_points(&self, query: &MetricQuery) -> Result<Vec<SummaryPoint>> {
        let mut sql = Sql::new(
            "SELECT series_id, time_ns, count, sum, quantiles, quantile_values
             FROM metric_points WHERE ",
        );
        metric_filter(&mut sql, query);
        sql.push(" AND kind = 'summary' ORDER BY time_ns, series_id");
        let rows = self.rows(&query.tenant, &mut sql).await?;
        decode(rows, |row| {
            Ok(SummaryPoint {
                series_id: get::<i64>(row, 0)? as u64,
                time_ns: u64_of(get(row, 1)?),
                count: get::<Option<i64>>(row, 2)?.map_or(0, u64_of),
                sum: get::<Option<f64>>(row, 3)?.unwrap_or(0.0),
                quantiles: floats(row, 4)?.into_iter().zip(floats(row, 5)?).collect(),
            })
        })
    }

    pub(super) async fn metric_series(&self, query: &SeriesQuery) -> Result<Vec<SeriesPoint>> {
        let range = query.metric.range;
        let step_ns = query.step_ns;
        bucket_count(range, step_ns)?;
        let aggregate = match query.function {
            SeriesFunction::Avg => "avg(value)".to_owned(),
            SeriesFunction::Sum => "sum(value)".to_owned(),
            SeriesFunction::Min => "min(value)".to_owned(),
            SeriesFunction::Max => "max(value)".to_owned(),
            SeriesFunction::Count => "count(value)::float8".to_owned(),
            SeriesFunction::Rate => return self.rate_series(query).await,
            SeriesFunction::Quantile(percent) if percent > 100 => {
                return Err(Error::invalid(format!("quantile {percent} is above 100")));
            }
            // A number formatted from a validated `u8`: no user text reaches the SQL.
            SeriesFunction::Quantile(percent) => format!(
                "percentile_cont({}) WITHIN GROUP (ORDER BY value)",
                f64::from(percent) / 100.0
            ),
        };
        let mut sql = Sql::new("SELECT (time_ns - ");
        sql.push_bind(i64_of(range.start_ns)).push(") / ").push_bind(i64_of(step_ns));
        sql.push(format!(" AS bucket, ({aggregate})::float8 FROM metric_points WHERE "));
        metric_filter(&mut sql, &query.metric);
        sql.push(format!(" AND {NUMBER_KINDS} GROUP BY bucket ORDER BY bucket"));
        let rows = self.rows(&query.metric.tenant, &mut sql).await?;
        let rows = decode(rows, |row| Ok((get::<i64>(row, 0)?, get::<Option<f64>>(row, 1)?)))?;
        if let SeriesFunction::Quantile(percent) = query.function
            && rows.is_empty()
        {
            // No gauge or sum values: estimate from histograms, else from summaries.
            let q = f64::from(percent) / 100.0;
            let histograms = self.histogram_points(&query.metric).await?;
            if !histograms.is_empty() {
                return Ok(fold::histogram_quantile_series(range, step_ns, q, histograms));
            }
            let summaries = self.summary_points(&query.metric).await?;
            return Ok(fold::summary_quantile_series(range, step_ns, q, summaries));
        }
        let buckets = rows.into_iter().filter_map(|(b, v)| v.map(|v| (u64_of(b), v))).collect();
        Ok(series_points(range, step_ns, buckets))
    }

    async fn rate_series(&self, query: &SeriesQuery) -> Result<Vec<SeriesPoint>> {
        let mut sql = Sql::new(
            "SELECT series_id, time_ns, start_time_ns, value, temporality, is_monotonic
             FROM metric_points WHERE ",
        );
        metric_filter(&mut sql, &query.metric);
        sql.push(format!(" AND {NUMBER_KINDS} ORDER BY series_id, time_ns"));
        let rows = self.rows(&query.metric.tenant, &mut sql).await?;
        let points = decode(rows, |row| {
            Ok(NumberPoint {
                series_id: get::<i64>(row, 0)? as u64,
                time_ns: u64_of(get(row, 1)?),
                start_time_ns: u64_of(get(row, 2)?),
                value: get::<Option<f64>>(row, 3)?.unwrap_or(0.0),
                delta: get::<Option<String>>(row, 4)?.as_deref() == Some("delta"),
                monotonic: get::<Option<bool>>(row, 5)?.unwrap_or(false),
            })
        })?;
        Ok(fold::rate_series(query.metric.range, query.step_ns, &points))
    }
}

// ---- retention -----------------------------------------------------------------------------

/// Each table with its nanosecond and partitioning time columns.
const RETAINED: [(&str, &str, &str); 4] = [
    ("spans", "start_ns", "start_time"),
    ("trace_index", "", "end_time"),
    ("logs", "time_ns", "time"),
    ("metric_points", "time_ns", "time"),
];

impl PostgresStore {
    /// Drops the day partitions wholly older than the policy and deletes older rows from the
    /// rest, counting what goes.
    pub(super) async fn retention(
        &self,
        policy: RetentionPolicy,
        now_unix_nanos: u64,
    ) -> Result<RetentionReport> {
        let mut report = RetentionReport::default();
        for (table, ns_column, time_column) in RETAINED {
            let age = match table {
                "spans" | "trace_index" => policy.traces,
                "logs" => policy.logs,
                _ => policy.metrics,
            };
            let cutoff =
                now_unix_nanos.saturating_sub(u64::try_from(age.as_nanos()).unwrap_or(u64::MAX));
            let deleted = self.drop_older(table, ns_column, time_column, cutoff).await?;
            match table {
                "spans" => report.spans_deleted = deleted,
                "logs" => report.logs_deleted = deleted,
                "metric_points" => report.points_deleted = deleted,
                _ => {}
            }
        }
        Ok(report)
    }

    async fn drop_older(
        &self,
        table: &str,
        ns_column: &str,
        time_column: &str,
        cutoff_ns: u64,
    ) -> Result<u64> {
        let mut tx = self.pool.begin().await.map_err(error)?;
        scope_to(&mut tx, "*").await?;
        let mut deleted = 0u64;
        // Day partitions ending at or before the cutoff go whole.
        let cutoff_day = cutoff_ns / (86_400 * 1_000_000_000);
        let partitions: Vec<String> = sqlx::query_scalar(
            "SELECT c.relname::text FROM pg_inherits i
             JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
             WHERE p.relname = $1 AND c.relname ~ '_d[0-9]+$'",
        )
        .bind(table)
        .fetch_all(&mut *tx)
        .await
        .map_err(error)?;
        for partition in partitions {
            let day: u64 =
                partition.rsplit("_d").next().and_then(|d| d.parse().ok()).unwrap_or(u64::MAX);
            if day < cutoff_day {
                // The name came from the catalogue and matched `<table>_d<digits>`.
                let count: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {partition}"))
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(error)?;
                sqlx::query(&format!("DROP TABLE {partition}"))
                    .execute(&mut *tx)
                    .await
                    .map_err(error)?;
                deleted += u64_of(count);
                self.partitions.lock().await.retain(|&(t, d)| !(t == table && d == day));
            }
        }
        let condition = if ns_column.is_empty() {
            format!(
                "{time_column} < 'epoch'::timestamptz + ($1::bigint / 1000) * interval '1 microsecond'"
            )
        } else {
            format!("{ns_column} < $1")
        };
        let result = sqlx::query(&format!("DELETE FROM {table} WHERE {condition}"))
            .bind(i64_of(cutoff_ns))
            .execute(&mut *tx)
            .await
            .map_err(error)?;
        deleted += result.rows_affected();
        tx.commit().await.map_err(error)?;
        Ok(deleted)
    }
}
