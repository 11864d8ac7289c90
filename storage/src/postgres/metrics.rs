//! The read path for metric points: listing, names, aggregates and bucketed series.
//!
//! Gauge and sum values aggregate in SQL. Histograms, rates and counter resets need the
//! points in order per series, so those are fetched and folded in `crate::fold`.

use ophion_core::query::{
    ListOrder, MetricAggregate, MetricName, MetricPoint, MetricQuery, Paged, SeriesPoint,
    SeriesQuery, TimeRange,
};
use ophion_core::{Result, TenantId};
use sqlx::postgres::PgRow;

use super::PostgresStore;
use super::append::i64_of;
use super::filter::Sql;
use super::query::{PERCENTILES, attributes, decode, get, row_key, u64_of};
use crate::filter::{Dialect, Filter, Keyset, Signal, SortKey};
use crate::fold::{self, NumberPoint, SeriesAggregate, SummaryPoint, bucket_count, series_points};
use crate::quantile::{HistogramPoint, Layout};

/// `SELECT {columns} FROM metric_points WHERE {the query's filter}`.
fn points_where(columns: &str, query: &MetricQuery) -> Sql {
    Sql::select(columns, "metric_points", &Filter::points(query))
}

const NUMBER_KINDS: &str = "kind IN ('gauge', 'sum') AND value IS NOT NULL";
const HISTOGRAM_KINDS: &str = "kind IN ('histogram', 'exponential_histogram')";

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

pub(super) async fn points(
    store: &PostgresStore,
    query: &MetricQuery,
) -> Result<Paged<MetricPoint>> {
    let keyset = Keyset::new::<Sql>(ListOrder::MetricPoints, &query.page)?;
    let mut sql =
        points_where(&format!("{POINT_COLUMNS}, series_id, queue_position, row_ordinal"), query);
    sql.page("", &keyset);
    let rows = store.rows(&query.tenant, &mut sql).await?;
    let rows = decode(rows, |row| {
        let point = point_from_row(row)?;
        let key = SortKey {
            time_ns: point.time_unix_nano,
            name: point.name.clone(),
            // The hash's bits, as they are stored.
            series_id: get::<i64>(row, 27)? as u64,
            row: row_key(row, 28)?,
            ..SortKey::default()
        };
        Ok((point, key))
    })?;
    Ok(keyset.page(rows))
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
    let name = fold::aggregate_name(query)?;
    let mut sql = points_where(
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
    let (histograms, summaries) = (histogram_points(store, query), summary_points(store, query));
    fold::distribution_aggregate(name, histograms, summaries).await
}

async fn summary_points(store: &PostgresStore, query: &MetricQuery) -> Result<Vec<SummaryPoint>> {
    let mut sql = points_where("series_id, time_ns, count, sum, quantiles, quantile_values", query);
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

async fn histogram_points(
    store: &PostgresStore,
    query: &MetricQuery,
) -> Result<Vec<HistogramPoint>> {
    let mut sql = points_where(HISTOGRAM_COLUMNS, query);
    sql.push(&format!(" AND {HISTOGRAM_KINDS} ORDER BY time_ns, series_id"));
    let rows = store.rows(&query.tenant, &mut sql).await?;
    decode(rows, histogram_from_row)
}

pub(super) async fn series(store: &PostgresStore, query: &SeriesQuery) -> Result<Vec<SeriesPoint>> {
    let range = query.metric.range;
    let step_ns = query.step_ns;
    bucket_count(range, step_ns)?;
    let how = fold::series_aggregate(query.function)?;
    let aggregate = match how {
        SeriesAggregate::Sql(function) => format!("{function}(value)"),
        SeriesAggregate::Rate => return rate_series(store, query).await,
        // A number from a validated percentage: no user text reaches the SQL.
        SeriesAggregate::Quantile(q) => {
            format!("percentile_cont({q}) WITHIN GROUP (ORDER BY value)")
        }
    };
    let mut sql = Sql::new("SELECT (time_ns - ");
    sql.bind(i64_of(range.start_ns)).push(") / ").bind(i64_of(step_ns));
    sql.push(&format!(" AS bucket, ({aggregate})::float8 FROM metric_points WHERE "));
    sql.filter("", &Filter::points(&query.metric));
    sql.push(&format!(" AND {NUMBER_KINDS} GROUP BY bucket ORDER BY bucket"));
    let rows = store.rows(&query.metric.tenant, &mut sql).await?;
    let rows = decode(rows, |row| Ok((get::<i64>(row, 0)?, get::<Option<f64>>(row, 1)?)))?;
    if let SeriesAggregate::Quantile(q) = how
        && rows.is_empty()
    {
        let histograms = histogram_points(store, &query.metric);
        let summaries = summary_points(store, &query.metric);
        return fold::distribution_quantile_series(range, step_ns, q, histograms, summaries).await;
    }
    let buckets = rows.into_iter().filter_map(|(b, v)| v.map(|v| (u64_of(b), v))).collect();
    Ok(series_points(range, step_ns, buckets))
}

async fn rate_series(store: &PostgresStore, query: &SeriesQuery) -> Result<Vec<SeriesPoint>> {
    let mut sql = points_where(
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
