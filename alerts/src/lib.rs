//! Alerting: rules over spans, logs, metrics and the AI engine's insights, evaluated with
//! Prometheus' semantics (pending → firing → resolved, `for`, `keep_firing_for`) plus explicit
//! no-data and error outcomes; alerts from rules and from outside (Alertmanager's API), with
//! where people are with each. The HTTP routes live in `ophion-api`; this crate decides.

pub mod alert;
pub mod engine;
pub mod labels;
pub mod notify;
pub mod query;
pub mod rule;
pub mod state;
pub mod time;

pub use alert::{Alert, AlertEvent, Source, Status};
pub use engine::{Alerting, Evaluated, Health, Incoming};
pub use rule::RuleSpec;
pub use state::State;

#[cfg(test)]
mod tests;
