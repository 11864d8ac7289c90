//! The engine's settings (`ai.*` in the configuration file).

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::capacity::CapacityRule;

/// `ai.*` settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EngineConfig {
    /// Run the engine inside `ophion serve`.
    pub enabled: bool,
    /// How often the engine reads new data.
    #[serde(with = "humantime_serde")]
    pub interval: Duration,
    /// Width of one point of the analysed series.
    #[serde(with = "humantime_serde")]
    pub step: Duration,
    /// How long after a step ends it is read, so late data is counted.
    #[serde(with = "humantime_serde")]
    pub lag: Duration,
    /// History read when a series is first seen, to warm its detector (which raises nothing
    /// before about a day and a quarter of it).
    #[serde(with = "humantime_serde")]
    pub lookback: Duration,
    /// Series (RED signals of services and operations, metrics) analysed per tenant; more are
    /// left out, and said so. Each holds its detector's history (4,032 points by default,
    /// [`DetectorConfig::history`](crate::detect::DetectorConfig::history); ≈ 0.45 MB).
    pub max_series: usize,
    /// Log lines mined per tenant per tick (the newest, when more arrived).
    pub max_log_lines: usize,
    /// An error template this many lines in one step above its usual volume is a spike.
    pub log_spike_lines: u64,
    /// Spans sampled per tenant for optimization tips.
    pub tip_spans: usize,
    /// How often tips are recomputed ...
    #[serde(with = "humantime_serde")]
    pub tip_interval: Duration,
    /// ... over how much recent telemetry.
    #[serde(with = "humantime_serde")]
    pub tip_window: Duration,
    /// How far ahead capacity is forecast.
    #[serde(with = "humantime_serde")]
    pub capacity_horizon: Duration,
    /// Thresholds for capacity insights, beyond the built-in utilization rule.
    pub capacity: Vec<CapacityRule>,
    /// Insights kept per tenant (the oldest go first).
    pub max_insights: usize,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            interval: Duration::from_secs(60),
            step: Duration::from_secs(300),
            lag: Duration::from_secs(60),
            lookback: Duration::from_secs(2 * 86_400),
            max_series: 1000,
            max_log_lines: 20_000,
            log_spike_lines: 10,
            tip_spans: 5000,
            tip_interval: Duration::from_secs(600),
            tip_window: Duration::from_secs(600),
            capacity_horizon: Duration::from_secs(30 * 86_400),
            capacity: Vec::new(),
            max_insights: 10_000,
        }
    }
}
