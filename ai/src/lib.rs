//! Ophion's AI engine: anomaly detection, log patterns, forecasts, root-cause analysis and
//! optimization tips, each finding explained with its evidence and none needing an LLM. It reads
//! telemetry only through `ophion_core::TelemetryQuery`.

pub mod detect;
pub mod engine;
pub mod eval;
pub mod forecast;
pub mod insight;
pub mod patterns;
pub mod rca;
pub mod read;
pub mod tips;

pub use engine::{Engine, EngineConfig, Tenants};
pub use insight::{
    Insight, InsightCursor, InsightFilter, InsightKind, InsightPage, InsightStore, Severity,
};

#[cfg(test)]
mod fixtures;
