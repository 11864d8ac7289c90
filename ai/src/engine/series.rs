//! The series the engine follows: every service's RED signals (request rate, error rate,
//! p50/p95/p99), those of each of its operations, and every metric's series, one point per
//! step, each through its own online [`Detector`]. A point that opens or extends an anomalous
//! episode becomes an anomaly insight ([`super::anomaly`]).

use std::collections::{BTreeMap, VecDeque};

use ophion_core::Result;
use ophion_core::query::{
    MetricName, Page, RedQuery, SeriesFunction, SeriesQuery, ServicePoint, TimeRange,
};

use super::{NS, TenantTick, anomaly};
use crate::detect::{Detector, DetectorConfig, Verdict};
use crate::insight::{Insight, InsightKind};

/// What a series follows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum SeriesKey {
    /// A RED signal of a service, or of one of its operations.
    Red { service: String, operation: Option<String>, signal: RedSignal },
    /// A metric's series, averaged (or its rate, or its p95) over all its points.
    Metric { name: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum RedSignal {
    Rate,
    ErrorRate,
    P50,
    P95,
    P99,
}

const RED_SIGNALS: [RedSignal; 5] =
    [RedSignal::Rate, RedSignal::ErrorRate, RedSignal::P50, RedSignal::P95, RedSignal::P99];

impl RedSignal {
    fn name(self) -> &'static str {
        match self {
            Self::Rate => "request rate (spans/s)",
            Self::ErrorRate => "error rate",
            Self::P50 => "p50 latency (ms)",
            Self::P95 => "p95 latency (ms)",
            Self::P99 => "p99 latency (ms)",
        }
    }
}

/// The five RED series of a service, or of one of its operations.
fn red_keys(service: &str, operation: Option<&str>) -> Vec<SeriesKey> {
    RED_SIGNALS
        .iter()
        .map(|&signal| SeriesKey::Red {
            service: service.to_owned(),
            operation: operation.map(str::to_owned),
            signal,
        })
        .collect()
}

impl SeriesKey {
    pub(super) fn subject(&self) -> String {
        match self {
            Self::Red { service, operation: None, signal } => {
                format!("{service} {}", signal.name())
            }
            Self::Red { service, operation: Some(operation), signal } => {
                format!("{service} `{operation}` {}", signal.name())
            }
            Self::Metric { name } => name.clone(),
        }
    }

    pub(super) fn service(&self) -> Option<String> {
        match self {
            Self::Red { service, .. } => Some(service.clone()),
            Self::Metric { .. } => None,
        }
    }
}

/// Buckets with fewer spans than this carry no error rate or latency point: one slow or
/// failed request of two says little.
const MIN_SPANS_PER_POINT: u64 = 5;

/// Points of a series kept for evidence.
const RECENT_POINTS: usize = 120;

pub(super) struct Series {
    pub(super) detector: Detector,
    /// Start of the next bucket to feed.
    next_ns: u64,
    /// The latest points, their time, value and verdict.
    pub(super) recent: VecDeque<(u64, f64, Verdict)>,
    /// The insight of the episode in progress: its id and start.
    open: Option<(String, u64)>,
    /// For metrics: the function the series is read with.
    function: SeriesFunction,
}

impl Series {
    fn new(step_ns: u64, next_ns: u64, function: SeriesFunction) -> Self {
        Self {
            detector: Detector::new(step_ns as f64 / NS as f64, DetectorConfig::default()),
            next_ns,
            recent: VecDeque::new(),
            open: None,
            function,
        }
    }
}

/// A tenant's series, at most `max_series` of them.
#[derive(Default)]
pub(super) struct SeriesState {
    pub(super) series: BTreeMap<SeriesKey, Series>,
    warned_series_cap: bool,
}

/// An anomaly insight a tick raised or extended, and its series.
pub(super) type Touched = (SeriesKey, String);

impl SeriesState {
    /// Feeds every series the steps completed since the last tick, then explains the
    /// anomalies that raised or grew.
    pub(super) async fn advance(
        &mut self,
        tick: &TenantTick<'_>,
        metrics: &[MetricName],
    ) -> Result<()> {
        let mut touched = self.feed_services(tick).await?;
        touched.extend(self.feed_metrics(tick, metrics).await?);
        touched.sort();
        touched.dedup();
        anomaly::explain(tick, self, &touched).await
    }

    /// Every service's RED series, and those of its operations.
    async fn feed_services(&mut self, tick: &TenantTick<'_>) -> Result<Vec<Touched>> {
        let (tenant, upto, step) = (tick.tenant, tick.upto, tick.step);
        let mut touched = Vec::new();
        for service in tick.query.services(tenant, tick.recent()).await? {
            let keys = red_keys(&service.name, None);
            if !self.admit(tick, &keys, tick.first_ns(), SeriesFunction::Avg) {
                continue;
            }
            // The service's own series say how far it was read; an operation first seen now
            // starts there (it had no spans before).
            let next = keys
                .iter()
                .filter_map(|k| self.series.get(k))
                .map(|s| s.next_ns)
                .min()
                .unwrap_or(upto);
            if next >= upto {
                continue;
            }
            let range = TimeRange { start_ns: next, end_ns: upto };
            let mut groups: BTreeMap<Option<String>, BTreeMap<u64, ServicePoint>> = BTreeMap::new();
            groups.insert(None, BTreeMap::new());
            for by_operation in [false, true] {
                let (tenant, service) = (tenant.clone(), service.name.clone());
                let query = RedQuery { tenant, service, range, step_ns: step, by_operation };
                for split in tick.query.red_series(&query).await? {
                    let operation = by_operation.then_some(split.operation);
                    let points = groups.entry(operation).or_default();
                    points.insert(split.point.time_unix_nano, split.point);
                }
            }
            for (operation, by_time) in &groups {
                let keys = red_keys(&service.name, operation.as_deref());
                if !self.admit(tick, &keys, next, SeriesFunction::Avg) {
                    continue;
                }
                for key in &keys {
                    let Some(series) = self.series.get_mut(key) else { continue };
                    touched.extend(feed_red(tick, key, series, by_time));
                }
            }
        }
        Ok(touched)
    }

    /// Every metric's series.
    async fn feed_metrics(
        &mut self,
        tick: &TenantTick<'_>,
        metrics: &[MetricName],
    ) -> Result<Vec<Touched>> {
        let mut touched = Vec::new();
        for metric in metrics {
            let key = SeriesKey::Metric { name: metric.name.clone() };
            if !self.series.contains_key(&key) {
                let function = metric_function(tick, &metric.name, &metric.kind).await?;
                if !self.admit(tick, std::slice::from_ref(&key), tick.first_ns(), function) {
                    continue;
                }
            }
            let Some(series) = self.series.get_mut(&key) else { continue };
            if series.next_ns >= tick.upto {
                continue;
            }
            let range = TimeRange { start_ns: series.next_ns, end_ns: tick.upto };
            let query = SeriesQuery {
                metric: tick.metric_query(range, Some(&metric.name)),
                step_ns: tick.step,
                function: series.function,
            };
            for point in tick.query.metric_series(&query).await? {
                if let Some(id) = observe(tick, &key, series, point.time_unix_nano, point.value) {
                    touched.push((key.clone(), id));
                }
            }
            series.next_ns = tick.upto;
        }
        Ok(touched)
    }

    /// Starts following `keys` from `first_ns` unless the tenant's series budget is spent.
    fn admit(
        &mut self,
        tick: &TenantTick<'_>,
        keys: &[SeriesKey],
        first_ns: u64,
        function: SeriesFunction,
    ) -> bool {
        let max_series = tick.config.max_series;
        let new = keys.iter().filter(|k| !self.series.contains_key(k)).count();
        if self.series.len() + new > max_series {
            if !self.warned_series_cap {
                self.warned_series_cap = true;
                tracing::warn!(
                    max_series,
                    "AI engine: series budget spent; further series are not analysed"
                );
            }
            return new == 0;
        }
        for key in keys {
            self.series
                .entry(key.clone())
                .or_insert_with(|| Series::new(tick.step, first_ns, function));
        }
        true
    }
}

/// Feeds a RED series its buckets from where it stopped up to the tick's end; returns the
/// insights it raised or extended.
fn feed_red(
    tick: &TenantTick<'_>,
    key: &SeriesKey,
    series: &mut Series,
    by_time: &BTreeMap<u64, ServicePoint>,
) -> Vec<Touched> {
    let SeriesKey::Red { signal, .. } = key else { return Vec::new() };
    let step = tick.step;
    let mut touched = Vec::new();
    let mut t = series.next_ns;
    while t < tick.upto {
        let point = by_time.get(&t);
        let count = point.map_or(0, |p| p.span_count);
        let value = match signal {
            // A series starts at its first request, not at the lookback's edge.
            RedSignal::Rate if count == 0 && series.recent.is_empty() => None,
            RedSignal::Rate => Some(count as f64 / (step / NS) as f64),
            _ if count < MIN_SPANS_PER_POINT => None,
            RedSignal::ErrorRate => point.map(|p| p.error_count as f64 / count as f64),
            RedSignal::P50 => point.map(|p| p.p50_ms),
            RedSignal::P95 => point.map(|p| p.p95_ms),
            RedSignal::P99 => point.map(|p| p.p99_ms),
        };
        if let Some(value) = value
            && let Some(id) = observe(tick, key, series, t, value)
        {
            touched.push((key.clone(), id));
        }
        t += step;
    }
    series.next_ns = tick.upto;
    touched
}

/// Counters are followed as a rate, histograms by their p95, the rest by their average.
async fn metric_function(tick: &TenantTick<'_>, name: &str, kind: &str) -> Result<SeriesFunction> {
    Ok(match kind {
        "histogram" | "exponential_histogram" => SeriesFunction::Quantile(95),
        "sum" => {
            let mut sample = tick.metric_query(tick.recent(), Some(name));
            sample.page = Page::first(1);
            let points = tick.query.metric_points(&sample).await?.items;
            if points.first().and_then(|p| p.is_monotonic) == Some(true) {
                SeriesFunction::Rate
            } else {
                SeriesFunction::Avg
            }
        }
        _ => SeriesFunction::Avg,
    })
}

/// Feeds one point; returns the id of the insight it raised or extended.
fn observe(
    tick: &TenantTick<'_>,
    key: &SeriesKey,
    series: &mut Series,
    time_ns: u64,
    value: f64,
) -> Option<String> {
    let verdict = series.detector.observe(value);
    series.recent.push_back((time_ns, value, verdict));
    if series.recent.len() > RECENT_POINTS {
        series.recent.pop_front();
    }
    if verdict.raised {
        let id = Insight::id_for(tick.tenant, InsightKind::Anomaly, &key.subject(), time_ns);
        series.open = Some((id, time_ns));
    } else if !verdict.anomalous {
        series.open = None;
        return None;
    }
    let (id, start_ns) = series.open.clone()?;
    let mut insight = anomaly::insight(key, series, &id, start_ns, time_ns + tick.step)?;
    // Root causes are ranked once, when the episode opens; they stay as it grows.
    if let Some(causes) =
        tick.insights.get(tick.tenant, &id).and_then(|old| old.evidence.get("root_causes").cloned())
    {
        anomaly::explain_with_causes(&mut insight, causes);
    }
    tick.insights.upsert(tick.tenant, insight);
    Some(id)
}

#[cfg(test)]
mod tests {
    use ophion_core::query::MetricPoint;

    use super::*;
    use crate::engine::testing::{DAY, HOUR, Harness, STEP, T0};
    use crate::fixtures::{Fault, gauge, shop};
    use crate::insight::InsightKind;

    /// Steps of history before anything can be raised, with room to spare.
    const WARM: u64 = 36 * 12;

    async fn advance(h: &Harness, state: &mut SeriesState, upto: u64) {
        let tick = h.tick(upto);
        let metrics = tick.query.metric_names(tick.tenant, tick.recent()).await.unwrap();
        state.advance(&tick, &metrics).await.unwrap();
    }

    /// A small deterministic wobble around `base`.
    fn wobble(base: f64, i: u64) -> f64 {
        base + (i * 7919 % 13) as f64
    }

    #[tokio::test]
    async fn a_metric_spike_after_a_warm_history_is_one_anomaly_with_its_evidence() {
        let h = Harness::new();
        let at = |i: u64| T0 + i * STEP;
        h.telemetry
            .add_points((0..WARM).map(|i| gauge("queue.depth", "worker", at(i), wobble(100.0, i))));
        h.telemetry
            .add_points((WARM..WARM + 2).map(|i| gauge("queue.depth", "worker", at(i), 900.0)));
        let mut state = SeriesState::default();
        advance(&h, &mut state, at(WARM + 2)).await;

        let anomalies = h.insights(InsightKind::Anomaly);
        assert_eq!(anomalies.len(), 1, "{anomalies:#?}");
        let anomaly = &anomalies[0];
        assert_eq!((anomaly.subject.as_str(), anomaly.service.as_deref()), ("queue.depth", None));
        assert_eq!(anomaly.start_unix_nano, at(WARM), "starts at the spike");
        assert_eq!(anomaly.end_unix_nano, at(WARM + 2), "and grew with its second point");
        assert_eq!(anomaly.evidence["peak"]["value"], 900.0);
        assert!(anomaly.evidence["peak"]["upper"].as_f64().unwrap() < 900.0);
        assert_eq!(anomaly.evidence["observed"].as_array().unwrap().len(), 2);
        assert!(anomaly.summary.contains("above the expected"), "{}", anomaly.summary);
        assert_eq!(anomaly.evidence["raised_as"], "spike");
        assert!(anomaly.summary.ends_with("raised as a spike."), "{}", anomaly.summary);
    }

    #[tokio::test]
    async fn a_series_that_never_varied_has_no_deviation_counted_in_its_bands() {
        let h = Harness::new();
        let at = |i: u64| T0 + i * STEP;
        h.telemetry.add_points((0..WARM).map(|i| gauge("jobs.failed", "worker", at(i), 0.0)));
        h.telemetry.add_points([gauge("jobs.failed", "worker", at(WARM), 0.25)]);
        let mut state = SeriesState::default();
        advance(&h, &mut state, at(WARM + 1)).await;

        let anomalies = h.insights(InsightKind::Anomaly);
        assert_eq!(anomalies.len(), 1, "{anomalies:#?}");
        // A band of no width is no unit: not "77 million bands", and critical all the same.
        assert_eq!(anomalies[0].evidence["deviation_in_bands"], serde_json::Value::Null);
        assert_eq!(anomalies[0].severity, crate::insight::Severity::Critical);
    }

    #[tokio::test]
    async fn a_slow_service_raises_latency_anomalies_that_name_it_as_the_root_cause() {
        let h = Harness::new();
        for i in 0..WARM + 2 {
            let fault = if i >= WARM {
                Fault { service: "payments", extra_ms: 200, fails: false }
            } else {
                Fault::default()
            };
            h.telemetry.add_spans(shop(6, i, T0 + i * STEP, fault));
        }
        let mut state = SeriesState::default();
        advance(&h, &mut state, T0 + (WARM + 2) * STEP).await;

        let anomalies = h.insights(InsightKind::Anomaly);
        let subjects: Vec<&str> = anomalies.iter().map(|a| a.subject.as_str()).collect();
        assert!(subjects.contains(&"payments p95 latency (ms)"), "{subjects:#?}");
        assert!(subjects.contains(&"payments `charge` p95 latency (ms)"), "{subjects:#?}");
        assert!(
            anomalies.iter().all(|a| a.start_unix_nano >= T0 + WARM * STEP),
            "nothing before the fault: {subjects:#?}"
        );
        for anomaly in &anomalies {
            let top = &anomaly.evidence["root_causes"][0];
            assert_eq!(
                (top["service"].as_str(), top["operation"].as_str()),
                (Some("payments"), Some("charge")),
                "{anomaly:#?}"
            );
            assert!(
                anomaly.summary.contains("Most likely cause: payments `charge`."),
                "{}",
                anomaly.summary
            );
        }
        let payments = anomalies.iter().find(|a| a.subject == "payments p95 latency (ms)").unwrap();
        let related = payments.evidence["related_series"].as_array().unwrap();
        assert!(related.iter().any(|r| r["series"] == "checkout p95 latency (ms)"), "{related:#?}");
    }

    #[tokio::test]
    async fn each_tick_feeds_only_the_steps_completed_since_the_last() {
        let h = Harness::new();
        let at = |i: u64| T0 + DAY + i * STEP;
        h.telemetry.add_points((0..10).map(|i| gauge("temperature", "boiler", at(i), 60.0)));
        h.telemetry.add_spans(shop(6, 1, at(4), Fault::default()));
        let mut state = SeriesState::default();
        advance(&h, &mut state, at(10)).await;
        let key = SeriesKey::Metric { name: "temperature".into() };
        let fed = |state: &SeriesState, key: &SeriesKey| {
            state.series[key].recent.iter().map(|p| p.0).collect::<Vec<u64>>()
        };
        assert_eq!(fed(&state, &key), (0..10).map(at).collect::<Vec<_>>(), "read back");
        let rate =
            SeriesKey::Red { service: "bank".into(), operation: None, signal: RedSignal::Rate };
        assert_eq!(
            fed(&state, &rate),
            (4..10).map(at).collect::<Vec<_>>(),
            "from its first request, then zeros"
        );

        h.telemetry.add_points((10..12).map(|i| gauge("temperature", "boiler", at(i), 61.0)));
        advance(&h, &mut state, at(12)).await;
        assert_eq!(fed(&state, &key), (0..12).map(at).collect::<Vec<_>>());
        assert_eq!(fed(&state, &rate).len(), 8);
        advance(&h, &mut state, at(12)).await;
        assert_eq!(fed(&state, &key).len(), 12, "nothing new, nothing fed");
    }

    #[tokio::test]
    async fn series_beyond_the_budget_are_left_out() {
        let mut h = Harness::new();
        h.config.max_series = 7;
        h.telemetry.add_spans(shop(6, 1, T0, Fault::default()));
        let mut state = SeriesState::default();
        advance(&h, &mut state, T0 + HOUR).await;
        let followed: Vec<String> = state.series.keys().map(SeriesKey::subject).collect();
        assert_eq!(followed.len(), 5, "one service's five RED series: {followed:#?}");
        assert!(followed.iter().all(|s| s.starts_with("bank ")), "{followed:#?}");
        assert!(state.warned_series_cap);
    }

    #[tokio::test]
    async fn counters_are_followed_as_rates_histograms_by_p95_and_the_rest_by_average() {
        let h = Harness::new();
        let point = |name: &str, kind: &str, monotonic: Option<bool>| MetricPoint {
            kind: kind.into(),
            is_monotonic: monotonic,
            ..gauge(name, "api", T0 + HOUR - STEP, 1.0)
        };
        h.telemetry.add_points([
            point("requests", "sum", Some(true)),
            point("connections", "sum", Some(false)),
            point("latency", "histogram", None),
            point("heap", "gauge", None),
        ]);
        let tick = h.tick(T0 + HOUR);
        let function =
            async |name: &str, kind: &str| metric_function(&tick, name, kind).await.unwrap();
        assert_eq!(function("requests", "sum").await, SeriesFunction::Rate);
        assert_eq!(function("connections", "sum").await, SeriesFunction::Avg);
        assert_eq!(function("latency", "histogram").await, SeriesFunction::Quantile(95));
        assert_eq!(function("heap", "gauge").await, SeriesFunction::Avg);
    }
}
