//! Settings of the `attributes` processor.

use serde::{Deserialize, Serialize};

use crate::processors::config::{ScalarValue, SignalName, all_signals};

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
