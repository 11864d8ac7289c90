//! The read path for metric points: listing, names, aggregates and bucketed series.
//!
//! Gauge and sum values aggregate in SQL. Histograms, rates and counter resets need the
//! points in order per series, so those are fetched and folded in `crate::fold`.

use ophion_core::query::{
    MetricAggregate, MetricName, MetricPoint, MetricQuery, SeriesFunction, SeriesPoint,
    SeriesQuery, TimeRange,
};
use ophion_core::{Error, Result, TenantId};
use sqlx::postgres::PgRow;

use super::PostgresStore;
use super::append::i64_of;
use super::filter::Sql;
use super::query::{PERCENTILES, attributes, decode, get, push_page, u64_of};
use crate::filter::{Filter, Signal};
use crate::fold::{self, NumberPoint, SummaryPoint, bucket_count, series_points};
use crate::quantile::{HistogramPoint, Layout};

const NUMBER_KINDS: &str = "kind IN ('gauge', 'sum') AND value IS NOT NULL";
const HISTOGRAM_KINDS: &str = "kind IN ('histogram', 'exponential_histogram')";

/// `SELECT {columns} FROM metric_points WHERE {the query's filter}`.
fn select(columns: &str, query: &MetricQuery) -> Sql {
    let mut sql = Sql::new(format!("SELECT {columns} FROM metric_points WHERE "));
    sql.filter("", &Filter::points(query));
    sql
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

pub(super) async fn points(store: &PostgresStore, query: &MetricQuery) -> Result<Vec<MetricPoint>> {
    let mut sql = select(POINT_COLUMNS, query);
    sql.push(" ORDER BY time_ns DESC, name, series_id, queue_position DESC");
    push_page(&mut sql, query.page);
    let rows = store.rows(&query.tenant, &mut sql).await?;
    decode(rows, point_from_row)
}

pub(super) async fn names(
    store: &PostgresStore,
    tenant: &TenantId,
    range: TimeRange,
) -> Result<Vec<MetricName>> {
    let mut sql = Sql::new(
        "SELECT name, kind, (array_agg(unit ORDER BY time_ns DESC))[1],
                (array_agg(description ORDER BY time_ns DESC))[1], count(*), max(time_ns)
         FROM metric_points WHERE ",
    );
    sql.filter("", &Filter::new(Signal::Points, tenant, range));
    sql.push(" GROUP BY name, kind ORDER BY name, kind");
    let rows = store.rows(tenant, &mut sql).await?;
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

pub(super) async fn aggregate(
    store: &PostgresStore,
    query: &MetricQuery,
) -> Result<MetricAggregate> {
    let name = query
        .name
        .clone()
        .ok_or_else(|| Error::invalid("a metric name is required for an aggregate"))?;
    let mut sql = select(
        &format!(
            "count(value), sum(value), avg(value), min(value), max(value),
             {PERCENTILES} (ORDER BY value)"
        ),
        query,
    );
    sql.push(&format!(" AND {NUMBER_KINDS}"));
    let rows = store.rows(&query.tenant, &mut sql).await?;
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
    if let Some(aggregate) = fold::histogram_aggregate(&name, histogram_points(store, query).await?)
    {
        return Ok(aggregate);
    }
    if let Some(aggregate) = fold::summary_aggregate(&name, summary_points(store, query).await?) {
        return Ok(aggregate);
    }
    Ok(MetricAggregate { name, ..MetricAggregate::default() })
}

async fn histogram_points(
    store: &PostgresStore,
    query: &MetricQuery,
) -> Result<Vec<HistogramPoint>> {
    let mut sql = select(HISTOGRAM_COLUMNS, query);
    sql.push(&format!(" AND {HISTOGRAM_KINDS} ORDER BY time_ns, series_id"));
    let rows = store.rows(&query.tenant, &mut sql).await?;
    decode(rows, histogram_from_row)
}

async fn summary_points(store: &PostgresStore, query: &MetricQuery) -> Result<Vec<SummaryPoint>> {
    let mut sql = select("series_id, time_ns, count, sum, quantiles, quantile_values", query);
    sql.push(" AND kind = 'summary' ORDER BY time_ns, series_id");
    let rows = store.rows(&query.tenant, &mut sql).await?;
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

pub(super) async fn series(store: &PostgresStore, query: &SeriesQuery) -> Result<Vec<SeriesPoint>> {
    let range = query.metric.range;
    let step_ns = query.step_ns;
    bucket_count(range, step_ns)?;
    let aggregate = match query.function {
        SeriesFunction::Avg => "avg(value)".to_owned(),
        SeriesFunction::Sum => "sum(value)".to_owned(),
        SeriesFunction::Min => "min(value)".to_owned(),
        SeriesFunction::Max => "max(value)".to_owned(),
        SeriesFunction::Count => "count(value)::float8".to_owned(),
        SeriesFunction::Rate => return rate_series(store, query).await,
        SeriesFunction::Quantile(percent) if percent > 100 => {
            return Err(Error::invalid(format!("quantile {percent} is above 100")));
        }
        // A number formatted from a validated `u8`: no user text reaches the SQL.
        SeriesFunction::Quantile(percent) => {
            format!("percentile_cont({}) WITHIN GROUP (ORDER BY value)", f64::from(percent) / 100.0)
        }
    };
    let mut sql = Sql::new("SELECT (time_ns - ");
    sql.bind(i64_of(range.start_ns)).push(") / ").bind(i64_of(step_ns));
    sql.push(&format!(" AS bucket, ({aggregate})::float8 FROM metric_points WHERE "));
    sql.filter("", &Filter::points(&query.metric));
    sql.push(&format!(" AND {NUMBER_KINDS} GROUP BY bucket ORDER BY bucket"));
    let rows = store.rows(&query.metric.tenant, &mut sql).await?;
    let rows = decode(rows, |row| Ok((get::<i64>(row, 0)?, get::<Option<f64>>(row, 1)?)))?;
    if let SeriesFunction::Quantile(percent) = query.function
        && rows.is_empty()
    {
        // No gauge or sum values: estimate from histograms, else from summaries.
        let q = f64::from(percent) / 100.0;
        let histograms = histogram_points(store, &query.metric).await?;
        if !histograms.is_empty() {
            return Ok(fold::histogram_quantile_series(range, step_ns, q, histograms));
        }
        let summaries = summary_points(store, &query.metric).await?;
        return Ok(fold::summary_quantile_series(range, step_ns, q, summaries));
    }
    let buckets = rows.into_iter().filter_map(|(b, v)| v.map(|v| (u64_of(b), v))).collect();
    Ok(series_points(range, step_ns, buckets))
}

async fn rate_series(store: &PostgresStore, query: &SeriesQuery) -> Result<Vec<SeriesPoint>> {
    let mut sql = select(
        "series_id, time_ns, start_time_ns, value, temporality, is_monotonic",
        &query.metric,
    );
    sql.push(&format!(" AND {NUMBER_KINDS} ORDER BY series_id, time_ns"));
    let rows = store.rows(&query.metric.tenant, &mut sql).await?;
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
