//! An alert rule as users write it: what to read (`query`), when it is a problem
//! (`condition`), how long before it fires and stays (`for`, `keep_firing_for`), how often it
//! is read (`interval`, over `window`), and what to do when the read finds nothing or fails.

use std::collections::BTreeMap;
use std::time::Duration;

use ophion_core::{Error, Result};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

const MAX_NAME_CHARS: usize = 200;
const MAX_LABELS: usize = 32;
const MAX_LABEL_VALUE_CHARS: usize = 1024;
const MAX_ANNOTATION_CHARS: usize = 4096;
const MAX_NOTIFY: usize = 20;
const MAX_WINDOW: Duration = Duration::from_secs(7 * 86_400);
const MAX_INTERVAL: Duration = Duration::from_secs(86_400);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// The query's value against `condition`.
    Threshold,
    /// Fires while the query finds nothing over `window`.
    Absence,
    /// Fires while the AI engine holds a matching insight.
    Anomaly,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    Spans,
    Logs,
    Metrics,
    /// The AI engine's insights (anomaly rules).
    Insights,
}

/// What a rule reads. Which fields apply depends on `signal`; `check` says which are wrong.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleQuery {
    pub signal: Option<Signal>,
    /// spans: `rate`, `error_rate`, `count`, `error_count`, `p50`, `p75`, `p90`, `p95`, `p99`
    /// (ms); logs: `count`, `rate`; metrics: `avg`, `sum`, `min`, `max`, `count`, `rate`,
    /// `p50`…`p99`.
    #[serde(default, rename = "fn", skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// spans: the span name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// metrics: the metric's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    /// logs: a case-insensitive substring of the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// logs: `trace`, `debug`, `info`, `warn`, `error`, `fatal` or 1–24; insights: `info`,
    /// `warning`, `critical`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_severity: Option<String>,
    /// spans: only errors (`error`) or only successes (`ok`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Attribute (or resource attribute) equalities.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// One alert instance per distinct value of these: `service`, `operation` (spans) or an
    /// attribute key.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub group_by: Vec<String>,
    /// insights: `anomaly` (default), `log_pattern`, `capacity`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insight_kind: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// `>`, `>=`, `<`, `<=`, `==`, `!=`.
    pub op: Op,
    pub value: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum Op {
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = "==")]
    Eq,
    #[serde(rename = "!=")]
    Ne,
}

impl Condition {
    pub fn holds(&self, value: f64) -> bool {
        match self.op {
            Op::Gt => value > self.value,
            Op::Ge => value >= self.value,
            Op::Lt => value < self.value,
            Op::Le => value <= self.value,
            Op::Eq => value == self.value,
            Op::Ne => value != self.value,
        }
    }
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    #[default]
    Warning,
    Error,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
            Self::Critical => "critical",
        }
    }
}

/// What an evaluation that found no series at all does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoDataPolicy {
    /// One instance labelled `ophion_state="nodata"` goes pending, then firing after `for`.
    #[default]
    Nodata,
    /// As Prometheus: nothing is wrong, so active instances resolve.
    Ok,
    /// The rule's instances are treated as true (one is made if none is active).
    Alerting,
    /// Nothing changes.
    KeepLast,
}

/// What a failed evaluation does. Whatever it is, the failure raises the tenant's
/// `OphionEvaluationDegraded` alert for the signal, so it is never silent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorPolicy {
    /// Nothing changes: a firing alert keeps firing, nothing resolves.
    #[default]
    KeepLast,
    /// The rule's instances are treated as true (one labelled `ophion_state="error"` if none).
    Alerting,
    /// Active instances resolve.
    Ok,
}

fn default_interval() -> Duration {
    Duration::from_secs(60)
}

fn default_window() -> Duration {
    Duration::from_secs(300)
}

fn default_true() -> bool {
    true
}

/// A rule as sent to create or replace one, and as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub name: String,
    pub kind: RuleKind,
    #[serde(default)]
    pub query: RuleQuery,
    /// Required for `threshold`; not taken by the other kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// How long the condition must hold before the alert fires (`0s`: at once).
    #[serde(default, rename = "for", with = "humantime_serde")]
    #[schema(value_type = String, example = "2m")]
    pub for_: Duration,
    /// How long a firing alert stays firing after the condition clears.
    #[serde(default, with = "humantime_serde")]
    #[schema(value_type = String, example = "5m")]
    pub keep_firing_for: Duration,
    /// How often the rule is evaluated; from 1 s, default 1 m.
    #[serde(default = "default_interval", with = "humantime_serde")]
    #[schema(value_type = String, example = "30s")]
    pub interval: Duration,
    /// The range each evaluation reads, ending at the evaluation time; default 5 m.
    #[serde(default = "default_window", with = "humantime_serde")]
    #[schema(value_type = String, example = "5m")]
    pub window: Duration,
    #[serde(default)]
    pub severity: Severity,
    /// Notification channel ids the rule's alerts go to.
    #[serde(default)]
    pub notify: Vec<String>,
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// Texts with `{{value}}`, `{{service}}` or any label as `{{name}}`.
    #[serde(default)]
    pub annotations: BTreeMap<String, String>,
    #[serde(default)]
    pub no_data: NoDataPolicy,
    #[serde(default)]
    pub on_error: ErrorPolicy,
    #[serde(default = "default_true")]
    pub enabled: bool,
}

pub(crate) const SPAN_FUNCTIONS: [&str; 9] =
    ["rate", "error_rate", "count", "error_count", "p50", "p75", "p90", "p95", "p99"];
const LOG_FUNCTIONS: [&str; 2] = ["count", "rate"];
const METRIC_FUNCTIONS: [&str; 11] =
    ["avg", "sum", "min", "max", "count", "rate", "p50", "p75", "p90", "p95", "p99"];

fn invalid(field: &str, why: impl std::fmt::Display) -> Error {
    Error::invalid(format!("{field}: {why}"))
}

fn check_label_name(field: &str, name: &str) -> Result<()> {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if !first_ok || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_') || name.len() > 64 {
        return Err(invalid(
            field,
            format!("{name:?} is not a label name (a letter or _, then letters, digits, _; ≤ 64)"),
        ));
    }
    Ok(())
}

impl RuleSpec {
    /// Refuses a rule that cannot be evaluated, naming the field at fault.
    pub fn check(&self) -> Result<()> {
        let name = self.name.trim();
        if name.is_empty() || self.name.chars().count() > MAX_NAME_CHARS {
            return Err(invalid("name", format!("must be 1 to {MAX_NAME_CHARS} characters")));
        }
        if self.interval < Duration::from_secs(1) || self.interval > MAX_INTERVAL {
            return Err(invalid("interval", "must be from 1s to 24h"));
        }
        if self.window.is_zero() || self.window > MAX_WINDOW {
            return Err(invalid("window", "must be more than 0s and at most 7d"));
        }
        for (field, value) in [("for", self.for_), ("keep_firing_for", self.keep_firing_for)] {
            if value > MAX_WINDOW {
                return Err(invalid(field, "must be at most 7d"));
            }
        }
        if self.notify.len() > MAX_NOTIFY {
            return Err(invalid("notify", format!("at most {MAX_NOTIFY} channels")));
        }
        if self.labels.len() > MAX_LABELS || self.annotations.len() > MAX_LABELS {
            return Err(invalid("labels", format!("at most {MAX_LABELS} labels and annotations")));
        }
        for (key, value) in &self.labels {
            check_label_name("labels", key)?;
            if value.chars().count() > MAX_LABEL_VALUE_CHARS {
                return Err(invalid(
                    "labels",
                    format!("{key} is over {MAX_LABEL_VALUE_CHARS} characters"),
                ));
            }
        }
        for (key, value) in &self.annotations {
            check_label_name("annotations", key)?;
            if value.chars().count() > MAX_ANNOTATION_CHARS {
                return Err(invalid(
                    "annotations",
                    format!("{key} is over {MAX_ANNOTATION_CHARS} characters"),
                ));
            }
        }
        match self.kind {
            RuleKind::Threshold if self.condition.is_none() => {
                return Err(invalid("condition", "a threshold rule needs {\"op\", \"value\"}"));
            }
            RuleKind::Absence | RuleKind::Anomaly if self.condition.is_some() => {
                return Err(invalid("condition", "only threshold rules take a condition"));
            }
            _ => {}
        }
        if let Some(c) = &self.condition
            && !c.value.is_finite()
        {
            return Err(invalid("condition.value", "must be a finite number"));
        }
        self.check_query()
    }

    fn check_query(&self) -> Result<()> {
        let q = &self.query;
        let signal = self.signal();
        if self.kind == RuleKind::Anomaly && signal != Signal::Insights {
            return Err(invalid("query.signal", "an anomaly rule reads `insights`"));
        }
        if self.kind != RuleKind::Anomaly && signal == Signal::Insights {
            return Err(invalid("query.signal", "`insights` is read by anomaly rules"));
        }
        if q.signal.is_none() && self.kind != RuleKind::Anomaly {
            return Err(invalid("query.signal", "one of spans, logs, metrics"));
        }
        let allowed: &[&str] = match signal {
            Signal::Spans => &SPAN_FUNCTIONS,
            Signal::Logs => &LOG_FUNCTIONS,
            Signal::Metrics => &METRIC_FUNCTIONS,
            Signal::Insights => &[],
        };
        match (&q.function, signal) {
            (Some(f), Signal::Insights) => {
                return Err(invalid("query.fn", format!("{f:?}: insights take no function")));
            }
            (Some(f), _) if !allowed.contains(&f.as_str()) => {
                return Err(invalid(
                    "query.fn",
                    format!("{f:?} is not one of {}", allowed.join(", ")),
                ));
            }
            (None, Signal::Spans | Signal::Metrics) if self.kind == RuleKind::Threshold => {
                return Err(invalid("query.fn", format!("one of {}", allowed.join(", "))));
            }
            _ => {}
        }
        let only = |field: &str, present: bool, signals: &str| {
            if present {
                Err(invalid(&format!("query.{field}"), format!("only {signals} queries take it")))
            } else {
                Ok(())
            }
        };
        only("operation", q.operation.is_some() && signal != Signal::Spans, "spans")?;
        only("metric", q.metric.is_some() && signal != Signal::Metrics, "metrics")?;
        if signal == Signal::Metrics && q.metric.as_deref().is_none_or(str::is_empty) {
            return Err(invalid("query.metric", "a metrics query names its metric"));
        }
        only("text", q.text.is_some() && signal != Signal::Logs, "logs")?;
        only("status", q.status.is_some() && signal != Signal::Spans, "spans")?;
        only("insight_kind", q.insight_kind.is_some() && signal != Signal::Insights, "insights")?;
        if let Some(status) = &q.status
            && !["error", "ok"].contains(&status.as_str())
        {
            return Err(invalid("query.status", "`error` or `ok`"));
        }
        if let Some(severity) = &q.min_severity {
            let known = match signal {
                Signal::Logs => ophion_core::query::log_severity(severity).is_some(),
                Signal::Insights => ophion_ai::Severity::parse(severity).is_some(),
                _ => return Err(invalid("query.min_severity", "only logs and insights take it")),
            };
            if !known {
                return Err(invalid(
                    "query.min_severity",
                    format!("{severity:?} is not a severity"),
                ));
            }
        }
        if let Some(kind) = &q.insight_kind
            && ophion_ai::InsightKind::parse(kind).is_none()
        {
            return Err(invalid("query.insight_kind", "anomaly, log_pattern, capacity or tip"));
        }
        if q.group_by.len() > 4 {
            return Err(invalid("query.group_by", "at most 4 keys"));
        }
        for key in &q.group_by {
            if key.is_empty() || key.len() > 128 {
                return Err(invalid("query.group_by", "keys are 1 to 128 characters"));
            }
            if key == "operation" && signal != Signal::Spans {
                return Err(invalid("query.group_by", "only spans group by operation"));
            }
        }
        if signal == Signal::Insights && q.group_by.iter().any(|k| k != "service") {
            return Err(invalid("query.group_by", "insights group by service only"));
        }
        for key in q.attributes.keys() {
            if key.is_empty() || key.len() > 128 {
                return Err(invalid("query.attributes", "keys are 1 to 128 characters"));
            }
        }
        Ok(())
    }

    pub fn signal(&self) -> Signal {
        self.query.signal.unwrap_or(if self.kind == RuleKind::Anomaly {
            Signal::Insights
        } else {
            Signal::Spans
        })
    }
}
