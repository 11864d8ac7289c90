//! The read path for metric points: listing, names, aggregates and bucketed series.
//!
//! Gauge and sum values aggregate in SQL. Histograms, rates and counter resets need the
//! points in order per series, so those are fetched and folded here.

use duckdb::types::Value;
use duckdb::{Connection, Row};
use ophion_core::query::{
    ListOrder, MetricAggregate, MetricName, MetricPoint, MetricQuery, Paged, SeriesPoint,
    SeriesQuery, TimeRange,
};
use ophion_core::{Result, TenantId};

use super::filter::Sql;
use super::query::attributes_from_value;
use super::query::{f64_list, query_rows, u64_list};
use crate::filter::{Dialect, Filter, Keyset, Signal, SortKey};
use crate::fold::{self, NumberPoint, SeriesAggregate, SummaryPoint, bucket_count, series_points};
use crate::quantile::{HistogramPoint, Layout};

/// `SELECT {columns} FROM metric_points WHERE {the query's filter}`.
fn select_points(columns: &str, query: &MetricQuery) -> Sql {
    Sql::select(columns, "metric_points", &Filter::points(query))
}

const POINT_COLUMNS: &str = "name, kind, unit, description, service_name, time_ns, \
    start_time_ns, value, is_monotonic, temporality, count, sum, min, max, explicit_bounds, \
    bucket_counts, scale, zero_count, positive_offset, positive_bucket_counts, \
    negative_offset, negative_bucket_counts, quantiles, quantile_values, flags, attributes, \
    resource_attributes";

fn point_from_row(row: &Row<'_>) -> duckdb::Result<MetricPoint> {
    let quantiles = f64_list(row.get(22)?);
    let quantile_values = f64_list(row.get(23)?);
    Ok(MetricPoint {
        name: row.get(0)?,
        kind: row.get(1)?,
        unit: row.get(2)?,
        description: row.get(3)?,
        service_name: row.get(4)?,
        time_unix_nano: row.get(5)?,
        start_time_unix_nano: row.get(6)?,
        value: row.get(7)?,
        is_monotonic: row.get(8)?,
        temporality: row.get(9)?,
        count: row.get(10)?,
        sum: row.get(11)?,
        min: row.get(12)?,
        max: row.get(13)?,
        explicit_bounds: f64_list(row.get(14)?),
        bucket_counts: u64_list(row.get(15)?),
        scale: row.get(16)?,
        zero_count: row.get(17)?,
        positive_offset: row.get(18)?,
        positive_bucket_counts: u64_list(row.get(19)?),
        negative_offset: row.get(20)?,
        negative_bucket_counts: u64_list(row.get(21)?),
        quantiles: quantiles.into_iter().zip(quantile_values).collect(),
        flags: row.get(24)?,
        attributes: attributes_from_value(row.get(25)?),
        resource_attributes: attributes_from_value(row.get(26)?),
    })
}

pub(crate) fn metric_points(conn: &Connection, query: &MetricQuery) -> Result<Paged<MetricPoint>> {
    let keyset = Keyset::new::<Sql>(ListOrder::MetricPoints, &query.page)?;
    let mut sql = select_points(&format!("{POINT_COLUMNS}, series_id, rowid"), query);
    sql.page("", &keyset);
    let rows = query_rows(conn, &sql, |row| {
        let point = point_from_row(row)?;
        let key = SortKey {
            time_ns: point.time_unix_nano,
            name: point.name.clone(),
            series_id: row.get(27)?,
            row: vec![row.get::<_, i64>(28)?.max(0) as u64],
            ..SortKey::default()
        };
        Ok((point, key))
    })?;
    Ok(keyset.page(rows))
}

pub(crate) fn metric_names(
    conn: &Connection,
    tenant: &TenantId,
    range: TimeRange,
) -> Result<Vec<MetricName>> {
    let mut sql = Sql::new(
        "SELECT name, kind, arg_max(unit, time_ns), arg_max(description, time_ns), count(*),
                max(time_ns)
         FROM metric_points WHERE ",
    );
    sql.filter("", &Filter::new(Signal::Points, tenant, range));
    sql.push(" GROUP BY name, kind ORDER BY name, kind");
    query_rows(conn, &sql, |row| {
        Ok(MetricName {
            name: row.get(0)?,
            kind: row.get(1)?,
            unit: row.get(2)?,
            description: row.get(3)?,
            point_count: row.get::<_, i64>(4)?.max(0) as u64,
            last_seen_unix_nano: row.get(5)?,
        })
    })
}

// ---- aggregate -----------------------------------------------------------------------------

const NUMBER_KINDS: &str = "kind IN ('gauge', 'sum') AND value IS NOT NULL";
const HISTOGRAM_KINDS: &str = "kind IN ('histogram', 'exponential_histogram')";

pub(crate) fn metric_aggregate(conn: &Connection, query: &MetricQuery) -> Result<MetricAggregate> {
    let name = fold::aggregate_name(query)?;
    if let Some(aggregate) = number_aggregate(conn, query, &name)? {
        return Ok(aggregate);
    }
    if let Some(aggregate) = histogram_aggregate(conn, query, &name)? {
        return Ok(aggregate);
    }
    if let Some(aggregate) = summary_aggregate(conn, query, &name)? {
        return Ok(aggregate);
    }
    Ok(MetricAggregate { name, ..MetricAggregate::default() })
}

fn number_aggregate(
    conn: &Connection,
    query: &MetricQuery,
    name: &str,
) -> Result<Option<MetricAggregate>> {
    let mut sql = select_points(
        "count(value), sum(value), avg(value), min(value), max(value),
         quantile_cont(value, [0.5, 0.95, 0.99])",
        query,
    );
    sql.push(&format!(" AND {NUMBER_KINDS}"));
    let rows = query_rows(conn, &sql, |row| {
        let count = row.get::<_, i64>(0)?.max(0) as u64;
        let quantiles = f64_list(row.get(5)?);
        Ok(MetricAggregate {
            name: name.to_owned(),
            count,
            sum: row.get::<_, Option<f64>>(1)?.unwrap_or(0.0),
            avg: row.get(2)?,
            min: row.get(3)?,
            max: row.get(4)?,
            p50: quantiles.first().copied(),
            p95: quantiles.get(1).copied(),
            p99: quantiles.get(2).copied(),
        })
    })?;
    Ok(rows.into_iter().next().filter(|a| a.count > 0))
}

const HISTOGRAM_COLUMNS: &str = "kind, series_id, time_ns, temporality, count, sum, min, max, \
    explicit_bounds, bucket_counts, scale, zero_count, zero_threshold, positive_offset, \
    positive_bucket_counts, negative_offset, negative_bucket_counts";

fn histogram_from_row(row: &Row<'_>) -> duckdb::Result<HistogramPoint> {
    let kind: String = row.get(0)?;
    let layout = if kind == "exponential_histogram" {
        Layout::Exponential {
            scale: row.get::<_, Option<i32>>(10)?.unwrap_or(0),
            zero_count: row.get::<_, Option<u64>>(11)?.unwrap_or(0),
            zero_threshold: row.get::<_, Option<f64>>(12)?.unwrap_or(0.0),
            positive_offset: row.get::<_, Option<i32>>(13)?.unwrap_or(0),
            positive: u64_list(row.get(14)?),
            negative_offset: row.get::<_, Option<i32>>(15)?.unwrap_or(0),
            negative: u64_list(row.get(16)?),
        }
    } else {
        Layout::Explicit { bounds: f64_list(row.get(8)?), counts: u64_list(row.get(9)?) }
    };
    Ok(HistogramPoint {
        series_id: row.get(1)?,
        time_ns: row.get(2)?,
        cumulative: row.get::<_, Option<String>>(3)?.as_deref() == Some("cumulative"),
        count: row.get::<_, Option<u64>>(4)?.unwrap_or(0),
        sum: row.get(5)?,
        min: row.get(6)?,
        max: row.get(7)?,
        layout,
    })
}

/// Histogram points in time order.
fn histogram_points(conn: &Connection, query: &MetricQuery) -> Result<Vec<HistogramPoint>> {
    let mut sql = select_points(HISTOGRAM_COLUMNS, query);
    sql.push(&format!(" AND {HISTOGRAM_KINDS} ORDER BY time_ns, series_id"));
    query_rows(conn, &sql, histogram_from_row)
}

fn histogram_aggregate(
    conn: &Connection,
    query: &MetricQuery,
    name: &str,
) -> Result<Option<MetricAggregate>> {
    Ok(fold::histogram_aggregate(name, histogram_points(conn, query)?))
}

fn summary_points(conn: &Connection, query: &MetricQuery) -> Result<Vec<SummaryPoint>> {
    let mut sql =
        select_points("series_id, time_ns, count, sum, quantiles, quantile_values", query);
    sql.push(" AND kind = 'summary' ORDER BY time_ns, series_id");
    query_rows(conn, &sql, |row| {
        let quantiles = f64_list(row.get(4)?);
        let values = f64_list(row.get(5)?);
        Ok(SummaryPoint {
            series_id: row.get(0)?,
            time_ns: row.get(1)?,
            count: row.get::<_, Option<u64>>(2)?.unwrap_or(0),
            sum: row.get::<_, Option<f64>>(3)?.unwrap_or(0.0),
            quantiles: quantiles.into_iter().zip(values).collect(),
        })
    })
}

fn summary_aggregate(
    conn: &Connection,
    query: &MetricQuery,
    name: &str,
) -> Result<Option<MetricAggregate>> {
    Ok(fold::summary_aggregate(name, summary_points(conn, query)?))
}

// ---- series --------------------------------------------------------------------------------

pub(crate) fn metric_series(conn: &Connection, query: &SeriesQuery) -> Result<Vec<SeriesPoint>> {
    let range = query.metric.range;
    let step_ns = query.step_ns;
    bucket_count(range, step_ns)?;
    let sql_function = match fold::series_aggregate(query.function)? {
        SeriesAggregate::Sql(function) => function,
        SeriesAggregate::Rate => return rate_series(conn, query),
        SeriesAggregate::Quantile(q) => return quantile_series(conn, query, q),
    };
    let mut sql = Sql::new("SELECT (time_ns - ");
    sql.bind(Value::UBigInt(range.start_ns)).push(") // ").bind(Value::UBigInt(step_ns));
    sql.push(&format!(", {sql_function}(value)::DOUBLE FROM metric_points WHERE "));
    sql.filter("", &Filter::points(&query.metric));
    sql.push(&format!(" AND {NUMBER_KINDS} GROUP BY 1 ORDER BY 1"));
    let rows =
        query_rows(conn, &sql, |row| Ok((row.get::<_, u64>(0)?, row.get::<_, Option<f64>>(1)?)))?;
    let buckets = rows.into_iter().filter_map(|(b, v)| v.map(|v| (b, v))).collect();
    Ok(series_points(range, step_ns, buckets))
}

fn rate_series(conn: &Connection, query: &SeriesQuery) -> Result<Vec<SeriesPoint>> {
    let range = query.metric.range;
    let mut sql = select_points(
        "series_id, time_ns, start_time_ns, value, temporality, is_monotonic",
        &query.metric,
    );
    sql.push(&format!(" AND {NUMBER_KINDS} ORDER BY series_id, time_ns"));
    let points = query_rows(conn, &sql, |row| {
        Ok(NumberPoint {
            series_id: row.get(0)?,
            time_ns: row.get(1)?,
            start_time_ns: row.get(2)?,
            value: row.get::<_, Option<f64>>(3)?.unwrap_or(0.0),
            delta: row.get::<_, Option<String>>(4)?.as_deref() == Some("delta"),
            monotonic: row.get::<_, Option<bool>>(5)?.unwrap_or(false),
        })
    })?;
    Ok(fold::rate_series(range, query.step_ns, &points))
}

fn quantile_series(conn: &Connection, query: &SeriesQuery, q: f64) -> Result<Vec<SeriesPoint>> {
    let range = query.metric.range;
    let step_ns = query.step_ns;
    let mut sql = Sql::new("SELECT (time_ns - ");
    sql.bind(Value::UBigInt(range.start_ns)).push(") // ").bind(Value::UBigInt(step_ns));
    sql.push(", quantile_cont(value, ").bind(Value::Double(q)).push(") FROM metric_points WHERE ");
    sql.filter("", &Filter::points(&query.metric));
    sql.push(&format!(" AND {NUMBER_KINDS} GROUP BY 1 ORDER BY 1"));
    let rows =
        query_rows(conn, &sql, |row| Ok((row.get::<_, u64>(0)?, row.get::<_, Option<f64>>(1)?)))?;
    if !rows.is_empty() {
        let buckets = rows.into_iter().filter_map(|(b, v)| v.map(|v| (b, v))).collect();
        return Ok(series_points(range, step_ns, buckets));
    }

    let histograms = histogram_points(conn, &query.metric)?;
    if !histograms.is_empty() {
        return Ok(fold::histogram_quantile_series(range, step_ns, q, histograms));
    }
    Ok(fold::summary_quantile_series(range, step_ns, q, summary_points(conn, &query.metric)?))
}
