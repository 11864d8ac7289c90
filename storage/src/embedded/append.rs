//! The write path: OTLP requests become rows of `spans`, `trace_index`, `logs` and
//! `metric_points`, written through DuckDB's appender inside one transaction together with
//! the applied queue position, so a crash leaves either all of a call's data or none of it.

use std::borrow::Cow;
use std::sync::LazyLock;

use duckdb::arrow::record_batch::RecordBatch;
use duckdb::types::{ToSql, Value};
use duckdb::{Appender, Connection};
use ophion_core::otlp::collector::logs::v1::ExportLogsServiceRequest;
use ophion_core::otlp::collector::metrics::v1::ExportMetricsServiceRequest;
use ophion_core::otlp::collector::trace::v1::ExportTraceServiceRequest;
use ophion_core::otlp::common::v1::{AnyValue, any_value};
use ophion_core::otlp::metrics::v1::Metric;
use ophion_core::{AppliedBatch, Batch, Payload, QueuePosition, Result};

use super::columns::{
    self, EncodedMap, LogColumns, ROWS_PER_CHUNK, RowScope, SpanColumns, SpanDerived, TraceRanges,
};
use super::error::DuckResultExt;
use super::query::map_value;
use super::rollup::Rollups;
use crate::encoding::{StableHasher, encode_attributes};
use crate::rows::{
    self, HOT_TEXT_AFTER_STATUS, HOT_TEXT_BEFORE_STATUS, OtlpPoint, hash_map_into, hot_status,
    hot_value, log_time, now_unix_nanos, resource_attrs, scope_parts, service_name, service_value,
    unknown_service,
};

/// What one append wrote; for logs and tests.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AppendCounts {
    pub batches: usize,
    pub spans: u64,
    pub logs: u64,
    pub points: u64,
}

pub(crate) fn read_position(conn: &Connection) -> Result<Option<QueuePosition>> {
    let mut stmt = conn.prepare("SELECT max(position) FROM applied_position").store_err()?;
    stmt.query_row([], |row| row.get::<_, Option<u64>>(0)).store_err()
}

/// Writes every batch above the applied position and the new position, without committing.
/// The caller commits; dropping the transaction instead leaves nothing behind.
pub(crate) fn write_batches(conn: &Connection, batches: &[AppliedBatch]) -> Result<AppendCounts> {
    let applied = read_position(conn)?;
    let fresh: Vec<&AppliedBatch> =
        batches.iter().filter(|b| applied.is_none_or(|applied| b.position > applied)).collect();
    let Some(highest) = fresh.iter().map(|b| b.position).max() else {
        return Ok(AppendCounts::default());
    };
    let mut counts = AppendCounts { batches: fresh.len(), ..AppendCounts::default() };

    // An appender costs a catalog lookup and a chunk of buffers: open only those needed.
    let traces = requests(&fresh, |p| if let Payload::Traces(r) = p { Some(r) } else { None });
    if !traces.is_empty() {
        counts.spans = write_spans(conn, traces.into_iter())?;
    }
    let logs = requests(&fresh, |p| if let Payload::Logs(r) = p { Some(r) } else { None });
    if !logs.is_empty() {
        counts.logs = write_logs(conn, logs.into_iter())?;
    }
    let metrics = requests(&fresh, |p| if let Payload::Metrics(r) = p { Some(r) } else { None });
    if !metrics.is_empty() {
        counts.points = write_metrics(conn, metrics.into_iter())?;
    }

    let position = applied.map_or(highest, |applied| applied.max(highest));
    conn.execute("UPDATE applied_position SET position = ?", [position]).store_err()?;
    Ok(counts)
}

/// The requests of one signal among `batches`, with their queue positions and tenants.
fn requests<'a, T>(
    batches: &[&'a AppliedBatch],
    pick: fn(&'a Payload) -> Option<&'a T>,
) -> Vec<(QueuePosition, &'a str, &'a T)> {
    batches
        .iter()
        .filter_map(|b| Some((b.position, b.batch.tenant.as_str(), pick(&b.batch.payload)?)))
        .collect()
}

fn finish(mut appender: Appender<'_>) -> Result<()> {
    // Dropping an appender flushes too, but swallows the error.
    appender.flush().store_err()
}

// ---- spans ---------------------------------------------------------------------------------

fn write_spans<'a>(
    conn: &Connection,
    requests: impl Iterator<Item = (QueuePosition, &'a str, &'a ExportTraceServiceRequest)>,
) -> Result<u64> {
    let mut appender = conn.appender("spans").store_err()?;
    let (written, derived) = encode_spans(requests, |rows| columns::append(&mut appender, rows))?;
    finish(appender)?;

    let mut index = conn.appender("trace_index").store_err()?;
    columns::append(&mut index, derived.ranges.record_batch()?)?;
    finish(index)?;
    let mut rollup = conn.appender("service_rollup").store_err()?;
    columns::append(&mut rollup, derived.rollups.record_batch()?)?;
    finish(rollup)?;
    Ok(written)
}

/// What an append derives from its spans for the side tables.
#[derive(Default)]
struct SpanSideRows<'a> {
    ranges: TraceRanges<'a>,
    rollups: Rollups<'a>,
}

/// Spans as record batches of at most [`ROWS_PER_CHUNK`] rows, handed to `sink` in order.
fn encode_spans<'a>(
    requests: impl Iterator<Item = (QueuePosition, &'a str, &'a ExportTraceServiceRequest)>,
    mut sink: impl FnMut(RecordBatch) -> Result<()>,
) -> Result<(u64, SpanSideRows<'a>)> {
    // Static, so a span's service value lives as long as the requests (the rollup keys
    // borrow it).
    static UNKNOWN: LazyLock<AnyValue> = LazyLock::new(unknown_service);
    let unknown: &'static AnyValue = &UNKNOWN;
    let mut side = SpanSideRows::default();
    let mut columns = SpanColumns::default();
    let mut written = 0u64;
    for (position, tenant, request) in requests {
        for resource_spans in &request.resource_spans {
            let resource = resource_attrs(resource_spans.resource.as_ref());
            let resource_map = EncodedMap::new(resource, columns.scratch())?;
            for scope_spans in &resource_spans.scope_spans {
                let (scope_name, scope_version) = scope_parts(scope_spans.scope.as_ref());
                let scope = RowScope {
                    tenant,
                    position,
                    resource_map: &resource_map,
                    scope_name,
                    scope_version,
                };
                for span in &scope_spans.spans {
                    side.ranges.add(tenant, span, position);
                    let attrs = &span.attributes;
                    let service = service_value(resource, attrs, unknown);
                    let service_text = match &service.value {
                        Some(any_value::Value::StringValue(s)) => Cow::Borrowed(s.as_str()),
                        _ => Cow::Owned(columns.scratch().text(service)?.to_owned()),
                    };
                    let end_ns = span.end_time_unix_nano.max(span.start_time_unix_nano);
                    side.rollups.add(
                        tenant,
                        service_text,
                        span.start_time_unix_nano,
                        end_ns - span.start_time_unix_nano,
                        span.status.as_ref().map_or(0, |s| s.code),
                    );
                    let derived = SpanDerived {
                        service,
                        before_status: HOT_TEXT_BEFORE_STATUS
                            .each_ref()
                            .map(|h| hot_value(h, attrs, resource)),
                        http_status: hot_status(attrs, resource),
                        after_status: HOT_TEXT_AFTER_STATUS
                            .each_ref()
                            .map(|h| hot_value(h, attrs, resource)),
                    };
                    columns.push(&scope, span, &derived)?;
                    written += 1;
                    if columns.len() >= ROWS_PER_CHUNK {
                        sink(columns.finish()?)?;
                    }
                }
            }
        }
    }
    sink(columns.finish()?)?;
    Ok((written, side))
}

// ---- logs ----------------------------------------------------------------------------------

fn write_logs<'a>(
    conn: &Connection,
    requests: impl Iterator<Item = (QueuePosition, &'a str, &'a ExportLogsServiceRequest)>,
) -> Result<u64> {
    let mut appender = conn.appender("logs").store_err()?;
    let written = encode_logs(requests, |rows| columns::append(&mut appender, rows))?;
    finish(appender)?;
    Ok(written)
}

/// Log records as record batches of at most [`ROWS_PER_CHUNK`] rows, handed to `sink` in order.
fn encode_logs<'a>(
    requests: impl Iterator<Item = (QueuePosition, &'a str, &'a ExportLogsServiceRequest)>,
    mut sink: impl FnMut(RecordBatch) -> Result<()>,
) -> Result<u64> {
    let unknown = unknown_service();
    let mut columns = LogColumns::default();
    let mut written = 0u64;
    let now = now_unix_nanos();
    for (_, tenant, request) in requests {
        for resource_logs in &request.resource_logs {
            let resource = resource_attrs(resource_logs.resource.as_ref());
            let resource_map = EncodedMap::new(resource, columns.scratch())?;
            for scope_logs in &resource_logs.scope_logs {
                let (scope_name, scope_version) = scope_parts(scope_logs.scope.as_ref());
                let scope = RowScope {
                    tenant,
                    position: 0, // logs do not record it
                    resource_map: &resource_map,
                    scope_name,
                    scope_version,
                };
                for log in &scope_logs.log_records {
                    let time_ns = log_time(log, now);
                    let service = service_value(resource, &log.attributes, &unknown);
                    columns.push(&scope, log, time_ns, service)?;
                    written += 1;
                    if columns.len() >= ROWS_PER_CHUNK {
                        sink(columns.finish()?)?;
                    }
                }
            }
        }
    }
    sink(columns.finish()?)?;
    Ok(written)
}

/// The columnar encoding of one batch's spans or log records, without a database: what the
/// `store_encode` benchmark measures. Returns the rows encoded (metric points: 0, they take
/// the row appender).
pub fn encode_rows(batch: &Batch) -> Result<u64> {
    let tenant = batch.tenant.as_str();
    match &batch.payload {
        Payload::Traces(req) => Ok(encode_spans(std::iter::once((0, tenant, req)), |_| Ok(()))?.0),
        Payload::Logs(req) => encode_logs(std::iter::once((0, tenant, req)), |_| Ok(())),
        Payload::Metrics(_) => Ok(0),
    }
}

// ---- metrics -------------------------------------------------------------------------------

/// Everything a metric point row shares with its metric and resource.
struct MetricContext<'a> {
    tenant: &'a str,
    metric: &'a Metric,
    service: &'a str,
    resource_map: &'a Value,
    resource_hash: StableHasher,
    scope: (&'a str, &'a str),
}

fn double_list(values: Option<Vec<f64>>) -> Value {
    values.map_or(Value::Null, |v| Value::List(v.into_iter().map(Value::Double).collect()))
}

fn count_list(values: Option<Vec<u64>>) -> Value {
    values.map_or(Value::Null, |v| Value::List(v.into_iter().map(Value::UBigInt).collect()))
}

fn write_metrics<'a>(
    conn: &Connection,
    requests: impl Iterator<Item = (QueuePosition, &'a str, &'a ExportMetricsServiceRequest)>,
) -> Result<u64> {
    let mut written = 0u64;
    let mut appender = conn.appender("metric_points").store_err()?;
    for (_, tenant, request) in requests {
        for resource_metrics in &request.resource_metrics {
            let resource = resource_attrs(resource_metrics.resource.as_ref());
            let encoded_resource = encode_attributes(resource);
            let resource_map = map_value(&encoded_resource);
            let mut resource_hash = StableHasher::new();
            hash_map_into(&mut resource_hash, &encoded_resource);
            let service = service_name(resource, &[]);
            for scope_metrics in &resource_metrics.scope_metrics {
                let scope = scope_parts(scope_metrics.scope.as_ref());
                for metric in &scope_metrics.metrics {
                    let ctx = MetricContext {
                        tenant,
                        metric,
                        service: &service,
                        resource_map: &resource_map,
                        resource_hash,
                        scope,
                    };
                    written += write_metric(&mut appender, &ctx)?;
                }
            }
        }
    }
    finish(appender)?;
    Ok(written)
}

fn write_metric(appender: &mut Appender<'_>, ctx: &MetricContext<'_>) -> Result<u64> {
    rows::each_point(ctx.metric, |point| append_point(appender, ctx, point))
}

fn append_point(
    appender: &mut Appender<'_>,
    ctx: &MetricContext<'_>,
    point: OtlpPoint<'_>,
) -> Result<()> {
    let OtlpPoint { kind, attributes, time_ns, start_time_ns, flags, values } = point;
    let encoded = encode_attributes(attributes);
    let series_id = rows::series_id(ctx.resource_hash, &ctx.metric.name, kind, &encoded);
    let attributes = map_value(&encoded);
    let explicit_bounds = double_list(values.explicit_bounds);
    let bucket_counts = count_list(values.bucket_counts);
    let positive = count_list(values.positive_bucket_counts);
    let negative = count_list(values.negative_bucket_counts);
    let quantiles = double_list(values.quantiles);
    let quantile_values = double_list(values.quantile_values);
    let params: [&dyn ToSql; 32] = [
        &ctx.tenant,
        &ctx.metric.name,
        &kind,
        &ctx.metric.unit,
        &ctx.metric.description,
        &ctx.service,
        &series_id,
        &time_ns,
        &start_time_ns,
        &values.value,
        &values.is_monotonic,
        &values.temporality,
        &values.count,
        &values.sum,
        &values.min,
        &values.max,
        &explicit_bounds,
        &bucket_counts,
        &values.scale,
        &values.zero_count,
        &values.zero_threshold,
        &values.positive_offset,
        &positive,
        &values.negative_offset,
        &negative,
        &quantiles,
        &quantile_values,
        &flags,
        &attributes,
        ctx.resource_map,
        &ctx.scope.0,
        &ctx.scope.1,
    ];
    appender.append_row(params.as_slice()).store_err()
}
