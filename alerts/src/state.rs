//! One evaluation's effect on a rule's alert instances, exactly as Prometheus computes it
//! (`rules/alerting.go`): a new label set goes `pending` at the evaluation time and `firing`
//! once it has held for `for`; a pending one whose condition clears is dropped unsent; a
//! firing one resolves when the condition clears, unless `keep_firing_for` holds it, which
//! the condition holding again clears. Pure, on the caller's clock, so tests need no sleeps.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Pending,
    Firing,
    Resolved,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Firing => "firing",
            Self::Resolved => "resolved",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "pending" => Self::Pending,
            "firing" => Self::Firing,
            "resolved" => Self::Resolved,
            _ => return None,
        })
    }
}

/// Where one instance stands. Times are Unix milliseconds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Instance {
    pub state: State,
    /// When the condition started to hold (Prometheus `ActiveAt`).
    #[serde(with = "crate::time::rfc3339")]
    #[schema(value_type = String)]
    pub starts_at: i64,
    #[serde(default, with = "crate::time::rfc3339_opt")]
    #[schema(value_type = Option<String>)]
    pub fired_at: Option<i64>,
    /// Since when `keep_firing_for` holds a firing alert whose condition cleared.
    #[serde(default, with = "crate::time::rfc3339_opt")]
    #[schema(value_type = Option<String>)]
    pub keep_firing_since: Option<i64>,
    #[serde(default, with = "crate::time::rfc3339_opt")]
    #[schema(value_type = Option<String>)]
    pub resolved_at: Option<i64>,
    /// The last value that held (null for no-data and error instances).
    pub value: Option<f64>,
}

/// What an evaluation did to an instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// A new label set holds.
    Pending,
    Firing,
    /// Still pending or firing; the value may have changed.
    Held,
    /// The condition cleared, and `keep_firing_for` keeps it firing.
    KeptFiring,
    Resolved,
    /// A pending instance whose condition cleared: never sent, forgotten.
    Dropped,
}

#[derive(Clone, Copy, Debug)]
pub struct Timing {
    pub for_ms: i64,
    pub keep_firing_for_ms: i64,
}

/// Advances every instance to evaluation time `now`. `active` holds the pending and firing
/// instances by fingerprint; `holding` the label sets whose condition holds now, with their
/// values. Returns each instance touched with its change, after the change; resolved and
/// dropped ones leave `active`.
pub fn step(
    active: &mut BTreeMap<String, Instance>,
    holding: &BTreeMap<String, Option<f64>>,
    now: i64,
    timing: Timing,
) -> Vec<(String, Instance, Change)> {
    let mut changes = Vec::new();
    for (fingerprint, value) in holding {
        match active.get_mut(fingerprint) {
            Some(instance) => {
                instance.value = *value;
                instance.keep_firing_since = None;
            }
            None => {
                let instance = Instance {
                    state: State::Pending,
                    starts_at: now,
                    fired_at: None,
                    keep_firing_since: None,
                    resolved_at: None,
                    value: *value,
                };
                active.insert(fingerprint.clone(), instance);
            }
        }
    }
    let fingerprints: Vec<String> = active.keys().cloned().collect();
    for fingerprint in fingerprints {
        let Some(instance) = active.get_mut(&fingerprint) else { continue };
        let is_new = instance.state == State::Pending && instance.starts_at == now;
        let change = if holding.contains_key(&fingerprint) {
            if instance.state == State::Pending && now - instance.starts_at >= timing.for_ms {
                instance.state = State::Firing;
                instance.fired_at = Some(now);
                Change::Firing
            } else if is_new {
                Change::Pending
            } else {
                Change::Held
            }
        } else if instance.state == State::Pending {
            Change::Dropped
        } else {
            let since = *instance.keep_firing_since.get_or_insert(now);
            if timing.keep_firing_for_ms > 0 && now - since < timing.keep_firing_for_ms {
                Change::KeptFiring
            } else {
                instance.state = State::Resolved;
                instance.resolved_at = Some(now);
                instance.keep_firing_since = None;
                Change::Resolved
            }
        };
        let after = instance.clone();
        if matches!(change, Change::Resolved | Change::Dropped) {
            active.remove(&fingerprint);
        }
        changes.push((fingerprint, after, change));
    }
    changes
}
