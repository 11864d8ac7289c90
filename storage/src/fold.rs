//! Folds over metric points fetched in time order, for what SQL cannot say portably: merging
//! histogram buckets, summaries' latest points, counter increases across resets. Every store
//! fetches the points its own way and folds them here, so all give the same answers.

use std::collections::{BTreeMap, HashMap};

use ophion_core::query::{
    HistogramBucket, MetricAggregate, MetricQuery, SeriesFunction, SeriesPoint, ServiceSummary,
    TimeRange,
};
use ophion_core::{Error, Result};

use crate::quantile::{Distribution, HistogramPoint};

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

/// The aggregate of histogram points in time order; `None` when there are none.
pub(crate) fn histogram_aggregate(
    name: &str,
    points: Vec<HistogramPoint>,
) -> Option<MetricAggregate> {
    if points.is_empty() {
        return None;
    }
    let points = aggregate_histograms(points);
    let mut distribution = Distribution::default();
    for point in &points {
        distribution.add(point);
    }
    let count: u64 = points.iter().map(|p| p.count).sum();
    let sum: f64 = points.iter().filter_map(|p| p.sum).sum();
    Some(MetricAggregate {
        name: name.to_owned(),
        count,
        sum,
        avg: (count > 0).then(|| sum / count as f64),
        min: min_of(points.iter().map(|p| p.min)),
        max: max_of(points.iter().map(|p| p.max)),
        p50: distribution.quantile(0.5),
        p95: distribution.quantile(0.95),
        p99: distribution.quantile(0.99),
    })
}

pub(crate) struct SummaryPoint {
    pub series_id: u64,
    pub time_ns: u64,
    pub count: u64,
    pub sum: f64,
    pub quantiles: Vec<(f64, f64)>,
}

impl SummaryPoint {
    fn at(&self, q: f64) -> Option<f64> {
        self.quantiles.iter().find(|(quantile, _)| (quantile - q).abs() < 1e-9).map(|(_, v)| *v)
    }
}

/// The count-weighted mean of each point's value at quantile `q`: exact for one series, an
/// approximation across several (summaries cannot be merged exactly).
fn weighted_quantile<'a>(points: impl Iterator<Item = &'a SummaryPoint>, q: f64) -> Option<f64> {
    let (weighted, weight) = points
        .filter_map(|p| p.at(q).map(|v| (v, p.count.max(1) as f64)))
        .fold((0.0, 0.0), |(s, w), (v, pw)| (s + v * pw, w + pw));
    (weight > 0.0).then(|| weighted / weight)
}

/// The aggregate of summary points in time order; `None` when there are none.
pub(crate) fn summary_aggregate(name: &str, points: Vec<SummaryPoint>) -> Option<MetricAggregate> {
    if points.is_empty() {
        return None;
    }
    // Summaries are cumulative: each series counts by its latest point.
    let mut latest: BTreeMap<u64, SummaryPoint> = BTreeMap::new();
    for point in points {
        latest.insert(point.series_id, point);
    }
    let count: u64 = latest.values().map(|p| p.count).sum();
    let sum: f64 = latest.values().map(|p| p.sum).sum();
    Some(MetricAggregate {
        name: name.to_owned(),
        count,
        sum,
        avg: (count > 0).then(|| sum / count as f64),
        min: min_of(latest.values().map(|p| p.at(0.0))),
        max: max_of(latest.values().map(|p| p.at(1.0))),
        p50: weighted_quantile(latest.values(), 0.5),
        p95: weighted_quantile(latest.values(), 0.95),
        p99: weighted_quantile(latest.values(), 0.99),
    })
}

pub(crate) fn bucket_of(range: TimeRange, step_ns: u64, time_ns: u64) -> u64 {
    time_ns.saturating_sub(range.start_ns) / step_ns
}

pub(crate) fn series_points(
    range: TimeRange,
    step_ns: u64,
    buckets: BTreeMap<u64, f64>,
) -> Vec<SeriesPoint> {
    buckets
        .into_iter()
        .map(|(bucket, value)| SeriesPoint {
            time_unix_nano: range.start_ns + bucket * step_ns,
            value,
        })
        .collect()
}

pub(crate) struct NumberPoint {
    pub series_id: u64,
    pub time_ns: u64,
    pub start_time_ns: u64,
    pub value: f64,
    pub delta: bool,
    pub monotonic: bool,
}

/// Per-second increase per bucket, per series then summed. Delta points are increases
/// already; cumulative points increase by their difference from the previous point, or by
/// their whole value after a reset (a drop in a monotonic sum, or a later start time).
/// `points` are ordered by series, then time.
pub(crate) fn rate_series(
    range: TimeRange,
    step_ns: u64,
    points: &[NumberPoint],
) -> Vec<SeriesPoint> {
    let step_seconds = step_ns as f64 / 1e9;
    let mut increases: BTreeMap<u64, f64> = BTreeMap::new();
    let mut previous: Option<&NumberPoint> = None;
    for point in points {
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
            *increases.entry(bucket_of(range, step_ns, point.time_ns)).or_insert(0.0) += increase;
        }
        previous = Some(point);
    }
    let rates = increases.into_iter().map(|(b, inc)| (b, inc / step_seconds)).collect();
    series_points(range, step_ns, rates)
}

/// Per bucket, the count-weighted quantile of the summaries in it.
pub(crate) fn summary_quantile_series(
    range: TimeRange,
    step_ns: u64,
    q: f64,
    summaries: Vec<SummaryPoint>,
) -> Vec<SeriesPoint> {
    let mut by_bucket: BTreeMap<u64, Vec<SummaryPoint>> = BTreeMap::new();
    for point in summaries {
        by_bucket.entry(bucket_of(range, step_ns, point.time_ns)).or_default().push(point);
    }
    let values = by_bucket
        .into_iter()
        .filter_map(|(b, points)| weighted_quantile(points.iter(), q).map(|v| (b, v)))
        .collect();
    series_points(range, step_ns, values)
}

/// Each bucket's distribution holds the observations made in it: delta points as they are,
/// cumulative points as their increase over the series' previous point (the first point
/// of a series in the range, having no previous one, counts whole).
pub(crate) fn histogram_quantile_series(
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

/// The metric an aggregate is over: one must be named.
pub(crate) fn aggregate_name(query: &MetricQuery) -> Result<String> {
    query.name.clone().ok_or_else(|| Error::invalid("a metric name is required for an aggregate"))
}

/// How a series function is computed per bucket, decided once for every store.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum SeriesAggregate {
    /// An SQL aggregate of the bucket's gauge and sum values: `avg`, `sum`, `min`, `max` or
    /// `count`.
    Sql(&'static str),
    /// Increases per second, folded from the points in order ([`rate_series`]).
    Rate,
    /// The quantile `q` (0 to 1) of the values, else estimated from histograms or summaries
    /// ([`distribution_quantile_series`]).
    Quantile(f64),
}

pub(crate) fn series_aggregate(function: SeriesFunction) -> Result<SeriesAggregate> {
    Ok(match function {
        SeriesFunction::Avg => SeriesAggregate::Sql("avg"),
        SeriesFunction::Sum => SeriesAggregate::Sql("sum"),
        SeriesFunction::Min => SeriesAggregate::Sql("min"),
        SeriesFunction::Max => SeriesAggregate::Sql("max"),
        SeriesFunction::Count => SeriesAggregate::Sql("count"),
        SeriesFunction::Rate => SeriesAggregate::Rate,
        SeriesFunction::Quantile(percent) if percent > 100 => {
            return Err(Error::invalid(format!("quantile {percent} is above 100")));
        }
        SeriesFunction::Quantile(percent) => SeriesAggregate::Quantile(f64::from(percent) / 100.0),
    })
}

/// A metric's aggregate when it has no gauge or sum values: from its histograms if it has
/// any, else from its summaries (read only then), else empty. For the async stores, which
/// read each kind of point with a query of its own.
#[cfg(any(feature = "clickhouse", feature = "postgres"))]
pub(crate) async fn distribution_aggregate(
    name: String,
    histograms: impl Future<Output = Result<Vec<HistogramPoint>>>,
    summaries: impl Future<Output = Result<Vec<SummaryPoint>>>,
) -> Result<MetricAggregate> {
    if let Some(aggregate) = histogram_aggregate(&name, histograms.await?) {
        return Ok(aggregate);
    }
    if let Some(aggregate) = summary_aggregate(&name, summaries.await?) {
        return Ok(aggregate);
    }
    Ok(MetricAggregate { name, ..MetricAggregate::default() })
}

/// A quantile series when a metric has no gauge or sum values: estimated from its histograms
/// if it has any, else from its summaries (read only then).
#[cfg(any(feature = "clickhouse", feature = "postgres"))]
pub(crate) async fn distribution_quantile_series(
    range: TimeRange,
    step_ns: u64,
    q: f64,
    histograms: impl Future<Output = Result<Vec<HistogramPoint>>>,
    summaries: impl Future<Output = Result<Vec<SummaryPoint>>>,
) -> Result<Vec<SeriesPoint>> {
    let histograms = histograms.await?;
    if !histograms.is_empty() {
        return Ok(histogram_quantile_series(range, step_ns, q, histograms));
    }
    Ok(summary_quantile_series(range, step_ns, q, summaries.await?))
}

/// Most buckets a histogram or series may have; a smaller step is bad input.
pub(crate) const MAX_BUCKETS: u64 = 10_000;

/// The number of `step_ns` buckets covering the range, or bad input when there would be
/// too many (or the step is zero).
pub(crate) fn bucket_count(range: TimeRange, step_ns: u64) -> Result<u64> {
    if step_ns == 0 {
        return Err(Error::invalid("step must be greater than zero"));
    }
    let span = range.end_ns.saturating_sub(range.start_ns);
    let buckets = span.div_ceil(step_ns);
    if buckets > MAX_BUCKETS {
        return Err(Error::invalid(format!(
            "step too small: {buckets} buckets over the range, at most {MAX_BUCKETS} allowed"
        )));
    }
    Ok(buckets)
}

/// SQL naming a log's severity group (`trace` … `fatal`, else `unspecified`) from its OTLP
/// severity number in `column`; the groups [`severity_histogram`] counts by. Plain `CASE`, which
/// every store's engine reads.
pub(crate) fn severity_group_sql(column: &str) -> String {
    let groups = ["trace", "debug", "info", "warn", "error", "fatal"];
    let arms: String = groups
        .iter()
        .enumerate()
        .map(|(i, group)| {
            format!(" WHEN {column} BETWEEN {} AND {} THEN '{group}'", 4 * i + 1, 4 * i + 4)
        })
        .collect();
    format!("CASE{arms} ELSE 'unspecified' END")
}

/// A log histogram from (bucket, severity group, count) rows: every bucket of the range,
/// empty ones included.
pub(crate) fn severity_histogram(
    range: TimeRange,
    step_ns: u64,
    buckets: u64,
    rows: impl IntoIterator<Item = (u64, String, u64)>,
) -> Vec<HistogramBucket> {
    let mut out: Vec<HistogramBucket> = (0..buckets)
        .map(|i| HistogramBucket {
            start_unix_nano: range.start_ns + i * step_ns,
            count: 0,
            by_severity: BTreeMap::new(),
        })
        .collect();
    for (bucket, group, count) in rows {
        if let Some(slot) = usize::try_from(bucket).ok().and_then(|b| out.get_mut(b)) {
            slot.count += count;
            *slot.by_severity.entry(group).or_insert(0) += count;
        }
    }
    out
}

/// A service's line on the services page: rates over the range, percentiles in ms.
pub(crate) fn service_summary(
    name: String,
    spans: u64,
    errors: u64,
    range: TimeRange,
    (p50_ms, p95_ms, p99_ms): (f64, f64, f64),
) -> ServiceSummary {
    let seconds = range.end_ns.saturating_sub(range.start_ns) as f64 / 1e9;
    ServiceSummary {
        name,
        span_count: spans,
        rate_per_sec: if seconds > 0.0 { spans as f64 / seconds } else { 0.0 },
        error_count: errors,
        error_rate: if spans > 0 { errors as f64 / spans as f64 } else { 0.0 },
        p50_ms,
        p95_ms,
        p99_ms,
    }
}
