//! The read path for metric points: listing, names, aggregates and bucketed series.
//!
//! Gauge and sum values aggregate in SQL. Histograms, rates and counter resets need the
//! points in order per series, so those are fetched and folded here.

use std::collections::{BTreeMap, HashMap};

use duckdb::types::Value;
use duckdb::{Connection, Row};
use ophion_core::query::{
    MetricAggregate, MetricName, MetricPoint, MetricQuery, SeriesFunction, SeriesPoint,
    SeriesQuery, TimeRange,
};
use ophion_core::{Error, Result, TenantId};

use super::encoding::attributes_from_value;
use super::filter::Where;
use super::quantile::{Distribution, HistogramPoint, Layout};
use super::query::{bucket_count, f64_list, page_params, query_rows, u64_list};

fn metric_filter(query: &MetricQuery) -> Where {
    let mut filter = Where::tenant("", &query.tenant);
    filter.range("time_ns", query.range);
    if let Some(name) = &query.name {
        filter.push("name = ?".to_owned(), [Value::Text(name.clone())]);
    }
    if let Some(service) = &query.service {
        filter.push("service_name = ?".to_owned(), [Value::Text(service.clone())]);
    }
    filter.attributes("", &query.attributes);
    filter
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

pub(crate) fn metric_points(conn: &Connection, query: &MetricQuery) -> Result<Vec<MetricPoint>> {
    let mut filter = metric_filter(query);
    let sql = format!(
        "SELECT {POINT_COLUMNS} FROM metric_points WHERE {}
         ORDER BY time_ns DESC, name, series_id, rowid DESC LIMIT ? OFFSET ?",
        filter.sql()
    );
    filter.params.extend(page_params(query.page));
    query_rows(conn, &sql, &filter.params, point_from_row)
}

pub(crate) fn metric_names(
    conn: &Connection,
    tenant: &TenantId,
    range: TimeRange,
) -> Result<Vec<MetricName>> {
    let mut filter = Where::tenant("", tenant);
    filter.range("time_ns", range);
    let sql = format!(
        "SELECT name, kind, arg_max(unit, time_ns), arg_max(description, time_ns), count(*),
                max(time_ns)
         FROM metric_points WHERE {} GROUP BY name, kind ORDER BY name, kind",
        filter.sql()
    );
    query_rows(conn, &sql, &filter.params, |row| {
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
    let name = query
        .name
        .clone()
        .ok_or_else(|| Error::invalid("a metric name is required for an aggregate"))?;
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
    let filter = metric_filter(query);
    let sql = format!(
        "SELECT count(value), sum(value), avg(value), min(value), max(value),
                quantile_cont(value, [0.5, 0.95, 0.99])
         FROM metric_points WHERE {} AND {NUMBER_KINDS}",
        filter.sql()
    );
    let rows = query_rows(conn, &sql, &filter.params, |row| {
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
fn histogram_points(conn: &Connection, filter: &Where) -> Result<Vec<HistogramPoint>> {
    let sql = format!(
        "SELECT {HISTOGRAM_COLUMNS} FROM metric_points WHERE {} AND {HISTOGRAM_KINDS}
         ORDER BY time_ns, series_id",
        filter.sql()
    );
    query_rows(conn, &sql, &filter.params, histogram_from_row)
}

/// Delta points all count; a cumulative series counts once, by its latest point (which
/// already holds everything since the series started).
fn aggregate_histograms(points: Vec<HistogramPoint>) -> Vec<HistogramPoint> {
    let mut latest: HashMap<u64, HistogramPoint> = HashMap::new();
    let mut out = Vec::new();
    for point in points {
        if point.cumulative {
            latest.insert(point.series_id, point);
        } else {
            out.push(point);
        }
    }
    out.extend(latest.into_values());
    out
}

fn min_of(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    values.flatten().filter(|v| !v.is_nan()).reduce(f64::min)
}

fn max_of(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    values.flatten().filter(|v| !v.is_nan()).reduce(f64::max)
}

fn histogram_aggregate(
    conn: &Connection,
    query: &MetricQuery,
    name: &str,
) -> Result<Option<MetricAggregate>> {
    let points = histogram_points(conn, &metric_filter(query))?;
    if points.is_empty() {
        return Ok(None);
    }
    let points = aggregate_histograms(points);
    let mut distribution = Distribution::default();
    for point in &points {
        distribution.add(point);
    }
    let count: u64 = points.iter().map(|p| p.count).sum();
    let sum: f64 = points.iter().filter_map(|p| p.sum).sum();
    Ok(Some(MetricAggregate {
        name: name.to_owned(),
        count,
        sum,
        avg: (count > 0).then(|| sum / count as f64),
        min: min_of(points.iter().map(|p| p.min)),
        max: max_of(points.iter().map(|p| p.max)),
        p50: distribution.quantile(0.5),
        p95: distribution.quantile(0.95),
        p99: distribution.quantile(0.99),
    }))
}

struct SummaryPoint {
    series_id: u64,
    time_ns: u64,
    count: u64,
    sum: f64,
    quantiles: Vec<(f64, f64)>,
}

impl SummaryPoint {
    fn at(&self, q: f64) -> Option<f64> {
        self.quantiles.iter().find(|(quantile, _)| (quantile - q).abs() < 1e-9).map(|(_, v)| *v)
    }
}

fn summary_points(conn: &Connection, filter: &Where) -> Result<Vec<SummaryPoint>> {
    let sql = format!(
        "SELECT series_id, time_ns, count, sum, quantiles, quantile_values
         FROM metric_points WHERE {} AND kind = 'summary' ORDER BY time_ns, series_id",
        filter.sql()
    );
    query_rows(conn, &sql, &filter.params, |row| {
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

/// The count-weighted mean of each point's value at quantile `q`: exact for one series, an
/// approximation across several (summaries cannot be merged exactly).
fn weighted_quantile<'a>(points: impl Iterator<Item = &'a SummaryPoint>, q: f64) -> Option<f64> {
    let (weighted, weight) = points
        .filter_map(|p| p.at(q).map(|v| (v, p.count.max(1) as f64)))
        .fold((0.0, 0.0), |(s, w), (v, pw)| (s + v * pw, w + pw));
    (weight > 0.0).then(|| weighted / weight)
}

fn summary_aggregate(
    conn: &Connection,
    query: &MetricQuery,
    name: &str,
) -> Result<Option<MetricAggregate>> {
    let points = summary_points(conn, &metric_filter(query))?;
    if points.is_empty() {
        return Ok(None);
    }
    // Summaries are cumulative: each series counts by its latest point.
    let mut latest: BTreeMap<u64, SummaryPoint> = BTreeMap::new();
    for point in points {
        latest.insert(point.series_id, point);
    }
    let count: u64 = latest.values().map(|p| p.count).sum();
    let sum: f64 = latest.values().map(|p| p.sum).sum();
    Ok(Some(MetricAggregate {
        name: name.to_owned(),
        count,
        sum,
        avg: (count > 0).then(|| sum / count as f64),
        min: min_of(latest.values().map(|p| p.at(0.0))),
        max: max_of(latest.values().map(|p| p.at(1.0))),
        p50: weighted_quantile(latest.values(), 0.5),
        p95: weighted_quantile(latest.values(), 0.95),
        p99: weighted_quantile(latest.values(), 0.99),
    }))
}

// ---- series --------------------------------------------------------------------------------

fn bucket_of(range: TimeRange, step_ns: u64, time_ns: u64) -> u64 {
    time_ns.saturating_sub(range.start_ns) / step_ns
}

fn series_points(range: TimeRange, step_ns: u64, buckets: BTreeMap<u64, f64>) -> Vec<SeriesPoint> {
    buckets
        .into_iter()
        .map(|(bucket, value)| SeriesPoint {
            time_unix_nano: range.start_ns + bucket * step_ns,
            value,
        })
        .collect()
}

pub(crate) fn metric_series(conn: &Connection, query: &SeriesQuery) -> Result<Vec<SeriesPoint>> {
    let range = query.metric.range;
    let step_ns = query.step_ns;
    bucket_count(range, step_ns)?;
    let sql_function = match query.function {
        SeriesFunction::Avg => "avg",
        SeriesFunction::Sum => "sum",
        SeriesFunction::Min => "min",
        SeriesFunction::Max => "max",
        SeriesFunction::Count => "count",
        SeriesFunction::Rate => return rate_series(conn, query),
        SeriesFunction::Quantile(q) => return quantile_series(conn, query, q),
    };
    let filter = metric_filter(&query.metric);
    let sql = format!(
        "SELECT (time_ns - ?) // ?, {sql_function}(value)::DOUBLE
         FROM metric_points WHERE {} AND {NUMBER_KINDS} GROUP BY 1 ORDER BY 1",
        filter.sql()
    );
    let mut params = vec![Value::UBigInt(range.start_ns), Value::UBigInt(step_ns)];
    params.extend(filter.params);
    let rows = query_rows(conn, &sql, &params, |row| {
        Ok((row.get::<_, u64>(0)?, row.get::<_, Option<f64>>(1)?))
    })?;
    let buckets = rows.into_iter().filter_map(|(b, v)| v.map(|v| (b, v))).collect();
    Ok(series_points(range, step_ns, buckets))
}

struct NumberPoint {
    series_id: u64,
    time_ns: u64,
    start_time_ns: u64,
    value: f64,
    delta: bool,
    monotonic: bool,
}

/// Per-second increase per bucket, per series then summed. Delta points are increases
/// already; cumulative points increase by their difference from the previous point, or by
/// their whole value after a reset (a drop in a monotonic sum, or a later start time).
fn rate_series(conn: &Connection, query: &SeriesQuery) -> Result<Vec<SeriesPoint>> {
    let range = query.metric.range;
    let filter = metric_filter(&query.metric);
    let sql = format!(
        "SELECT series_id, time_ns, start_time_ns, value, temporality, is_monotonic
         FROM metric_points WHERE {} AND {NUMBER_KINDS} ORDER BY series_id, time_ns",
        filter.sql()
    );
    let points = query_rows(conn, &sql, &filter.params, |row| {
        Ok(NumberPoint {
            series_id: row.get(0)?,
            time_ns: row.get(1)?,
            start_time_ns: row.get(2)?,
            value: row.get::<_, Option<f64>>(3)?.unwrap_or(0.0),
            delta: row.get::<_, Option<String>>(4)?.as_deref() == Some("delta"),
            monotonic: row.get::<_, Option<bool>>(5)?.unwrap_or(false),
        })
    })?;
    let step_seconds = query.step_ns as f64 / 1e9;
    let mut increases: BTreeMap<u64, f64> = BTreeMap::new();
    let mut previous: Option<&NumberPoint> = None;
    for point in &points {
        let prev = previous.filter(|p| p.series_id == point.series_id);
        let increase = if point.delta {
            Some(point.value)
        } else {
            prev.map(|prev| {
                let restarted =
                    point.start_time_ns > prev.start_time_ns && point.start_time_ns >= prev.time_ns;
                let dropped = point.monotonic && point.value < prev.value;
                if restarted || dropped { point.value } else { point.value - prev.value }
            })
        };
        if let Some(increase) = increase {
            *increases.entry(bucket_of(range, query.step_ns, point.time_ns)).or_insert(0.0) +=
                increase;
        }
        previous = Some(point);
    }
    let rates = increases.into_iter().map(|(b, inc)| (b, inc / step_seconds)).collect();
    Ok(series_points(range, query.step_ns, rates))
}

fn quantile_series(
    conn: &Connection,
    query: &SeriesQuery,
    percent: u8,
) -> Result<Vec<SeriesPoint>> {
    if percent > 100 {
        return Err(Error::invalid(format!("quantile {percent} is above 100")));
    }
    let q = f64::from(percent) / 100.0;
    let range = query.metric.range;
    let step_ns = query.step_ns;
    let filter = metric_filter(&query.metric);

    let sql = format!(
        "SELECT (time_ns - ?) // ?, quantile_cont(value, ?)
         FROM metric_points WHERE {} AND {NUMBER_KINDS} GROUP BY 1 ORDER BY 1",
        filter.sql()
    );
    let mut params =
        vec![Value::UBigInt(range.start_ns), Value::UBigInt(step_ns), Value::Double(q)];
    params.extend(filter.params.iter().cloned());
    let rows = query_rows(conn, &sql, &params, |row| {
        Ok((row.get::<_, u64>(0)?, row.get::<_, Option<f64>>(1)?))
    })?;
    if !rows.is_empty() {
        let buckets = rows.into_iter().filter_map(|(b, v)| v.map(|v| (b, v))).collect();
        return Ok(series_points(range, step_ns, buckets));
    }

    let histograms = histogram_points(conn, &filter)?;
    if !histograms.is_empty() {
        return Ok(histogram_quantile_series(range, step_ns, q, histograms));
    }

    let summaries = summary_points(conn, &filter)?;
    let mut by_bucket: BTreeMap<u64, Vec<SummaryPoint>> = BTreeMap::new();
    for point in summaries {
        by_bucket.entry(bucket_of(range, step_ns, point.time_ns)).or_default().push(point);
    }
    let values = by_bucket
        .into_iter()
        .filter_map(|(b, points)| weighted_quantile(points.iter(), q).map(|v| (b, v)))
        .collect();
    Ok(series_points(range, step_ns, values))
}

/// Each bucket's distribution holds the observations made in it: delta points as they are,
/// cumulative points as their increase over the series' previous point (the first point
/// of a series in the range, having no previous one, counts whole).
fn histogram_quantile_series(
    range: TimeRange,
    step_ns: u64,
    q: f64,
    points: Vec<HistogramPoint>,
) -> Vec<SeriesPoint> {
    let mut previous: HashMap<u64, HistogramPoint> = HashMap::new();
    let mut by_bucket: BTreeMap<u64, Distribution> = BTreeMap::new();
    for point in points {
        let bucket = bucket_of(range, step_ns, point.time_ns);
        let observed = if point.cumulative {
            let increase = previous
                .get(&point.series_id)
                .map_or_else(|| Some(point.clone()), |prev| point.increase_since(prev))
                .unwrap_or_else(|| point.clone());
            previous.insert(point.series_id, point);
            increase
        } else {
            point
        };
        by_bucket.entry(bucket).or_default().add(&observed);
    }
    let values = by_bucket
        .into_iter()
        .filter_map(|(bucket, distribution)| distribution.quantile(q).map(|v| (bucket, v)))
        .collect();
    series_points(range, step_ns, values)
}
