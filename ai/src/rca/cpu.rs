//! CPU as root-cause evidence: a service whose own instances (pods, containers, processes)
//! burn far more CPU in the window than over the hour before is a likely cause, whatever its
//! spans show (a CPU hog slows the requests it shares a core with, and real spans often miss
//! the work it does).
//!
//! Only the service's own CPU counts: metrics named for a node, host or machine describe what
//! every service on it shares. A rise is measured in robust deviations of each series' history
//! (median and MAD), so a bursty series needs a bigger rise than a flat one. Memory, network
//! and latency metrics were tried too and cost more than they gave (docs/ai.md).

use std::collections::BTreeMap;

use ophion_core::query::{MetricPoint, MetricQuery, TelemetryQuery, TimeRange};
use ophion_core::{Result, TenantId};
use serde::Serialize;
use utoipa::ToSchema;

/// How far back a series' history reaches: per-minute gauges need dozens of points to tell
/// noise from a shift.
pub const HISTORY_NS: u64 = 3_600 * 1_000_000_000;
/// Points a series needs in its history to be judged.
const MIN_HISTORY: usize = 10;
/// Rises below this many robust deviations are noise.
const NOISE: f64 = 3.0;
/// Deviations at which the evidence counts in full.
const FULL: f64 = 10.0;
/// A series' spread is at least this share of its median (a near-constant series would make
/// any wiggle a thousand deviations) …
const RELATIVE_FLOOR: f64 = 0.05;
/// … and at least this share of the busiest median of the same metric, so an idle pod that
/// wakes up a little is not a hog.
const BUSIEST_FLOOR: f64 = 0.01;

/// A series: its service, instance, metric and point attributes (as JSON).
type SeriesKey = (String, String, String, String);

/// One instance's CPU in the window against its history.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CpuRise {
    pub metric: String,
    /// The pod, container or process (`k8s.pod.name`, `service.instance.id`, `host.name`).
    pub instance: String,
    pub history_median: f64,
    pub window_peak: f64,
    /// (peak − median) in robust deviations of the history.
    pub deviations: f64,
}

/// Whether a metric is a service's own CPU use.
pub fn is_own_cpu(name: &str) -> bool {
    let tokens: Vec<String> =
        name.split(|c: char| !c.is_ascii_alphanumeric()).map(str::to_ascii_lowercase).collect();
    tokens.iter().any(|t| t == "cpu")
        && !tokens.iter().any(|t| matches!(t.as_str(), "node" | "host" | "system" | "machine"))
}

/// Up to `cap` points of each CPU metric between `window.start − HISTORY_NS` and the
/// window's end.
pub async fn read(
    query: &dyn TelemetryQuery,
    tenant: &TenantId,
    window: TimeRange,
    cap: usize,
) -> Result<Vec<MetricPoint>> {
    let range =
        TimeRange { start_ns: window.start_ns.saturating_sub(HISTORY_NS), end_ns: window.end_ns };
    let mut points = Vec::new();
    for metric in query.metric_names(tenant, range).await? {
        if !is_own_cpu(&metric.name) {
            continue;
        }
        points.extend(
            crate::read::paged(cap, |page| {
                let points = MetricQuery {
                    tenant: tenant.clone(),
                    range,
                    name: Some(metric.name.clone()),
                    service: None,
                    attributes: Vec::new(),
                    page,
                };
                async move { query.metric_points(&points).await }
            })
            .await?,
        );
    }
    Ok(points)
}

/// Per service, the rises of its instances' CPU in `window` beyond noise, largest first,
/// from the points of own-CPU metrics ([`read`]).
pub fn rises(points: &[MetricPoint], window: TimeRange) -> BTreeMap<String, Vec<CpuRise>> {
    let mut series: BTreeMap<SeriesKey, Vec<(u64, f64)>> = BTreeMap::new();
    let mut cumulative: BTreeMap<SeriesKey, Vec<&MetricPoint>> = BTreeMap::new();
    for point in points {
        let key = (
            point.service_name.clone(),
            instance(point),
            point.name.clone(),
            serde_json::to_string(&point.attributes).unwrap_or_default(),
        );
        match (point.kind.as_str(), point.is_monotonic, point.temporality.as_deref()) {
            ("gauge", ..) | ("sum", Some(false), _) => {
                if let Some(v) = point.value {
                    series.entry(key).or_default().push((point.time_unix_nano, v));
                }
            }
            // CPU time: its per-second rate is the use.
            ("sum", Some(true), Some("delta")) => {
                let nanos = point.time_unix_nano.saturating_sub(point.start_time_unix_nano);
                if let (Some(v), true) = (point.value, nanos > 0) {
                    let rate = v / (nanos as f64 / 1e9);
                    series.entry(key).or_default().push((point.time_unix_nano, rate));
                }
            }
            ("sum", Some(true), _) => cumulative.entry(key).or_default().push(point),
            _ => {}
        }
    }
    for (key, mut points) in cumulative {
        points.sort_by_key(|p| p.time_unix_nano);
        let rates = points.windows(2).filter_map(|pair| {
            let (a, b) = (pair[0], pair[1]);
            let seconds = b.time_unix_nano.checked_sub(a.time_unix_nano)? as f64 / 1e9;
            let grew = b.value? - a.value?;
            // A drop is a counter reset: no rate across it.
            (seconds > 0.0 && grew >= 0.0).then(|| (b.time_unix_nano, grew / seconds))
        });
        series.entry(key).or_default().extend(rates);
    }

    let mut judged = Vec::new();
    let mut busiest: BTreeMap<&str, f64> = BTreeMap::new();
    for ((service, instance, metric, _), values) in &series {
        let history: Vec<f64> =
            values.iter().filter(|(t, _)| *t < window.start_ns).map(|(_, v)| *v).collect();
        let peak = values
            .iter()
            .filter(|(t, _)| window.start_ns <= *t && *t <= window.end_ns)
            .map(|(_, v)| *v)
            .fold(None, |max: Option<f64>, v| Some(max.map_or(v, |m| m.max(v))));
        let (Some(peak), true) = (peak, history.len() >= MIN_HISTORY) else { continue };
        let mut history = history;
        let median = crate::detect::median(&mut history);
        let mut spread: Vec<f64> = history.iter().map(|v| (v - median).abs()).collect();
        let mad = 1.4826 * crate::detect::median(&mut spread);
        let busy = busiest.entry(metric).or_insert(0.0);
        *busy = busy.max(median.abs());
        judged.push((service, instance, metric, median, mad, peak));
    }
    let mut rises: BTreeMap<String, Vec<CpuRise>> = BTreeMap::new();
    for (service, instance, metric, median, mad, peak) in judged {
        let spread =
            mad.max(RELATIVE_FLOOR * median.abs()).max(BUSIEST_FLOOR * busiest[metric.as_str()]);
        if spread <= 0.0 {
            continue;
        }
        let deviations = (peak - median) / spread;
        if deviations >= NOISE {
            rises.entry(service.clone()).or_default().push(CpuRise {
                metric: metric.clone(),
                instance: instance.clone(),
                history_median: median,
                window_peak: peak,
                deviations,
            });
        }
    }
    for list in rises.values_mut() {
        list.sort_by(|a, b| b.deviations.total_cmp(&a.deviations));
    }
    rises
}

/// The weight of a service's rises in [0, 1]: the largest, full at `FULL` deviations.
pub fn weight(rises: &[CpuRise]) -> f64 {
    rises.first().map_or(0.0, |r| (r.deviations / FULL).min(1.0))
}

fn instance(point: &MetricPoint) -> String {
    ["k8s.pod.name", "service.instance.id", "container.name", "host.name"]
        .iter()
        .find_map(|key| point.resource_attributes.get(*key).and_then(|v| v.as_str()))
        .unwrap_or_default()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::gauge;

    const MIN: u64 = 60_000_000_000;
    const T0: u64 = 1_700_000_000_000_000_000;
    /// The window: the last three minutes of a 63-minute series.
    const WINDOW: TimeRange = TimeRange { start_ns: T0 + 60 * MIN, end_ns: T0 + 63 * MIN };

    /// A pod's CPU, one point a minute: `history` wiggling around its level, then `window`.
    fn pod(service: &str, pod: &str, history: f64, window: f64) -> Vec<MetricPoint> {
        (0..63)
            .map(|m| {
                let wiggle = [0.0, 0.04, -0.03, 0.02, -0.05][m as usize % 5] * history;
                let value = if m < 60 { history + wiggle } else { window };
                let mut point = gauge("k8s.pod.cpu.utilization", service, T0 + m * MIN, value);
                point.resource_attributes.insert("k8s.pod.name".into(), pod.into());
                point
            })
            .collect()
    }

    #[test]
    fn only_a_services_own_cpu_counts() {
        for own in ["k8s.pod.cpu.utilization", "process.cpu.time", "container_cpu_usage_seconds"] {
            assert!(is_own_cpu(own), "{own}");
        }
        for shared in ["system.cpu.utilization", "k8s.node.cpu.usage", "host_cpu", "http.cpus"] {
            assert!(!is_own_cpu(shared), "{shared}");
        }
    }

    #[test]
    fn a_pod_burning_cpu_rises_and_its_steady_or_idle_neighbours_do_not() {
        let mut points = pod("recommendation", "recommendation-7f-abc", 7.0, 95.0);
        points.extend(pod("checkout", "checkout-5d-xyz", 40.0, 44.0));
        // An idle pod waking up a little: a large rise in its own spread, nothing next to the
        // busy pods.
        points.extend(pod("email", "email-9c-qrs", 0.02, 0.3));
        let rises = rises(&points, WINDOW);
        assert_eq!(rises.keys().collect::<Vec<_>>(), ["recommendation"], "{rises:#?}");
        let rise = &rises["recommendation"][0];
        assert_eq!(rise.instance, "recommendation-7f-abc");
        assert_eq!((rise.history_median, rise.window_peak), (7.0, 95.0));
        assert!(rise.deviations > FULL, "{rise:?}");
        assert_eq!(weight(&rises["recommendation"]), 1.0);
    }

    #[test]
    fn cpu_time_counters_are_judged_by_their_rate_across_resets() {
        // CPU seconds, cumulative: 0.5 s per second, then 3 s per second in the window, with a
        // restart (reset) in the history.
        let mut used = 0.0;
        let points: Vec<MetricPoint> = (0..63u64)
            .map(|m| {
                used = if m == 30 { 0.0 } else { used + if m < 60 { 30.0 } else { 180.0 } };
                let mut point = gauge("process.cpu.time", "bank", T0 + m * MIN, used);
                (point.kind, point.is_monotonic) = ("sum".into(), Some(true));
                point.temporality = Some("cumulative".into());
                point
            })
            .collect();
        let rises = rises(&points, WINDOW);
        let rise = &rises["bank"][0];
        assert_eq!((rise.history_median, rise.window_peak), (0.5, 3.0));
    }

    #[test]
    fn a_short_history_is_not_judged() {
        let points: Vec<MetricPoint> =
            pod("bank", "bank-1", 5.0, 90.0).into_iter().skip(60 - MIN_HISTORY + 1).collect();
        assert!(rises(&points, WINDOW).is_empty());
    }
}
