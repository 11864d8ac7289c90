//! Capacity: every metric a capacity rule covers is forecast over the lookback, and one due
//! to reach its threshold within the horizon becomes a `capacity` insight; a forecast that no
//! longer reaches it withdraws the insight.

use ophion_core::Result;
use ophion_core::query::{MetricName, SeriesFunction, SeriesQuery};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{NS, TenantTick, ns};
use crate::forecast::Model;
use crate::insight::{Insight, InsightKind, Severity};

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

/// The rule for `metric`: a configured one, else the utilization rule where the name fits.
fn rule_for(rules: &[CapacityRule], metric: &str) -> Option<CapacityRule> {
    rules.iter().find(|r| r.metric == metric).cloned().or_else(|| {
        metric
            .ends_with(UTILIZATION_SUFFIX)
            .then(|| CapacityRule { metric: metric.to_owned(), threshold: 1.0 })
    })
}

/// Forecasts every metric a capacity rule covers and raises those due within the horizon.
pub(super) async fn forecast(tick: &TenantTick<'_>, metrics: &[MetricName]) -> Result<()> {
    let (tenant, now_ns) = (tick.tenant, tick.now_ns);
    let horizon = ns(tick.config.capacity_horizon);
    let history = tick.history();
    for metric in metrics {
        let Some(rule) = rule_for(&tick.config.capacity, &metric.name) else { continue };
        let step = (history.end_ns - history.start_ns).div_ceil(720).max(60 * NS);
        let series = SeriesQuery {
            metric: tick.metric_query(history, Some(&metric.name)),
            step_ns: step,
            function: SeriesFunction::Avg,
        };
        let points: Vec<(u64, f64)> = (tick.query.metric_series(&series).await?)
            .iter()
            .map(|p| (p.time_unix_nano, p.value))
            .collect();
        let id = Insight::id_for(tenant, InsightKind::Capacity, &metric.name, 0);
        let Some(model) = Model::fit(&points) else { continue };
        let crossing = model.crossing(rule.threshold, now_ns, horizon, 0.95);
        let Some(expected) = crossing.expected_unix_nano else {
            tick.insights.remove(tenant, &id);
            continue;
        };
        let days = (expected - now_ns.min(expected)) as f64 / (86_400.0 * NS as f64);
        let severity = match days {
            d if d < 1.0 => Severity::Critical,
            d if d < 7.0 => Severity::Warning,
            _ => Severity::Info,
        };
        let last = points.last().map_or(0.0, |p| p.1);
        tick.insights.upsert(
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

fn describe_days(at: Option<u64>, now_ns: u64) -> String {
    at.map_or("never within the horizon".into(), |t| {
        format!("{:.1} days", t.saturating_sub(now_ns) as f64 / (86_400.0 * NS as f64))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::testing::{DAY, Harness, STEP, T0};
    use crate::fixtures::gauge;
    use crate::insight::InsightKind;

    /// Two days of `name`, one point a step, from `start` moving `per_day`.
    fn two_days(h: &Harness, name: &str, start: f64, per_day: f64) {
        let steps = 2 * DAY / STEP;
        h.telemetry.add_points((0..steps).map(|i| {
            let value = start + per_day * (i * STEP) as f64 / DAY as f64;
            gauge(name, "host", T0 + i * STEP, value)
        }));
    }

    async fn forecast_at(h: &Harness, upto: u64) {
        let tick = h.tick(upto);
        let metrics = tick.query.metric_names(tick.tenant, tick.recent()).await.unwrap();
        forecast(&tick, &metrics).await.unwrap();
    }

    #[tokio::test]
    async fn a_utilization_due_to_fill_within_the_horizon_is_a_capacity_insight() {
        let h = Harness::new();
        two_days(&h, "system.filesystem.utilization", 0.3, 0.1);
        two_days(&h, "system.memory.utilization", 0.4, 0.0);
        two_days(&h, "http.requests", 10.0, 100.0);
        let upto = T0 + 2 * DAY;
        forecast_at(&h, upto).await;

        let capacity = h.insights(InsightKind::Capacity);
        assert_eq!(capacity.len(), 1, "flat and rule-less metrics are not: {capacity:#?}");
        let disk = &capacity[0];
        assert_eq!(disk.subject, "system.filesystem.utilization");
        assert_eq!(disk.severity, Severity::Warning, "due in about 5 days");
        let days = (disk.end_unix_nano - upto) as f64 / DAY as f64;
        assert!((days - 5.0).abs() < 0.1, "{days} days");
        assert_eq!(disk.evidence["threshold"], 1.0);
    }

    #[tokio::test]
    async fn configured_rules_take_their_threshold_from_either_side() {
        let mut h = Harness::new();
        h.config.capacity = vec![
            CapacityRule { metric: "queue.bytes".into(), threshold: 1000.0 },
            CapacityRule { metric: "disk.free".into(), threshold: 10.0 },
        ];
        two_days(&h, "queue.bytes", 100.0, 200.0);
        two_days(&h, "disk.free", 100.0, -40.0);
        forecast_at(&h, T0 + 2 * DAY).await;
        let subjects: Vec<String> =
            h.insights(InsightKind::Capacity).into_iter().map(|i| i.subject).collect();
        assert_eq!(subjects.len(), 2, "{subjects:#?}");
        assert!(subjects.contains(&"queue.bytes".into()) && subjects.contains(&"disk.free".into()));
    }

    #[tokio::test]
    async fn a_forecast_that_no_longer_reaches_its_threshold_withdraws_the_insight() {
        let h = Harness::new();
        two_days(&h, "system.cpu.utilization", 0.5, 0.0);
        let id = Insight::id_for(&h.tenant, InsightKind::Capacity, "system.cpu.utilization", 0);
        let stale = Insight {
            id: id.clone(),
            kind: InsightKind::Capacity,
            severity: Severity::Warning,
            title: "raised by an earlier tick".into(),
            summary: String::new(),
            service: None,
            subject: "system.cpu.utilization".into(),
            start_unix_nano: T0,
            end_unix_nano: T0 + 3 * DAY,
            updated_unix_nano: T0,
            evidence: json!({}),
        };
        h.insights.upsert(&h.tenant, stale);
        forecast_at(&h, T0 + 2 * DAY).await;
        assert_eq!(h.insights.get(&h.tenant, &id), None);
    }
}
