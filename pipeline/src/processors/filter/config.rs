//! Settings of the `filter` processor.

use serde::{Deserialize, Serialize};

use crate::processors::config::{ScalarValue, SignalName, all_signals};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_names_map_to_otlp_numbers_and_out_of_range_is_none() {
        let names: Vec<SeverityThreshold> =
            serde_json::from_str(r#"["info", "WARN", "error", 17, 0, 25, "loud"]"#).unwrap();
        let numbers: Vec<_> = names.iter().map(|s| s.number()).collect();
        assert_eq!(numbers, [Some(9), Some(13), Some(17), Some(17), None, None, None]);
    }
}
