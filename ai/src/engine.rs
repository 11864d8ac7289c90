//! The live engine inside `ophion serve`. On every tick, for every tenant, it reads what
//! became complete since the last tick through the query traits and turns what it finds
//! into insights:
//! - the RED series (request rate, error rate, p50/p95/p99) of every service and of each of
//!   its operations, and every metric's series, one point per `step`, through an online
//!   [`Detector`] each; a service anomaly carries the ranked root causes of its window;
//! - every service's log bodies through a streaming [`Miner`]; an error template whose
//!   volume spikes, or that appears, becomes an insight;
//! - capacity rules: a utilization-like metric forecast to reach its threshold;
//! - optimization tips over a recent sample of traces, metric points and log templates.
//!
//! A series first seen is read back `lookback` into the store, so a restart resumes with
//! warm detectors and re-derives the same insights (ids are stable).

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use ophion_core::query::{
    MetricName, MetricQuery, Page, SeriesFunction, SeriesQuery, ServicePoint, TelemetryQuery,
    TimeRange,
};
use ophion_core::time::now_unix_nanos;
use ophion_core::{Result, TenantId};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::sync::watch;

use crate::detect::{Detector, DetectorConfig, Verdict};
use crate::forecast::Model;
use crate::insight::{Insight, InsightKind, InsightStore, Severity};
use crate::patterns::{Miner, MinerConfig, Template};
use crate::{rca, read, tips};

/// Which tenants to analyse; the binary answers from its metadata store.
#[async_trait]
pub trait Tenants: Send + Sync {
    async fn tenants(&self) -> Result<Vec<TenantId>>;
}

/// `ai.*` settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EngineConfig {
    /// Run the engine inside `ophion serve`.
    pub enabled: bool,
    /// How often the engine reads new data.
    #[serde(with = "humantime_serde")]
    pub interval: Duration,
    /// Width of one point of the analysed series.
    #[serde(with = "humantime_serde")]
    pub step: Duration,
    /// How long after a step ends it is read, so late data is counted.
    #[serde(with = "humantime_serde")]
    pub lag: Duration,
    /// History read when a series is first seen, to warm its detector (which raises nothing
    /// before about a day and a quarter of it).
    #[serde(with = "humantime_serde")]
    pub lookback: Duration,
    /// Series (RED signals of services and operations, metrics) analysed per tenant; more are
    /// left out, and said so. Each holds up to [`DETECTOR_HISTORY`] points (≈ 0.45 MB).
    pub max_series: usize,
    /// Log lines mined per tenant per tick (the newest, when more arrived).
    pub max_log_lines: usize,
    /// An error template this many lines in one step above its usual volume is a spike.
    pub log_spike_lines: u64,
    /// Spans sampled per tenant for optimization tips.
    pub tip_spans: usize,
    /// How often tips are recomputed ...
    #[serde(with = "humantime_serde")]
    pub tip_interval: Duration,
    /// ... over how much recent telemetry.
    #[serde(with = "humantime_serde")]
    pub tip_window: Duration,
    /// How far ahead capacity is forecast.
    #[serde(with = "humantime_serde")]
    pub capacity_horizon: Duration,
    /// Thresholds for capacity insights, beyond the built-in utilization rule.
    pub capacity: Vec<CapacityRule>,
    /// Insights kept per tenant (the oldest go first).
    pub max_insights: usize,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            interval: Duration::from_secs(60),
            step: Duration::from_secs(300),
            lag: Duration::from_secs(60),
            lookback: Duration::from_secs(2 * 86_400),
            max_series: 1000,
            max_log_lines: 20_000,
            log_spike_lines: 10,
            tip_spans: 5000,
            tip_interval: Duration::from_secs(600),
            tip_window: Duration::from_secs(600),
            capacity_horizon: Duration::from_secs(30 * 86_400),
            capacity: Vec::new(),
            max_insights: 10_000,
        }
    }
}

/// A metric that must not reach a threshold: from below when the metric is under it now
/// (disk used), from above when over it (disk free).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapacityRule {
    pub metric: String,
    pub threshold: f64,
}

/// Metrics named `*.utilization` (OpenTelemetry's 0–1 convention) are full at 1.
const UTILIZATION_SUFFIX: &str = ".utilization";

const NS: u64 = 1_000_000_000;

fn ns(duration: Duration) -> u64 {
    u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX)
}

/// What a series follows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum SeriesKey {
    /// A RED signal of a service, or of one of its operations.
    Red { service: String, operation: Option<String>, signal: RedSignal },
    /// A metric's series, averaged (or its rate, or its p95) over all its points.
    Metric { name: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum RedSignal {
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
    fn subject(&self) -> String {
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

    fn service(&self) -> Option<String> {
        match self {
            Self::Red { service, .. } => Some(service.clone()),
            Self::Metric { .. } => None,
        }
    }
}

/// Buckets with fewer spans than this carry no error rate or latency point: one slow or
/// failed request of two says little.
const MIN_SPANS_PER_POINT: u64 = 5;

/// Spans read per window when an anomaly's root causes are ranked.
const RCA_SPANS: usize = 5000;

/// Points a detector keeps: two weeks at the default 5-minute step, enough to recognise a
/// weekly cycle, and what bounds a series' memory.
pub const DETECTOR_HISTORY: usize = 4032;

/// Points of a series kept for evidence.
const RECENT_POINTS: usize = 120;

struct Series {
    detector: Detector,
    /// Start of the next bucket to feed.
    next_ns: u64,
    recent: VecDeque<(u64, f64, Verdict)>,
    /// The insight of the episode in progress: its id and start.
    open: Option<(String, u64)>,
    /// For metrics: the function the series is read with.
    function: SeriesFunction,
}

impl Series {
    fn new(step_ns: u64, next_ns: u64, function: SeriesFunction) -> Self {
        Self {
            detector: Detector::new(
                step_ns as f64 / NS as f64,
                DetectorConfig { history: DETECTOR_HISTORY, ..DetectorConfig::default() },
            ),
            next_ns,
            recent: VecDeque::new(),
            open: None,
            function,
        }
    }
}

/// Per service log mining state.
struct ServiceLogs {
    miner: Miner,
    templates: HashMap<u64, TemplateStats>,
    lines: u64,
    /// When mining of this service began (the first bucket read).
    since_ns: u64,
}

/// What the engine keeps of one template beside the miner.
#[derive(Default)]
struct TemplateStats {
    max_severity: i32,
    /// Lines per step start.
    lines: BTreeMap<u64, u64>,
    /// The error spike in progress.
    episode: Option<LogEpisode>,
}

struct LogEpisode {
    id: String,
    start_ns: u64,
    last_ns: u64,
    lines: u64,
    /// The template first appeared with it.
    new: bool,
}

/// OTLP's first ERROR severity number.
const ERROR_SEVERITY: i32 = 17;

/// Steps of line counts kept per template.
const MAX_TEMPLATE_STEPS: usize = 1440;

impl ServiceLogs {
    fn new(since_ns: u64) -> Self {
        Self {
            miner: Miner::new(MinerConfig::default()),
            templates: HashMap::new(),
            lines: 0,
            since_ns,
        }
    }
}

/// Templates kept per service: beyond, its logs are not templated text (or not logs).
const MAX_TEMPLATES: usize = 5000;

#[derive(Default)]
struct TenantState {
    series: BTreeMap<SeriesKey, Series>,
    logs: BTreeMap<String, ServiceLogs>,
    logs_read_until_ns: u64,
    tips_at_ns: u64,
    warned_series_cap: bool,
}

/// The engine; [`Engine::run`] drives it on an interval, [`Engine::tick`] once.
pub struct Engine {
    query: Arc<dyn TelemetryQuery>,
    tenants: Arc<dyn Tenants>,
    insights: Arc<InsightStore>,
    config: EngineConfig,
    state: HashMap<TenantId, TenantState>,
}

impl Engine {
    pub fn new(
        query: Arc<dyn TelemetryQuery>,
        tenants: Arc<dyn Tenants>,
        insights: Arc<InsightStore>,
        config: EngineConfig,
    ) -> Self {
        Self { query, tenants, insights, config, state: HashMap::new() }
    }

    /// Ticks every `interval` until `stop` turns true, which also abandons a tick in
    /// progress: its findings are in memory only, and shutdown must not wait for them. A
    /// failed tick is logged and retried at the next one.
    pub async fn run(mut self, mut stop: watch::Receiver<bool>) {
        let mut tick = tokio::time::interval(self.config.interval.max(Duration::from_secs(1)));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = stop.wait_for(|s| *s) => return,
            }
            tokio::select! {
                outcome = self.tick(now_unix_nanos()) => if let Err(err) = outcome {
                    tracing::warn!(%err, "AI engine: tick failed; will retry");
                },
                _ = stop.wait_for(|s| *s) => return,
            }
        }
    }

    /// Analyses every tenant up to `now_ns`.
    pub async fn tick(&mut self, now_ns: u64) -> Result<()> {
        for tenant in self.tenants.tenants().await? {
            let mut state = self.state.remove(&tenant).unwrap_or_default();
            let outcome = self.tick_tenant(&tenant, &mut state, now_ns).await;
            self.state.insert(tenant.clone(), state);
            if let Err(err) = outcome {
                tracing::warn!(tenant = tenant.as_str(), %err, "AI engine: cannot analyse tenant");
            }
        }
        Ok(())
    }

    async fn tick_tenant(
        &self,
        tenant: &TenantId,
        state: &mut TenantState,
        now_ns: u64,
    ) -> Result<()> {
        let step = ns(self.config.step).max(NS);
        let upto = now_ns.saturating_sub(ns(self.config.lag)) / step * step;
        let first_ns = upto.saturating_sub(ns(self.config.lookback)) / step * step;
        // Services and metrics are discovered over the last hour (a silent one keeps being
        // fed zeros until then); a new one is read back the whole lookback.
        let recent = TimeRange { start_ns: upto.saturating_sub(3600 * NS), end_ns: upto.max(1) };
        let history = TimeRange { start_ns: first_ns, end_ns: upto.max(1) };
        let mut touched = Vec::new();

        for service in self.query.services(tenant, recent).await? {
            let keys = red_keys(&service.name, None);
            if !self.admit(state, &keys, first_ns, step, SeriesFunction::Avg) {
                continue;
            }
            // The service's own series say how far it was read; an operation first seen now
            // starts there (it had no spans before).
            let next = keys
                .iter()
                .filter_map(|k| state.series.get(k))
                .map(|s| s.next_ns)
                .min()
                .unwrap_or(upto);
            if next >= upto {
                continue;
            }
            let range = TimeRange { start_ns: next, end_ns: upto };
            let mut groups: BTreeMap<Option<String>, BTreeMap<u64, ServicePoint>> = BTreeMap::new();
            let whole = self.query.service_series(tenant, &service.name, range, step).await?;
            groups.insert(None, whole.into_iter().map(|p| (p.time_unix_nano, p)).collect());
            for split in self.query.operation_series(tenant, &service.name, range, step).await? {
                let points = groups.entry(Some(split.operation)).or_default();
                points.insert(split.point.time_unix_nano, split.point);
            }
            for (operation, by_time) in &groups {
                let keys = red_keys(&service.name, operation.as_deref());
                if !self.admit(state, &keys, next, step, SeriesFunction::Avg) {
                    continue;
                }
                for key in &keys {
                    let Some(series) = state.series.get_mut(key) else { continue };
                    touched.extend(self.feed_red(tenant, key, series, by_time, upto, step));
                }
            }
        }

        let metrics = self.query.metric_names(tenant, recent).await?;
        for metric in &metrics {
            let key = SeriesKey::Metric { name: metric.name.clone() };
            if !state.series.contains_key(&key) {
                let function =
                    self.metric_function(tenant, &metric.name, &metric.kind, recent).await?;
                if !self.admit(state, std::slice::from_ref(&key), first_ns, step, function) {
                    continue;
                }
            }
            let Some(series) = state.series.get_mut(&key) else { continue };
            if series.next_ns >= upto {
                continue;
            }
            let query = SeriesQuery {
                metric: metric_query(
                    tenant,
                    TimeRange { start_ns: series.next_ns, end_ns: upto },
                    Some(&metric.name),
                ),
                step_ns: step,
                function: series.function,
            };
            for point in self.query.metric_series(&query).await? {
                if let Some(id) =
                    self.observe(tenant, &key, series, point.time_unix_nano, step, point.value)
                {
                    touched.push((key.clone(), id));
                }
            }
            series.next_ns = upto;
        }

        touched.sort();
        touched.dedup();
        // One incident opens anomalies on many series with the same window: rank its root
        // causes once. History replayed at start-up gets none.
        let mut ranked: HashMap<(u64, u64), serde_json::Value> = HashMap::new();
        for (key, id) in &touched {
            if let (SeriesKey::Red { .. }, Some(mut insight)) = (key, self.insights.get(tenant, id))
                && insight.evidence.get("root_causes").is_none()
                && insight.end_unix_nano + 3600 * NS >= upto
            {
                let window = (insight.start_unix_nano, insight.end_unix_nano);
                let causes = match ranked.get(&window) {
                    Some(causes) => causes.clone(),
                    None => {
                        let causes = self.root_causes(tenant, state, &insight).await?;
                        ranked.entry(window).or_insert(causes).clone()
                    }
                };
                explain_with_causes(&mut insight, causes);
                self.insights.upsert(tenant, insight);
            }
        }
        self.relate(tenant, state, &touched, step);
        self.mine_logs(tenant, state, upto, step).await?;
        self.capacity(tenant, &metrics, history, now_ns).await?;
        if now_ns >= state.tips_at_ns.saturating_add(ns(self.config.tip_interval)) {
            state.tips_at_ns = now_ns;
            self.tips(tenant, state, now_ns).await?;
        }
        Ok(())
    }

    /// Feeds a RED series its buckets from `next_ns` up to `upto`; returns the insights it
    /// raised or extended.
    fn feed_red(
        &self,
        tenant: &TenantId,
        key: &SeriesKey,
        series: &mut Series,
        by_time: &BTreeMap<u64, ServicePoint>,
        upto: u64,
        step: u64,
    ) -> Vec<(SeriesKey, String)> {
        let SeriesKey::Red { signal, .. } = key else { return Vec::new() };
        let mut touched = Vec::new();
        let mut t = series.next_ns;
        while t < upto {
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
                && let Some(id) = self.observe(tenant, key, series, t, step, value)
            {
                touched.push((key.clone(), id));
            }
            t += step;
        }
        series.next_ns = upto;
        touched
    }

    /// Starts following `keys` unless the tenant's series budget is spent.
    fn admit(
        &self,
        state: &mut TenantState,
        keys: &[SeriesKey],
        first_ns: u64,
        step: u64,
        function: SeriesFunction,
    ) -> bool {
        let new = keys.iter().filter(|k| !state.series.contains_key(k)).count();
        if state.series.len() + new > self.config.max_series {
            if !state.warned_series_cap {
                state.warned_series_cap = true;
                tracing::warn!(
                    max_series = self.config.max_series,
                    "AI engine: series budget spent; further series are not analysed"
                );
            }
            return new == 0;
        }
        for key in keys {
            state
                .series
                .entry(key.clone())
                .or_insert_with(|| Series::new(step, first_ns, function));
        }
        true
    }

    /// Counters are followed as a rate, histograms by their p95, the rest by their average.
    async fn metric_function(
        &self,
        tenant: &TenantId,
        name: &str,
        kind: &str,
        range: TimeRange,
    ) -> Result<SeriesFunction> {
        Ok(match kind {
            "histogram" | "exponential_histogram" => SeriesFunction::Quantile(95),
            "sum" => {
                let mut sample = metric_query(tenant, range, Some(name));
                sample.page = Page::first(1);
                let points = self.query.metric_points(&sample).await?.items;
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
        &self,
        tenant: &TenantId,
        key: &SeriesKey,
        series: &mut Series,
        time_ns: u64,
        step: u64,
        value: f64,
    ) -> Option<String> {
        let verdict = series.detector.observe(value);
        series.recent.push_back((time_ns, value, verdict));
        if series.recent.len() > RECENT_POINTS {
            series.recent.pop_front();
        }
        if verdict.raised {
            let id = Insight::id_for(tenant, InsightKind::Anomaly, &key.subject(), time_ns);
            series.open = Some((id, time_ns));
        } else if !verdict.anomalous {
            series.open = None;
            return None;
        }
        let (id, start_ns) = series.open.clone()?;
        let mut insight = anomaly_insight(key, series, &id, start_ns, time_ns + step)?;
        // Root causes are ranked once, when the episode opens; they stay as it grows.
        if let Some(causes) =
            self.insights.get(tenant, &id).and_then(|old| old.evidence.get("root_causes").cloned())
        {
            explain_with_causes(&mut insight, causes);
        }
        self.insights.upsert(tenant, insight);
        Some(id)
    }

    /// Adds to each insight touched this tick the other series anomalous within two steps of
    /// its window.
    fn relate(
        &self,
        tenant: &TenantId,
        state: &TenantState,
        touched: &[(SeriesKey, String)],
        step: u64,
    ) {
        for (key, id) in touched {
            let Some(mut insight) = self.insights.get(tenant, id) else { continue };
            let (from, to) = (
                insight.start_unix_nano.saturating_sub(2 * step),
                insight.end_unix_nano + 2 * step,
            );
            let related: Vec<serde_json::Value> = state
                .series
                .iter()
                .filter(|(other, _)| *other != key)
                .filter_map(|(other, series)| {
                    let moved: Vec<f64> = series
                        .recent
                        .iter()
                        .filter(|(t, _, v)| v.anomalous && (from..to).contains(t))
                        .map(|(_, _, v)| v.score)
                        .collect();
                    (!moved.is_empty()).then(|| {
                        json!({
                            "series": other.subject(),
                            "service": other.service(),
                            "anomalous_points": moved.len(),
                            "max_score": moved.iter().copied().fold(0.0, f64::max),
                        })
                    })
                })
                .collect();
            insight.evidence["related_series"] = json!(related);
            if !related.is_empty() {
                insight.summary = format!(
                    "{} {} other series moved at the same time.",
                    insight.summary,
                    related.len()
                );
            }
            self.insights.upsert(tenant, insight);
        }
    }

    /// Ranks what changed in the tenant's traces during the anomaly against the hour before.
    async fn root_causes(
        &self,
        tenant: &TenantId,
        state: &TenantState,
        insight: &Insight,
    ) -> Result<serde_json::Value> {
        let window = TimeRange {
            start_ns: insight.start_unix_nano,
            end_ns: insight.end_unix_nano.max(insight.start_unix_nano + 1),
        };
        let baseline = TimeRange {
            start_ns: window.start_ns.saturating_sub(3600 * NS),
            end_ns: window.start_ns,
        };
        let anomalies = anomalous_services(state, insight);
        let analysis =
            rca::analyse(self.query.as_ref(), tenant, window, baseline, &anomalies, RCA_SPANS, 3)
                .await?;
        Ok(json!(analysis.causes))
    }

    /// Mines the log lines that arrived since the last tick, then looks for error spikes.
    async fn mine_logs(
        &self,
        tenant: &TenantId,
        state: &mut TenantState,
        upto: u64,
        step: u64,
    ) -> Result<()> {
        let from = if state.logs_read_until_ns == 0 {
            upto.saturating_sub(ns(self.config.lookback).min(3600 * NS))
        } else {
            state.logs_read_until_ns
        };
        if from >= upto {
            return Ok(());
        }
        let range = TimeRange { start_ns: from, end_ns: upto };
        let mut lines =
            read::logs(self.query.as_ref(), tenant, range, None, None, self.config.max_log_lines)
                .await?;
        lines.reverse();
        state.logs_read_until_ns = upto;
        let mut buckets_seen: BTreeMap<String, BTreeSet<u64>> = BTreeMap::new();
        for line in &lines {
            let logs = state
                .logs
                .entry(line.service_name.clone())
                .or_insert_with(|| ServiceLogs::new(from));
            if logs.miner.templates().len() >= MAX_TEMPLATES {
                tracing::warn!(
                    service = line.service_name,
                    "AI engine: too many log templates; mining this service again from scratch"
                );
                *logs = ServiceLogs::new(line.time_unix_nano);
            }
            let id = logs.miner.add(&read::body_text(line), line.time_unix_nano);
            let bucket = line.time_unix_nano / step * step;
            let stats = logs.templates.entry(id).or_default();
            stats.max_severity = stats.max_severity.max(line.severity_number);
            *stats.lines.entry(bucket).or_default() += 1;
            while stats.lines.len() > MAX_TEMPLATE_STEPS {
                stats.lines.pop_first();
            }
            logs.lines += 1;
            buckets_seen.entry(line.service_name.clone()).or_default().insert(bucket);
        }
        for (service, buckets) in buckets_seen {
            let Some(logs) = state.logs.get_mut(&service) else { continue };
            for (id, stats) in &mut logs.templates {
                let Some(template) = logs.miner.template(*id) else { continue };
                for &bucket in &buckets {
                    if let Some(insight) = self.error_spike(
                        tenant,
                        &service,
                        template,
                        stats,
                        logs.since_ns,
                        bucket,
                        step,
                    ) {
                        self.insights.upsert(tenant, insight);
                    }
                }
            }
        }
        Ok(())
    }

    /// The insight for an error template's step at `bucket`, when that step spiked (well above
    /// its usual volume) or brought a template never seen since mining began; consecutive
    /// steps that qualify extend one insight.
    #[allow(clippy::too_many_arguments)] // one call site; a struct would only rename these
    fn error_spike(
        &self,
        tenant: &TenantId,
        service: &str,
        template: &Template,
        stats: &mut TemplateStats,
        since_ns: u64,
        bucket: u64,
        step: u64,
    ) -> Option<Insight> {
        if stats.max_severity < ERROR_SEVERITY {
            return None;
        }
        let count = *stats.lines.get(&bucket)?;
        let before: u64 = stats.lines.range(..bucket).map(|(_, c)| c).sum();
        let usual = before as f64 / (bucket.saturating_sub(since_ns) / step).max(1) as f64;
        let floor = self.config.log_spike_lines;
        let new = before == 0 && bucket >= since_ns + 10 * step && count >= floor.min(3);
        let spike = count >= floor && count as f64 > 3.0 * usual + floor as f64;
        if !(spike || new) {
            return None;
        }
        let text = template.text();
        let subject = format!("{service}: {text}");
        let episode = match stats.episode.take() {
            Some(mut episode) if episode.last_ns + step == bucket => {
                episode.lines += count;
                episode.last_ns = bucket;
                episode
            }
            _ => LogEpisode {
                id: Insight::id_for(tenant, InsightKind::LogPattern, &subject, bucket),
                start_ns: bucket,
                last_ns: bucket,
                lines: count,
                new,
            },
        };
        let seconds = (bucket + step - episode.start_ns) / NS;
        let insight = Insight {
            id: episode.id.clone(),
            kind: InsightKind::LogPattern,
            severity: if count as f64 > 10.0 * usual.max(1.0) {
                Severity::Critical
            } else {
                Severity::Warning
            },
            title: if episode.new {
                format!("New error log pattern in {service}")
            } else {
                format!("Error log pattern spiked in {service}")
            },
            summary: format!(
                "`{text}` was logged {} times in {seconds} s; before, {usual:.1} times per {} s.",
                episode.lines,
                step / NS
            ),
            service: Some(service.to_owned()),
            subject,
            start_unix_nano: episode.start_ns,
            end_unix_nano: bucket + step,
            updated_unix_nano: now_unix_nanos(),
            evidence: json!({
                "template": text,
                "template_id": crate::patterns::pattern_id(service, &text),
                "lines": episode.lines,
                "lines_in_last_step": count,
                "usual_lines_per_step": usual,
                "first_seen_unix_nano": template.first_seen,
                "max_severity": stats.max_severity,
                "examples": template.examples,
            }),
        };
        stats.episode = Some(episode);
        Some(insight)
    }

    /// Forecasts every metric a capacity rule covers and raises those due within the horizon.
    /// A forecast that no longer reaches its threshold withdraws its insight.
    async fn capacity(
        &self,
        tenant: &TenantId,
        metrics: &[MetricName],
        history: TimeRange,
        now_ns: u64,
    ) -> Result<()> {
        let horizon = ns(self.config.capacity_horizon);
        for metric in metrics {
            let rule =
                self.config.capacity.iter().find(|r| r.metric == metric.name).cloned().or_else(
                    || {
                        metric
                            .name
                            .ends_with(UTILIZATION_SUFFIX)
                            .then(|| CapacityRule { metric: metric.name.clone(), threshold: 1.0 })
                    },
                );
            let Some(rule) = rule else { continue };
            let query = metric_query(tenant, history, Some(&metric.name));
            let step = (history.end_ns - history.start_ns).div_ceil(720).max(60 * NS);
            let series =
                SeriesQuery { metric: query, step_ns: step, function: SeriesFunction::Avg };
            let points: Vec<(u64, f64)> = (self.query.metric_series(&series).await?)
                .iter()
                .map(|p| (p.time_unix_nano, p.value))
                .collect();
            let id = Insight::id_for(tenant, InsightKind::Capacity, &metric.name, 0);
            let Some(model) = Model::fit(&points) else { continue };
            let crossing = model.crossing(rule.threshold, now_ns, horizon, 0.95);
            let Some(expected) = crossing.expected_unix_nano else {
                self.insights.remove(tenant, &id);
                continue;
            };
            let days = (expected - now_ns.min(expected)) as f64 / (86_400.0 * NS as f64);
            let severity = match days {
                d if d < 1.0 => Severity::Critical,
                d if d < 7.0 => Severity::Warning,
                _ => Severity::Info,
            };
            let last = points.last().map_or(0.0, |p| p.1);
            self.insights.upsert(
                tenant,
                Insight {
                    id,
                    kind: InsightKind::Capacity,
                    severity,
                    title: format!("{} reaches {} in {days:.1} days", metric.name, rule.threshold),
                    summary: format!(
                        "{} is at {last:.3} and moving {:+.4} per day; at this trend it reaches {} \
                     in {days:.1} days (95% interval: {} to {}).",
                        metric.name,
                        model.slope_per_day(),
                        rule.threshold,
                        describe_days(crossing.earliest_unix_nano, now_ns),
                        describe_days(crossing.latest_unix_nano, now_ns),
                    ),
                    service: None,
                    subject: metric.name.clone(),
                    start_unix_nano: points.first().map_or(now_ns, |p| p.0),
                    end_unix_nano: expected,
                    updated_unix_nano: now_ns,
                    evidence: json!({
                        "metric": metric.name,
                        "threshold": rule.threshold,
                        "last_value": last,
                        "slope_per_day": model.slope_per_day(),
                        "residual_stddev": model.residual_stddev(),
                        "fitted_points": points.len(),
                        "crossing": crossing,
                    }),
                },
            );
        }
        Ok(())
    }

    /// Tips over the last `tip_interval` of traces and metric points, and the mined logs.
    async fn tips(&self, tenant: &TenantId, state: &TenantState, now_ns: u64) -> Result<()> {
        let config = tips::TipConfig::default();
        let range = TimeRange {
            start_ns: now_ns.saturating_sub(ns(self.config.tip_window)),
            end_ns: now_ns,
        };
        let spans =
            read::spans(self.query.as_ref(), tenant, range, None, self.config.tip_spans).await?;
        let mut found = tips::from_traces(&read::traces(spans), &config);
        let mut points = metric_query(tenant, range, None);
        points.page = Page::first(self.config.tip_spans);
        found.extend(tips::from_metrics(&self.query.metric_points(&points).await?.items, &config));
        for (service, logs) in &state.logs {
            for template in logs.miner.templates() {
                found.extend(tips::noisy_template(
                    service,
                    &template.text(),
                    template.count,
                    logs.lines,
                    &config,
                ));
            }
        }
        for tip in found {
            let subject = format!("{}: {}", tip.rule, tip.subject);
            let id = Insight::id_for(tenant, InsightKind::Tip, &subject, 0);
            let start =
                self.insights.get(tenant, &id).map_or(range.start_ns, |old| old.start_unix_nano);
            let mut evidence = tip.evidence;
            evidence["rule"] = json!(tip.rule);
            self.insights.upsert(
                tenant,
                Insight {
                    id,
                    kind: InsightKind::Tip,
                    severity: tip.severity,
                    title: tip.title,
                    summary: tip.summary,
                    service: tip.service,
                    subject,
                    start_unix_nano: start,
                    end_unix_nano: now_ns,
                    updated_unix_nano: now_ns,
                    evidence,
                },
            );
        }
        Ok(())
    }
}

fn metric_query(tenant: &TenantId, range: TimeRange, name: Option<&str>) -> MetricQuery {
    MetricQuery {
        tenant: tenant.clone(),
        range,
        name: name.map(str::to_owned),
        service: None,
        attributes: Vec::new(),
        page: Page::first(1000),
    }
}

fn describe_days(at: Option<u64>, now_ns: u64) -> String {
    at.map_or("never within the horizon".into(), |t| {
        format!("{:.1} days", t.saturating_sub(now_ns) as f64 / (86_400.0 * NS as f64))
    })
}

/// Per service, the series anomalous during `insight`'s window and their highest score.
fn anomalous_services(state: &TenantState, insight: &Insight) -> rca::Anomalies {
    let mut anomalies = rca::Anomalies::new();
    let window = insight.start_unix_nano..insight.end_unix_nano;
    for (key, series) in &state.series {
        let Some(service) = key.service() else { continue };
        let peak = series
            .recent
            .iter()
            .filter(|(t, _, v)| v.anomalous && window.contains(t))
            .map(|(_, _, v)| v.score)
            .fold(None, |max: Option<f64>, s| Some(max.map_or(s, |m| m.max(s))));
        if let Some(peak) = peak {
            let seen = anomalies.entry(service).or_default();
            seen.max_score = seen.max_score.max(peak);
            seen.series.push(key.subject());
        }
    }
    anomalies
}

/// Adds ranked root causes to an anomaly, and names the first in its summary.
fn explain_with_causes(insight: &mut Insight, causes: serde_json::Value) {
    if let (Some(service), Some(operation)) =
        (causes[0]["service"].as_str(), causes[0]["operation"].as_str())
    {
        insight.summary =
            format!("{} Most likely cause: {service} `{operation}`.", insight.summary);
    }
    insight.evidence["root_causes"] = causes;
}

/// One point of an anomaly's evidence.
#[derive(Serialize)]
struct Observed {
    time_unix_nano: u64,
    value: f64,
    expected: f64,
    lower: f64,
    upper: f64,
    score: f64,
}

impl Observed {
    fn of(&(time_unix_nano, value, verdict): &(u64, f64, Verdict)) -> Self {
        let Verdict { expected, lower, upper, score, .. } = verdict;
        Self { time_unix_nano, value, expected, lower, upper, score }
    }

    fn deviation(&self) -> f64 {
        self.value - self.expected
    }
}

/// The insight for a series' episode from `start_ns` to `end_ns`, from its recent points
/// (`None` only when it has none, which `observe` rules out).
fn anomaly_insight(
    key: &SeriesKey,
    series: &Series,
    id: &str,
    start_ns: u64,
    end_ns: u64,
) -> Option<Insight> {
    let episode: Vec<Observed> =
        series.recent.iter().filter(|(t, _, _)| *t >= start_ns).map(Observed::of).collect();
    let peak = episode.iter().max_by(|a, b| a.deviation().abs().total_cmp(&b.deviation().abs()))?;
    let band = (peak.upper - peak.expected).abs().max(1e-9);
    let deviation = peak.deviation() / band;
    let severity = if deviation.abs() >= 3.0 { Severity::Critical } else { Severity::Warning };
    let direction = if deviation >= 0.0 { "above" } else { "below" };
    let subject = key.subject();
    Some(Insight {
        id: id.to_owned(),
        kind: InsightKind::Anomaly,
        severity,
        title: format!("Anomaly in {subject}"),
        summary: format!(
            "{subject} reached {:.3}, {direction} the expected {:.3} (normal band {:.3} to {:.3}).",
            peak.value, peak.expected, peak.lower, peak.upper
        ),
        service: key.service(),
        subject,
        start_unix_nano: start_ns,
        end_unix_nano: end_ns,
        updated_unix_nano: now_unix_nanos(),
        evidence: json!({
            "series": key.subject(),
            "window": {"start_unix_nano": start_ns, "end_unix_nano": end_ns},
            "peak": peak,
            "deviation_in_bands": deviation,
            "seasonal_period_points": series.detector.period(),
            "observed": episode,
        }),
    })
}
