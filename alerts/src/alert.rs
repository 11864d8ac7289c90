//! An alert: one firing episode of a label set, raised by a rule or sent from outside, with
//! where people are with it (open → acknowledged → resolved).

use std::collections::BTreeMap;

use ophion_core::{Error, Result};
use ophion_metadata::StoredAlert;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::labels::Labels;
use crate::state::{Instance, State};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Open,
    Acknowledged,
    Resolved,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Acknowledged => "acknowledged",
            Self::Resolved => "resolved",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "open" => Self::Open,
            "acknowledged" => Self::Acknowledged,
            "resolved" => Self::Resolved,
            _ => return None,
        })
    }
}

/// Who raised it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// An alert rule of this tenant.
    Rule,
    /// `POST /api/v1/alerts`.
    Api,
    /// `POST /api/v2/alerts`: Prometheus, Grafana or Alertmanager.
    Alertmanager,
    /// Ophion itself: an evaluation that keeps failing.
    Ophion,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Alert {
    pub id: String,
    /// The rule that raised it; null for alerts sent from outside.
    pub rule_id: Option<String>,
    /// The rule's name (`alertname`).
    pub name: String,
    pub fingerprint: String,
    pub status: Status,
    pub severity: String,
    pub labels: Labels,
    pub annotations: BTreeMap<String, String>,
    #[serde(flatten)]
    pub instance: Instance,
    /// Sent from outside: when it resolves unless renewed (Alertmanager's `endsAt` lease).
    #[serde(default, with = "crate::time::rfc3339_opt")]
    #[schema(value_type = Option<String>)]
    pub ends_at: Option<i64>,
    pub source: Source,
    /// How many more times it fired (a rule) or was sent (from outside) while open, or
    /// fired again soon after it resolved.
    pub repeat_count: u64,
    /// What the rule read, for the record.
    pub query: String,
    #[serde(default)]
    pub generator_url: String,
    pub acknowledged_by: Option<String>,
    #[serde(default, with = "crate::time::rfc3339_opt")]
    #[schema(value_type = Option<String>)]
    pub acknowledged_at: Option<i64>,
    /// Who resolved it by hand; null when it resolved by itself.
    pub resolved_by: Option<String>,
    /// Channels its notifications go to.
    #[serde(default)]
    pub notify: Vec<String>,
}

impl Alert {
    pub fn to_stored(&self, now_ms: i64) -> Result<StoredAlert> {
        Ok(StoredAlert {
            id: self.id.clone(),
            rule_id: self.rule_id.clone().unwrap_or_default(),
            fingerprint: self.fingerprint.clone(),
            state: self.instance.state.as_str().to_owned(),
            status: self.status.as_str().to_owned(),
            body: serde_json::to_string(self)
                .map_err(|e| Error::internal(format!("cannot encode alert {}: {e}", self.id)))?,
            updated_at_ms: now_ms,
        })
    }

    pub fn from_stored(stored: &StoredAlert) -> Result<Self> {
        serde_json::from_str(&stored.body).map_err(|e| {
            Error::internal(format!("alert {} holds an unreadable document: {e}", stored.id))
        })
    }

    pub fn is_active(&self) -> bool {
        self.instance.state != State::Resolved
    }
}

/// One entry of an alert's history, as served.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AlertEvent {
    pub id: String,
    #[schema(value_type = String)]
    pub time: String,
    /// `pending`, `firing`, `resolved`, `acknowledged`, `repeated`, `kept_firing`.
    pub kind: String,
    /// The value and query that caused it, or who did it.
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
}

impl From<ophion_metadata::AlertEvent> for AlertEvent {
    fn from(e: ophion_metadata::AlertEvent) -> Self {
        Self {
            id: e.id,
            time: crate::time::format(e.time_ms),
            kind: e.kind,
            detail: serde_json::from_str(&e.body).unwrap_or(serde_json::Value::Null),
        }
    }
}
