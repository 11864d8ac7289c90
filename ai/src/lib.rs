//! Ophion's AI engine: anomaly detection, log patterns, forecasts, root-cause analysis and
//! optimization tips, each finding explained with its evidence and none needing an LLM. It reads
//! telemetry only through `ophion_core::TelemetryQuery`.

pub mod detect;
pub mod eval;
pub mod patterns;
pub mod forecast;
pub mod insight;
pub mod rca;
pub mod tips;
