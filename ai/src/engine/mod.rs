//! The live engine inside `ophion serve`. On every tick, for every tenant, it reads what
//! became complete since the last tick through the query traits and turns what it finds
//! into insights, each job in its own part:
//! - [`series`]: the RED series (request rate, error rate, p50/p95/p99) of every service and
//!   of each of its operations, and every metric's series, one point per `step`, through an
//!   online [`Detector`](crate::detect::Detector) each; [`anomaly`] turns an episode into an
//!   insight, and a service anomaly carries the ranked root causes of its window;
//! - [`logs`]: every service's log bodies through a streaming
//!   [`Miner`](crate::patterns::Miner); an error template whose volume spikes, or that
//!   appears, becomes an insight;
//! - [`capacity`]: a utilization-like metric forecast to reach its threshold;
//! - [`tips`]: optimization tips over a recent sample of traces, metric points and log
//!   templates.
//!
//! A series first seen is read back `lookback` into the store, so a restart resumes with
//! warm detectors and re-derives the same insights (ids are stable).

mod anomaly;
mod capacity;
mod config;
mod logs;
mod series;
mod tips;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use ophion_core::query::{MetricQuery, Page, TelemetryQuery, TimeRange};
use ophion_core::time::now_unix_nanos;
use ophion_core::{Result, TenantId};
use tokio::sync::watch;

pub use capacity::CapacityRule;
pub use config::EngineConfig;

use crate::insight::InsightStore;

/// Which tenants to analyse; the binary answers from its metadata store.
#[async_trait]
pub trait Tenants: Send + Sync {
    async fn tenants(&self) -> Result<Vec<TenantId>>;
}

const NS: u64 = 1_000_000_000;

fn ns(duration: Duration) -> u64 {
    u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX)
}

/// What the engine keeps of one tenant between ticks.
#[derive(Default)]
struct TenantState {
    series: series::SeriesState,
    logs: logs::LogState,
    tips_at_ns: u64,
}

/// One tenant's pass of a tick: where it reads and writes, and the steps it covers.
struct TenantTick<'a> {
    query: &'a dyn TelemetryQuery,
    insights: &'a InsightStore,
    config: &'a EngineConfig,
    tenant: &'a TenantId,
    now_ns: u64,
    /// Width of one point, at least a second.
    step: u64,
    /// End of the last step complete `lag` ago: what this tick reads up to.
    upto: u64,
}

impl<'a> TenantTick<'a> {
    fn new(
        query: &'a dyn TelemetryQuery,
        insights: &'a InsightStore,
        config: &'a EngineConfig,
        tenant: &'a TenantId,
        now_ns: u64,
    ) -> Self {
        let step = ns(config.step).max(NS);
        let upto = now_ns.saturating_sub(ns(config.lag)) / step * step;
        Self { query, insights, config, tenant, now_ns, step, upto }
    }

    /// Where a series first seen is read back from.
    fn first_ns(&self) -> u64 {
        self.upto.saturating_sub(ns(self.config.lookback)) / self.step * self.step
    }

    /// Services and metrics are discovered over the last hour (a silent one keeps being fed
    /// zeros until then); a new one is read back the whole lookback.
    fn recent(&self) -> TimeRange {
        TimeRange { start_ns: self.upto.saturating_sub(3600 * NS), end_ns: self.upto.max(1) }
    }

    /// The whole lookback.
    fn history(&self) -> TimeRange {
        TimeRange { start_ns: self.first_ns(), end_ns: self.upto.max(1) }
    }

    /// Points of one metric (or all) in `range`, the first page.
    fn metric_query(&self, range: TimeRange, name: Option<&str>) -> MetricQuery {
        MetricQuery {
            tenant: self.tenant.clone(),
            range,
            name: name.map(str::to_owned),
            service: None,
            attributes: Vec::new(),
            page: Page::first(1000),
        }
    }
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
            let tick =
                TenantTick::new(self.query.as_ref(), &self.insights, &self.config, &tenant, now_ns);
            let outcome = tick_tenant(&tick, &mut state).await;
            self.state.insert(tenant.clone(), state);
            if let Err(err) = outcome {
                tracing::warn!(tenant = tenant.as_str(), %err, "AI engine: cannot analyse tenant");
            }
        }
        Ok(())
    }
}

async fn tick_tenant(tick: &TenantTick<'_>, state: &mut TenantState) -> Result<()> {
    let metrics = tick.query.metric_names(tick.tenant, tick.recent()).await?;
    state.series.advance(tick, &metrics).await?;
    state.logs.mine(tick).await?;
    capacity::forecast(tick, &metrics).await?;
    if tick.now_ns >= state.tips_at_ns.saturating_add(ns(tick.config.tip_interval)) {
        state.tips_at_ns = tick.now_ns;
        tips::refresh(tick, &state.logs).await?;
    }
    Ok(())
}

#[cfg(test)]
mod testing;

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use ophion_core::{Result, TenantId};

    use super::testing::{HOUR, Harness, STEP, T0};
    use super::{Engine, Tenants};
    use crate::fixtures::{cart, log};
    use crate::insight::InsightKind;

    struct Fixed(Vec<TenantId>);

    #[async_trait::async_trait]
    impl Tenants for Fixed {
        async fn tenants(&self) -> Result<Vec<TenantId>> {
            Ok(self.0.clone())
        }
    }

    #[tokio::test]
    async fn a_tick_analyses_each_tenant_apart_and_tips_wait_for_their_interval() {
        let h = Harness::new();
        let other = TenantId::new("other").unwrap();
        let end = T0 + 2 * HOUR;
        // An N+1 trace, and an error template appearing in the last step of the hour.
        h.telemetry.add_spans(cart(1, 25, 2, end - STEP));
        for minute in 0..120 {
            let at = T0 + minute * 60 * 1_000_000_000;
            h.telemetry.add_logs([log("api", at, 9, &format!("GET /items/{minute} 200"))]);
        }
        h.telemetry.add_logs((0..5).map(|i| log("api", end - STEP + i, 17, "disk quota exceeded")));
        let tenants = Arc::new(Fixed(vec![other.clone(), h.tenant.clone()]));
        let mut config = h.config.clone();
        config.tip_window = std::time::Duration::from_secs(3600);
        let mut engine = Engine::new(h.telemetry.clone(), tenants, h.insights.clone(), config);

        let lag = 60 * 1_000_000_000;
        engine.tick(end + lag).await.unwrap();
        assert_eq!(h.insights(InsightKind::LogPattern).len(), 1);
        assert_eq!(h.insights(InsightKind::Tip).len(), 1, "tips on the first tick");
        let all = crate::insight::InsightFilter::default();
        assert!(h.insights.list(&other, &all, None, 10).insights.is_empty(), "{other} has none");

        // A second N+1 service within the tip interval waits for the next one.
        let mut orders = cart(2, 30, 2, end);
        for span in &mut orders {
            span.service_name = "orders".into();
            if span.name == "GET /cart" {
                span.name = "GET /orders".into();
            }
        }
        h.telemetry.add_spans(orders);
        engine.tick(end + lag + STEP).await.unwrap();
        assert_eq!(h.insights(InsightKind::Tip).len(), 1, "not yet");
        engine.tick(end + lag + 2 * STEP + 1).await.unwrap();
        let tips = h.insights(InsightKind::Tip);
        assert_eq!(tips.len(), 2, "{tips:#?}");
        let patterns = h.insights(InsightKind::LogPattern);
        assert_eq!(patterns.len(), 1);
        assert_eq!(patterns[0].evidence["lines"], 5, "no line read twice");
    }
}
