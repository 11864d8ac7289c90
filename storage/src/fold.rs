//! Folds over metric points fetched in time order, for what SQL cannot say portably: merging
//! histogram buckets, summaries' latest points, counter increases across resets. Every store
//! fetches the points its own way and folds them here, so all give the same answers.

use std::collections::{BTreeMap, HashMap};

use ophion_core::query::{MetricAggregate, SeriesPoint, TimeRange};

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
