//! Anomaly insights: an anomalous episode of a series with its evidence (the points against
//! their expected band), the other series that moved with it and, for a recent service
//! anomaly, the ranked root causes of its window.

use std::collections::HashMap;

use ophion_core::Result;
use ophion_core::query::TimeRange;
use ophion_core::time::now_unix_nanos;
use serde::Serialize;
use serde_json::json;

use super::series::{Series, SeriesKey, SeriesState, Touched};
use super::{NS, TenantTick};
use crate::detect::Verdict;
use crate::insight::{Insight, InsightKind, Severity};
use crate::rca;

/// Spans read per window when an anomaly's root causes are ranked.
const RCA_SPANS: usize = 5000;

/// Ranks the root causes of the service anomalies a tick touched, then relates every
/// touched anomaly to the other series that moved with it.
pub(super) async fn explain(
    tick: &TenantTick<'_>,
    state: &SeriesState,
    touched: &[Touched],
) -> Result<()> {
    // One incident opens anomalies on many series with the same window: rank its root
    // causes once. History replayed at start-up gets none.
    let mut ranked: HashMap<(u64, u64), serde_json::Value> = HashMap::new();
    for (key, id) in touched {
        if let (SeriesKey::Red { .. }, Some(mut insight)) =
            (key, tick.insights.get(tick.tenant, id))
            && insight.evidence.get("root_causes").is_none()
            && insight.end_unix_nano + 3600 * NS >= tick.upto
        {
            let window = (insight.start_unix_nano, insight.end_unix_nano);
            let causes = match ranked.get(&window) {
                Some(causes) => causes.clone(),
                None => {
                    let causes = root_causes(tick, state, &insight).await?;
                    ranked.entry(window).or_insert(causes).clone()
                }
            };
            explain_with_causes(&mut insight, causes);
            tick.insights.upsert(tick.tenant, insight);
        }
    }
    relate(tick, state, touched);
    Ok(())
}

/// Adds to each insight touched this tick the other series anomalous within two steps of
/// its window.
fn relate(tick: &TenantTick<'_>, state: &SeriesState, touched: &[Touched]) {
    let step = tick.step;
    for (key, id) in touched {
        let Some(mut insight) = tick.insights.get(tick.tenant, id) else { continue };
        let (from, to) =
            (insight.start_unix_nano.saturating_sub(2 * step), insight.end_unix_nano + 2 * step);
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
        tick.insights.upsert(tick.tenant, insight);
    }
}

/// Ranks what changed in the tenant's traces during the anomaly against the hour before.
async fn root_causes(
    tick: &TenantTick<'_>,
    state: &SeriesState,
    insight: &Insight,
) -> Result<serde_json::Value> {
    let window = TimeRange {
        start_ns: insight.start_unix_nano,
        end_ns: insight.end_unix_nano.max(insight.start_unix_nano + 1),
    };
    let baseline =
        TimeRange { start_ns: window.start_ns.saturating_sub(3600 * NS), end_ns: window.start_ns };
    let anomalies = anomalous_services(state, insight);
    let analysis =
        rca::analyse(tick.query, tick.tenant, window, baseline, anomalies, RCA_SPANS, 3).await?;
    Ok(json!(analysis.causes))
}

/// Per service, the series anomalous during `insight`'s window and their highest score.
fn anomalous_services(state: &SeriesState, insight: &Insight) -> rca::Anomalies {
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
pub(super) fn explain_with_causes(insight: &mut Insight, causes: serde_json::Value) {
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
    /// The feature that was the most surprising: spike, level shift, variance change, drift.
    signal: &'static str,
}

impl Observed {
    fn of(&(time_unix_nano, value, verdict): &(u64, f64, Verdict)) -> Self {
        let Verdict { expected, lower, upper, score, signal, .. } = verdict;
        Self { time_unix_nano, value, expected, lower, upper, score, signal: signal.name() }
    }

    fn deviation(&self) -> f64 {
        self.value - self.expected
    }
}

/// The insight for a series' episode from `start_ns` to `end_ns`, from its recent points
/// (`None` only when it has none, which observing a point rules out).
pub(super) fn insight(
    key: &SeriesKey,
    series: &Series,
    id: &str,
    start_ns: u64,
    end_ns: u64,
) -> Option<Insight> {
    let episode: Vec<Observed> =
        series.recent.iter().filter(|(t, _, _)| *t >= start_ns).map(Observed::of).collect();
    let peak = episode.iter().max_by(|a, b| a.deviation().abs().total_cmp(&b.deviation().abs()))?;
    let band = (peak.upper - peak.expected).abs();
    // A series that never varied has a band of (nearly) no width: leaving it is critical, and
    // its width is no unit to count the deviation in (it would read millions of bands).
    let deviation = (band > 1e-6 * peak.deviation().abs()).then(|| peak.deviation() / band);
    let severity = if deviation.is_none_or(|d| d.abs() >= 3.0) {
        Severity::Critical
    } else {
        Severity::Warning
    };
    let direction = if peak.deviation() >= 0.0 { "above" } else { "below" };
    let raised_as = episode[0].signal;
    let subject = key.subject();
    Some(Insight {
        id: id.to_owned(),
        kind: InsightKind::Anomaly,
        severity,
        title: format!("Anomaly in {subject}"),
        summary: format!(
            "{subject} reached {:.3}, {direction} the expected {:.3} (normal band {:.3} to {:.3}), \
             raised as a {}.",
            peak.value, peak.expected, peak.lower, peak.upper, raised_as
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
            "raised_as": raised_as,
            "seasonal_period_points": series.detector.period(),
            "observed": episode,
        }),
    })
}
