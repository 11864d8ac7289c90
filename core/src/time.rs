//! Wall-clock helpers in Unix nanoseconds, the unit OTLP uses everywhere.

use std::time::{SystemTime, UNIX_EPOCH};

pub fn now_unix_nanos() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64)
}

/// Unix milliseconds, as the metadata store and alerting keep times.
pub fn now_unix_millis() -> i64 {
    i64::try_from(now_unix_nanos() / NANOS_PER_MILLI).unwrap_or(i64::MAX)
}

pub const NANOS_PER_MILLI: u64 = 1_000_000;
pub const NANOS_PER_SEC: u64 = 1_000_000_000;
