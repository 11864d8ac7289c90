//! The `processors:` section of Ophion's configuration: one entry per processor, run in the
//! order listed.
//!
//! ```yaml
//! processors:
//!   - redact: { emails: true, deny_keys: [x-internal-token], allow_keys: [user.id] }
//!   - attributes: { actions: [ { key: env, action: upsert, value: prod }, { key: user.email, action: hash } ] }
//!   - filter: { services: [healthcheck], span_names: ["^GET /health"], min_severity: 9 }
//! ```

use ophion_core::Signal;
use ophion_core::otlp::common::v1::AnyValue;
use ophion_core::otlp::common::v1::any_value::Value;
use serde::{Deserialize, Serialize};

use super::attributes::AttributesConfig;
use super::filter::FilterConfig;
use super::redact::RedactConfig;

/// One processor and its settings, tagged by the processor's name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProcessorConfig {
    /// Replace secrets and personal data before anything is written to disk.
    Redact(RedactConfig),
    /// Insert, update, upsert, delete or hash attributes.
    Attributes(AttributesConfig),
    /// Drop spans, log records or data points.
    Filter(FilterConfig),
}

impl ProcessorConfig {
    /// The processor's name as written in configuration.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Redact(_) => "redact",
            Self::Attributes(_) => "attributes",
            Self::Filter(_) => "filter",
        }
    }
}

/// The processors Ophion runs when the configuration names none: redaction with its defaults.
pub fn default_configs() -> Vec<ProcessorConfig> {
    vec![ProcessorConfig::Redact(RedactConfig::default())]
}

/// A telemetry signal, as written in configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalName {
    Traces,
    Metrics,
    Logs,
}

impl SignalName {
    pub const ALL: [SignalName; 3] = [Self::Traces, Self::Metrics, Self::Logs];

    pub fn signal(self) -> Signal {
        match self {
            Self::Traces => Signal::Traces,
            Self::Metrics => Signal::Metrics,
            Self::Logs => Signal::Logs,
        }
    }
}

pub(crate) fn all_signals() -> Vec<SignalName> {
    SignalName::ALL.to_vec()
}

/// A scalar attribute value written in configuration (`prod`, `42`, `0.5`, `true`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ScalarValue {
    Bool(bool),
    Int(i64),
    Double(f64),
    String(String),
}

impl ScalarValue {
    pub fn to_any_value(&self) -> AnyValue {
        let value = match self {
            Self::Bool(b) => Value::BoolValue(*b),
            Self::Int(i) => Value::IntValue(*i),
            Self::Double(d) => Value::DoubleValue(*d),
            Self::String(s) => Value::StringValue(s.clone()),
        };
        AnyValue { value: Some(value) }
    }

    /// Whether an attribute value equals this one. Integers and doubles compare numerically;
    /// other types must match exactly.
    pub fn matches(&self, value: Option<&AnyValue>) -> bool {
        let Some(value) = value.and_then(|v| v.value.as_ref()) else {
            return false;
        };
        match (self, value) {
            (Self::String(a), Value::StringValue(b)) => a == b,
            (Self::Bool(a), Value::BoolValue(b)) => a == b,
            (Self::Int(a), Value::IntValue(b)) => a == b,
            (Self::Int(a), Value::DoubleValue(b)) => (*a as f64) == *b,
            (Self::Double(a), Value::DoubleValue(b)) => a == b,
            (Self::Double(a), Value::IntValue(b)) => *a == (*b as f64),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::processors::attributes::{ActionKind, AttributeScope};

    fn parse(json: &str) -> Result<Vec<ProcessorConfig>, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn documented_example_parses_into_the_three_processors() {
        let configs = parse(
            r#"[
              {"redact": {"emails": true, "deny_keys": ["x-internal-token"], "allow_keys": ["user.id"]}},
              {"attributes": {"actions": [
                  {"key": "env", "action": "upsert", "value": "prod"},
                  {"key": "user.email", "action": "hash"}]}},
              {"filter": {"services": ["healthcheck"], "span_names": ["^GET /health"], "min_severity": 9}}
            ]"#,
        )
        .unwrap();
        let ProcessorConfig::Redact(redact) = &configs[0] else { panic!("{configs:?}") };
        assert!(redact.emails && redact.cards);
        assert_eq!(redact.deny_keys, ["x-internal-token"]);
        assert_eq!(redact.allow_keys, ["user.id"]);
        assert_eq!(redact.replacement, "[REDACTED]");
        let ProcessorConfig::Attributes(attrs) = &configs[1] else { panic!("{configs:?}") };
        assert_eq!(attrs.actions[0].value, Some(ScalarValue::String("prod".into())));
        assert_eq!(attrs.actions[1].action, ActionKind::Hash);
        assert_eq!(attrs.actions[1].scope, AttributeScope::Item);
        assert_eq!(attrs.signals, SignalName::ALL);
        let ProcessorConfig::Filter(filter) = &configs[2] else { panic!("{configs:?}") };
        assert_eq!(filter.min_severity.as_ref().and_then(|s| s.number()), Some(9));
        assert_eq!(
            configs.iter().map(|c| c.name()).collect::<Vec<_>>(),
            ["redact", "attributes", "filter"]
        );
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let err = parse(r#"[{"redact": {"email": true}}]"#).unwrap_err();
        assert!(err.to_string().contains("unknown field `email`"), "{err}");
        assert!(parse(r#"[{"filter": {"service": ["a"]}}]"#).is_err());
        assert!(
            parse(r#"[{"attributes": {"actions": [{"key": "a", "action": "delete", "x": 1}]}}]"#)
                .is_err()
        );
    }

    #[test]
    fn unknown_processor_names_are_rejected() {
        assert!(parse(r#"[{"sample": {}}]"#).is_err());
    }

    #[test]
    fn empty_settings_take_the_defaults() {
        let configs = parse(r#"[{"redact": {}}, {"filter": {}}, {"attributes": {}}]"#).unwrap();
        assert_eq!(configs[0], ProcessorConfig::Redact(RedactConfig::default()));
        assert_eq!(configs[1], ProcessorConfig::Filter(FilterConfig::default()));
        assert_eq!(configs[2], ProcessorConfig::Attributes(AttributesConfig::default()));
    }

    #[test]
    fn scalar_values_keep_their_json_type() {
        let values: Vec<ScalarValue> = serde_json::from_str(r#"["prod", 42, 0.5, true]"#).unwrap();
        assert_eq!(
            values,
            [
                ScalarValue::String("prod".into()),
                ScalarValue::Int(42),
                ScalarValue::Double(0.5),
                ScalarValue::Bool(true),
            ]
        );
    }

    #[test]
    fn integer_and_double_attribute_values_compare_numerically() {
        let any = |v: Value| AnyValue { value: Some(v) };
        assert!(ScalarValue::Int(200).matches(Some(&any(Value::IntValue(200)))));
        assert!(ScalarValue::Int(200).matches(Some(&any(Value::DoubleValue(200.0)))));
        assert!(!ScalarValue::String("200".into()).matches(Some(&any(Value::IntValue(200)))));
        assert!(!ScalarValue::Int(200).matches(None));
    }

    #[test]
    fn default_processors_are_redaction_with_defaults() {
        assert_eq!(default_configs(), [ProcessorConfig::Redact(RedactConfig::default())]);
    }
}
