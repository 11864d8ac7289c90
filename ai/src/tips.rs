//! Optimization tips, each with the evidence it was drawn from: N+1 calls, slow repeated
//! statements, chatty service pairs, huge attribute payloads, runaway attribute cardinality
//! and noisy log templates.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use ophion_core::query::{MetricPoint, SpanRecord};
use serde_json::json;

use crate::insight::Severity;

/// When a pattern becomes a tip. The defaults are deliberately conservative.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TipConfig {
    /// The same call repeated this often under one parent span is an N+1.
    pub n_plus_one: usize,
    /// A database statement seen this often ...
    pub slow_statement_count: usize,
    /// ... with a p95 at least this slow is worth caching or indexing.
    pub slow_statement_p95_ms: f64,
    /// Calls from one service to another within one trace, on average.
    pub chatty_calls_per_trace: f64,
    /// Serialized attributes (span and events) larger than this.
    pub huge_attributes_bytes: usize,
    /// Distinct values of one metric attribute within the sample.
    pub cardinality_distinct: usize,
    /// Share of a service's log lines taken by one template ...
    pub noisy_template_share: f64,
    /// ... once the service logged at least this many lines.
    pub noisy_template_lines: u64,
}

impl Default for TipConfig {
    fn default() -> Self {
        Self {
            n_plus_one: 10,
            slow_statement_count: 20,
            slow_statement_p95_ms: 100.0,
            chatty_calls_per_trace: 20.0,
            huge_attributes_bytes: 16 * 1024,
            cardinality_distinct: 1000,
            noisy_template_share: 0.3,
            noisy_template_lines: 1000,
        }
    }
}

/// One tip, before it becomes an insight.
#[derive(Debug, Clone, PartialEq)]
pub struct Tip {
    /// `n_plus_one`, `slow_statement`, `chatty_services`, `huge_attributes`,
    /// `attribute_cardinality` or `noisy_log_template`.
    pub rule: &'static str,
    pub service: Option<String>,
    pub subject: String,
    pub severity: Severity,
    pub title: String,
    pub summary: String,
    pub evidence: serde_json::Value,
}

/// The statement a database span runs, when it is one.
fn statement(span: &SpanRecord) -> Option<&str> {
    ["db.query.text", "db.statement"]
        .iter()
        .find_map(|k| span.attributes.get(*k).and_then(|v| v.as_str()))
}

fn is_database(span: &SpanRecord) -> bool {
    statement(span).is_some()
        || span.attributes.contains_key("db.system")
        || span.attributes.contains_key("db.system.name")
}

/// What a repeated call is: its statement for a database call, else its name.
fn call_key(span: &SpanRecord) -> Option<String> {
    if let Some(statement) = statement(span) {
        return Some(statement.to_string());
    }
    (is_database(span) || span.kind == "client").then(|| span.name.clone())
}

/// Tips from a sample of whole traces.
pub fn from_traces(traces: &[Vec<SpanRecord>], config: &TipConfig) -> Vec<Tip> {
    let mut tips = Vec::new();
    tips.extend(n_plus_one(traces, config));
    tips.extend(slow_statements(traces, config));
    tips.extend(chatty_pairs(traces, config));
    tips.extend(huge_attributes(traces, config));
    tips
}

fn n_plus_one(traces: &[Vec<SpanRecord>], config: &TipConfig) -> Vec<Tip> {
    // (service, parent operation, call) → (traces, most repetitions, example trace).
    let mut found: BTreeMap<(String, String, String), (u64, usize, String)> = BTreeMap::new();
    for trace in traces {
        let by_id: HashMap<&str, &SpanRecord> =
            trace.iter().map(|s| (s.span_id.as_str(), s)).collect();
        let mut counts: HashMap<(&str, String), usize> = HashMap::new();
        for span in trace {
            if let Some(key) = call_key(span) {
                *counts.entry((span.parent_span_id.as_str(), key)).or_default() += 1;
            }
        }
        let mut seen_here = BTreeSet::new();
        for ((parent, key), count) in counts {
            let Some(parent) = by_id.get(parent) else { continue };
            if count < config.n_plus_one {
                continue;
            }
            let id = (parent.service_name.clone(), parent.name.clone(), key);
            let entry = found.entry(id.clone()).or_insert((0, 0, trace[0].trace_id.clone()));
            if seen_here.insert(id) {
                entry.0 += 1;
            }
            if count > entry.1 {
                *entry = (entry.0, count, parent.trace_id.clone());
            }
        }
    }
    found
        .into_iter()
        .map(|((service, parent, call), (traces, most, example))| Tip {
            rule: "n_plus_one",
            service: Some(service.clone()),
            subject: format!("{parent} → {call}"),
            severity: Severity::Warning,
            title: format!("N+1 calls in {service} `{parent}`"),
            summary: format!(
                "`{parent}` makes the same call up to {most} times in one request: `{call}`. Batch it into one call (a join, an IN list, a bulk endpoint)."
            ),
            evidence: json!({"call": call, "parent_operation": parent, "max_repetitions": most, "traces_affected": traces, "example_trace_id": example}),
        })
        .collect()
}

fn slow_statements(traces: &[Vec<SpanRecord>], config: &TipConfig) -> Vec<Tip> {
    let mut durations: BTreeMap<(String, String), (Vec<f64>, String)> = BTreeMap::new();
    for span in traces.iter().flatten() {
        if let Some(statement) = statement(span) {
            let entry = durations
                .entry((span.service_name.clone(), statement.to_string()))
                .or_insert_with(|| (Vec::new(), span.trace_id.clone()));
            entry.0.push(span.duration_ns as f64 / 1e6);
        }
    }
    durations
        .into_iter()
        .filter_map(|((service, statement), (mut ms, example))| {
            if ms.len() < config.slow_statement_count {
                return None;
            }
            ms.sort_by(f64::total_cmp);
            let p95 = ms[((ms.len() as f64 * 0.95).ceil() as usize).clamp(1, ms.len()) - 1];
            let total: f64 = ms.iter().sum();
            (p95 >= config.slow_statement_p95_ms).then(|| Tip {
                rule: "slow_statement",
                service: Some(service.clone()),
                subject: statement.clone(),
                severity: Severity::Warning,
                title: format!("Slow repeated statement in {service}"),
                summary: format!(
                    "`{statement}` ran {} times with a p95 of {p95:.0} ms ({total:.0} ms in all). An index, a cache or a narrower query would pay off.",
                    ms.len()
                ),
                evidence: json!({"statement": statement, "executions": ms.len(), "p95_ms": p95, "total_ms": total, "example_trace_id": example}),
            })
        })
        .collect()
}

fn chatty_pairs(traces: &[Vec<SpanRecord>], config: &TipConfig) -> Vec<Tip> {
    // (caller, callee) → (traces where they talk, calls, most in one trace, example).
    let mut pairs: BTreeMap<(String, String), (u64, u64, u64, String)> = BTreeMap::new();
    for trace in traces {
        let by_id: HashMap<&str, &SpanRecord> =
            trace.iter().map(|s| (s.span_id.as_str(), s)).collect();
        let mut here: HashMap<(String, String), u64> = HashMap::new();
        for span in trace {
            if let Some(parent) = by_id.get(span.parent_span_id.as_str())
                && parent.service_name != span.service_name
            {
                *here
                    .entry((parent.service_name.clone(), span.service_name.clone()))
                    .or_default() += 1;
            }
        }
        for (pair, calls) in here {
            let entry = pairs.entry(pair).or_insert((0, 0, 0, trace[0].trace_id.clone()));
            entry.0 += 1;
            entry.1 += calls;
            if calls > entry.2 {
                entry.2 = calls;
                entry.3 = trace[0].trace_id.clone();
            }
        }
    }
    pairs
        .into_iter()
        .filter_map(|((caller, callee), (traces, calls, most, example))| {
            let per_trace = calls as f64 / traces as f64;
            (per_trace >= config.chatty_calls_per_trace).then(|| Tip {
                rule: "chatty_services",
                service: Some(caller.clone()),
                subject: format!("{caller} → {callee}"),
                severity: Severity::Info,
                title: format!("{caller} calls {callee} {per_trace:.0} times per request"),
                summary: format!(
                    "Each request from {caller} to {callee} makes {per_trace:.1} calls on average (up to {most}). A coarser API or batching would cut the round trips."
                ),
                evidence: json!({"caller": caller, "callee": callee, "calls_per_trace": per_trace, "max_calls_in_one_trace": most, "traces": traces, "example_trace_id": example}),
            })
        })
        .collect()
}

fn huge_attributes(traces: &[Vec<SpanRecord>], config: &TipConfig) -> Vec<Tip> {
    let mut found: BTreeMap<(String, String), (usize, String, String)> = BTreeMap::new();
    for span in traces.iter().flatten() {
        let size = serde_json::to_string(&span.attributes).map_or(0, |s| s.len())
            + span
                .events
                .iter()
                .map(|e| serde_json::to_string(&e.attributes).map_or(0, |s| s.len()))
                .sum::<usize>();
        if size > config.huge_attributes_bytes {
            let largest = span
                .attributes
                .iter()
                .max_by_key(|(_, v)| v.to_string().len())
                .map(|(k, _)| k.clone())
                .unwrap_or_default();
            let entry = found.entry((span.service_name.clone(), span.name.clone())).or_default();
            if size > entry.0 {
                *entry = (size, largest, span.trace_id.clone());
            }
        }
    }
    found
        .into_iter()
        .map(|((service, operation), (size, largest, example))| Tip {
            rule: "huge_attributes",
            service: Some(service.clone()),
            subject: operation.clone(),
            severity: Severity::Info,
            title: format!("Huge attributes on {service} `{operation}`"),
            summary: format!(
                "Spans of `{operation}` carry up to {} KiB of attributes (largest: `{largest}`). Truncate or drop payload-sized values; they cost storage and network on every span.",
                size / 1024
            ),
            evidence: json!({"max_attribute_bytes": size, "largest_attribute": largest, "example_trace_id": example}),
        })
        .collect()
}

/// Metric attributes whose distinct values run away (user ids, URLs, timestamps as labels).
pub fn from_metrics(points: &[MetricPoint], config: &TipConfig) -> Vec<Tip> {
    let mut values: BTreeMap<(String, String), (String, BTreeSet<String>)> = BTreeMap::new();
    for point in points {
        for (key, value) in &point.attributes {
            let entry = values
                .entry((point.name.clone(), key.clone()))
                .or_insert_with(|| (point.service_name.clone(), BTreeSet::new()));
            if entry.1.len() <= config.cardinality_distinct {
                entry.1.insert(value.to_string());
            }
        }
    }
    values
        .into_iter()
        .filter(|(_, (_, distinct))| distinct.len() > config.cardinality_distinct)
        .map(|((metric, key), (service, distinct))| Tip {
            rule: "attribute_cardinality",
            service: Some(service),
            subject: format!("{metric} {key}"),
            severity: Severity::Warning,
            title: format!("Runaway cardinality: `{key}` on {metric}"),
            summary: format!(
                "`{key}` took more than {} distinct values on `{metric}` in the sample. Every value is a new series; drop the attribute or bucket it.",
                config.cardinality_distinct
            ),
            evidence: json!({"metric": metric, "attribute": key, "distinct_values_at_least": distinct.len(), "examples": distinct.iter().take(5).collect::<Vec<_>>()}),
        })
        .collect()
}

/// A log template that takes a large share of its service's lines.
pub fn noisy_template(
    service: &str,
    template: &str,
    count: u64,
    service_lines: u64,
    config: &TipConfig,
) -> Option<Tip> {
    let share = count as f64 / service_lines.max(1) as f64;
    (service_lines >= config.noisy_template_lines && share >= config.noisy_template_share).then(|| Tip {
        rule: "noisy_log_template",
        service: Some(service.to_string()),
        subject: template.to_string(),
        severity: Severity::Info,
        title: format!("One log template is {:.0}% of {service}'s logs", share * 100.0),
        summary: format!(
            "`{template}` was logged {count} times, {:.0}% of {service}'s {service_lines} lines. Lower its level, sample it, or turn it into a metric.",
            share * 100.0
        ),
        evidence: json!({"template": template, "lines": count, "service_lines": service_lines, "share": share}),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{MS, span};

    const T0: u64 = 1_700_000_000_000_000_000;

    fn cart(trace: u64, items: u64, statement_ms: u64) -> Vec<SpanRecord> {
        crate::fixtures::cart(trace, items, statement_ms, T0)
    }

    #[test]
    fn an_n_plus_one_pattern_is_flagged_with_an_example_trace() {
        let traces = vec![cart(1, 25, 2), cart(2, 3, 2), cart(3, 12, 2)];
        let tips: Vec<Tip> = from_traces(&traces, &TipConfig::default())
            .into_iter()
            .filter(|t| t.rule == "n_plus_one")
            .collect();
        assert_eq!(tips.len(), 1, "{tips:#?}");
        let tip = &tips[0];
        assert_eq!(tip.service.as_deref(), Some("cart"));
        assert_eq!(tip.evidence["max_repetitions"], 25);
        assert_eq!(tip.evidence["traces_affected"], 2);
        assert_eq!(tip.evidence["example_trace_id"], format!("{:032x}", 1));
        assert!(tip.subject.contains("SELECT * FROM items WHERE id = $1"));
    }

    #[test]
    fn a_few_repeated_calls_are_not_an_n_plus_one() {
        let traces = vec![cart(1, 9, 2), cart(2, 3, 2)];
        assert!(from_traces(&traces, &TipConfig::default()).iter().all(|t| t.rule != "n_plus_one"));
    }

    #[test]
    fn slow_repeated_statements_chatty_pairs_and_huge_attributes_are_found() {
        let mut traces: Vec<Vec<SpanRecord>> = (0..30).map(|t| cart(t, 1, 150)).collect();
        let mut big = span(99, 99_000, None, "upload", "POST /files", T0, MS);
        big.attributes.insert("http.request.body".into(), json!("x".repeat(20_000)));
        traces.push(vec![big]);
        let mut chatty = vec![span(100, 100_000, None, "web", "GET /feed", T0, 100 * MS)];
        chatty.extend(
            (0..25).map(|i| span(100, 100_001 + i, Some(100_000), "users", "GET /user", T0, MS)),
        );
        traces.push(chatty);
        let tips = from_traces(&traces, &TipConfig::default());
        let rules: BTreeSet<&str> = tips.iter().map(|t| t.rule).collect();
        assert_eq!(
            rules,
            BTreeSet::from(["slow_statement", "huge_attributes", "chatty_services"]),
            "{tips:#?}"
        );
        let slow = tips.iter().find(|t| t.rule == "slow_statement").unwrap();
        assert_eq!(slow.evidence["executions"], 30);
        let huge = tips.iter().find(|t| t.rule == "huge_attributes").unwrap();
        assert_eq!(huge.evidence["largest_attribute"], "http.request.body");
    }

    #[test]
    fn runaway_metric_cardinality_and_noisy_templates_are_tips() {
        let point = |i: u64| MetricPoint {
            kind: "sum".into(),
            is_monotonic: Some(true),
            attributes: [("user.id".to_string(), json!(i)), ("method".to_string(), json!("GET"))]
                .into(),
            ..crate::fixtures::gauge("http.requests", "api", T0, 1.0)
        };
        let points: Vec<MetricPoint> = (0..1500).map(point).collect();
        let tips = from_metrics(&points, &TipConfig::default());
        assert_eq!(tips.len(), 1, "{tips:#?}");
        assert_eq!(tips[0].subject, "http.requests user.id");
        let config = TipConfig::default();
        assert!(noisy_template("api", "cache miss <*>", 600, 1000, &config).is_some());
        assert!(noisy_template("api", "cache miss <*>", 100, 1000, &config).is_none());
        assert!(
            noisy_template("api", "cache miss <*>", 60, 100, &config).is_none(),
            "too few lines to judge"
        );
    }
}
