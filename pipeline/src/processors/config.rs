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

fn all_signals() -> Vec<SignalName> {
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

// ---------------------------------------------------------------------------------------------
// attributes

/// Settings of the `attributes` processor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AttributesConfig {
    /// Actions, applied in order to every item of the selected signals.
    pub actions: Vec<AttributeAction>,
    /// Signals the actions apply to. Default: all three.
    pub signals: Vec<SignalName>,
}

impl Default for AttributesConfig {
    fn default() -> Self {
        Self { actions: Vec::new(), signals: all_signals() }
    }
}

/// One change to one attribute key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeAction {
    /// The attribute key, matched exactly (attribute keys are case-sensitive).
    pub key: String,
    /// What to do with it.
    pub action: ActionKind,
    /// The new value; required by `insert`, `update` and `upsert`, refused by the others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<ScalarValue>,
    /// Which attributes: the item's own (span, log record, data point; the default) or its
    /// resource's.
    #[serde(default)]
    pub scope: AttributeScope,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// Add the attribute only where it is absent.
    Insert,
    /// Change the attribute only where it is present.
    Update,
    /// Set the attribute whether or not it is present.
    Upsert,
    /// Remove the attribute.
    Delete,
    /// Replace the value with the lowercase hex SHA-256 of its string form.
    Hash,
}

impl ActionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Insert => "insert",
            Self::Update => "update",
            Self::Upsert => "upsert",
            Self::Delete => "delete",
            Self::Hash => "hash",
        }
    }

    pub fn needs_value(self) -> bool {
        matches!(self, Self::Insert | Self::Update | Self::Upsert)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttributeScope {
    /// Span, log record or data point attributes.
    #[default]
    Item,
    /// Resource attributes.
    Resource,
}

// ---------------------------------------------------------------------------------------------
// filter

/// Settings of the `filter` processor. An item is dropped when any one condition holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FilterConfig {
    /// Drop everything from resources whose `service.name` is one of these (exact match).
    pub services: Vec<String>,
    /// Drop spans whose name matches one of these regular expressions (unanchored: use `^`
    /// and `$` to anchor).
    pub span_names: Vec<String>,
    /// Drop log records whose severity number is below this one: a number from 1 (TRACE) to
    /// 24 (FATAL4), or a name: `trace`, `debug`, `info`, `warn`, `error`, `fatal`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_severity: Option<SeverityThreshold>,
    /// With `min_severity`, keep log records whose severity is unspecified (0). Default:
    /// false, they are dropped like any record below the minimum.
    pub keep_unspecified_severity: bool,
    /// Drop items with an attribute equal to one of these, on the item itself or its resource
    /// (a match on the resource drops all of its items).
    pub attributes: Vec<AttributeMatch>,
    /// Signals the filter applies to. Default: all three.
    pub signals: Vec<SignalName>,
}

impl Default for FilterConfig {
    fn default() -> Self {
        Self {
            services: Vec::new(),
            span_names: Vec::new(),
            min_severity: None,
            keep_unspecified_severity: false,
            attributes: Vec::new(),
            signals: all_signals(),
        }
    }
}

/// An attribute key and the value that selects an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeMatch {
    pub key: String,
    pub value: ScalarValue,
}

/// A minimum log severity: an OTLP severity number or a level name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SeverityThreshold {
    Number(i64),
    Name(String),
}

impl SeverityThreshold {
    /// The OTLP severity number, or `None` when out of range or not a level name.
    pub fn number(&self) -> Option<i32> {
        match self {
            Self::Number(n) => (1..=24).contains(n).then_some(*n as i32),
            Self::Name(name) => match name.to_ascii_lowercase().as_str() {
                "trace" => Some(1),
                "debug" => Some(5),
                "info" => Some(9),
                "warn" | "warning" => Some(13),
                "error" => Some(17),
                "fatal" => Some(21),
                _ => None,
            },
        }
    }
}

// ---------------------------------------------------------------------------------------------
// redact

/// Settings of the `redact` processor, which Ophion runs by default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RedactConfig {
    /// Payment card numbers: 13–19 digits, spaces or dashes allowed, Luhn-checked, first digit
    /// 2–6 (so Unix timestamps and most ids are left alone).
    pub cards: bool,
    /// JSON Web Tokens: three base64url segments, the first starting `eyJ`.
    pub jwts: bool,
    /// Cloud and SaaS credentials: AWS access key ids (`AKIA`/`ASIA`), GCP API keys (`AIza`),
    /// GitHub tokens (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`), Slack tokens
    /// (`xoxb-` and friends).
    pub cloud_keys: bool,
    /// Credentials after `Bearer ` and `Basic ` (the scheme word is kept).
    pub auth_tokens: bool,
    /// `user:password@` in URLs; scheme, host and path are kept.
    pub url_credentials: bool,
    /// Email addresses. Off by default: they are often wanted for debugging.
    pub emails: bool,
    /// Keys whose whole value is always replaced, added to the built-in list. Matched
    /// case-insensitively, as the whole key or its last part after `.`, `_`, `-` or a camelCase
    /// boundary (`authorization` matches `http.request.header.authorization`).
    pub deny_keys: Vec<String>,
    /// Whether the built-in deny list applies (authorization, cookie, password, token, ...).
    pub builtin_deny_keys: bool,
    /// Keys never touched, matched case-insensitively as whole keys. Wins over everything else.
    pub allow_keys: Vec<String>,
    /// Extra patterns: every match is replaced, labelled with the pattern's name.
    pub patterns: Vec<CustomPattern>,
    /// What replaces a deny-listed key's value.
    pub replacement: String,
    /// What replaces a detected secret; `{kind}` becomes the detector's name (`card`, `jwt`,
    /// `aws_key`, `gcp_key`, `github_token`, `slack_token`, `bearer`, `basic`,
    /// `url_credentials`, `email`, or a custom pattern's name).
    pub detector_replacement: String,
}

impl Default for RedactConfig {
    fn default() -> Self {
        Self {
            cards: true,
            jwts: true,
            cloud_keys: true,
            auth_tokens: true,
            url_credentials: true,
            emails: false,
            deny_keys: Vec::new(),
            builtin_deny_keys: true,
            allow_keys: Vec::new(),
            patterns: Vec::new(),
            replacement: "[REDACTED]".to_owned(),
            detector_replacement: "[REDACTED:{kind}]".to_owned(),
        }
    }
}

/// A user-defined secret pattern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomPattern {
    /// Shown in the replacement text, e.g. `internal_id` gives `[REDACTED:internal_id]`.
    pub name: String,
    /// A regular expression (Rust `regex` syntax); every match is replaced.
    pub regex: String,
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn severity_names_map_to_otlp_numbers_and_out_of_range_is_none() {
        let names: Vec<SeverityThreshold> =
            serde_json::from_str(r#"["info", "WARN", "error", 17, 0, 25, "loud"]"#).unwrap();
        let numbers: Vec<_> = names.iter().map(|s| s.number()).collect();
        assert_eq!(numbers, [Some(9), Some(13), Some(17), Some(17), None, None, None]);
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
