//! Root-cause analysis for an anomaly window: which service (and operation) most likely
//! started it.
//!
//! The spans of the window are compared with the spans of a baseline window just before it,
//! per service and operation, on what a service does *itself*:
//! - self time: a span's duration minus the time covered by its children, so a slow callee
//!   does not make its callers look guilty; the time a call to another service spends beyond
//!   the callee's own span (the wire, the callee's queue) counts as the callee's;
//! - own errors: error spans none of whose children failed, so propagated errors count only
//!   where they began;
//! - deploys: a `service.version` in the window that the baseline did not have;
//! - logs: an ERROR log line carrying a span's ids marks that span failed (real services often
//!   leave span status unset and log the exception), error log lines per span of the
//!   service, and log templates (warnings and worse) the baseline never had;
//! - CPU: its instances' own CPU against the hour before (`cpu`).
//!
//! Candidates are ranked by a score from those, and each comes with its evidence and the
//! call path from an entry service down to it, from the service graph of the window's traces.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use ophion_core::query::{LogRecordRow, SpanRecord, TelemetryQuery, TimeRange};
use ophion_core::{Result, TenantId};
use serde::Serialize;
use utoipa::ToSchema;

use crate::patterns::{Miner, MinerConfig};

mod cpu;
pub use cpu::CpuRise;

/// OTLP severity numbers: WARN starts at 13, ERROR at 17.
const WARN: i32 = 13;
const ERROR: i32 = 17;
/// A CPU rise in full weighs like an unbounded rise of self time: both are the service's own
/// work taking longer.
const CPU_WEIGHT: f64 = 0.55;

#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct RootCause {
    pub service: String,
    /// The operation whose change weighs most.
    pub operation: String,
    /// In [0, 1].
    pub score: f64,
    pub baseline_self_p95_ms: f64,
    pub window_self_p95_ms: f64,
    pub baseline_own_error_rate: f64,
    pub window_own_error_rate: f64,
    /// Versions first seen in the window.
    pub new_versions: Vec<String>,
    /// ERROR log lines of the service per span of it, in each window.
    pub baseline_error_logs_per_span: f64,
    pub window_error_logs_per_span: f64,
    /// Log templates (warnings and worse) first seen in the window.
    pub new_log_templates: Vec<String>,
    /// Its instances whose CPU rose beyond noise in the window, largest rise first.
    pub cpu_rises: Vec<CpuRise>,
    /// The service's series the detectors found anomalous in the window.
    pub anomalous_series: Vec<String>,
    /// Services from an entry point down to this one.
    pub call_path: Vec<String>,
    /// Callers whose total latency or errors rose with it: the propagation.
    pub affected_callers: Vec<String>,
    /// The chain of evidence, in words.
    pub evidence: Vec<String>,
}

/// What the detectors saw in the window, per service: the highest anomaly score among its
/// series, and those series.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceAnomalies {
    pub max_score: f64,
    pub series: Vec<String>,
}

pub type Anomalies = BTreeMap<String, ServiceAnomalies>;

/// Root causes of what changed between a baseline window and a window.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Analysis {
    pub window_spans: usize,
    pub baseline_spans: usize,
    pub causes: Vec<RootCause>,
}

/// The log records of the baseline window and of the window.
#[derive(Debug, Clone, Copy, Default)]
pub struct Logs<'a> {
    pub baseline: &'a [LogRecordRow],
    pub window: &'a [LogRecordRow],
}

/// What beside the spans tells of a cause.
#[derive(Debug, Clone, Default)]
pub struct Evidence<'a> {
    pub logs: Logs<'a>,
    /// Per service, its instances' CPU rises in the window.
    pub cpu: BTreeMap<String, Vec<CpuRise>>,
    /// What the detectors saw.
    pub anomalies: Anomalies,
}

/// Reads up to `max_spans` spans and as many log records of each window, and as many points
/// of each CPU metric over the window and the hour before it, and ranks the candidates.
pub async fn analyse(
    query: &dyn TelemetryQuery,
    tenant: &TenantId,
    window: TimeRange,
    baseline: TimeRange,
    anomalies: Anomalies,
    max_spans: usize,
    limit: usize,
) -> Result<Analysis> {
    let now = crate::read::spans(query, tenant, window, None, max_spans).await?;
    let then = crate::read::spans(query, tenant, baseline, None, max_spans).await?;
    // Error lines are counted per span: read the logs of the time the spans read cover.
    let covered = |spans: &[SpanRecord], range: TimeRange| {
        if spans.len() < max_spans {
            return range;
        }
        let oldest = spans.iter().map(|s| s.start_time_unix_nano).min();
        TimeRange { start_ns: oldest.unwrap_or(range.start_ns).max(range.start_ns), ..range }
    };
    let logs_now =
        crate::read::logs(query, tenant, covered(&now, window), None, None, max_spans).await?;
    let logs_then =
        crate::read::logs(query, tenant, covered(&then, baseline), None, None, max_spans).await?;
    let cpu = cpu::rises(&cpu::read(query, tenant, window, max_spans).await?, window);
    let evidence =
        Evidence { logs: Logs { baseline: &logs_then, window: &logs_now }, cpu, anomalies };
    let causes = rank(&then, &now, &evidence, limit);
    Ok(Analysis { window_spans: now.len(), baseline_spans: then.len(), causes })
}

#[derive(Debug, Default, Clone)]
struct OperationStats {
    self_ms: Vec<f64>,
    total_ms: Vec<f64>,
    spans: u64,
    own_errors: u64,
    errors: u64,
}

#[derive(Debug, Default)]
struct Profile {
    operations: BTreeMap<(String, String), OperationStats>,
    versions: BTreeMap<String, BTreeSet<String>>,
    /// caller service → callee services.
    edges: BTreeMap<String, BTreeSet<String>>,
}

/// Spans an ERROR log line points at, by (trace id, span id).
fn error_logged(logs: &[LogRecordRow]) -> std::collections::HashSet<(&str, &str)> {
    logs.iter()
        .filter(|l| l.severity_number >= ERROR && !l.span_id.is_empty())
        .map(|l| (l.trace_id.as_str(), l.span_id.as_str()))
        .collect()
}

fn profile(spans: &[SpanRecord], logs: &[LogRecordRow]) -> Profile {
    let logged = error_logged(logs);
    let failed = |span: &SpanRecord| {
        span.status_code == "error"
            || logged.contains(&(span.trace_id.as_str(), span.span_id.as_str()))
    };
    let mut children: HashMap<(&str, &str), Vec<&SpanRecord>> = HashMap::new();
    for span in spans {
        if !span.parent_span_id.is_empty() {
            children.entry((&span.trace_id, &span.parent_span_id)).or_default().push(span);
        }
    }
    // A client span calling another service spends its own time on the wire and in the
    // callee's queue: that gap goes to the callee (a network delay into a service shows
    // there), not to the caller. Other spans keep theirs: it holds their own work too.
    fn kids_of<'m, 'a>(
        children: &'m HashMap<(&'a str, &'a str), Vec<&'a SpanRecord>>,
        span: &'a SpanRecord,
    ) -> &'m [&'a SpanRecord] {
        children.get(&(span.trace_id.as_str(), span.span_id.as_str())).map_or(&[], Vec::as_slice)
    }
    let mut gap_to: HashMap<(&str, &str), u64> = HashMap::new();
    for span in spans {
        let kids = kids_of(&children, span);
        if is_remote_call(span, kids) {
            let gap = span.duration_ns.saturating_sub(covered_ns(span, kids));
            let remote: Vec<_> =
                kids.iter().filter(|k| k.service_name != span.service_name).collect();
            for kid in &remote {
                *gap_to.entry((&kid.trace_id, &kid.span_id)).or_default() +=
                    gap / remote.len() as u64;
            }
        }
    }
    let mut profile = Profile::default();
    for span in spans {
        let kids = kids_of(&children, span);
        let own_ns = if is_remote_call(span, kids) {
            0
        } else {
            span.duration_ns.saturating_sub(covered_ns(span, kids))
        };
        let waited_for = gap_to.get(&(span.trace_id.as_str(), span.span_id.as_str()));
        let stats =
            profile.operations.entry((span.service_name.clone(), span.name.clone())).or_default();
        stats.spans += 1;
        stats.total_ms.push(span.duration_ns as f64 / 1e6);
        stats.self_ms.push((own_ns + waited_for.copied().unwrap_or(0)) as f64 / 1e6);
        if failed(span) {
            stats.errors += 1;
            if !kids.iter().any(|k| failed(k)) {
                stats.own_errors += 1;
            }
        }
        if let Some(version) =
            span.resource_attributes.get("service.version").and_then(|v| v.as_str())
        {
            profile
                .versions
                .entry(span.service_name.clone())
                .or_default()
                .insert(version.to_string());
        }
        for kid in kids {
            if kid.service_name != span.service_name {
                profile
                    .edges
                    .entry(span.service_name.clone())
                    .or_default()
                    .insert(kid.service_name.clone());
            }
        }
    }
    profile
}

/// A client span whose children run in another service.
fn is_remote_call(span: &SpanRecord, children: &[&SpanRecord]) -> bool {
    span.kind == "client" && children.iter().any(|k| k.service_name != span.service_name)
}

/// Nanoseconds of `span` covered by its children (overlaps merged, clipped to the span).
fn covered_ns(span: &SpanRecord, children: &[&SpanRecord]) -> u64 {
    let mut intervals: Vec<(u64, u64)> = children
        .iter()
        .map(|c| {
            (
                c.start_time_unix_nano.max(span.start_time_unix_nano),
                c.end_time_unix_nano.min(span.end_time_unix_nano),
            )
        })
        .filter(|(s, e)| e > s)
        .collect();
    intervals.sort_unstable();
    let mut covered = 0;
    let mut current: Option<(u64, u64)> = None;
    for (s, e) in intervals {
        match current {
            Some((cs, ce)) if s <= ce => current = Some((cs, ce.max(e))),
            Some((cs, ce)) => {
                covered += ce - cs;
                current = Some((s, e));
            }
            None => current = Some((s, e)),
        }
    }
    covered + current.map_or(0, |(s, e)| e - s)
}

fn p95(values: &[f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[((sorted.len() as f64 * 0.95).ceil() as usize).clamp(1, sorted.len()) - 1]
}

fn rate(part: u64, whole: u64) -> f64 {
    if whole == 0 { 0.0 } else { part as f64 / whole as f64 }
}

/// What a service's logs say about the window against the baseline.
#[derive(Debug, Default)]
struct LogSignal {
    error_lines: (u64, u64),
    new_templates: Vec<String>,
}

/// Per service: its ERROR lines in each window, and the templates (warnings and worse) first
/// mined from the window, with at least two lines (one odd line is not a pattern).
fn log_signals(logs: Logs<'_>) -> BTreeMap<String, LogSignal> {
    // Per service: its miner, and the highest severity of each template's lines.
    let mut miners: BTreeMap<&str, (Miner, BTreeMap<u64, i32>)> = BTreeMap::new();
    let mut signals: BTreeMap<String, LogSignal> = BTreeMap::new();
    for (records, in_window) in [(logs.baseline, false), (logs.window, true)] {
        // Oldest first, so a template's first line is where it began.
        let mut ordered: Vec<&LogRecordRow> = records.iter().collect();
        ordered.sort_by_key(|l| l.time_unix_nano);
        for line in ordered {
            let signal = signals.entry(line.service_name.clone()).or_default();
            if line.severity_number >= ERROR {
                if in_window {
                    signal.error_lines.1 += 1;
                } else {
                    signal.error_lines.0 += 1;
                }
            }
            let (miner, seen) = miners
                .entry(&line.service_name)
                .or_insert_with(|| (Miner::new(MinerConfig::default()), BTreeMap::new()));
            let id = miner.add(&crate::read::body_text(line), u64::from(in_window));
            let severity = seen.entry(id).or_insert(line.severity_number);
            *severity = (*severity).max(line.severity_number);
        }
    }
    for (service, (miner, seen)) in miners {
        let new: Vec<String> = miner
            .templates()
            .iter()
            .filter(|t| t.first_seen == 1 && t.count >= 2)
            .filter(|t| seen.get(&t.id).is_some_and(|severity| *severity >= WARN))
            .map(|t| t.text())
            .collect();
        if let Some(signal) = signals.get_mut(service) {
            signal.new_templates = new;
        }
    }
    signals
}

/// Ranks candidate root causes of what changed between `baseline` and `window` spans, with
/// the other evidence of both.
pub fn rank(
    baseline: &[SpanRecord],
    window: &[SpanRecord],
    evidence: &Evidence<'_>,
    limit: usize,
) -> Vec<RootCause> {
    let before = profile(baseline, evidence.logs.baseline);
    let after = profile(window, evidence.logs.window);
    let signals = log_signals(evidence.logs);
    let spans_of = |p: &Profile, service: &str| -> u64 {
        p.operations.iter().filter(|((s, _), _)| s == service).map(|(_, o)| o.spans).sum()
    };
    // Per service: the operation with the strongest change, and its score.
    let mut best: BTreeMap<String, RootCause> = BTreeMap::new();
    for ((service, operation), now) in &after.operations {
        let then = before.operations.get(&(service.clone(), operation.clone()));
        // An operation the baseline never ran has no latency to compare: it is evidence of a
        // change, weighed like a deploy, and its errors count in full.
        let new_operation = then.is_none();
        let then = then.cloned().unwrap_or_default();
        let (self_then, self_now) = (p95(&then.self_ms), p95(&now.self_ms));
        // Relative growth of self time, with a 1 ms floor so microsecond jitter is not a ×10.
        let latency = if new_operation {
            0.0
        } else {
            ((self_now - self_then) / self_then.max(1.0)).max(0.0)
        };
        let (err_then, err_now) =
            (rate(then.own_errors, then.spans), rate(now.own_errors, now.spans));
        let errors = (err_now - err_then).max(0.0);
        let new_versions: Vec<String> = after
            .versions
            .get(service)
            .map(|v| {
                v.difference(before.versions.get(service).unwrap_or(&BTreeSet::new()))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        let deploy = if new_versions.is_empty() || !before.versions.contains_key(service) {
            0.0
        } else {
            1.0
        };
        let seen = evidence.anomalies.get(service).cloned().unwrap_or_default();
        let rises = evidence.cpu.get(service).map_or(&[][..], Vec::as_slice);
        let signal = signals.get(service);
        let (lines_then, lines_now) = signal.map_or((0, 0), |s| s.error_lines);
        let (logs_then, logs_now) = (
            lines_then as f64 / spans_of(&before, service).max(1) as f64,
            lines_now as f64 / spans_of(&after, service).max(1) as f64,
        );
        let log_errors = (logs_now - logs_then).max(0.0);
        let new_templates = signal.map(|s| s.new_templates.clone()).unwrap_or_default();
        // Span errors and error lines mostly tell of the same failures: the stronger counts.
        let score = 0.55 * latency / (1.0 + latency)
            + 0.35 * (errors.max(log_errors) * 5.0).min(1.0)
            + 0.10 * deploy
            + if new_operation { 0.05 } else { 0.0 }
            + if new_templates.is_empty() { 0.0 } else { 0.10 }
            + CPU_WEIGHT * cpu::weight(rises);
        // What the detectors saw weighs in only beside a change in the service's own spans or CPU.
        let score = if score > 0.0 { score + 0.10 * seen.max_score.clamp(0.0, 1.0) } else { 0.0 };
        if score <= 0.0 {
            continue;
        }
        let mut reasons = Vec::new();
        if latency > 0.0 {
            reasons.push(format!(
                "p95 self time of {service} `{operation}` rose from {self_then:.1} ms to {self_now:.1} ms"
            ));
        }
        if errors > 0.0 {
            reasons.push(format!(
                "errors raised by {service} `{operation}` itself rose from {:.1}% to {:.1}% of its spans",
                err_then * 100.0,
                err_now * 100.0
            ));
        }
        if deploy > 0.0 {
            reasons.push(format!(
                "{service} started running version {} in the window",
                new_versions.join(", ")
            ));
        }
        if log_errors > 0.0 {
            reasons.push(format!(
                "ERROR log lines of {service} rose from {logs_then:.2} to {logs_now:.2} per span"
            ));
        }
        if !new_templates.is_empty() {
            reasons.push(format!(
                "{service} logged what the baseline never had: {}",
                new_templates.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
            ));
        }
        reasons.extend(cpu_evidence(service, rises));
        if !seen.series.is_empty() {
            reasons.push(format!(
                "the detectors found {} anomalous in the window (highest score {:.2})",
                seen.series.join(", "),
                seen.max_score
            ));
        }
        if new_operation {
            reasons.push(format!(
                "{service} `{operation}` did not run in the baseline window (p95 self time now \
                 {self_now:.1} ms)"
            ));
        }
        let candidate = RootCause {
            service: service.clone(),
            operation: operation.clone(),
            score,
            baseline_self_p95_ms: self_then,
            window_self_p95_ms: self_now,
            baseline_own_error_rate: err_then,
            window_own_error_rate: err_now,
            new_versions,
            baseline_error_logs_per_span: logs_then,
            window_error_logs_per_span: logs_now,
            new_log_templates: new_templates,
            cpu_rises: rises.to_vec(),
            anomalous_series: seen.series,
            call_path: Vec::new(),
            affected_callers: Vec::new(),
            evidence: reasons,
        };
        if best.get(service).is_none_or(|b| b.score < candidate.score) {
            best.insert(service.clone(), candidate);
        }
    }
    // A service burning CPU with no span in the window (a worker, a database) is a candidate
    // all the same.
    for (service, rises) in &evidence.cpu {
        if !best.contains_key(service) && !rises.is_empty() {
            let candidate = RootCause {
                service: service.clone(),
                score: CPU_WEIGHT * cpu::weight(rises),
                cpu_rises: rises.clone(),
                evidence: cpu_evidence(service, rises),
                ..RootCause::default()
            };
            best.insert(service.clone(), candidate);
        }
    }
    let mut ranked: Vec<RootCause> = best.into_values().collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.service.cmp(&b.service)));
    ranked.truncate(limit);
    // Ranked on the sum; shown within [0, 1] as documented.
    for cause in &mut ranked {
        cause.score = cause.score.min(1.0);
    }
    for cause in &mut ranked {
        cause.call_path = call_path(&after.edges, &cause.service);
        cause.affected_callers = affected_callers(&before, &after, &cause.service);
        if !cause.affected_callers.is_empty() {
            cause.evidence.push(format!(
                "the change propagates to its callers: {} got slower or failed more, while their own self time did not grow as much",
                cause.affected_callers.join(", ")
            ));
        }
        if cause.call_path.len() > 1 {
            cause.evidence.push(format!("call path: {}", cause.call_path.join(" → ")));
        }
    }
    ranked
}

/// The sentences telling of `service`'s CPU rises, the three largest.
fn cpu_evidence(service: &str, rises: &[CpuRise]) -> Vec<String> {
    rises
        .iter()
        .take(3)
        .map(|r| {
            format!(
                "CPU of {service} instance {} (`{}`) peaked at {:.2} in the window against a \
                 median of {:.2} over the hour before ({:.0} deviations)",
                if r.instance.is_empty() { "?" } else { &r.instance },
                r.metric,
                r.window_peak,
                r.history_median,
                r.deviations
            )
        })
        .collect()
}

/// The shortest path from a service nobody calls down to `target`.
fn call_path(edges: &BTreeMap<String, BTreeSet<String>>, target: &str) -> Vec<String> {
    let callees: BTreeSet<&String> = edges.values().flatten().collect();
    let mut queue: VecDeque<Vec<String>> =
        edges.keys().filter(|s| !callees.contains(s)).map(|s| vec![s.clone()]).collect();
    let mut seen: BTreeSet<String> = queue.iter().flatten().cloned().collect();
    while let Some(path) = queue.pop_front() {
        let last = path.last().map(String::as_str).unwrap_or_default();
        if last == target {
            return path;
        }
        for next in edges.get(last).into_iter().flatten() {
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                queue.push_back(longer);
            }
        }
    }
    vec![target.to_string()]
}

/// Transitive callers of `target` whose total p95 or error rate rose between the profiles.
fn affected_callers(before: &Profile, after: &Profile, target: &str) -> Vec<String> {
    let mut callers: BTreeSet<String> = BTreeSet::new();
    let mut frontier = vec![target.to_string()];
    while let Some(callee) = frontier.pop() {
        for (caller, callees) in &after.edges {
            if callees.contains(&callee) && caller != target && callers.insert(caller.clone()) {
                frontier.push(caller.clone());
            }
        }
    }
    let totals = |p: &Profile, service: &str| {
        let mut all = Vec::new();
        let (mut errors, mut spans) = (0, 0);
        for ((s, _), stats) in &p.operations {
            if s == service {
                all.extend_from_slice(&stats.total_ms);
                errors += stats.errors;
                spans += stats.spans;
            }
        }
        (p95(&all), rate(errors, spans))
    };
    callers
        .into_iter()
        .filter(|c| {
            let ((lat_then, err_then), (lat_now, err_now)) = (totals(before, c), totals(after, c));
            lat_now > lat_then * 1.2 + 1.0 || err_now > err_then + 0.01
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{self, Fault, MS, shop};

    const T0: u64 = 1_700_000_000_000_000_000;

    #[test]
    fn a_latency_regression_in_one_service_is_ranked_first_with_its_callers_as_propagation() {
        let baseline = shop(300, 1, T0, Fault::default());
        let window = shop(
            300,
            2,
            T0 + 3_600_000 * MS,
            Fault { service: "payments", extra_ms: 150, fails: false },
        );
        let ranked = rank(&baseline, &window, &Evidence::default(), 5);
        assert_eq!(ranked[0].service, "payments", "{ranked:#?}");
        assert_eq!(ranked[0].operation, "charge");
        assert!(ranked[0].window_self_p95_ms > ranked[0].baseline_self_p95_ms + 100.0);
        assert_eq!(ranked[0].call_path, ["frontend", "checkout", "payments"]);
        assert_eq!(ranked[0].affected_callers, ["checkout", "frontend"]);
        // The callers got slower in total, not in self time: they score far below.
        for cause in &ranked[1..] {
            assert!(cause.score < ranked[0].score / 2.0, "{cause:#?}");
        }
    }

    /// checkout's handler calls payments through a client span; payments' own span takes
    /// 10 ms, and in the window the call waits `wire_ms` more on the network on the way.
    fn calls_over_a_wire(start: u64, wire_ms: u64) -> Vec<SpanRecord> {
        let mut spans = Vec::new();
        for t in 0..100 {
            let at = start + t * 1_000 * MS;
            let (handler, client, charge) = (t * 3 + 1, t * 3 + 2, t * 3 + 3);
            let call_ms = 12 + wire_ms;
            spans.push(fixtures::span(
                t,
                handler,
                None,
                "checkout",
                "POST /orders",
                at,
                (call_ms + 4) * MS,
            ));
            let mut call = fixtures::span(
                t,
                client,
                Some(handler),
                "checkout",
                "call payments",
                at + 2 * MS,
                call_ms * MS,
            );
            call.kind = "client".into();
            spans.push(call);
            let served_at = at + (3 + wire_ms) * MS;
            spans.push(fixtures::span(
                t,
                charge,
                Some(client),
                "payments",
                "charge",
                served_at,
                10 * MS,
            ));
        }
        spans
    }

    #[test]
    fn a_network_delay_into_a_service_is_blamed_on_that_service_not_its_caller() {
        let baseline = calls_over_a_wire(T0, 0);
        let window = calls_over_a_wire(T0 + 3_600_000 * MS, 200);
        let ranked = rank(&baseline, &window, &Evidence::default(), 5);
        assert_eq!(ranked[0].service, "payments", "{ranked:#?}");
        assert!(ranked[0].window_self_p95_ms > ranked[0].baseline_self_p95_ms + 150.0);
        assert!(ranked.iter().all(|c| c.service != "checkout" || c.score < ranked[0].score / 2.0));
    }

    #[test]
    fn errors_are_blamed_where_they_begin_not_where_they_propagate() {
        let baseline = shop(200, 1, T0, Fault::default());
        let window = shop(
            200,
            2,
            T0 + 3_600_000 * MS,
            Fault { service: "postgres", extra_ms: 0, fails: true },
        );
        let ranked = rank(&baseline, &window, &Evidence::default(), 5);
        assert_eq!(ranked[0].service, "postgres", "{ranked:#?}");
        assert_eq!(ranked[0].window_own_error_rate, 1.0);
        assert!(ranked.iter().all(|c| c.service == "postgres" || c.window_own_error_rate == 0.0));
        assert!(ranked[0].evidence.iter().any(|e| e.contains("errors raised by postgres")));
        assert_eq!(ranked[0].call_path, ["frontend", "checkout", "inventory", "postgres"]);
    }

    /// Every span of `spans` logs an INFO line, with its ids; `failing` also logs an ERROR
    /// exception on its own span, as a service that leaves span status unset does.
    fn logs_of(spans: &[SpanRecord], failing: Option<&str>) -> Vec<LogRecordRow> {
        let mut logs = Vec::new();
        for span in spans {
            let mut info =
                fixtures::log(&span.service_name, span.start_time_unix_nano, 9, "request served");
            (info.trace_id, info.span_id) = (span.trace_id.clone(), span.span_id.clone());
            logs.push(info);
            if failing == Some(span.service_name.as_str()) {
                let text = format!("IllegalStateException: stock row {} locked", span.span_id);
                let mut error =
                    fixtures::log(&span.service_name, span.end_time_unix_nano, 17, &text);
                (error.trace_id, error.span_id) = (span.trace_id.clone(), span.span_id.clone());
                logs.push(error);
            }
        }
        logs
    }

    #[test]
    fn an_exception_logged_on_spans_without_status_is_blamed_on_its_service() {
        let baseline = shop(100, 1, T0, Fault::default());
        let window = shop(100, 2, T0 + 3_600_000 * MS, Fault::default());
        let (logs_then, logs_now) = (logs_of(&baseline, None), logs_of(&window, Some("inventory")));
        // The spans alone show nothing.
        assert!(rank(&baseline, &window, &Evidence::default(), 5).is_empty());
        let logs = Logs { baseline: &logs_then, window: &logs_now };
        let ranked = rank(&baseline, &window, &Evidence { logs, ..Evidence::default() }, 5);
        assert_eq!(ranked[0].service, "inventory", "{ranked:#?}");
        // The logged exception marks inventory's span failed: its own errors, not its callers'.
        assert_eq!(ranked[0].window_own_error_rate, 1.0);
        assert_eq!(
            (ranked[0].baseline_error_logs_per_span, ranked[0].window_error_logs_per_span),
            (0.0, 1.0)
        );
        assert_eq!(ranked[0].new_log_templates, ["IllegalStateException: stock row <*> locked"]);
        assert!(ranked[0].evidence.iter().any(|e| e.contains("ERROR log lines of inventory")));
        assert!(ranked.iter().all(|c| c.service == "inventory" || c.window_own_error_rate == 0.0));
    }

    #[test]
    fn a_cpu_rise_names_its_service_when_the_spans_show_nothing() {
        let baseline = shop(100, 1, T0, Fault::default());
        let window = shop(100, 2, T0 + 3_600_000 * MS, Fault::default());
        let rise = |service: &str| CpuRise {
            metric: "k8s.pod.cpu.utilization".into(),
            instance: format!("{service}-0"),
            history_median: 5.0,
            window_peak: 90.0,
            deviations: 40.0,
        };
        // inventory serves spans; the batch worker has none in the window.
        let cpu = BTreeMap::from([
            ("inventory".to_owned(), vec![rise("inventory")]),
            ("worker".to_owned(), vec![rise("worker")]),
        ]);
        let ranked = rank(&baseline, &window, &Evidence { cpu, ..Evidence::default() }, 5);
        let named: Vec<(&str, f64)> =
            ranked.iter().map(|c| (c.service.as_str(), c.score)).collect();
        assert_eq!(named, [("inventory", CPU_WEIGHT), ("worker", CPU_WEIGHT)], "{ranked:#?}");
        assert!(!ranked[0].operation.is_empty());
        assert_eq!(ranked[1].operation, "");
        for cause in &ranked {
            assert_eq!(cause.cpu_rises.len(), 1);
            assert!(
                cause.evidence[0]
                    .contains(&format!("CPU of {} instance {}-0", cause.service, cause.service))
            );
        }
    }

    #[test]
    fn a_new_version_is_evidence_and_breaks_a_tie() {
        let baseline = shop(100, 1, T0, Fault::default());
        let mut window = shop(
            100,
            2,
            T0 + 3_600_000 * MS,
            Fault { service: "inventory", extra_ms: 40, fails: false },
        );
        for span in window.iter_mut().filter(|s| s.service_name == "inventory") {
            span.resource_attributes.insert("service.version".into(), serde_json::json!("1.1.0"));
        }
        let ranked = rank(&baseline, &window, &Evidence::default(), 3);
        assert_eq!(ranked[0].service, "inventory");
        assert_eq!(ranked[0].new_versions, ["1.1.0"]);
        assert!(ranked[0].evidence.iter().any(|e| e.contains("version 1.1.0")));
    }

    #[test]
    fn a_new_operation_is_listed_below_a_real_regression() {
        let baseline = shop(100, 1, T0, Fault::default());
        let mut window = shop(
            100,
            2,
            T0 + 3_600_000 * MS,
            Fault { service: "bank", extra_ms: 80, fails: false },
        );
        window.push(crate::fixtures::span(9, 9, None, "cart", "GET /cart", T0, 400 * MS));
        let ranked = rank(&baseline, &window, &Evidence::default(), 10);
        assert_eq!(ranked[0].service, "bank", "{ranked:#?}");
        let cart = ranked.iter().find(|c| c.service == "cart").expect("new operations are listed");
        assert!(cart.evidence[0].contains("did not run in the baseline"));
        assert!(cart.score < ranked[0].score);
    }

    #[test]
    fn anomaly_scores_weigh_in_beside_a_change_in_the_services_own_spans() {
        let baseline = shop(100, 1, T0, Fault::default());
        let fault = Fault { service: "bank", extra_ms: 30, fails: false };
        let window = shop(100, 2, T0 + 3_600_000 * MS, fault);
        let plain = rank(&baseline, &window, &Evidence::default(), 10);
        let seen = |score: f64, series: &str| ServiceAnomalies {
            max_score: score,
            series: vec![series.to_owned()],
        };
        let anomalies = Anomalies::from([
            ("bank".to_owned(), seen(0.9, "bank p95 latency (ms)")),
            ("frontend".to_owned(), seen(1.0, "frontend p99 latency (ms)")),
        ]);
        let seen = Evidence { anomalies, ..Evidence::default() };
        let weighed = rank(&baseline, &window, &seen, 10);
        assert_eq!((plain[0].service.as_str(), weighed[0].service.as_str()), ("bank", "bank"));
        assert!((weighed[0].score - plain[0].score - 0.09).abs() < 1e-9);
        assert_eq!(weighed[0].anomalous_series, ["bank p95 latency (ms)"]);
        assert!(weighed[0].evidence.iter().any(|e| e.contains("highest score 0.90")));
        // Anomalies alone, with no change in the spans, make no cause.
        assert!(rank(&baseline, &baseline, &seen, 10).is_empty());
    }

    #[test]
    fn nothing_changed_means_no_candidates() {
        let baseline = shop(100, 1, T0, Fault::default());
        let window = shop(100, 1, T0, Fault::default());
        assert!(rank(&baseline, &window, &Evidence::default(), 5).is_empty());
    }
}
